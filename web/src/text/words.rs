//! Words for what the engine reports, in both languages: what the map, the panels and the
//! lesson show by default. Raw numbers and ZooKeeper's own names go in tooltips.

use engine::{Broke, ClientStatus, Marker, MarkerKind, Role};

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
        (other, _) => format!("{}: {}", invariant(other, lang), b.who.join(", ")),
    }
}

/// A recipe program's name in words (the option's value stays the scenario's name).
pub fn program(name: &str, lang: Lang) -> &'static str {
    match name {
        "election" => lang.pick("leader election", "领导者选举"),
        "lock" => lang.pick("lock", "锁"),
        "herd-lock" => lang.pick("lock, herd style", "锁（羊群式）"),
        "member" => lang.pick("group member", "组成员"),
        "barrier-wait" => lang.pick("wait at a barrier", "在屏障处等待"),
        "barrier-lift" => lang.pick("raise and lift a barrier", "设置并撤除屏障"),
        "producer" => lang.pick("queue producer", "队列生产者"),
        "consumer" => lang.pick("queue consumer", "队列消费者"),
        "read-lock" => lang.pick("read lock", "读锁"),
        "write-lock" => lang.pick("write lock", "写锁"),
        "double-barrier" => lang.pick("double barrier", "双屏障"),
        "config-watch" => lang.pick("watch the configuration", "监视配置"),
        "config-set" => lang.pick("change the configuration", "修改配置"),
        "master" => lang.pick("master", "master"),
        "worker" => lang.pick("worker", "worker"),
        "submitter" => lang.pick("task submitter", "任务提交者"),
        "heartbeat-master" => lang.pick("master by heartbeats", "心跳选主"),
        "byzantine" => lang.pick("Byzantine generals", "拜占庭将军"),
        _ => lang.pick("a program", "程序"),
    }
}

/// A message's kind in words (ZooKeeper's name for it, `PROPOSAL`, goes in the tooltip).
pub fn message_kind(kind: &str, lang: Lang) -> &'static str {
    match kind {
        "NOTIFICATION" => lang.pick("vote", "选票"),
        "FOLLOWERINFO" | "OBSERVERINFO" | "LEADERINFO" | "ACKEPOCH" => {
            lang.pick("joining the leader", "加入领导者")
        }
        "DIFF" | "TRUNC" | "SNAP" | "NEWLEADER" | "UPTODATE" => {
            lang.pick("catching up", "同步数据")
        }
        "PROPOSAL" => lang.pick("proposed change", "提议的修改"),
        "ACK" => lang.pick("acknowledgement", "确认"),
        "COMMIT" => lang.pick("commit", "提交"),
        "INFORM" => lang.pick("change for an observer", "发给观察者的修改"),
        "PING" | "PONG" => lang.pick("heartbeat", "心跳"),
        "REQUEST" => lang.pick("request", "请求"),
        "SYNC" => lang.pick("sync", "同步请求"),
        "REVALIDATE" => lang.pick("session check", "会话检查"),
        "CONNECT" => lang.pick("connect", "连接"),
        "CONNECTED" => lang.pick("connected", "已连接"),
        "SETWATCHES" => lang.pick("watches again", "重设监视"),
        "REPLY" => lang.pick("answer", "应答"),
        "WATCH" => lang.pick("watch event", "监视事件"),
        "EXPIRED" => lang.pick("session expired", "会话已过期"),
        "BYE" => lang.pick("goodbye", "断开"),
        _ => lang.pick("message", "消息"),
    }
}

/// A timeline marker in a few words: "s5 leads (epoch 2)", "c1 paused 10 s".
pub fn marker(m: &Marker, lang: Lang) -> String {
    let who = if m.who == "leader" {
        lang.pick("the leader", "领导者").to_string()
    } else {
        m.who.clone()
    };
    match (m.kind, lang) {
        (MarkerKind::Leader, Lang::En) => format!("{who} leads (epoch {})", m.n),
        (MarkerKind::Leader, Lang::Zh) => format!("{who} 成为领导者（纪元 {}）", m.n),
        (MarkerKind::Crash, Lang::En) => format!("{who} crashed"),
        (MarkerKind::Crash, Lang::Zh) => format!("{who} 崩溃"),
        (MarkerKind::Restart, Lang::En) => format!("{who} restarted"),
        (MarkerKind::Restart, Lang::Zh) => format!("{who} 重启"),
        (MarkerKind::Partition, _) => lang.pick("network split", "网络分区").to_string(),
        (MarkerKind::Heal, _) => lang.pick("network healed", "网络恢复").to_string(),
        (MarkerKind::Pause, Lang::En) => format!("{who} paused {}", span(m.n, lang)),
        (MarkerKind::Pause, Lang::Zh) => format!("{who} 暂停 {}", span(m.n, lang)),
        (MarkerKind::Violation, _) => format!(
            "{}{}",
            lang.pick("broken: ", "违反："),
            checker(&m.who, lang)
        ),
    }
}

/// A length of time given in ms, in words: `300 ms`, `10 s` (`300 毫秒`, `10 秒`).
pub fn span(ms: u64, lang: Lang) -> String {
    if ms >= 1000 && ms.is_multiple_of(100) {
        let s = ms as f64 / 1000.0;
        format!("{s} {}", lang.pick("s", "秒"))
    } else {
        format!("{ms} {}", lang.pick("ms", "毫秒"))
    }
}

/// A checker's name, short: what it guards.
pub fn checker(name: &str, lang: Lang) -> String {
    let known = match name {
        "one-leader-per-epoch" => Some(lang.pick("one leader per epoch", "每个纪元一个领导者")),
        "committed-prefix" => Some(lang.pick("same history", "历史一致")),
        "log-monotonic" => Some(lang.pick("log order", "日志顺序")),
        "committed-durability" => Some(lang.pick("committed kept", "已提交不丢")),
        "mutual-exclusion" => Some(lang.pick("one lock holder", "锁持有者唯一")),
        "one-master" => Some(lang.pick("one master", "master 唯一")),
        "at-most-once" => Some(lang.pick("run once", "只执行一次")),
        "no-lost-task" => Some(lang.pick("no lost task", "任务不丢")),
        _ => None,
    };
    known.map_or_else(|| name.to_string(), str::to_string)
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

    #[test]
    fn every_program_has_words() {
        for name in engine::Program::NAMES {
            assert_ne!(program(name, Lang::En), "a program", "{name}");
        }
    }

    #[test]
    fn markers_in_words() {
        let m = |kind, who: &str, n| Marker {
            time: 0,
            kind,
            who: who.into(),
            n,
            text: String::new(),
        };
        assert_eq!(
            marker(&m(MarkerKind::Leader, "s5", 2), Lang::En),
            "s5 leads (epoch 2)"
        );
        assert_eq!(
            marker(&m(MarkerKind::Pause, "c1", 10_000), Lang::Zh),
            "c1 暂停 10 秒"
        );
        assert_eq!(
            marker(&m(MarkerKind::Pause, "leader", 300), Lang::En),
            "the leader paused 300 ms"
        );
        assert_eq!(
            marker(&m(MarkerKind::Violation, "mutual-exclusion", 0), Lang::En),
            "broken: one lock holder"
        );
    }
}
