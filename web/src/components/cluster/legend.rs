//! The map's legend (what each colour and symbol means, with how many messages of each kind
//! are in flight) and the lock queues under it.

use engine::lesson::Highlight;
use engine::{ClusterView, FlightClass, LockQueue, ZnodeView};
use std::rc::Rc;
use yew::prelude::*;

use super::icons as icon;
use super::{class_name, Lit};
use crate::text::{words, Lang};

/// What the legend and the queues show.
#[derive(Properties, PartialEq)]
pub(super) struct LegendProps {
    /// The ensemble, as its words were last taken.
    pub view: Rc<ClusterView>,
    /// What a lesson's step points at (a queue it points at is lit).
    pub highlight: Rc<Vec<Highlight>>,
    /// The UI language.
    pub lang: Lang,
}

/// The legend, then the lock queues: words only, drawn again when they are taken.
#[function_component(Legend)]
pub(super) fn legend_and_queues(props: &LegendProps) -> Html {
    let (view, lang) = (&*props.view, props.lang);
    let lit = Lit {
        show: &props.highlight,
        view,
    };
    html! {
        <>
            { legend(view, lang) }
            { queue_list(&view.queues, view, &lit, lang) }
        </>
    }
}

/// The legend.
fn legend(view: &ClusterView, lang: Lang) -> Html {
    let mut counts = [0usize; 7];
    for f in &view.in_flight {
        counts[f.class as usize] += 1;
    }
    let items = FlightClass::ALL.iter().map(|&c| {
        html! {
            <li class={classes!("legend-item", c.as_str())} data-class={c.as_str()}>
                <span class="swatch" aria-hidden="true"></span>
                { format!("{} ({})", class_name(c, lang), counts[c as usize]) }
            </li>
        }
    });
    let symbol = |sym: Html, text: &'static str| {
        html! { <li class="legend-item symbol">{ sym }{ text }</li> }
    };
    let glyph = |g: &'static str| html! { <span class="sym" aria-hidden="true">{ g }</span> };
    let recipes = view
        .clients
        .iter()
        .any(|c| c.part != engine::Part::Idle || c.holding);
    let broke = view.clients.iter().any(|c| c.broke.is_some());
    html! {
        <div class="cluster-legend" data-testid="legend">
            <p class="legend-title">
                { format!("{}: {}", lang.pick("Messages in flight", "传输中的消息"), view.in_flight.len()) }
            </p>
            <ul class="legend-classes">{ for items }</ul>
            <ul class="legend-symbols">
                { symbol(icon::inline(html! { <g class="crown">{ icon::crown() }</g> }), lang.pick("leader", "领导者")) }
                { symbol(glyph("1:39"), lang.pick("change 39 of epoch 1 (a zxid): the last change a server logged", "第 1 纪元的第 39 个修改（zxid）：服务器记录的最新修改")) }
                { symbol(glyph("✓"), lang.pick("committed up to that change", "已提交到该修改")) }
                { symbol(icon::inline(icon::pause()), lang.pick("paused", "已暂停")) }
                { symbol(icon::inline(icon::clock()), lang.pick("clock drift", "时钟漂移")) }
                { symbol(icon::inline(icon::key()), lang.pick("holds the lock", "持有锁")) }
                { symbol(glyph("2"), lang.pick("place in the lock queue", "锁队列中的位置")) }
                { symbol(glyph("✕"), lang.pick("cut link", "断开的链路")) }
                if recipes {
                    { symbol(icon::inline(html! { <g class="master-badge">{ icon::flag() }</g> }), lang.pick("acts as master", "担任 master")) }
                    { symbol(icon::inline(html! { <g class="stale-badge">{ icon::warn() }</g> }), lang.pick("believes it holds what it has lost", "以为自己仍持有已失去的东西")) }
                }
                if broke {
                    { symbol(icon::inline(html! { <g class="broke-badge">{ icon::broke() }</g> }), lang.pick("a rule was broken here (point at it)", "这里违反了规则（指向它查看）")) }
                }
            </ul>
        </div>
    }
}

/// Each lock queue: the holder (with the key, if it really holds it) and who waits behind it.
fn queue_list(queues: &[LockQueue], view: &ClusterView, lit: &Lit, lang: Lang) -> Html {
    if queues.is_empty() {
        return html! {};
    }
    let rows = queues.iter().map(|q| {
        let members = q.members.iter().enumerate().map(|(i, m)| {
            let holding = view
                .clients
                .iter()
                .any(|c| &c.name == m && c.holding && !c.stale);
            html! {
                <li class={classes!(holding.then_some("holding"))} data-holding={holding.to_string()}>
                    if holding { { icon::inline(icon::key()) } } else { { format!("{}. ", i + 1) } }
                    { m.clone() }
                </li>
            }
        });
        html! {
            <div class={classes!("queue", lit.queue(q.parent).then_some("lit"))}
                 data-testid="lock-queue" data-parent={q.parent}>
                <span class="queue-parent">{ format!("{} {}:", lang.pick("Queue", "队列"), q.parent) }</span>
                <ol>{ for members }</ol>
            </div>
        }
    });
    html! { <div class="queues">{ for rows }</div> }
}

/// The znodes a lesson's step points at, as the ensemble has them now: data, version,
/// children, owner.
pub fn znode_list(znodes: &[ZnodeView], lang: Lang) -> Html {
    if znodes.is_empty() {
        return html! {};
    }
    let rows = znodes.iter().map(|z| {
        let what = if !z.exists {
            lang.pick("does not exist (now)", "不存在（此刻）").to_string()
        } else {
            let mut parts = Vec::new();
            if !z.data.is_empty() {
                parts.push(match lang {
                    Lang::En => format!("data \"{}\"", z.data),
                    Lang::Zh => format!("数据“{}”", z.data),
                });
            }
            parts.push(format!("{} {}", lang.pick("version", "版本"), z.version));
            if let Some(o) = &z.owner {
                parts.push(match lang {
                    Lang::En => format!("ephemeral, owned by {o}'s session"),
                    Lang::Zh => format!("临时节点，属于 {o} 的会话"),
                });
            }
            if !z.children.is_empty() {
                let names: Vec<String> = z.children.iter().take(8).map(|c| words::task(c, lang)).collect();
                let more = if z.children.len() > 8 { " …" } else { "" };
                parts.push(match lang {
                    Lang::En => format!("{} children: {}{more}", z.children.len(), names.join(", ")),
                    Lang::Zh => format!("{} 个子节点：{}{more}", z.children.len(), names.join("、")),
                });
            }
            parts.join(lang.pick(", ", "，"))
        };
        html! {
            <li data-testid="znode-shown" data-path={z.path.clone()} data-exists={z.exists.to_string()}>
                <code>{ z.path.clone() }</code>{ lang.pick(": ", "：") }{ what }
            </li>
        }
    });
    html! {
        <div class="znodes lit" data-testid="znodes">
            <span class="znodes-title">{ lang.pick("In ZooKeeper now:", "ZooKeeper 中此刻的数据：") }</span>
            <ul>{ for rows }</ul>
        </div>
    }
}
