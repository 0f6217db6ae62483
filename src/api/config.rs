//! Loading `config.json` from next to `index.html` at start-up.

use super::http::fetch_app_file;
use crate::core::config::{app_base_path, resolve_url, Config};

/// The page's base URL (`<base href>` or the document URL): every relative URL hangs off it.
pub fn base_uri() -> String {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_else(|| "/".to_string())
}

/// The router's base path: the directory of the base URL without its trailing slash ("" at
/// the root).
pub fn base_path() -> String {
    app_base_path(&base_uri())
}

/// Fetches and validates `config.json`; the error names the file and the problem.
pub async fn load() -> Result<Config, String> {
    let response = fetch_app_file("config.json")
        .await
        .map_err(|e| format!("config.json could not be loaded: {e}"))?;
    if response.status != 200 {
        let url = resolve_url(&base_uri(), "config.json");
        return Err(format!(
            "config.json could not be loaded from {url}: HTTP {}",
            response.status
        ));
    }
    Config::parse(&response.body).map_err(|e| e.to_string())
}
