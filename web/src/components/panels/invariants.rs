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

use crate::components::panels::inspector::server::tr;
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
            "Every server applies the same txns in the same order (no gaps, no conflicts).",
            "所有服务器以相同顺序应用相同的事务（无空缺、无冲突）。",
        )),
        "log-monotonic" => Some(lang.pick(
            "zxids strictly increase in each server's log.",
            "每个服务器日志中的 zxid 严格递增。",
        )),
        "committed-durability" => Some(lang.pick(
            "A committed txn is never lost: every new leader has it, no sync truncates it.",
            "已提交的事务永不丢失：每个新领导者都有它，任何同步都不会截断它。",
        )),
        "mutual-exclusion" => Some(lang.pick(
            "At most one client holds the lock (or leads) at a time; readers may share.",
            "同一时刻至多一个客户端持有锁（或担任领导者）；读者可以共享。",
        )),
        _ => None,
    };
    known.map_or_else(|| name.to_string(), str::to_string)
}

/// What the invariant panel shows.
#[derive(Properties, PartialEq, Clone)]
pub struct InvariantsProps {
    /// Every checker's row now.
    pub checks: Rc<Vec<CheckRow>>,
    /// The simulated time now.
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
            now: state.now(),
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
                    <p class="violation" data-testid="violation-first">
                        { tr(lang,
                             format!("First broken at {}: {what}", format_time(t)),
                             format!("首次违反于 {}：{what}", format_time(t))) }
                        if r.count > 1 {
                            { tr(lang, format!(" ({} times so far)", r.count), format!("（至今 {} 次）", r.count)) }
                        }
                    </p>
                    <button type="button" data-testid="jump-violation" onclick={go}
                            aria-label={tr(lang, format!("Jump to first violation: {}", r.name),
                                                 format!("跳到首次违反：{}", r.name))}>
                        { lang.pick("Jump to first violation", "跳到首次违反") }
                    </button>
                </>
            }
        });
        let later = r.later.map(|t| {
            let go = props.dispatch.reform(move |_: MouseEvent| Action::Seek(t));
            html! {
                <p class="violation-later">
                    { tr(lang, format!("Broken later in this run, at {}.", format_time(t)),
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
            tr(lang, format!("holds up to {}", format_time(s.now)), format!("至 {} 仍成立", format_time(s.now)))
        } else {
            lang.pick("broken", "已违反").to_string()
        };
        html! {
            <li class={classes!("checker", if ok { "ok" } else { "broken" }, family)}
                data-testid="checker" data-name={r.name.clone()} data-ok={ok.to_string()}>
                <span class="verdict" aria-label={status.clone()} title={status}>{ if ok { "✓" } else { "✗" } }</span>
                <span class="checker-name">{ &r.name }</span>
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
        tr(
            lang,
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
