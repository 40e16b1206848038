//! Read-only snapshots of a simulation: all the UI and the CLI ever see of the engine.

use crate::ids::{ClientId, ProcessId, ServerId};
use crate::recipes::ResourceAct;
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

/// One client process as seen from outside.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientView {
    /// Its id.
    pub id: ClientId,
    /// Its name in the scenario.
    pub name: String,
    /// `CONNECTING`, `CONNECTED`, `CLOSED`, or `DOWN` once its process crashed.
    pub state: &'static str,
    /// The server it talks to (or is trying), if any.
    pub server: Option<ServerId>,
    /// Its session id (0 before the first one opens).
    pub session: u64,
    /// Requests sent or queued but not answered yet.
    pub pending: usize,
    /// True while a pause holds it.
    pub paused: bool,
    /// How far its clock runs from real time, in parts per million.
    pub drift_ppm: i64,
    /// True while it uses the protected resource (holds the lock, leads, …).
    pub holding: bool,
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
        }
    }

    /// What the UI shows of every client.
    fn client_views(&self) -> Vec<ClientView> {
        let mut holding = std::collections::BTreeSet::new();
        for line in self.resource_log() {
            match &line.act {
                ResourceAct::Release { .. } => holding.remove(&line.client),
                _ => holding.insert(line.client),
            };
        }
        self.client_ids()
            .map(|id| {
                let client = self.client(id);
                let p = ProcessId::Client(id);
                ClientView {
                    id,
                    name: self.client_name(id).to_string(),
                    state: client.map_or("DOWN", |c| c.state().as_str()),
                    server: client.and_then(|c| c.server()),
                    session: self.client_session(id),
                    pending: client.map_or(0, |c| c.pending()),
                    paused: self.is_paused_now(p),
                    drift_ppm: self.drift_ppm(p),
                    holding: holding.contains(&id),
                }
            })
            .collect()
    }
}
