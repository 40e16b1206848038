//! Native = Wasm at scale: 1,000 generated scenarios — each gallery scenario (its ensemble,
//! clients and recipe programs) without its own faults, under another seed, with a random
//! schedule of faults (crashes, partitions, pauses, drift, loss) from the failure search's
//! generator, cut to 8 s — give the same trace hash, trace length and client lines in Chromium
//! as natively.
//!
//! The native results are in `generated_runs.txt` (one line a scenario: number, trace hash,
//! trace length, a hash of the client lines). Natively, `cargo test -p web --test generated`
//! checks the file is what the engine gives here (`REWRITE=1` rewrites it; read the diff: any
//! change means runs changed); in Chromium the same test checks the browser gives the same.

use engine::{scenario, search};
use web::components::dialogs::gallery::FILES;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

/// How many scenarios.
const COUNT: usize = 1000;

/// The native results, as committed.
const EXPECTED: &str = include_str!("generated_runs.txt");

/// Scenario `k`.
fn generated(k: usize) -> scenario::Scenario {
    let base = FILES[k % FILES.len()];
    let written = scenario::parse(base.text).expect("gallery scenarios parse");
    let mut s = search::without_faults(&written);
    s.run_until_us = s.run_until_us.min(engine::secs(8));
    s.seed = k as u64 + 1;
    let opts = search::Options {
        seed: 99,
        ..search::Options::default()
    };
    let faults = search::schedule(&s, &opts, k);
    search::with_faults(&s, &faults)
}

/// FNV-1a of a text.
fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Scenario `k`'s line: `k trace-hash trace-length client-lines-hash`.
fn line(k: usize) -> String {
    let s = generated(k);
    let mut sim = engine::build(&s).expect("a generated scenario builds");
    sim.run_until(s.run_until_us);
    let lines = engine::report::client_lines(&sim).join("\n");
    format!(
        "{k} {} {} {:016x}",
        sim.trace().hash_hex(),
        sim.trace().len(),
        fnv(&lines)
    )
}

#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn a_thousand_generated_scenarios_run_here_exactly_as_natively() {
    let here: Vec<String> = (0..COUNT).map(line).collect();
    #[cfg(not(target_arch = "wasm32"))]
    if std::env::var_os("REWRITE").is_some() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/generated_runs.txt");
        std::fs::write(path, here.join("\n") + "\n").unwrap();
        return;
    }
    let expected: Vec<&str> = EXPECTED.lines().collect();
    assert_eq!(
        expected.len(),
        COUNT,
        "generated_runs.txt has {} lines",
        expected.len()
    );
    let differ: Vec<String> = here
        .iter()
        .zip(&expected)
        .filter(|(h, e)| h != e)
        .map(|(h, e)| format!("here {h}, natively {e}"))
        .take(10)
        .collect();
    assert!(differ.is_empty(), "{}", differ.join("\n"));
}

/// The generated scenarios are varied: they differ from each other, and faults are in most.
#[cfg_attr(target_arch = "wasm32", wasm_bindgen_test)]
#[cfg_attr(not(target_arch = "wasm32"), test)]
fn the_generated_scenarios_are_varied() {
    let hashes: std::collections::BTreeSet<&str> = EXPECTED
        .lines()
        .filter_map(|l| l.split(' ').nth(1))
        .collect();
    assert!(
        hashes.len() > COUNT * 9 / 10,
        "{} distinct runs",
        hashes.len()
    );
    let with_faults = (0..100)
        .filter(|&k| {
            generated(k).actions.len() > search::without_faults(&generated(k)).actions.len()
        })
        .count();
    assert!(with_faults > 90, "{with_faults} of 100 have faults");
}
