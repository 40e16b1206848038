//! Data-driven interaction tests, in the manner of etcd-io/raft's `testdata`: every
//! `tests/testdata/*.txt` file is a sequence of commands (a scenario, runs, actions, looks at
//! the ensemble) each followed by `----` and the output it must give (the harness's `Driver`
//! lists the commands). `REWRITE=1 cargo test -p engine --test datadriven` rewrites the
//! expected outputs from the runs (then read the diff: it must still show what the file's
//! comments claim).

use harness::datadriven::{files, run_file};
use harness::Driver;
use std::path::Path;

#[test]
fn testdata() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/testdata");
    let files = files(&dir);
    assert!(
        files.len() >= 13,
        "expected at least 13 files, found {}",
        files.len()
    );
    for path in files {
        run_file(&path, Driver::new, |d, case| d.run(case));
    }
}
