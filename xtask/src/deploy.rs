//! `cargo xtask dist`: the deployable folder. The release `dist/` copied with precompressed
//! `.gz` and `.br` siblings (nginx serves them with gzip_static / brotli_static), and
//! `deploy/nginx.conf` rendered for a sub-path, backends and a credentials file.

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
            portal_origins: "https://portal.example".into(),
            secrets: out.join("secrets.conf"),
            out,
        }
    }

    /// Reads `--base-path`, `--listen`, `--prometheus`, `--loki`, `--jaeger`, `--portal-origins`,
    /// `--secrets`, `--out`.
    pub fn from_args(args: &[String]) -> Result<DeploySettings, String> {
        let mut settings = DeploySettings::defaults();
        let mut rest = args.iter();
        while let Some(flag) = rest.next() {
            let value = rest
                .next()
                .ok_or_else(|| format!("{flag} needs a value"))?
                .clone();
            match flag.as_str() {
                "--base-path" => settings.base_path = normalize_base(&value),
                "--listen" => settings.listen = value,
                "--prometheus" => settings.prometheus = value,
                "--loki" => settings.loki = value,
                "--jaeger" => settings.jaeger = value,
                "--portal-origins" => settings.portal_origins = value,
                "--secrets" => settings.secrets = value.into(),
                "--out" => settings.out = value.into(),
                other => return Err(format!("unknown dist option {other}")),
            }
        }
        Ok(settings)
    }
}

fn normalize_base(path: &str) -> String {
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
    let brotli_module = Path::new("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so");
    let template = std::fs::read_to_string(repo_root().join("deploy/nginx.conf"))
        .map_err(|e| format!("deploy/nginx.conf: {e}"))?;
    let conf = template
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
        .replace("@PORTAL_ORIGINS@", &settings.portal_origins)
        .replace("@SECRETS@", &settings.secrets.display().to_string())
        .replace("@PREFIX@", &prefix.display().to_string())
        .replace(
            "@LOAD_BROTLI@",
            if brotli_module.exists() {
                "load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so;"
            } else {
                "# brotli_static module not installed (libnginx-mod-http-brotli-static)"
            },
        )
        .replace(
            "@BROTLI_STATIC@",
            if brotli_module.exists() {
                "brotli_static on;"
            } else {
                ""
            },
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

fn copy_compressed(from: &Path, to: &Path) -> Result<(), String> {
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in std::fs::read_dir(from)
        .map_err(|e| format!("{}: {e}", from.display()))?
        .flatten()
    {
        let path = entry.path();
        let target = to.join(entry.file_name());
        if path.is_dir() {
            copy_compressed(&path, &target)?;
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        std::fs::write(&target, &bytes).map_err(|e| e.to_string())?;
        let compressible = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("js" | "wasm" | "css" | "html" | "json" | "svg")
        );
        if compressible {
            let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            gz.write_all(&bytes).map_err(|e| e.to_string())?;
            std::fs::write(
                with_suffix(&target, "gz"),
                gz.finish().map_err(|e| e.to_string())?,
            )
            .map_err(|e| e.to_string())?;
            let mut br = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut bytes.as_slice(), &mut br, &params)
                .map_err(|e| e.to_string())?;
            std::fs::write(with_suffix(&target, "br"), br).map_err(|e| e.to_string())?;
        }
    }
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(suffix);
    PathBuf::from(name)
}
