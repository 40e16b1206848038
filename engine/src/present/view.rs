//! Read-only snapshots of a simulation: all the UI and the CLI ever see of the engine.

use crate::client::ClientState;
use crate::ids::{ClientId, ProcessId, ServerId};
use crate::recipes::{sequence, QUEUE_PARENTS};
use crate::sim::Simulation;
use crate::time::Micros;

use crate::observe::Flight;
pub use crate::proto::Role;

/// One server as seen from outside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerView {
    /// Its id.
    pub id: ServerId,
    /// Its role.
    pub role: Role,
    /// Its accepted epoch.
    pub epoch: u32,
    /// The last zxid in its log.
    pub last_zxid: u64,
    /// The last zxid it has committed (applied); 0 while down.
    pub committed_zxid: u64,
    /// True while a pause holds it.
    pub paused: bool,
    /// How far its clock runs from real time, in parts per million.
    pub drift_ppm: i64,
    /// True for an observer.
    pub observer: bool,
}

/// Where a client process stands, as the UI shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientStatus {
    /// Looking for a server, or waiting for its answer to connect.
    Connecting,
    /// Connected, session open.
    Connected,
    /// Its session is over (closed or expired): the handle is dead.
    Closed,
    /// Its process crashed.
    Down,
}

impl ClientStatus {
    /// The upper-case name (`CONNECTING`, `CONNECTED`, `CLOSED`, `DOWN`), for attributes and
    /// the CLI.
    pub fn as_str(self) -> &'static str {
        match self {
            ClientStatus::Connecting => "CONNECTING",
            ClientStatus::Connected => "CONNECTED",
            ClientStatus::Closed => "CLOSED",
            ClientStatus::Down => "DOWN",
        }
    }

    /// The status of a client handle, or `Down` without one.
    pub fn of(client: Option<&crate::client::Client>) -> Self {
        match client.map(|c| c.state()) {
            None => ClientStatus::Down,
            Some(ClientState::Connecting) => ClientStatus::Connecting,
            Some(ClientState::Connected) => ClientStatus::Connected,
            Some(ClientState::Closed) => ClientStatus::Closed,
        }
    }
}

/// The clients waiting for one lock (or for leadership), head first: the children of a
/// recipe's parent node in sequence order, named by the client that owns each, read from the
/// leader's tree (or, without one, from the running server that has committed the most).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockQueue {
    /// The parent node (`/lock`).
    pub parent: &'static str,
    /// The contenders' client names (or node names when no client owns them), in order.
    pub members: Vec<String>,
}

impl LockQueue {
    /// `name`'s place in the queue, counting from 1 (the head).
    pub fn place(&self, name: &str) -> Option<usize> {
        self.members.iter().position(|m| m == name).map(|i| i + 1)
    }
}

/// One client process as seen from outside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientView {
    /// Its id.
    pub id: ClientId,
    /// Its name in the scenario.
    pub name: String,
    /// Connecting, connected, closed, or down once its process crashed.
    pub state: ClientStatus,
    /// The server it talks to (or is trying), if any.
    pub server: Option<ServerId>,
    /// Its session id (0 before the first one opens).
    pub session: u64,
    /// Requests sent or queued but not answered yet.
    pub pending: usize,
    /// How many things its application has heard so far (answers, watch and session events).
    pub heard: usize,
    /// True while a pause holds it.
    pub paused: bool,
    /// How far its clock runs from real time, in parts per million.
    pub drift_ppm: i64,
    /// True while it holds the lock (or leads, or reads under a read lock) by the resource's
    /// log: from its acquire to its release.
    pub holding: bool,
    /// What its program is doing now, as the program believes.
    pub part: Part,
    /// True while it believes it holds the lock or is the master, but the ensemble has ended
    /// its session: what it holds is gone, and anything it does now is unsafe.
    pub stale: bool,
    /// The last recipe invariant one of its own acts broke, so far.
    pub broke: Option<Broke>,
}

/// What a client's recipe program is doing, as it believes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Nothing the map marks (no program, waiting in a queue, a member, …).
    Idle,
    /// Holds the lock (or leads).
    Holds,
    /// Acts as the master.
    Master,
    /// A worker running a task.
    Works(String),
    /// Runs the Byzantine generals.
    Generals,
}

/// A recipe invariant a client's act broke.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Broke {
    /// When.
    pub time: Micros,
    /// The invariant (`mutual-exclusion`, `one-master`, `at-most-once`).
    pub invariant: &'static str,
    /// What happened, in the checker's words.
    pub detail: String,
    /// The clients involved: the one whose act broke it first, then the others.
    pub who: Vec<String>,
    /// The task involved (a task run twice).
    pub task: Option<String>,
}

/// The whole simulation at one instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClusterView {
    /// Simulated time of the picture.
    pub time: Micros,
    /// Every server, in id order.
    pub servers: Vec<ServerView>,
    /// Every client, in id order.
    pub clients: Vec<ClientView>,
    /// Messages in flight, oldest first.
    pub in_flight: Vec<Flight>,
    /// Cut directed links.
    pub cuts: Vec<(ProcessId, ProcessId)>,
    /// The network's base one-way latency range.
    pub latency: (Micros, Micros),
    /// Message loss, parts per million.
    pub loss_ppm: u32,
    /// The established leader, if any.
    pub leader: Option<ServerId>,
    /// Every non-empty lock (or election) queue.
    pub queues: Vec<LockQueue>,
    /// Every client's run of the Byzantine generals.
    pub generals: Vec<super::generals::GeneralsView>,
}

impl ClusterView {
    /// A process's name as the scenario writes it (`s2`, `alice`).
    pub fn name(&self, p: ProcessId) -> String {
        match p {
            ProcessId::Server(s) => s.to_string(),
            ProcessId::Client(c) => self
                .clients
                .get(c.0 as usize)
                .map_or_else(|| format!("client{}", c.0), |v| v.name.clone()),
        }
    }

    /// True if the directed link `from → to` is cut.
    pub fn is_cut(&self, from: ProcessId, to: ProcessId) -> bool {
        self.cuts.contains(&(from, to))
    }
}

impl Simulation {
    /// A read-only picture of the whole simulation, for the UI and the CLI.
    pub fn view(&self) -> ClusterView {
        let servers = self
            .config()
            .all()
            .map(|id| {
                let d = self.durable(id);
                ServerView {
                    id,
                    role: self.role(id),
                    epoch: d.accepted_epoch,
                    last_zxid: d.last_zxid().0,
                    committed_zxid: self.server(id).map_or(0, |s| s.committed().0),
                    paused: self.is_paused_now(ProcessId::Server(id)),
                    drift_ppm: self.drift_ppm(ProcessId::Server(id)),
                    observer: !self.config().is_voter(id),
                }
            })
            .collect();
        let net = self.network();
        ClusterView {
            time: self.now(),
            servers,
            clients: self.client_views(),
            in_flight: self.in_flight().cloned().collect(),
            cuts: net.cuts().copied().collect(),
            latency: net.latency(),
            loss_ppm: net.loss_ppm,
            leader: self.leader(),
            queues: self.lock_queues(),
            generals: self.generals_runs(),
        }
    }

    /// Every non-empty lock (or election) queue, in the recipes' queue parents order.
    pub fn lock_queues(&self) -> Vec<LockQueue> {
        let Some(tree) = self.picture_tree() else {
            return Vec::new();
        };
        QUEUE_PARENTS
            .iter()
            .filter_map(|&parent| {
                let mut kids: Vec<(u64, String)> = tree
                    .get_children(parent)
                    .ok()?
                    .into_iter()
                    .map(|k| (sequence(&k).unwrap_or(u64::MAX), k))
                    .collect();
                if kids.is_empty() {
                    return None;
                }
                kids.sort();
                let members = kids
                    .into_iter()
                    .map(|(_, kid)| {
                        let owner = tree
                            .node(&format!("{parent}/{kid}"))
                            .map_or(0, |n| n.stat().ephemeral_owner);
                        (owner != 0)
                            .then(|| self.session_owner(owner))
                            .flatten()
                            .unwrap_or(kid)
                    })
                    .collect();
                Some(LockQueue { parent, members })
            })
            .collect()
    }

    /// What the UI shows of every client.
    fn client_views(&self) -> Vec<ClientView> {
        let sessions = self.ensemble_sessions();
        self.client_ids()
            .map(|id| {
                let client = self.client(id);
                let p = ProcessId::Client(id);
                let part = self.part_of(id);
                ClientView {
                    id,
                    name: self.client_name(id).to_string(),
                    state: ClientStatus::of(client),
                    server: client.and_then(|c| c.server()),
                    session: self.client_session(id),
                    pending: client.map_or(0, |c| c.pending()),
                    heard: self.client_heard(id),
                    paused: self.is_paused_now(p),
                    drift_ppm: self.drift_ppm(p),
                    holding: self.holds_resource(id),
                    part: part.clone(),
                    stale: matches!(part, Part::Holds | Part::Master)
                        && sessions
                            .as_ref()
                            .is_some_and(|s| !s.contains(&self.client_session(id))),
                    broke: self.broke_by(id),
                }
            })
            .collect()
    }

    /// The tree the picture reads: the leader's, else the running server that has committed
    /// the most; `None` when no server runs.
    fn picture_tree(&self) -> Option<&crate::tree::DataTree> {
        let source = self.leader().or_else(|| {
            self.servers()
                .max_by_key(|s| (s.committed(), std::cmp::Reverse(s.id())))
                .map(|s| s.id())
        })?;
        Some(&self.server(source)?.state().tree)
    }

    /// The sessions the ensemble has (in the picture's tree), or `None` when no server runs.
    fn ensemble_sessions(&self) -> Option<std::collections::BTreeSet<u64>> {
        Some(self.picture_tree()?.sessions().map(|(s, _)| s).collect())
    }

    /// What client `id`'s program is doing.
    fn part_of(&self, id: ClientId) -> Part {
        let Some(p) = self.program(id) else {
            return Part::Idle;
        };
        if p.generals().is_some() {
            Part::Generals
        } else if p.acting_master() {
            Part::Master
        } else if p.holds() {
            Part::Holds
        } else if let Some(task) = p.busy_with() {
            Part::Works(task.to_string())
        } else {
            Part::Idle
        }
    }

    /// The last recipe invariant broken with client `id` involved.
    fn broke_by(&self, id: ClientId) -> Option<Broke> {
        let name = self.client_name(id);
        self.recipe_violations()
            .iter()
            .rev()
            .find(|v| v.who.iter().any(|w| w == name))
            .map(|v| Broke {
                time: v.time,
                invariant: v.invariant,
                detail: v.detail.clone(),
                who: v.who.clone(),
                task: v.task.clone(),
            })
    }
}

/// One znode as a lesson points at it: whether it exists, its data, version, children and, for
/// an ephemeral node, the client whose session owns it. Read from the picture's tree (the
/// leader's, else the most advanced running server's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ZnodeView {
    /// Its path.
    pub path: String,
    /// False if the ensemble has no such node (or no server runs).
    pub exists: bool,
    /// Its data as text (shortened).
    pub data: String,
    /// Its data version.
    pub version: i32,
    /// Its children's names, in name order.
    pub children: Vec<String>,
    /// For an ephemeral node, the client that owns it.
    pub owner: Option<String>,
}

impl Simulation {
    /// The znodes at `paths`, as the ensemble has them now.
    pub fn znode_views(&self, paths: &[String]) -> Vec<ZnodeView> {
        let tree = self.picture_tree();
        paths
            .iter()
            .map(|path| {
                let node = tree.and_then(|t| t.node(path));
                let Some(node) = node else {
                    return ZnodeView {
                        path: path.clone(),
                        exists: false,
                        data: String::new(),
                        version: 0,
                        children: Vec::new(),
                        owner: None,
                    };
                };
                let stat = node.stat();
                let mut children = tree
                    .and_then(|t| t.get_children(path).ok())
                    .unwrap_or_default();
                children.sort();
                ZnodeView {
                    path: path.clone(),
                    exists: true,
                    data: crate::present::detail::data_text(node.data(), 40),
                    version: stat.version,
                    children,
                    owner: (stat.ephemeral_owner != 0)
                        .then(|| self.session_owner(stat.ephemeral_owner))
                        .flatten(),
                }
            })
            .collect()
    }
}
