//! The project's additions to the language (docs/scenarios.md): loss, and tampering with one
//! message in flight.

use crate::lang::scenario::{parse, print, Action};

fn act(text: &str) -> Result<Action, String> {
    parse(&format!("client c1\n{text}"))
        .map(|s| s.actions[0].action.clone())
        .map_err(|e| e.to_string())
}

#[test]
fn loss_drop_and_delay_parse_and_print_back() {
    assert_eq!(act("at 1s loss 5%"), Ok(Action::Loss { ppm: 50_000 }));
    assert_eq!(act("at 1s drop message 42"), Ok(Action::DropMessage(42)));
    assert_eq!(
        act("at 1s delay message 7 by 300ms"),
        Ok(Action::DelayMessage {
            id: 7,
            by_us: 300_000
        })
    );
    let text = "at 1s loss 5%\nat 2s drop message 42\nat 3s delay message 7 by 0.3s\n";
    let printed = print(&parse(text).unwrap());
    for line in text.lines() {
        assert!(printed.contains(line), "{printed}");
    }
}

#[test]
fn bad_forms_say_how_to_write_them() {
    let cases = [
        ("at 1s loss", "write: loss 5%"),
        ("at 1s loss 150%", "from 0% to 100%"),
        ("at 1s drop 42", "write: drop message N"),
        ("at 1s drop message x", "positive whole number"),
        ("at 1s drop message 0", "positive whole number"),
        (
            "at 1s delay message 3",
            "write: delay message N by DURATION",
        ),
        ("at 1s delay message 3 by forever", "delay"),
    ];
    for (line, needle) in cases {
        let err = act(line).unwrap_err();
        assert!(err.contains(needle), "{line}: {err}");
    }
}

#[test]
fn a_client_named_like_a_new_action_keeps_its_meaning() {
    let s = parse("client drop\nat 1s drop create /a").unwrap();
    assert_eq!(
        s.actions[0].action,
        Action::ClientCommand {
            client: "drop".into(),
            text: "create /a".into()
        }
    );
}
