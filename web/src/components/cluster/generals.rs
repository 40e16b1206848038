//! The Byzantine generals, drawn: the generals on a circle (the commander, g0, on top), the
//! traitors marked, each round's orders flying between them (a lie drawn as one), each loyal
//! general's decision once every round has arrived, and in words whether the loyal generals
//! agree and follow a loyal commander, and whether N ≥ 3F + 1 held.
//!
//! Like the map, a pure function of the run and the time: round r plays during
//! `[start + r·R, start + (r+1)·R)` ([`engine::GENERALS_ROUND`]).

use std::collections::BTreeMap;

use engine::byzantine::Order;
use engine::{GeneralsView, Micros, GENERALS_ROUND};
use yew::prelude::*;

use super::fmt;
use crate::text::Lang;

const R: f64 = 110.0;
const NODE: f64 = 24.0;

/// An order in a word.
pub fn order(o: Order, lang: Lang) -> &'static str {
    match o {
        Order::Attack => lang.pick("attack", "进攻"),
        Order::Retreat => lang.pick("retreat", "撤退"),
    }
}

/// An order as one letter, on a flying message.
fn letter(o: Order, lang: Lang) -> &'static str {
    match o {
        Order::Attack => lang.pick("A", "攻"),
        Order::Retreat => lang.pick("R", "撤"),
    }
}

/// The run's verdict in a sentence (once decided).
pub fn verdict(g: &GeneralsView, lang: Lang) -> String {
    let loyal: Vec<String> = g
        .decisions
        .iter()
        .map(|(n, d)| format!("g{n} {}", order(*d, lang)))
        .collect();
    if !g.agree {
        return match lang {
            Lang::En => format!("The loyal generals disagree: {}.", loyal.join(", ")),
            Lang::Zh => format!("忠诚的将军意见不一：{}。", loyal.join("，")),
        };
    }
    let all = g.decisions.first().map_or(g.order, |(_, d)| *d);
    match (g.obey, lang) {
        (Some(false), Lang::En) => format!(
            "The loyal generals were fooled: their loyal commander ordered {}, and they {}.",
            order(g.order, lang),
            order(all, lang)
        ),
        (Some(false), Lang::Zh) => format!(
            "忠诚的将军被骗了：忠诚的司令下令{}，他们却{}。",
            order(g.order, lang),
            order(all, lang)
        ),
        (Some(true), Lang::En) => format!(
            "All loyal generals {}, as their loyal commander ordered.",
            order(all, lang)
        ),
        (Some(true), Lang::Zh) => format!(
            "所有忠诚的将军都{}，正如忠诚的司令所命令的。",
            order(all, lang)
        ),
        (None, Lang::En) => format!(
            "The commander is a traitor, yet the loyal generals agree: all {}.",
            order(all, lang)
        ),
        (None, Lang::Zh) => format!(
            "司令是叛徒，但忠诚的将军达成了一致：都{}。",
            order(all, lang)
        ),
    }
}

/// N against 3F + 1, in words.
pub fn bound(g: &GeneralsView, lang: Lang) -> String {
    let (n, f) = (g.n, g.traitors.len());
    let need = 3 * f + 1;
    match (n >= need, lang) {
        (true, Lang::En) => format!(
            "{n} generals, {f} {}: N ≥ 3F + 1 = {need}, enough.",
            if f == 1 { "traitor" } else { "traitors" }
        ),
        (false, Lang::En) => format!(
            "{n} generals, {f} {}: fewer than 3F + 1 = {need}, too few to be sure.",
            if f == 1 { "traitor" } else { "traitors" }
        ),
        (true, Lang::Zh) => format!("{n} 位将军，{f} 个叛徒：N ≥ 3F + 1 = {need}，足够。"),
        (false, Lang::Zh) => {
            format!("{n} 位将军，{f} 个叛徒：少于 3F + 1 = {need}，不足以保证一致。")
        }
    }
}

/// What the current round does, in words.
fn round_text(g: &GeneralsView, round: usize, lang: Lang) -> String {
    match (round, lang) {
        (0, Lang::En) => format!("Round 1 of {}: the commander g0 sends his order.", g.rounds),
        (0, Lang::Zh) => format!("第 1 轮（共 {} 轮）：司令 g0 发出命令。", g.rounds),
        (r, Lang::En) => format!(
            "Round {} of {}: each lieutenant tells the others what it was told.",
            r + 1,
            g.rounds
        ),
        (r, Lang::Zh) => format!(
            "第 {} 轮（共 {} 轮）：每位副官把听到的转告其他副官。",
            r + 1,
            g.rounds
        ),
    }
}

fn spot(n: usize, g: usize) -> (f64, f64) {
    let a = -std::f64::consts::FRAC_PI_2 + std::f64::consts::TAU * g as f64 / n as f64;
    (R * a.cos(), R * a.sin())
}

/// What the generals panel needs.
#[derive(Properties, PartialEq, Clone)]
pub struct GeneralsProps {
    /// The run shown.
    pub run: GeneralsView,
    /// The time now.
    pub now: Micros,
    /// The UI language.
    pub lang: Lang,
}

/// One generals run, drawn.
#[function_component(Generals)]
pub fn generals(props: &GeneralsProps) -> Html {
    let (g, lang, now) = (&props.run, props.lang, props.now);
    let Some(round) = g.round_at(now) else {
        return html! {};
    };
    let decided = g.decided(now);
    let links = (0..g.n).flat_map(|a| (a + 1..g.n).map(move |b| (a, b))).map(|(a, b)| {
        let (p, q) = (spot(g.n, a), spot(g.n, b));
        html! { <line class="generals-link" x1={fmt(p.0)} y1={fmt(p.1)} x2={fmt(q.0)} y2={fmt(q.1)} /> }
    });
    // This round's orders, one dot per (sender, recipient): the value if all agree, and
    // whether any of them is a lie.
    let progress = if decided {
        1.0
    } else {
        ((now - g.started) % GENERALS_ROUND) as f64 / GENERALS_ROUND as f64
    };
    let mut flying: BTreeMap<(usize, usize), (Vec<Order>, bool)> = BTreeMap::new();
    if !decided {
        for o in g.orders.iter().filter(|o| o.round == round) {
            let e = flying.entry((o.from, o.to)).or_default();
            e.0.push(o.value);
            e.1 |= o.lie;
        }
    }
    let dots = flying.iter().map(|((from, to), (values, lie))| {
        let (a, b) = (spot(g.n, *from), spot(g.n, *to));
        let t = 0.15 + 0.7 * progress;
        let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        let same = values.iter().all(|v| *v == values[0]);
        let text = if same {
            letter(values[0], lang).to_string()
        } else {
            format!(
                "{}/{}",
                letter(Order::Attack, lang),
                letter(Order::Retreat, lang)
            )
        };
        let class = classes!(
            "generals-order",
            lie.then_some("lie"),
            (same && values[0] == Order::Attack).then_some("attack"),
            (same && values[0] == Order::Retreat).then_some("retreat"),
        );
        let title = format!(
            "g{from} → g{to}: {}{}",
            values
                .iter()
                .map(|v| order(*v, lang))
                .collect::<Vec<_>>()
                .join(", "),
            if *lie {
                lang.pick(" (a lie)", "（谎言）")
            } else {
                ""
            }
        );
        html! {
            <g {class} data-testid="generals-order" data-lie={lie.to_string()}
               transform={format!("translate({x:.1} {y:.1})")}>
                <title>{ title }</title>
                <circle r="11" />
                <text y="4" text-anchor="middle" aria-hidden="true">{ text }</text>
            </g>
        }
    });
    let nodes = (0..g.n).map(|n| {
        let (x, y) = spot(g.n, n);
        let traitor = g.traitor(n);
        let decision = g.decisions.iter().find(|(d, _)| *d == n).map(|(_, o)| *o);
        let below = if traitor {
            Some(lang.pick("traitor", "叛徒").to_string())
        } else if n == 0 {
            Some(format!("{} · {}", lang.pick("commander", "司令"), order(g.order, lang)))
        } else if decided {
            decision.map(|d| order(d, lang).to_string())
        } else {
            None
        };
        let below_y = if y < -R * 0.5 { -NODE - 8.0 } else { NODE + 16.0 };
        html! {
            <g class={classes!("general", traitor.then_some("traitor"), (n == 0).then_some("commander"))}
               data-testid="general" data-general={n.to_string()} data-traitor={traitor.to_string()}
               data-decision={decision.filter(|_| decided).map(|d| d.name())}
               transform={format!("translate({x:.1} {y:.1})")}>
                <circle r={fmt(NODE)} />
                <text class="general-name" y="5" text-anchor="middle">{ format!("g{n}") }</text>
                if let Some(b) = below {
                    <text class="general-note" y={fmt(below_y)} text-anchor="middle">{ b }</text>
                }
            </g>
        }
    });
    let status = if decided {
        verdict(g, lang)
    } else {
        round_text(g, round, lang)
    };
    let pad = R + NODE + 34.0;
    html! {
        <figure class="generals" data-testid="generals" data-client={g.name.clone()}
                data-decided={decided.to_string()} data-holds={(decided && g.holds()).to_string()}>
            <figcaption>
                <strong>{ format!("{} {}", lang.pick("The Byzantine generals on", "拜占庭将军：运行在"), g.name) }</strong>
                <span class="generals-bound">{ bound(g, lang) }</span>
                <span class="generals-count" data-testid="generals-count">{ match lang {
                    Lang::En => format!("{} orders in {} rounds.", g.order_count(), g.rounds),
                    Lang::Zh => format!("{} 轮共 {} 条命令。", g.rounds, g.order_count()),
                } }</span>
            </figcaption>
            <svg viewBox={format!("{:.0} {:.0} {:.0} {:.0}", -pad, -pad, 2.0 * pad, 2.0 * pad)}
                 role="img" aria-label={status.clone()}>
                <g aria-hidden="true">{ for links }</g>
                { for nodes }
                { for dots }
            </svg>
            <p class={classes!("generals-status", decided.then_some(if g.holds() { "ok" } else { "bad" }))}
               data-testid="generals-status" aria-live="polite">{ status }</p>
        </figure>
    }
}
