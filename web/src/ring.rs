//! The ensemble drawn as a ring of servers, each with its id and its role.

use engine::sim::view::ServerView;
use yew::prelude::*;

/// Properties of [`Ring`].
#[derive(Properties, PartialEq)]
pub struct RingProps {
    /// The servers to draw, in id order (from [`engine::sim::view::ClusterView::servers`]).
    pub servers: Vec<ServerView>,
}

const SIZE: f64 = 320.0;
const RADIUS: f64 = 115.0;
const NODE: f64 = 38.0;

/// Where the `i`-th of `n` servers sits: on a circle, the first at twelve o'clock, clockwise.
pub fn position(i: usize, n: usize) -> (f64, f64) {
    let angle = std::f64::consts::TAU * i as f64 / n.max(1) as f64 - std::f64::consts::FRAC_PI_2;
    let c = SIZE / 2.0;
    (c + RADIUS * angle.cos(), c + RADIUS * angle.sin())
}

/// The ensemble as an SVG ring.
#[function_component(Ring)]
pub fn ring(props: &RingProps) -> Html {
    let n = props.servers.len();
    let servers = props.servers.iter().enumerate().map(|(i, s)| {
        let (x, y) = position(i, n);
        let id = s.id.to_string();
        let role = s.role.as_str();
        let class = format!("server role-{}", role.to_ascii_lowercase());
        let label = format!("{id}: {role}, epoch {}", s.epoch);
        html! {
            <g key={id.clone()} class={class} role="listitem" aria-label={label}
               data-testid="server" data-server={id.clone()} data-role={role}
               transform={format!("translate({x:.1} {y:.1})")}>
                <circle r={NODE.to_string()} />
                <text class="server-id" y="-4" text-anchor="middle">{ id }</text>
                <text class="server-role" y="14" text-anchor="middle">{ role }</text>
            </g>
        }
    });
    html! {
        <svg class="ring" viewBox={format!("0 0 {SIZE} {SIZE}")} role="list"
             aria-label={format!("Ensemble of {n} servers")} data-testid="ring">
            <circle class="ring-track" cx={(SIZE / 2.0).to_string()} cy={(SIZE / 2.0).to_string()}
                    r={RADIUS.to_string()} aria-hidden="true" />
            { for servers }
        </svg>
    }
}

#[cfg(test)]
mod tests {
    use super::position;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn first_server_is_at_the_top_and_all_are_on_the_circle() {
        let (x, y) = position(0, 5);
        assert!((x - 160.0).abs() < 1e-9 && (y - 45.0).abs() < 1e-9);
        for i in 0..5 {
            let (x, y) = position(i, 5);
            let r = ((x - 160.0).powi(2) + (y - 160.0).powi(2)).sqrt();
            assert!((r - super::RADIUS).abs() < 1e-9);
        }
    }
}
