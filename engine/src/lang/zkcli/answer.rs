//! Answer and event lines in FORMAT.md's JSON: one object per line, zxids as their low 32
//! bits, `ephemeralOwner` as the owning client's name (or null), ctime/mtime left out.

use crate::proto::Outcome;
use crate::tree::{ErrorCode, Reply, Stat};
use crate::watches::WatchEvent;

/// A JSON object under construction, keeping key order (FORMAT.md's order, for readability;
/// consumers compare parsed values).
struct Obj(Vec<String>);

impl Obj {
    fn new() -> Self {
        Obj(Vec::new())
    }
    fn raw(mut self, key: &str, json: String) -> Self {
        self.0.push(format!("{}:{}", string(key), json));
        self
    }
    fn str(self, key: &str, value: &str) -> Self {
        self.raw(key, string(value))
    }
    fn end(self) -> String {
        format!("{{{}}}", self.0.join(","))
    }
}

fn string(s: &str) -> String {
    serde_json::Value::String(s.to_string()).to_string()
}

fn array(items: impl IntoIterator<Item = String>) -> String {
    format!("[{}]", items.into_iter().collect::<Vec<_>>().join(","))
}

/// FORMAT.md's STAT object. `owner_name` names the client owning a session id.
pub fn stat_json(stat: &Stat, owner_name: &impl Fn(u64) -> Option<String>) -> String {
    let low = |z: u64| (z & 0xFFFF_FFFF).to_string();
    let owner = match stat.ephemeral_owner {
        0 => None,
        s => owner_name(s),
    };
    Obj::new()
        .raw("czxid", low(stat.czxid))
        .raw("mzxid", low(stat.mzxid))
        .raw("pzxid", low(stat.pzxid))
        .raw("version", stat.version.to_string())
        .raw("cversion", stat.cversion.to_string())
        .raw("aversion", stat.aversion.to_string())
        .raw(
            "ephemeralOwner",
            owner.map_or("null".to_string(), |n| string(&n)),
        )
        .raw("dataLength", stat.data_length.to_string())
        .raw("numChildren", stat.num_children.to_string())
        .end()
}

/// The error a failed multi reports: the first op's code that is neither OK nor
/// RUNTIMEINCONSISTENCY (D17).
fn multi_error(results: &[Reply]) -> Option<ErrorCode> {
    let codes = || results.iter().filter_map(Reply::error);
    codes()
        .find(|c| *c != ErrorCode::RuntimeInconsistency)
        .or_else(|| codes().next())
}

/// One answer line: `{"client":…,"cmd":…, …}` for `outcome`.
pub fn answer_json(
    client: &str,
    cmd: &str,
    outcome: &Outcome,
    owner_name: impl Fn(u64) -> Option<String>,
) -> String {
    let o = Obj::new().str("client", client).str("cmd", cmd);
    let stat = |s: &Stat| stat_json(s, &owner_name);
    match outcome {
        Outcome::Opened
        | Outcome::Closed
        | Outcome::Deleted
        | Outcome::Synced
        | Outcome::Checked
        | Outcome::WatchAdded => o,
        Outcome::Created(path) => o.str("path", path),
        Outcome::Data { data, stat: s } => o
            .str("data", &String::from_utf8_lossy(data))
            .raw("stat", stat(s)),
        Outcome::Exists(s) => o.raw("stat", s.as_ref().map_or("null".to_string(), stat)),
        Outcome::Children(c) => o.raw("children", array(c.iter().map(|n| string(n)))),
        Outcome::DataSet(s) => o.raw("stat", stat(s)),
        Outcome::Error(code) => o.str("error", code.name()),
        Outcome::Multi(results) => match multi_error(results) {
            Some(err) => o.str("error", err.name()).raw(
                "results",
                array(results.iter().map(|r| {
                    let code = match r {
                        Reply::Error(c) => *c,
                        _ => ErrorCode::Ok,
                    };
                    string(code.name())
                })),
            ),
            None => o.raw(
                "results",
                array(results.iter().map(|r| multi_result(r, &stat))),
            ),
        },
    }
    .end()
}

/// One op of a successful multi: `{"op":"create","path":P}`, `{"op":"set","stat":STAT}`,
/// `{"op":"delete"}` or `{"op":"check"}`.
fn multi_result(r: &Reply, stat: &impl Fn(&Stat) -> String) -> String {
    let o = Obj::new();
    match r {
        Reply::Created { path, .. } => o.str("op", "create").str("path", path),
        Reply::DataSet { stat: s } => o.str("op", "set").raw("stat", stat(s)),
        Reply::Deleted => o.str("op", "delete"),
        Reply::Checked => o.str("op", "check"),
        Reply::Error(c) => o.str("op", "error").str("error", c.name()),
        // Not produced inside a multi.
        Reply::SessionCreated | Reply::SessionClosed | Reply::Multi(_) => o.str("op", "other"),
    }
    .end()
}

/// One event line: `{"client":…,"event":"NodeDataChanged","path":…}`.
pub fn event_json(client: &str, event: &WatchEvent) -> String {
    Obj::new()
        .str("client", client)
        .str("event", event.kind.name())
        .str("path", &event.path)
        .end()
}
