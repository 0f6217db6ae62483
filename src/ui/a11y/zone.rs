//! The time zone of announced times and chart summaries: a dashboard provides its `timezone`
//! ([`provide_announce_zone`]); charts ask [`use_announce_offset`] for the UTC offset at the
//! instant they announce. Pages without a dashboard (Explore) speak in the browser's zone.
//! A named zone's offset is read from the browser's `Intl` wall clock (DST included) and
//! turned into minutes by core `chart_a11y::zone`. Time axes take the same zone over their
//! span ([`use_axis_zone`]), so ticks fall on its wall clock across daylight-saving changes.

use crate::core::chart_a11y::zone::{offset_from_wall_clock, AnnounceZone};
use crate::core::time_ticks::ZoneOffsets;
use crate::ui::clock::utc_offset_min;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone)]
struct ProvidedZone(Signal<String>);

/// Makes `timezone` (Grafana's spelling) the zone of the announcements below.
pub fn provide_announce_zone(timezone: impl Into<Signal<String>>) {
    provide_context(ProvidedZone(timezone.into()));
}

/// The browser's offset at `at_ms` (not now: a summer time series announced in winter).
fn browser_offset_at(at_ms: f64) -> i32 {
    if !at_ms.is_finite() {
        return utc_offset_min();
    }
    -(js_sys::Date::new(&JsValue::from_f64(at_ms)).get_timezone_offset() as i32)
}

/// `Intl.DateTimeFormat` reading zone `name` as numbers on a 24 h clock; `None` when the
/// browser does not know the zone (the constructor's RangeError comes back as an `Err`
/// through `Reflect::construct`, where `DateTimeFormat::new` would throw).
fn zone_format(name: &str) -> Option<js_sys::Intl::DateTimeFormat> {
    let options = js_sys::Object::new();
    let set =
        |key: &str, value: &str| js_sys::Reflect::set(&options, &key.into(), &value.into()).ok();
    set("timeZone", name)?;
    set("hourCycle", "h23")?;
    for key in WALL_PARTS {
        set(key, "numeric")?;
    }
    let intl = js_sys::Reflect::get(&js_sys::global(), &"Intl".into()).ok()?;
    let constructor = js_sys::Reflect::get(&intl, &"DateTimeFormat".into())
        .ok()?
        .dyn_into::<js_sys::Function>()
        .ok()?;
    let locales = js_sys::Array::of1(&"en-US".into());
    js_sys::Reflect::construct(&constructor, &js_sys::Array::of2(&locales, &options))
        .ok()
        .map(JsCast::unchecked_into)
}

const WALL_PARTS: [&str; 6] = ["year", "month", "day", "hour", "minute", "second"];

/// The wall clock of IANA zone `name` at `at_ms` as [year, month, day, hour, minute, second].
fn wall_clock(name: &str, at_ms: f64) -> Option<[i64; 6]> {
    wall_clock_in(&zone_format(name)?, at_ms)
}

/// The wall clock `format` (from [`zone_format`]) reads at `at_ms`.
fn wall_clock_in(format: &js_sys::Intl::DateTimeFormat, at_ms: f64) -> Option<[i64; 6]> {
    let parts = format.format_to_parts(&js_sys::Date::new(&JsValue::from_f64(at_ms)));
    let mut wall = [0i64; 6];
    for part in parts.iter() {
        let kind = js_sys::Reflect::get(&part, &"type".into())
            .ok()?
            .as_string()?;
        let value = js_sys::Reflect::get(&part, &"value".into())
            .ok()?
            .as_string()?;
        if let Some(i) = WALL_PARTS.iter().position(|k| *k == kind) {
            wall[i] = value.parse().ok()?;
        }
    }
    Some(wall)
}

/// The UTC offset in minutes of `timezone` at `at_ms`.
pub fn zone_offset_at(timezone: &str, at_ms: f64) -> i32 {
    match AnnounceZone::parse(timezone) {
        AnnounceZone::Browser => browser_offset_at(at_ms),
        AnnounceZone::Utc => 0,
        AnnounceZone::Named(name) => wall_clock(&name, at_ms)
            .map(|wall| offset_from_wall_clock(wall, at_ms as i64))
            .unwrap_or_else(|| browser_offset_at(at_ms)),
    }
}

/// The offset announcements take at an instant: the provided zone's, else the browser's.
/// Call it while building a component; the returned function reads the zone untracked.
pub fn use_announce_offset() -> impl Fn(f64) -> i32 + Clone + Send + Sync + 'static {
    let zone = use_context::<ProvidedZone>().map(|z| z.0);
    move |at_ms: f64| match zone {
        Some(zone) => zone.with_untracked(|z| zone_offset_at(z, at_ms)),
        None => browser_offset_at(at_ms),
    }
}

/// The zone's offsets over a span, for time axes (issue 18: ticks on the dashboard's wall
/// clock, daylight saving included). Reads the zone tracked, so a chart's ticks follow a
/// `timezone` changed in the settings; one `Intl` formatter serves all of a span's probes.
pub fn use_axis_zone() -> impl Fn(f64, f64) -> ZoneOffsets + Clone + Send + Sync + 'static {
    let zone = use_context::<ProvidedZone>().map(|z| z.0);
    move |from_ms: f64, to_ms: f64| {
        let name = zone.map(|z| z.get()).unwrap_or_default();
        let browser = |at: i64| browser_offset_at(at as f64);
        match AnnounceZone::parse(&name) {
            AnnounceZone::Utc => ZoneOffsets::fixed(0),
            AnnounceZone::Browser => ZoneOffsets::sample(from_ms, to_ms, browser),
            AnnounceZone::Named(name) => match zone_format(&name) {
                Some(format) => ZoneOffsets::sample(from_ms, to_ms, |at| {
                    wall_clock_in(&format, at as f64)
                        .map_or_else(|| browser(at), |wall| offset_from_wall_clock(wall, at))
                }),
                None => ZoneOffsets::sample(from_ms, to_ms, browser),
            },
        }
    }
}
