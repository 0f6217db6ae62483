//! `config.json`, the runtime configuration fetched next to `index.html`: which datasources
//! exist, where they are (URLs may be relative to the page), and how to talk to them.
//! Validation happens here so a bad file yields one precise message instead of a broken app.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

/// Default per-request timeout when a datasource does not set `timeout_ms`.
pub const DEFAULT_TIMEOUT_MS: u32 = 30_000;

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub prometheus: Option<Datasource>,
    pub loki: Option<Datasource>,
    pub jaeger: Option<Datasource>,
    /// Alertmanager's v2 API (alert groups, silences, status), same-origin under
    /// `alertmanager/` in the shipped file.
    pub alertmanager: Option<Datasource>,
    /// Which Jaeger HTTP API generation the Jaeger datasource speaks.
    pub jaeger_api: JaegerApi,
    /// Loki tenant(s) sent as `X-Scope-OrgID` (`a|b` for several).
    pub loki_tenant: Option<String>,
    /// Origins allowed to drive an embedded Meshboard with postMessage.
    pub embed_allowed_origins: Vec<String>,
}

/// One backend as the browser reaches it.
#[derive(Debug, Clone, PartialEq)]
pub struct Datasource {
    /// Base URL without a trailing slash; relative URLs resolve against the page's base.
    pub url: String,
    /// Extra request headers (e.g. a tenant header a proxy expects).
    pub headers: BTreeMap<String, String>,
    pub timeout_ms: u32,
}

/// The header a multi-tenant Loki reads the tenant (org id) from.
pub const LOKI_TENANT_HEADER: &str = "X-Scope-OrgID";

impl Config {
    /// The Loki datasource as every request to it must be sent: with `X-Scope-OrgID` when
    /// `config.json` names a tenant. Queries, the tail and the health check all use this, so
    /// none of them can forget the tenant (a multi-tenant Loki answers `401 no org id`).
    pub fn loki_with_tenant(&self) -> Option<Datasource> {
        let mut loki = self.loki.clone()?;
        if let Some(tenant) = &self.loki_tenant {
            loki.headers
                .insert(LOKI_TENANT_HEADER.to_string(), tenant.clone());
        }
        Some(loki)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum JaegerApi {
    #[default]
    V1,
    V3,
}

impl JaegerApi {
    pub fn as_str(self) -> &'static str {
        match self {
            JaegerApi::V1 => "v1",
            JaegerApi::V3 => "v3",
        }
    }
}

/// What is wrong with `config.json`; `Display` is the text of the error screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// The file is not valid JSON (or not the expected shape): serde's message with line/column.
    Syntax(String),
    /// A field holds a value that cannot work.
    Invalid { field: String, problem: String },
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Syntax(message) => write!(f, "config.json is not valid: {message}"),
            ConfigError::Invalid { field, problem } => {
                write!(f, "config.json: `{field}` {problem}")
            }
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    datasources: RawDatasources,
    #[serde(default)]
    embed: Option<RawEmbed>,
    /// Free-form settings of later features (derived fields and the like) are allowed.
    #[serde(default, rename = "logs")]
    _logs: Option<serde_json::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatasources {
    prometheus: Option<RawDatasource>,
    loki: Option<RawDatasource>,
    jaeger: Option<RawDatasource>,
    alertmanager: Option<RawDatasource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDatasource {
    url: String,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    timeout_ms: Option<u32>,
    /// Loki only.
    #[serde(default)]
    tenant: Option<String>,
    /// Jaeger only.
    #[serde(default)]
    api: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RawEmbed {
    #[serde(default)]
    allowed_origins: Vec<String>,
}

impl Config {
    /// Parses and validates the text of `config.json`.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        if text.trim().is_empty() {
            return Err(ConfigError::Syntax("the file is empty".into()));
        }
        let raw: RawConfig =
            serde_json::from_str(text).map_err(|e| ConfigError::Syntax(e.to_string()))?;
        let ds = raw.datasources;
        if ds.prometheus.is_none()
            && ds.loki.is_none()
            && ds.jaeger.is_none()
            && ds.alertmanager.is_none()
        {
            return Err(invalid(
                "datasources",
                "names no datasource: add prometheus, loki, jaeger or alertmanager",
            ));
        }
        let loki_tenant = ds
            .loki
            .as_ref()
            .and_then(|l| l.tenant.clone())
            .filter(|t| !t.is_empty());
        let jaeger_api = match ds.jaeger.as_ref().and_then(|j| j.api.as_deref()) {
            None | Some("v1") => JaegerApi::V1,
            Some("v3") => JaegerApi::V3,
            Some(other) => {
                return Err(invalid(
                    "datasources.jaeger.api",
                    &format!("is \"{other}\": use \"v1\" or \"v3\""),
                ))
            }
        };
        for (name, source) in [
            ("prometheus", &ds.prometheus),
            ("jaeger", &ds.jaeger),
            ("alertmanager", &ds.alertmanager),
        ] {
            if source.as_ref().is_some_and(|s| s.tenant.is_some()) {
                return Err(invalid(
                    &format!("datasources.{name}.tenant"),
                    "only applies to loki",
                ));
            }
        }
        if ds.prometheus.as_ref().is_some_and(|s| s.api.is_some())
            || ds.loki.as_ref().is_some_and(|s| s.api.is_some())
            || ds.alertmanager.as_ref().is_some_and(|s| s.api.is_some())
        {
            return Err(invalid("datasources.*.api", "only applies to jaeger"));
        }
        let embed_allowed_origins = raw.embed.map(|e| e.allowed_origins).unwrap_or_default();
        for origin in &embed_allowed_origins {
            if !(origin.starts_with("https://") || origin.starts_with("http://"))
                || origin.ends_with('/')
            {
                return Err(invalid(
                    "embed.allowedOrigins",
                    &format!("has \"{origin}\": write origins as scheme://host[:port]"),
                ));
            }
        }
        Ok(Config {
            prometheus: ds
                .prometheus
                .map(|s| validate_source("prometheus", s))
                .transpose()?,
            loki: ds.loki.map(|s| validate_source("loki", s)).transpose()?,
            jaeger: ds
                .jaeger
                .map(|s| validate_source("jaeger", s))
                .transpose()?,
            alertmanager: ds
                .alertmanager
                .map(|s| validate_source("alertmanager", s))
                .transpose()?,
            jaeger_api,
            loki_tenant,
            embed_allowed_origins,
        })
    }
}

fn invalid(field: &str, problem: &str) -> ConfigError {
    ConfigError::Invalid {
        field: field.to_string(),
        problem: problem.to_string(),
    }
}

fn validate_source(name: &str, raw: RawDatasource) -> Result<Datasource, ConfigError> {
    let field = format!("datasources.{name}.url");
    let url = raw.url.trim();
    if url.is_empty() {
        return Err(invalid(&field, "is empty"));
    }
    // Credentials in a URL end up in logs, history and Referer headers: a proxy must add them.
    let authority = url
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(""));
    if authority.is_some_and(|a| a.contains('@')) {
        return Err(invalid(
            &field,
            "contains credentials: let the reverse proxy add them (see deploy/README.md)",
        ));
    }
    if url.contains(char::is_whitespace) {
        return Err(invalid(&field, "contains white space"));
    }
    if let Some((scheme, _)) = url.split_once("://") {
        if scheme != "http" && scheme != "https" {
            return Err(invalid(
                &field,
                &format!("uses \"{scheme}\": only http and https are supported"),
            ));
        }
    }
    if raw.timeout_ms == Some(0) {
        return Err(invalid(
            &format!("datasources.{name}.timeout_ms"),
            "must be above 0",
        ));
    }
    Ok(Datasource {
        url: url.trim_end_matches('/').to_string(),
        headers: raw.headers,
        timeout_ms: raw.timeout_ms.unwrap_or(DEFAULT_TIMEOUT_MS),
    })
}

/// Resolves a datasource URL against the page's base URL (`document.baseURI`): absolute URLs
/// stay, `/x` is origin-relative, anything else is relative to the base directory.
pub fn resolve_url(base_uri: &str, url: &str) -> String {
    if url.contains("://") {
        return url.to_string();
    }
    let (origin, dir) = origin_and_directory(base_uri);
    if url.starts_with('/') {
        return format!("{origin}{url}");
    }
    format!("{origin}{dir}{}", url.trim_start_matches("./"))
}

/// The path the app is served under, without its trailing slash ("" at the root): the
/// directory of the base URL, as the browser resolves relative URLs. A `<base href>` names it
/// exactly; without one (a test runner page at `/wasm-bindgen-test`, a server that did not
/// rewrite the base) the document URL's file name, query and fragment are not part of it.
pub fn app_base_path(base_uri: &str) -> String {
    let (_, dir) = origin_and_directory(base_uri);
    dir.trim_end_matches('/').to_string()
}

/// The in-app path of a page path: `pathname` without the app's base path (from
/// [`app_base_path`]), `/` when nothing is left. The router prepends its base when navigating,
/// so the paths given to it must not carry it.
pub fn path_within_base(pathname: &str, base_path: &str) -> String {
    let path = pathname.strip_prefix(base_path).unwrap_or(pathname);
    if path.is_empty() {
        "/".to_string()
    } else {
        path.to_string()
    }
}

/// Splits a base URL into its origin (`scheme://host:port`, empty for a bare path) and the
/// directory of its path (always ending in `/`).
fn origin_and_directory(base_uri: &str) -> (String, &str) {
    let (origin, path) = match base_uri.split_once("://") {
        Some((scheme, rest)) => {
            let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
            (
                format!("{scheme}://{}", &rest[..host_end]),
                &rest[host_end..],
            )
        }
        None => (String::new(), base_uri),
    };
    let path = path.split(['?', '#']).next().unwrap_or("");
    let dir = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    (origin, if dir.is_empty() { "/" } else { dir })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alertmanager_is_a_datasource_of_its_own() {
        let config = Config::parse(
            r#"{"datasources": {"alertmanager": {"url": "alertmanager/", "timeout_ms": 4000}}}"#,
        )
        .unwrap();
        let am = config.alertmanager.as_ref().unwrap();
        assert_eq!(am.timeout_ms, 4000);
        assert!(config.prometheus.is_none());
        let tenant =
            Config::parse(r#"{"datasources": {"alertmanager": {"url": "am", "tenant": "x"}}}"#);
        assert_eq!(
            tenant.unwrap_err().to_string(),
            Config::parse(r#"{"datasources": {"jaeger": {"url": "j", "tenant": "x"}}}"#)
                .unwrap_err()
                .to_string()
                .replace("jaeger", "alertmanager")
        );
    }

    #[test]
    fn loki_requests_carry_the_tenant() {
        let with = Config::parse(r#"{"datasources": {"loki": {"url": "loki", "tenant": "team-a", "headers": {"X-A": "1"}}}}"#).unwrap();
        let loki = with.loki_with_tenant().unwrap();
        assert_eq!(
            loki.headers.get(LOKI_TENANT_HEADER).map(String::as_str),
            Some("team-a")
        );
        assert_eq!(loki.headers.get("X-A").map(String::as_str), Some("1"));
        let without = Config::parse(r#"{"datasources": {"loki": {"url": "loki"}}}"#).unwrap();
        assert!(!without
            .loki_with_tenant()
            .unwrap()
            .headers
            .contains_key(LOKI_TENANT_HEADER));
        let none = Config::parse(r#"{"datasources": {"prometheus": {"url": "p"}}}"#).unwrap();
        assert!(none.loki_with_tenant().is_none());
    }

    #[test]
    fn path_within_base_strips_the_sub_path() {
        assert_eq!(
            path_within_base("/ops/meshboard/d/abc", "/ops/meshboard"),
            "/d/abc"
        );
        assert_eq!(path_within_base("/ops/meshboard", "/ops/meshboard"), "/");
        assert_eq!(path_within_base("/d/abc", ""), "/d/abc");
        // A path outside the base is left as it is rather than cut mid-segment.
        assert_eq!(
            path_within_base("/other/d/abc", "/ops/meshboard"),
            "/other/d/abc"
        );
    }

    #[test]
    fn app_base_path_is_the_directory_of_the_base_url() {
        assert_eq!(app_base_path("http://h:8080/"), "");
        assert_eq!(app_base_path("http://h:8080"), "");
        assert_eq!(app_base_path("http://h/ops/meshboard/"), "/ops/meshboard");
        // No <base>: the document URL, whose file name, query and fragment are not the root.
        assert_eq!(app_base_path("http://127.0.0.1:4000/wasm-bindgen-test"), "");
        assert_eq!(app_base_path("http://h/?from=now-1h&to=now"), "");
        assert_eq!(app_base_path("http://h/ops/index.html#top"), "/ops");
        assert_eq!(app_base_path("http://h?x=/a/b"), "");
    }

    const GOOD: &str = r#"{"datasources": {"prometheus": {"url": "/prometheus"}, "loki": {"url": "/loki", "tenant": null}, "jaeger": {"url": "/jaeger", "api": "v1"}}}"#;

    #[test]
    fn reads_the_documented_example() {
        let config = Config::parse(GOOD).unwrap();
        assert_eq!(config.prometheus.unwrap().url, "/prometheus");
        assert_eq!(config.loki.as_ref().unwrap().timeout_ms, DEFAULT_TIMEOUT_MS);
        assert_eq!(config.loki_tenant, None);
        assert_eq!(config.jaeger_api, JaegerApi::V1);
    }

    #[test]
    fn reads_optional_fields() {
        let config = Config::parse(
            r#"{"datasources": {"loki": {"url": "loki/", "tenant": "a|b", "headers": {"X-Team": "ops"}, "timeout_ms": 5000},
                "jaeger": {"url": "https://jaeger.example/", "api": "v3"}},
               "embed": {"allowedOrigins": ["https://portal.example"]}}"#,
        )
        .unwrap();
        let loki = config.loki.unwrap();
        assert_eq!((loki.url.as_str(), loki.timeout_ms), ("loki", 5000));
        assert_eq!(loki.headers["X-Team"], "ops");
        assert_eq!(config.loki_tenant.as_deref(), Some("a|b"));
        assert_eq!(config.jaeger.unwrap().url, "https://jaeger.example");
        assert_eq!(config.jaeger_api, JaegerApi::V3);
        assert_eq!(config.embed_allowed_origins, ["https://portal.example"]);
    }

    #[test]
    fn bad_files_get_precise_messages() {
        for (text, expected) in [
            ("", "the file is empty"),
            ("{\"datasources\": ", "EOF while parsing"),
            (
                "<html>502 Bad Gateway</html>",
                "expected value at line 1 column 1",
            ),
            ("{}", "missing field `datasources`"),
            (r#"{"datasources": {}}"#, "names no datasource"),
            (
                r#"{"datasources": {"prometheus": {}}}"#,
                "missing field `url`",
            ),
            (
                r#"{"datasources": {"prometheus": {"url": ""}}}"#,
                "`datasources.prometheus.url` is empty",
            ),
            (
                r#"{"datasources": {"prometheus": {"url": "http://admin:pw@prom:9090"}}}"#,
                "contains credentials",
            ),
            (
                r#"{"datasources": {"prometheus": {"url": "ftp://x"}}}"#,
                "only http and https",
            ),
            (
                r#"{"datasources": {"prometheus": {"url": "/p", "timeout_ms": 0}}}"#,
                "must be above 0",
            ),
            (
                r#"{"datasources": {"jaeger": {"url": "/j", "api": "v2"}}}"#,
                "use \"v1\" or \"v3\"",
            ),
            (
                r#"{"datasources": {"prometheus": {"url": "/p", "tenant": "a"}}}"#,
                "only applies to loki",
            ),
            (
                r#"{"datasources": {"promethus": {"url": "/p"}}}"#,
                "unknown field `promethus`",
            ),
            (
                r#"{"datasources": {"loki": {"url": "/l"}}, "embed": {"allowedOrigins": ["portal"]}}"#,
                "scheme://host",
            ),
        ] {
            let message = Config::parse(text).unwrap_err().to_string();
            assert!(message.starts_with("config.json"), "{message}");
            assert!(message.contains(expected), "{text}: {message}");
        }
    }

    #[test]
    fn relative_urls_resolve_against_the_page_base() {
        let base = "http://127.0.0.1:8080/ops/meshboard/";
        assert_eq!(
            resolve_url(base, "config.json"),
            "http://127.0.0.1:8080/ops/meshboard/config.json"
        );
        assert_eq!(
            resolve_url(base, "./prometheus"),
            "http://127.0.0.1:8080/ops/meshboard/prometheus"
        );
        assert_eq!(
            resolve_url(base, "/prometheus"),
            "http://127.0.0.1:8080/prometheus"
        );
        assert_eq!(resolve_url(base, "https://p.example"), "https://p.example");
        assert_eq!(
            resolve_url("http://h/a/index.html?x=1", "c.json"),
            "http://h/a/c.json"
        );
        assert_eq!(resolve_url("http://h", "c.json"), "http://h/c.json");
    }
}
