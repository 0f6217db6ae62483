//! The wasm split of a trunk build: the pages the first dashboard does not need (src/ui/lazy)
//! become their own `.wasm` chunks, fetched when their route is visited.
//!
//! Trunk has no step for it (trunk#1022), and the split must happen between `cargo build` and
//! `wasm-bindgen`, so this redoes trunk's last two steps on trunk's own cargo output, the way
//! cargo-leptos does: `wasm_split_cli_support::transform` on the relocatable module (linked with
//! `--emit-relocs`), `wasm-bindgen --keep-lld-exports` on the main module (the chunks import the
//! exports lld made), then binaryen's wasm-opt on the main module and on every chunk. The files
//! replace trunk's `.js` and `_bg.wasm` in `dist/`, and `index.html` is updated to match.
//!
//! Naming: the chunks call into the main module by table index and export name, so a chunk only
//! works with the main module it was cut from. Every file of one split carries one hash, of all
//! their bytes together: a deploy never mixes a cached chunk with a new main module. The chunks'
//! URLs resolve against the loader's own URL (`import.meta.url`), so dist/ works under any
//! `<base href>` and from any static server. Subresource integrity holds for all of them: the
//! main module and the loader are `<link>`s with `integrity` in `index.html`, and the loader
//! fetches each chunk with its SHA-384 as the fetch's `integrity`.

use crate::shell::{repo_root, run};
use crate::tools::path_with_node_bin;
use base64::Engine;
use sha2::Digest;
use std::path::{Path, PathBuf};
use std::process::Command;

/// Stands for the build hash until every file's bytes are known (same length as the hash, so
/// the main module's import of the loader can be renamed in place).
const PLACEHOLDER: &str = "xxxxsplithashxxx";
/// The loader file wasm_split_cli_support writes (and the main module imports), before hashing.
const LOADER_STEM: &str = "__wasm_split";
/// The app's binary, as trunk names its wasm-bindgen output (`meshboard-<hash>.js`).
const APP: &str = "meshboard";

/// Splits the app in `dist` (a finished `trunk build --release`); returns the chunks' names.
pub fn split_dist(dist: &Path) -> Result<Vec<String>, String> {
    let input = repo_root().join(format!("target/wasm32-unknown-unknown/release/{APP}.wasm"));
    let input_wasm = std::fs::read(&input).map_err(|e| format!("{}: {e}", input.display()))?;
    let work = repo_root().join(format!("target/wasm-split-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&work);
    let result = split_in(dist, &input_wasm, &work);
    let _ = std::fs::remove_dir_all(&work);
    result
}

fn split_in(dist: &Path, input_wasm: &[u8], work: &Path) -> Result<Vec<String>, String> {
    let chunk_dir = work.join("chunks");
    let main_split = work.join("main.wasm");
    let loader_name = format!("./{LOADER_STEM}-{PLACEHOLDER}.js");
    let main_js_name = format!("./{APP}-{PLACEHOLDER}.js");
    let split = wasm_split_cli_support::transform({
        let mut options = wasm_split_cli_support::Options::new(input_wasm);
        options.output_dir = &chunk_dir;
        options.main_out_path = &main_split;
        options.link_name = &loader_name;
        options.main_module = &main_js_name;
        options
    })
    .map_err(|e| format!("wasm split of {APP}.wasm: {e:#}"))?;
    if split.split_modules.is_empty() {
        return Err(
            "the wasm split found no split point: was the app built with \
                    `--cfg meshboard_split -C link-arg=--emit-relocs`?"
                .into(),
        );
    }
    let bindgen_dir = work.join("bindgen");
    run(Command::new("wasm-bindgen")
        .args(["--target=web", "--no-typescript", "--keep-lld-exports"])
        .arg(format!("--out-name={APP}-{PLACEHOLDER}"))
        .arg("--out-dir")
        .arg(&bindgen_dir)
        .arg(&main_split))?;
    let main_wasm_path = bindgen_dir.join(format!("{APP}-{PLACEHOLDER}_bg.wasm"));
    if let Some(named_dir) = std::env::var_os(NAMED_COPIES).filter(|d| !d.is_empty()) {
        named_copies(Path::new(&named_dir), &main_wasm_path, &split.split_modules)?;
    }
    wasm_opt(&main_wasm_path)?;
    for chunk in &split.split_modules {
        wasm_opt(chunk)?;
    }
    let files = SplitFiles::read(&bindgen_dir, &chunk_dir, &split.split_modules)?;
    files.write_into(dist)
}

/// Where to also write the main module and the chunks optimised with their names kept
/// (`wasm-opt -Oz -g`), for `bench/wasm_top.mjs` to say where their bytes go (BENCHMARKS.md).
const NAMED_COPIES: &str = "MESHBOARD_WASM_NAMES";

fn named_copies(dir: &Path, main_wasm: &Path, chunks: &[PathBuf]) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for module in std::iter::once(main_wasm).chain(chunks.iter().map(PathBuf::as_path)) {
        let name = module.file_name().ok_or("a module without a file name")?;
        run(Command::new("wasm-opt")
            .env("PATH", path_with_node_bin())
            .args(["-Oz", "-g"])
            .arg(module)
            .arg("-o")
            .arg(dir.join(name)))?;
    }
    Ok(())
}

/// binaryen's wasm-opt at trunk's `data-wasm-opt="z"`, in place.
fn wasm_opt(path: &Path) -> Result<(), String> {
    run(Command::new("wasm-opt")
        .env("PATH", path_with_node_bin())
        .arg("-Oz")
        .arg(path)
        .arg("-o")
        .arg(path))
}

/// The split's output, still named with the placeholder.
struct SplitFiles {
    main_js: String,
    main_wasm: Vec<u8>,
    loader_js: String,
    /// (file stem as the loader names it, bytes)
    chunks: Vec<(String, Vec<u8>)>,
    snippets: PathBuf,
}

impl SplitFiles {
    fn read(bindgen_dir: &Path, chunk_dir: &Path, chunk_paths: &[PathBuf]) -> Result<Self, String> {
        let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
        let text =
            |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
        let mut chunks = chunk_paths
            .iter()
            .map(|path| {
                let stem = path
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .ok_or_else(|| format!("odd chunk name {}", path.display()))?;
                Ok((stem.to_string(), read(path)?))
            })
            .collect::<Result<Vec<_>, String>>()?;
        chunks.sort();
        Ok(Self {
            main_js: text(&bindgen_dir.join(format!("{APP}-{PLACEHOLDER}.js")))?,
            main_wasm: read(&bindgen_dir.join(format!("{APP}-{PLACEHOLDER}_bg.wasm")))?,
            loader_js: text(&chunk_dir.join(format!("{LOADER_STEM}-{PLACEHOLDER}.js")))?,
            chunks,
            snippets: bindgen_dir.join("snippets"),
        })
    }

    /// One hash of every byte of the split.
    fn build_hash(&self) -> String {
        let mut all = Vec::new();
        all.extend_from_slice(self.main_js.as_bytes());
        all.extend_from_slice(&self.main_wasm);
        all.extend_from_slice(self.loader_js.as_bytes());
        for (stem, bytes) in &self.chunks {
            all.extend_from_slice(stem.as_bytes());
            all.extend_from_slice(bytes);
        }
        format!("{:016x}", super::fnv1a(&all))
    }

    /// Writes the split into `dist` in place of trunk's single module and updates `index.html`.
    fn write_into(self, dist: &Path) -> Result<Vec<String>, String> {
        let hash = self.build_hash();
        let write = |name: &str, bytes: &[u8]| {
            std::fs::write(dist.join(name), bytes).map_err(|e| format!("writing {name}: {e}"))
        };
        let mut loader = self.loader_js.replace(PLACEHOLDER, &hash);
        let mut chunk_files = Vec::new();
        for (stem, bytes) in &self.chunks {
            let file_name = format!("{stem}-{hash}.wasm");
            let fetch = format!("fetch(new URL(\"./{stem}.wasm\", import.meta.url))");
            if !loader.contains(&fetch) {
                return Err(format!(
                    "the split loader does not fetch {stem}.wasm as expected: \
                     did wasm_split_cli_support's output change?"
                ));
            }
            loader = loader.replace(
                &fetch,
                &format!(
                    "fetch(new URL(\"./{file_name}\", import.meta.url), {{ integrity: \"{}\" }})",
                    sri(bytes)
                ),
            );
            write(&file_name, bytes)?;
            chunk_files.push(file_name);
        }
        let main_js = self.main_js.replace(PLACEHOLDER, &hash);
        let main_wasm = replace_bytes(&self.main_wasm, PLACEHOLDER.as_bytes(), hash.as_bytes());
        let (main_js_name, main_wasm_name) =
            (format!("{APP}-{hash}.js"), format!("{APP}-{hash}_bg.wasm"));
        let loader_name = format!("{LOADER_STEM}-{hash}.js");
        write(&main_js_name, main_js.as_bytes())?;
        write(&main_wasm_name, &main_wasm)?;
        write(&loader_name, loader.as_bytes())?;
        if self.snippets.is_dir() {
            copy_dir(&self.snippets, &dist.join("snippets"))?;
        }
        let index_path = dist.join("index.html");
        let html = std::fs::read_to_string(&index_path)
            .map_err(|e| format!("{}: {e}", index_path.display()))?;
        let (trunk_js, trunk_wasm) = trunk_module_names(&html)?;
        let mut html = html
            .replace(&trunk_js, &main_js_name)
            .replace(&trunk_wasm, &main_wasm_name);
        html = set_integrity(&html, &main_js_name, &sri(main_js.as_bytes()))?;
        html = set_integrity(&html, &main_wasm_name, &sri(&main_wasm))?;
        // The main module imports the loader: preloaded with its hash, like trunk's own modules.
        let preload = format!(
            "<link rel=\"modulepreload\" href=\"./{loader_name}\" crossorigin=\"anonymous\" integrity=\"{}\">",
            sri(loader.as_bytes())
        );
        html = html.replacen("</head>", &format!("{preload}</head>"), 1);
        // Stylesheets only a chunk uses come with it (src/ui/lazy/style.rs).
        html = super::chunk_styles::defer(&html, &super::chunk_styles::DEFERRED)?;
        std::fs::write(&index_path, html).map_err(|e| format!("{}: {e}", index_path.display()))?;
        for old in [&trunk_js, &trunk_wasm] {
            std::fs::remove_file(dist.join(old)).map_err(|e| format!("removing {old}: {e}"))?;
        }
        println!(
            "split the wasm: dist/{main_wasm_name} + {} chunks, loader dist/{loader_name}",
            chunk_files.len()
        );
        Ok(chunk_files)
    }
}

/// The names of trunk's wasm-bindgen output in its `index.html` (`meshboard-<hash>.js`, `_bg.wasm`).
fn trunk_module_names(html: &str) -> Result<(String, String), String> {
    let find = |suffix: &str| {
        html.split('"')
            .map(|s| s.trim_start_matches("./"))
            .find(|s| s.starts_with(&format!("{APP}-")) && s.ends_with(suffix))
            .map(str::to_string)
            .ok_or_else(|| {
                format!("index.html names no {APP}-*{suffix}: did trunk's output change?")
            })
    };
    Ok((find(".js")?, find("_bg.wasm")?))
}

/// Replaces the `integrity` of the tag whose `href` is `./{file}`.
fn set_integrity(html: &str, file: &str, integrity: &str) -> Result<String, String> {
    let href = format!("href=\"./{file}\"");
    let start = html
        .find(&href)
        .ok_or_else(|| format!("index.html has no {href}"))?;
    let tag_end = start
        + html[start..]
            .find('>')
            .ok_or("unterminated tag in index.html")?;
    let tag = &html[start..tag_end];
    let attr = tag
        .find("integrity=\"")
        .ok_or_else(|| format!("index.html: no integrity on {href}"))?;
    let value_start = start + attr + "integrity=\"".len();
    let value_end = value_start
        + html[value_start..]
            .find('"')
            .ok_or("unterminated integrity attribute")?;
    Ok(format!(
        "{}{integrity}{}",
        &html[..value_start],
        &html[value_end..]
    ))
}

/// A subresource-integrity value (`sha384-…`).
fn sri(bytes: &[u8]) -> String {
    let digest = sha2::Sha384::digest(bytes);
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

fn replace_bytes(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut i = 0;
    while i < haystack.len() {
        if haystack[i..].starts_with(from) {
            out.extend_from_slice(to);
            i += from.len();
        } else {
            out.push(haystack[i]);
            i += 1;
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    let entries = std::fs::read_dir(from).map_err(|e| format!("{}: {e}", from.display()))?;
    for entry in entries.flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)
                .map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK_PAGE: &str = r#"<head><link rel="modulepreload" href="./meshboard-665cb8351fe74a94.js" crossorigin="anonymous" integrity="sha384-OLD1"><link rel="preload" href="./meshboard-665cb8351fe74a94_bg.wasm" crossorigin="anonymous" integrity="sha384-OLD2" as="fetch" type="application/wasm"></head>"#;

    #[test]
    fn finds_trunks_module_names() {
        let (js, wasm) = trunk_module_names(TRUNK_PAGE).unwrap();
        assert_eq!(js, "meshboard-665cb8351fe74a94.js");
        assert_eq!(wasm, "meshboard-665cb8351fe74a94_bg.wasm");
    }

    #[test]
    fn sets_the_integrity_of_the_named_file_only() {
        let html = set_integrity(
            TRUNK_PAGE,
            "meshboard-665cb8351fe74a94_bg.wasm",
            "sha384-NEW",
        )
        .unwrap();
        assert!(html.contains("integrity=\"sha384-OLD1\""));
        assert!(html.contains("_bg.wasm\" crossorigin=\"anonymous\" integrity=\"sha384-NEW\""));
        assert!(!html.contains("OLD2"));
    }

    #[test]
    fn integrity_is_base64_sha384() {
        // `printf abc | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            sri(b"abc"),
            "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn"
        );
    }

    #[test]
    fn replaces_every_placeholder_in_bytes() {
        let out = replace_bytes(b"a__x__b__x__", b"__x__", b"12345");
        assert_eq!(out, b"a12345b12345");
    }
}
