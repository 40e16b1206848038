//! Helpers for browser tests: mount a component, let Yew run, find and click elements.
#![allow(dead_code)] // each test file uses some of them

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use wasm_bindgen::JsCast;
use web::components::props::FromState;
use web::state::{Action, State};
use web_sys::{Element, HtmlElement};
use yew::Callback;

/// What a mounted panel dispatched, in order.
pub type Log = Rc<RefCell<Vec<Action>>>;

/// Props for a component showing `state`, with a dispatcher that records every action.
pub fn props<P: FromState>(state: State) -> (P, Log) {
    let log: Log = Rc::default();
    let l = log.clone();
    let dispatch = Callback::from(move |a: Action| l.borrow_mut().push(a));
    (P::of(&state, dispatch), log)
}

/// A fresh element under `<body>` to mount a component on.
pub fn mount_point() -> Element {
    let document = web_sys::window().unwrap().document().unwrap();
    let div = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&div).unwrap();
    div
}

/// Let Yew's scheduler and timers run.
pub async fn settle(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

/// Wait until `done` holds, looking every 20 ms for at most 2 s (a busy browser renders and
/// moves focus late); the caller then asserts what it waited for.
pub async fn until(mut done: impl FnMut() -> bool) {
    for _ in 0..100 {
        if done() {
            return;
        }
        settle(20).await;
    }
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .map(|i| list.item(i).unwrap().dyn_into::<Element>().unwrap())
        .collect()
}

pub fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no element matches {selector}"))
}

pub fn click(root: &Element, selector: &str) {
    one(root, selector)
        .dyn_into::<HtmlElement>()
        .unwrap()
        .click();
}

pub fn clock_micros(root: &Element) -> u64 {
    one(root, "[data-testid=sim-clock]")
        .get_attribute("data-micros")
        .unwrap()
        .parse()
        .unwrap()
}

/// The page's own style sheets, put in the test page until this is dropped (for tests of where
/// things are drawn; the other tests run without them).
pub struct AppStyle(Element);

pub fn app_style() -> AppStyle {
    let document = web_sys::window().unwrap().document().unwrap();
    let style = document.create_element("style").unwrap();
    style.set_text_content(Some(concat!(
        include_str!("../../../static/style.css"),
        include_str!("../../../static/cluster.css"),
    )));
    document.head().unwrap().append_child(&style).unwrap();
    AppStyle(style)
}

impl Drop for AppStyle {
    fn drop(&mut self) {
        self.0.remove();
    }
}
