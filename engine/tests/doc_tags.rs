//! Every reference tag the project cites (`Z13`, `R12`, `S8`, `IC2`, …) is defined in
//! `docs/zookeeper-behaviour.md`, the project's own account of the behaviour it relies on, with
//! its source. A tag is cited when it stands alone (`(Z13)`, `Z7–Z9` counts Z7, Z8 and Z9);
//! it is defined by an entry `**TAG. Title.**` at the start of a line.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The tags defined by the doc.
fn defined(doc: &str) -> BTreeSet<String> {
    doc.lines()
        .filter_map(|l| l.strip_prefix("**"))
        .filter_map(|l| l.split_once(". ").or_else(|| l.split_once(".**")))
        .map(|(tag, _)| tag.to_string())
        .filter(|t| is_tag(t))
        .collect()
}

/// `D1` … `Z15`, `IC1`, `IC2`, `A1` … `A3`: the shapes the project cites.
fn is_tag(t: &str) -> bool {
    let (letters, digits) = t.split_at(t.find(|c: char| c.is_ascii_digit()).unwrap_or(t.len()));
    let ok_letters = matches!(
        letters,
        "C" | "D" | "J" | "P" | "R" | "S" | "W" | "Z" | "IC" | "A"
    );
    let ok_digits =
        !digits.is_empty() && digits.len() <= 2 && digits.bytes().all(|b| b.is_ascii_digit());
    ok_letters && ok_digits && !(letters == "A" && digits.len() > 1)
}

/// The tags `text` cites: a tag word not part of a longer word, with ranges (`Z7–Z9`,
/// `Z4-Z6`) expanded.
fn cited(text: &str) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = split_words(text)
        .into_iter()
        .filter(|w| is_tag(w))
        .map(str::to_string)
        .collect();
    // A range: TAG–TAG or TAG-N (an en dash or a hyphen, no space).
    for range in text.split(|c: char| c.is_whitespace() || "(),;:".contains(c)) {
        let Some((a, b)) = range.split_once(['–', '-']) else {
            continue;
        };
        let (a, b) = (a.trim_end_matches(['.']), b.trim_end_matches(['.', ')']));
        if !is_tag(a) {
            continue;
        }
        let letter: String = a.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
        let b = if is_tag(b) {
            b.to_string()
        } else {
            format!("{letter}{b}")
        };
        if !is_tag(&b) || !b.starts_with(&letter) {
            continue;
        }
        let from: u32 = a[letter.len()..].parse().unwrap();
        let to: u32 = b[letter.len()..].parse().unwrap();
        for n in from..=to.min(from + 20) {
            out.insert(format!("{letter}{n}"));
        }
    }
    out
}

/// The words of `text`: runs of ASCII letters, digits and `_`.
fn split_words(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().to_string();
        if p.is_dir() {
            if !matches!(name.as_str(), "node_modules" | "output" | "target") {
                files(&p, out);
            }
        } else if matches!(
            p.extension().and_then(|x| x.to_str()),
            Some("rs" | "scn" | "md" | "zk" | "txt" | "js")
        ) && name != "zookeeper-behaviour.md"
        {
            out.push(p);
        }
    }
}

/// Session-id constants and worker names that look like tags but are not citations.
fn not_citations(path: &Path, text: &str) -> String {
    let p = path.to_string_lossy();
    if p.contains("engine/src/tree/tests") {
        return text.replace("S1", "").replace("S2", "");
    }
    if p.ends_with("learn.rs") {
        return text.replace("W1", "").replace("W2", "");
    }
    text.to_string()
}

#[test]
fn every_cited_tag_is_defined_in_docs() {
    let doc = std::fs::read_to_string(root().join("docs/zookeeper-behaviour.md")).unwrap();
    let defined = defined(&doc);
    assert!(defined.len() > 80, "only {} tags defined", defined.len());
    let mut all = Vec::new();
    for d in [
        "engine",
        "web",
        "tools",
        "e2e",
        "scenarios",
        "docs",
        "harness",
        "lessons",
    ] {
        let dir = root().join(d);
        if dir.exists() {
            files(&dir, &mut all);
        }
    }
    all.push(root().join("README.md"));
    let mut missing = Vec::new();
    let mut count = 0;
    for f in &all {
        let text = std::fs::read_to_string(f).unwrap_or_default();
        for tag in cited(&not_citations(f, &text)) {
            count += 1;
            if !defined.contains(&tag) {
                missing.push(format!(
                    "{tag} in {}",
                    f.strip_prefix(root()).unwrap_or(f).display()
                ));
            }
        }
    }
    assert!(
        count > 300,
        "only {count} citations found: is the scan broken?"
    );
    assert!(
        missing.is_empty(),
        "tags cited but not defined in docs/zookeeper-behaviour.md:\n{}",
        missing.join("\n")
    );
}

#[test]
fn the_scan_reads_citations_and_ranges() {
    assert_eq!(
        cited("(Z13) and Z7–Z9, S8-S10; not s1, D800 or K04"),
        ["S10", "S8", "S9", "Z13", "Z7", "Z8", "Z9"]
            .map(String::from)
            .into_iter()
            .collect()
    );
    assert!(defined("**Z13. Failure detection.** …\n**IC1. Agreement.**").contains("IC1"));
}
