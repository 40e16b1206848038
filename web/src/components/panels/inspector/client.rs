//! The inspector's view of one client: its session, its state, its server, the requests it
//! awaits answers to, and what it heard.

use engine::ClientEvent;
use engine::{session_hex, ClientDetail};
use yew::prelude::*;

use crate::components::panels::console::heard_text;
use crate::components::panels::inspector::server::zxid;
use crate::state::format_time;
use crate::text::Lang;

/// How many of the newest heard lines the inspector lists.
pub const HEARD_SHOWN: usize = 50;

/// Properties of [`ClientInspector`].
#[derive(Properties, PartialEq)]
pub struct ClientInspectorProps {
    /// What to show.
    pub detail: ClientDetail,
    /// The program it runs, as the scenario wrote it (`lock hold=1s`), if any.
    pub program: Option<String>,
    /// True while it uses the protected resource.
    pub holding: bool,
    /// The UI language.
    pub lang: Lang,
}

/// One client in the inspector.
#[function_component(ClientInspector)]
pub fn client_inspector(props: &ClientInspectorProps) -> Html {
    let (d, lang) = (&props.detail, props.lang);
    let fact =
        |label: &'static str, value: String| html! { <><dt>{ label }</dt><dd>{ value }</dd></> };
    let program = props.program.as_ref().map(|p| {
        let holds = if props.holding {
            lang.pick(" — holds the resource now", "——此刻持有资源")
        } else {
            ""
        };
        fact(lang.pick("Program", "程序"), format!("{p}{holds}"))
    });
    let pending = d.pending.iter().map(|p| {
        html! {
            <tr data-testid="pending-request">
                <td>{ p.xid.map_or_else(|| lang.pick("queued", "排队中").to_string(), |x| x.to_string()) }</td>
                <td><code>{ p.op }</code></td>
                <td><code>{ p.path.clone().unwrap_or_default() }</code></td>
                <td>{ if p.program { lang.pick("its program", "其程序") } else { "" } }</td>
            </tr>
        }
    });
    let from = d.heard.len().saturating_sub(HEARD_SHOWN);
    let heard = d.heard[from..].iter().map(|h| {
        let kind = match h.event {
            ClientEvent::Answer { .. } => "answer",
            ClientEvent::Watch(_) => "event",
            ClientEvent::Session(_) => "session",
        };
        html! {
            <li class={kind} data-testid="heard-line" data-kind={kind} title={h.json.clone()}>
                <span class="console-time">{ format_time(h.time) }</span>
                { for h.cmd.map(|c| html! { <span class="console-prefix">{ format!("← {c} ") }</span> }) }
                <span class="console-text">{ heard_text(&h.event) }</span>
            </li>
        }
    });
    let more = d.heard_total - d.heard[from..].len();
    html! {
        <div class="client-detail" data-testid="client-detail" data-client={d.name.clone()}>
            <h3>{ &d.name }{ " — " }{ crate::text::words::client_status_long(d.state, lang) }</h3>
            <dl class="facts">
                { fact(lang.pick("Session", "会话"),
                       if d.session == 0 { lang.pick("none yet", "尚无").to_string() } else { session_hex(d.session) }) }
                { fact(lang.pick("Timeout", "超时"), format!("{} ms", d.timeout_ms)) }
                { fact(lang.pick("Server", "服务器"),
                       d.server.map_or_else(|| "—".to_string(), |s| s.to_string())) }
                { fact(lang.pick("Last zxid seen", "见过的最新 zxid"), zxid(d.last_zxid)) }
                if d.paused {
                    { fact(lang.pick("Paused", "暂停"), lang.pick("yes (a GC pause)", "是（GC 停顿）").to_string()) }
                }
                { for program }
            </dl>
            <h4>{ lang.choose(format!("Awaiting answers ({})", d.pending.len()), format!("等待回答（{}）", d.pending.len())) }</h4>
            if d.pending.is_empty() {
                <p class="hint">{ lang.pick("Nothing pending.", "没有待回答的请求。") }</p>
            } else {
                <table class="detail-table">
                    <thead><tr>
                        <th>{ "xid" }</th><th>{ lang.pick("Operation", "操作") }</th>
                        <th>{ lang.pick("Path", "路径") }</th><th></th>
                    </tr></thead>
                    <tbody>{ for pending }</tbody>
                </table>
            }
            <h4>{ lang.choose(format!("Heard ({})", d.heard_total), format!("收到的内容（{}）", d.heard_total)) }</h4>
            if more > 0 {
                <p class="hint">{ lang.choose(format!("… {more} earlier lines not shown."), format!("……较早的 {more} 行未显示。")) }</p>
            }
            <ol class="heard">{ for heard }</ol>
        </div>
    }
}
