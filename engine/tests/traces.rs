//! The trace reads like the scenario that made it.

use engine::scenario;
use engine::Category;
use std::path::{Path, PathBuf};

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
