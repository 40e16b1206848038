//! The gallery, new-scenario and share dialogs. Natively (`cargo test -p web --test dialogs`):
//! every gallery scenario opens, the gallery holds every file of `scenarios/`, a share link
//! reopens the same instant. In Chromium (see the Makefile's wasm tests) the same, plus the
//! dialogs themselves: they open, take focus, close on Escape and give focus back.

use web::components::dialogs::gallery::{entries, open_action};
use web::state::{Action, State};

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

#[test]
fn every_gallery_scenario_opens_with_its_title_and_a_description() {
    for entry in entries() {
        let s =
            engine::scenario::parse(entry.text).unwrap_or_else(|e| panic!("{}: {e}", entry.file));
        engine::build(&s).unwrap_or_else(|e| panic!("{}: {e}", entry.file));
        assert!(
            !entry.watch.is_empty(),
            "{} has no # Watch: comment",
            entry.file
        );
        // The seed is Chinese: every scenario says what to watch in Chinese too.
        assert!(
            !entry.title_zh.is_empty() && !entry.watch_zh.is_empty(),
            "{} has no # 标题： or # 看点： comment",
            entry.file
        );
        assert!(!entry.watch_zh.contains('#'), "{}", entry.file);
        let state = State::default().reduce(open_action(&entry));
        assert_eq!(state.notice, None, "{}", entry.file);
        assert_eq!(state.title.as_deref(), Some(entry.title));
        assert_eq!(*state.scenario(), s);
    }
}

#[cfg(not(target_arch = "wasm32"))]
#[test]
fn the_gallery_holds_every_file_in_scenarios() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../scenarios");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".scn"))
        .collect();
    on_disk.sort();
    let embedded: Vec<&str> = web::components::dialogs::gallery::FILES
        .iter()
        .map(|e| e.file)
        .collect();
    assert_eq!(embedded, on_disk);
    let crash = web::components::dialogs::gallery::FILES
        .iter()
        .find(|e| e.file == "leader-crash.scn")
        .unwrap();
    assert_eq!(crash.title, "The leader crashes");
    assert!(crash
        .watch
        .starts_with("the leader dies while clients are writing."));
    assert!(!crash.watch.contains('#'));
    assert_eq!(crash.title_zh, "领导者崩溃");
    // Wrapped comment lines join without spaces or `#`s.
    assert!(crash
        .watch_zh
        .ends_with("连在死去领导者上的客户端看到 Disconnected，转到其他服务器继续工作。"));
}

#[test]
fn opening_a_gallery_scenario_replaces_the_run_but_keeps_language_and_speed() {
    let entry = entries()
        .into_iter()
        .find(|e| e.file == "barrier.scn")
        .unwrap();
    let mut before = State::default().reduce(Action::SetSpeed(2));
    before.lang = web::text::Lang::Zh;
    let after = before
        .reduce(open_action(&entry))
        .reduce(Action::Seek(1_000_000));
    assert_eq!(after.lang, web::text::Lang::Zh);
    assert_eq!(after.speed, 2);
    assert_eq!(after.view.clients.len(), 4);
}

#[cfg(target_arch = "wasm32")]
mod support;

#[cfg(target_arch = "wasm32")]
mod browser {
    use super::test;
    use wasm_bindgen::JsCast;
    use web::App;

    use crate::support::*;

    fn active_testid() -> Option<String> {
        let doc = web_sys::window().unwrap().document().unwrap();
        doc.active_element()
            .and_then(|e| e.get_attribute("data-testid"))
    }

    /// A real key press would be handled the same way: the dialog listens for keydown.
    fn press_escape_on_active() {
        js_sys::eval(
            "document.activeElement.dispatchEvent(new KeyboardEvent('keydown', \
             {key: 'Escape', bubbles: true, cancelable: true}))",
        )
        .unwrap();
    }

    #[test]
    async fn the_gallery_opens_modal_takes_focus_and_escape_gives_it_back() {
        let root = mount_point();
        yew::Renderer::<App>::with_root(root.clone()).render();
        settle(20).await;
        click(&root, "[data-testid=gallery-open]");
        until(|| {
            root.query_selector("dialog[data-testid=gallery-dialog]")
                .ok()
                .flatten()
                .and_then(|d| d.dyn_into::<web_sys::HtmlDialogElement>().ok())
                .is_some_and(|d| d.open())
        })
        .await;
        let dialog = one(&root, "dialog[data-testid=gallery-dialog]")
            .dyn_into::<web_sys::HtmlDialogElement>()
            .unwrap();
        assert!(dialog.open());
        assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
        let title_id = dialog.get_attribute("aria-labelledby").unwrap();
        assert!(one(&root, &format!("#{title_id}"))
            .text_content()
            .unwrap()
            .contains("gallery"));
        assert_eq!(active_testid().as_deref(), Some("gallery-item"));
        let items = all(&root, "[data-testid=gallery-item]");
        assert_eq!(items.len(), super::entries().len());

        press_escape_on_active();
        settle(20).await;
        assert!(root
            .query_selector("[data-testid=gallery-dialog]")
            .unwrap()
            .is_none());
        assert_eq!(active_testid().as_deref(), Some("gallery-open"));
        root.remove();
    }

    #[test]
    async fn picking_a_gallery_entry_opens_it_and_shows_its_title() {
        let root = mount_point();
        yew::Renderer::<App>::with_root(root.clone()).render();
        settle(20).await;
        click(&root, "[data-testid=gallery-open]");
        settle(20).await;
        click(
            &root,
            "[data-testid=gallery-item][data-file='paused-leader.scn']",
        );
        settle(50).await;
        assert!(root.query_selector("dialog").unwrap().is_none());
        assert_eq!(
            one(&root, "[data-testid=scenario-title]")
                .text_content()
                .as_deref(),
            Some("A paused leader (GC)")
        );
        assert_eq!(all(&root, "[data-testid=server]").len(), 3);
        root.remove();
    }

    #[test]
    async fn share_puts_the_link_in_the_address_bar_and_draws_its_qr_code() {
        let root = mount_point();
        yew::Renderer::<App>::with_root(root.clone()).render();
        settle(20).await;
        click(&root, "[data-testid=share-open]");
        settle(30).await;
        let link = one(&root, "[data-testid=share-link]")
            .dyn_into::<web_sys::HtmlInputElement>()
            .unwrap()
            .value();
        let hash = web_sys::window().unwrap().location().hash().unwrap();
        assert!(hash.starts_with("#s=v1."), "{hash}");
        assert!(link.ends_with(&hash), "{link} / {hash}");
        assert!(one(&root, "svg[data-testid=share-qr] path")
            .get_attribute("d")
            .unwrap()
            .starts_with("M0 0h7"));
        assert_eq!(active_testid().as_deref(), Some("copy-link"));
        click(&root, "[data-testid=dialog-close]");
        until(|| active_testid().as_deref() == Some("share-open")).await;
        assert!(root.query_selector("dialog").unwrap().is_none());
        assert_eq!(active_testid().as_deref(), Some("share-open"));
        // Leave the page's URL as the other tests expect it.
        web::components::dialogs::share::forget_link_in_url();
        root.remove();
    }

    #[test]
    async fn the_new_scenario_form_refuses_ten_servers_and_opens_four() {
        let root = mount_point();
        yew::Renderer::<App>::with_root(root.clone()).render();
        settle(20).await;
        click(&root, "[data-testid=new-scenario-open]");
        settle(20).await;
        let servers = one(&root, "[data-testid=new-servers]")
            .dyn_into::<web_sys::HtmlInputElement>()
            .unwrap();
        let seed = one(&root, "[data-testid=new-seed]")
            .dyn_into::<web_sys::HtmlInputElement>()
            .unwrap();
        assert!(seed.value().parse::<u64>().is_ok(), "{}", seed.value());
        for (value, error) in [("10", true), ("4", false)] {
            servers.set_value(value);
            servers
                .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
                .unwrap();
            settle(20).await;
            let open = one(&root, "[data-testid=new-open]");
            assert_eq!(open.has_attribute("disabled"), error, "{value}");
            let message = one(&root, "[data-testid=new-error]")
                .text_content()
                .unwrap();
            assert_eq!(message.is_empty(), !error, "{message}");
        }
        click(&root, "[data-testid=new-open]");
        settle(50).await;
        assert!(root.query_selector("dialog").unwrap().is_none());
        assert_eq!(all(&root, "[data-testid=server]").len(), 4);
        root.remove();
    }
}
