//! Determinism across targets: every scenario in `tests/scenarios/` must give the same trace
//! hash, `--summary` object and client lines in the browser (wasm32, 32-bit `usize`) as natively.
//!
//! The native side is not typed in: `build.rs` runs each scenario with the host's build of the
//! engine when this crate is built, and `native_runs.rs` holds the results. In Chromium:
//! `CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown -p web --test
//! determinism`. Natively (`cargo test -p web`) the same tests run as plain `#[test]`s and check
//! that a test-time run still matches the build-time one.

use engine::scenario;
use engine::{report, Simulation};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// One scenario as `build.rs` ran it natively.
struct NativeRun {
    /// The file's name without `.scn`.
    name: &'static str,
    /// The scenario text, as it was when the build ran it.
    text: &'static str,
    trace_hash: &'static str,
    trace_len: u64,
    summary: &'static str,
    /// `report::client_lines`, joined with newlines.
    client_lines: &'static str,
}

const NATIVE: &[NativeRun] = include!(concat!(env!("OUT_DIR"), "/native_runs.rs"));

/// Build and run a scenario text with `seed` in place of its own, like `zooscope run`.
fn run(text: &str, seed: Option<u64>) -> Simulation {
    let mut s = scenario::parse(text).expect("scenario parses");
    if let Some(seed) = seed {
        s.seed = seed;
    }
    let mut sim = engine::build(&s).expect("scenario builds");
    sim.run_until(s.run_until_us);
    sim
}

/// Where two multi-line texts first differ, for a readable failure.
fn first_difference(native: &str, here: &str) -> String {
    let (mut a, mut b) = (native.lines(), here.lines());
    for n in 1.. {
        match (a.next(), b.next()) {
            (Some(x), Some(y)) if x == y => continue,
            (None, None) => break,
            (x, y) => return format!("line {n}:\n  native: {x:?}\n  here:   {y:?}"),
        }
    }
    "equal".into()
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn every_scenario_runs_here_exactly_as_natively() {
    assert!(NATIVE.len() >= 4, "build.rs ran {} scenarios", NATIVE.len());
    let mut mismatches = Vec::new();
    for r in NATIVE {
        let sim = run(r.text, None);
        let hash = sim.trace().hash_hex();
        if hash != r.trace_hash || sim.trace().len() != r.trace_len {
            mismatches.push(format!(
                "{}: trace_hash {} over {} events, natively {} over {}",
                r.name,
                hash,
                sim.trace().len(),
                r.trace_hash,
                r.trace_len
            ));
        }
        let summary = report::summary(&sim);
        if summary != r.summary {
            mismatches.push(format!(
                "{}: summary differs\n  native: {}\n  here:   {summary}",
                r.name, r.summary
            ));
        }
        let lines = report::client_lines(&sim).join("\n");
        if lines != r.client_lines {
            mismatches.push(format!(
                "{}: client lines differ at {}",
                r.name,
                first_difference(r.client_lines, &lines)
            ));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}

/// The comparison above can fail: the hash depends on the run, so another seed (the same
/// scenario otherwise) gives another hash here than the native run of the original.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn another_seed_gives_another_hash() {
    for r in NATIVE {
        let seed = scenario::parse(r.text).unwrap().seed;
        let other = run(r.text, Some(seed.wrapping_add(1)));
        assert_ne!(
            other.trace().hash_hex(),
            r.trace_hash,
            "{}: seeds {seed} and {} gave the same trace hash",
            r.name,
            seed.wrapping_add(1)
        );
    }
}

/// The scenarios exercise what they claim to, so that equal hashes mean something: a leader
/// change, client answers, watch events, an expired session, and no broken invariant.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_scenarios_do_something() {
    for r in NATIVE {
        assert!(
            r.summary.contains(r#""violations":[]"#),
            "{}: {}",
            r.name,
            r.summary
        );
        assert!(
            r.client_lines.lines().count() >= 3,
            "{}: {}",
            r.name,
            r.client_lines
        );
    }
    let events = |name: &str| {
        let r = NATIVE.iter().find(|r| r.name == name).unwrap();
        r.client_lines
    };
    assert!(events("watches_expiry").contains(r#""event":"NodeDeleted""#));
    assert!(events("partition_heal").contains(r#""state":"Expired""#));
    let leader_crash = NATIVE
        .iter()
        .find(|r| r.name == "leader_crash_writes")
        .unwrap();
    assert!(leader_crash.summary.contains(r#""epoch":2"#));
}
