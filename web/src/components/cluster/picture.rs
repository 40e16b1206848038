//! The map's still picture: its backdrop, the links between servers (faint, the cut ones on top
//! with a ✕), each client's line to its server, the servers and the clients. It shows only the
//! view's words and numbers, so while playing fast it is drawn again only when they are taken
//! (ten times a second, see [`crate::state::Motion`]), not every frame as the messages are.

use engine::lesson::Highlight;
use engine::{ClientStatus, ClusterView, ProcessId};
use std::rc::Rc;
use yew::prelude::*;

use super::client::client_node;
use super::ring::{along, Layout, MANY_CLIENTS};
use super::server::server_node;
use super::{cut_pairs, elected, fmt, name, place, queue_place, Ctx, Lit};
use crate::text::Lang;

/// What the still picture shows.
#[derive(Properties, PartialEq)]
pub(super) struct PictureProps {
    /// The ensemble, as its words were last taken.
    pub view: Rc<ClusterView>,
    /// The selected thing's `data-sel` key.
    pub selected: Option<String>,
    /// What a lesson's step points at (the rest is dimmed).
    pub highlight: Rc<Vec<Highlight>>,
    /// The UI language.
    pub lang: Lang,
}

/// The still picture, as SVG groups inside the map's `<svg>`.
#[function_component(Picture)]
pub(super) fn picture(props: &PictureProps) -> Html {
    let (view, lang) = (&*props.view, props.lang);
    let layout = Layout::new(view.servers.len(), view.clients.len());
    let lit = Lit {
        show: &props.highlight,
        view,
    };
    let queues = &view.queues;

    let n = view.servers.len();
    let mut links = Vec::with_capacity(n * n / 2);
    for i in 0..n {
        for j in i + 1..n {
            let (a, b) = (layout.server(i), layout.server(j));
            links.push(html! {
                <line class="link" x1={fmt(a.0)} y1={fmt(a.1)} x2={fmt(b.0)} y2={fmt(b.1)} />
            });
        }
    }
    let cuts = cut_pairs(view).into_iter().filter_map(|(p, q, both)| {
        let a = place(&layout, view, p)?;
        let b = place(&layout, view, q)?;
        let (mx, my) = along(a, b, 0.5, 0.0);
        let arrow = if both { "↔" } else { "→" };
        let title = format!(
            "{} {arrow} {}: {}",
            name(view, p),
            name(view, q),
            lang.pick("link cut", "链路已断开")
        );
        Some(html! {
            <g class="cut" data-testid="cut" data-from={name(view, p)} data-to={name(view, q)}>
                <title>{ title }</title>
                <line x1={fmt(a.0)} y1={fmt(a.1)} x2={fmt(b.0)} y2={fmt(b.1)} />
                <text class="cut-mark" x={fmt(mx)} y={fmt(my)}>{ "✕" }</text>
            </g>
        })
    });
    let client_links = view.clients.iter().enumerate().filter_map(|(i, c)| {
        let s = c.server?;
        let b = place(&layout, view, ProcessId::Server(s))?;
        let a = layout.client(i);
        let class = classes!(
            "client-link",
            (c.state != ClientStatus::Connected).then_some("pending")
        );
        Some(html! {
            <line key={c.name.clone()} {class}
                  x1={fmt(a.0)} y1={fmt(a.1)} x2={fmt(b.0)} y2={fmt(b.1)} />
        })
    });

    // Servers and clients are named by their <title> (not aria-label): their visible labels are
    // only part of that name, which accessibility checkers flag on an aria-label.
    let cx = Ctx {
        view,
        layout: &layout,
        lit: &lit,
        dim: !props.highlight.is_empty(),
        selected: props.selected.as_deref(),
        many: view.clients.len() > MANY_CLIENTS,
        lang,
    };
    let servers = view
        .servers
        .iter()
        .enumerate()
        .map(|(i, s)| server_node(&cx, i, s));
    let clients = view.clients.iter().enumerate().map(|(i, c)| {
        let place = queue_place(queues, &c.name);
        client_node(&cx, i, c, place, elected(queues, &c.name))
    });
    let (bx, by, bw, bh) = layout.bounds();
    html! {
        <>
            <rect class="backdrop" x={fmt(bx)} y={fmt(by)} width={fmt(bw)} height={fmt(bh)} />
            <g class="links" aria-hidden="true">{ for links }</g>
            <g class="client-links" aria-hidden="true">{ for client_links }</g>
            <g class="cuts">{ for cuts }</g>
            <g class="servers">{ for servers }</g>
            <g class="clients">{ for clients }</g>
        </>
    }
}
