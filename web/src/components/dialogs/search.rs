//! "Find a failure": the machine tries random schedules of faults on the scenario on show (the
//! kinds and how many are the user's), a few at a time between frames so the page stays
//! responsive, with progress and speed; the first schedule that breaks a rule (the protocol's,
//! a recipe's, a client's consistency) is shrunk to the fewest faults and can be opened as a
//! scenario, hence shared by link.

use std::cell::RefCell;
use std::rc::Rc;

use engine::scenario::{self, Scenario};
use engine::search::{self, FaultKind, Found, Options, Search};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::components::dialogs::modal::Modal;
use crate::components::panels::history::promise;
use crate::components::panels::invariants::checker_name;
use crate::components::props::FromState;
use crate::hooks::use_dialog_open;
use crate::state::{Action, LiveRun, State};
use crate::text::Lang;

/// How long one slice of searching may hold the page (ms).
const SLICE_MS: f64 = 12.0;

/// A fault kind's name in `lang`.
pub fn kind_name(k: FaultKind, lang: Lang) -> &'static str {
    match k {
        FaultKind::Crash => lang.pick("Crashes", "崩溃"),
        FaultKind::Partition => lang.pick("Partitions", "网络分区"),
        FaultKind::Pause => lang.pick("Pauses", "暂停"),
        FaultKind::Drift => lang.pick("Clock drift", "时钟漂移"),
        FaultKind::Loss => lang.pick("Message loss", "丢包"),
    }
}

/// What broke, in words.
pub fn broken_words(names: &[String], lang: Lang) -> String {
    names
        .iter()
        .map(|n| {
            if engine::consistency::CHECKS.contains(&n.as_str()) {
                promise(n, lang).0.to_string()
            } else {
                checker_name(n, lang)
            }
        })
        .collect::<Vec<_>>()
        .join(lang.pick(", ", "、"))
}

/// Where a search stands.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    /// Not started.
    Ready,
    /// Running: schedules tried, of how many, and schedules a second so far.
    Running(usize, usize, f64),
    /// Found one.
    Found(Box<Found>, f64),
    /// Tried them all, nothing broke.
    Nothing(usize, f64),
    /// The scenario does not build.
    Failed(String),
}

/// What the search button needs.
#[derive(Properties, PartialEq, Clone)]
pub struct SearchProps {
    /// The run whose scenario is searched.
    pub run: LiveRun,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for SearchProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        SearchProps {
            run: state.live_run(),
            lang: state.lang,
            dispatch,
        }
    }
}

fn now_ms() -> f64 {
    gloo::utils::window().performance().map_or(0.0, |p| p.now())
}

/// Run slices of `search` until it finds, finishes or is dropped; report to `stage`.
fn run_slices(
    search: Rc<RefCell<Search>>,
    handle: Rc<RefCell<Option<Timeout>>>,
    stage: UseStateHandle<Stage>,
    started: f64,
) {
    let next = handle.clone();
    let timeout = Timeout::new(0, move || {
        let slice = now_ms();
        let mut s = search.borrow_mut();
        let mut found = None;
        let mut error = None;
        while now_ms() - slice < SLICE_MS && !s.finished() {
            match s.run_one() {
                Ok(Some(f)) => {
                    found = Some(f);
                    break;
                }
                Ok(None) => {}
                Err(e) => {
                    error = Some(e.to_string());
                    break;
                }
            }
        }
        let secs = ((now_ms() - started) / 1000.0).max(1e-3);
        let rate = s.tried() as f64 / secs;
        if let Some(e) = error {
            stage.set(Stage::Failed(e));
        } else if let Some(f) = found {
            stage.set(Stage::Found(Box::new(f), rate));
        } else if s.finished() {
            stage.set(Stage::Nothing(s.total(), rate));
        } else {
            stage.set(Stage::Running(s.tried(), s.total(), rate));
            drop(s);
            run_slices(search.clone(), next.clone(), stage, started);
            return;
        }
        next.borrow_mut().take();
    });
    *handle.borrow_mut() = Some(timeout);
}

/// The "Find a failure" button and its dialog.
#[function_component(FindFailure)]
pub fn find_failure(props: &SearchProps) -> Html {
    let lang = props.lang;
    let (open, show, close) = use_dialog_open();
    let opener = use_node_ref();
    let kinds = use_state(|| FaultKind::ALL.to_vec());
    let max = use_state(|| 3usize);
    let schedules = use_state(|| 500usize);
    let bare = use_state(|| true);
    let stage = use_state(|| Stage::Ready);
    let handle = use_mut_ref(|| None::<Timeout>);
    // Closing the dialog stops the search.
    {
        let (handle, stage) = (handle.clone(), stage.clone());
        use_effect_with(*open, move |&open| {
            if !open {
                handle.borrow_mut().take();
                if matches!(*stage, Stage::Running(..)) {
                    stage.set(Stage::Ready);
                }
            }
        });
    }
    let start = {
        let (run, kinds, max, schedules, bare, stage, handle) = (
            props.run.clone(),
            kinds.clone(),
            max.clone(),
            schedules.clone(),
            bare.clone(),
            stage.clone(),
            handle.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let base: Scenario = if *bare {
                search::without_faults(&run.scenario())
            } else {
                run.scenario().clone()
            };
            let opts = Options {
                schedules: *schedules,
                kinds: (*kinds).clone(),
                max_faults: *max,
                seed: 1,
            };
            stage.set(Stage::Running(0, opts.schedules, 0.0));
            let search = Rc::new(RefCell::new(Search::new(base, opts)));
            run_slices(search, handle.clone(), stage.clone(), now_ms());
        })
    };
    let stop = {
        let (handle, stage) = (handle.clone(), stage.clone());
        Callback::from(move |_: MouseEvent| {
            handle.borrow_mut().take();
            stage.set(Stage::Ready);
        })
    };
    let toggles = FaultKind::ALL.iter().map(|&k| {
        let on = kinds.contains(&k);
        let kinds = kinds.clone();
        let flip = Callback::from(move |_: Event| {
            let mut v = (*kinds).clone();
            if let Some(i) = v.iter().position(|x| *x == k) {
                v.remove(i);
            } else {
                v.push(k);
                v.sort();
            }
            kinds.set(v);
        });
        let id = format!("search-kind-{}", k.name());
        html! {
            <div class="form-check">
                <input type="checkbox" id={id.clone()} checked={on} onchange={flip} data-testid={id.clone()} />
                <label for={id}>{ kind_name(k, lang) }</label>
            </div>
        }
    });
    let number = |state: &UseStateHandle<usize>, lo: usize, hi: usize| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(v) = input.value().parse::<usize>() {
                state.set(v.clamp(lo, hi));
            }
        })
    };
    let flip_bare = {
        let bare = bare.clone();
        Callback::from(move |_: Event| bare.set(!*bare))
    };
    let running = matches!(*stage, Stage::Running(..));
    let result = match &*stage {
        Stage::Ready => html! {},
        Stage::Running(tried, total, rate) => html! {
            <div class="search-progress" role="status" data-testid="search-progress">
                <progress max={total.to_string()} value={tried.to_string()} />
                <span>{ lang.choose(
                    format!("{tried} of {total} schedules tried ({rate:.0} a second)…"),
                    format!("已尝试 {tried} / {total} 个调度（每秒 {rate:.0} 个）……")) }</span>
            </div>
        },
        Stage::Nothing(total, rate) => html! {
            <p class="search-none" role="status" data-testid="search-none">{ lang.choose(
                format!("None of {total} schedules broke anything ({rate:.0} a second). That is evidence, not proof: try more schedules or other faults."),
                format!("{total} 个调度都没有造成任何违反（每秒 {rate:.0} 个）。这是证据而不是证明：可以尝试更多调度或其他故障。")) }</p>
        },
        Stage::Failed(e) => html! { <p class="field-error" role="alert">{ e }</p> },
        Stage::Found(found, rate) => {
            let text = scenario::print(&found.scenario);
            let lines: Vec<String> = found
                .faults
                .iter()
                .flat_map(|f| {
                    f.actions.iter().map(|a| {
                        format!(
                            "at {} {}",
                            engine::format_duration(a.time_us),
                            scenario::action_text(&a.action)
                        )
                    })
                })
                .collect();
            let open_it = {
                let (d, text, close) = (props.dispatch.clone(), text.clone(), close.clone());
                Callback::from(move |_: MouseEvent| {
                    crate::components::dialogs::share::forget_link_in_url();
                    d.emit(Action::Open {
                        text: text.clone(),
                        title: None,
                    });
                    close.emit(());
                })
            };
            html! {
                <div class="search-found" role="status" data-testid="search-found">
                    <p><strong>{ lang.choose(
                        format!("Schedule {} broke: {}.", found.schedule + 1, broken_words(&found.broken, lang)),
                        format!("第 {} 个调度造成违反：{}。", found.schedule + 1, broken_words(&found.broken, lang))) }</strong>
                    { " " }{ lang.choose(
                        format!("Shrunk to {} fault(s) (from {}); {rate:.0} schedules a second.", found.faults.len(), found.unshrunk),
                        format!("已缩减为 {} 个故障（原为 {} 个）；每秒 {rate:.0} 个调度。", found.faults.len(), found.unshrunk)) }</p>
                    <pre class="search-faults" data-testid="search-faults">{ lines.join("\n") }</pre>
                    <button type="button" class="primary" data-testid="search-open-found" onclick={open_it}>
                        { lang.pick("Open it (then Share gives its link)", "打开它（然后用“分享”得到链接）") }
                    </button>
                </div>
            }
        }
    };
    let dialog = (*open).then(|| html! {
        <Modal id="search" title={lang.pick("Find a failure", "寻找故障")} {lang} on_close={close.clone()}
               opener={opener.clone()} testid="search-dialog" class="search-dialog">
            <p class="dialog-hint">
                { lang.pick("The machine tries random schedules of faults on this scenario and stops at the first that breaks a rule: the protocol's, a recipe's (two lock holders, two masters, a task done twice) or a client's consistency. It then removes every fault it can while the rule still breaks.",
                            "机器会在这个场景上尝试随机的故障调度，并在第一个破坏规则的调度处停下：协议的规则、配方的规则（两个锁持有者、两个 master、一个任务做了两次），或客户端的一致性。然后它会在规则仍被破坏的前提下去掉所有能去掉的故障。") }
            </p>
            <fieldset class="search-kinds" disabled={running}>
                <legend>{ lang.pick("Faults to try", "要尝试的故障") }</legend>
                { for toggles }
            </fieldset>
            <div class="search-numbers">
                <div class="form-field">
                    <label for="search-max">{ lang.pick("Faults per schedule, at most", "每个调度最多的故障数") }</label>
                    <input id="search-max" type="number" min="1" max="6" value={max.to_string()}
                           oninput={number(&max, 1, 6)} disabled={running} data-testid="search-max" />
                </div>
                <div class="form-field">
                    <label for="search-schedules">{ lang.pick("Schedules", "调度数") }</label>
                    <input id="search-schedules" type="number" min="1" max="20000" value={schedules.to_string()}
                           oninput={number(&schedules, 1, 20_000)} disabled={running} data-testid="search-schedules" />
                </div>
            </div>
            <div class="form-check">
                <input id="search-bare" type="checkbox" checked={*bare} onchange={flip_bare} disabled={running}
                       data-testid="search-bare" />
                <label for="search-bare">{ lang.pick("Start from the scenario without its own faults", "从去掉自身故障的场景开始") }</label>
            </div>
            <div class="dialog-actions">
                if running {
                    <button type="button" data-testid="search-stop" onclick={stop}>{ lang.pick("Stop", "停止") }</button>
                } else {
                    <button type="button" class="primary" data-testid="search-start" onclick={start}
                            disabled={kinds.is_empty()} data-autofocus="">
                        { lang.pick("Search", "开始搜索") }
                    </button>
                }
            </div>
            { result }
        </Modal>
    });
    html! {
        <>
            <button type="button" ref={opener} data-testid="search-open" onclick={show} aria-haspopup="dialog">
                { lang.pick("Find a failure", "寻找故障") }
            </button>
            { for dialog }
        </>
    }
}
