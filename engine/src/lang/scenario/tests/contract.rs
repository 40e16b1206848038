//! Every form of docs/scenario-language.md parses as written, to what it says.

use crate::ids::ServerId;
use crate::lang::scenario::*;

fn one_action(setup: &str, line: &str) -> Action {
    let text = format!("{setup}\n{line}\n");
    let scenario = parse(&text).unwrap_or_else(|e| panic!("{line}: {e}"));
    assert_eq!(scenario.actions.len(), 1);
    scenario.actions[0].action.clone()
}

const SETUP: &str = "ensemble servers=5\nclient c1\nclient alice";

fn act(line: &str) -> Action {
    one_action(SETUP, line)
}

fn s(n: u8) -> ServerId {
    ServerId(n)
}

#[test]
fn empty_text_is_all_defaults() {
    let scenario = parse("").unwrap();
    assert_eq!(scenario, Scenario::default());
    assert_eq!(scenario.seed, 1);
    assert_eq!(scenario.ensemble.servers, 3);
    assert_eq!(scenario.ensemble.observers, 0);
    assert_eq!(scenario.ensemble.tick_ms, 2_000);
    assert_eq!(
        (scenario.ensemble.init_limit, scenario.ensemble.sync_limit),
        (10, 5)
    );
    assert_eq!(scenario.network.latency_min_us, 5_000);
    assert_eq!(scenario.network.latency_max_us, 15_000);
    assert_eq!(scenario.network.loss_ppm, 0);
    assert_eq!(scenario.run_until_us, 60_000_000);
}

#[test]
fn statement_lines() {
    let text = "\
# a comment line

seed 42
ensemble servers=5 observers=0 tick=2000ms init=10 sync=5
network latency=5ms..15ms loss=0%
client c1 connect=s2 timeout=10s
client alice
at 1.5s c1 create /a
at 250ms crash leader
run 30s
run 45s   # the last one wins
";
    let scenario = parse(text).unwrap();
    assert_eq!(scenario.seed, 42);
    assert_eq!(scenario.ensemble.servers, 5);
    assert_eq!(scenario.network.latency_max_us, 15_000);
    assert_eq!(
        scenario.clients,
        vec![
            ClientDecl {
                name: "c1".into(),
                connect: Some(s(2)),
                timeout_ms: 10_000
            },
            ClientDecl::new("alice"),
        ]
    );
    assert_eq!(scenario.actions[0].time_us, 1_500_000);
    assert_eq!(scenario.actions[1].time_us, 250_000);
    assert_eq!(scenario.run_until_us, 45_000_000);
}

#[test]
fn optional_parts_of_statements() {
    let scenario = parse("ensemble servers=5\nnetwork latency=5ms..15ms").unwrap();
    assert_eq!(
        scenario.ensemble,
        Ensemble {
            servers: 5,
            ..Ensemble::default()
        }
    );
    let scenario = parse("ensemble servers=3 observers=2 tick=500ms init=4 sync=2").unwrap();
    let e = &scenario.ensemble;
    assert_eq!(
        (
            e.servers,
            e.observers,
            e.tick_ms,
            e.init_limit,
            e.sync_limit
        ),
        (3, 2, 500, 4, 2)
    );
    assert!(e.is_observer(s(5)) && !e.is_observer(s(3)) && !e.contains(s(6)));
    let scenario = parse("network latency=1ms..2ms loss=0.5%").unwrap();
    assert_eq!(
        scenario.network,
        Network {
            latency_min_us: 1_000,
            latency_max_us: 2_000,
            loss_ppm: 5_000
        }
    );
    assert_eq!(
        parse("network latency=7ms").unwrap().network.latency_max_us,
        7_000
    );
    assert_eq!(
        parse("client bob timeout=4s").unwrap().clients[0].timeout_ms,
        4_000
    );
    // Observers are servers too: s4 exists in 3 voters + 1 observer.
    assert!(parse("ensemble servers=3 observers=1\nat 1s crash s4").is_ok());
}

#[test]
fn crash_and_restart() {
    assert_eq!(act("at 1s crash s3"), Action::Crash(Target::Server(s(3))));
    assert_eq!(act("at 1s crash leader"), Action::Crash(Target::Leader));
    assert_eq!(act("at 1s restart s5"), Action::Restart(s(5)));
}

#[test]
fn partitions() {
    let server = |n| Member::Server(s(n));
    assert_eq!(
        act("at 1s partition s1,s2 | s3,s4,s5"),
        Action::Partition(vec![
            vec![server(1), server(2)],
            vec![server(3), server(4), server(5)]
        ])
    );
    assert_eq!(
        act("at 1s partition s1,c1|s2 | s3,alice"),
        Action::Partition(vec![
            vec![server(1), Member::Client("c1".into())],
            vec![server(2)],
            vec![server(3), Member::Client("alice".into())],
        ])
    );
}

#[test]
fn links() {
    let (a, b) = (Member::Server(s(1)), Member::Server(s(2)));
    assert_eq!(
        act("at 1s cut s1->s2"),
        Action::Cut {
            from: a.clone(),
            to: b.clone(),
            both_ways: false
        }
    );
    assert_eq!(
        act("at 1s cut s1 <-> s2"),
        Action::Cut {
            from: a.clone(),
            to: b.clone(),
            both_ways: true
        }
    );
    assert_eq!(act("at 1s heal"), Action::Heal);
    assert_eq!(
        act("at 1s latency s1->s2 200ms"),
        Action::Latency {
            from: a.clone(),
            to: b.clone(),
            extra_us: 200_000,
            both_ways: false
        }
    );
    assert_eq!(
        act("at 1s latency s1<->s2 200ms"),
        Action::Latency {
            from: a,
            to: b,
            extra_us: 200_000,
            both_ways: true
        }
    );
    assert_eq!(
        act("at 1s cut c1->s4"),
        Action::Cut {
            from: Member::Client("c1".into()),
            to: Member::Server(s(4)),
            both_ways: false
        }
    );
}

#[test]
fn pause_and_drift() {
    assert_eq!(
        act("at 1s pause s2 for 5s"),
        Action::Pause {
            target: Subject::Server(Target::Server(s(2))),
            duration_us: 5_000_000
        }
    );
    assert_eq!(
        act("at 1s pause leader for 1.5s"),
        Action::Pause {
            target: Subject::Server(Target::Leader),
            duration_us: 1_500_000
        }
    );
    assert_eq!(
        act("at 1s pause alice for 250ms"),
        Action::Pause {
            target: Subject::Client("alice".into()),
            duration_us: 250_000
        }
    );
    assert_eq!(
        act("at 1s drift s1 +20%"),
        Action::Drift {
            target: Subject::Server(Target::Server(s(1))),
            drift_ppm: 200_000
        }
    );
    assert_eq!(
        act("at 1s drift leader -20%"),
        Action::Drift {
            target: Subject::Server(Target::Leader),
            drift_ppm: -200_000
        }
    );
    assert_eq!(
        act("at 1s drift c1 +0.5%"),
        Action::Drift {
            target: Subject::Client("c1".into()),
            drift_ppm: 5_000
        }
    );
}

#[test]
fn client_actions() {
    let command = |text: &str| Action::ClientCommand {
        client: "c1".into(),
        text: text.into(),
    };
    // Every zkCli form of conformance/FORMAT.md is kept as written.
    for text in [
        "create /a",
        "create -s -e /lock- hello",
        "create /a \"two  spaced #words\"",
        "create /a x#1",
        "get -w /a",
        "stat -w /a",
        "ls -w /",
        "set -v 3 /a data",
        "delete -v 0 /a",
        "sync /a",
        "multi create /a ; set -v 0 /a b ; delete /a ; check -v 1 /b",
        "set /a \"quote \\\" and \\\\ slash\"",
    ] {
        assert_eq!(act(&format!("at 2s c1 {text}")), command(text), "{text}");
    }
    assert_eq!(act("at 2s c1 create /a # a comment"), command("create /a"));
    assert_eq!(act("at 2s c1 close"), Action::ClientClose("c1".into()));
    assert_eq!(
        act("at 2s alice crash"),
        Action::ClientCrash("alice".into())
    );
    assert_eq!(
        act("at 2s alice runs lock /locks 3"),
        Action::Run {
            client: "alice".into(),
            program: "lock".into(),
            args: vec!["/locks".into(), "3".into()],
        }
    );
}

#[test]
fn clients_may_be_declared_after_use_and_windows_lines_parse() {
    let scenario = parse("at 1s bob create /x\r\nclient bob\r\n").unwrap();
    assert_eq!(scenario.clients[0].name, "bob");
    assert_eq!(
        scenario.actions[0].action,
        Action::ClientCommand {
            client: "bob".into(),
            text: "create /x".into()
        }
    );
}

#[test]
fn time_may_go_backwards_and_order_is_kept() {
    let scenario = parse("at 5s heal\nat 1s heal\nat 3s heal").unwrap();
    let times: Vec<u64> = scenario.actions.iter().map(|a| a.time_us).collect();
    assert_eq!(times, vec![5_000_000, 1_000_000, 3_000_000]);
}
