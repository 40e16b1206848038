//! What the space-time diagram draws for a window of time, worked out once a frame and drawn
//! by a pen (the page's canvas, or SVG text for an export): lifelines, markers, the messages
//! that ended in the window and those in flight, with their x and y in CSS pixels.
//!
//! A window over a whole long run can hold a hundred thousand messages: the finished ones are
//! read without copying ([`RunRef::visit_messages_ending_in`]) and those that would land on
//! the same pixels as one already drawn (same lifelines, same class, ends on the same pixels) are
//! drawn once, so a frame costs what the picture shows, not what the run holds.

use engine::{ms, ClusterView, FlightClass, Marker, MarkerKind, Micros, ProcessId};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use super::lifelines;
use crate::state::RunRef;

/// The height of a lifeline's row, in CSS pixels.
pub const ROW: f64 = 26.0;
/// The room above the first lifeline (time labels, marker labels).
pub const TOP: f64 = 30.0;
/// The plot's margin left and right.
pub const PAD: f64 = 10.0;

/// One arrow as drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Seg {
    /// The message (the first of those drawn on the same pixels).
    pub id: u64,
    /// Where it starts (sender, sent).
    pub x0: f64,
    /// Where it starts (sender's row).
    pub y0: f64,
    /// Where it ends (receiver, arrival or loss).
    pub x1: f64,
    /// Where it ends (receiver's row).
    pub y1: f64,
    /// What it is for.
    pub class: FlightClass,
    /// False if it was lost.
    pub delivered: bool,
    /// True if it is still on its way (drawn dashed, cut at now).
    pub in_flight: bool,
}

/// A marker as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct MarkLine {
    /// Its x.
    pub x: f64,
    /// What it marks.
    pub kind: MarkerKind,
    /// The marker itself (its words are the pen's to choose).
    pub marker: Marker,
}

/// Everything one frame of the diagram draws.
#[derive(Clone, Debug, PartialEq)]
pub struct Scene {
    /// The window of time shown.
    pub win: (Micros, Micros),
    /// The current instant (in-flight arrows are cut there).
    pub now: Micros,
    /// The plot's width and height in CSS pixels.
    pub size: (f64, f64),
    /// The lifelines, top to bottom, with whether the process is down.
    pub rows: Vec<(ProcessId, bool)>,
    /// The arrows, finished ones first (in the order they ended), then those in flight.
    /// Finished ones are those that ended in the window, and those sent in it that ended later
    /// (a window held in the past).
    pub segs: Vec<Seg>,
    /// How many messages the window holds (before arrows on the same pixels were merged).
    pub total: usize,
    /// The markers in the window.
    pub marks: Vec<MarkLine>,
}

impl Scene {
    /// The x of instant `t`.
    pub fn x(&self, t: Micros) -> f64 {
        x_in(self.win, self.size.0, t)
    }

    /// The arrow nearest to (`x`, `y`), within `reach` pixels.
    pub fn hit(&self, x: f64, y: f64, reach: f64) -> Option<&Seg> {
        let now_x = self.x(self.now);
        self.segs
            .iter()
            .map(|s| {
                let (mut x1, mut y1) = (s.x1, s.y1);
                if s.in_flight && x1 > now_x && x1 > s.x0 {
                    // Only the part sent so far is drawn.
                    let f = (now_x - s.x0) / (x1 - s.x0);
                    (x1, y1) = (now_x, s.y0 + f * (y1 - s.y0));
                }
                (s, distance(x, y, (s.x0, s.y0), (x1, y1)))
            })
            .filter(|(_, d)| *d <= reach)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(s, _)| s)
    }
}

/// The x of `t` in window `win` drawn `width` pixels wide.
pub fn x_in((from, to): (Micros, Micros), width: f64, t: Micros) -> f64 {
    let span = to.saturating_sub(from).max(1) as f64;
    PAD + (t as f64 - from as f64) / span * (width - 2.0 * PAD)
}

/// The y of lifeline `row`.
pub fn y_of(row: usize) -> f64 {
    TOP + ROW * (row as f64 + 0.5)
}

/// The plot's height for `rows` lifelines.
pub fn height(rows: usize) -> f64 {
    TOP + ROW * rows as f64 + 8.0
}

fn distance(px: f64, py: f64, (ax, ay): (f64, f64), (bx, by): (f64, f64)) -> f64 {
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((px - ax) * dx + (py - ay) * dy) / len2).clamp(0.0, 1.0)
    };
    ((px - ax - t * dx).powi(2) + (py - ay - t * dy).powi(2)).sqrt()
}

/// The scene of window `win` at `view`'s instant, `width` pixels wide; pings only if `pings`.
pub fn scene(
    run: &RunRef,
    view: &ClusterView,
    markers: &[Marker],
    win: (Micros, Micros),
    width: f64,
    pings: bool,
) -> Scene {
    let lines = lifelines(view);
    // A row by process, looked up once a message (a whole run holds a hundred thousand).
    let mut server_rows: Vec<Option<usize>> = Vec::new();
    let mut client_rows: Vec<Option<usize>> = Vec::new();
    for (i, p) in lines.iter().enumerate() {
        let (table, at) = match *p {
            ProcessId::Server(id) => (&mut server_rows, id.0 as usize),
            ProcessId::Client(c) => (&mut client_rows, c.0 as usize),
        };
        if table.len() <= at {
            table.resize(at + 1, None);
        }
        table[at] = Some(i);
    }
    let row_of = |p: ProcessId| match p {
        ProcessId::Server(id) => server_rows.get(id.0 as usize).copied().flatten(),
        ProcessId::Client(c) => client_rows.get(c.0 as usize).copied().flatten(),
    };
    let rows = lines
        .iter()
        .map(|&p| {
            let down = match p {
                ProcessId::Server(id) => view
                    .servers
                    .iter()
                    .any(|s| s.id == id && s.role == engine::Role::Down),
                ProcessId::Client(c) => view
                    .clients
                    .get(c.0 as usize)
                    .is_some_and(|c| c.state == engine::ClientStatus::Down),
            };
            (p, down)
        })
        .collect();
    let x = |t: Micros| x_in(win, width, t);
    let keep = |c: FlightClass| pings || c != FlightClass::Ping;
    let mut segs = Vec::new();
    let mut seen: HashSet<u64, BuildHasherDefault<Mix>> = HashSet::default();
    let mut total = 0;
    // A window held in the past also shows the messages sent in it that arrived after its end
    // (cut at its edge), as far as a slow message can take.
    let late = (win.1 - win.0).max(ms(5000));
    run.visit_messages_ending_in(win.0, win.1.saturating_add(late), |m| {
        if !keep(m.class) || m.sent > win.1 {
            return;
        }
        total += 1;
        let (Some(r0), Some(r1)) = (row_of(m.from), row_of(m.to)) else {
            return;
        };
        let (x0, x1) = (x(m.sent), x(m.ended));
        // Rows below 256, pixels below 65,536 (wider windows merge more, never wrongly).
        let key = (r0 as u64 & 0xff)
            | (r1 as u64 & 0xff) << 8
            | (x0.round() as i64 as u64 & 0xffff) << 16
            | (x1.round() as i64 as u64 & 0xffff) << 32
            | (m.class as u64) << 48
            | (m.delivered as u64) << 56;
        if seen.insert(key) {
            segs.push(Seg {
                id: m.id,
                x0,
                y0: y_of(r0),
                x1,
                y1: y_of(r1),
                class: m.class,
                delivered: m.delivered,
                in_flight: false,
            });
        }
    });
    let now = view.time;
    for f in &view.in_flight {
        if !keep(f.class) || f.sent > now || f.sent > win.1 {
            continue;
        }
        let (Some(r0), Some(r1)) = (row_of(f.from), row_of(f.to)) else {
            continue;
        };
        total += 1;
        segs.push(Seg {
            id: f.id,
            x0: x(f.sent),
            y0: y_of(r0),
            x1: x(f.arrives),
            y1: y_of(r1),
            class: f.class,
            delivered: true,
            in_flight: true,
        });
    }
    let start = markers.partition_point(|m| m.time < win.0);
    let marks = markers[start..]
        .iter()
        .take_while(|m| m.time <= win.1)
        .map(|m| MarkLine {
            x: x(m.time),
            kind: m.kind,
            marker: m.clone(),
        })
        .collect();
    Scene {
        win,
        now,
        size: (width, height(lines.len())),
        rows,
        segs,
        total,
        marks,
    }
}

/// A hasher for the pixel keys (the default one, made to resist chosen keys, made merging a
/// whole run's arrows cost more than drawing them).
#[derive(Default)]
pub struct Mix(u64);

impl Hasher for Mix {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn write_u64(&mut self, v: u64) {
        // splitmix64's finaliser: every input bit moves the low bits the table indexes by.
        let mut z = v.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        self.0 = z ^ (z >> 31);
    }
}
