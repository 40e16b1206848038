//! The engine's layers (docs/ARCHITECTURE.md): a module may use only modules of its own layer
//! or of the layers below it. Read from the source: every `crate::NAME` a file's code names
//! (comments aside) must be of a layer at most the file's own.

use std::path::{Path, PathBuf};

/// Bottom to top; each top-level module of `engine/src` belongs to one.
const LAYERS: [(&str, &[&str]); 9] = [
    ("base", &["time", "ids", "rng", "zxid", "digest"]),
    ("data model", &["tree", "watches"]),
    ("protocol", &["proto", "machine"]),
    ("nodes", &["server", "client"]),
    ("programs", &["recipes", "byzantine"]),
    ("observation", &["observe"]),
    ("simulator", &["sim"]),
    ("languages", &["lang"]),
    ("presentation", &["present"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, mods)| mods.contains(&module))
}

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

/// The top-level module names `crate::NAME` in the code of `text` (comment lines skipped).
fn uses(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + 7..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                found.push(name);
            }
            rest = after;
        }
    }
    found
}

#[test]
fn no_module_uses_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    let mut checked = 0;
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let top = top.trim_end_matches(".rs").to_string();
        if matches!(top.as_str(), "lib" | "bin") {
            continue; // the API and the CLI sit above every layer
        }
        let mine =
            layer_of(&top).unwrap_or_else(|| panic!("{top} is in no layer: add it to LAYERS"));
        for used in uses(&std::fs::read_to_string(file).unwrap()) {
            let Some(theirs) = layer_of(&used) else {
                continue;
            };
            checked += 1;
            if theirs > mine {
                wrong.push(format!(
                    "{} ({}) uses crate::{used} ({})",
                    rel.display(),
                    LAYERS[mine].0,
                    LAYERS[theirs].0
                ));
            }
        }
    }
    assert!(
        checked > 300,
        "only {checked} uses read: is the scan broken?"
    );
    assert!(
        wrong.is_empty(),
        "layers used upwards:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_scan_sees_a_use_upwards() {
    // The checker is honest: a line that names a higher layer is found, a comment is not.
    assert_eq!(uses("use crate::sim::Simulation; // crate::lang"), ["sim"]);
    assert_eq!(uses("/// see crate::present"), Vec::<String>::new());
}
