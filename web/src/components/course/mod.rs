//! The course: the list of lessons (the header's "Course" button), and the lesson panel beside
//! the map while a lesson is taken: its narration, the step's task with its hint and praise,
//! and Next / Back.

use std::rc::Rc;

use engine::lesson::{self, Text};
use yew::prelude::*;

use crate::components::dialogs::modal::Modal;
use crate::components::props::FromState;
use crate::hooks::use_dialog_open;
use crate::state::{Action, LessonState, Phase, State, COURSE};
use crate::text::Lang;

/// `text` in the UI's language.
pub fn pick(text: &Text, lang: Lang) -> &str {
    match lang {
        Lang::En => &text.en,
        Lang::Zh => &text.zh,
    }
}

/// Paragraphs of a narration (one per `say` line).
fn paragraphs(text: &str) -> Html {
    text.lines()
        .map(|p| html! { <p>{ p.to_string() }</p> })
        .collect()
}

/// One entry of the course list.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// The lesson's name (its link).
    pub name: &'static str,
    /// Its title.
    pub title: Text,
    /// Its summary.
    pub summary: Text,
}

/// The course's lessons, read from their files (a file that does not read is left out; the
/// tests check there is none).
pub fn entries() -> Vec<Entry> {
    COURSE
        .iter()
        .filter_map(|(name, text)| {
            let l = lesson::parse(name, text).ok()?;
            Some(Entry {
                name,
                title: l.title,
                summary: l.summary,
            })
        })
        .collect()
}

/// The lesson after `name` in the course: its place (from 0) and name.
pub fn next_in_course(name: &str) -> Option<(usize, &'static str)> {
    let k = COURSE.iter().position(|(n, _)| *n == name)? + 1;
    COURSE.get(k).map(|(n, _)| (k, *n))
}

/// What the course button needs.
#[derive(Properties, PartialEq, Clone)]
pub struct CourseProps {
    /// The lessons the student has finished.
    pub done: Rc<std::collections::BTreeSet<String>>,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl FromState for CourseProps {
    fn of(state: &State, dispatch: Callback<Action>) -> Self {
        CourseProps {
            done: state.done.clone(),
            lang: state.lang,
            dispatch,
        }
    }
}

/// The "Course" button and its list of lessons.
#[function_component(Course)]
pub fn course(props: &CourseProps) -> Html {
    let (open, show, close) = use_dialog_open();
    let opener = use_node_ref();
    let lang = props.lang;
    let dialog = (*open).then(|| {
        let items = entries().into_iter().enumerate().map(|(i, e)| {
            let (open, d) = (open.clone(), props.dispatch.clone());
            let name = e.name.to_string();
            let start = Callback::from(move |_: MouseEvent| {
                d.emit(Action::OpenLesson {
                    name: name.clone(),
                    step: 0,
                });
                open.set(false);
            });
            let done = props.done.contains(e.name);
            html! {
                <li class={classes!("lesson", done.then_some("done"))} data-lesson={e.name}>
                    <h3>
                        <span class="lesson-number">{ format!("{}. ", i + 1) }</span>
                        { pick(&e.title, lang).to_string() }
                        if done {
                            <span class="lesson-done" title={lang.pick("Finished", "已完成")}>{ " ✓" }</span>
                        }
                    </h3>
                    <p>{ pick(&e.summary, lang).to_string() }</p>
                    <button type="button" data-testid="lesson-open" onclick={start}>
                        { if done { lang.pick("Again", "再学一次") } else { lang.pick("Start", "开始") } }
                    </button>
                </li>
            }
        });
        html! {
            <Modal id="course" title={lang.pick("The course: how ZooKeeper coordinates, step by step",
                                                "课程：一步一步看 ZooKeeper 如何协同")}
                   {lang} on_close={close} opener={opener.clone()} testid="course-dialog">
                <p class="course-intro">
                    { lang.pick("Each lesson shows one idea of the chapter on a running ensemble, then asks you to do something; the simulator checks it.",
                                "每节课在运行中的集群上演示本章的一个概念，然后请你动手操作；模拟器会检查你的操作。") }
                </p>
                <ol class="lessons">{ for items }</ol>
            </Modal>
        }
    });
    html! {
        <>
            <button type="button" ref={opener} class="primary" data-testid="course" onclick={show}>
                { lang.pick("Course", "课程") }
            </button>
            { for dialog }
        </>
    }
}

/// What the welcome line needs.
#[derive(Properties, PartialEq, Clone)]
pub struct WelcomeProps {
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

/// A line for someone new: where to start. Shown on a plain first page (no link, no lesson, no
/// lesson finished yet) until dismissed.
#[function_component(Welcome)]
pub fn welcome(props: &WelcomeProps) -> Html {
    let lang = props.lang;
    let shown = use_state(|| true);
    if !*shown {
        return html! {};
    }
    let first = COURSE.first().map_or("", |(n, _)| *n).to_string();
    let start = props
        .dispatch
        .reform(move |_: MouseEvent| Action::OpenLesson {
            name: first.clone(),
            step: 0,
        });
    let hide = Callback::from(move |_: MouseEvent| shown.set(false));
    html! {
        <div class="welcome" data-testid="welcome" role="region" aria-label={lang.pick("Welcome", "欢迎")}>
            <p>
                { lang.pick("New to ZooKeeper? The course shows, step by step, how servers agree and how programs coordinate through them, with something for you to try in every lesson.",
                            "第一次接触 ZooKeeper？课程一步一步展示服务器如何达成一致、程序如何借助它们协同，每一课都有让你动手的任务。") }
            </p>
            <button type="button" class="primary" data-testid="welcome-start" onclick={start}>
                { lang.pick("Start lesson 1", "开始第 1 课") }
            </button>
            <button type="button" data-testid="welcome-hide" onclick={hide}>
                { lang.pick("Just explore", "自己随便看看") }
            </button>
        </div>
    }
}

/// What the lesson panel shows.
#[derive(Properties, Clone)]
pub struct LessonProps {
    /// The lesson being taken.
    pub lesson: LessonState,
    /// The UI language.
    pub lang: Lang,
    /// Where actions go.
    pub dispatch: Callback<Action>,
}

impl PartialEq for LessonProps {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (&self.lesson, &other.lesson);
        Rc::ptr_eq(&a.lesson, &b.lesson)
            && (a.step, a.phase, a.met, a.hint_due()) == (b.step, b.phase, b.met, b.hint_due())
            && self.lang == other.lang
            && self.dispatch == other.dispatch
    }
}

/// The lesson panel.
#[function_component(LessonPanel)]
pub fn lesson_panel(props: &LessonProps) -> Html {
    let l = &props.lesson;
    let lang = props.lang;
    let d = &props.dispatch;
    let asked_hint = use_state(|| false);
    {
        // A new step asks again.
        let asked_hint = asked_hint.clone();
        use_effect_with(l.step, move |_| asked_hint.set(false));
    }
    let step = l.current();
    let n = l.lesson.steps.len();
    let back = d.reform(|_: MouseEvent| Action::LessonBack);
    let next = d.reform(|_: MouseEvent| Action::LessonNext);
    let close = d.reform(|_: MouseEvent| Action::CloseLesson);
    let show_hint = {
        let asked_hint = asked_hint.clone();
        Callback::from(move |_: MouseEvent| asked_hint.set(true))
    };
    let task = step.task.as_ref().map(|t| {
        let met = l.met.is_some();
        let status = match (met, l.phase) {
            (true, _) => lang.pick("Done!", "完成！"),
            (false, Phase::Task) => lang.pick("Your turn: the simulation keeps running.", "轮到你了：模拟在继续运行。"),
            _ => lang.pick("Watch first; your turn comes next.", "先看，然后轮到你。"),
        };
        html! {
            <div class={classes!("task", met.then_some("met"))} data-testid="task"
                 data-met={met.to_string()} role="status">
                <p class="task-status">{ status }</p>
                if met {
                    <div class="praise" data-testid="praise">{ paragraphs(pick(&t.praise, lang)) }</div>
                } else if l.hint_due() || *asked_hint {
                    <div class="hint" data-testid="hint">{ paragraphs(pick(&t.hint, lang)) }</div>
                } else if l.phase == Phase::Task {
                    <button type="button" class="link" data-testid="show-hint" onclick={show_hint}>
                        { lang.pick("Show a hint", "显示提示") }
                    </button>
                }
            </div>
        }
    });
    let unmet = step.task.is_some() && l.met.is_none();
    let next_label = if unmet {
        lang.pick("Skip", "跳过")
    } else if l.last() {
        lang.pick("Finish", "完成")
    } else {
        lang.pick("Next", "下一步")
    };
    // At the end of a lesson of the course, the way on to the next one.
    let next_lesson = (l.last() && !unmet && l.in_course)
        .then(|| next_in_course(&l.lesson.name))
        .flatten()
        .map(|(k, name)| {
            let go = d.reform(move |_: MouseEvent| Action::OpenLesson {
                name: name.to_string(),
                step: 0,
            });
            html! {
                <button type="button" class="primary next-lesson" data-testid="next-lesson" onclick={go}>
                    { match lang {
                        Lang::En => format!("Next lesson ({} of {}) →", k + 1, COURSE.len()),
                        Lang::Zh => format!("下一课（第 {} 课，共 {} 课）→", k + 1, COURSE.len()),
                    } }
                </button>
            }
        });
    // When a task is met, the praise is brought into view (the task may be done far below).
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        use_effect_with(l.met.is_some(), move |&met| {
            if met {
                if let Some(el) = panel.cast::<web_sys::Element>() {
                    let opts = web_sys::ScrollIntoViewOptions::new();
                    opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                    opts.set_behavior(web_sys::ScrollBehavior::Smooth);
                    el.scroll_into_view_with_scroll_into_view_options(&opts);
                }
            }
        });
    }
    let link = if l.in_course {
        format!("#lesson={}&step={}", l.lesson.name, l.step + 1)
    } else {
        format!("#{}&step={}", lesson::encode(&l.text), l.step + 1)
    };
    let finish = l.last().then(|| close.clone());
    html! {
        <aside class="lesson" ref={panel} data-testid="lesson" data-lesson={l.lesson.name.clone()}
               data-step={(l.step + 1).to_string()} data-phase={format!("{:?}", l.phase).to_lowercase()}
               aria-label={lang.pick("Lesson", "课程")} lang={lang.tag()}>
            <header>
                <p class="lesson-where">
                    { match lang {
                        Lang::En => format!("Step {} of {n}", l.step + 1),
                        Lang::Zh => format!("第 {} 步，共 {n} 步", l.step + 1),
                    } }
                </p>
                <h2>{ pick(&l.lesson.title, lang).to_string() }</h2>
                <button type="button" class="close" data-testid="lesson-close" onclick={close.clone()}
                        aria-label={lang.pick("Leave the lesson", "退出课程")}>{ "×" }</button>
            </header>
            <div class="narration" data-testid="narration" aria-live="polite">
                { paragraphs(pick(&step.say, lang)) }
            </div>
            { for task }
            <nav class="lesson-nav">
                <button type="button" data-testid="lesson-back" onclick={back} disabled={l.step == 0}
                        aria-keyshortcuts="ArrowLeft PageUp">{ lang.pick("Back", "上一步") }</button>
                <button type="button" class={classes!(next_lesson.is_none().then_some("primary"))}
                        data-testid="lesson-next"
                        onclick={finish.unwrap_or(next)} aria-keyshortcuts="ArrowRight PageDown">
                    { next_label }
                </button>
            </nav>
            { for next_lesson }
            <p class="lesson-link"><a href={link} data-testid="lesson-link">{ lang.pick("Link to this step", "本步骤的链接") }</a></p>
        </aside>
    }
}
