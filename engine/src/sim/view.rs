//! Read-only snapshots of a simulation: all the UI and the CLI ever see of the engine.

use crate::ids::{ClientId, ProcessId, ServerId};
use crate::time::Micros;

/// What a server is doing (reference Z1), or `Down` when it has crashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Running Fast Leader Election.
    Looking,
    /// Following a leader.
    Following,
    /// Leading the ensemble.
    Leading,
    /// A non-voting observer attached to a leader.
    Observing,
    /// Crashed: only its durable state exists.
    Down,
}

impl Role {
    /// The name used in the CLI summary and the UI (`LOOKING`, …, `DOWN`).
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Looking => "LOOKING",
            Role::Following => "FOLLOWING",
            Role::Leading => "LEADING",
            Role::Observing => "OBSERVING",
            Role::Down => "DOWN",
        }
    }
}

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

/// What a message is for: the UI colours messages by class (and the legend names them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum FlightClass {
    /// Fast Leader Election notifications (votes).
    Vote,
    /// Zab discovery and synchronisation (FOLLOWERINFO, LEADERINFO, ACKEPOCH, DIFF, TRUNC,
    /// SNAP, NEWLEADER, UPTODATE).
    Sync,
    /// Zab broadcast: PROPOSAL, ACK, COMMIT, INFORM.
    Broadcast,
    /// Heartbeats, between servers or with clients.
    Ping,
    /// A client's request (or one a follower forwards to the leader), connects and SYNC.
    Request,
    /// A server's answer to a client (and session answers).
    Answer,
    /// A watch event on its way to a client.
    Watch,
}

impl FlightClass {
    /// Every class, in legend order.
    pub const ALL: [FlightClass; 7] = [
        FlightClass::Vote,
        FlightClass::Sync,
        FlightClass::Broadcast,
        FlightClass::Ping,
        FlightClass::Request,
        FlightClass::Answer,
        FlightClass::Watch,
    ];

    /// Lower-case name, used as a CSS class.
    pub fn as_str(self) -> &'static str {
        match self {
            FlightClass::Vote => "vote",
            FlightClass::Sync => "sync",
            FlightClass::Broadcast => "broadcast",
            FlightClass::Ping => "ping",
            FlightClass::Request => "request",
            FlightClass::Answer => "answer",
            FlightClass::Watch => "watch",
        }
    }
}

impl FlightClass {
    /// The class of a server-to-server message.
    pub fn of_server_msg(msg: &crate::server::msg::Msg) -> Self {
        use crate::server::msg::Msg;
        match msg {
            Msg::Notification { .. } => FlightClass::Vote,
            Msg::Proposal { .. } | Msg::Ack { .. } | Msg::Commit { .. } | Msg::Inform { .. } => {
                FlightClass::Broadcast
            }
            Msg::Ping | Msg::PingReply { .. } => FlightClass::Ping,
            Msg::Request { .. }
            | Msg::Sync { .. }
            | Msg::SyncDone { .. }
            | Msg::Revalidate { .. }
            | Msg::Revalidated { .. } => FlightClass::Request,
            _ => FlightClass::Sync,
        }
    }

    /// The class of a client-to-server message.
    pub fn of_request(msg: &crate::client::proto::ToServer) -> Self {
        use crate::client::proto::ToServer;
        match msg {
            ToServer::Ping => FlightClass::Ping,
            _ => FlightClass::Request,
        }
    }

    /// The class of a server-to-client message.
    pub fn of_answer(msg: &crate::client::proto::ToClient) -> Self {
        use crate::client::proto::ToClient;
        match msg {
            ToClient::Pong => FlightClass::Ping,
            ToClient::Event(_) => FlightClass::Watch,
            _ => FlightClass::Answer,
        }
    }
}

/// A message on its way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flight {
    /// Its id, unique in the run (what `drop message N` and `delay message N by D` name).
    pub id: u64,
    /// Sender.
    pub from: ProcessId,
    /// Receiver.
    pub to: ProcessId,
    /// When it was sent.
    pub sent: Micros,
    /// When it will arrive.
    pub arrives: Micros,
    /// Its kind (`PROPOSAL`, `NOTIFICATION`, …).
    pub kind: &'static str,
    /// What it is for.
    pub class: FlightClass,
    /// Its content, as a trace shows it.
    pub text: String,
}

/// A message that is no longer in flight, for the space-time diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MessageRecord {
    /// The flight it was.
    pub id: u64,
    /// Sender.
    pub from: ProcessId,
    /// Receiver.
    pub to: ProcessId,
    /// When it was sent.
    pub sent: Micros,
    /// When it arrived or was dropped.
    pub ended: Micros,
    /// Its kind.
    pub kind: &'static str,
    /// What it was for.
    pub class: FlightClass,
    /// False if it never reached its receiver (cut, dropped, receiver gone).
    pub delivered: bool,
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
