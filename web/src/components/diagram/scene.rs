//! What the space-time diagram draws for a window of time, worked out once a frame and drawn
//! by a pen (the page's canvas, or SVG text for an export): lifelines, markers, the messages
//! that ended in the window and those in flight, with their x and y in CSS pixels.
//!
//! A window over a whole long run can hold a hundred thousand messages: the finished ones are
//! read without copying ([`RunRef::visit_messages_ending_in`]) and those that would land on
//! the same pixels as one already drawn (same lifelines, same class, ends on the same pixels) are
//! drawn once. Once a window holds more than can be stroked, a frame's scene keeps the narrow
//! arrows only as [`Columns`] (a few bits a pixel column), not as segments.

use engine::{ms, ClusterView, FlightClass, Marker, MarkerKind, Micros, ProcessId};
use std::collections::HashSet;
use std::hash::{BuildHasherDefault, Hasher};

use super::lifelines;
use crate::state::{Motion, RunRef};

/// The height of a lifeline's row, in CSS pixels.
pub const ROW: f64 = 26.0;
/// The room above the first lifeline (time labels, marker labels).
pub const TOP: f64 = 30.0;
/// The plot's margin left and right.
pub const PAD: f64 = 10.0;

/// The classes of message, in the order they are drawn (pings underneath): a class's
/// index here is its place in [`Columns`].
pub const LAYERS: [FlightClass; 7] = [
    FlightClass::Ping,
    FlightClass::Vote,
    FlightClass::Sync,
    FlightClass::Broadcast,
    FlightClass::Request,
    FlightClass::Answer,
    FlightClass::Watch,
];

/// A class's place in [`LAYERS`] (and in [`Columns`]).
pub fn layer(c: FlightClass) -> usize {
    LAYERS.iter().position(|&k| k == c).unwrap_or(0)
}

/// From this many finished arrows in a window on, those narrower than [`NARROW`] are drawn as
/// [`Columns`] (set as pixels, not stroked one by one).
pub const STROKED_UNDER: usize = 1_500;

/// An arrow narrower than this (CSS pixels) is drawn as a vertical stroke in its column.
pub const NARROW: f64 = 2.0;

/// The most lifelines [`Columns`] can hold (one bit for each room between two).
pub const BANDS: usize = 128;

/// How much of a window a scene holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Every arrow as a [`Seg`] (for a click, the keyboard, the list, an export).
    Every,
    /// What a frame draws: once the window holds many arrows, the narrow ones only as
    /// [`Columns`], each column's worth however many messages it holds.
    Picture,
}

/// The narrow finished arrows of a busy window, by column: `cover[x * LAYERS.len() + c]` holds
/// the bands (the room between lifelines `g` and `g + 1` is bit `g`, see [`crossing`]) that
/// arrows of class `LAYERS[c]` cross in column `x` (CSS pixels from the plot's left edge).
#[derive(Clone, Debug, PartialEq)]
pub struct Columns {
    /// The bands crossed, by column and class.
    pub cover: Vec<u128>,
}

impl Columns {
    /// The bands class `LAYERS[c]` crosses in column `x`.
    pub fn at(&self, x: usize, c: usize) -> u128 {
        self.cover.get(x * LAYERS.len() + c).copied().unwrap_or(0)
    }
}

/// The bands an arrow between rows `a` and `b` crosses (band `g` lies between rows `g` and
/// `g + 1`); rows past [`BANDS`] are cut.
pub fn crossing(a: usize, b: usize) -> u128 {
    let (lo, hi) = (a.min(b).min(BANDS), a.max(b).min(BANDS));
    let below = |n: usize| {
        if n >= BANDS {
            u128::MAX
        } else {
            (1u128 << n) - 1
        }
    };
    below(hi) & !below(lo)
}

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
    /// With [`STROKED_UNDER`] finished arrows or more, the narrow ones by column. In a
    /// [`Detail::Picture`] scene they are then in no [`Seg`] of `segs`.
    pub columns: Option<Columns>,
}

impl Seg {
    /// True if it is drawn in [`Columns`] when the window is busy: finished, narrower than
    /// [`NARROW`], between lifelines [`Columns`] can hold.
    pub fn narrow(&self) -> bool {
        !self.in_flight && narrow(self.x0, self.x1, row_at(self.y0.max(self.y1)))
    }

    /// Its column in [`Columns`].
    pub fn column(&self) -> usize {
        column_of(self.x0, self.x1)
    }

    /// The rows it joins.
    pub fn rows(&self) -> (usize, usize) {
        (row_at(self.y0), row_at(self.y1))
    }
}

/// True if an arrow from `x0` to `x1` whose lower row is `hi` goes in [`Columns`].
fn narrow(x0: f64, x1: f64, hi: usize) -> bool {
    (x1 - x0).abs() < NARROW && hi < BANDS
}

/// The pixel `x` is on.
fn pixel(x: f64) -> i64 {
    (x + 0.5).floor() as i64
}

/// The column of an arrow from `x0` to `x1`: between the pixels its ends are on (so arrows
/// merged as drawn on the same pixels are in the same column).
fn column_of(x0: f64, x1: f64) -> usize {
    ((pixel(x0) + pixel(x1)) / 2).max(0) as usize
}

/// The row whose lifeline is at `y`.
pub fn row_at(y: f64) -> usize {
    ((y - TOP) / ROW).floor().max(0.0) as usize
}

impl Scene {
    /// True if the narrow finished arrows are drawn from [`Scene::columns`].
    pub fn rastered(&self) -> bool {
        self.columns.is_some()
    }

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
    let scale = (width - 2.0 * PAD) / to.saturating_sub(from).max(1) as f64;
    PAD + (t as f64 - from as f64) * scale
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

/// The scene of window `win` now (the lifelines of `view`'s processes, the clock and messages of
/// `motion`), `width` pixels wide; pings only if `pings`; with every arrow or only what a frame
/// draws (`detail`).
pub fn scene(
    run: &RunRef,
    (view, motion): (&ClusterView, &Motion),
    markers: &[Marker],
    win: (Micros, Micros),
    width: f64,
    pings: bool,
    detail: Detail,
) -> Scene {
    let lines = lifelines(view);
    // A row by process, looked up once a message (a whole run holds a hundred thousand): one
    // table, servers first, then clients; `NONE` for a process without a lifeline.
    const NONE: u8 = u8::MAX;
    let slot = |p: ProcessId| match p {
        ProcessId::Server(id) => usize::from(id.0),
        ProcessId::Client(c) => 256 + usize::from(c.0),
    };
    let mut row_table = vec![NONE; 256 + 256];
    for (i, &p) in lines.iter().enumerate() {
        if let Some(r) = row_table.get_mut(slot(p)) {
            *r = u8::try_from(i).unwrap_or(NONE);
        }
    }
    let row_of = |p: ProcessId| {
        let r = row_table.get(slot(p)).copied().unwrap_or(NONE);
        (r != NONE).then_some(usize::from(r))
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
    // As `x_in`, with the scale worked out once.
    let scale = (width - 2.0 * PAD) / win.1.saturating_sub(win.0).max(1) as f64;
    let x = |t: Micros| PAD + (t as f64 - win.0 as f64) * scale;
    let keep = |c: FlightClass| pings || c != FlightClass::Ping;
    // The bands below each row, looked up once a message.
    let below: Vec<u128> = (0..=BANDS).map(|n| crossing(0, n)).collect();
    let mut segs: Vec<Seg> = Vec::new();
    // Messages come in the order they ended, so the pixel their arrow ends on never moves
    // left: arrows can share pixels only within one such column, and the keys seen are those
    // of the current column alone (a small table, cleared as the column moves on).
    let mut seen: HashSet<u64, BuildHasherDefault<Mix>> = HashSet::default();
    let mut column = i64::MIN;
    let mut total = 0;
    // Narrow arrows are marked in their column as they come; once the window holds too many
    // arrows to stroke, a picture keeps only the wide ones as segments.
    let mut cover = vec![0u128; (width.max(0.0) as usize + 1) * LAYERS.len()];
    let mut finished = 0;
    let mut rastered = false;
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
        let at = column_of(x0, x1);
        let (lo, hi) = (r0.min(r1), r0.max(r1));
        if narrow(x0, x1, hi) {
            if let Some(c) = cover.get_mut(at * LAYERS.len() + layer(m.class)) {
                *c |= below[hi] & !below[lo];
            }
            if rastered && detail == Detail::Picture {
                return;
            }
        }
        let end = pixel(x1);
        if end != column {
            seen.clear();
            column = end;
        }
        // Rows below 256, pixels below 65,536 (wider windows merge more, never wrongly).
        let key = (r0 as u64 & 0xff)
            | (r1 as u64 & 0xff) << 8
            | (pixel(x0) as u64 & 0xffff) << 16
            | (end as u64 & 0xffff) << 32
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
            finished += 1;
            if !rastered && finished >= STROKED_UNDER {
                rastered = true;
                if detail == Detail::Picture {
                    segs.retain(|s| !s.narrow());
                }
            }
        }
    });
    let now = motion.time;
    for f in &motion.in_flight {
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
        columns: rastered.then_some(Columns { cover }),
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
