//! The web app reads the engine through snapshots only: no code under `web/src` names the
//! simulation or reaches for it through a run (`.sim()`). (The engine's modules are private,
//! so everything the app names is the engine's public API.)

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `line` without its comment and its string literals (UI text may say "Simulation").
fn code_of(line: &str) -> String {
    let code = line.split("//").next().unwrap_or("");
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in code.chars() {
        match (in_string, c) {
            (true, _) if escaped => escaped = false,
            (true, '\\') => escaped = true,
            (_, '"') => in_string = !in_string,
            (false, c) => out.push(c),
            (true, _) => {}
        }
    }
    out
}

/// The lines of `text` whose code reaches into the simulation.
fn reaches_in(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| {
            let code = code_of(l);
            code.contains("Simulation") || code.contains(".sim()")
        })
        .collect()
}

#[test]
fn the_app_sees_snapshots_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 20, "found only {} files", files.len());
    let mut wrong = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        for line in reaches_in(&text) {
            wrong.push(format!("{}: {}", f.display(), line.trim()));
        }
    }
    assert!(
        wrong.is_empty(),
        "the app reaches into the simulation:\n{}",
        wrong.join("\n")
    );
    assert_eq!(reaches_in("let x = run.sim().leader(); // ok?").len(), 1);
    assert_eq!(reaches_in("fn f(s: &engine::Simulation) {}").len(), 1);
    assert!(reaches_in("pick(\"Simulation controls\", \"x\")").is_empty());
}

#[test]
fn the_top_of_web_src_stays_small() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let top = std::fs::read_dir(&src).unwrap().count();
    assert!(
        top <= 10,
        "web/src has {top} entries at its top: put new files in a folder"
    );
}
