//! Browser tests of the shell (wasm-bindgen-test in headless Chromium): it mounts, the theme
//! toggles, and the time picker writes the URL.
#![cfg(target_arch = "wasm32")]

use meshboard::core::config::Config;
use std::sync::Once;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

static MOUNT: Once = Once::new();

/// The shell is mounted once per test page; tests share it like a user shares one tab.
fn mount() {
    MOUNT.call_once(|| {
        let config = Config::parse(r#"{"datasources": {"prometheus": {"url": "/prometheus"}}}"#)
            .expect("valid config");
        meshboard::ui::mount_with_config(config);
    });
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn by_test_id(id: &str) -> Option<web_sys::HtmlElement> {
    document()
        .query_selector(&format!("[data-testid='{id}']"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into().ok())
}

/// Lets the reactive system and the router settle.
async fn settle() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

fn search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

#[wasm_bindgen_test]
async fn shell_mounts_with_top_bar_and_navigation() {
    mount();
    settle().await;
    assert!(by_test_id("shell").is_some(), "shell missing");
    assert!(by_test_id("topbar").is_some(), "top bar missing");
    let nav = by_test_id("nav")
        .expect("navigation missing")
        .text_content()
        .unwrap();
    for link in [
        "Dashboards",
        "Metrics",
        "Logs",
        "Traces",
        "Alerts",
        "Settings",
    ] {
        assert!(nav.contains(link), "nav lacks {link}: {nav}");
    }
}

#[wasm_bindgen_test]
async fn theme_toggle_flips_the_theme_and_writes_the_url() {
    mount();
    settle().await;
    let root = document().document_element().unwrap();
    let before = root
        .get_attribute("data-theme")
        .expect("a theme is always applied");
    by_test_id("theme-toggle").unwrap().click();
    settle().await;
    let after = root.get_attribute("data-theme").unwrap();
    assert_ne!(before, after);
    assert!(
        search().contains(&format!("theme={after}")),
        "URL lacks the theme: {}",
        search()
    );
    by_test_id("theme-toggle").unwrap().click();
    settle().await;
    assert_eq!(root.get_attribute("data-theme").unwrap(), before);
}

#[wasm_bindgen_test]
async fn time_picker_quick_range_writes_from_and_to() {
    mount();
    settle().await;
    by_test_id("time-range-button").unwrap().click();
    settle().await;
    let quick: web_sys::HtmlElement = document()
        .query_selector("[data-range='now-24h']")
        .unwrap()
        .expect("quick range listed")
        .dyn_into()
        .unwrap();
    quick.click();
    settle().await;
    let query = search();
    assert!(
        query.contains("from=now-24h") && query.contains("to=now"),
        "{query}"
    );
    assert_eq!(
        by_test_id("time-range-button")
            .unwrap()
            .text_content()
            .unwrap(),
        "Last 24 hours"
    );
    assert!(
        by_test_id("time-dropdown").is_none(),
        "the dropdown closes after choosing"
    );
}
