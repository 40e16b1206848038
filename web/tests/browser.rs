//! The page in headless Chromium: `cargo test --target wasm32-unknown-unknown -p web`
//! (see the Makefile). Native builds compile this file to nothing.
#![cfg(target_arch = "wasm32")]

use engine::sim::view::{Role, ServerView};
use engine::sim::Simulation;
use wasm_bindgen_test::*;
use web::ring::{Ring, RingProps};
use web::App;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::*;

#[wasm_bindgen_test]
async fn ring_draws_each_server_with_its_role() {
    // Start from the engine's own view (so new fields need no change here), then set the roles.
    let roles = [
        Role::Leading,
        Role::Following,
        Role::Following,
        Role::Looking,
        Role::Down,
    ];
    let mut servers: Vec<ServerView> = Simulation::with_servers(5).view().servers;
    for (s, &role) in servers.iter_mut().zip(&roles) {
        s.role = role;
    }
    let root = mount_point();
    yew::Renderer::<Ring>::with_root_and_props(root.clone(), RingProps { servers }).render();
    settle(20).await;

    let drawn = all(&root, "svg [data-testid=server]");
    assert_eq!(drawn.len(), 5);
    for (el, role) in drawn.iter().zip(roles) {
        assert_eq!(
            el.get_attribute("data-role").as_deref(),
            Some(role.as_str())
        );
    }
    assert_eq!(drawn[0].get_attribute("data-server").as_deref(), Some("s1"));
    assert!(drawn[4].text_content().unwrap().contains("s5"));
    assert!(drawn[4].text_content().unwrap().contains("DOWN"));
}

#[wasm_bindgen_test]
async fn app_shows_the_engines_five_servers_and_a_clock_at_zero() {
    let root = mount_point();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle(20).await;

    assert_eq!(one(&root, "h1").text_content().unwrap(), "ZooScope");
    let expected = web::model::State::default().view;
    let drawn = all(&root, "[data-testid=server]");
    assert_eq!(drawn.len(), 5);
    for (el, s) in drawn.iter().zip(&expected.servers) {
        assert_eq!(el.get_attribute("data-server"), Some(s.id.to_string()));
        assert_eq!(
            el.get_attribute("data-role").as_deref(),
            Some(s.role.as_str())
        );
    }
    assert_eq!(clock_micros(&root), 0);
    assert_eq!(
        one(&root, "[data-testid=sim-clock]")
            .text_content()
            .unwrap(),
        "0.000 s"
    );
}

#[wasm_bindgen_test]
async fn play_advances_the_clock_and_pause_stops_it() {
    let root = mount_point();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle(20).await;

    let toggle = "[data-testid=play-toggle]";
    assert_eq!(
        one(&root, toggle).get_attribute("aria-label").unwrap(),
        "Play the simulated clock"
    );
    click(&root, toggle);
    settle(400).await;
    let t = clock_micros(&root);
    assert!(t > 0, "clock did not advance while playing");
    assert_eq!(one(&root, toggle).text_content().unwrap(), "Pause");

    click(&root, toggle);
    settle(20).await;
    let paused_at = clock_micros(&root);
    settle(200).await;
    assert_eq!(clock_micros(&root), paused_at, "clock moved while paused");

    click(&root, "[data-testid=step]");
    settle(20).await;
    assert!(
        clock_micros(&root) >= paused_at,
        "step goes to the next event"
    );

    click(&root, "[data-testid=restart]");
    settle(20).await;
    assert_eq!(clock_micros(&root), 0);
}
