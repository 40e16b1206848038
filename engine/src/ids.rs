//! Names of the processes in a simulation.

use std::fmt;

/// A server of the ensemble, `s1` … `sN` (the `myid` of ZooKeeper, starting at 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServerId(pub u8);

impl fmt::Display for ServerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "s{}", self.0)
    }
}

/// A client process, by its index in the scenario's client list (its name lives there).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClientId(pub u16);

/// Any process the simulator runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ProcessId {
    /// A ZooKeeper server.
    Server(ServerId),
    /// A client process (the client library and, optionally, a program driving it).
    Client(ClientId),
}
