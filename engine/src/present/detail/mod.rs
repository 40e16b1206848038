//! Read-only details for the inspector, computed on demand (only for what is selected): one
//! server's znode tree, txn log, sessions and watches; how its tree differs from another
//! server's (the leader's); one client's session, pending requests and what it heard.
//!
//! Everything here is a copy: nothing in the simulation changes, and big lists are bounded
//! ([`LOG_LIMIT`], `NODE_LIMIT`, `DIFF_LIMIT`, [`HEARD_LIMIT`]) with their full length kept.

use super::view::ClientStatus;
use super::view::Role;
use crate::client::ClientEvent;
use crate::ids::{ClientId, ProcessId, ServerId};
use crate::lang::zkcli::{answer_json, event_json};
use crate::observe::check::Invariant;
use crate::proto::ClientOp;
use crate::server::durable::Durable;
use crate::server::state::Payload;
use crate::sim::{ClientLine, Simulation};
use crate::time::Micros;
use crate::tree::path::join;
use crate::tree::{DataTree, NodeKind, Request, Stat, Txn};
use crate::watches::{ReadKind, WatchMode, WatchTable};
use crate::zxid::Zxid;

/// At most this many log entries (the newest) in a [`LogDetail`].
pub const LOG_LIMIT: usize = 200;
/// At most this many znodes in a [`LiveDetail`]'s tree (in depth-first order from `/`).
pub const NODE_LIMIT: usize = 500;
/// At most this many entries in a [`TreeDiff`].
pub const DIFF_LIMIT: usize = 200;
/// At most this many lines (the newest) of what a client heard, in a [`ClientDetail`].
pub const HEARD_LIMIT: usize = 100;
/// Znode data longer than this many characters is cut (with `…`) for display.
pub const DATA_LIMIT: usize = 64;

/// The Zab invariant checkers of the observation layer, in the order the UI lists them.
pub const ZAB_INVARIANTS: [Invariant; 4] = [
    Invariant::OneLeaderPerEpoch,
    Invariant::CommittedPrefix,
    Invariant::LogMonotonic,
    Invariant::CommittedDurability,
];

/// Keeps [`ZAB_INVARIANTS`] complete: a new [`Invariant`] fails to compile here until listed.
const _: fn(Invariant) = |i| match i {
    Invariant::OneLeaderPerEpoch
    | Invariant::CommittedPrefix
    | Invariant::LogMonotonic
    | Invariant::CommittedDurability => {}
};

/// `data` as text for display: lossy UTF-8, control characters shown as `·`, cut after `limit`
/// characters with a trailing `…`.
pub fn data_text(data: &[u8], limit: usize) -> String {
    let text = String::from_utf8_lossy(data);
    let mut out: String = text
        .chars()
        .take(limit)
        .map(|c| if c.is_control() { '·' } else { c })
        .collect();
    if text.chars().count() > limit {
        out.push('…');
    }
    out
}

/// A session id as ZooKeeper prints it (`0x…`).
pub fn session_hex(session: u64) -> String {
    format!("0x{session:x}")
}

/// One znode.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeDetail {
    /// Its absolute path.
    pub path: String,
    /// Its last path segment (`/` for the root).
    pub name: String,
    /// 0 for the root, 1 for its children, …
    pub depth: usize,
    /// Its data as text, cut after [`DATA_LIMIT`] characters.
    pub data: String,
    /// The client-visible stat (version, cversion, czxid, mzxid, ephemeralOwner, numChildren …).
    pub stat: Stat,
    /// Persistent, ephemeral or container.
    pub kind: NodeKind,
    /// The name of the client whose session owns this ephemeral, if known.
    pub owner: Option<String>,
}

/// One logged txn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogLine {
    /// Its zxid (the epoch is its high half).
    pub zxid: Zxid,
    /// What it does, in a few words (`create /a "x"`, `closeSession 0x… (alice)` …).
    pub text: String,
    /// True if the server has applied (committed) it; false if only proposed, or unknown (down).
    pub committed: bool,
}

/// A server's txn log: what survives a crash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogDetail {
    /// The last txn of the snapshot the log starts after (0: no snapshot yet).
    pub snapshot: Zxid,
    /// The committed point: the last applied zxid. `None` while the server is down (it is
    /// volatile: a restarted server finds out from its leader).
    pub committed: Option<Zxid>,
    /// How many txns the log holds.
    pub total: usize,
    /// The newest [`LOG_LIMIT`] of them, oldest first.
    pub entries: Vec<LogLine>,
}

/// A session a server knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionDetail {
    /// Its id.
    pub id: u64,
    /// The negotiated timeout, ms.
    pub timeout_ms: u64,
    /// The client that holds it, if known.
    pub owner: Option<String>,
    /// How many ephemerals it owns.
    pub ephemerals: usize,
    /// True if its client is connected to this server.
    pub connected_here: bool,
    /// On the leader: how long until it expires unless its client is heard from (local time).
    pub expires_in: Option<Micros>,
    /// On the leader: its closeSession is on its way.
    pub closing: bool,
}

/// A watch a server holds for one of its clients' sessions.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchDetail {
    /// The watched path.
    pub path: String,
    /// Data table (getData, exists, addWatch) or child table (getChildren, addWatch).
    pub table: WatchTable,
    /// One-time or persistent.
    pub mode: WatchMode,
    /// The watching session.
    pub session: u64,
    /// Its client, if known.
    pub owner: Option<String>,
}

impl WatchDetail {
    /// A short name for the kind of watch: `data`, `child`, `persistent`, `persistent-recursive`
    /// (the last two sit in both tables).
    pub fn kind(&self) -> &'static str {
        match (self.mode, self.table) {
            (WatchMode::Standard, WatchTable::Data) => "data",
            (WatchMode::Standard, WatchTable::Child) => "child",
            (WatchMode::Persistent, _) => "persistent",
            (WatchMode::PersistentRecursive, _) => "persistent-recursive",
        }
    }
}

/// What only a running server has: its applied state and its connections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LiveDetail {
    /// The last applied (committed) zxid.
    pub committed: Zxid,
    /// The leader it follows (itself when leading), once the election is over.
    pub following: Option<ServerId>,
    /// Its znodes in depth-first order from `/` (children sorted), at most `NODE_LIMIT`.
    pub tree: Vec<NodeDetail>,
    /// How many znodes its tree holds.
    pub node_count: usize,
    /// Every session in its (replicated) session table.
    pub sessions: Vec<SessionDetail>,
    /// The watches it holds for clients connected to it.
    pub watches: Vec<WatchDetail>,
    /// The clients connected to it, by name, with their session.
    pub connections: Vec<(String, u64)>,
}

/// One server, for the inspector.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerDetail {
    /// Its id.
    pub id: ServerId,
    /// Its role (`Down` when crashed).
    pub role: Role,
    /// The last epoch it promised to a leader.
    pub accepted_epoch: u32,
    /// The last epoch whose NEWLEADER it acknowledged.
    pub current_epoch: u32,
    /// The last zxid in its log.
    pub last_zxid: Zxid,
    /// Its disk: the txn log.
    pub log: LogDetail,
    /// What a running server has; `None` while it is down.
    pub live: Option<LiveDetail>,
    /// How its tree differs from the established leader's, when both run and it is not the
    /// leader.
    pub leader_diff: Option<TreeDiff>,
}

/// How a znode differs between two servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffKind {
    /// The reference server has it, this one does not.
    Missing,
    /// This server has it, the reference does not.
    Extra,
    /// Both have it, with different data or stat.
    Differs,
}

/// A znode as one side of a difference shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NodeSide {
    /// Its data as text (cut).
    pub data: String,
    /// Its stat.
    pub stat: Stat,
}

/// One difference between two trees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffEntry {
    /// The path.
    pub path: String,
    /// Missing, extra, or different.
    pub kind: DiffKind,
    /// For [`DiffKind::Differs`]: which fields differ (`data`, `version`, `cversion`,
    /// `numChildren`, `czxid`, `mzxid`, `pzxid`, `aversion`, `ephemeralOwner`).
    pub fields: Vec<&'static str>,
    /// The node on this server.
    pub here: Option<NodeSide>,
    /// The node on the reference server.
    pub there: Option<NodeSide>,
    /// For an extra node: the pzxid of its parent on the reference server (when the parent
    /// exists there), i.e. when the reference last added or removed one of its children.
    pub there_parent_pzxid: Option<u64>,
}

/// How one server's tree differs from a reference server's (the leader's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TreeDiff {
    /// The server compared.
    pub here: ServerId,
    /// The reference.
    pub there: ServerId,
    /// What this server has applied.
    pub here_applied: Zxid,
    /// What the reference has applied.
    pub there_applied: Zxid,
    /// True if this server believes it follows the reference and serves (it may not have
    /// noticed yet that the network cut it off).
    pub follows_there: bool,
    /// True if the network link between the two is cut (either way).
    pub cut_off: bool,
    /// How many txns the reference has applied that this server has not, when the reference's
    /// log still holds them.
    pub behind: Option<usize>,
    /// The differences in path order, at most `DIFF_LIMIT`.
    pub entries: Vec<DiffEntry>,
    /// How many differences there are.
    pub total: usize,
}

impl TreeDiff {
    /// True if both trees are the same.
    pub fn is_empty(&self) -> bool {
        self.total == 0
    }

    /// The difference at `path`, if any (among the first `DIFF_LIMIT`).
    pub fn at(&self, path: &str) -> Option<&DiffEntry> {
        self.entries.iter().find(|e| e.path == path)
    }
}

/// A request a client has not had an answer to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PendingRequest {
    /// Its request number, once sent (`None` while queued, not connected).
    pub xid: Option<u64>,
    /// The operation, as zkCli names it (`create`, `get`, `ls`, `set`, …).
    pub op: &'static str,
    /// The path it is about.
    pub path: Option<String>,
    /// True if the client's recipe program asked for it (not the user).
    pub program: bool,
}

/// One thing a client's application heard.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeardLine {
    /// When.
    pub time: Micros,
    /// The command it answers (`None` for watch and session events).
    pub cmd: Option<&'static str>,
    /// What was heard.
    pub event: ClientEvent,
    /// The line in the conformance format (FORMAT.md), or for session events the
    /// `{"client":…,"event":"None","state":…}` line of `zooscope run` (docs/scenarios.md).
    pub json: String,
    /// True for the answer to an operation of the client's recipe program.
    pub program: bool,
}

/// One client, for the inspector and the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientDetail {
    /// Its id.
    pub id: ClientId,
    /// Its name.
    pub name: String,
    /// `CONNECTING`, `CONNECTED`, `CLOSED`, or `DOWN` once its process crashed.
    pub state: ClientStatus,
    /// Its session id (0 before the first one opens).
    pub session: u64,
    /// The negotiated session timeout, ms (0 when down).
    pub timeout_ms: u64,
    /// The server it talks to (or is trying).
    pub server: Option<ServerId>,
    /// The last zxid it has seen.
    pub last_zxid: Zxid,
    /// True while a pause holds it.
    pub paused: bool,
    /// True if it runs a recipe program.
    pub runs_program: bool,
    /// Requests awaiting an answer, in order.
    pub pending: Vec<PendingRequest>,
    /// The newest [`HEARD_LIMIT`] things it heard, oldest first.
    pub heard: Vec<HeardLine>,
    /// How many things it heard in all.
    pub heard_total: usize,
}

/// The zkCli name of an operation and the path it is about.
pub fn op_summary(op: &ClientOp) -> (&'static str, Option<String>) {
    let path = |p: &str| Some(p.to_string());
    match op {
        ClientOp::Write(req) => match req {
            Request::Create { path: p, .. } => ("create", path(p)),
            Request::Delete { path: p, .. } => ("delete", path(p)),
            Request::SetData { path: p, .. } => ("set", path(p)),
            Request::Check { path: p, .. } => ("check", path(p)),
            Request::Multi(_) => ("multi", None),
            Request::CreateSession { .. } => ("createSession", None),
            Request::CloseSession { .. } => ("close", None),
            Request::DeleteContainer { path: p } => ("deleteContainer", path(p)),
        },
        ClientOp::Read(read) => (
            match read.kind {
                ReadKind::GetData => "get",
                ReadKind::Exists => "stat",
                ReadKind::GetChildren => "ls",
            },
            path(&read.path),
        ),
        ClientOp::Sync(p) => ("sync", path(p)),
        ClientOp::AddWatch { path: p, .. } => ("addWatch", path(p)),
        ClientOp::CloseSession => ("close", None),
    }
}

/// A txn in a few words; `owner` names the client of a session id.
pub fn describe_txn(txn: &Txn, owner: &dyn Fn(u64) -> Option<String>) -> String {
    let who = |s: u64| match owner(s) {
        Some(name) => format!("{} ({name})", session_hex(s)),
        None => session_hex(s),
    };
    match txn {
        Txn::Create {
            path,
            data,
            ephemeral_owner,
            ..
        } => {
            let kind = match NodeKind::of_owner(*ephemeral_owner) {
                NodeKind::Persistent => String::new(),
                NodeKind::Container => " container".to_string(),
                NodeKind::Ephemeral(s) => format!(" ephemeral of {}", who(s)),
            };
            format!("create {path} \"{}\"{kind}", data_text(data, 24))
        }
        Txn::Delete { path } => format!("delete {path}"),
        Txn::SetData {
            path,
            data,
            version,
        } => format!("set {path} \"{}\" → version {version}", data_text(data, 24)),
        Txn::Check { path, .. } => format!("check {path}"),
        Txn::CreateSession {
            session_id,
            timeout_ms,
        } => format!("createSession {} timeout {timeout_ms} ms", who(*session_id)),
        Txn::CloseSession { session_id, paths } => match paths.len() {
            0 => format!("closeSession {}", who(*session_id)),
            n => format!(
                "closeSession {}, deletes {n} ephemeral{}",
                who(*session_id),
                if n == 1 { "" } else { "s" }
            ),
        },
        Txn::Error { code } => format!("failed write: {}", code.name()),
        Txn::Multi(txns) => {
            let parts: Vec<String> = txns.iter().map(|t| describe_txn(t, owner)).collect();
            format!("multi [{}]", parts.join("; "))
        }
    }
}

/// A logged payload in a few words.
pub fn describe_payload(payload: &Payload, owner: &dyn Fn(u64) -> Option<String>) -> String {
    match payload {
        Payload::Opaque(tag) => format!("opaque write #{tag}"),
        Payload::Client(c) => describe_txn(&c.txn, owner),
    }
}

/// `tree`'s znodes in depth-first order from `/`, children sorted, at most `limit`.
fn tree_nodes(
    tree: &DataTree,
    limit: usize,
    owner: &dyn Fn(u64) -> Option<String>,
) -> Vec<NodeDetail> {
    let mut out = Vec::new();
    let mut stack = vec![("/".to_string(), 0usize)];
    while let Some((path, depth)) = stack.pop() {
        if out.len() >= limit {
            break;
        }
        let Some(node) = tree.node(&path) else {
            continue;
        };
        for child in node.children().iter().rev() {
            stack.push((join(&path, child), depth + 1));
        }
        let kind = node.kind();
        let owner = match kind {
            NodeKind::Ephemeral(s) => owner(s),
            _ => None,
        };
        out.push(NodeDetail {
            name: if path == "/" {
                "/".to_string()
            } else {
                crate::tree::path::basename(&path).to_string()
            },
            path,
            depth,
            data: data_text(node.data(), DATA_LIMIT),
            stat: node.stat(),
            kind,
            owner,
        });
    }
    out
}

fn log_detail(
    d: &Durable,
    committed: Option<Zxid>,
    owner: &dyn Fn(u64) -> Option<String>,
) -> LogDetail {
    let from = d.log.len().saturating_sub(LOG_LIMIT);
    LogDetail {
        snapshot: d.snapshot.zxid,
        committed,
        total: d.log.len(),
        entries: d.log[from..]
            .iter()
            .map(|e| LogLine {
                zxid: e.zxid,
                text: describe_payload(&e.payload, owner),
                committed: committed.is_some_and(|c| e.zxid <= c),
            })
            .collect(),
    }
}

/// The fields in which two stats (and data) differ.
fn differing_fields(a: (&[u8], &Stat), b: (&[u8], &Stat)) -> Vec<&'static str> {
    let (da, sa) = a;
    let (db, sb) = b;
    let checks: [(&'static str, bool); 9] = [
        ("data", da != db),
        ("version", sa.version != sb.version),
        ("cversion", sa.cversion != sb.cversion),
        ("numChildren", sa.num_children != sb.num_children),
        ("czxid", sa.czxid != sb.czxid),
        ("mzxid", sa.mzxid != sb.mzxid),
        ("pzxid", sa.pzxid != sb.pzxid),
        ("aversion", sa.aversion != sb.aversion),
        ("ephemeralOwner", sa.ephemeral_owner != sb.ephemeral_owner),
    ];
    checks.iter().filter(|(_, d)| *d).map(|(f, _)| *f).collect()
}

/// The differences between `here` and `there`, in path order: (entries, at most `limit`; total).
pub fn compare_trees(here: &DataTree, there: &DataTree, limit: usize) -> (Vec<DiffEntry>, usize) {
    let side = |n: &crate::tree::Node| NodeSide {
        data: data_text(n.data(), DATA_LIMIT),
        stat: n.stat(),
    };
    let mut a = here.nodes().peekable();
    let mut b = there.nodes().peekable();
    let mut entries = Vec::new();
    let mut total = 0;
    loop {
        let entry = match (a.peek(), b.peek()) {
            (None, None) => break,
            (Some((pa, na)), Some((pb, nb))) if pa == pb => {
                let fields = differing_fields((na.data(), &na.stat()), (nb.data(), &nb.stat()));
                let e = (!fields.is_empty()).then(|| DiffEntry {
                    path: pa.to_string(),
                    kind: DiffKind::Differs,
                    fields,
                    here: Some(side(na)),
                    there: Some(side(nb)),
                    there_parent_pzxid: None,
                });
                a.next();
                b.next();
                e
            }
            (Some((pa, na)), pb) if pb.is_none_or(|(pb, _)| pa < pb) => {
                let parent = crate::tree::path::parent(pa)
                    .and_then(|p| there.node(p))
                    .map(|p| p.stat().pzxid);
                let e = DiffEntry {
                    path: pa.to_string(),
                    kind: DiffKind::Extra,
                    fields: Vec::new(),
                    here: Some(side(na)),
                    there: None,
                    there_parent_pzxid: parent,
                };
                a.next();
                Some(e)
            }
            (_, Some((pb, nb))) => {
                let e = DiffEntry {
                    path: pb.to_string(),
                    kind: DiffKind::Missing,
                    fields: Vec::new(),
                    here: None,
                    there: Some(side(nb)),
                    there_parent_pzxid: None,
                };
                b.next();
                Some(e)
            }
            (Some(_), None) => unreachable!("handled by the arm above"),
        };
        if let Some(e) = entry {
            total += 1;
            if entries.len() < limit {
                entries.push(e);
            }
        }
    }
    (entries, total)
}

impl Simulation {
    /// Everything the inspector shows of server `id`, or `None` if there is no such server.
    /// A crashed server has only its disk: its log, no live state.
    pub fn server_detail(&self, id: ServerId) -> Option<ServerDetail> {
        if !self.config().all().any(|s| s == id) {
            return None;
        }
        let owner = |s: u64| self.session_owner(s);
        let d = self.durable(id);
        let live = match self.server(id) {
            None => None,
            Some(server) => {
                let tree = &server.state().tree;
                let connections: Vec<(ClientId, u64)> = server.connections();
                let here: std::collections::BTreeSet<u64> =
                    connections.iter().map(|(_, s)| *s).collect();
                let local_now = self.local_time(ProcessId::Server(id));
                let tracked = server.tracked_sessions();
                let sessions = tree
                    .sessions()
                    .map(|(s, timeout)| {
                        let track = tracked
                            .as_ref()
                            .and_then(|t| t.iter().find(|(id, ..)| *id == s));
                        SessionDetail {
                            id: s,
                            timeout_ms: timeout as u64,
                            owner: owner(s),
                            ephemerals: tree.ephemerals(s).count(),
                            connected_here: here.contains(&s),
                            expires_in: track
                                .map(|(_, _, deadline, _)| deadline.saturating_sub(local_now)),
                            closing: track.is_some_and(|(.., closing)| *closing),
                        }
                    })
                    .collect();
                let watches = server
                    .watches()
                    .entries()
                    .into_iter()
                    .map(|w| WatchDetail {
                        owner: owner(w.session),
                        path: w.path,
                        table: w.table,
                        mode: w.mode,
                        session: w.session,
                    })
                    .collect();
                Some(LiveDetail {
                    committed: server.committed(),
                    following: server.leader(),
                    tree: tree_nodes(tree, NODE_LIMIT, &owner),
                    node_count: tree.node_count(),
                    sessions,
                    watches,
                    connections: connections
                        .iter()
                        .map(|(c, s)| (self.client_name(*c).to_string(), *s))
                        .collect(),
                })
            }
        };
        let committed = live.as_ref().map(|l| l.committed);
        let role = self.role(id);
        let leader_diff = self
            .leader()
            .filter(|l| *l != id)
            .and_then(|l| self.tree_diff(id, l));
        Some(ServerDetail {
            id,
            role,
            accepted_epoch: d.accepted_epoch,
            current_epoch: d.current_epoch,
            last_zxid: d.last_zxid(),
            log: log_detail(d, committed, &owner),
            live,
            leader_diff,
        })
    }

    /// How server `here`'s applied tree differs from server `there`'s; `None` unless both run.
    pub fn tree_diff(&self, here: ServerId, there: ServerId) -> Option<TreeDiff> {
        let (a, b) = (self.server(here)?, self.server(there)?);
        let (entries, total) = compare_trees(&a.state().tree, &b.state().tree, DIFF_LIMIT);
        let (ha, ta) = (a.committed(), b.committed());
        let log = &b.durable().log;
        let behind = (ha >= b.durable().snapshot.zxid && ha <= ta)
            .then(|| log.iter().filter(|e| e.zxid > ha && e.zxid <= ta).count());
        Some(TreeDiff {
            here,
            there,
            here_applied: ha,
            there_applied: ta,
            follows_there: a.leader() == Some(there) && a.is_serving(),
            cut_off: {
                let (x, y) = (ProcessId::Server(here), ProcessId::Server(there));
                self.network().is_cut(x, y) || self.network().is_cut(y, x)
            },
            behind,
            entries,
            total,
        })
    }

    /// Everything the inspector and the console show of client `c`, or `None` if there is no
    /// such client.
    pub fn client_detail(&self, c: ClientId) -> Option<ClientDetail> {
        if !self.client_ids().any(|x| x == c) {
            return None;
        }
        let name = self.client_name(c).to_string();
        let client = self.client(c);
        let owner = |s: u64| self.session_owner(s);
        let pending = client
            .map(|cl| {
                cl.pending_requests()
                    .map(|(xid, tag, op)| {
                        let (op, path) = op_summary(op);
                        PendingRequest {
                            xid,
                            op,
                            path,
                            program: self.is_program_tag(c, tag),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        // The newest first, back to the limit: a long run's log holds every client's lines.
        let mut mine: Vec<&ClientLine> = self
            .client_lines()
            .iter()
            .rev()
            .filter(|l| l.client == c)
            .take(HEARD_LIMIT)
            .collect();
        mine.reverse();
        let heard = mine
            .iter()
            .map(|l| HeardLine {
                time: l.time,
                cmd: l.cmd,
                program: l.program,
                json: match &l.event {
                    ClientEvent::Answer { outcome, .. } => {
                        answer_json(&name, l.cmd.unwrap_or("?"), outcome, owner)
                    }
                    ClientEvent::Watch(ev) => event_json(&name, ev),
                    ClientEvent::Session(ev) => serde_json::json!({
                        "client": name, "event": "None", "state": ev.name()
                    })
                    .to_string(),
                },
                event: l.event.clone(),
            })
            .collect();
        Some(ClientDetail {
            id: c,
            name: name.clone(),
            state: ClientStatus::of(client),
            session: self.client_session(c),
            timeout_ms: client.map_or(0, |cl| cl.timeout_ms()),
            server: client.and_then(|cl| cl.server()),
            last_zxid: client.map_or(Zxid(0), |cl| cl.last_zxid()),
            paused: self.is_paused_now(ProcessId::Client(c)),
            runs_program: self.program(c).is_some(),
            pending,
            heard,
            heard_total: self.client_heard(c),
        })
    }

    /// The client named `name`, if any.
    pub fn client_by_name(&self, name: &str) -> Option<ClientId> {
        self.client_ids().find(|c| self.client_name(*c) == name)
    }
}

#[cfg(test)]
mod tests;
