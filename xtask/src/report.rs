//! Bundle sizes of `dist/` (raw and gzip), and the size budget `cargo xtask test` enforces.
//!
//! The first load is what opening a dashboard fetches: `index.html`, every file it names (its
//! stylesheets, the boot script, the main wasm module and its JS, the split loader and
//! snippets it preloads) and `config.json`. The wasm chunks it does not name are the pages
//! loaded on demand (src/ui/lazy); they are measured one by one, apart from the first load.
//! The dashboards themselves load later, on demand, and are not counted.

use std::io::Write;
use std::path::Path;

/// What the first page load fetches, by kind, in bytes; and the chunks fetched later.
#[derive(Debug, Default, Clone)]
pub struct BundleSizes {
    pub wasm_bytes: u64,
    pub wasm_gzip_bytes: u64,
    pub js_bytes: u64,
    pub js_gzip_bytes: u64,
    pub css_gzip_bytes: u64,
    pub html_gzip_bytes: u64,
    pub config_gzip_bytes: u64,
    /// The wasm chunks loaded on demand: (file name, gzip bytes), largest first.
    pub chunks: Vec<(String, u64)>,
}

impl BundleSizes {
    /// The first page load.
    pub fn total_gzip_bytes(&self) -> u64 {
        self.wasm_gzip_bytes
            + self.js_gzip_bytes
            + self.css_gzip_bytes
            + self.html_gzip_bytes
            + self.config_gzip_bytes
    }

    pub fn chunks_gzip_bytes(&self) -> u64 {
        self.chunks.iter().map(|(_, gzip)| gzip).sum()
    }
}

fn gzip_len(bytes: &[u8]) -> u64 {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = encoder.write_all(bytes);
    encoder.finish().map(|v| v.len() as u64).unwrap_or(0)
}

/// The relative URLs `index.html` names in `href` and `src` attributes (`./x.css` -> `x.css`).
fn named_files(html: &str) -> Vec<String> {
    let mut names = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for piece in html.split(attribute).skip(1) {
            let url = piece.split('"').next().unwrap_or("");
            let path = url.trim_start_matches("./");
            if !path.is_empty() && !path.contains("://") && !path.starts_with('/') {
                names.push(path.to_string());
            }
        }
    }
    names
}

/// Measures what the first page load of `dist/` fetches, and the chunks apart.
pub fn measure(dist: &Path) -> Result<BundleSizes, String> {
    let read = |name: &str| {
        let path = dist.join(name);
        std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))
    };
    let html = read("index.html")?;
    let mut sizes = BundleSizes {
        html_gzip_bytes: gzip_len(&html),
        config_gzip_bytes: gzip_len(&read("config.json")?),
        ..BundleSizes::default()
    };
    let mut first_load = named_files(&String::from_utf8_lossy(&html));
    first_load.sort();
    first_load.dedup();
    for name in &first_load {
        if !dist.join(name).is_file() {
            continue;
        }
        let bytes = read(name)?;
        let (raw, gzip) = (bytes.len() as u64, gzip_len(&bytes));
        match name.rsplit('.').next().unwrap_or("") {
            "wasm" => {
                sizes.wasm_bytes += raw;
                sizes.wasm_gzip_bytes += gzip;
            }
            "js" => {
                sizes.js_bytes += raw;
                sizes.js_gzip_bytes += gzip;
            }
            "css" => sizes.css_gzip_bytes += gzip,
            _ => {}
        }
    }
    let entries = std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".wasm") && !first_load.contains(&name) {
            sizes.chunks.push((name.clone(), gzip_len(&read(&name)?)));
        }
    }
    sizes
        .chunks
        .sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
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
    if !sizes.chunks.is_empty() {
        println!(
            "chunks loaded on demand: {} B gzip in {} files",
            sizes.chunks_gzip_bytes(),
            sizes.chunks.len()
        );
        for (name, gzip) in &sizes.chunks {
            println!("  {gzip:>9} B gzip  {name}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_load_is_the_files_the_page_names() {
        let html = r#"<link rel="stylesheet" href="./main-1.css"/><script type="module" src="boot-2.js"></script><link rel="preload" href="./meshboard-3_bg.wasm"><a href="https://example.org/x">"#;
        assert_eq!(
            named_files(html),
            ["main-1.css", "meshboard-3_bg.wasm", "boot-2.js"]
        );
    }

    #[test]
    fn chunks_are_measured_apart_from_the_first_load() {
        let dist = std::env::temp_dir().join(format!("xtask-report-{}", std::process::id()));
        std::fs::create_dir_all(&dist).unwrap();
        let page = r#"<link rel="preload" href="./main_bg.wasm"><script type="module" src="boot.js"></script>"#;
        std::fs::write(dist.join("index.html"), page).unwrap();
        std::fs::write(dist.join("config.json"), "{}").unwrap();
        std::fs::write(dist.join("main_bg.wasm"), [0u8; 4000]).unwrap();
        std::fs::write(dist.join("boot.js"), "import x from './main.js'").unwrap();
        std::fs::write(dist.join("split_logs-1.wasm"), [1u8; 3000]).unwrap();
        let sizes = measure(&dist).unwrap();
        let _ = std::fs::remove_dir_all(&dist);
        assert_eq!(sizes.wasm_bytes, 4000);
        assert_eq!(sizes.js_bytes, 25);
        assert_eq!(sizes.chunks.len(), 1);
        assert_eq!(sizes.chunks[0].0, "split_logs-1.wasm");
        assert!(sizes.chunks[0].1 > 0 && sizes.chunks[0].1 < 3000);
        assert!(sizes.total_gzip_bytes() > sizes.wasm_gzip_bytes);
    }
}
