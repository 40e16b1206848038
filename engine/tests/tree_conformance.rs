//! The reference executor: a single server run sequentially, straight on `DataTree` and
//! `WatchManager`, answering every conformance script (`tests/conformance/*.zk`, recorded from
//! a real ZooKeeper 3.8.0) and compared with its `.expected` file line by line as JSON.
//!
//! Each `open` is a createSession txn and each `close` a closeSession txn; every write,
//! failed or not, takes the next zxid (D14); reads and sync take none.

use std::collections::BTreeMap;
use std::path::Path;

use engine::proto::{ClientOp as Action, Outcome};
use engine::tree::{prep, DataTree, Request};
use engine::watches::{WatchEvent, WatchManager};
use engine::zkcli::{answer_json, event_json, Script, Statement};

/// A one-server ZooKeeper that applies each write as soon as it is prepped.
struct Executor {
    tree: DataTree,
    watches: WatchManager,
    zxid: u64,
    /// Open clients: name → session id.
    sessions: BTreeMap<String, u64>,
    /// Every session id ever opened → client name (for `ephemeralOwner`).
    names: BTreeMap<u64, String>,
    next_session: u64,
    /// Events received since the last statement, by client name.
    events: BTreeMap<String, Vec<WatchEvent>>,
}

impl Executor {
    fn new() -> Self {
        Executor {
            tree: DataTree::new(),
            watches: WatchManager::new(),
            zxid: 0,
            sessions: BTreeMap::new(),
            names: BTreeMap::new(),
            // Shaped like a real id (server id in the top byte, S3); any value would do.
            next_session: 0x0100_0000_0000_0001,
            events: BTreeMap::new(),
        }
    }

    /// Prep, apply at the next zxid, deliver the watch events.
    fn write(&mut self, session: u64, req: &Request) -> engine::tree::Reply {
        self.zxid += 1;
        let txn = prep(&self.tree, session, req);
        let result = self
            .tree
            .apply(self.zxid, 1_700_000_000_000 + self.zxid, session, &txn);
        for (s, ev) in self.watches.trigger(&result.changes) {
            let name = self
                .names
                .get(&s)
                .cloned()
                .unwrap_or_else(|| format!("{s:#x}"));
            self.events.entry(name).or_default().push(ev);
        }
        result.reply
    }

    fn session(&self, client: &str) -> u64 {
        *self
            .sessions
            .get(client)
            .unwrap_or_else(|| panic!("client {client} is not open"))
    }

    /// Runs one statement and returns its answer line followed by the event lines.
    fn statement(&mut self, stmt: &Statement) -> Vec<String> {
        let outcome = match stmt {
            Statement::Open { client, timeout_ms } => {
                let id = self.next_session;
                self.next_session += 1;
                self.sessions.insert(client.clone(), id);
                self.names.insert(id, client.clone());
                let req = Request::CreateSession {
                    session_id: id,
                    timeout_ms: *timeout_ms,
                };
                Outcome::from_reply(&self.write(id, &req))
            }
            Statement::Close { client } => {
                let id = self.session(client);
                // The closeSession txn is applied while the client's connection is still open:
                // the watches its own ephemerals' deletion triggers reach it too, before the
                // close reply (recorded from 3.8.0: session_close.zk; the Java client delivers
                // them). Only then does the connection, and every watch it holds, go away.
                let reply = self.write(id, &Request::CloseSession { session_id: id });
                self.watches.remove_session(id);
                self.sessions.remove(client);
                Outcome::from_reply(&reply)
            }
            Statement::Command { client, command } => {
                let id = self.session(client);
                match command.action() {
                    Action::Write(req) => Outcome::from_reply(&self.write(id, &req)),
                    Action::Read(read) => read.execute(&self.tree, id, &mut self.watches),
                    Action::Sync(_) => Outcome::Synced,
                    Action::AddWatch { path, mode } => {
                        // Served by the connected server, no txn and no path check (W7).
                        self.watches.add_watch(id, &path, mode);
                        Outcome::WatchAdded
                    }
                    Action::CloseSession => unreachable!("zkCli has no close command"),
                }
            }
        };
        let names = &self.names;
        let mut lines = vec![answer_json(stmt.client(), stmt.cmd_name(), &outcome, |s| {
            names.get(&s).cloned()
        })];
        for (client, evs) in std::mem::take(&mut self.events) {
            lines.extend(evs.iter().map(|e| event_json(&client, e)));
        }
        lines
    }

    fn run(script: &Script) -> Vec<String> {
        let mut ex = Executor::new();
        script
            .statements
            .iter()
            .flat_map(|(_, s)| ex.statement(s))
            .collect()
    }
}

fn parse_json(what: &str, n: usize, line: &str) -> serde_json::Value {
    serde_json::from_str(line)
        .unwrap_or_else(|e| panic!("{what} line {n} is not JSON ({e}): {line}"))
}

fn check_script(zk: &Path) -> Result<(), String> {
    let name = zk.file_name().unwrap().to_string_lossy().to_string();
    let text = std::fs::read_to_string(zk).map_err(|e| format!("{name}: {e}"))?;
    let expected_path = zk.with_extension("expected");
    let expected = std::fs::read_to_string(&expected_path)
        .map_err(|e| format!("{name}: no {}: {e}", expected_path.display()))?;
    let script = Script::parse(&text).map_err(|e| format!("{name}: {e}"))?;
    let got = Executor::run(&script);
    let want: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
    for (i, (g, w)) in got.iter().zip(&want).enumerate() {
        if parse_json("answer", i + 1, g) != parse_json("expected", i + 1, w) {
            return Err(format!(
                "{name}: line {} differs\n  got:      {g}\n  expected: {w}\nfull output:\n{}",
                i + 1,
                got.join("\n")
            ));
        }
    }
    if got.len() != want.len() {
        return Err(format!(
            "{name}: {} lines, expected {}\nfull output:\n{}",
            got.len(),
            want.len(),
            got.join("\n")
        ));
    }
    Ok(())
}

/// Every `*.zk` script in `tests/conformance` answers exactly what the real server answered.
#[test]
fn every_conformance_script_matches_real_zookeeper() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let mut scripts: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/conformance exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "zk"))
        .collect();
    scripts.sort();
    assert!(
        scripts.len() >= 26,
        "expected the 26 recorded scripts, found {scripts:?}"
    );
    let failures: Vec<String> = scripts
        .iter()
        .filter_map(|s| check_script(s).err())
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The executor really compares: a script whose expectation is altered must fail.
#[test]
fn a_wrong_expectation_is_detected() {
    let script = Script::parse("open c1\nc1 create /a x\nc1 get /a\n").unwrap();
    let got = Executor::run(&script);
    assert_eq!(got.len(), 3);
    let v: serde_json::Value = serde_json::from_str(&got[2]).unwrap();
    assert_eq!(v["stat"]["czxid"], 2, "open took zxid 1, the create zxid 2");
    assert_ne!(v["data"], "y");
}
