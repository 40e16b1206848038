//! The course: every lesson in `lessons/` passes `zooscope lesson verify` (run as the CLI, as a
//! teacher would), and a broken lesson is refused with the line at fault.

use std::path::{Path, PathBuf};
use std::process::Command;

fn lessons() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../lessons");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("lessons/")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "lesson"))
        .collect();
    files.sort();
    files
}

fn verify(files: &[PathBuf]) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_zooscope"))
        .arg("lesson")
        .arg("verify")
        .args(files)
        .output()
        .expect("zooscope runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn every_lesson_of_the_course_verifies() {
    let files = lessons();
    assert!(!files.is_empty(), "no lessons");
    let (ok, out) = verify(&files);
    assert!(ok, "{out}");
    assert_eq!(
        out.lines().count(),
        files.len(),
        "one line per lesson:\n{out}"
    );
    assert!(out.lines().all(|l| l.starts_with("ok ")), "{out}");
}

#[test]
fn a_task_met_without_acting_and_a_bad_line_are_refused() {
    let dir = std::env::temp_dir().join(format!("zooscope-lessons-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = std::fs::read_to_string(&lessons()[0]).unwrap();
    // A goal that holds by itself: the lesson is refused.
    let lazy = dir.join("lazy.lesson");
    let text: String = good
        .lines()
        .map(|l| {
            if l.starts_with("goal ") {
                "goal leader"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(&lazy, text).unwrap();
    // A line the lesson does not understand: refused with its number.
    let bad = dir.join("bad.lesson");
    std::fs::write(&bad, "title en x\nstep\nsay en hi\nshow\n").unwrap();
    let (ok, out) = verify(&[lazy, bad]);
    std::fs::remove_dir_all(&dir).ok();
    assert!(!ok);
    assert!(
        out.contains("FAIL lazy: task 1 is met without doing anything"),
        "{out}"
    );
    assert!(
        out.contains("FAIL bad:") && out.contains("line 4:"),
        "{out}"
    );
}
