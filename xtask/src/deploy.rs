//! `cargo xtask dist`: the deployable folder. The release `dist/` copied with precompressed
//! `.gz` and `.br` siblings (nginx serves them with gzip_static / brotli_static), and
//! `deploy/nginx.conf` rendered for a sub-path, backends and a credentials file. The portal
//! origins allowed to frame Meshboard are also the ones its `config.json` lets drive it.

use crate::shell::{repo_root, step};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Where and what the rendered nginx.conf serves.
pub struct DeploySettings {
    pub base_path: String,
    pub listen: String,
    pub prometheus: String,
    pub loki: String,
    pub jaeger: String,
    pub alertmanager: String,
    /// Space separated: `frame-ancestors` in the CSP and `embed.allowedOrigins` in config.json.
    pub portal_origins: String,
    /// File with `set $meshboard_*_auth "...";` lines (created empty when missing).
    pub secrets: PathBuf,
    pub out: PathBuf,
}

impl DeploySettings {
    pub fn defaults() -> DeploySettings {
        let out = repo_root().join("target/deploy");
        DeploySettings {
            base_path: "/ops/meshboard/".into(),
            listen: "127.0.0.1:8088".into(),
            prometheus: "http://127.0.0.1:9090".into(),
            loki: "http://127.0.0.1:3100".into(),
            jaeger: "http://127.0.0.1:16686".into(),
            alertmanager: "http://127.0.0.1:9093".into(),
            portal_origins: "https://portal.example".into(),
            secrets: out.join("secrets.conf"),
            out,
        }
    }
}

/// `cargo xtask dist`'s flags; each one left out keeps its value from
/// `DeploySettings::defaults()`.
#[derive(clap::Args)]
pub struct DistArgs {
    /// Path Meshboard is served under [default: /ops/meshboard/].
    #[arg(long)]
    base_path: Option<String>,
    /// nginx's `listen` address [default: 127.0.0.1:8088].
    #[arg(long)]
    listen: Option<String>,
    /// Prometheus server root [default: http://127.0.0.1:9090].
    #[arg(long, value_name = "URL")]
    prometheus: Option<String>,
    /// Loki server root [default: http://127.0.0.1:3100].
    #[arg(long, value_name = "URL")]
    loki: Option<String>,
    /// Jaeger query server root [default: http://127.0.0.1:16686].
    #[arg(long, value_name = "URL")]
    jaeger: Option<String>,
    /// Alertmanager server root [default: http://127.0.0.1:9093].
    #[arg(long, value_name = "URL")]
    alertmanager: Option<String>,
    /// Space-separated origins allowed to frame and drive Meshboard
    /// [default: https://portal.example].
    #[arg(long, value_name = "ORIGINS")]
    portal_origins: Option<String>,
    /// File of `set $meshboard_*_auth "...";` lines, created when missing
    /// [default: <out>/secrets.conf].
    #[arg(long, value_name = "FILE")]
    secrets: Option<PathBuf>,
    /// Output folder [default: target/deploy].
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

impl DistArgs {
    pub fn settings(self) -> DeploySettings {
        let defaults = DeploySettings::defaults();
        // The secrets file lives with the output unless named: `--out` alone moves both.
        let secrets = match (&self.secrets, &self.out) {
            (None, Some(out)) => out.join("secrets.conf"),
            _ => defaults.secrets,
        };
        DeploySettings {
            base_path: self
                .base_path
                .map_or(defaults.base_path, |path| normalize_base(&path)),
            listen: self.listen.unwrap_or(defaults.listen),
            prometheus: self.prometheus.unwrap_or(defaults.prometheus),
            loki: self.loki.unwrap_or(defaults.loki),
            jaeger: self.jaeger.unwrap_or(defaults.jaeger),
            alertmanager: self.alertmanager.unwrap_or(defaults.alertmanager),
            portal_origins: self.portal_origins.unwrap_or(defaults.portal_origins),
            secrets: self.secrets.unwrap_or(secrets),
            out: self.out.unwrap_or(defaults.out),
        }
    }
}

/// `ops/meshboard` and `/ops/meshboard` both become `/ops/meshboard/`.
pub fn normalize_base(path: &str) -> String {
    format!("/{}/", path.trim_matches('/')).replace("//", "/")
}

/// Copies `dist` into `<out>/meshboard` with compressed siblings and renders `<out>/nginx.conf`.
pub fn package(dist: &Path, settings: &DeploySettings) -> Result<PathBuf, String> {
    step(&format!(
        "packaging {} for nginx under {}",
        settings.out.display(),
        settings.base_path
    ));
    let site = settings.out.join("meshboard");
    let _ = std::fs::remove_dir_all(&site);
    copy_compressed(dist, &site)?;
    allow_portals_in_config(&site.join("config.json"), &settings.portal_origins)?;
    let prefix = settings.out.join("nginx");
    for dir in ["", "client_body", "proxy", "fastcgi", "uwsgi", "scgi"] {
        std::fs::create_dir_all(prefix.join(dir)).map_err(|e| e.to_string())?;
    }
    if !settings.secrets.exists() {
        std::fs::write(
            &settings.secrets,
            "# set $meshboard_prometheus_auth \"Basic ...\";\n",
        )
        .map_err(|e| e.to_string())?;
    }
    let template = std::fs::read_to_string(repo_root().join("deploy/nginx.conf"))
        .map_err(|e| format!("deploy/nginx.conf: {e}"))?;
    let conf = render(
        &template,
        settings,
        &site,
        &prefix,
        Path::new(BROTLI_MODULE).exists(),
    );
    let conf_path = settings.out.join("nginx.conf");
    std::fs::write(&conf_path, conf).map_err(|e| e.to_string())?;
    println!(
        "deployable folder: {}\nnginx config:      {}",
        site.display(),
        conf_path.display()
    );
    Ok(conf_path)
}

/// Debian's `libnginx-mod-http-brotli-static`: serves the `.br` siblings when installed.
pub const BROTLI_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// Fills the template's `@PLACEHOLDERS@` (pure, so it is tested without nginx).
fn render(
    template: &str,
    settings: &DeploySettings,
    site: &Path,
    prefix: &Path,
    brotli: bool,
) -> String {
    template
        .replace(
            "@BASE_PATH_NO_SLASH@",
            settings.base_path.trim_end_matches('/'),
        )
        .replace("@BASE_PATH@", &settings.base_path)
        .replace("@DIST@", &site.display().to_string())
        .replace("@LISTEN@", &settings.listen)
        .replace("@PROMETHEUS@", &settings.prometheus)
        .replace("@LOKI@", &settings.loki)
        .replace("@JAEGER@", &settings.jaeger)
        .replace("@ALERTMANAGER@", &settings.alertmanager)
        .replace("@PORTAL_ORIGINS@", &settings.portal_origins)
        .replace("@SECRETS@", &settings.secrets.display().to_string())
        .replace("@PREFIX@", &prefix.display().to_string())
        .replace(
            "@LOAD_BROTLI@",
            &if brotli {
                format!("load_module {BROTLI_MODULE};")
            } else {
                "# brotli_static module not installed (libnginx-mod-http-brotli-static)".into()
            },
        )
        .replace(
            "@BROTLI_STATIC@",
            if brotli { "brotli_static on;" } else { "" },
        )
}

/// Sets `embed.allowedOrigins` in the packaged config.json to the portal origins (and rewrites
/// its compressed siblings), so the pages allowed to frame Meshboard can also drive it.
fn allow_portals_in_config(config_path: &Path, portal_origins: &str) -> Result<(), String> {
    let text = std::fs::read_to_string(config_path)
        .map_err(|e| format!("{}: {e}", config_path.display()))?;
    let updated = with_allowed_origins(&text, portal_origins)
        .map_err(|e| format!("{}: {e}", config_path.display()))?;
    write_with_siblings(config_path, updated.as_bytes())
}

fn with_allowed_origins(config_json: &str, portal_origins: &str) -> Result<String, String> {
    let mut config: serde_json::Value =
        serde_json::from_str(config_json).map_err(|e| format!("not JSON: {e}"))?;
    let origins: Vec<&str> = portal_origins.split_whitespace().collect();
    let object = config
        .as_object_mut()
        .ok_or("config.json is not a JSON object")?;
    let embed = object
        .entry("embed")
        .or_insert_with(|| serde_json::json!({}));
    let embed = embed
        .as_object_mut()
        .ok_or("`embed` in config.json is not an object")?;
    embed.insert("allowedOrigins".into(), serde_json::json!(origins));
    let mut text = serde_json::to_string_pretty(&config).map_err(|e| e.to_string())?;
    text.push('\n');
    Ok(text)
}

fn copy_compressed(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| format!("{}: {e}", from.display()))?
        .flatten()
    {
        // Hidden entries are not part of the site (trunk's `.stage` exists during a build).
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_compressed(&path, &target)?;
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        write_with_siblings(&target, &bytes)?;
    }
    Ok(())
}

/// Writes `bytes` to `target`, plus `.gz` and `.br` siblings for the types worth compressing.
fn write_with_siblings(target: &Path, bytes: &[u8]) -> Result<(), String> {
    std::fs::write(target, bytes).map_err(|e| format!("{}: {e}", target.display()))?;
    let compressible = matches!(
        target.extension().and_then(|e| e.to_str()),
        Some("js" | "wasm" | "css" | "html" | "json" | "svg")
    );
    if !compressible {
        return Ok(());
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).map_err(|e| e.to_string())?;
    std::fs::write(
        with_suffix(target, "gz"),
        gz.finish().map_err(|e| e.to_string())?,
    )
    .map_err(|e| e.to_string())?;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params).map_err(|e| e.to_string())?;
    std::fs::write(with_suffix(target, "br"), br).map_err(|e| e.to_string())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portal_origins_become_the_embed_allow_list() {
        let config = r#"{"datasources": {"prometheus": {"url": "prometheus"}}, "embed": {"allowedOrigins": []}}"#;
        let updated: serde_json::Value = serde_json::from_str(
            &with_allowed_origins(config, "https://a.example  https://b.example").unwrap(),
        )
        .unwrap();
        assert_eq!(
            updated["embed"]["allowedOrigins"],
            serde_json::json!(["https://a.example", "https://b.example"])
        );
        assert_eq!(updated["datasources"]["prometheus"]["url"], "prometheus");
        let without_embed = with_allowed_origins("{}", "https://a.example").unwrap();
        assert!(
            without_embed.contains("https://a.example"),
            "{without_embed}"
        );
        assert!(with_allowed_origins("[]", "x").is_err());
    }

    #[test]
    fn the_template_renders_without_placeholders_left() {
        let template = std::fs::read_to_string(repo_root().join("deploy/nginx.conf")).unwrap();
        let settings = DeploySettings::defaults();
        for brotli in [false, true] {
            let conf = render(
                &template,
                &settings,
                Path::new("/srv/mb"),
                Path::new("/tmp/p"),
                brotli,
            );
            let body: String = conf
                .lines()
                .filter(|l| !l.trim_start().starts_with('#'))
                .collect::<Vec<_>>()
                .join("\n");
            // `@meshboard_index` is a named location; placeholders are `@UPPER_CASE@`.
            let placeholder = body.split('@').skip(1).find(|word| {
                !word.is_empty() && word.chars().all(|c| c.is_ascii_uppercase() || c == '_')
            });
            assert_eq!(placeholder, None, "placeholder left in:\n{body}");
            assert!(body.contains("location /ops/meshboard/ {"));
            assert!(body.contains(
                "location /ops/meshboard/alertmanager/ {\n            proxy_pass http://127.0.0.1:9093/;\n            proxy_set_header Authorization $meshboard_alertmanager_auth;"
            ));
            assert!(body.contains("frame-ancestors 'self' https://portal.example"));
            assert_eq!(body.contains("brotli_static on;"), brotli);
        }
    }
}
