//! What each client saw, for the history view: every operation as an interval (invoked →
//! answered, or still open), what it returned (the data and version a read saw, the version a
//! write left, an error), and the server that answered; and what the consistency checks found.

use crate::ids::ServerId;
use crate::observe::consistency::{self, Finding};
use crate::observe::ops::{OpKind, OpRecord};
use crate::proto::Outcome;
use crate::sim::Simulation;
use crate::time::Micros;

/// The kind of an operation, for its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpClass {
    /// create, set, delete, multi.
    Write,
    /// get, exists, ls.
    Read,
    /// sync.
    Sync,
    /// Anything else (open, close, addWatch…).
    Other,
}

impl OpClass {
    /// Its name (a CSS class).
    pub fn as_str(self) -> &'static str {
        match self {
            OpClass::Write => "write",
            OpClass::Read => "read",
            OpClass::Sync => "sync",
            OpClass::Other => "other",
        }
    }
}

/// One operation as the history view draws it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpView {
    /// Its number in the history (from 0).
    pub index: usize,
    /// The client's name.
    pub client: String,
    /// The command and its path (`get /x`).
    pub what: String,
    /// What came back, short (`"old" v0`, `v3`, `NONODE`), or empty while waiting.
    pub result: String,
    /// Read, write, sync…
    pub class: OpClass,
    /// When invoked.
    pub invoked: Micros,
    /// When answered, if it was.
    pub answered: Option<Micros>,
    /// True if it may or may not have happened (no answer, or the connection went).
    pub lost: bool,
    /// The server that answered.
    pub server: Option<ServerId>,
    /// The version it saw or left.
    pub version: Option<i32>,
    /// The zxid of the change it saw or made (the node's mzxid).
    pub zxid: Option<u64>,
    /// True for an operation of the client's recipe program.
    pub program: bool,
}

fn short(data: &[u8]) -> String {
    let text = String::from_utf8_lossy(data);
    if text.chars().count() > 12 {
        format!("\"{}…\"", text.chars().take(12).collect::<String>())
    } else {
        format!("\"{text}\"")
    }
}

/// The view of one record.
pub fn op_view(sim: &Simulation, index: usize, r: &OpRecord) -> OpView {
    let class = match r.kind {
        OpKind::Create { .. }
        | OpKind::Set { .. }
        | OpKind::Delete { .. }
        | OpKind::Multi { .. } => OpClass::Write,
        OpKind::Get { .. } | OpKind::Exists { .. } => OpClass::Read,
        OpKind::Sync { .. } => OpClass::Sync,
        OpKind::Other if r.cmd == "ls" => OpClass::Read,
        OpKind::Other => OpClass::Other,
    };
    let path = match &r.kind {
        OpKind::Multi { paths } => paths.join(","),
        k => k.path().unwrap_or("").to_string(),
    };
    let (mut version, mut zxid) = (None, None);
    let result = match &r.outcome {
        None => String::new(),
        Some(Outcome::Data { data, stat }) => {
            (version, zxid) = (Some(stat.version), Some(stat.mzxid));
            format!("{} v{}", short(data), stat.version)
        }
        Some(Outcome::Exists(Some(stat)) | Outcome::DataSet(stat)) => {
            (version, zxid) = (Some(stat.version), Some(stat.mzxid));
            format!("v{}", stat.version)
        }
        Some(Outcome::Exists(None)) => "none".to_string(),
        Some(Outcome::Created(p)) => p.rsplit('/').next().unwrap_or("").to_string(),
        Some(Outcome::Error(code)) => code.to_string(),
        Some(Outcome::Children(c)) => format!("[{}]", c.len()),
        Some(_) => "ok".to_string(),
    };
    OpView {
        index,
        client: sim.client_name(r.client).to_string(),
        what: format!("{} {path}", r.cmd).trim().to_string(),
        result,
        class,
        invoked: r.invoked,
        answered: r.answered,
        lost: r.indeterminate(),
        server: r.server,
        version,
        zxid,
        program: r.program,
    }
}

/// The latest `last` operations of the run so far, as drawn.
pub fn op_views(sim: &Simulation, last: usize) -> Vec<OpView> {
    let ops = sim.client_ops();
    let skip = ops.len().saturating_sub(last);
    ops.iter()
        .enumerate()
        .skip(skip)
        .map(|(i, r)| op_view(sim, i, r))
        .collect()
}

/// A finding of the consistency checks, with the client's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FindingView {
    /// What it found.
    pub finding: Finding,
    /// The client's name, if it is about one.
    pub client: Option<String>,
}

/// What the consistency checks find in the run so far.
pub fn findings(sim: &Simulation) -> Vec<FindingView> {
    consistency::check(sim.client_ops().iter())
        .into_iter()
        .map(|finding| FindingView {
            client: finding.client.map(|c| sim.client_name(c).to_string()),
            finding,
        })
        .collect()
}
