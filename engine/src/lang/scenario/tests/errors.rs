//! Refused scenarios: the right line, a message that says what is wrong.

use crate::lang::scenario::*;

/// Parses `text`, expecting a refusal at `line` whose message contains `needle`.
#[track_caller]
fn refused(text: &str, line: usize, needle: &str) {
    match parse(text) {
        Ok(_) => panic!("accepted: {text:?}"),
        Err(e) => {
            assert_eq!(e.line, line, "{text:?}: {e}");
            assert!(
                e.message.contains(needle),
                "{text:?}: {e} (wanted {needle:?})"
            );
            assert!(!e.to_string().contains('\n'), "one line: {e}");
        }
    }
}

#[test]
fn statements() {
    refused(
        "seed 1\n\nfrobnicate now",
        3,
        "unknown statement 'frobnicate'",
    );
    refused("crash s1", 1, "'crash' is an action");
    refused(
        "seed -1",
        1,
        "seed must be a whole number from 0 to 18446744073709551615",
    );
    refused("seed 18446744073709551616", 1, "seed");
    refused("seed 99999999999999999999999999999999999", 1, "seed");
    refused("seed", 1, "seed");
    refused(
        "seed 1\nseed 2",
        2,
        "a second seed line (the first is line 1)",
    );
    refused(
        "ensemble servers=3\n# x\nensemble servers=5",
        3,
        "a second ensemble line",
    );
    refused(
        "network loss=1%\nnetwork loss=2%",
        2,
        "a second network line",
    );
    refused("run -5s", 1, "negative time '-5s'");
    refused("run", 1, "expected a run");
    refused("run 2h", 1, "malformed duration '2h'");
    refused("run 3601s", 1, "too long (at most 3600s)");
}

#[test]
fn ensemble_and_network() {
    refused(
        "ensemble servers=10",
        1,
        "servers must be a whole number from 1 to 9",
    );
    refused("ensemble servers=0", 1, "from 1 to 9");
    refused(
        "ensemble observers=5",
        1,
        "observers must be a whole number from 0 to 4",
    );
    refused(
        "ensemble tick=1.5ms",
        1,
        "tick must be a whole number of milliseconds",
    );
    refused("ensemble tick=0ms", 1, "tick must be from 1ms to 60000ms");
    refused("ensemble tick=2000", 1, "malformed duration '2000'");
    refused("ensemble sync=0", 1, "sync must be");
    refused("ensemble init=1001", 1, "init must be");
    refused("ensemble voters=3", 1, "unknown option 'voters'");
    refused("ensemble servers=3 servers=5", 1, "servers= given twice");
    refused("ensemble servers", 1, "expected key=value");
    refused("network latency=15ms..5ms", 1, "ends before it starts");
    refused("network latency=5ms..", 1, "malformed duration ''");
    refused(
        "network loss=101%",
        1,
        "loss must be a percentage from 0% to 100%",
    );
    refused("network loss=-1%", 1, "loss must be");
    refused("network loss=1", 1, "loss must be");
}

#[test]
fn clients() {
    refused("client", 1, "write: client NAME");
    refused("client c1\n\nclient c1", 3, "client c1 is declared twice");
    refused("client s1", 1, "sK names a server");
    refused("client leader", 1, "keyword");
    refused("client 9lives", 1, "bad client name");
    refused(
        "client c1 connect=s4",
        1,
        "unknown server s4 (the ensemble has s1..s3)",
    );
    refused(
        "client c1 connect=s4\nensemble servers=5\nclient c2 connect=s6",
        3,
        "unknown server s6",
    );
    refused("client c1 timeout=0s", 1, "timeout must be from 1ms");
    refused(
        "client c1 timeout=1.0005s",
        1,
        "whole number of milliseconds",
    );
    let many: String = (0..=MAX_CLIENTS)
        .map(|i| format!("client c{i}\n"))
        .collect();
    refused(&many, MAX_CLIENTS + 1, "too many clients (at most 64)");
}

#[test]
fn actions() {
    let head = "ensemble servers=5\nclient c1\n";
    let at = |line: &str| format!("{head}{line}");
    refused(
        &at("at 1s crash s9"),
        3,
        "unknown server s9 (the ensemble has s1..s5)",
    );
    refused(
        "ensemble servers=1\nat 1s crash s2",
        2,
        "the ensemble has only s1",
    );
    refused(&at("at 1s crash s0"), 3, "unknown server s0");
    refused(
        &at("at 1s crash s99999999999999999999"),
        3,
        "unknown server",
    );
    refused(
        &at("at 1s crash c1"),
        3,
        "to crash client c1 write: at TIME c1 crash",
    );
    refused(&at("at 1s crash"), 3, "crash takes one server");
    refused(&at("at 1s crash s1 s2"), 3, "crash takes one server");
    refused(&at("at 1s restart leader"), 3, "expected a server");
    refused(&at("at -1s heal"), 3, "negative time '-1s'");
    refused(&at("at 1x heal"), 3, "malformed duration '1x'");
    refused(&at("at heal"), 3, "malformed duration 'heal'");
    refused(&at("at 1s"), 3, "expected an action");
    refused(&at("at 1s heal now"), 3, "heal takes nothing");
    refused(
        &at("at 1s bob create /a"),
        3,
        "unknown action or client 'bob'",
    );
    refused(&at("at 1s s1 create /a"), 3, "'s1' is a server");
    refused(&at("at 1s c1"), 3, "client c1 needs a command");
    refused(&at("at 1s c1 close now"), 3, "c1 close takes nothing");
    refused(&at("at 1s c1 runs"), 3, "write: c1 runs PROGRAM");
    refused(&at("at 1s c1 runs 9x"), 3, "bad program name");
    refused(&at("at 1s partition s1,s2"), 3, "at least two sides");
    refused(
        &at("at 1s partition s1,,s2 | s3"),
        3,
        "empty partition side",
    );
    refused(&at("at 1s partition s1 | "), 3, "empty partition side");
    refused(&at("at 1s partition s1 s2 | s3"), 3, "missing ',' or '|'");
    refused(&at("at 1s partition s1,s2 | s01"), 3, "s01 is named twice");
    refused(
        &at("at 1s partition s1 | bob"),
        3,
        "unknown server or client 'bob'",
    );
    refused(&at("at 1s cut s1"), 3, "expected a link");
    refused(&at("at 1s cut s1->s1"), 3, "two different ends");
    refused(&at("at 1s cut s1->s2->s3"), 3, "expected a link");
    refused(&at("at 1s latency s1->s2"), 3, "write: latency");
    refused(&at("at 1s latency 5ms"), 3, "write: latency");
    refused(
        &at("at 1s pause s1 5s"),
        3,
        "write: pause TARGET for DURATION",
    );
    refused(&at("at 1s pause s1 for -5s"), 3, "pause can't be negative");
    refused(
        &at("at 1s pause bob for 5s"),
        3,
        "unknown server or client 'bob'",
    );
    refused(&at("at 1s drift s1 +1000%"), 3, "from -90% to +900%");
    refused(&at("at 1s drift s1 -90.5%"), 3, "from -90% to +900%");
    refused(&at("at 1s drift s1 fast"), 3, "drift must be a percentage");
    refused(&at("at 1s drift s1"), 3, "write: drift TARGET");
    refused(
        &at("at 1s latency s1->s2 1.0000001s"),
        3,
        "finer than a microsecond",
    );
    let many: String = (0..=MAX_ACTIONS).map(|_| "at 0s heal\n").collect();
    refused(&many, MAX_ACTIONS + 1, "too many actions (at most 10000)");
}

#[test]
fn declarations_are_checked_before_actions() {
    // The ensemble on line 3 is read before the action on line 1, so s5 is known.
    assert!(parse("at 1s crash s5\n\nensemble servers=5").is_ok());
    refused("at 1s crash s5\nensemble servers=99", 2, "servers must be");
}

#[test]
fn whole_scenario_errors_have_no_line() {
    let long = "x".repeat(600);
    let text: String = format!(
        "client c1\n{}",
        format!("at 0s c1 create /{long}\n").repeat(2_000)
    );
    let e = parse(&text).unwrap_err();
    assert_eq!(e.line, 0);
    assert!(e.to_string().starts_with("scenario too large"), "{e}");
}
