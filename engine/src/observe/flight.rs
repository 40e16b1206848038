//! Messages as the observers see them: in flight (with where they go and when they arrive) and
//! finished (delivered or dropped), each with the class the UI colours it by.

use crate::ids::ProcessId;
use crate::time::Micros;

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
    pub fn of_request(msg: &crate::proto::ToServer) -> Self {
        use crate::proto::ToServer;
        match msg {
            ToServer::Ping => FlightClass::Ping,
            _ => FlightClass::Request,
        }
    }

    /// The class of a server-to-client message.
    pub fn of_answer(msg: &crate::proto::ToClient) -> Self {
        use crate::proto::ToClient;
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
    /// Its content, as a trace shows it (shared with the message on its link).
    pub text: std::rc::Rc<str>,
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
