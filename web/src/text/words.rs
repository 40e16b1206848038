//! Words for what the engine reports, in both languages: what the map, the panels and the
//! lesson show by default. Raw numbers and ZooKeeper's own names go in tooltips.

use engine::{Broke, ClientStatus, Role};

use super::Lang;

/// A client's status in a word or two.
pub fn client_status(status: ClientStatus, lang: Lang) -> &'static str {
    match status {
        ClientStatus::Connected => lang.pick("connected", "已连接"),
        ClientStatus::Connecting => lang.pick("connecting", "连接中"),
        ClientStatus::Closed => lang.pick("session over", "会话结束"),
        ClientStatus::Down => lang.pick("crashed", "已崩溃"),
    }
}

/// A client's status with what it means, for the inspector and the console.
pub fn client_status_long(status: ClientStatus, lang: Lang) -> &'static str {
    match status {
        ClientStatus::Connected => lang.pick("connected", "已连接"),
        ClientStatus::Connecting => lang.pick("connecting", "连接中"),
        ClientStatus::Closed => lang.pick("closed (session over)", "已关闭（会话结束）"),
        ClientStatus::Down => lang.pick("down (process crashed)", "宕机（进程已崩溃）"),
    }
}

/// A server's role in a word (ZooKeeper's own name, `LEADING`, goes in the tooltip).
pub fn role(role: Role, lang: Lang) -> &'static str {
    match role {
        Role::Looking => lang.pick("electing", "选举中"),
        Role::Following => lang.pick("follower", "跟随者"),
        Role::Leading => lang.pick("leader", "领导者"),
        Role::Observing => lang.pick("observer", "观察者"),
        Role::Down => lang.pick("crashed", "已崩溃"),
    }
}

/// What a role means, for the tooltip, with ZooKeeper's name for it.
pub fn role_title(role: Role, lang: Lang) -> String {
    let what = match role {
        Role::Looking => lang.pick(
            "voting for a leader (no leader known)",
            "正在投票选举领导者（还不知道谁是领导者）",
        ),
        Role::Following => lang.pick(
            "follows the leader: logs its proposals and acknowledges them",
            "跟随领导者：记录它的提议并确认",
        ),
        Role::Leading => lang.pick(
            "the leader: orders every change and proposes it to the others",
            "领导者：为每个修改排定顺序，并向其他服务器提议",
        ),
        Role::Observing => lang.pick(
            "an observer: gets every change but does not vote",
            "观察者：接收每个修改，但不参与投票",
        ),
        Role::Down => lang.pick("crashed: only its disk remains", "已崩溃：只剩下它的磁盘"),
    };
    format!(
        "{what} ({} {})",
        lang.pick("ZooKeeper calls it", "ZooKeeper 称之为"),
        role.as_str()
    )
}

/// A zxid for people: the epoch and the change's number in it, in decimal (`1:39`); `0:0`
/// before any change.
pub fn zxid(z: u64) -> String {
    format!("{}:{}", z >> 32, z & 0xffff_ffff)
}

/// What a zxid means, for its tooltip (with the number as ZooKeeper prints it).
pub fn zxid_title(z: u64, lang: Lang) -> String {
    let (epoch, n) = (z >> 32, z & 0xffff_ffff);
    match lang {
        Lang::En => format!(
            "{}: change {n} of epoch {epoch}. Every change gets a number (a zxid): the leader's \
             epoch, then a counter. ZooKeeper prints it as 0x{z:x}.",
            zxid(z)
        ),
        Lang::Zh => format!(
            "{}：第 {epoch} 纪元的第 {n} 个修改。每个修改都有一个编号（zxid）：领导者的纪元加一个计数。\
             ZooKeeper 把它写成 0x{z:x}。",
            zxid(z)
        ),
    }
}

/// A task's name, short: `task-0000000003` is `task 3` (`任务 3`).
pub fn task(name: &str, lang: Lang) -> String {
    match name.rsplit_once('-') {
        Some((stem, n)) if n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty() => {
            let n = n.trim_start_matches('0');
            let stem = if stem == "task" {
                lang.pick("task", "任务")
            } else {
                stem
            };
            format!("{stem} {}", if n.is_empty() { "0" } else { n })
        }
        _ => name.to_string(),
    }
}

/// A recipe invariant's name in words.
pub fn invariant(name: &str, lang: Lang) -> &'static str {
    match name {
        "mutual-exclusion" => lang.pick("two lock holders at once", "同时有两个锁持有者"),
        "one-master" => lang.pick("two masters acted", "两个 master 都在行动"),
        "at-most-once" => lang.pick("a task ran twice", "一个任务执行了两次"),
        "no-lost-task" => lang.pick("a task was lost", "一个任务丢失了"),
        _ => lang.pick("a rule was broken", "违反了规则"),
    }
}

/// What went wrong, in a sentence, from the names involved.
pub fn broke(b: &Broke, lang: Lang) -> String {
    let first = b.who.first().map_or("", String::as_str);
    let others = b.who.get(1..).unwrap_or_default().join(", ");
    let task = b.task.as_deref().map(|t| task(t, lang)).unwrap_or_default();
    match (b.invariant, lang) {
        ("mutual-exclusion", Lang::En) => {
            format!("{first} took the lock while {others} still acted as its holder.")
        }
        ("mutual-exclusion", Lang::Zh) => {
            format!("{first} 拿到了锁，而 {others} 仍以为自己持有它。")
        }
        ("one-master", Lang::En) => {
            format!("{first} acted as master after {others} had taken over: two masters.")
        }
        ("one-master", Lang::Zh) => {
            format!("{others} 接任之后，{first} 仍以 master 身份行事：出现了两个 master。")
        }
        ("at-most-once", Lang::En) => {
            format!("{first} ran {task}, which {others} had already run: done twice.")
        }
        ("at-most-once", Lang::Zh) => {
            format!("{first} 执行了 {task}，而 {others} 已经执行过它：执行了两次。")
        }
        ("no-lost-task", Lang::En) => format!("{task} was submitted but never done."),
        ("no-lost-task", Lang::Zh) => format!("{task} 已提交，但从未完成。"),
        (_, _) => b.detail.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn zxids_read_as_epoch_and_change() {
        assert_eq!(zxid(0), "0:0");
        assert_eq!(zxid((1 << 32) | 39), "1:39");
        assert!(zxid_title((1 << 32) | 39, Lang::En).contains("0x100000027"));
        assert!(zxid_title((2 << 32) | 3, Lang::Zh).contains("第 2 纪元的第 3 个"));
    }

    #[test]
    fn tasks_and_breaks_in_words() {
        assert_eq!(task("task-0000000003", Lang::En), "task 3");
        assert_eq!(task("task-0000000003", Lang::Zh), "任务 3");
        assert_eq!(task("task-0000000000", Lang::En), "task 0");
        assert_eq!(task("cleanup", Lang::En), "cleanup");
        let b = Broke {
            time: 0,
            invariant: "at-most-once",
            detail: "task-0000000003 executed again by w2 (token 4294967323)".into(),
            who: vec!["w2".into(), "w1".into()],
            task: Some("task-0000000003".into()),
        };
        let en = broke(&b, Lang::En);
        assert_eq!(en, "w2 ran task 3, which w1 had already run: done twice.");
        assert!(!broke(&b, Lang::Zh).contains("token"));
    }
}
