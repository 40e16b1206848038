//! The trace: every send, delivery, drop, timer, role change, fault and violation, with its time.
//! Its hash fingerprints a run: equal runs have equal hashes, natively and in Wasm.

use super::chunked::Chunked;
use crate::digest::Digest;
use crate::ids::ServerId;
use crate::time::{format_decimal, Micros};
use std::cell::OnceCell;
use std::fmt;
use std::rc::Rc;

/// What kind of thing a trace line records (for filtering in tests and the UI).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Category {
    /// A message was sent.
    Send,
    /// A message arrived.
    Deliver,
    /// A message was dropped (cut, lost, or its receiver crashed).
    Drop,
    /// A timer fired.
    Timer,
    /// A server changed role.
    Role,
    /// A protocol step worth seeing (epoch proposed, sync chosen, established, …).
    Protocol,
    /// An injected fault or other scenario action.
    Fault,
    /// A client answer or event.
    Client,
    /// An invariant broke.
    Violation,
}

impl Category {
    /// Lower-case name used in trace text.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Send => "send",
            Category::Deliver => "recv",
            Category::Drop => "drop",
            Category::Timer => "timer",
            Category::Role => "role",
            Category::Protocol => "zab",
            Category::Fault => "fault",
            Category::Client => "client",
            Category::Violation => "VIOLATION",
        }
    }
}

/// One recorded event.
#[derive(Clone, Debug)]
pub struct TraceLine {
    /// When, in simulated time.
    pub time: Micros,
    /// What kind of event.
    pub category: Category,
    text: Text,
}

/// What a line says: its text, or a message's line kept as its parts and written out the
/// first time it is read (most lines are messages, sent and delivered; most are never read).
#[derive(Clone, Debug)]
enum Text {
    Written(String),
    Wire(WireLine, OnceCell<String>),
}

/// A message's trace line as its parts: `from -> to TEXT`, and ` (why)` after it if given.
#[derive(Clone, Debug)]
pub struct WireLine {
    /// Who sent it.
    pub from: Who,
    /// Who it is for.
    pub to: Who,
    /// The message, as it was described when sent (shared with its flight).
    pub msg: Rc<str>,
    /// Why it was dropped, if it was.
    pub why: Option<&'static str>,
}

/// A process as a trace line names it.
#[derive(Clone, Debug)]
pub enum Who {
    /// Server `sN`.
    Server(ServerId),
    /// A client, by its name.
    Client(Rc<str>),
}

impl fmt::Display for Who {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Who::Server(s) => write!(f, "{s}"),
            Who::Client(name) => f.write_str(name),
        }
    }
}

impl fmt::Display for WireLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} -> {} {}", self.from, self.to, self.msg)?;
        match self.why {
            Some(why) => write!(f, " ({why})"),
            None => Ok(()),
        }
    }
}

impl TraceLine {
    /// What happened, as a human reads it (`s1 -> s2 PROPOSAL zxid=0x100000001`).
    pub fn text(&self) -> &str {
        match &self.text {
            Text::Written(text) => text,
            Text::Wire(wire, shown) => shown.get_or_init(|| wire.to_string()),
        }
    }
}

impl PartialEq for TraceLine {
    fn eq(&self, other: &Self) -> bool {
        (self.time, self.category, self.text()) == (other.time, other.category, other.text())
    }
}

impl Eq for TraceLine {}

impl fmt::Display for TraceLine {
    /// The line as the scenario language writes what happened: `at 206.435ms s2 FOLLOWING`,
    /// `at 1000ms alice create /a x` (an injected action reads exactly as in the scenario).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at {}ms {}", format_decimal(self.time, 3), self.text())
    }
}

/// The trace of a run. Lines are kept in sealed, shared chunks: cloning a trace (a checkpoint)
/// costs a few pointer copies, not the whole history.
#[derive(Clone, Debug)]
pub struct Trace {
    hash: u64,
    count: u64,
    keep: bool,
    lines: Chunked<TraceLine>,
    /// Where [`Trace::record_fmt`] writes a line before hashing it (empty between records, so
    /// a clone copies nothing).
    scratch: String,
}

impl Default for Trace {
    fn default() -> Self {
        Trace {
            hash: Digest::default().finish(),
            count: 0,
            keep: true,
            lines: Chunked::default(),
            scratch: String::new(),
        }
    }
}

impl Trace {
    /// Record one event.
    pub fn record(&mut self, time: Micros, category: Category, text: String) {
        self.fold(time, category, &text);
        if self.keep {
            self.lines.push(TraceLine {
                time,
                category,
                text: Text::Written(text),
            });
        }
    }

    /// Record one event whose text is `args` formatted: the same line as [`Trace::record`]
    /// of `format!(args)`, written into a reused buffer, so an event costs an allocation only
    /// when its line is kept.
    pub fn record_fmt(&mut self, time: Micros, category: Category, args: fmt::Arguments<'_>) {
        use fmt::Write as _;
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        // Writing into a String cannot fail unless a Display impl does.
        let _ = text.write_fmt(args);
        self.fold(time, category, &text);
        if self.keep {
            self.lines.push(TraceLine {
                time,
                category,
                text: Text::Written(text.as_str().to_owned()),
            });
        }
        text.clear();
        self.scratch = text;
    }

    /// Record a message's line (sent, delivered, dropped) from its parts: hashed from them and,
    /// if kept, kept as them (its text is written when it is first read).
    pub fn record_wire(&mut self, time: Micros, category: Category, wire: WireLine) {
        let who = |d: Digest, w: &Who| match w {
            Who::Server(s) => d.u64(u64::from(s.0)),
            Who::Client(name) => d.u64(1 << 32).str(name),
        };
        let d = Digest::from_state(self.hash).u64(time).u64(category as u64);
        let d = who(who(d, &wire.from), &wire.to).str(&wire.msg);
        self.hash = d.str(wire.why.unwrap_or("")).finish();
        self.count += 1;
        if self.keep {
            self.lines.push(TraceLine {
                time,
                category,
                text: Text::Wire(wire, OnceCell::new()),
            });
        }
    }

    /// Fold one event into the hash and the count.
    fn fold(&mut self, time: Micros, category: Category, text: &str) {
        self.hash = Digest::from_state(self.hash)
            .u64(time)
            .u64(category as u64)
            .str(text)
            .finish();
        self.count += 1;
    }

    /// Keep lines in memory (default) or only hash them (long benchmarks).
    pub fn keep_lines(&mut self, keep: bool) {
        self.keep = keep;
    }

    /// The fingerprint of everything recorded so far, as hex.
    pub fn hash_hex(&self) -> String {
        format!("{:016x}", self.hash)
    }

    /// How many events were recorded.
    pub fn len(&self) -> u64 {
        self.count
    }

    /// True if nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The kept lines, oldest first.
    pub fn lines(&self) -> impl DoubleEndedIterator<Item = &TraceLine> + '_ {
        self.lines.iter()
    }

    /// How many lines are kept.
    pub fn kept(&self) -> usize {
        self.lines.len()
    }

    /// Forget kept lines from before `t` (whole chunks; the hash and the count stay).
    pub fn forget_before(&mut self, t: Micros) {
        self.lines.forget_before(t, |l| l.time);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line written through the reused buffer is the line `format!` makes: the same text
    /// kept, the same hash, line after line (the buffer starts empty each time).
    #[test]
    fn a_formatted_record_is_the_same_event_as_its_text() {
        let (mut by_text, mut by_fmt) = (Trace::default(), Trace::default());
        let mut unkept = Trace::default();
        unkept.keep_lines(false);
        for (i, to) in ["s2", "alice", "s10"].into_iter().enumerate() {
            let t = 1000 * i as u64;
            by_text.record(t, Category::Send, format!("s1 -> {to} PING"));
            by_fmt.record_fmt(t, Category::Send, format_args!("s1 -> {to} PING"));
            unkept.record_fmt(t, Category::Send, format_args!("s1 -> {to} PING"));
        }
        assert_eq!(by_fmt.hash_hex(), by_text.hash_hex());
        assert_eq!(unkept.hash_hex(), by_text.hash_hex());
        assert_eq!((unkept.len(), unkept.kept()), (3, 0));
        let texts = |t: &Trace| t.lines().map(|l| l.text().to_owned()).collect::<Vec<_>>();
        assert_eq!(
            texts(&by_fmt),
            ["s1 -> s2 PING", "s1 -> alice PING", "s1 -> s10 PING"]
        );
        assert_eq!(texts(&by_fmt), texts(&by_text));
    }

    /// A message's line, kept as its parts, reads as the line written out (`from -> to TEXT`,
    /// ` (why)` if dropped) and equals it; kept or not, the hash is the same, and it changes
    /// with any part.
    #[test]
    fn a_message_line_reads_as_its_parts_written_out() {
        let wire = |to: &str, why| WireLine {
            from: Who::Server(ServerId(1)),
            to: Who::Client(to.into()),
            msg: "REPLY xid=3 zxid=0x100000002".into(),
            why,
        };
        let (mut kept, mut unkept) = (Trace::default(), Trace::default());
        unkept.keep_lines(false);
        for t in [&mut kept, &mut unkept] {
            t.record_wire(5000, Category::Send, wire("alice", None));
            t.record_wire(9000, Category::Drop, wire("alice", Some("cut")));
        }
        assert_eq!(kept.hash_hex(), unkept.hash_hex());
        assert_eq!((unkept.len(), unkept.kept(), kept.kept()), (2, 0, 2));
        let lines: Vec<String> = kept.lines().map(|l| l.to_string()).collect();
        assert_eq!(
            lines,
            [
                "at 5ms s1 -> alice REPLY xid=3 zxid=0x100000002",
                "at 9ms s1 -> alice REPLY xid=3 zxid=0x100000002 (cut)"
            ]
        );
        let mut written = Trace::default();
        let text = "s1 -> alice REPLY xid=3 zxid=0x100000002".to_string();
        written.record(5000, Category::Send, text);
        assert_eq!(written.lines().next(), kept.lines().next());
        let mut other = Trace::default();
        other.record_wire(5000, Category::Send, wire("bob", None));
        let mut first = Trace::default();
        first.record_wire(5000, Category::Send, wire("alice", None));
        assert_ne!(other.hash_hex(), first.hash_hex());
    }
}
