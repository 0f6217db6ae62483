//! Samples `[<float seconds>, "<value>"]` decoded in place: the value string is borrowed from
//! the body and parsed to f64 without allocating; the pair is pushed onto a series' columns.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, SeqAccess, Visitor};

use crate::frame::Series;

/// Decodes a Prometheus sample value: `"1.5"`, `"1e-3"`, `"NaN"`, `"+Inf"`, `"-Inf"`.
pub fn parse_sample_value(text: &str) -> Option<f64> {
    // Rust's float parser accepts exactly Go's `FormatFloat` output, including "NaN" and
    // "+Inf" (case-insensitively); it allocates nothing.
    text.parse::<f64>().ok()
}

/// Encodes a sample value as Prometheus and Loki write it, the inverse of
/// [`parse_sample_value`]: `NaN`, `+Inf`, `-Inf`, otherwise the shortest decimal that reads back
/// as the same f64, never in exponent form (`1e21` is `1000000000000000000000`), because that is
/// Go's `strconv.FormatFloat(v, 'f', -1, 64)`, which both servers use.
pub fn format_sample_value(v: f64) -> String {
    if v.is_nan() {
        "NaN".into()
    } else if v.is_infinite() {
        if v > 0.0 {
            "+Inf".into()
        } else {
            "-Inf".into()
        }
    } else {
        // Rust's `Display` for f64 is likewise the shortest round-trip digits without exponent.
        format!("{v}")
    }
}

/// Prometheus timestamps are float seconds with millisecond precision: round so that
/// `1700000000.123` becomes exactly `1700000000123`.
pub fn seconds_to_ms(seconds: f64) -> f64 {
    (seconds * 1000.0).round()
}

/// A sample value: a string (the Prometheus form) or, leniently, a bare JSON number.
pub(crate) struct SampleValue;

impl<'de> Visitor<'de> for SampleValue {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sample value string such as \"1.5\", \"NaN\" or \"+Inf\"")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<f64, E> {
        parse_sample_value(text).ok_or_else(|| E::invalid_value(de::Unexpected::Str(text), &self))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
}

impl<'de> DeserializeSeed<'de> for SampleValue {
    type Value = f64;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<f64, D::Error> {
        d.deserialize_any(self)
    }
}

/// One `[time, "value"]` pair, pushed onto the series' columns.
pub(crate) struct PushSample<'s>(pub &'s mut Series);

impl<'de> DeserializeSeed<'de> for PushSample<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PushSample<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a sample [<time in seconds>, \"<value>\"]")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let seconds: f64 = seq
            .next_element()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let value = seq
            .next_element_seed(SampleValue)?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(3, &self));
        }
        self.0.push(seconds_to_ms(seconds), value);
        Ok(())
    }
}

/// A `values` array of samples, appended to the series' columns.
pub(crate) struct PushSamples<'s>(pub &'s mut Series);

impl<'de> DeserializeSeed<'de> for PushSamples<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for PushSamples<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of samples [[<time in seconds>, \"<value>\"], ...]")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq.next_element_seed(PushSample(self.0))?.is_some() {}
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_prometheus_value_strings() {
        assert_eq!(parse_sample_value("1.5"), Some(1.5));
        assert_eq!(parse_sample_value("-2e-3"), Some(-0.002));
        assert!(parse_sample_value("NaN").is_some_and(f64::is_nan));
        assert_eq!(parse_sample_value("+Inf"), Some(f64::INFINITY));
        assert_eq!(parse_sample_value("-Inf"), Some(f64::NEG_INFINITY));
        assert_eq!(
            parse_sample_value("1.7976931348623157e+308"),
            Some(f64::MAX)
        );
        assert_eq!(parse_sample_value("1e999"), Some(f64::INFINITY));
        assert_eq!(parse_sample_value(""), None);
        assert_eq!(parse_sample_value(" 1"), None);
        assert_eq!(parse_sample_value("one"), None);
    }

    #[test]
    fn encodes_values_as_prometheus_writes_them() {
        assert_eq!(format_sample_value(1.0), "1");
        assert_eq!(format_sample_value(0.5), "0.5");
        assert_eq!(format_sample_value(-0.002), "-0.002");
        assert_eq!(format_sample_value(-0.0), "-0");
        assert_eq!(format_sample_value(1e21), "1000000000000000000000");
        assert_eq!(format_sample_value(1e-7), "0.0000001");
        assert_eq!(format_sample_value(f64::NAN), "NaN");
        assert_eq!(format_sample_value(f64::INFINITY), "+Inf");
        assert_eq!(format_sample_value(f64::NEG_INFINITY), "-Inf");
        for v in [
            0.1 + 0.2,
            f64::MAX,
            f64::MIN_POSITIVE,
            1.0 / 3.0,
            -7.25e-300,
        ] {
            assert_eq!(parse_sample_value(&format_sample_value(v)), Some(v));
        }
    }

    #[test]
    fn converts_float_seconds_to_exact_ms() {
        assert_eq!(seconds_to_ms(1700000000.123), 1700000000123.0);
        assert_eq!(seconds_to_ms(1795276935.944), 1795276935944.0);
        assert_eq!(seconds_to_ms(0.0), 0.0);
    }

    #[test]
    fn pushes_samples_in_place() {
        let mut series = Series::default();
        let mut de = serde_json::Deserializer::from_str(r#"[[1.5,"2"],[2,"NaN"],[3,"+Inf"]]"#);
        PushSamples(&mut series).deserialize(&mut de).unwrap();
        assert_eq!(series.times_ms, vec![1500.0, 2000.0, 3000.0]);
        assert_eq!(series.values[0], 2.0);
        assert!(series.values[1].is_nan());
        assert_eq!(series.values[2], f64::INFINITY);
        let mut de = serde_json::Deserializer::from_str(r#"[[1,"2",3]]"#);
        assert!(PushSamples(&mut Series::default())
            .deserialize(&mut de)
            .is_err());
    }
}
