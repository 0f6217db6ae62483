//! Building the deployable `dist/`: `trunk build --release` with binaryen 132's wasm-opt, then
//! the wasm split (`split`: the pages the first dashboard does not need become chunks loaded on
//! demand), then moving trunk's inline loader into a hashed file so the page runs under
//! `script-src 'self' 'wasm-unsafe-eval'` (no inline script, no nonce baked into static HTML).

mod chunk_styles;
mod split;

use crate::shell::{repo_root, run, step};
use crate::tools::{ensure_build_tools, path_with_node_bin};
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn dist_dir() -> PathBuf {
    repo_root().join("dist")
}

/// Builds the release `dist/` and makes it CSP-clean; returns its path.
pub fn build_release() -> Result<PathBuf, String> {
    build_release_to(&dist_dir())
}

/// The same release build into another folder (the benchmark measures its own copy, so a
/// concurrent `cargo xtask dist` cannot swap files under it).
pub fn build_release_to(out: &Path) -> Result<PathBuf, String> {
    ensure_build_tools()?;
    step(&format!(
        "building the release app in {} (trunk build --release, wasm-opt -Oz from binaryen 132)",
        out.display()
    ));
    trunk_build(&["--release"], out, Split::Release)
}

/// A quick debug build into its own folder (no wasm-opt), for iterating on end-to-end tests;
/// each process gets its own folder so parallel runs do not overwrite each other.
pub fn build_dev() -> Result<PathBuf, String> {
    ensure_build_tools()?;
    let out = repo_root().join(format!("target/dist-dev-{}", std::process::id()));
    step(&format!("building a debug dist in {}", out.display()));
    trunk_build(&[], &out, Split::No)
}

/// The benchmark page (bench/index.html: the chart engine and parser exposed to JS, next to
/// uPlot) as a release build in `target/bench/site`.
pub fn build_bench_page() -> Result<PathBuf, String> {
    ensure_build_tools()?;
    step("building the benchmark page (bench/index.html, release)");
    trunk_build(
        // The target goes first: `--release` takes an optional value and would swallow it.
        &["bench/index.html", "--release"],
        &repo_root().join("target/bench/site"),
        // The benchmark page mounts views alone: it has no split point.
        Split::No,
    )
}

/// Leptos' own type erasure: every `#[component]` returns an `AnyView`, so the view types stop
/// nesting through the whole app and far fewer generic render functions are instantiated.
/// Measured on the release app: wasm 2,349,272 -> 2,071,418 B, 923 -> 810 KB gzip (BENCHMARKS.md).
/// Only trunk builds set it (every release build of the app goes through here), so the host and
/// `cargo test` builds are unchanged.
const APP_RUSTFLAGS: &str = "--cfg erase_components";
/// The release app's: `meshboard_split` turns the lazy pages (src/ui/lazy) into wasm-split
/// points, and `--emit-relocs` keeps the relocations the splitter needs to cut the module.
/// Plain `trunk serve` / `trunk build` set neither: one module, as before the split.
const SPLIT_RUSTFLAGS: &str =
    "--cfg erase_components --cfg meshboard_split -C link-arg=--emit-relocs";

/// The release build trunk made, for the split to find the relocatable module; debug builds
/// (`--dev`, for quick end-to-end iterations) stay one module, as before the split.
#[derive(Clone, Copy, PartialEq)]
enum Split {
    Release,
    No,
}

fn trunk_build(extra_args: &[&str], out: &Path, split: Split) -> Result<PathBuf, String> {
    let app_rustflags = if split == Split::Release {
        SPLIT_RUSTFLAGS
    } else {
        APP_RUSTFLAGS
    };
    let rustflags = match std::env::var("RUSTFLAGS") {
        Ok(own) if !own.trim().is_empty() => format!("{own} {app_rustflags}"),
        _ => app_rustflags.to_string(),
    };
    run(Command::new("trunk")
        .arg("build")
        .args(extra_args)
        .arg("--dist")
        .arg(out)
        .current_dir(repo_root())
        .env("PATH", path_with_node_bin())
        .env("RUSTFLAGS", rustflags)
        // trunk must use the workspace target dir, whatever the caller's shell says.
        .env_remove("CARGO_TARGET_DIR")
        .env("NO_COLOR", "true"))?;
    if split == Split::Release {
        split::split_dist(out)?;
    }
    externalize_loader(out)?;
    Ok(out.to_path_buf())
}

/// Replaces the inline `<script type="module">…</script>` in `index.html` by a file.
fn externalize_loader(dist: &Path) -> Result<(), String> {
    let index_path = dist.join("index.html");
    let html = std::fs::read_to_string(&index_path)
        .map_err(|e| format!("{}: {e}", index_path.display()))?;
    let (rewritten, loader) = split_inline_module(&html)?;
    let file_name = format!("boot-{:016x}.js", fnv1a(loader.as_bytes()));
    std::fs::write(dist.join(&file_name), loader.trim())
        .map_err(|e| format!("writing {file_name}: {e}"))?;
    let rewritten = rewritten.replace("__BOOT_SCRIPT__", &file_name);
    std::fs::write(&index_path, strip_nonces(&rewritten))
        .map_err(|e| format!("{}: {e}", index_path.display()))?;
    println!("moved trunk's inline loader to dist/{file_name}");
    Ok(())
}

/// Returns the page with the inline module replaced by a `src` placeholder, and the module text.
fn split_inline_module(html: &str) -> Result<(String, String), String> {
    let mut search_from = 0;
    while let Some(offset) = html[search_from..].find("<script") {
        let start = search_from + offset;
        let open_end = start
            + html[start..]
                .find('>')
                .ok_or("unterminated <script> tag in index.html")?
            + 1;
        let open_tag = &html[start..open_end];
        let close = open_end
            + html[open_end..]
                .find("</script>")
                .ok_or("no </script> in index.html")?;
        if open_tag.contains("type=\"module\"") && !open_tag.contains("src=") {
            let loader = html[open_end..close].to_string();
            let replacement = "<script type=\"module\" src=\"__BOOT_SCRIPT__\"></script>";
            let page = format!(
                "{}{}{}",
                &html[..start],
                replacement,
                &html[close + "</script>".len()..]
            );
            return Ok((page, loader));
        }
        search_from = close;
    }
    Err("index.html has no inline module script: did trunk's output format change?".into())
}

/// Drops `nonce="…"` attributes: a nonce fixed at build time protects nothing.
fn strip_nonces(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(" nonce=\"") {
        out.push_str(&rest[..i]);
        let after = &rest[i + " nonce=\"".len()..];
        rest = after.find('"').map_or("", |end| &after[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// A stable content hash for cache-busting file names.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, b| {
        (hash ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moves_the_inline_module_out() {
        let html = r#"<head><link rel="modulepreload" href="./a.js" nonce="abc"><script type="module" nonce="abc">
import init from './a.js';
await init({ module_or_path: './a_bg.wasm' });
</script></head>"#;
        let (page, loader) = split_inline_module(html).unwrap();
        assert!(loader.contains("import init from './a.js'"));
        assert!(page.contains(r#"<script type="module" src="__BOOT_SCRIPT__"></script>"#));
        assert!(!strip_nonces(&page).contains("nonce"));
    }

    #[test]
    fn refuses_a_page_without_loader() {
        assert!(split_inline_module("<script type=\"module\" src=\"x.js\"></script>").is_err());
    }
}
