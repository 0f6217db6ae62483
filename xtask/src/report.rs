//! Bundle sizes of `dist/` (raw and gzip), and the size budget `cargo xtask test` enforces.

use std::io::Write;
use std::path::Path;

/// What the first page load fetches, by kind, in bytes.
#[derive(Debug, Default, Clone, Copy)]
pub struct BundleSizes {
    pub wasm_bytes: u64,
    pub wasm_gzip_bytes: u64,
    pub js_bytes: u64,
    pub js_gzip_bytes: u64,
    pub css_gzip_bytes: u64,
    pub html_gzip_bytes: u64,
    pub config_gzip_bytes: u64,
}

impl BundleSizes {
    pub fn total_gzip_bytes(&self) -> u64 {
        self.wasm_gzip_bytes
            + self.js_gzip_bytes
            + self.css_gzip_bytes
            + self.html_gzip_bytes
            + self.config_gzip_bytes
    }
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len() as u64).unwrap_or(0)
}

/// Measures the files at the top of `dist/` (the dashboards load later, on demand).
pub fn measure(dist: &Path) -> Result<BundleSizes, String> {
    let mut sizes = BundleSizes::default();
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let (raw, gzip) = (bytes.len() as u64, gzip_len(&bytes));
        match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
            "wasm" => {
                sizes.wasm_bytes += raw;
                sizes.wasm_gzip_bytes += gzip;
            }
            "js" => {
                sizes.js_bytes += raw;
                sizes.js_gzip_bytes += gzip;
            }
            "css" => sizes.css_gzip_bytes += gzip,
            "html" => sizes.html_gzip_bytes += gzip,
            "json" => sizes.config_gzip_bytes += gzip,
            _ => {}
        }
    }
    Ok(sizes)
}

/// The budget in `bundle-budget.json` at the repository root.
pub fn budget_bytes(root: &Path) -> Result<u64, String> {
    let path = root.join("bundle-budget.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    json["total_gzip_bytes"]
        .as_u64()
        .ok_or_else(|| format!("{}: no numeric total_gzip_bytes", path.display()))
}

pub fn print(sizes: &BundleSizes) {
    println!("bundle: wasm {} B ({} B gzip), js {} B ({} B gzip), css {} B gzip, html {} B gzip, config {} B gzip; total {} B gzip",
        sizes.wasm_bytes, sizes.wasm_gzip_bytes, sizes.js_bytes, sizes.js_gzip_bytes, sizes.css_gzip_bytes,
        sizes.html_gzip_bytes, sizes.config_gzip_bytes, sizes.total_gzip_bytes());
}
