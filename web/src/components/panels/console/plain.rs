//! What a client heard, in plain words in the UI's language: the line the console shows by
//! default. zkCli's own line (and the JSON of the conformance format) goes in its tooltip.

use engine::proto::Outcome;
use engine::tree::{ErrorCode, Reply};
use engine::watches::EventType;
use engine::{ClientEvent, SessionEvent};

use crate::text::Lang;

/// An error code in words.
pub fn error_words(code: ErrorCode, lang: Lang) -> String {
    let why = match code {
        ErrorCode::NoNode => lang.pick("no such node", "节点不存在"),
        ErrorCode::NodeExists => lang.pick("the node already exists", "节点已存在"),
        ErrorCode::BadVersion => lang.pick(
            "wrong version: someone changed it first",
            "版本不符：已被别人先修改",
        ),
        ErrorCode::NotEmpty => lang.pick("the node still has children", "节点还有子节点"),
        ErrorCode::NoChildrenForEphemerals => lang.pick(
            "an ephemeral node cannot have children",
            "临时节点不能有子节点",
        ),
        ErrorCode::BadArguments => lang.pick("bad path or arguments", "路径或参数无效"),
        ErrorCode::ConnectionLoss => lang.pick(
            "connection lost: the request may or may not have happened",
            "连接断开：请求可能执行了，也可能没有",
        ),
        ErrorCode::SessionExpired => lang.pick("the session has expired", "会话已过期"),
        ErrorCode::NoAuth => lang.pick("not allowed", "没有权限"),
        _ => return code.name().to_string(),
    };
    format!("{why} ({})", code.name())
}

fn reply_words(r: &Reply, lang: Lang) -> String {
    match (r, lang) {
        (Reply::Created { path, .. }, Lang::En) => format!("created {path}"),
        (Reply::Created { path, .. }, Lang::Zh) => format!("已创建 {path}"),
        (Reply::DataSet { stat }, Lang::En) => format!("set (version {})", stat.version),
        (Reply::DataSet { stat }, Lang::Zh) => format!("已修改（版本 {}）", stat.version),
        (Reply::Deleted, _) => lang.pick("deleted", "已删除").to_string(),
        (Reply::Checked, _) => lang.pick("checked", "检查通过").to_string(),
        (Reply::Error(c), _) => c.name().to_string(),
        _ => "?".into(),
    }
}

/// What was heard, in words.
pub fn plain_text(event: &ClientEvent, lang: Lang) -> String {
    match event {
        ClientEvent::Answer { outcome, .. } => answer(outcome, lang),
        ClientEvent::Watch(ev) => {
            let p = &ev.path;
            match (ev.kind, lang) {
                (EventType::NodeCreated, Lang::En) => format!("watch fired: {p} was created"),
                (EventType::NodeCreated, Lang::Zh) => format!("监视触发：{p} 被创建"),
                (EventType::NodeDeleted, Lang::En) => format!("watch fired: {p} was deleted"),
                (EventType::NodeDeleted, Lang::Zh) => format!("监视触发：{p} 被删除"),
                (EventType::NodeDataChanged, Lang::En) => {
                    format!("watch fired: {p}'s data changed")
                }
                (EventType::NodeDataChanged, Lang::Zh) => format!("监视触发：{p} 的数据被修改"),
                (EventType::NodeChildrenChanged, Lang::En) => {
                    format!("watch fired: {p}'s children changed")
                }
                (EventType::NodeChildrenChanged, Lang::Zh) => {
                    format!("监视触发：{p} 的子节点有变化")
                }
                (other, Lang::En) => format!("watch event {} on {p}", other.name()),
                (other, Lang::Zh) => format!("{p} 上的监视事件 {}", other.name()),
            }
        }
        ClientEvent::Session(ev) => match ev {
            SessionEvent::Disconnected => lang.pick(
                "lost its server; the session lives on for now",
                "与服务器断开；会话暂时还在",
            ),
            SessionEvent::SyncConnected => lang.pick("connected", "已连上"),
            SessionEvent::Expired => lang.pick(
                "session expired: its ephemeral nodes and watches are gone",
                "会话已过期：它的临时节点和监视都没了",
            ),
            SessionEvent::Closed => lang.pick("session closed", "会话已关闭"),
        }
        .to_string(),
    }
}

fn answer(outcome: &Outcome, lang: Lang) -> String {
    let data = |d: &[u8]| engine::data_text(d, 200);
    match (outcome, lang) {
        (Outcome::Opened, _) => lang.pick("session opened", "会话已建立").into(),
        (Outcome::Closed, _) => lang.pick("session closed", "会话已关闭").into(),
        (Outcome::Created(p), Lang::En) => format!("created {p}"),
        (Outcome::Created(p), Lang::Zh) => format!("已创建 {p}"),
        (Outcome::Data { data: d, stat }, Lang::En) => {
            format!("\"{}\" (version {})", data(d), stat.version)
        }
        (Outcome::Data { data: d, stat }, Lang::Zh) => {
            format!("“{}”（版本 {}）", data(d), stat.version)
        }
        (Outcome::Exists(Some(s)), Lang::En) => format!(
            "exists: version {}, {} children{}",
            s.version,
            s.num_children,
            if s.ephemeral_owner != 0 {
                ", ephemeral"
            } else {
                ""
            }
        ),
        (Outcome::Exists(Some(s)), Lang::Zh) => format!(
            "存在：版本 {}，{} 个子节点{}",
            s.version,
            s.num_children,
            if s.ephemeral_owner != 0 {
                "，临时节点"
            } else {
                ""
            }
        ),
        (Outcome::Exists(None), _) => lang.pick("does not exist", "不存在").into(),
        (Outcome::Children(c), _) => format!("[{}]", c.join(", ")),
        (Outcome::DataSet(s), Lang::En) => format!("done, now version {}", s.version),
        (Outcome::DataSet(s), Lang::Zh) => format!("完成，现在是版本 {}", s.version),
        (Outcome::Deleted, _) => lang.pick("deleted", "已删除").into(),
        (Outcome::Synced, _) => lang
            .pick(
                "sync done: this server has caught up with the leader",
                "同步完成：此服务器已追上领导者",
            )
            .into(),
        (Outcome::Checked, _) => lang.pick("check passed", "检查通过").into(),
        (Outcome::WatchAdded, _) => lang.pick("watch added", "已添加监视").into(),
        (Outcome::Multi(results), _) => {
            let failed = results.iter().find_map(|r| match r {
                Reply::Error(c) if *c != ErrorCode::Ok && *c != ErrorCode::RuntimeInconsistency => {
                    Some(*c)
                }
                _ => None,
            });
            let parts: Vec<String> = results.iter().map(|r| reply_words(r, lang)).collect();
            match failed {
                Some(c) => format!(
                    "{}{}",
                    lang.pick("failed, nothing was done: ", "失败，什么都没做："),
                    error_words(c, lang)
                ),
                None => format!(
                    "{}{}",
                    lang.pick("all done: ", "全部完成："),
                    parts.join("; ")
                ),
            }
        }
        (Outcome::Error(code), _) => error_words(*code, lang),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use engine::watches::WatchEvent;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn heard_lines_in_words_in_both_languages() {
        let answer = |outcome| ClientEvent::Answer { tag: 1, outcome };
        assert_eq!(
            plain_text(&answer(Outcome::Created("/a".into())), Lang::En),
            "created /a"
        );
        assert_eq!(
            plain_text(&answer(Outcome::Created("/a".into())), Lang::Zh),
            "已创建 /a"
        );
        assert_eq!(
            plain_text(&answer(Outcome::Error(ErrorCode::NoNode)), Lang::Zh),
            "节点不存在 (NONODE)"
        );
        let ev = ClientEvent::Watch(WatchEvent {
            kind: EventType::NodeDataChanged,
            path: "/a".into(),
        });
        assert_eq!(plain_text(&ev, Lang::En), "watch fired: /a's data changed");
        let expired = ClientEvent::Session(SessionEvent::Expired);
        assert!(plain_text(&expired, Lang::Zh).starts_with("会话已过期"));
    }
}
