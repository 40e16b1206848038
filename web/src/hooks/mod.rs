//! Behaviour components share, as hooks: a dialog's open flag and callbacks, whether an element
//! is in view, the play loop (one animation frame, one
//! [`Action::Frame`](crate::state::Action::Frame)).

use std::cell::RefCell;
use std::rc::Rc;

use gloo::render::{request_animation_frame, AnimationFrame};
use yew::prelude::*;

use crate::state::{Action, State};

/// A dialog's open flag and the two callbacks every dialog wires: its opener button's click
/// (opens it) and the modal's `on_close` (closes it).
#[hook]
pub fn use_dialog_open() -> (UseStateHandle<bool>, Callback<MouseEvent>, Callback<()>) {
    let open = use_state(|| false);
    let show = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(true))
    };
    let close = {
        let open = open.clone();
        Callback::from(move |()| open.set(false))
    };
    (open, show, close)
}

/// Whether the element `node` holds is in view (true until the browser says otherwise): what
/// is out of view need not be drawn or worked out every frame, and is when it comes back.
#[hook]
pub fn use_seen(node: NodeRef) -> bool {
    let seen = use_state(|| true);
    {
        let seen = seen.clone();
        use_effect_with((), move |_| {
            let watch = node
                .cast::<web_sys::Element>()
                .map(|el| crate::browser::Seen::watch(&el, move |v| seen.set(v)));
            move || drop(watch)
        });
    }
    *seen
}

/// While `playing`, dispatch one [`Action::Frame`] per animation frame with the real time
/// since the previous one.
#[hook]
pub fn use_play_loop(playing: bool, dispatcher: UseReducerDispatcher<State>) {
    use_effect_with(playing, move |&playing| {
        let handle: Rc<RefCell<Option<AnimationFrame>>> = Rc::new(RefCell::new(None));
        if playing {
            schedule_frame(handle.clone(), dispatcher, None);
        }
        move || {
            handle.borrow_mut().take();
        }
    });
}

/// Ask for the next animation frame; on it, dispatch the real time since the last one and ask
/// again. Dropping the handle (pause, unmount) ends the loop.
fn schedule_frame(
    handle: Rc<RefCell<Option<AnimationFrame>>>,
    dispatcher: UseReducerDispatcher<State>,
    last: Option<f64>,
) {
    let next = handle.clone();
    let frame = request_animation_frame(move |now| {
        if let Some(last) = last {
            dispatcher.dispatch(Action::Frame(now - last));
        }
        schedule_frame(next, dispatcher, Some(now));
    });
    *handle.borrow_mut() = Some(frame);
}

/// Where the course's progress is remembered.
const PROGRESS_KEY: &str = "zooscope.course";

/// Remember the finished lessons in the browser: read them once, write them when they change.
#[hook]
pub fn use_progress(
    done: Rc<std::collections::BTreeSet<String>>,
    dispatcher: UseReducerDispatcher<State>,
) {
    let storage = || gloo::utils::window().local_storage().ok().flatten();
    use_effect_with((), move |_| {
        let saved = storage()
            .and_then(|s| s.get_item(PROGRESS_KEY).ok().flatten())
            .unwrap_or_default();
        let names: Vec<String> = saved
            .split(',')
            .filter(|n| !n.is_empty())
            .map(str::to_string)
            .collect();
        if !names.is_empty() {
            dispatcher.dispatch(Action::SetDone(names));
        }
    });
    use_effect_with(done, move |done| {
        if !done.is_empty() {
            let list: Vec<&str> = done.iter().map(String::as_str).collect();
            if let Some(s) = storage() {
                let _ = s.set_item(PROGRESS_KEY, &list.join(","));
            }
        }
    });
}

/// Keep the address bar on the lesson's step (`#lesson=NAME&step=K`), so every step has its
/// own link; nothing is reloaded and no `hashchange` fires.
#[hook]
pub fn use_lesson_link(at: Option<(String, usize)>) {
    use_effect_with(at, |at| {
        if let Some((name, step)) = at {
            let url = format!("#lesson={name}&step={}", step + 1);
            if let Ok(history) = gloo::utils::window().history() {
                let _ =
                    history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        }
    });
}
