//! One client on the map: its name and, in a few words, what it is doing: connected or not,
//! and what its recipe program believes (master, holds the lock, runs a task). A program that
//! believes it holds what the ensemble has taken away is marked as such, and a client involved
//! in a broken rule (two lock holders, two masters, a task run twice) carries a red cross whose
//! tooltip says what happened.

use engine::{ClientView, Part};
use yew::prelude::*;

use super::icons as icon;
use super::ring::drift;
use super::{fmt, push_condition, sel_key, Ctx};
use crate::state::Selection;
use crate::text::{words, Lang};

/// What a client is doing, in a few words (the line under its name), if anything beyond its
/// connection.
pub fn doing(c: &ClientView, elected: bool, lang: Lang) -> Option<String> {
    if c.stale {
        return Some(
            match c.part {
                Part::Master => lang.pick("still thinks it is master", "仍以为自己是 master"),
                _ => lang.pick("still thinks it holds the lock", "仍以为自己持有锁"),
            }
            .to_string(),
        );
    }
    match &c.part {
        Part::Master => Some(lang.pick("master", "master").to_string()),
        Part::Holds if elected => Some(lang.pick("elected", "当选").to_string()),
        Part::Holds => Some(lang.pick("holds the lock", "持有锁").to_string()),
        Part::Works(task) => Some(format!(
            "{} {}",
            lang.pick("runs", "执行"),
            words::task(task, lang)
        )),
        Part::Generals => Some(lang.pick("runs the generals", "运行将军算法").to_string()),
        Part::Idle => None,
    }
}

/// What the info line (and the tooltip) says about a client.
pub fn client_text(c: &ClientView, place: Option<usize>, elected: bool, lang: Lang) -> String {
    let mut t = format!("{}: {}", c.name, words::client_status(c.state, lang));
    if let Some(s) = c.server {
        t.push_str(&format!(" {} {s}", lang.pick("to", "连接")));
    }
    if c.pending > 0 {
        t.push_str(&format!(
            ", {} {}",
            c.pending,
            lang.pick("requests waiting for an answer", "个请求等待应答")
        ));
    }
    if let Some(d) = doing(c, elected, lang) {
        t.push_str(lang.pick(", ", "，"));
        t.push_str(&d);
    } else if let Some(p) = place {
        t.push_str(&format!(
            ", {} {p}",
            lang.pick("waiting in line, place", "排队中，位置")
        ));
    }
    if c.stale {
        t.push_str(lang.pick(
            " (the ensemble has ended its session: what it held is gone)",
            "（集群已结束它的会话：它持有的东西已经没了）",
        ));
    }
    push_condition(&mut t, c.paused, c.drift_ppm, lang);
    if let Some(b) = &c.broke {
        t.push_str(&format!(
            ". {}: {}",
            words::invariant(b.invariant, lang),
            words::broke(b, lang)
        ));
    }
    t
}

/// Client `c`, the `i`-th on the outer ring; `place` is its place in a lock queue.
pub fn client_node(
    cx: &Ctx,
    i: usize,
    c: &ClientView,
    place: Option<usize>,
    elected: bool,
) -> Html {
    let lang = cx.lang;
    let (x, y) = cx.layout.client(i);
    let key = sel_key(&Selection::Client(c.name.clone()));
    let holds = c.holding && !c.stale;
    let master = c.part == Part::Master && !c.stale;
    let waiting = !c.holding && place.is_some();
    let class = classes!(
        "client",
        format!("state-{}", c.state.as_str().to_ascii_lowercase()),
        holds.then_some("holding"),
        master.then_some("master"),
        c.stale.then_some("stale"),
        c.broke.is_some().then_some("broke"),
        waiting.then_some("waiting"),
        c.paused.then_some("paused"),
        (c.drift_ppm != 0).then_some("drifting"),
        cx.is_sel(&key).then_some("selected"),
        (cx.dim && cx.lit.client(&c.name)).then_some("lit"),
    );
    let text = client_text(c, place, elected, lang);
    let r = cx.layout.client_r;
    let inner = if c.stale {
        html! { <g class="stale-badge" data-testid="stale">{ icon::warn() }</g> }
    } else if master {
        html! { <g class="master-badge" data-testid="master">{ icon::flag() }</g> }
    } else if holds {
        html! { <g class="holding-badge" data-testid="lock-holder">{ icon::key() }</g> }
    } else if let Part::Works(task) = &c.part {
        let n = words::task(task, lang);
        let short = n.rsplit(' ').next().unwrap_or("").to_string();
        html! { <text class="task-badge" data-testid="working" data-task={task.clone()} aria-hidden="true">{ short }</text> }
    } else if let Some(p) = place {
        html! { <text class="queue-place" data-testid="queue-place" aria-hidden="true">{ p.to_string() }</text> }
    } else {
        html! {}
    };
    let broke = c.broke.as_ref().map(|b| {
        html! {
            <g class="badge broke-badge" data-testid="broke" data-invariant={b.invariant}
               transform={format!("translate({:.1} {:.1})", r * 0.8, r * 0.8)}>
                <title>{ words::broke(b, lang) }</title>
                { icon::broke() }
            </g>
        }
    });
    html! {
        <g key={c.name.clone()} {class} data-testid="client" data-client={c.name.clone()}
           data-state={c.state.as_str()} data-holding={holds.to_string()}
           data-stale={c.stale.to_string()}
           data-sel={key} tabindex="0" role="button"
           transform={format!("translate({x:.1} {y:.1})")}>
            <title>{ text }</title>
            <circle class="client-body" r={fmt(r)} />
            { inner }
            { client_label(c, cx.layout.client_angle(i), r, cx.many, elected, lang) }
            if c.paused {
                <g class="badge pause-badge" data-testid="paused"
                   transform={format!("translate({:.1} {:.1})", r * 0.8, -r * 0.8)}>
                    { icon::pause() }
                </g>
            }
            if c.drift_ppm != 0 {
                <g class="badge drift-badge" data-testid="drift"
                   transform={format!("translate({:.1} {:.1})", -r * 0.8, -r * 0.8)}>
                    { icon::clock() }
                    <title>{ drift(c.drift_ppm) }</title>
                </g>
            }
            { for broke }
        </g>
    }
}

/// A client's name (and, with few clients, what it is doing) outside its circle, away from
/// the centre.
fn client_label(c: &ClientView, angle: f64, r: f64, many: bool, elected: bool, lang: Lang) -> Html {
    let (dx, dy) = (angle.cos(), angle.sin());
    let d = r + 5.0;
    let (x, y) = (dx * d, dy * d);
    if many {
        // Radial text: reads outwards on the right half, turned over on the left half.
        let deg = angle.to_degrees();
        let (rot, anchor) = if dx >= 0.0 {
            (deg, "start")
        } else {
            (deg + 180.0, "end")
        };
        return html! {
            <text class="client-name" text-anchor={anchor} dominant-baseline="middle"
                  transform={format!("translate({x:.1} {y:.1}) rotate({rot:.1})")}>
                { c.name.clone() }
            </text>
        };
    }
    // Centred above the circle in the top half of the ring, below it elsewhere: outwards.
    let (y1, y2) = if dy < -0.2 {
        (-r - 22.0, -r - 7.0)
    } else {
        (r + 17.0, r + 32.0)
    };
    let state = words::client_status(c.state, lang).to_string();
    let line = match (c.state, doing(c, elected, lang)) {
        (engine::ClientStatus::Connected, Some(d)) => d,
        (_, _) => state,
    };
    html! {
        <>
            <text class="client-name" y={fmt(y1)} text-anchor="middle">
                { c.name.clone() }
            </text>
            <text class={classes!("client-state", c.stale.then_some("warn"))} y={fmt(y2)}
                  text-anchor="middle" aria-hidden="true">
                { line }
            </text>
        </>
    }
}
