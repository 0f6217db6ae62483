//! Stylesheets that come with a chunk instead of with the first page. The release build
//! (`cargo xtask dist`, `xtask/src/dist/chunk_styles.rs`) takes them out of `index.html`'s
//! `<link>`s and names each in a `<meta name="meshboard-chunk-style">` (its hashed file and
//! SHA-384); when the chunk that needs one is loaded, this adds the `<link>`. A `<link>` to a
//! same-origin file is what `style-src 'self'` allows: no inline style is ever injected. Without
//! the split (`trunk serve`, debug builds) `index.html` links every stylesheet and there is no
//! meta, so this does nothing.

/// Links the stylesheet `name` (its file's stem in `style/`) if the build deferred it and it is
/// not linked yet; it loads in parallel with the chunk's code.
pub fn attach(name: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let selector = format!("meta[name=\"meshboard-chunk-style\"][data-chunk=\"{name}\"]");
    let Ok(Some(meta)) = document.query_selector(&selector) else {
        return;
    };
    let (Some(href), Ok(Some(head))) = (
        meta.get_attribute("content"),
        document.query_selector("head"),
    ) else {
        return;
    };
    if meta.has_attribute("data-linked") {
        return;
    }
    let Ok(link) = document.create_element("link") else {
        return;
    };
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", &href);
    if let Some(integrity) = meta.get_attribute("data-sri") {
        let _ = link.set_attribute("integrity", &integrity);
    }
    let _ = meta.set_attribute("data-linked", "");
    let _ = head.append_child(&link);
}
