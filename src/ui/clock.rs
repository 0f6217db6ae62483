//! The browser's clock and time zone: the one place the UI reads the time, so `core` can take
//! it as a parameter (std's clocks panic on wasm32).

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

/// The viewer's offset from UTC in minutes (UTC+2 gives 120), as `core` wants it.
pub fn utc_offset_min() -> i32 {
    -(js_sys::Date::new_0().get_timezone_offset() as i32)
}
