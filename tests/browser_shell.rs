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

async fn sleep_ms(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Waits up to 5 s for `condition`: the machines running these tests are shared and slow, so
/// the test waits for what a user would see rather than for a fixed time.
async fn eventually(condition: impl Fn() -> bool) -> bool {
    for _ in 0..100 {
        if condition() {
            return true;
        }
        sleep_ms(50).await;
    }
    condition()
}

fn search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

#[wasm_bindgen_test]
async fn shell_mounts_with_top_bar_and_navigation() {
    mount();
    assert!(
        eventually(|| by_test_id("shell").is_some()).await,
        "shell never mounted"
    );
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
    assert!(
        eventually(|| by_test_id("theme-toggle").is_some()).await,
        "no theme toggle"
    );
    let root = document().document_element().unwrap();
    let before = root
        .get_attribute("data-theme")
        .expect("a theme is always applied");
    by_test_id("theme-toggle").unwrap().click();
    let flipped =
        eventually(|| root.get_attribute("data-theme").as_deref() != Some(before.as_str())).await;
    assert!(flipped, "theme stayed {before}; URL {}", search());
    let after = root.get_attribute("data-theme").unwrap();
    assert!(
        search().contains(&format!("theme={after}")),
        "URL lacks the theme: {}",
        search()
    );
    by_test_id("theme-toggle").unwrap().click();
    let back =
        eventually(|| root.get_attribute("data-theme").as_deref() == Some(before.as_str())).await;
    assert!(back, "theme did not flip back to {before}");
}

#[wasm_bindgen_test]
async fn time_picker_quick_range_writes_from_and_to() {
    mount();
    assert!(
        eventually(|| by_test_id("time-range-button").is_some()).await,
        "no time picker"
    );
    by_test_id("time-range-button").unwrap().click();
    let listed = eventually(|| {
        document()
            .query_selector("[data-range='now-24h']")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    assert!(listed, "quick ranges not listed");
    let quick: web_sys::HtmlElement = document()
        .query_selector("[data-range='now-24h']")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    quick.click();
    assert!(
        eventually(|| search().contains("from=now-24h")).await,
        "URL not updated: {}",
        search()
    );
    assert!(search().contains("to=now"), "{}", search());
    let label = || {
        by_test_id("time-range-button")
            .and_then(|b| b.text_content())
            .unwrap_or_default()
    };
    assert!(
        eventually(|| label() == "Last 24 hours").await,
        "picker shows {}",
        label()
    );
    assert!(
        by_test_id("time-dropdown").is_none(),
        "the dropdown closes after choosing"
    );
}
