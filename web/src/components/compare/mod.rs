//! Comparing two runs side by side: above each map, the scenario's name, a one-line verdict and
//! every checker as a small ✓ or ✗; the natural pairs the gallery offers (the wrong way and the
//! right way).

use engine::CheckRow;
use std::rc::Rc;
use yew::prelude::*;

use crate::components::panels::invariants::checker_name;
use crate::state::{format_time, verdict, Action, Verdict};
use crate::text::Lang;

/// The gallery's natural pairs: (the wrong way, the right way), by file name.
pub const PAIRS: &[(&str, &str)] = &[
    ("herd-lock.scn", "lock.scn"),
    ("paused-lock-unfenced.scn", "paused-lock-fenced.scn"),
    ("exactly-once-unfenced.scn", "exactly-once-fenced.scn"),
    (
        "heartbeat-split-brain.scn",
        "master-worker-master-crash.scn",
    ),
];

/// The other file of `file`'s pair, if it is in one.
pub fn partner(file: &str) -> Option<&'static str> {
    PAIRS.iter().find_map(|&(a, b)| {
        if a == file {
            Some(b)
        } else if b == file {
            Some(a)
        } else {
            None
        }
    })
}

/// The verdict in words.
pub fn verdict_text(v: &Verdict, lang: Lang) -> String {
    match v {
        Verdict::Holds => lang
            .pick("Every rule holds so far.", "到目前为止所有规则都成立。")
            .to_string(),
        Verdict::Broken { first, at, broken } => {
            let name = checker_name(first, lang);
            let more = broken.saturating_sub(1);
            let mut text = lang.choose(
                format!("Broken: {name}, first at {}", format_time(*at)),
                format!("已违反：{name}，首次于 {}", format_time(*at)),
            );
            if more > 0 {
                text.push_str(
                    &lang.choose(format!(" (and {more} more)"), format!("（另有 {more} 条）")),
                );
            }
            text.push_str(lang.pick(".", "。"));
            text
        }
    }
}

/// What the head of one side shows.
#[derive(Properties, PartialEq, Clone)]
pub struct VersusHeadProps {
    /// The scenario's name.
    pub title: String,
    /// Its checkers now.
    pub checks: Rc<Vec<CheckRow>>,
    /// Which side: "a" (left) or "b" (right), for tests.
    pub side: &'static str,
    /// The UI language.
    pub lang: Lang,
}

/// A side's name, verdict and checkers.
#[function_component(VersusHead)]
pub fn versus_head(props: &VersusHeadProps) -> Html {
    let lang = props.lang;
    let v = verdict(&props.checks);
    let ok = v == Verdict::Holds;
    let chips = props.checks.iter().map(|r| {
        let name = checker_name(&r.name, lang);
        let mark = if r.ok() { "✓" } else { "✗" };
        html! {
            <li class={classes!("chip", if r.ok() { "ok" } else { "broken" })} title={r.name.clone()}>
                { format!("{mark} {name}") }
            </li>
        }
    });
    html! {
        <header class="versus-head" data-testid={format!("versus-{}", props.side)}>
            <h2>{ &props.title }</h2>
            <p class={classes!("versus-verdict", if ok { "ok" } else { "broken" })} role="status"
               data-testid="versus-verdict" data-ok={ok.to_string()}>
                { verdict_text(&v, lang) }
            </p>
            <ul class="chips" aria-label={lang.pick("Checkers", "检查器")}>{ for chips }</ul>
        </header>
    }
}

/// What the bar above a comparison needs.
#[derive(Properties, PartialEq, Clone)]
pub struct VersusBarProps {
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// The line above a comparison: what it is, and the way out.
#[function_component(VersusBar)]
pub fn versus_bar(props: &VersusBarProps) -> Html {
    let lang = props.lang;
    let close = props.dispatch.reform(|_: MouseEvent| Action::EndCompare);
    html! {
        <div class="versus-bar">
            <p>{ lang.pick("Two runs side by side on one clock: play, seek or step, and both move together. Faults and commands go to the left one.",
                           "两个运行并排、共用一个时钟：播放、跳转或单步时两者同步。故障和命令作用于左边的运行。") }</p>
            <button type="button" class="end-compare" data-testid="end-compare" onclick={close}>
                { lang.pick("Stop comparing", "结束比较") }
            </button>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn every_pair_names_two_gallery_files_both_ways() {
        use crate::components::dialogs::gallery::FILES;
        for (a, b) in PAIRS {
            for f in [a, b] {
                assert!(
                    FILES.iter().any(|e| e.file == *f),
                    "{f} is not in the gallery"
                );
            }
            assert_eq!(partner(a), Some(*b));
            assert_eq!(partner(b), Some(*a));
        }
        assert_eq!(partner("election.scn"), None);
    }

    #[test]
    fn the_wrong_way_breaks_and_the_right_way_holds_on_one_clock() {
        use crate::components::dialogs::gallery::FILES;
        use crate::state::{Action, State};
        let text = |f: &str| FILES.iter().find(|e| e.file == f).unwrap().text.to_string();
        let s = State::open(&text("paused-lock-unfenced.scn"), None)
            .unwrap()
            .reduce(Action::Compare {
                text: text("paused-lock-fenced.scn"),
                title: None,
            })
            .reduce(Action::Seek(18_000_000));
        let right = s.versus.as_ref().expect("a second run");
        assert_eq!(right.view.time, s.view.time, "one clock");
        assert!(matches!(verdict(&s.checks), Verdict::Broken { .. }));
        assert_eq!(verdict(&right.checks), Verdict::Holds);
        // One link holds both, and reopens both at the same instant.
        let back = State::from_link(&s.link_fragment());
        assert_eq!(back.notice, None);
        let other = back.versus.expect("the link holds the second run");
        assert_eq!(other.view, right.view);
        assert_eq!(back.view, s.view);
    }
}
