//! The invariant panel: ✓ or ✗ for each checker, live. The Zab checkers of `engine`
//! (one leader per epoch, committed prefix, log monotonic, committed durability) always; the
//! recipe checkers (mutual exclusion, …) once a client runs a recipe program or one breaks. A
//! broken checker names its first violation and has a button that seeks there. Violations are
//! grouped by their checker's name, so a checker added to the engine shows up by itself.
//!
//! ✓ means "not broken up to now": a run seeked back to before a violation shows ✓ again, and
//! (for the Zab checkers, whose violations are timeline markers) says the run breaks it later.

use engine::{CheckFamily, CheckRow, Micros};
use std::rc::Rc;
use yew::prelude::*;

use crate::components::props::FromState;
use crate::state::{format_time, Action, State};
use crate::text::Lang;

/// What a checker checks, in the UI's language (the name itself for one the UI does not know).
pub fn describe(name: &str, lang: Lang) -> String {
    let known = match name {
        "one-leader-per-epoch" => Some(lang.pick(
            "At most one established leader per epoch.",
            "每个纪元至多一个已确立的领导者。",
        )),
        "committed-prefix" => Some(lang.pick(
            "Every server applies the same changes in the same order (no gaps, no conflicts).",
            "所有服务器按相同顺序执行相同的修改（无空缺、无冲突）。",
        )),
        "log-monotonic" => Some(lang.pick(
            "Each server's log only grows: every new change has a higher number (zxid).",
            "每台服务器的日志只会向前增长：每个新修改的编号（zxid）都更大。",
        )),
        "committed-durability" => Some(lang.pick(
            "A committed change is never lost: every new leader has it, no sync removes it.",
            "已提交的修改永不丢失：每个新领导者都有它，任何同步都不会删掉它。",
        )),
        "mutual-exclusion" => Some(lang.pick(
            "At most one client holds the lock (or leads) at a time; readers may share.",
            "同一时刻至多一个客户端持有锁（或担任领导者）；读者可以共享。",
        )),
        "one-master" => Some(lang.pick(
            "Only one client acts as master at a time: a master that was replaced never acts again.",
            "同一时间只有一个客户端以 master 身份行事：被取代的 master 不再行事。",
        )),
        "at-most-once" => Some(lang.pick(
            "No task is carried out twice.",
            "没有任务被执行两次。",
        )),
        "no-lost-task" => Some(lang.pick(
            "Every submitted task ends with a status.",
            "每个提交的任务最后都有状态。",
        )),
        _ => None,
    };
    known.map_or_else(|| name.to_string(), str::to_string)
}

/// A checker's name in words (the identifier goes in the tooltip).
pub fn checker_name(name: &str, lang: Lang) -> String {
    let known = match name {
        "one-leader-per-epoch" => Some(lang.pick("One leader per epoch", "每个纪元只有一个领导者")),
        "committed-prefix" => Some(lang.pick("Same history on every server", "各服务器历史一致")),
        "log-monotonic" => Some(lang.pick("Logs only move forward", "日志只向前增长")),
        "committed-durability" => {
            Some(lang.pick("Committed changes are never lost", "已提交的修改不会丢失"))
        }
        "mutual-exclusion" => {
            Some(lang.pick("One lock holder at a time", "同一时间只有一个锁持有者"))
        }
        "one-master" => Some(lang.pick("One master at a time", "同一时间只有一个 master")),
        "at-most-once" => Some(lang.pick("Each task runs at most once", "每个任务至多执行一次")),
        "no-lost-task" => Some(lang.pick("No task is lost", "没有任务丢失")),
        _ => None,
    };
    known.map_or_else(|| name.to_string(), str::to_string)
}

/// What the invariant panel shows.
#[derive(Properties, PartialEq, Clone)]
pub struct InvariantsProps {
    /// Every checker's row now.
    pub checks: Rc<Vec<CheckRow>>,
    /// The instant the rows were taken (with the view's words: see [`crate::state::Motion`]).
    pub now: Micros,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for InvariantsProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        InvariantsProps {
            checks: state.checks.clone(),
            now: state.view.time,
            lang: state.lang,
            dispatch,
        }
    }
}

/// The invariant panel.
#[function_component(Invariants)]
pub fn invariants(props: &InvariantsProps) -> Html {
    let s = props;
    let lang = s.lang;
    let rows = &s.checks;
    let broken = rows.iter().filter(|r| !r.ok()).count();
    let items = rows.iter().map(|r| {
        let ok = r.ok();
        let jump = r.first.as_ref().map(|(t, what)| {
            let t = *t;
            let go = props.dispatch.reform(move |_: MouseEvent| Action::Seek(t));
            html! {
                <>
                    <p class="violation" data-testid="violation-first" title={what.clone()}>
                        { lang.choose(format!("First broken at {}.", format_time(t)),
                             format!("首次违反于 {}。", format_time(t))) }
                        if r.count > 1 {
                            { lang.choose(format!(" ({} times so far)", r.count), format!("（至今 {} 次）", r.count)) }
                        }
                    </p>
                    <button type="button" data-testid="jump-violation" onclick={go}
                            aria-label={lang.choose(format!("Jump to first violation: {}", checker_name(&r.name, lang)),
                                                 format!("跳到首次违反：{}", checker_name(&r.name, lang)))}>
                        { lang.pick("Jump to first violation", "跳到首次违反") }
                    </button>
                </>
            }
        });
        let later = r.later.map(|t| {
            let go = props.dispatch.reform(move |_: MouseEvent| Action::Seek(t));
            html! {
                <p class="violation-later">
                    { lang.choose(format!("Broken later in this run, at {}.", format_time(t)),
                               format!("本次运行稍后在 {} 违反。", format_time(t))) }
                    { " " }
                    <button type="button" data-testid="jump-later" onclick={go}>{ lang.pick("Go there", "跳过去") }</button>
                </p>
            }
        });
        let family = match r.family {
            CheckFamily::Zab => "zab",
            CheckFamily::Recipe => "recipe",
        };
        let status = if ok {
            lang.choose(format!("holds up to {}", format_time(s.now)), format!("至 {} 仍成立", format_time(s.now)))
        } else {
            lang.pick("broken", "已违反").to_string()
        };
        html! {
            <li class={classes!("checker", if ok { "ok" } else { "broken" }, family)}
                data-testid="checker" data-name={r.name.clone()} data-ok={ok.to_string()}>
                <span class="verdict" aria-label={status.clone()} title={status}>{ if ok { "✓" } else { "✗" } }</span>
                <span class="checker-name" title={r.name.clone()}>{ checker_name(&r.name, lang) }</span>
                <span class="checker-what">{ describe(&r.name, lang) }</span>
                { for jump }
                { for later }
            </li>
        }
    });
    let summary = if broken == 0 {
        lang.pick(
            "Every invariant holds so far.",
            "到目前为止所有不变量都成立。",
        )
        .to_string()
    } else {
        lang.choose(
            format!(
                "{broken} invariant{} broken.",
                if broken == 1 { "" } else { "s" }
            ),
            format!("{broken} 个不变量被违反。"),
        )
    };
    html! {
        <section class="invariants" data-testid="invariants" aria-label={lang.pick("Invariants", "不变量")}>
            <h2>{ lang.pick("Invariants", "不变量") }</h2>
            <p class={classes!("invariants-summary", (broken > 0).then_some("broken"))}
               data-testid="invariants-summary" role="status">{ summary }</p>
            <ul class="checkers">{ for items }</ul>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::State;
    use engine::secs;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    /// R12's GC-pause pitfall (engine/tests/recipes.rs): the lock holder pauses past its
    /// session, and the next client takes the lock while it still believes it holds it.
    pub const PAUSED_HOLDER: &str = "seed 1\nensemble servers=3\nclient c1 timeout=4s\n\
        client c2 timeout=4s\nat 2s c1 runs lock hold=5s\nat 3s c2 runs lock hold=1s\n\
        at 4s pause c1 for 10s\nrun 30s\n";

    #[test]
    fn a_healthy_run_lists_every_zab_checker_as_holding() {
        let s = State::open(
            "seed 1\nensemble servers=3\nclient a\nat 1s a create /x\nrun 10s\n",
            None,
        )
        .unwrap()
        .reduce(Action::Seek(secs(5)));
        let rows = s.checks.clone();
        let names: Vec<&str> = rows.iter().map(|r| r.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "one-leader-per-epoch",
                "committed-prefix",
                "log-monotonic",
                "committed-durability"
            ],
            "no program runs: no recipe checker"
        );
        assert!(rows.iter().all(|r| r.ok() && r.first.is_none()));
    }

    #[test]
    fn the_paused_lock_holder_breaks_mutual_exclusion_and_the_row_says_when() {
        let s = State::open(PAUSED_HOLDER, None).unwrap();
        let s = s.reduce(Action::Seek(secs(5)));
        let me = |s: &State| {
            s.checks
                .iter()
                .find(|r| r.name == "mutual-exclusion")
                .cloned()
                .expect("listed once a program runs")
        };
        assert!(me(&s).ok());
        let s = s.reduce(Action::Seek(secs(15)));
        let row = me(&s);
        assert!(!row.ok());
        let (t, what) = row.first.clone().unwrap();
        assert!(what.starts_with("c2 (token 1) acquires while c1"), "{what}");
        assert_eq!(row.family, CheckFamily::Recipe);
        // Seeking to it shows it broken right there, and not a moment before.
        let at = s.clone().reduce(Action::Seek(t));
        assert!(!me(&at).ok());
        let before = s.reduce(Action::Seek(t - 1));
        assert!(me(&before).ok());
        // The Zab checkers hold throughout.
        assert!(at
            .checks
            .iter()
            .filter(|r| r.family == CheckFamily::Zab)
            .all(CheckRow::ok));
    }

    #[test]
    fn unknown_checkers_are_described_by_their_name() {
        assert_eq!(describe("no-lost-items", Lang::En), "no-lost-items");
        assert!(describe("mutual-exclusion", Lang::Zh).contains("锁"));
    }
}
