//! Data-driven trace tests (in the style of etcd-io/raft's `testdata`).
//!
//! Each `tests/testdata/*.txt` file is a scenario (the scenario language), then a line `----`,
//! then the expected trace excerpt: the lines of the run whose category is one of [`SHOWN`]
//! (role changes, Zab protocol notes, injected faults, client answers, violations), formatted
//! with `TraceLine`'s `Display`. The test runs each scenario and compares.
//!
//! With `UPDATE_TRACES=1` the expected part of every file is rewritten from the run instead
//! (then read the diff: it must still show what the file's comment claims). With
//! `TRACE_DUMP=name` the whole trace of the file `name.txt` is printed, every category.

use engine::build;
use engine::scenario;
use engine::Category;
use std::path::{Path, PathBuf};

/// The categories an excerpt keeps: what a reader follows, not every message.
const SHOWN: [Category; 5] = [
    Category::Role,
    Category::Protocol,
    Category::Fault,
    Category::Client,
    Category::Violation,
];

const SEPARATOR: &str = "----";

fn testdata() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata")
}

/// Run a scenario text and return its excerpt (one line per kept trace line, each ending in a
/// newline).
fn excerpt(name: &str, text: &str) -> String {
    let s = scenario::parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut sim = build(&s).unwrap_or_else(|e| panic!("{name}: {e}"));
    sim.run_until(s.run_until_us);
    if std::env::var("TRACE_DUMP").is_ok_and(|d| d == name) {
        for l in sim.trace().lines() {
            println!("{l}");
        }
    }
    let mut out = String::new();
    for l in sim.trace().lines().filter(|l| SHOWN.contains(&l.category)) {
        out.push_str(&l.to_string());
        out.push('\n');
    }
    out
}

/// Split a file into its scenario and its expected excerpt.
fn split(name: &str, content: &str) -> (String, String) {
    let mut scenario = String::new();
    let mut lines = content.split_inclusive('\n');
    for l in lines.by_ref() {
        if l.trim_end() == SEPARATOR {
            return (scenario, lines.collect());
        }
        scenario.push_str(l);
    }
    panic!("{name}: no `{SEPARATOR}` line");
}

#[test]
fn trace_files() {
    let update = std::env::var("UPDATE_TRACES").is_ok_and(|v| v == "1");
    let mut files: Vec<PathBuf> = std::fs::read_dir(testdata())
        .expect("tests/testdata")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut failures = Vec::new();
    for path in &files {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let content = std::fs::read_to_string(path).unwrap();
        let (text, expected) = split(&name, &content);
        let got = excerpt(&name, &text);
        if update {
            if got != expected {
                std::fs::write(path, format!("{text}{SEPARATOR}\n{got}")).unwrap();
                println!("rewrote {}", path.display());
            }
        } else if got != expected {
            failures.push(format!(
                "{name}: trace differs (rerun with UPDATE_TRACES=1 and review the diff)\n\
                 --- expected\n{expected}--- got\n{got}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(files.len() >= 6, "expected at least 6 trace files");
}

/// The trace reads like the scenario that made it: every action a gallery scenario injects
/// appears in its trace as an `at TIME ACTION` line that the scenario language reads back to
/// the same action.
#[test]
fn injected_actions_read_in_the_trace_as_in_the_scenario() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("scenarios/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "scn"))
        .collect();
    files.sort();
    // A client command compares by the operation it asks for (the trace writes it canonically).
    let normal = |a: &scenario::Action| match a {
        scenario::Action::ClientCommand { client, text } => {
            let op = engine::zkcli::Command::parse_line(text).map(|c| c.action().to_string());
            format!("{client} {op:?}")
        }
        other => format!("{other:?}"),
    };
    let mut checked = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let s = scenario::parse(&text).unwrap();
        let mut sim = engine::build(&s).unwrap();
        sim.run_until(s.run_until_us);
        let mut header = s.clone();
        header.actions.clear();
        let lines: String = sim
            .trace()
            .lines()
            .filter(|l| l.category == Category::Fault)
            .map(|l| format!("{l}\n"))
            .collect();
        let read = scenario::parse(&(scenario::print(&header) + &lines)).unwrap_or_else(|e| {
            panic!(
                "{}: the trace's actions do not read back: {e}\n{lines}",
                path.display()
            )
        });
        let want: Vec<(u64, String)> = s
            .actions
            .iter()
            .map(|a| (a.time_us, normal(&a.action)))
            .collect();
        let got: Vec<(u64, String)> = read
            .actions
            .iter()
            .map(|a| (a.time_us, normal(&a.action)))
            .collect();
        for w in &want {
            assert!(
                got.contains(w),
                "{}: {w:?} is not in the trace:\n{lines}",
                path.display()
            );
        }
        checked += want.len();
    }
    assert!(checked > 50, "only {checked} actions checked");
}
