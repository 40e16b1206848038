//! "Learn": the concepts of the chapter ZooScope teaches (ZooKeeper book, ch. 1), each with what
//! to watch and a scenario that shows it. Choosing one opens the scenario from the gallery.

use yew::prelude::*;

use crate::components::dialogs::gallery::{open_action, GalleryEntry, FILES};
use crate::components::dialogs::modal::Modal;
use crate::components::props::LangProps;
use crate::hooks::use_dialog_open;
use crate::text::Lang;

/// One concept of the chapter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lesson {
    /// Its title, (English, Chinese).
    pub title: (&'static str, &'static str),
    /// What the chapter says and what to watch, (English, Chinese).
    pub text: (&'static str, &'static str),
    /// The gallery file that shows it.
    pub file: &'static str,
}

/// The chapter's concepts, in the chapter's order.
pub const LESSONS: &[Lesson] = &[
    Lesson {
        title: ("Contention: a lock", "争用：锁"),
        text: ("Two processes cannot both hold the lock: each waits for its predecessor only, so a release wakes exactly one client.",
               "两个进程不能同时持有锁：每个客户端只监视它的前一个节点，所以每次释放只唤醒一个客户端。"),
        file: "lock.scn",
    },
    Lesson {
        title: ("The herd effect", "羊群效应"),
        text: ("The same lock done wrong: every waiter watches the lock's children, so every release wakes all of them.",
               "错误的锁：所有等待者都监视锁的子节点，每次释放都会唤醒所有人。"),
        file: "herd-lock.scn",
    },
    Lesson {
        title: ("Strong consistency, order, durability", "强一致性、有序性和持久性"),
        text: ("The leader crashes while clients write: survivors elect a new leader with a higher epoch, no committed write is lost.",
               "客户端写入时领导者崩溃：幸存者选出纪元更高的新领导者，已提交的写入不会丢失。"),
        file: "leader-crash.scn",
    },
    Lesson {
        title: ("Processor speed: a pause", "处理器速度：暂停"),
        text: ("A leader frozen by a long GC pause is deposed; it wakes up still believing it leads, then steps down.",
               "因长时间 GC 暂停而冻结的领导者被罢免；它醒来时仍以为自己是领导者，随后退位。"),
        file: "paused-leader.scn",
    },
    Lesson {
        title: ("Clock drift", "时钟漂移"),
        text: ("A follower's clock runs at half speed: order and commits do not depend on clocks, only timeouts stretch.",
               "一个跟随者的时钟以一半速度运行：顺序与提交不依赖时钟，只有超时被拉长。"),
        file: "clock-drift.scn",
    },
    Lesson {
        title: ("Where consistency ends: sync", "一致性的边界：sync"),
        text: ("sync is not a quorum read: a deposed leader that has not noticed yet answers it, and the read after it misses a write the majority acknowledged.",
               "sync 不是法定人数读：尚未察觉自己已被罢免的领导者回答了它，随后的读没有看到多数派已确认的写入。"),
        file: "stale-sync-read.scn",
    },
    Lesson {
        title: ("Crashed, or only slow?", "崩溃了，还是只是变慢了？"),
        text: ("A client cut off cannot be told from a crashed one: its session expires and its ephemeral node goes.",
               "被隔离的客户端与崩溃的客户端无法区分：它的会话过期，临时节点被删除。"),
        file: "session-expiry-partition.scn",
    },
    Lesson {
        title: ("Master election", "主节点选举"),
        text: ("Candidates create sequential ephemeral nodes; the lowest leads, and the next takes over once its session expires.",
               "候选者创建临时顺序节点；序号最小者成为领导者，它的会话过期后由下一个接任。"),
        file: "election.scn",
    },
    Lesson {
        title: ("Split brain", "脑裂"),
        text: ("Masters chosen by heartbeat timeouts, with no quorum as arbiter: a cut-off master goes on acting beside the new one.",
               "仅凭心跳超时选主、没有法定人数仲裁：被隔离的主节点与新主节点同时行事。"),
        file: "heartbeat-split-brain.scn",
    },
    Lesson {
        title: ("Master failure", "主节点失效"),
        text: ("The master crashes; the backup takes over, recovers the assignments from ZooKeeper, and every task finishes.",
               "主节点崩溃；备用主节点接管，从 ZooKeeper 恢复任务分配，所有任务完成。"),
        file: "master-worker-master-crash.scn",
    },
    Lesson {
        title: ("Worker failure", "从节点失效"),
        text: ("A worker crashes; when its session expires the master reassigns its tasks, and every task gets a status.",
               "一个从节点崩溃；会话过期后主节点重新分配它的任务，每个任务都得到状态。"),
        file: "master-worker-worker-crash.scn",
    },
    Lesson {
        title: ("Exactly once: the wrong way", "恰好一次：错误的做法"),
        text: ("M1 assigns T1 to W1, suspects W1, reassigns T1 to W2: a lock does not stop T1 from running twice.",
               "M1 把 T1 分配给 W1，怀疑 W1 崩溃后又分配给 W2：锁并不能阻止 T1 执行两次。"),
        file: "exactly-once-unfenced.scn",
    },
    Lesson {
        title: ("Exactly once: conditional on a version", "恰好一次：以版本为条件"),
        text: ("The same, but the worker claims the task conditionally on the version it read: T1 runs once.",
               "同样的情形，但从节点以读到的版本为条件认领任务：T1 只执行一次。"),
        file: "exactly-once-fenced.scn",
    },
    Lesson {
        title: ("Locks and pauses: fencing", "锁与暂停：隔离令牌"),
        text: ("A lock holder frozen past its session acts after another took the lock; with fencing tokens its stale write is rejected.",
               "锁持有者暂停超过会话时间后仍然行事；使用隔离令牌时，它过期的写入被拒绝。"),
        file: "paused-lock-fenced.scn",
    },
    Lesson {
        title: ("Group membership", "组成员管理"),
        text: ("Each member is an ephemeral node: a crashed member drops out of every view when its session expires.",
               "每个成员是一个临时节点：崩溃成员的会话过期后，它从所有视图中消失。"),
        file: "group-membership.scn",
    },
    Lesson {
        title: ("Configuration", "配置管理"),
        text: ("Every client watches /config and re-reads it on each change: versions arrive in order.",
               "每个客户端监视 /config 并在每次变化时重新读取：版本按顺序到达。"),
        file: "config.scn",
    },
    Lesson {
        title: ("Byzantine generals", "拜占庭将军问题"),
        text: ("With one traitor, three generals cannot agree; four can (N ≥ 3F + 1).",
               "有一个叛徒时，三位将军无法达成一致；四位可以（N ≥ 3F + 1）。"),
        file: "byzantine.scn",
    },
];

/// The gallery entry a lesson opens, if the file is in the gallery.
pub fn entry_of(lesson: &Lesson) -> Option<&'static GalleryEntry> {
    FILES.iter().find(|e| e.file == lesson.file)
}

fn pick(lang: Lang, pair: (&'static str, &'static str)) -> &'static str {
    lang.pick(pair.0, pair.1)
}

/// The "Learn" button and its dialog.
#[function_component(Learn)]
pub fn learn(props: &LangProps) -> Html {
    let (open, show, close) = use_dialog_open();
    let opener = use_node_ref();
    let lang = props.lang;
    let dialog = (*open).then(|| {
        let items = LESSONS.iter().filter_map(|lesson| {
            let entry = entry_of(lesson)?;
            let (open, d) = (open.clone(), props.dispatch.clone());
            let choose = Callback::from(move |_: MouseEvent| {
                d.emit(open_action(entry));
                open.set(false);
            });
            Some(html! {
                <li class="lesson">
                    <h3>{ pick(lang, lesson.title) }</h3>
                    <p>{ pick(lang, lesson.text) }</p>
                    <button type="button" data-testid="lesson-open" onclick={choose}>
                        { lang.pick("Show me", "演示") }
                    </button>
                </li>
            })
        });
        html! {
            <Modal id="learn" title={lang.pick("Learn: the chapter's ideas, one scenario each", "学习：本章概念，各配一个场景")}
                   {lang} on_close={close} opener={opener.clone()} testid="learn-dialog">
                <ol class="lessons">{ for items }</ol>
            </Modal>
        }
    });
    html! {
        <>
            <button type="button" ref={opener} data-testid="learn" onclick={show}>
                { lang.pick("Learn", "学习") }
            </button>
            { for dialog }
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// Every lesson's scenario is in the gallery and opens without error.
    #[test]
    fn every_lesson_opens_its_scenario() {
        for lesson in LESSONS {
            let entry =
                entry_of(lesson).unwrap_or_else(|| panic!("{} is not in scenarios/", lesson.file));
            crate::state::State::open(entry.text, None)
                .unwrap_or_else(|e| panic!("{}: {e}", lesson.file));
        }
    }
}
