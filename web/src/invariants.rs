//! The invariant panel: ✓ or ✗ for each checker, live. The Zab checkers of `engine`
//! (one leader per epoch, committed prefix, log monotonic, committed durability) always; the
//! recipe checkers (mutual exclusion, …) once a client runs a recipe program or one breaks. A
//! broken checker names its first violation and has a button that seeks there. Violations are
//! grouped by their checker's name, so a checker added to the engine shows up by itself.
//!
//! ✓ means "not broken up to now": a run seeked back to before a violation shows ✓ again, and
//! (for the Zab checkers, whose violations are timeline markers) says the run breaks it later.

use engine::Micros;
use engine::Simulation;
use engine::ZAB_INVARIANTS;
use engine::{Marker, MarkerKind};
use yew::prelude::*;

use crate::i18n::Lang;
use crate::inspector_server::tr;
use crate::model::{format_time, Action};
use crate::shared::PanelProps;

/// The recipe checkers the engine has: listed (✓) whenever a recipe program runs.
pub const RECIPE_CHECKERS: [&str; 1] = ["mutual-exclusion"];

/// Which family a checker belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Family {
    /// The protocol's invariants (Zab).
    Zab,
    /// What recipe programs do with the protected resource.
    Recipe,
}

/// One checker's verdict at the current instant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckerRow {
    /// The checker's name (`one-leader-per-epoch`, `mutual-exclusion`, …).
    pub name: String,
    /// Zab or recipe.
    pub family: Family,
    /// How many violations up to now.
    pub count: usize,
    /// The first violation up to now: when, and what.
    pub first: Option<(Micros, String)>,
    /// When the explored run (timeline markers after now) breaks it for the first time, if it
    /// is not broken up to now.
    pub later: Option<Micros>,
}

impl CheckerRow {
    /// True while not broken up to now.
    pub fn ok(&self) -> bool {
        self.count == 0
    }
}

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

/// The row named `name`, added (holding) if there is none yet.
fn row<'a>(rows: &'a mut Vec<CheckerRow>, name: &str, family: Family) -> &'a mut CheckerRow {
    let i = match rows.iter().position(|r| r.name == name) {
        Some(i) => i,
        None => {
            rows.push(CheckerRow {
                name: name.to_string(),
                family,
                count: 0,
                first: None,
                later: None,
            });
            rows.len() - 1
        }
    };
    &mut rows[i]
}

/// Count one violation of `name` at `time` in its row.
fn broken(rows: &mut Vec<CheckerRow>, name: &str, family: Family, time: Micros, detail: &str) {
    let r = row(rows, name, family);
    r.count += 1;
    if r.first.as_ref().is_none_or(|(t, _)| time < *t) {
        r.first = Some((time, detail.to_string()));
    }
}

/// The checkers' rows for `sim` at its current instant; `markers` are the explored run's
/// timeline markers (violations after now among them).
pub fn checker_rows(sim: &Simulation, markers: &[Marker]) -> Vec<CheckerRow> {
    let mut rows = Vec::new();
    for i in ZAB_INVARIANTS {
        row(&mut rows, i.name(), Family::Zab);
    }
    if sim.client_ids().any(|c| sim.program(c).is_some()) {
        for name in RECIPE_CHECKERS {
            row(&mut rows, name, Family::Recipe);
        }
    }
    for v in sim.violations() {
        broken(
            &mut rows,
            v.invariant.name(),
            Family::Zab,
            v.time,
            &v.detail,
        );
    }
    for v in sim.recipe_violations() {
        broken(&mut rows, v.invariant, Family::Recipe, v.time, &v.detail);
    }
    let now = sim.now();
    for m in markers
        .iter()
        .filter(|m| m.kind == MarkerKind::Violation && m.time > now)
    {
        let name = m.text.split(':').next().unwrap_or("");
        if let Some(r) = rows.iter_mut().find(|r| r.name == name && r.ok()) {
            r.later = Some(r.later.map_or(m.time, |t| t.min(m.time)));
        }
    }
    rows
}

/// The invariant panel.
#[function_component(Invariants)]
pub fn invariants(props: &PanelProps) -> Html {
    let s = &props.state;
    let lang = s.lang;
    let rows = checker_rows(s.sim(), &s.markers);
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
            Family::Zab => "zab",
            Family::Recipe => "recipe",
        };
        let status = if ok {
            tr(lang, format!("holds up to {}", format_time(s.now())), format!("至 {} 仍成立", format_time(s.now())))
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
    use crate::model::State;
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
        let rows = checker_rows(s.sim(), &s.markers);
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
            checker_rows(s.sim(), &s.markers)
                .into_iter()
                .find(|r| r.name == "mutual-exclusion")
                .expect("listed once a program runs")
        };
        assert!(me(&s).ok());
        let s = s.reduce(Action::Seek(secs(15)));
        let row = me(&s);
        assert!(!row.ok());
        let (t, what) = row.first.clone().unwrap();
        let first = &s.sim().recipe_violations()[0];
        assert_eq!((t, what.as_str()), (first.time, first.detail.as_str()));
        assert!(what.starts_with("c2 (token 1) acquires while c1"), "{what}");
        assert_eq!(row.family, Family::Recipe);
        // Seeking to it shows it broken right there, and not a moment before.
        let at = s.clone().reduce(Action::Seek(t));
        assert!(!me(&at).ok());
        let before = s.reduce(Action::Seek(t - 1));
        assert!(me(&before).ok());
        // The Zab checkers hold throughout.
        assert!(checker_rows(at.sim(), &at.markers)
            .iter()
            .filter(|r| r.family == Family::Zab)
            .all(CheckerRow::ok));
    }

    #[test]
    fn zab_violations_group_by_checker_and_later_ones_are_announced() {
        use engine::ms;
        use engine::Bug;
        use engine::{Fault, SimConfig, Target};
        // The leader commits without a quorum, then a majority elects without it (as in
        // engine/tests/checkers.rs): committed durability breaks.
        let mut cfg = SimConfig::new(3, 22);
        cfg.ensemble.bugs.insert(Bug::CommitWithoutQuorum);
        let mut sim = Simulation::new(cfg);
        sim.run_until(secs(1));
        let leader = sim.leader().unwrap();
        let others: Vec<_> = sim
            .config()
            .all()
            .filter(|s| *s != leader)
            .map(engine::ProcessId::Server)
            .collect();
        sim.schedule(
            secs(1),
            Fault::Partition(vec![vec![engine::ProcessId::Server(leader)], others]),
        );
        sim.schedule(secs(1) + ms(1), Fault::Write(Target::Server(leader), 1));
        // As engine/tests/checkers.rs: the leader dies with its lone commit; the majority,
        // healed, elects without it.
        sim.schedule(secs(2), Fault::Crash(Target::Server(leader)));
        sim.schedule(secs(2), Fault::Heal);
        sim.run_until(secs(30));
        assert!(!sim.violations().is_empty(), "the bug is caught");
        let markers: Vec<Marker> = sim.history().markers.iter().cloned().collect();
        let rows = checker_rows(&sim, &markers);
        let broken: Vec<&CheckerRow> = rows.iter().filter(|r| !r.ok()).collect();
        assert!(!broken.is_empty());
        for r in &broken {
            let first = sim
                .violations()
                .iter()
                .find(|v| v.invariant.name() == r.name)
                .unwrap();
            assert_eq!(r.first.as_ref().unwrap().0, first.time);
            assert_eq!(r.family, Family::Zab);
        }
        // At an instant before the first violation, the explored markers announce it.
        let first = sim.violations()[0].clone();
        let mut early = Simulation::new({
            let mut cfg = SimConfig::new(3, 22);
            cfg.ensemble.bugs.insert(Bug::CommitWithoutQuorum);
            cfg
        });
        early.run_until(ms(500));
        let rows = checker_rows(&early, &markers);
        let row = rows
            .iter()
            .find(|r| r.name == first.invariant.name())
            .unwrap();
        assert!(row.ok());
        assert_eq!(row.later, Some(first.time));
    }

    #[test]
    fn unknown_checkers_are_described_by_their_name() {
        assert_eq!(describe("no-lost-items", Lang::En), "no-lost-items");
        assert!(describe("mutual-exclusion", Lang::Zh).contains("锁"));
    }
}
