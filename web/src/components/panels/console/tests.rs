//! Tests of the console: what the transcript shows, and whose each line is.

use super::*;
use crate::state::State;
use engine::watches::{EventType, WatchEvent};
use engine::{ms, secs};
#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[test]
fn prechecks_use_the_engines_parser() {
    assert_eq!(precheck("  "), Precheck::Empty);
    assert_eq!(precheck("help"), Precheck::Help);
    assert_eq!(
        precheck(" create /a x "),
        Precheck::Send("create /a x".into())
    );
    assert_eq!(precheck("close"), Precheck::Send("close".into()));
    assert!(matches!(precheck("frobnicate /a"), Precheck::Error(e) if e.contains("frobnicate")));
    assert!(matches!(precheck("get"), Precheck::Error(_)));
    assert!(matches!(precheck("create -q /a"), Precheck::Error(_)));
}

#[test]
fn history_goes_up_and_back_down_to_a_fresh_line() {
    let h: Vec<String> = ["ls /", "get /a", "set /a b"].map(String::from).to_vec();
    let (p, t) = history_step(&h, None, true);
    assert_eq!((p, t.as_str()), (Some(2), "set /a b"));
    let (p, t) = history_step(&h, p, true);
    assert_eq!((p, t.as_str()), (Some(1), "get /a"));
    let (p, _) = history_step(&h, Some(0), true);
    assert_eq!(p, Some(0), "stays at the oldest");
    let (p, t) = history_step(&h, Some(1), false);
    assert_eq!((p, t.as_str()), (Some(2), "set /a b"));
    let (p, t) = history_step(&h, p, false);
    assert_eq!((p, t.as_str()), (None, ""));
    assert_eq!(history_step(&[], None, true), (None, String::new()));
}

#[test]
fn heard_lines_read_like_zkcli() {
    let answer = |outcome| ClientEvent::Answer { tag: 1, outcome };
    assert_eq!(
        heard_text(&answer(Outcome::Created("/a".into()))),
        "Created /a"
    );
    assert_eq!(
        heard_text(&answer(Outcome::Children(vec!["a".into(), "b".into()]))),
        "[a, b]"
    );
    assert_eq!(
        heard_text(&answer(Outcome::Error(ErrorCode::NoNode))),
        "NONODE: Node does not exist"
    );
    assert_eq!(
        heard_text(&ClientEvent::Watch(WatchEvent {
            kind: EventType::NodeDataChanged,
            path: "/a".into()
        })),
        "WATCHER:: WatchedEvent state:SyncConnected type:NodeDataChanged path:/a"
    );
    assert_eq!(
        heard_text(&ClientEvent::Session(SessionEvent::Expired)),
        "WATCHER:: WatchedEvent state:Expired type:None path:null"
    );
    let failed = Outcome::Multi(vec![
        Reply::Error(ErrorCode::Ok),
        Reply::Error(ErrorCode::BadVersion),
    ]);
    assert_eq!(
        heard_text(&answer(failed)),
        "multi failed, nothing done: BADVERSION [OK, BADVERSION]"
    );
}

const PLAIN: &str = "seed 1\nensemble servers=3\nclient alice\nclient bob\nrun 30s\n";

fn console_of(s: &State, name: &str) -> (Vec<Line>, Vec<String>, Vec<(Micros, String)>) {
    transcript(
        &s.scenario(),
        &s.run().client_detail(name).unwrap(),
        s.now(),
    )
}

#[test]
fn a_typed_command_waits_then_its_answer_follows_it() {
    let s = State::open(PLAIN, None)
        .unwrap()
        .reduce(Action::Seek(secs(2)))
        .reduce(Action::Console {
            client: "alice".into(),
            text: "create /demo hello".into(),
        });
    let (lines, waiting, _) = console_of(&s, "alice");
    assert_eq!(lines.len(), 1);
    assert_eq!(
        (lines[0].kind, lines[0].text.as_str()),
        (LineKind::Command, "create /demo hello")
    );
    assert_eq!(waiting, ["create /demo hello"]);
    let s = s.reduce(Action::Advance(ms(200)));
    let (lines, waiting, _) = console_of(&s, "alice");
    assert!(waiting.is_empty(), "{lines:?}");
    assert_eq!(lines[1].kind, LineKind::Answer);
    assert_eq!(lines[1].text, "Created /demo");
    assert_eq!(
        lines[1].json.as_deref(),
        Some(r#"{"client":"alice","cmd":"create","path":"/demo"}"#)
    );
    // bob watches, alice changes: bob hears the event after his own answer.
    let s = s
        .reduce(Action::Console {
            client: "bob".into(),
            text: "get -w /demo".into(),
        })
        .reduce(Action::Advance(ms(200)))
        .reduce(Action::Console {
            client: "alice".into(),
            text: "set /demo again".into(),
        })
        .reduce(Action::Advance(ms(300)));
    let (lines, waiting, _) = console_of(&s, "bob");
    assert!(waiting.is_empty());
    let kinds: Vec<LineKind> = lines.iter().map(|l| l.kind).collect();
    assert_eq!(
        kinds,
        [LineKind::Command, LineKind::Answer, LineKind::Event],
        "{lines:?}"
    );
    assert!(lines[1].text.starts_with("hello"), "{}", lines[1].text);
    assert!(lines[2].text.ends_with("type:NodeDataChanged path:/demo"));
    assert!(lines.iter().all(|l| l.mine));
    // Seek back before alice typed: the command is scheduled, not yet issued.
    let s = s.reduce(Action::Seek(secs(1)));
    let (lines, waiting, later) = console_of(&s, "alice");
    assert!(lines.is_empty() && waiting.is_empty());
    assert_eq!(later[0], (secs(2), "create /demo hello".to_string()));
}

#[test]
fn a_programs_traffic_is_told_apart_from_the_users() {
    let s = State::default()
        .reduce(Action::Seek(secs(3)))
        .reduce(Action::Console {
            client: "alice".into(),
            text: "create /demo hello".into(),
        })
        .reduce(Action::Advance(secs(3)));
    let (lines, waiting, _) = console_of(&s, "alice");
    assert!(waiting.is_empty());
    let mine: Vec<&Line> = lines
        .iter()
        .filter(|l| l.mine && l.kind == LineKind::Answer)
        .collect();
    assert_eq!(mine.len(), 1, "{lines:?}");
    assert_eq!(mine[0].text, "Created /demo");
    assert!(lines.iter().any(|l| !l.mine), "the lock program talks too");
}

#[test]
fn the_users_ls_is_not_confused_with_the_programs_ls() {
    // alice's lock program lists /lock whenever it is woken; she lists it herself at two
    // instants where the program's own ls answer arrives between her command and its
    // answer (a console matching answers by command name took the program's for hers).
    let s = State::default()
        .reduce(Action::Seek(ms(3230)))
        .reduce(Action::Console {
            client: "alice".into(),
            text: "ls /lock".into(),
        })
        .reduce(Action::Seek(ms(5840)))
        .reduce(Action::Console {
            client: "alice".into(),
            text: "ls /lock".into(),
        })
        .reduce(Action::Advance(secs(1)));
    let (lines, waiting, _) = console_of(&s, "alice");
    assert!(waiting.is_empty());
    let heard = s.run().client_detail("alice").unwrap().heard;
    let answers: Vec<&Line> = lines
        .iter()
        .filter(|l| l.kind == LineKind::Answer)
        .collect();
    let mine = answers.iter().filter(|l| l.mine).count();
    assert_eq!(mine, 2, "{answers:?}");
    // The same answers, each marked the user's exactly when it is not the program's
    // (two answers may share an instant and a text: compare them as sorted lists).
    let mut shown: Vec<(Micros, Option<String>, bool)> = answers
        .iter()
        .map(|l| (l.time, l.json.clone(), l.mine))
        .collect();
    let mut truth: Vec<(Micros, Option<String>, bool)> = heard
        .iter()
        .filter(|h| h.time >= ms(3230) && matches!(h.event, ClientEvent::Answer { .. }))
        .map(|h| (h.time, Some(h.json.clone()), !h.program))
        .collect();
    shown.sort();
    truth.sort();
    assert_eq!(shown, truth);
    assert!(answers.iter().any(|l| !l.mine && l.cmd == Some("ls")));
}
