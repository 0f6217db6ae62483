//! Reading the file a user picked in an `<input type="file">` (dashboard import, trace upload):
//! the text, or a message naming the file when the browser cannot read it.

use wasm_bindgen::JsCast;

/// The file picked in the input that fired `ev`, named, with its text still to be read. The
/// input is reset, so picking the same file again fires `change` again.
pub fn picked_file(ev: &web_sys::Event) -> Option<(String, js_sys::Promise)> {
    let input = ev.target()?.dyn_into::<web_sys::HtmlInputElement>().ok()?;
    let file = input.files()?.get(0)?;
    let picked = (file.name(), file.text());
    input.set_value("");
    Some(picked)
}

/// Awaits the text of a picked file; the error names the file.
pub async fn read_text(name: &str, text: js_sys::Promise) -> Result<String, String> {
    match wasm_bindgen_futures::JsFuture::from(text).await {
        Ok(value) => Ok(value.as_string().unwrap_or_default()),
        Err(_) => Err(format!("{name} could not be read")),
    }
}
