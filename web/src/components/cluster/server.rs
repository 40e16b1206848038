//! One server on the map: its role in a word, where its history is (the last change it logged,
//! and how far it has committed, each as epoch:change), the leader's crown, and its pause and
//! clock-drift badges. ZooKeeper's own names and numbers are in the tooltips.

use engine::ServerView;
use yew::prelude::*;

use super::icons as icon;
use super::ring::{drift, SERVER_R};
use super::{fmt, push_condition, sel_key, Ctx};
use crate::state::Selection;
use crate::text::{words, Lang};

/// What the info line (and the tooltip) says about a server.
pub fn server_text(s: &ServerView, leader: bool, lang: Lang) -> String {
    let mut t = format!(
        "{}: {}{}, {} {}, {} {}, {} {}",
        s.id,
        words::role(s.role, lang),
        if s.observer && s.role != engine::Role::Observing {
            lang.pick(" (observer)", "（观察者）")
        } else {
            ""
        },
        lang.pick("epoch", "纪元"),
        s.epoch,
        lang.pick("last change logged", "最新记录的修改"),
        words::zxid(s.last_zxid),
        lang.pick("committed up to", "已提交到"),
        words::zxid(s.committed_zxid),
    );
    if leader && s.role != engine::Role::Leading {
        t.push_str(lang.pick(", leader", "，领导者"));
    }
    push_condition(&mut t, s.paused, s.drift_ppm, lang);
    t
}

/// Server `s`, the `i`-th on the ring.
pub fn server_node(cx: &Ctx, i: usize, s: &ServerView) -> Html {
    let (x, y) = cx.layout.server(i);
    let lang = cx.lang;
    let key = sel_key(&Selection::Server(s.id.0));
    let leader = cx.view.leader == Some(s.id);
    let class = classes!(
        "server",
        format!("role-{}", s.role.as_str().to_ascii_lowercase()),
        leader.then_some("leader"),
        s.paused.then_some("paused"),
        (s.drift_ppm != 0).then_some("drifting"),
        s.observer.then_some("observer"),
        cx.is_sel(&key).then_some("selected"),
        (cx.dim && cx.lit.server(s.id)).then_some("lit"),
    );
    let text = server_text(s, leader, lang);
    let id = s.id.to_string();
    let role = words::role(s.role, lang);
    // Long English words are squeezed a little to stay inside the circle.
    let squeeze = lang == Lang::En && role.len() > 7;
    let meta = format!(
        "{} {} · ✓{}",
        lang.pick("epoch", "纪元"),
        s.epoch,
        words::zxid(s.committed_zxid)
    );
    let meta_title = format!(
        "{} {}. ✓ {}",
        lang.pick("The epoch it has accepted:", "它接受的纪元："),
        s.epoch,
        words::zxid_title(s.committed_zxid, lang)
    );
    html! {
        <g key={id.clone()} {class} data-testid="server" data-server={id.clone()}
           data-role={s.role.as_str()} data-leader={leader.to_string()}
           data-sel={key} tabindex="0" role="button"
           transform={format!("translate({x:.1} {y:.1})")}>
            <title>{ text }</title>
            <circle class="server-body" r={fmt(SERVER_R)} />
            <text class="server-id" y="-15">{ id }</text>
            if squeeze {
                <text class="server-role" y="4" textLength="80" lengthAdjust="spacingAndGlyphs" aria-hidden="true">
                    <title>{ words::role_title(s.role, lang) }</title>
                    { role }
                </text>
            } else {
                <text class="server-role" y="4" aria-hidden="true">
                    <title>{ words::role_title(s.role, lang) }</title>
                    { role }
                </text>
            }
            <text class="server-zxid" y="24" data-testid="server-zxid" aria-hidden="true">
                <title>{ words::zxid_title(s.last_zxid, lang) }</title>
                { words::zxid(s.last_zxid) }
            </text>
            <text class="server-meta" y={fmt(SERVER_R + 17.0)} aria-hidden="true">
                <title>{ meta_title }</title>
                { meta }
            </text>
            if leader {
                <g class="crown" data-testid="crown"
                   transform={format!("translate(0 {:.1})", -SERVER_R - 13.0)}>
                    { icon::crown() }
                </g>
            }
            if s.paused {
                <g class="badge pause-badge" data-testid="paused" transform="translate(40 -37)">
                    { icon::pause() }
                </g>
            }
            if s.drift_ppm != 0 {
                <g class="badge drift-badge" data-testid="drift" transform="translate(-44 -37)">
                    { icon::clock() }
                    <text x="0" y="24" aria-hidden="true">{ drift(s.drift_ppm) }</text>
                </g>
            }
        </g>
    }
}
