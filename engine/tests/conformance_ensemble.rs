//! Every conformance script (tests/conformance/*.zk, answers recorded from a real ZooKeeper)
//! gives the same answers, parsed as JSON line by line, when run through the whole replicated
//! pipeline on 1, 3 and 5 servers, with the clients on the leader and on a follower.

use engine::{run_script, Placement, ScriptOptions};
use std::path::Path;

fn parse(lines: &[String]) -> Vec<serde_json::Value> {
    lines
        .iter()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON {l}: {e}")))
        .collect()
}

#[test]
fn every_script_matches_real_zookeeper_on_1_3_5_servers_leader_and_follower() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "zk"))
        .collect();
    scripts.sort();
    assert!(scripts.len() >= 5);
    let mut failures = Vec::new();
    for script in &scripts {
        let text = std::fs::read_to_string(script).unwrap();
        let expected_text = std::fs::read_to_string(script.with_extension("expected")).unwrap();
        let expected: Vec<String> = expected_text.lines().map(str::to_string).collect();
        for (servers, placement) in [
            (1, Placement::Leader),
            (3, Placement::Leader),
            (3, Placement::Follower),
            (5, Placement::Leader),
            (5, Placement::Follower),
        ] {
            let opts = ScriptOptions {
                servers,
                placement,
                seed: 7,
            };
            let got = match run_script(&text, opts) {
                Ok(lines) => lines,
                Err(e) => {
                    failures.push(format!("{} {servers} {placement:?}: {e}", script.display()));
                    continue;
                }
            };
            if parse(&got) != parse(&expected) {
                let diff: Vec<String> = got
                    .iter()
                    .zip(expected.iter().chain(std::iter::repeat(&String::new())))
                    .filter(|(g, e)| {
                        serde_json::from_str::<serde_json::Value>(g).ok()
                            != serde_json::from_str(e).ok()
                    })
                    .take(3)
                    .map(|(g, e)| format!("  got      {g}\n  expected {e}"))
                    .collect();
                failures.push(format!(
                    "{} on {servers} servers, clients on the {placement:?} ({} vs {} lines):\n{}",
                    script.file_name().unwrap().to_string_lossy(),
                    got.len(),
                    expected.len(),
                    diff.join("\n")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
