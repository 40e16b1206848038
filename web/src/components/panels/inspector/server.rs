//! The inspector's view of one server: its znode tree (with how it differs from the leader's,
//! explained), its txn log with the committed point, its sessions and its watches. The texts
//! that explain are plain functions of the engine's [`ServerDetail`], tested natively.

use engine::tree::NodeKind;
use engine::Micros;
use engine::Role;
use engine::Zxid;
use engine::{DiffEntry, DiffKind, NodeDetail, ServerDetail, TreeDiff};
use yew::prelude::*;

use crate::text::Lang;

/// The inspector's sections for a server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The znode tree.
    Tree,
    /// The txn log.
    Log,
    /// The session table.
    Sessions,
    /// The watches held here.
    Watches,
}

impl Tab {
    /// Every tab, in order.
    pub const ALL: [Tab; 4] = [Tab::Tree, Tab::Log, Tab::Sessions, Tab::Watches];

    /// Lower-case name (test ids, CSS).
    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Tree => "tree",
            Tab::Log => "log",
            Tab::Sessions => "sessions",
            Tab::Watches => "watches",
        }
    }

    /// Its label.
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Tab::Tree => lang.pick("Tree", "数据树"),
            Tab::Log => lang.pick("Log", "事务日志"),
            Tab::Sessions => lang.pick("Sessions", "会话"),
            Tab::Watches => lang.pick("Watches", "监视"),
        }
    }
}

/// A zxid as ZooKeeper prints it (`0x100000003`).
pub fn zxid(z: Zxid) -> String {
    format!("0x{:x}", z.0)
}

/// A zxid given as a raw number.
pub fn zxid_raw(z: u64) -> String {
    zxid(Zxid(z))
}

/// A duration in seconds with one decimal (`3.2 s`).
pub fn seconds(t: Micros) -> String {
    format!("{:.1} s", t as f64 / 1e6)
}

/// Why the tree differs from the leader's, in one sentence (or that it does not).
pub fn diff_summary(d: &TreeDiff, lang: Lang) -> String {
    let (here, there) = (d.here.to_string(), d.there.to_string());
    if d.is_empty() {
        return lang.choose(
            format!(
                "Same tree as the leader {there} (both applied up to {}).",
                zxid(d.here_applied)
            ),
            format!(
                "与领导者 {there} 的数据树相同（都已应用到 {}）。",
                zxid(d.here_applied)
            ),
        );
    }
    let n = d.total;
    let head = lang.choose(
        format!(
            "{n} difference{} from the leader {there}'s tree. ",
            if n == 1 { "" } else { "s" }
        ),
        format!("与领导者 {there} 的数据树有 {n} 处不同。"),
    );
    let (ha, ta) = (zxid(d.here_applied), zxid(d.there_applied));
    let why = if d.cut_off && d.follows_there {
        lang.choose(format!("The network between {here} and {there} is cut, but {here} has not noticed yet: it waits syncLimit for the leader before giving up. Meanwhile it misses every commit (it applied up to {ha}, the leader up to {ta})."),
            format!("{here} 与 {there} 之间的网络已断开，但 {here} 还没有察觉：它要等待 syncLimit 才放弃领导者。在此期间它错过了所有提交（它应用到 {ha}，领导者应用到 {ta}）。"),
        )
    } else if d.cut_off {
        lang.choose(format!("{here} is cut off from the leader {there} and has stopped following it; it applied up to {ha}, the leader up to {ta}. It catches up once it can reach a leader again."),
            format!("{here} 与领导者 {there} 之间被切断，已不再跟随它；它应用到 {ha}，领导者应用到 {ta}。网络恢复、重新连上领导者后它会追上。"),
        )
    } else if !d.follows_there {
        lang.choose(format!("{here} is not following {there} right now (it is electing or syncing); it applied up to {ha}, the leader up to {ta}. The leader syncs it when it joins."),
            format!("{here} 目前没有跟随 {there}（正在选举或同步）；它应用到 {ha}，领导者应用到 {ta}。加入后领导者会为它同步。"),
        )
    } else if d.here_applied < d.there_applied {
        let behind = d.behind.map_or_else(String::new, |b| b.to_string());
        lang.choose(format!("{here} is {behind} commit(s) behind the leader ({ha} vs {ta}): they are on their way, followers apply a commit a moment after the leader."),
            format!("{here} 比领导者落后 {behind} 个提交（{ha} 对 {ta}）：它们正在路上，跟随者总比领导者稍晚应用提交。"),
        )
    } else {
        lang.choose(
            format!("Both applied up to {ha} yet their trees differ: their histories diverged."),
            format!("两者都应用到 {ha}，数据树却不同：它们的历史已经分叉。"),
        )
    };
    head + &why
}

/// What one difference means.
pub fn diff_entry_text(e: &DiffEntry, d: &TreeDiff, lang: Lang) -> String {
    let there = d.there.to_string();
    let applied = zxid(d.here_applied);
    match e.kind {
        DiffKind::Missing => {
            let side = e.there.as_ref();
            let czxid = side.map_or(0, |s| s.stat.czxid);
            if czxid > d.here_applied.0 {
                lang.choose(format!("Missing here: the leader {there} created it in txn {}, which this server has not applied (it applied up to {applied}).", zxid_raw(czxid)),
                    format!("此处缺失：领导者 {there} 在事务 {} 中创建了它，本服务器尚未应用该事务（它应用到 {applied}）。", zxid_raw(czxid)),
                )
            } else {
                lang.choose(format!("Missing here, though the leader {there} created it in txn {}, at or before what this server applied ({applied}): their histories differ.", zxid_raw(czxid)),
                    format!("此处缺失，但领导者 {there} 在事务 {} 中创建了它，不晚于本服务器已应用的 {applied}：两者历史不同。", zxid_raw(czxid)),
                )
            }
        }
        DiffKind::Extra => match e.there_parent_pzxid {
            Some(p) if p > d.here_applied.0 => lang.choose(format!("Not on the leader {there}: it was deleted there in txn {} (when its parent last changed), which this server has not applied.", zxid_raw(p)),
                format!("领导者 {there} 上没有：它已在事务 {} 中被删除（其父节点最后一次变化），本服务器尚未应用该事务。", zxid_raw(p)),
            ),
            _ => lang.choose(format!("Not on the leader {there}: this server holds a node the leader does not have."),
                format!("领导者 {there} 上没有：本服务器持有一个领导者没有的节点。"),
            ),
        },
        DiffKind::Differs => {
            let newer = e
                .there
                .as_ref()
                .map(|s| s.stat.mzxid.max(s.stat.pzxid))
                .filter(|z| *z > d.here_applied.0);
            let cause = match newer {
                Some(z) => lang.choose(format!(" The change in txn {} is not applied here yet.", zxid_raw(z)),
                    format!("事务 {} 中的修改尚未在此应用。", zxid_raw(z)),
                ),
                None => String::new(),
            };
            let children_only = e
                .fields
                .iter()
                .all(|f| matches!(*f, "cversion" | "numChildren" | "pzxid"));
            if children_only {
                let kids = |s: Option<&engine::NodeSide>| {
                    s.map_or((0, 0), |s| (s.stat.num_children, s.stat.cversion))
                };
                let ((hn, hc), (tn, tc)) = (kids(e.here.as_ref()), kids(e.there.as_ref()));
                return lang.choose(format!("Its children differ: here {hn} (cversion {hc}), on the leader {tn} (cversion {tc}).{cause}"),
                    format!("子节点不同：此处 {hn} 个（cversion {hc}），领导者上 {tn} 个（cversion {tc}）。{cause}"),
                );
            }
            let fields = e.fields.join(", ");
            let side = |s: Option<&engine::NodeSide>| {
                s.map_or_else(String::new, |s| {
                    format!("\"{}\" v{} cv{}", s.data, s.stat.version, s.stat.cversion)
                })
            };
            let (here, them) = (side(e.here.as_ref()), side(e.there.as_ref()));
            lang.choose(format!("Differs in {fields}: here {here}, on the leader {them}.{cause}"),
                format!("{fields} 不同：此处为 {here}，领导者上为 {them}。{cause}"),
            )
        }
    }
}

/// The kind of a difference as a CSS class and test value.
pub fn diff_kind(kind: DiffKind) -> &'static str {
    match kind {
        DiffKind::Missing => "missing",
        DiffKind::Extra => "extra",
        DiffKind::Differs => "differs",
    }
}

/// The role's name in the UI's language.
pub fn role_name(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Looking => lang.pick("looking (electing)", "寻找中（选举）"),
        Role::Following => lang.pick("follower", "跟随者"),
        Role::Leading => lang.pick("leader", "领导者"),
        Role::Observing => lang.pick("observer", "观察者"),
        Role::Down => lang.pick("down (crashed)", "宕机（已崩溃）"),
    }
}

fn node_badges(n: &NodeDetail, lang: Lang) -> String {
    let s = &n.stat;
    let mut parts = vec![format!("v{}", s.version), format!("cv{}", s.cversion)];
    parts.push(format!("czxid {}", zxid_raw(s.czxid)));
    parts.push(format!("mzxid {}", zxid_raw(s.mzxid)));
    if s.num_children > 0 {
        parts.push(lang.choose(
            format!(
                "{} child{}",
                s.num_children,
                if s.num_children == 1 { "" } else { "ren" }
            ),
            format!("{} 个子节点", s.num_children),
        ));
    }
    parts.join(" · ")
}

fn node_kind(n: &NodeDetail, lang: Lang) -> Option<String> {
    match n.kind {
        NodeKind::Persistent => None,
        NodeKind::Container => Some(lang.pick("container", "容器").to_string()),
        NodeKind::Ephemeral(s) => {
            let who = n.owner.clone().unwrap_or_else(|| engine::session_hex(s));
            Some(lang.choose(format!("ephemeral of {who}"), format!("{who} 的临时节点")))
        }
    }
}

/// The nodes at `depth` starting at `nodes[*i]`, with their subtrees, as a nested list.
fn tree_level(
    nodes: &[NodeDetail],
    i: &mut usize,
    depth: usize,
    diff: Option<&TreeDiff>,
    lang: Lang,
) -> Html {
    let mut items = Vec::new();
    while *i < nodes.len() && nodes[*i].depth == depth {
        let n = &nodes[*i];
        *i += 1;
        let d = diff.and_then(|d| d.at(&n.path).map(|e| (e, d)));
        let kind = d.map(|(e, _)| diff_kind(e.kind)).unwrap_or("");
        let why = d.map(|(e, d)| diff_entry_text(e, d, lang));
        let sub = (*i < nodes.len() && nodes[*i].depth > depth)
            .then(|| tree_level(nodes, i, depth + 1, diff, lang));
        let data = (!n.data.is_empty())
            .then(|| html! { <span class="znode-data">{ format!("\"{}\"", n.data) }</span> });
        let kind_badge =
            node_kind(n, lang).map(|k| html! { <span class="znode-kind">{ k }</span> });
        let mark = why.clone().map(|w| {
            html! { <span class="diff-mark" title={w.clone()} aria-label={w}>{ "≠" }</span> }
        });
        items.push(html! {
            <li key={n.path.clone()}>
                <div class={classes!("znode", (!kind.is_empty()).then(|| format!("diff-{kind}")))}
                     data-testid="znode" data-path={n.path.clone()} data-diff={kind}
                     title={why.unwrap_or_default()}>
                    { for mark }
                    <span class="znode-name">{ &n.name }</span>
                    { for data }
                    { for kind_badge }
                    <span class="znode-stat">{ node_badges(n, lang) }</span>
                </div>
                { for sub }
            </li>
        });
    }
    html! { <ul class="znodes">{ for items }</ul> }
}

fn tree_tab(d: &ServerDetail, lang: Lang) -> Html {
    let Some(live) = &d.live else {
        return html! {
            <p class="hint">{ lang.pick(
                "A crashed server has no tree in memory: only its disk (the Log tab) survives. It rebuilds its tree from its snapshot and log when it restarts.",
                "崩溃的服务器内存中没有数据树：只有磁盘（见“事务日志”）留存。重启时它会根据快照和日志重建数据树。") }</p>
        };
    };
    let diff_block = match &d.leader_diff {
        None if d.role == Role::Leading => html! {
            <p class="diff-summary" data-testid="diff-summary" data-same="leader">
                { lang.pick("This is the leader: the other servers' trees are compared with this one.",
                            "这是领导者：其他服务器的数据树都与它比较。") }
            </p>
        },
        None => html! {
            <p class="diff-summary" data-testid="diff-summary" data-same="unknown">
                { lang.pick("No established leader to compare with right now.", "目前没有已确立的领导者可供比较。") }
            </p>
        },
        Some(diff) => {
            let entries = diff.entries.iter().map(|e| {
                let text = diff_entry_text(e, diff, lang);
                let kind = diff_kind(e.kind);
                html! {
                    <li class={format!("diff-{kind}")} data-testid="diff-entry" data-path={e.path.clone()} data-kind={kind}>
                        <code>{ &e.path }</code>{ " " }{ text }
                    </li>
                }
            });
            let more = diff.total.saturating_sub(diff.entries.len());
            html! {
                <div class="tree-diff" data-testid="tree-diff">
                    <p class={classes!("diff-summary", (!diff.is_empty()).then_some("differs"))}
                       data-testid="diff-summary" data-same={diff.is_empty().to_string()}>
                        <span aria-hidden="true">{ if diff.is_empty() { "✓ " } else { "≠ " } }</span>
                        { diff_summary(diff, lang) }
                    </p>
                    if !diff.is_empty() {
                        <ul class="diff-entries">{ for entries }</ul>
                    }
                    if more > 0 {
                        <p class="hint">{ lang.choose(format!("… and {more} more."), format!("……另有 {more} 处。")) }</p>
                    }
                </div>
            }
        }
    };
    let mut i = 0;
    let tree = tree_level(&live.tree, &mut i, 0, d.leader_diff.as_ref(), lang);
    let hidden = live.node_count.saturating_sub(live.tree.len());
    html! {
        <>
            { diff_block }
            <div class="tree" data-testid="tree">{ tree }</div>
            if hidden > 0 {
                <p class="hint">{ lang.choose(format!("… {hidden} more znodes not shown."), format!("……另有 {hidden} 个节点未显示。")) }</p>
            }
        </>
    }
}

fn log_tab(d: &ServerDetail, lang: Lang) -> Html {
    let log = &d.log;
    let committed = log.committed;
    let mut rows = Vec::new();
    let older = log.total - log.entries.len();
    if log.snapshot.0 != 0 || older > 0 {
        rows.push(html! {
            <li class="log-snapshot" key="snapshot">
                { lang.choose(format!("snapshot up to {}{}", zxid(log.snapshot),
                             if older > 0 { format!(", then {older} older entries not shown") } else { String::new() }),
                     format!("快照截至 {}{}", zxid(log.snapshot),
                             if older > 0 { format!("，之后 {older} 条较早的记录未显示") } else { String::new() })) }
            </li>
        });
    }
    let last_committed = log.entries.iter().rposition(|e| e.committed);
    if committed.is_some() && last_committed.is_none() && !log.entries.is_empty() {
        rows.push(commit_point(committed, lang));
    }
    for (i, e) in log.entries.iter().enumerate() {
        rows.push(html! {
            <li key={e.zxid.0.to_string()} class={if e.committed { "committed" } else { "uncommitted" }}
                data-testid="log-entry" data-zxid={zxid(e.zxid)} data-committed={e.committed.to_string()}>
                <code class="log-zxid" title={format!("epoch {}, counter {}", e.zxid.epoch(), e.zxid.counter())}>
                    { zxid(e.zxid) }
                </code>
                <span class="log-epoch">{ format!("e{}", e.zxid.epoch()) }</span>
                <span class="log-text">{ &e.text }</span>
            </li>
        });
        if Some(i) == last_committed && i + 1 < log.entries.len() {
            rows.push(commit_point(committed, lang));
        }
    }
    let proposed = log.entries.iter().any(|e| !e.committed);
    let head = match committed {
        Some(c) if proposed => lang.choose(format!("{} txns logged; committed (applied) up to {}. Below the line: logged (proposed), not committed yet.", log.total, zxid(c)),
            format!("已记录 {} 个事务；已提交（已应用）到 {}。分隔线以下：已记录（已提议），尚未提交。", log.total, zxid(c)),
        ),
        Some(c) => lang.choose(format!("{} txns logged; committed (applied) up to {}: all of them.", log.total, zxid(c)),
            format!("已记录 {} 个事务；已提交（已应用）到 {}：全部已提交。", log.total, zxid(c)),
        ),
        None => lang.choose(format!("{} txns on disk. The committed point is volatile: a crashed server learns it again from its leader after restarting.", log.total),
            format!("磁盘上有 {} 个事务。提交点只在内存中：崩溃的服务器重启后要从领导者处重新得知。", log.total),
        ),
    };
    html! {
        <>
            <p class="log-head" data-testid="log-head">{ head }</p>
            if log.entries.is_empty() {
                <p class="hint">{ lang.pick("The log is empty.", "日志为空。") }</p>
            } else {
                <ol class="log">{ for rows }</ol>
            }
        </>
    }
}

fn commit_point(committed: Option<Zxid>, lang: Lang) -> Html {
    let c = committed.map(zxid).unwrap_or_default();
    html! {
        <li class="commit-point" key="commit-point" data-testid="commit-point" role="separator">
            { lang.choose(format!("committed up to {c}"), format!("已提交到 {c}")) }
        </li>
    }
}

fn sessions_tab(d: &ServerDetail, lang: Lang) -> Html {
    let Some(live) = &d.live else {
        return html! { <p class="hint">{ lang.pick("Down: no sessions in memory.", "宕机：内存中没有会话。") }</p> };
    };
    if live.sessions.is_empty() {
        return html! { <p class="hint">{ lang.pick("No sessions.", "没有会话。") }</p> };
    }
    let leader = live.sessions.iter().any(|s| s.expires_in.is_some());
    let rows = live.sessions.iter().map(|s| {
        html! {
            <tr key={s.id.to_string()} data-testid="session-row">
                <td><code>{ engine::session_hex(s.id) }</code></td>
                <td>{ s.owner.clone().unwrap_or_else(|| "?".into()) }</td>
                <td>{ format!("{} ms", s.timeout_ms) }</td>
                <td>{ s.ephemerals }</td>
                <td>{ if s.connected_here { "✓" } else { "" } }</td>
                if leader {
                    <td>{ s.expires_in.map(seconds).unwrap_or_default() }
                        { if s.closing { lang.pick(" (closing)", "（关闭中）") } else { "" } }</td>
                }
            </tr>
        }
    });
    html! {
        <table class="detail-table">
            <thead><tr>
                <th>{ lang.pick("Session", "会话") }</th>
                <th>{ lang.pick("Client", "客户端") }</th>
                <th>{ lang.pick("Timeout", "超时") }</th>
                <th>{ lang.pick("Ephemerals", "临时节点") }</th>
                <th>{ lang.pick("Connected here", "连在此处") }</th>
                if leader { <th title={lang.pick("Unless its client is heard from (the leader tracks expiry)",
                                                 "除非收到其客户端的消息（由领导者跟踪过期）")}>
                    { lang.pick("Expires in", "过期倒计时") }</th> }
            </tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

fn watches_tab(d: &ServerDetail, lang: Lang) -> Html {
    let Some(live) = &d.live else {
        return html! { <p class="hint">{ lang.pick("Down: no watches in memory.", "宕机：内存中没有监视。") }</p> };
    };
    if live.watches.is_empty() {
        return html! {
            <p class="hint">{ lang.pick(
                "No watches here. Watches live on the server a client is connected to (try get -w /a in the console).",
                "此处没有监视。监视保存在客户端所连接的服务器上（可在控制台试试 get -w /a）。") }</p>
        };
    }
    let rows = live.watches.iter().map(|w| {
        html! {
            <tr data-testid="watch-row">
                <td><code>{ &w.path }</code></td>
                <td>{ w.kind() }</td>
                <td>{ w.owner.clone().unwrap_or_else(|| engine::session_hex(w.session)) }</td>
            </tr>
        }
    });
    html! {
        <table class="detail-table">
            <thead><tr>
                <th>{ lang.pick("Path", "路径") }</th>
                <th>{ lang.pick("Kind", "类型") }</th>
                <th>{ lang.pick("Client", "客户端") }</th>
            </tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// Properties of [`ServerInspector`].
#[derive(Properties, PartialEq)]
pub struct ServerInspectorProps {
    /// What to show.
    pub detail: ServerDetail,
    /// The UI language.
    pub lang: Lang,
}

/// One server in the inspector, with tabs.
#[function_component(ServerInspector)]
pub fn server_inspector(props: &ServerInspectorProps) -> Html {
    let tab = use_state(|| Tab::Tree);
    let (d, lang) = (&props.detail, props.lang);
    let count = |t: Tab| -> Option<usize> {
        match t {
            Tab::Tree => d.live.as_ref().map(|l| l.node_count),
            Tab::Log => Some(d.log.total),
            Tab::Sessions => d.live.as_ref().map(|l| l.sessions.len()),
            Tab::Watches => d.live.as_ref().map(|l| l.watches.len()),
        }
    };
    let tabs = Tab::ALL.iter().map(|&t| {
        let onclick = {
            let tab = tab.clone();
            Callback::from(move |_: MouseEvent| tab.set(t))
        };
        let selected = *tab == t;
        let label = match count(t) {
            Some(n) => format!("{} ({n})", t.label(lang)),
            None => t.label(lang).to_string(),
        };
        html! {
            <button type="button" role="tab" aria-selected={selected.to_string()}
                    class={classes!("tab", selected.then_some("selected"))}
                    data-testid={format!("tab-{}", t.as_str())} {onclick}>{ label }</button>
        }
    });
    let body = match *tab {
        Tab::Tree => tree_tab(d, lang),
        Tab::Log => log_tab(d, lang),
        Tab::Sessions => sessions_tab(d, lang),
        Tab::Watches => watches_tab(d, lang),
    };
    let epochs = lang.choose(
        format!("epoch {} (accepted {})", d.current_epoch, d.accepted_epoch),
        format!("纪元 {}（已接受 {}）", d.current_epoch, d.accepted_epoch),
    );
    let committed = d.live.as_ref().map(|l| {
        lang.choose(
            format!("committed {}", zxid(l.committed)),
            format!("已提交 {}", zxid(l.committed)),
        )
    });
    html! {
        <div class="server-detail" data-testid="server-detail" data-server={d.id.to_string()}>
            <h3>
                { d.id.to_string() }{ " — " }{ role_name(d.role, lang) }
            </h3>
            <p class="detail-facts">
                <span>{ epochs }</span>
                <span>{ lang.choose(format!("last logged {}", zxid(d.last_zxid)), format!("最后记录 {}", zxid(d.last_zxid))) }</span>
                { for committed.map(|c| html! { <span>{ c }</span> }) }
            </p>
            <div class="tabs" role="tablist" aria-label={lang.pick("Server details", "服务器详情")}>{ for tabs }</div>
            <div class="tab-body" role="tabpanel" data-tab={tab.as_str()}>{ body }</div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::tree::Stat;
    use engine::NodeSide;
    use engine::ServerId;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn diff(entries: Vec<DiffEntry>, here: u64, there: u64) -> TreeDiff {
        TreeDiff {
            here: ServerId(1),
            there: ServerId(3),
            here_applied: Zxid(here),
            there_applied: Zxid(there),
            follows_there: true,
            cut_off: false,
            behind: Some((there - here) as usize),
            total: entries.len(),
            entries,
        }
    }

    fn side(data: &str, version: i32, czxid: u64, mzxid: u64) -> NodeSide {
        NodeSide {
            data: data.into(),
            stat: Stat {
                version,
                czxid,
                mzxid,
                ..Stat::default()
            },
        }
    }

    #[test]
    fn summaries_say_why_a_tree_differs() {
        let same = diff(vec![], 5, 5);
        assert_eq!(
            diff_summary(&same, Lang::En),
            "Same tree as the leader s3 (both applied up to 0x5)."
        );
        let missing = DiffEntry {
            path: "/b".into(),
            kind: DiffKind::Missing,
            fields: vec![],
            here: None,
            there: Some(side("y", 0, 7, 7)),
            there_parent_pzxid: None,
        };
        let mut d = diff(vec![missing.clone()], 5, 7);
        let s = diff_summary(&d, Lang::En);
        assert!(
            s.starts_with("1 difference from the leader s3's tree. s1 is 2 commit(s) behind"),
            "{s}"
        );
        assert_eq!(
            diff_entry_text(&missing, &d, Lang::En),
            "Missing here: the leader s3 created it in txn 0x7, which this server has not applied (it applied up to 0x5)."
        );
        d.cut_off = true;
        assert!(diff_summary(&d, Lang::En).contains("has not noticed yet"));
        d.follows_there = false;
        assert!(diff_summary(&d, Lang::En).contains("stopped following"));
        assert!(diff_summary(&d, Lang::Zh).contains("不再跟随"));
    }

    #[test]
    fn a_changed_node_names_its_fields_and_the_txn_not_applied() {
        let e = DiffEntry {
            path: "/a".into(),
            kind: DiffKind::Differs,
            fields: vec!["data", "version", "mzxid"],
            here: Some(side("x", 0, 3, 3)),
            there: Some(side("z", 1, 3, 8)),
            there_parent_pzxid: None,
        };
        let d = diff(vec![e.clone()], 5, 8);
        assert_eq!(
            diff_entry_text(&e, &d, Lang::En),
            "Differs in data, version, mzxid: here \"x\" v0 cv0, on the leader \"z\" v1 cv0. The change in txn 0x8 is not applied here yet."
        );
        let root = DiffEntry {
            path: "/".into(),
            kind: DiffKind::Differs,
            fields: vec!["cversion", "numChildren", "pzxid"],
            here: Some(side("", 0, 0, 0)),
            there: Some(NodeSide {
                data: String::new(),
                stat: Stat {
                    num_children: 2,
                    cversion: 1,
                    pzxid: 7,
                    ..Stat::default()
                },
            }),
            there_parent_pzxid: None,
        };
        assert_eq!(
            diff_entry_text(&root, &d, Lang::En),
            "Its children differ: here 0 (cversion 0), on the leader 2 (cversion 1). The change in txn 0x7 is not applied here yet."
        );
        let extra = DiffEntry {
            path: "/gone".into(),
            kind: DiffKind::Extra,
            fields: vec![],
            here: Some(side("", 0, 2, 2)),
            there: None,
            there_parent_pzxid: Some(6),
        };
        assert!(diff_entry_text(&extra, &d, Lang::En).contains("deleted there in txn 0x6"));
    }

    #[test]
    fn numbers_read_as_zookeeper_prints_them() {
        assert_eq!(zxid(Zxid::new(1, 3)), "0x100000003");
        assert_eq!(seconds(3_260_000), "3.3 s");
        assert_eq!(Tab::Log.label(Lang::Zh), "事务日志");
    }
}
