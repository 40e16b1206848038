//! Script parsing, command mapping and answer formatting.

use super::*;
use crate::proto::{ClientOp as Action, Outcome, Read};
use crate::rng::Rng;
use crate::tree::{CreateMode, ErrorCode, Op, Reply, Request, Stat};
use crate::watches::{AddWatchMode, EventType, ReadKind, WatchEvent};

fn cmd(line: &str) -> Command {
    Command::parse_line(line).unwrap_or_else(|e| panic!("{line}: {e}"))
}

fn err(line: &str) -> ParseError {
    match Statement::parse_line(line) {
        Err(e) => e,
        Ok(s) => panic!("{line:?} parsed as {s:?}"),
    }
}

#[test]
fn statements() {
    assert_eq!(
        Statement::parse_line("open c1").unwrap(),
        Some(Statement::Open {
            client: "c1".into(),
            timeout_ms: DEFAULT_TIMEOUT_MS
        })
    );
    assert_eq!(
        Statement::parse_line("  open c2 timeout=4000 ").unwrap(),
        Some(Statement::Open {
            client: "c2".into(),
            timeout_ms: 4000
        })
    );
    assert_eq!(
        Statement::parse_line("close c1").unwrap(),
        Some(Statement::Close {
            client: "c1".into()
        })
    );
    assert_eq!(Statement::parse_line("# comment").unwrap(), None);
    assert_eq!(Statement::parse_line("   ").unwrap(), None);
    let s = Statement::parse_line(r#"c1 create /app/child "child data""#)
        .unwrap()
        .unwrap();
    assert_eq!(s.client(), "c1");
    assert_eq!(s.cmd_name(), "create");
    let script = Script::parse("# t\nopen a\n\na ls /\nclose a\n").unwrap();
    let lines: Vec<usize> = script.statements.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [2, 4, 5]);
}

#[test]
fn commands_and_their_actions() {
    assert_eq!(
        cmd("create -s -e /q/ x").action(),
        Action::Write(Request::create("/q/", "x", CreateMode::EphemeralSequential))
    );
    assert_eq!(
        cmd("create /a").action(),
        Action::Write(Request::create("/a", "", CreateMode::Persistent))
    );
    assert!(matches!(
        cmd("create -c /box"),
        Command::Create {
            mode: CreateMode::Container,
            ..
        }
    ));
    assert!(matches!(
        cmd("create -t 500 /t"),
        Command::Create {
            mode: CreateMode::PersistentWithTtl(500),
            ..
        }
    ));
    assert!(matches!(
        cmd("create -s -t 5 /t"),
        Command::Create {
            mode: CreateMode::PersistentSequentialWithTtl(5),
            ..
        }
    ));
    assert_eq!(
        cmd("get -w /a").action(),
        Action::Read(Read {
            kind: ReadKind::GetData,
            path: "/a".into(),
            watch: true
        })
    );
    assert_eq!(
        cmd("stat /a").action(),
        Action::Read(Read {
            kind: ReadKind::Exists,
            path: "/a".into(),
            watch: false
        })
    );
    assert_eq!(
        cmd("ls -w /").action(),
        Action::Read(Read {
            kind: ReadKind::GetChildren,
            path: "/".into(),
            watch: true
        })
    );
    assert_eq!(
        cmd("set -v 3 /a v").action(),
        Action::Write(Request::set_data("/a", "v", 3))
    );
    assert_eq!(
        cmd("set /a \"\"").action(),
        Action::Write(Request::set_data("/a", "", -1))
    );
    assert_eq!(
        cmd("delete -v -1 /a").action(),
        Action::Write(Request::delete("/a", -1))
    );
    assert_eq!(cmd("sync /").action(), Action::Sync("/".into()));
    assert_eq!(
        cmd("addWatch /a").action(),
        Action::AddWatch {
            path: "/a".into(),
            mode: AddWatchMode::PersistentRecursive
        }
    );
    assert_eq!(
        cmd("addWatch -m PERSISTENT /a").action(),
        Action::AddWatch {
            path: "/a".into(),
            mode: AddWatchMode::Persistent
        }
    );
    // Paths are sent as written: the server answers for invalid ones (invalid_paths.zk).
    assert_eq!(
        cmd("delete /a/").action(),
        Action::Write(Request::delete("/a/", -1))
    );
    assert_eq!(
        cmd("create relative x").action(),
        Action::Write(Request::create("relative", "x", CreateMode::Persistent))
    );
    assert_eq!(
        cmd("stat -w /a//b/..").action(),
        Action::Read(Read {
            kind: ReadKind::Exists,
            path: "/a//b/..".into(),
            watch: true
        })
    );
    assert_eq!(
        cmd("multi create -s /acct/seq- ; create -e /acct/eph x ; delete /acct/tx-1 ; set /acct 70 ; check -v 2 /acct ;").action(),
        Action::Write(Request::Multi(vec![
            Op::Create { path: "/acct/seq-".into(), data: vec![], mode: CreateMode::PersistentSequential },
            Op::Create { path: "/acct/eph".into(), data: b"x".to_vec(), mode: CreateMode::Ephemeral },
            Op::Delete { path: "/acct/tx-1".into(), version: -1 },
            Op::SetData { path: "/acct".into(), data: b"70".to_vec(), version: -1 },
            Op::Check { path: "/acct".into(), version: 2 },
        ]))
    );
    // A quoted ';' is data, not a separator.
    assert_eq!(
        cmd(r#"multi create /a ";""#),
        Command::Multi(vec![Op::Create {
            path: "/a".into(),
            data: b";".to_vec(),
            mode: CreateMode::Persistent
        }])
    );
    // Data that looks like a flag is data once the path has been seen.
    assert_eq!(
        cmd("create /a -e").action(),
        Action::Write(Request::create("/a", "-e", CreateMode::Persistent))
    );
}

#[test]
fn parse_errors_say_what_is_wrong() {
    assert_eq!(err("c1"), ParseError::MissingCommand("c1".into()));
    assert_eq!(err("c1 frob /a"), ParseError::UnknownCommand("frob".into()));
    assert_eq!(
        err("c1 get"),
        ParseError::MissingArgument {
            command: "get",
            what: "path"
        }
    );
    assert_eq!(
        err("c1 get /a /b"),
        ParseError::UnexpectedArgument {
            command: "get",
            arg: "/b".into()
        }
    );
    assert_eq!(
        err("c1 get -x /a"),
        ParseError::UnknownFlag {
            command: "get",
            flag: "-x".into()
        }
    );
    assert_eq!(
        err("c1 get -w -w /a"),
        ParseError::RepeatedFlag {
            command: "get",
            flag: "-w".into()
        }
    );
    assert_eq!(
        err("c1 set /a"),
        ParseError::MissingArgument {
            command: "set",
            what: "data"
        }
    );
    assert_eq!(
        err("c1 set -v"),
        ParseError::MissingArgument {
            command: "set",
            what: "flag value"
        }
    );
    assert!(matches!(
        err("c1 set -v x /a d"),
        ParseError::BadNumber {
            what: "version",
            ..
        }
    ));
    assert!(matches!(
        err("c1 set -v 99999999999 /a d"),
        ParseError::BadNumber { .. }
    ));
    assert!(matches!(
        err("c1 create -c -e /a"),
        ParseError::ConflictingFlags { .. }
    ));
    assert!(matches!(
        err("c1 create -e -t 5 /a"),
        ParseError::ConflictingFlags { .. }
    ));
    assert!(matches!(
        err("c1 create -t x /a"),
        ParseError::BadNumber { what: "TTL", .. }
    ));
    assert_eq!(
        err("c1 create /a x acl"),
        ParseError::UnexpectedArgument {
            command: "create",
            arg: "acl".into()
        }
    );
    assert_eq!(err("c1 get \"\""), ParseError::EmptyPath { command: "get" });
    assert_eq!(
        err("c1 multi create /a ; set '' x"),
        ParseError::EmptyPath { command: "set" }
    );
    assert_eq!(
        err("c1 addWatch -m ONCE /a"),
        ParseError::BadWatchMode("ONCE".into())
    );
    assert_eq!(err("c1 multi ; ;"), ParseError::EmptyMulti);
    assert_eq!(
        err("c1 multi get /a"),
        ParseError::UnknownMultiOp("get".into())
    );
    assert_eq!(
        err("c1 multi check /a"),
        ParseError::MissingArgument {
            command: "check",
            what: "-v VERSION"
        }
    );
    assert_eq!(err("c1 get \"/a"), ParseError::UnterminatedQuote('"'));
    assert_eq!(err("c/1 get /a"), ParseError::BadClientName("c/1".into()));
    assert_eq!(
        err("open"),
        ParseError::MissingArgument {
            command: "open",
            what: "client name"
        }
    );
    assert_eq!(
        err("open c1 fast"),
        ParseError::BadOpenOption("fast".into())
    );
    assert!(matches!(
        err("open c1 timeout=0"),
        ParseError::BadNumber {
            what: "timeout",
            ..
        }
    ));
    assert_eq!(
        err("close c1 now"),
        ParseError::UnexpectedArgument {
            command: "close",
            arg: "now".into()
        }
    );
    let e = Script::parse("open c1\nc1 bogus\n").unwrap_err();
    assert_eq!(e.line, 2);
    assert_eq!(e.to_string(), "line 2: unknown command \"bogus\" (expected create, get, stat, ls, set, delete, sync, addWatch or multi)");
}

/// No input makes the parser panic: random lines built from script-like fragments.
#[test]
fn parsing_never_panics() {
    let parts = [
        "open",
        "close",
        "c1",
        "create",
        "get",
        "stat",
        "ls",
        "set",
        "delete",
        "sync",
        "addWatch",
        "-m",
        "PERSISTENT",
        "multi",
        "check",
        ";",
        "-s",
        "-e",
        "-c",
        "-t",
        "-v",
        "-w",
        "-",
        "--",
        "/",
        "/a",
        "/a/",
        "//",
        "/.",
        "\"",
        "'",
        "\\",
        "\"x y\"",
        "timeout=",
        "timeout=5",
        "-1",
        "2147483648",
        "é",
        "😀",
        "\0",
        "\t",
        " ",
        "#",
        "=",
    ];
    let mut rng = Rng::new(7);
    for _ in 0..20_000 {
        let n = rng.range(0, 8);
        let mut line = String::new();
        for _ in 0..n {
            line.push_str(parts[rng.range(0, parts.len() as u64 - 1) as usize]);
            if rng.chance_ppm(600_000) {
                line.push(' ');
            }
        }
        let _ = Statement::parse_line(&line);
        let _ = Command::parse_line(&line);
    }
}

fn stat(czxid: u64, owner: u64) -> Stat {
    Stat {
        czxid,
        mzxid: (3 << 32) | 7,
        pzxid: czxid,
        ctime: 1,
        mtime: 2,
        version: 1,
        cversion: -1,
        aversion: 0,
        ephemeral_owner: owner,
        data_length: 2,
        num_children: 0,
    }
}

fn owner(s: u64) -> Option<String> {
    (s == 0x42).then(|| "c2".to_string())
}

fn json(s: &str) -> serde_json::Value {
    serde_json::from_str(s).unwrap()
}

#[test]
fn answer_lines() {
    let line = answer_json(
        "c1",
        "get",
        &Outcome::Data {
            data: b"hi".to_vec(),
            stat: stat(2, 0x42),
        },
        owner,
    );
    assert_eq!(
        line,
        r#"{"client":"c1","cmd":"get","data":"hi","stat":{"czxid":2,"mzxid":7,"pzxid":2,"version":1,"cversion":-1,"aversion":0,"ephemeralOwner":"c2","dataLength":2,"numChildren":0}}"#
    );
    assert_eq!(
        json(&answer_json("c1", "stat", &Outcome::Exists(None), owner)),
        json(r#"{"client":"c1","cmd":"stat","stat":null}"#)
    );
    let unknown_owner = answer_json("c1", "set", &Outcome::DataSet(stat(1, 0x77)), owner);
    assert_eq!(
        json(&unknown_owner)["stat"]["ephemeralOwner"],
        serde_json::Value::Null
    );
    assert_eq!(
        answer_json("c1", "open", &Outcome::Opened, owner),
        r#"{"client":"c1","cmd":"open"}"#
    );
    assert_eq!(
        answer_json(
            "c1",
            "ls",
            &Outcome::Children(vec!["a".into(), "b\"".into()]),
            owner
        ),
        r#"{"client":"c1","cmd":"ls","children":["a","b\""]}"#
    );
    assert_eq!(
        answer_json("c1", "delete", &Outcome::Error(ErrorCode::NotEmpty), owner),
        r#"{"client":"c1","cmd":"delete","error":"NOTEMPTY"}"#
    );
    let ok = Outcome::Multi(vec![
        Reply::Created {
            path: "/a".into(),
            stat: stat(1, 0),
        },
        Reply::Deleted,
        Reply::Checked,
    ]);
    assert_eq!(
        answer_json("c1", "multi", &ok, owner),
        r#"{"client":"c1","cmd":"multi","results":[{"op":"create","path":"/a"},{"op":"delete"},{"op":"check"}]}"#
    );
    let failed = Outcome::Multi(
        [
            ErrorCode::Ok,
            ErrorCode::BadVersion,
            ErrorCode::RuntimeInconsistency,
        ]
        .map(Reply::Error)
        .to_vec(),
    );
    assert_eq!(
        answer_json("c1", "multi", &failed, owner),
        r#"{"client":"c1","cmd":"multi","error":"BADVERSION","results":["OK","BADVERSION","RUNTIMEINCONSISTENCY"]}"#
    );
    let e = WatchEvent {
        kind: EventType::NodeChildrenChanged,
        path: "/m".into(),
    };
    assert_eq!(
        event_json("c1", &e),
        r#"{"client":"c1","event":"NodeChildrenChanged","path":"/m"}"#
    );
}

/// Every operation prints as the zkCli command that asks for it: parsing the printed text gives
/// the same operation back (what makes a trace line re-readable as a scenario action).
#[test]
fn operations_print_as_the_commands_that_ask_for_them() {
    let lines = [
        "create /a",
        "create -e /a x",
        "create -s -e /q/ \"two words\"",
        "create -c /c",
        "create -t 500 /t v",
        "create -s -t 9 /t/ v",
        "set /a v",
        "set -v 3 /a \"\"",
        "delete /a",
        "delete -v 2 /a",
        "get -w /a",
        "stat /a",
        "ls -w /",
        "sync /",
        "addWatch /a",
        "addWatch -m PERSISTENT /a",
        "multi create /a x ; set -v 1 /b y ; delete /c ; check -v 0 /d",
        "create /a \"x;y\"",
        "set /a \"-1\"",
        "create /a \"#x\"",
        "create /a 'q\"uo\\te'",
        "create /-dash x",
    ];
    for line in lines {
        let op = Command::parse_line(line).unwrap().action();
        let printed = op.to_string();
        let again = Command::parse_line(&printed).map(|c| c.action());
        assert_eq!(again, Ok(op), "{line} printed as {printed}");
    }
    // Random data, with every character a word can hold.
    let alphabet: Vec<char> = " \t\"'\\;#-/ax\u{e9}\u{4e2d}\u{a0}".chars().collect();
    let mut rng = Rng::new(7);
    for _ in 0..2_000 {
        let len = rng.range(0, 8) as usize;
        let data: String = (0..len)
            .map(|_| alphabet[rng.range(0, alphabet.len() as u64 - 1) as usize])
            .collect();
        let op = Action::Write(Request::set_data("/a", data.as_bytes(), -1));
        let printed = op.to_string();
        let again = Command::parse_line(&printed).map(|c| c.action());
        assert_eq!(again, Ok(op), "{data:?} printed as {printed}");
    }
}
