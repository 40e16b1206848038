//! The cluster picture and the space-time diagram in headless Chromium, mounted alone on states
//! the reducer makes (the command: "Running one test" in the README, with `--test cluster`).
//! Native builds compile this file to nothing.
#![cfg(target_arch = "wasm32")]

use engine::ms;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web::components::cluster::ring::Layout;
use web::components::cluster::{flight_point, Cluster};
use web::components::diagram::{scene, window, Detail, Lamport, DEFAULT_WINDOW, WINDOWS};
use web::state::{Action, Selection, State};
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::*;

async fn mount_cluster(state: State) -> (Element, Log) {
    let root = mount_point();
    let (p, log) = props(state);
    yew::Renderer::<Cluster>::with_root_and_props(root.clone(), p).render();
    settle(20).await;
    (root, log)
}

/// Fire a DOM event on `el` the way a user would (SVG elements have no `click()`).
fn fire(el: &Element, script: &str) {
    let f = js_sys::Function::new_with_args("el", script);
    f.call1(&JsValue::NULL, el).unwrap();
}

fn click_el(el: &Element) {
    fire(
        el,
        "el.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true}))",
    );
}

fn has_class(el: &Element, class: &str) -> bool {
    attr(el, "class").split_whitespace().any(|c| c == class)
}

fn attr(el: &Element, name: &str) -> String {
    el.get_attribute(name).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn servers_show_their_roles_and_the_leader_wears_the_crown() {
    let state = State::default().reduce(Action::Seek(ms(3000)));
    let leader = state.view.leader.expect("a leader after 3 s").to_string();
    let expected = state.view.clone();
    let (root, _) = mount_cluster(state).await;

    let servers = all(&root, "svg [data-testid=server]");
    assert_eq!(servers.len(), 5);
    for (el, s) in servers.iter().zip(&expected.servers) {
        assert_eq!(attr(el, "data-server"), s.id.to_string());
        assert_eq!(attr(el, "data-role"), s.role.as_str());
        let text = el.text_content().unwrap();
        assert!(text.starts_with(&s.id.to_string()), "{text}");
        assert!(text.contains(s.role.as_str()), "{text}");
    }
    let crowns = all(&root, "[data-testid=crown]");
    assert_eq!(crowns.len(), 1, "one crown");
    let wearer = crowns[0].closest("[data-testid=server]").unwrap().unwrap();
    assert_eq!(attr(&wearer, "data-server"), leader);
    assert_eq!(attr(&wearer, "data-role"), "LEADING");

    let clients = all(&root, "svg [data-testid=client]");
    let names: Vec<String> = clients.iter().map(|c| attr(c, "data-client")).collect();
    assert_eq!(names, ["alice", "bob", "carol"]);
    assert!(clients.iter().all(|c| attr(c, "data-state") == "CONNECTED"));
}

#[wasm_bindgen_test]
async fn messages_in_flight_are_drawn_with_their_class() {
    let state = State::default().reduce(Action::Seek(ms(300)));
    let flights = state.view.in_flight.clone();
    assert!(!flights.is_empty());
    let (root, _) = mount_cluster(state).await;
    let drawn = all(&root, "[data-testid=message]");
    assert_eq!(drawn.len(), flights.len());
    for (el, f) in drawn.iter().zip(&flights) {
        assert_eq!(attr(el, "data-message"), f.id.to_string());
        assert_eq!(attr(el, "data-class"), f.class.as_str());
        assert!(has_class(el, f.class.as_str()));
    }
    assert!(one(&root, "[data-testid=legend]")
        .text_content()
        .unwrap()
        .contains(&format!("Messages in flight: {}", flights.len())));
}

/// The default scenario at 300 ms (votes in flight), playing at 10×.
fn playing_at_10x_at_300ms() -> State {
    State::default()
        .reduce(Action::Seek(ms(300)))
        .reduce(Action::SetSpeed(web::state::SPEEDS.len() - 1))
        .reduce(Action::Play)
}

/// Playing at real time or faster, messages are dots on a canvas over the map, not an element
/// each; a click finds the dot under it, and the selected message is still an element of its own.
#[wasm_bindgen_test]
async fn playing_fast_messages_are_dots_on_a_canvas_and_a_click_takes_the_dot_under_it() {
    let state = playing_at_10x_at_300ms();
    assert!(state.fast_forward());
    let view = state.view.clone();
    assert!(view.in_flight.len() >= 2, "votes fly at 300 ms");
    let _style = app_style();
    let (root, log) = mount_cluster(state).await;
    assert!(all(&root, "[data-testid=message]").is_empty());
    let messages = one(&root, "[data-testid=messages]");
    assert_eq!(
        attr(&messages, "data-count"),
        view.in_flight.len().to_string()
    );
    let fleet = one(&root, "[data-testid=fleet]");
    assert_eq!(fleet.tag_name(), "CANVAS");
    // The browser tells the canvas its size once it is laid out; then it draws.
    let canvas: web_sys::HtmlCanvasElement = fleet.clone().dyn_into().unwrap();
    let ratio = web_sys::window().unwrap().device_pixel_ratio();
    let sized = || {
        let want = (f64::from(canvas.client_width()) * ratio).round() as u32;
        want > 100 && canvas.width() == want
    };
    until(sized).await;
    assert!(
        sized(),
        "the canvas takes its box's size (not the default 300 × 150)"
    );
    let mut classes: Vec<&str> = view.in_flight.iter().map(|f| f.class.as_str()).collect();
    classes.sort();
    classes.dedup();
    assert_eq!(attr(&fleet, "data-classes"), classes.join(" "));
    assert_eq!(
        attr(&fleet, "data-dots"),
        view.in_flight.len().to_string(),
        "a dot per message"
    );

    // The canvas lies on the map, and each dot is drawn where the map puts its message.
    let map = one(&root, "svg.cluster-map");
    map.scroll_into_view();
    let (m, c) = (
        map.get_bounding_client_rect(),
        fleet.get_bounding_client_rect(),
    );
    // It covers the map's picture, not the margins around it (the box is wider than the ring).
    assert!(
        c.width() > 100.0 && c.height() > 100.0,
        "the canvas is laid over the picture"
    );
    assert!(c.left() >= m.left() - 1.0 && c.right() <= m.right() + 1.0);
    assert!(c.top() >= m.top() - 1.0 && c.bottom() <= m.bottom() + 1.0);
    assert!(c.width() < m.width() - 50.0, "not over the margins");
    let layout = Layout::new(view.servers.len(), view.clients.len());
    let f = &view.in_flight[1];
    let (x, y) = flight_point(&layout, &view, f, view.time).unwrap();
    let (cx, cy) = screen_point(&map, x, y);
    // The opacity of this canvas's pixel under the client point (px, py).
    let read = js_sys::Function::new_with_args(
        "c, px, py",
        "const r = c.getBoundingClientRect(), k = c.width / r.width;
         return c.getContext('2d').getImageData(Math.round((px - r.left) * k),
             Math.round((py - r.top) * k), 1, 1).data[3];",
    );
    let painted = |px: f64, py: f64| -> f64 {
        read.call3(&JsValue::NULL, &fleet, &px.into(), &py.into())
            .unwrap()
            .as_f64()
            .unwrap()
    };
    assert!(
        painted(cx, cy) > 200.0,
        "a dot is painted at its message's place"
    );
    let corner = (c.left() + 2.0, c.top() + 2.0);
    assert_eq!(
        painted(corner.0, corner.1),
        0.0,
        "nothing is painted where no message is"
    );

    // A click on a dot's centre selects its message (the canvas lets the click through).
    fire(
        &map,
        &format!(
            "const at = document.elementFromPoint({cx}, {cy});
             at.dispatchEvent(new MouseEvent('click', {{bubbles: true, cancelable: true,
                 clientX: {cx}, clientY: {cy}}}))"
        ),
    );
    settle(10).await;
    assert_eq!(
        log.borrow().last(),
        Some(&Action::Select(Some(Selection::Message(f.id))))
    );
    // A pointer moved onto it (entering no element) describes it in the info line.
    fire(
        &map,
        &format!(
            "const at = document.elementFromPoint({cx}, {cy});
             at.dispatchEvent(new PointerEvent('pointermove', {{bubbles: true,
                 clientX: {cx}, clientY: {cy}}}))"
        ),
    );
    let info = one(&root, "[data-testid=cluster-info]");
    until(|| {
        info.text_content()
            .unwrap()
            .contains(&format!("#{}:", f.id))
    })
    .await;
    assert!(
        info.text_content()
            .unwrap()
            .contains(&format!("#{}:", f.id)),
        "the info line tells of the message under the pointer: {:?}",
        info.text_content()
    );

    // Selected, it is drawn as its own element, and the canvas holds one dot fewer.
    let selected = playing_at_10x_at_300ms().reduce(Action::Select(Some(Selection::Message(f.id))));
    let (root, _) = mount_cluster(selected).await;
    let elements = all(&root, "[data-testid=message]");
    assert_eq!(elements.len(), 1);
    assert_eq!(attr(&elements[0], "data-message"), f.id.to_string());
    let fleet = one(&root, "[data-testid=fleet]");
    assert_eq!(
        attr(&fleet, "data-dots"),
        (view.in_flight.len() - 1).to_string()
    );
}

/// Where the map's SVG point `(x, y)` is on the screen (client pixels).
fn screen_point(map: &web_sys::Element, x: f64, y: f64) -> (f64, f64) {
    let map = map.clone();
    let got = js_sys::Function::new_with_args(
        "svg, x, y",
        "const p = svg.createSVGPoint(); p.x = x; p.y = y;
         const q = p.matrixTransform(svg.getScreenCTM()); return [q.x, q.y];",
    )
    .call3(&JsValue::NULL, &map, &x.into(), &y.into())
    .unwrap();
    let got = js_sys::Array::from(&got);
    (got.get(0).as_f64().unwrap(), got.get(1).as_f64().unwrap())
}

#[wasm_bindgen_test]
async fn a_crashed_server_looks_down_and_a_partition_draws_cut_links() {
    let state = State::default()
        .reduce(Action::Seek(ms(3000)))
        .reduce(Action::InjectText(
            "crash s2\npartition s1 | s3,s4,s5".into(),
        ))
        .reduce(Action::Advance(ms(1)));
    let (root, _) = mount_cluster(state).await;
    let s2 = one(&root, "[data-server=s2]");
    assert_eq!(attr(&s2, "data-role"), "DOWN");
    assert!(has_class(&s2, "role-down"));
    let cuts = all(&root, "[data-testid=cut]");
    // s1 is cut from s3, s4, s5 (each pair once, both ways).
    let mut pairs: Vec<String> = cuts
        .iter()
        .map(|c| format!("{}-{}", attr(c, "data-from"), attr(c, "data-to")))
        .collect();
    pairs.sort();
    assert_eq!(pairs, ["s1-s3", "s1-s4", "s1-s5"]);
    assert!(cuts[0].text_content().unwrap().contains("link cut"));
}

#[wasm_bindgen_test]
async fn the_lock_holder_has_a_key_and_the_queue_is_in_order() {
    let state = State::default().reduce(Action::Seek(ms(1_700)));
    let (root, _) = mount_cluster(state).await;
    let alice = one(&root, "[data-client=alice]");
    assert_eq!(attr(&alice, "data-holding"), "true");
    assert!(has_class(&alice, "holding"));
    assert_eq!(all(&root, "[data-testid=lock-holder]").len(), 1);
    let bob_place = one(&root, "[data-client=bob] [data-testid=queue-place]");
    assert_eq!(bob_place.text_content().unwrap(), "2");
    let queue = one(&root, "[data-testid=lock-queue]")
        .text_content()
        .unwrap();
    let (a, b, c) = (
        queue.find("alice").unwrap(),
        queue.find("bob").unwrap(),
        queue.find("carol").unwrap(),
    );
    assert!(a < b && b < c, "{queue}");
}

#[wasm_bindgen_test]
async fn clicking_selects_and_the_background_deselects() {
    let state = State::default().reduce(Action::Seek(ms(300)));
    let first = state.view.in_flight[0].id;
    let (root, log) = mount_cluster(state).await;

    click_el(&one(&root, "[data-server=s3] circle"));
    click_el(&one(&root, "[data-client=bob]"));
    click_el(&one(&root, &format!("[data-message='{first}'] .hit")));
    click_el(&one(&root, ".backdrop"));
    fire(
        &one(&root, "[data-server=s4]"),
        "el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}))",
    );
    settle(10).await;
    assert_eq!(
        *log.borrow(),
        [
            Action::Select(Some(Selection::Server(3))),
            Action::Select(Some(Selection::Client("bob".into()))),
            Action::Select(Some(Selection::Message(first))),
            Action::Select(None),
            Action::Select(Some(Selection::Server(4))),
        ]
    );
    for el in all(
        &root,
        "[data-testid=server], [data-testid=client], [data-testid=message]",
    ) {
        assert_eq!(attr(&el, "tabindex"), "0");
        assert_eq!(attr(&el, "role"), "button");
        // A name: its aria-label, or (servers, clients) its <title>.
        let title = el
            .query_selector("title")
            .unwrap()
            .and_then(|t| t.text_content())
            .unwrap_or_default();
        assert!(!attr(&el, "aria-label").is_empty() || !title.is_empty());
    }
}

#[wasm_bindgen_test]
async fn the_selected_server_is_highlighted() {
    let state = State::default()
        .reduce(Action::Seek(ms(300)))
        .reduce(Action::Select(Some(Selection::Server(2))));
    let (root, _) = mount_cluster(state).await;
    assert!(has_class(&one(&root, "[data-server=s2]"), "selected"));
    assert!(!has_class(&one(&root, "[data-server=s1]"), "selected"));
    assert!(one(&root, "[data-testid=cluster-info]")
        .text_content()
        .unwrap()
        .starts_with("s2: "));
}

#[wasm_bindgen_test]
async fn the_space_time_diagram_draws_the_window_and_its_arrows_can_be_reached() {
    // Past the first election and lock hand-offs, at an instant a non-ping message is in flight.
    let mut state = State::default().reduce(Action::Seek(ms(3_100)));
    for _ in 0..1000 {
        if state
            .view
            .in_flight
            .iter()
            .any(|f| f.kind != "PING" && f.class != engine::FlightClass::Ping)
        {
            break;
        }
        state = state.reduce(Action::StepEvent);
    }
    let root = mount_point();
    let (p, log) = props(state.clone());
    yew::Renderer::<Lamport>::with_root_and_props(root.clone(), p).render();
    settle(30).await;

    let lifelines: Vec<String> = all(&root, "[data-testid=lifeline]")
        .iter()
        .map(|l| attr(l, "data-process"))
        .collect();
    assert_eq!(
        lifelines,
        ["s1", "s2", "s3", "s4", "s5", "alice", "bob", "carol"]
    );
    // The canvas draws the window's scene: the messages that ended in it and those in flight,
    // no pings by default. (In view: out of view it keeps the scene it last drew.)
    let canvas = one(&root, "[data-testid=lamport-canvas]");
    canvas.scroll_into_view();
    until(|| attr(&canvas, "data-seen") == "true").await;
    let plot_width = f64::from(canvas.client_width());
    let win = window(state.now(), WINDOWS[DEFAULT_WINDOW]);
    let expected = scene(
        &state.run(),
        (&state.view, &state.motion),
        &state.markers,
        win,
        plot_width,
        false,
        Detail::Every,
    );
    assert!(expected.total > 0);
    assert_eq!(attr(&canvas, "data-arrows"), expected.total.to_string());
    assert_eq!(attr(&canvas, "data-from"), win.0.to_string());
    let pixels = js_sys::Function::new_with_args(
        "c",
        "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; \
         let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 200) n++; return n;",
    )
    .call1(&JsValue::NULL, &canvas)
    .unwrap()
    .as_f64()
    .unwrap();
    assert!(
        pixels > 500.0,
        "the canvas is drawn on ({pixels} dark pixels)"
    );

    // From the keyboard: the last arrow first, then earlier ones; Enter selects.
    let key = |k: &str| {
        fire(
            &canvas,
            &format!("el.dispatchEvent(new KeyboardEvent('keydown', {{key: '{k}', bubbles: true, cancelable: true}}))"),
        )
    };
    key("ArrowUp");
    settle(20).await;
    key("ArrowUp");
    settle(20).await;
    key("Enter");
    settle(20).await;
    let second_last = expected.segs[expected.segs.len() - 2].id;
    assert_eq!(
        log.borrow().last(),
        Some(&Action::Select(Some(Selection::Message(second_last))))
    );
    assert!(one(&root, "[data-testid=lamport-note]")
        .text_content()
        .unwrap()
        .contains(&format!("#{second_last}")));

    // The list of the window's messages: a button each, an in-flight one selects it.
    fire(
        &one(&root, "[data-testid=lamport-list]"),
        "el.open = true; el.dispatchEvent(new Event('toggle'))",
    );
    settle(30).await;
    let listed = all(&root, "[data-testid=arrow]");
    assert_eq!(listed.len(), expected.segs.len().min(200));
    let in_flight = all(&root, "[data-testid=arrow][data-state=in-flight]");
    assert!(!in_flight.is_empty(), "a message is on its way");
    let id: u64 = attr(&in_flight[0], "data-message").parse().unwrap();
    click_el(&in_flight[0]);
    settle(10).await;
    assert_eq!(
        log.borrow().last(),
        Some(&Action::Select(Some(Selection::Message(id))))
    );

    // Pings add arrows; zooming changes the window, up to the whole run.
    click_el(&one(&root, "[data-testid=lamport-pings]"));
    settle(20).await;
    let with_pings: usize = attr(&canvas, "data-arrows").parse().unwrap();
    assert!(with_pings > expected.total);
    let label = || {
        one(&root, "[data-testid=lamport-window]")
            .text_content()
            .unwrap()
    };
    assert_eq!(label(), "1 s");
    click_el(&one(&root, "[data-testid=lamport-zoom-in]"));
    settle(20).await;
    assert_eq!(label(), "300 ms");
    click_el(&one(&root, "[data-testid=lamport-whole]"));
    settle(20).await;
    assert_eq!(label(), "whole run");
    assert_eq!(attr(&canvas, "data-from"), "0");
}

/// Out of view (here, far below the fold), the diagram does not work its scene out again: a
/// playing frame costs nothing there, and what it says it drew stays what it last drew. Back
/// in view, it catches up at once.
#[wasm_bindgen_test]
async fn out_of_view_the_diagram_keeps_its_last_scene_until_it_is_seen() {
    let state = State::default().reduce(Action::Seek(ms(3000)));
    let root = mount_point();
    root.set_attribute("style", "margin-top: 6000px").unwrap();
    let (p, _) = props(state);
    yew::Renderer::<Lamport>::with_root_and_props(root.clone(), p).render();
    settle(30).await;
    let canvas = one(&root, "[data-testid=lamport-canvas]");
    until(|| attr(&canvas, "data-seen") == "false").await;
    assert_eq!(attr(&canvas, "data-seen"), "false");
    let before: usize = attr(&canvas, "data-arrows").parse().unwrap();
    assert!(before > 0);
    // Pings add arrows, but not to a scene no one sees.
    click_el(&one(&root, "[data-testid=lamport-pings]"));
    settle(30).await;
    assert_eq!(attr(&canvas, "data-pings"), "true", "the switch took");
    assert_eq!(attr(&canvas, "data-arrows"), before.to_string());
    canvas.scroll_into_view();
    until(|| attr(&canvas, "data-seen") == "true").await;
    settle(30).await;
    let after: usize = attr(&canvas, "data-arrows").parse().unwrap();
    assert!(
        after > before,
        "{after} arrows with pings, {before} without"
    );
    root.remove();
    gloo::utils::window().scroll_to_with_x_and_y(0.0, 0.0);
}

#[wasm_bindgen_test]
async fn a_busy_whole_run_is_drawn_as_its_columns_and_arrows_can_still_be_reached() {
    let state = State::default().reduce(Action::Seek(ms(60_000)));
    let root = mount_point();
    let (p, log) = props(state.clone());
    yew::Renderer::<Lamport>::with_root_and_props(root.clone(), p).render();
    settle(30).await;
    click_el(&one(&root, "[data-testid=lamport-pings]"));
    click_el(&one(&root, "[data-testid=lamport-whole]"));
    settle(30).await;
    let canvas = one(&root, "[data-testid=lamport-canvas]");
    // Drawn only in view.
    canvas.scroll_into_view();
    settle(30).await;
    assert_eq!(attr(&canvas, "data-seen"), "true");
    let whole = (0, state.now());
    let width = f64::from(canvas.client_width());
    let whole_run = |detail| {
        scene(
            &state.run(),
            (&state.view, &state.motion),
            &state.markers,
            whole,
            width,
            true,
            detail,
        )
    };
    let picture = whole_run(Detail::Picture);
    assert!(picture.rastered(), "the window is busy");
    assert_eq!(attr(&canvas, "data-arrows"), picture.total.to_string());
    // The canvas shows, band by band, what the picture's pixels are: sampled in the middle of
    // each band, away from markers and now (drawn over them).
    let ratio = gloo::utils::window().device_pixel_ratio().max(1.0);
    let expected = web::components::diagram::paint::raster(&picture, ratio);
    let data = js_sys::Function::new_with_args(
        "c",
        "return Array.from(new Uint32Array(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.buffer));",
    )
    .call1(&JsValue::NULL, &canvas)
    .unwrap();
    let shown: Vec<u32> = js_sys::Array::from(&data)
        .iter()
        .map(|v| v.as_f64().unwrap() as u32)
        .collect();
    let cw = canvas
        .dyn_ref::<web_sys::HtmlCanvasElement>()
        .unwrap()
        .width() as usize;
    let near = |x: f64| {
        picture.marks.iter().any(|m| (m.x - x).abs() < 3.0) || x > picture.x(picture.now) - 3.0
    };
    let (mut same, mut sampled, mut inked) = (0, 0, 0);
    let bands = 0..picture.rows.len() - 1;
    let rows = bands
        .flat_map(|g| [3.0, 13.0, 23.0].map(|dy| web::components::diagram::scene::y_of(g) + dy));
    for y in rows.map(|y| y * ratio) {
        for x in (0..cw).filter(|&x| !near(x as f64 / ratio)) {
            let want = expected.at(x, y as usize);
            sampled += 1;
            same += usize::from(shown[y as usize * cw + x] == want);
            inked += usize::from(want != u32::MAX);
        }
    }
    assert!(inked > 1000, "{inked} of {sampled} samples inked");
    assert!(
        same * 100 >= sampled * 99,
        "{same} of {sampled} samples as the picture"
    );
    // A click on an arrow drawn as a column still selects a message, and the keyboard still
    // goes through every arrow from there (↑: the one before it).
    let every = whole_run(Detail::Every);
    let target = every
        .segs
        .iter()
        .rev()
        .find(|s| s.narrow() && !near(s.x0))
        .unwrap();
    // Whole pixels: a pointer's offset is.
    let (x, y) = (
        ((target.x0 + target.x1) / 2.0).round(),
        ((target.y0 + target.y1) / 2.0).round(),
    );
    fire(
        &canvas,
        &format!(
            "for (const type of ['pointerdown', 'pointerup']) el.dispatchEvent(new PointerEvent(type, \
             {{bubbles: true, clientX: el.getBoundingClientRect().left + {x}, \
             clientY: el.getBoundingClientRect().top + {y}}}))"
        ),
    );
    settle(20).await;
    let hit = every.hit(x, y, 6.0).unwrap().id;
    assert_eq!(
        log.borrow().last(),
        Some(&Action::Select(Some(Selection::Message(hit))))
    );
    fire(
        &canvas,
        "el.dispatchEvent(new KeyboardEvent('keydown', {key: 'ArrowUp', bubbles: true})); \
         el.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}))",
    );
    settle(20).await;
    let at = every.segs.iter().position(|s| s.id == hit).unwrap();
    let before = every.segs[at - 1].id;
    assert_eq!(
        log.borrow().last(),
        Some(&Action::Select(Some(Selection::Message(before))))
    );
}

#[wasm_bindgen_test]
async fn paused_and_drifting_processes_wear_badges() {
    let state = State::default()
        .reduce(Action::Seek(ms(3000)))
        .reduce(Action::InjectText(
            "pause s1 for 2s\ndrift s2 +5%\npause alice for 1s".into(),
        ))
        .reduce(Action::Advance(ms(1)));
    let (root, _) = mount_cluster(state).await;
    let s1 = one(&root, "[data-server=s1]");
    assert!(has_class(&s1, "paused"));
    assert_eq!(all(&root, "[data-server=s1] [data-testid=paused]").len(), 1);
    let s2 = one(&root, "[data-server=s2]");
    assert!(has_class(&s2, "drifting"));
    assert!(!has_class(&s2, "paused"));
    assert!(one(&root, "[data-server=s2] [data-testid=drift]")
        .text_content()
        .unwrap()
        .contains("+5%"));
    assert!(has_class(&one(&root, "[data-client=alice]"), "paused"));
    assert!(!has_class(&one(&root, "[data-client=bob]"), "paused"));
    assert_eq!(all(&root, "[data-testid=paused]").len(), 2);
}

/// The page-space box of an element.
fn rect(el: &Element) -> (f64, f64, f64, f64) {
    let r = el.get_bounding_client_rect();
    (r.left(), r.top(), r.right(), r.bottom())
}

/// True if the circles whose boxes are `a` and `b` overlap.
fn overlap(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    let centre =
        |r: (f64, f64, f64, f64)| ((r.0 + r.2) / 2.0, (r.1 + r.3) / 2.0, (r.2 - r.0) / 2.0);
    let (ax, ay, ar) = centre(a);
    let (bx, by, br) = centre(b);
    ((ax - bx).powi(2) + (ay - by).powi(2)).sqrt() < ar + br
}

#[wasm_bindgen_test]
async fn thirteen_servers_and_sixty_four_clients_lay_out_without_overlap() {
    let mut text = String::from("ensemble servers=9 observers=4\n");
    for i in 0..64 {
        text.push_str(&format!("client c{i:02}\n"));
    }
    text.push_str("run 10s\n");
    let state = State::open(&text, None)
        .unwrap()
        .reduce(Action::Seek(ms(2000)));
    let root = mount_point();
    root.set_attribute("style", "width: 1000px").unwrap();
    let (p, _) = props(state);
    yew::Renderer::<Cluster>::with_root_and_props(root.clone(), p).render();
    settle(30).await;

    let servers = all(&root, "[data-testid=server] .server-body");
    let clients = all(&root, "[data-testid=client] .client-body");
    assert_eq!((servers.len(), clients.len()), (13, 64));
    let observers = all(&root, "[data-testid=server].observer");
    assert_eq!(observers.len(), 4);
    // The circles' boxes (their geometry, without the stroke).
    let bodies: Vec<_> = servers.iter().chain(&clients).map(rect).collect();
    for (i, a) in bodies.iter().enumerate() {
        assert!(a.2 - a.0 > 8.0, "node {i} is drawn");
        for (j, b) in bodies.iter().enumerate().skip(i + 1) {
            assert!(!overlap(*a, *b), "nodes {i} and {j} overlap: {a:?} {b:?}");
        }
    }
    // Every name label is inside the picture.
    let svg = rect(&one(&root, "svg.cluster-map"));
    for label in all(&root, ".client-name") {
        let r = rect(&label);
        assert!(
            r.0 >= svg.0 - 1.0 && r.2 <= svg.2 + 1.0 && r.1 >= svg.1 - 1.0 && r.3 <= svg.3 + 1.0,
            "{:?} sticks out of the picture",
            label.text_content()
        );
    }
}
