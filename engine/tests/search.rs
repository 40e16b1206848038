//! Finding the failure: random fault schedules break each wrong-way design within 500
//! schedules, shrunk to the fewest faults, and the failure replays from its link; the right way
//! survives 2,000 schedules of the same search. The scenarios (engine/tests/search/) carry no
//! fault of their own: the search must find one.

use engine::scenario;
use engine::search::{broken, Options, Search};
use std::process::Command;

fn base(name: &str) -> scenario::Scenario {
    let path = format!("{}/tests/search/{name}.scn", env!("CARGO_MANIFEST_DIR"));
    scenario::parse(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn each_wrong_way_design_is_broken_within_500_schedules_shrunk_and_replayable() {
    for (name, rule) in [
        ("lock-unfenced", "mutual-exclusion"),
        ("heartbeat-masters", "one-master"),
        ("master-worker-unfenced", "at-most-once"),
    ] {
        let s = base(name);
        assert_eq!(
            broken(&s).unwrap(),
            Vec::<String>::new(),
            "{name} holds with no fault"
        );
        let found = Search::new(s, Options::default())
            .run()
            .unwrap()
            .unwrap_or_else(|| panic!("{name}: no failure in 500 schedules"));
        assert!(
            found.broken.iter().any(|b| b == rule),
            "{name}: {:?}",
            found.broken
        );
        assert!(!found.faults.is_empty() && found.faults.len() <= found.unshrunk);
        // Shrunk: removing any one of its faults makes it hold again.
        for i in 0..found.faults.len() {
            let mut fewer = found.faults.clone();
            fewer.remove(i);
            let base = base(name);
            assert!(
                broken(&engine::search::with_faults(&base, &fewer))
                    .unwrap()
                    .is_empty(),
                "{name}: fault {i} was not needed"
            );
        }
        // The link replays it.
        let link = scenario::encode(&found.scenario);
        let back = scenario::decode(&link).unwrap();
        assert_eq!(
            broken(&back).unwrap(),
            found.broken,
            "{name}: the link replays the failure"
        );
    }
}

#[test]
fn the_right_way_survives_2000_schedules() {
    for name in ["lock-fenced", "zookeeper-masters", "master-worker-fenced"] {
        let opts = Options {
            schedules: 2000,
            ..Options::default()
        };
        let found = Search::new(base(name), opts).run().unwrap();
        assert!(found.is_none(), "{name} broke: {found:?}");
    }
}

#[test]
fn the_cli_prints_the_link_of_the_failure_or_exits_1() {
    let dir = format!("{}/tests/search", env!("CARGO_MANIFEST_DIR"));
    let run = |file: &str, extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_zooscope"))
            .arg("search")
            .arg(format!("{dir}/{file}"))
            .args(extra)
            .output()
            .unwrap()
    };
    let out = run(
        "heartbeat-masters.scn",
        &["--schedules", "500", "--faults", "partition,pause"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let link = String::from_utf8(out.stdout).unwrap();
    let s = scenario::decode(link.trim()).unwrap();
    assert!(broken(&s).unwrap().contains(&"one-master".to_string()));
    let none = run("zookeeper-masters.scn", &["--schedules", "50"]);
    assert_eq!(none.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&none.stderr).contains("no schedule of 50 broke anything"));
    let bad = run("zookeeper-masters.scn", &["--faults", "meteor"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn the_gallery_keeps_zookeepers_promises_and_the_stale_sync_read_is_flagged_as_allowed() {
    let dir = format!("{}/../scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "scn"))
        .collect();
    files.sort();
    for path in files {
        let s = scenario::parse(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut sim = engine::build(&s).unwrap();
        sim.run_until(s.run_until_us);
        let findings = engine::consistency::check(&sim.client_ops().to_vec());
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let violations: Vec<_> = findings.iter().filter(|f| !f.allowed).collect();
        assert!(violations.is_empty(), "{name}: {violations:?}");
        let allowed = findings.iter().any(|f| f.check == "sync-read");
        assert_eq!(
            allowed,
            name == "stale-sync-read.scn",
            "{name}: {findings:?}"
        );
    }
}

#[test]
fn without_its_own_faults_the_gallery_lock_holds_and_the_search_finds_the_pause() {
    let path = format!(
        "{}/../scenarios/paused-lock-unfenced.scn",
        env!("CARGO_MANIFEST_DIR")
    );
    let s = scenario::parse(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert!(!broken(&s).unwrap().is_empty(), "as written, it breaks");
    let bare = engine::search::without_faults(&s);
    assert!(bare.actions.len() < s.actions.len());
    assert_eq!(broken(&bare).unwrap(), Vec::<String>::new());
    let found = Search::new(bare, Options::default()).run().unwrap();
    assert!(found.is_some(), "the search puts a fault back in");
}
