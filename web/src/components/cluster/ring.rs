//! The cluster picture's geometry, free of Yew: where servers and clients sit, where a message in
//! flight is along its link, how a drift is written. Tested natively.
//!
//! Servers sit on an inner ring, clients on an outer one; both rings grow with the number of
//! processes so that nodes never overlap (up to 9 + 4 servers and 64 clients), and the SVG's
//! viewBox grows with them (the picture scales to its box).

use engine::Micros;

/// Radius of a server's circle, in SVG units.
pub const SERVER_R: f64 = 50.0;
/// The smallest radius of the servers' ring.
const MIN_SERVER_RING: f64 = 110.0;
/// Space between two neighbouring servers' circles, along the ring.
const SERVER_GAP: f64 = 26.0;
/// Space between the servers' ring and the clients' ring.
const RING_GAP: f64 = 110.0;
/// The largest radius of a client's circle.
const MAX_CLIENT_R: f64 = 26.0;
/// The smallest radius of a client's circle (with 64 clients).
const MIN_CLIENT_R: f64 = 12.0;
/// Room left around the clients' ring for their labels.
const MARGIN: f64 = 96.0;
/// With more clients than this, their labels turn radial (there is no room beside them).
pub const MANY_CLIENTS: usize = 16;

/// A point in the picture.
pub type Point = (f64, f64);

/// The picture's layout for a number of servers and clients.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Layout {
    /// Servers drawn.
    pub servers: usize,
    /// Clients drawn.
    pub clients: usize,
    /// Radius of the servers' ring.
    pub server_ring: f64,
    /// Radius of the clients' ring.
    pub client_ring: f64,
    /// Radius of each client's circle.
    pub client_r: f64,
    /// Width and height of the square the picture is drawn in, centred at `(size/2, size/2)`
    /// ([`Layout::bounds`] is the part of it in use).
    pub size: f64,
}

impl Layout {
    /// The layout for `servers` servers and `clients` clients.
    pub fn new(servers: usize, clients: usize) -> Self {
        let tau = std::f64::consts::TAU;
        let server_ring = MIN_SERVER_RING.max(servers as f64 * (2.0 * SERVER_R + SERVER_GAP) / tau);
        let mut client_ring = server_ring + RING_GAP;
        // Clients need about 2r + a gap each along their ring: shrink them first, then grow
        // the ring.
        let per_client = if clients == 0 {
            f64::INFINITY
        } else {
            tau * client_ring / clients as f64
        };
        let client_r = (per_client / 2.0 - 6.0).clamp(MIN_CLIENT_R, MAX_CLIENT_R);
        let need = clients as f64 * (2.0 * client_r + 10.0) / tau;
        client_ring = client_ring.max(need);
        let size = 2.0 * (client_ring + client_r + MARGIN);
        Layout {
            servers,
            clients,
            server_ring,
            client_ring,
            client_r,
            size,
        }
    }

    /// The centre of the picture.
    pub fn centre(&self) -> Point {
        (self.size / 2.0, self.size / 2.0)
    }

    /// Where the `i`-th server sits: the first at twelve o'clock, then clockwise.
    pub fn server(&self, i: usize) -> Point {
        on_circle(
            self.centre(),
            self.server_ring,
            angle(i as f64, self.servers),
        )
    }

    /// Where the `i`-th client sits: on the outer ring, half a step off the first server so a
    /// few clients fall between servers.
    pub fn client(&self, i: usize) -> Point {
        on_circle(
            self.centre(),
            self.client_ring,
            angle(i as f64 + 0.5, self.clients),
        )
    }

    /// The part of the plane the picture covers, `(x, y, width, height)`, with room for the
    /// crown, badges and labels: the viewBox (tighter than the square around the clients' ring,
    /// so a phone shows the nodes as large as possible).
    pub fn bounds(&self) -> (f64, f64, f64, f64) {
        let (mut x0, mut y0, mut x1, mut y1) = self.centre_box();
        let mut add = |x: f64, y: f64| {
            x0 = x0.min(x);
            y0 = y0.min(y);
            x1 = x1.max(x);
            y1 = y1.max(y);
        };
        for i in 0..self.servers {
            let (x, y) = self.server(i);
            add(x - SERVER_R - 20.0, y - SERVER_R - 34.0);
            add(x + SERVER_R + 20.0, y + SERVER_R + 26.0);
        }
        let r = self.client_r;
        for i in 0..self.clients {
            let (x, y) = self.client(i);
            if self.clients > MANY_CLIENTS {
                let a = self.client_angle(i);
                let reach = r + 84.0;
                add(x + reach * a.cos(), y + reach * a.sin());
                add(x - r - 8.0, y - r - 8.0);
                add(x + r + 8.0, y + r + 8.0);
            } else {
                // Labels go above or below, centred, about 90 units wide.
                add(x - r.max(46.0), y - r - 40.0);
                add(x + r.max(46.0), y + r + 40.0);
            }
        }
        (x0 - 6.0, y0 - 6.0, x1 - x0 + 12.0, y1 - y0 + 12.0)
    }

    fn centre_box(&self) -> (f64, f64, f64, f64) {
        let (cx, cy) = self.centre();
        (cx, cy, cx, cy)
    }

    /// The angle (radians, 0 = three o'clock, clockwise) of the `i`-th client.
    pub fn client_angle(&self, i: usize) -> f64 {
        angle(i as f64 + 0.5, self.clients)
    }
}

fn angle(i: f64, n: usize) -> f64 {
    std::f64::consts::TAU * i / n.max(1) as f64 - std::f64::consts::FRAC_PI_2
}

fn on_circle((cx, cy): Point, r: f64, a: f64) -> Point {
    (cx + r * a.cos(), cy + r * a.sin())
}

/// How far along its link a message is at `now`: 0 when sent, 1 when it arrives (clamped; a
/// message due at its send instant is at its end).
pub fn progress(now: Micros, sent: Micros, arrives: Micros) -> f64 {
    if arrives <= sent {
        return 1.0;
    }
    let done = now.saturating_sub(sent) as f64 / (arrives - sent) as f64;
    done.clamp(0.0, 1.0)
}

/// The point a fraction `f` of the way from `a` to `b`, moved `side` units to the right of the
/// direction of travel (so two messages crossing in opposite directions do not hide each other).
pub fn along(a: Point, b: Point, f: f64, side: f64) -> Point {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt();
    let (nx, ny) = if len > 0.0 {
        (-dy / len, dx / len)
    } else {
        (0.0, 0.0)
    };
    (a.0 + dx * f + nx * side, a.1 + dy * f + ny * side)
}

/// The point on the segment `a → b` at distance `d` from `a` (for a line that must start at the
/// edge of a circle rather than its centre).
pub fn inset(a: Point, b: Point, d: f64) -> Point {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len <= 2.0 * d {
        return a;
    }
    (a.0 + dx * d / len, a.1 + dy * d / len)
}

/// A clock drift in parts per million, as a signed percentage: `+5%`, `-0.5%`.
pub fn drift(ppm: i64) -> String {
    let pct = ppm as f64 / 10_000.0;
    let text = format!("{pct:+.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    format!("{text}%")
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn dist(a: Point, b: Point) -> f64 {
        ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
    }

    #[test]
    fn first_server_is_at_the_top_and_all_are_on_the_ring() {
        let l = Layout::new(5, 3);
        let (cx, cy) = l.centre();
        let (x, y) = l.server(0);
        assert!((x - cx).abs() < 1e-9 && y < cy);
        for i in 0..5 {
            assert!((dist(l.server(i), l.centre()) - l.server_ring).abs() < 1e-9);
        }
    }

    #[test]
    fn thirteen_servers_and_sixty_four_clients_do_not_overlap() {
        for (n, m) in [(3, 0), (5, 3), (7, 30), (13, 64), (13, 1), (1, 64)] {
            let l = Layout::new(n, m);
            for i in 0..n {
                for j in i + 1..n {
                    assert!(
                        dist(l.server(i), l.server(j)) >= 2.0 * SERVER_R + 10.0,
                        "{n} servers: s{i} and s{j} overlap"
                    );
                }
                for j in 0..m {
                    assert!(dist(l.server(i), l.client(j)) >= SERVER_R + l.client_r + 30.0);
                }
            }
            for i in 0..m {
                for j in i + 1..m {
                    assert!(
                        dist(l.client(i), l.client(j)) >= 2.0 * l.client_r + 4.0,
                        "{m} clients: {i} and {j} overlap"
                    );
                }
                // Inside the picture, with room for a label.
                let (x, y) = l.client(i);
                let (bx, by, bw, bh) = l.bounds();
                assert!(
                    x - bx >= 40.0 && bx + bw - x >= 40.0,
                    "{m} clients: {i} at the side"
                );
                let room = l.client_r + 30.0;
                assert!(
                    y - by >= room && by + bh - y >= room,
                    "{m} clients: {i} at the edge"
                );
                assert!(bx >= 0.0 && by >= 0.0 && bx + bw <= l.size && by + bh <= l.size);
            }
        }
    }

    #[test]
    fn a_message_moves_from_sender_to_receiver_with_sim_time() {
        assert_eq!(progress(100, 100, 200), 0.0);
        assert_eq!(progress(150, 100, 200), 0.5);
        assert_eq!(progress(200, 100, 200), 1.0);
        assert_eq!(progress(50, 100, 200), 0.0, "not sent yet: at the sender");
        assert_eq!(progress(300, 100, 200), 1.0);
        assert_eq!(progress(100, 100, 100), 1.0);
        let p = along((0.0, 0.0), (100.0, 0.0), 0.25, 0.0);
        assert_eq!(p, (25.0, 0.0));
        // Moving right along +x, "right of travel" is +y in SVG coordinates (y grows down).
        let p = along((0.0, 0.0), (100.0, 0.0), 0.5, 4.0);
        assert_eq!(p, (50.0, 4.0));
        let back = along((100.0, 0.0), (0.0, 0.0), 0.5, 4.0);
        assert_eq!(
            back,
            (50.0, -4.0),
            "the other direction is on the other side"
        );
        assert_eq!(inset((0.0, 0.0), (100.0, 0.0), 10.0), (10.0, 0.0));
    }

    #[test]
    fn drifts_are_short() {
        assert_eq!(drift(50_000), "+5%");
        assert_eq!(drift(-5_000), "-0.5%");
        assert_eq!(drift(1_234), "+0.12%");
    }
}
