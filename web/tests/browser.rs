//! The page in headless Chromium: `cargo test --target wasm32-unknown-unknown -p web`
//! (see the Makefile). Native builds compile this file to nothing.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;
use web::App;

wasm_bindgen_test_configure!(run_in_browser);

mod support;
use support::*;

#[wasm_bindgen_test]
async fn app_shows_the_engines_five_servers_and_a_clock_at_zero() {
    let root = mount_point();
    yew::Renderer::<App>::with_root(root.clone()).render();
    settle(20).await;

    assert_eq!(one(&root, "h1").text_content().unwrap(), "ZooScope");
    let expected = web::state::State::default().view;
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
