//! Trace and span ids: OTLP JSON carries them as hex (Jaeger, the spec) or, from older
//! protobuf-JSON encoders, as base64 of the raw bytes. Both become lowercase hex.

/// Normalises an id to lowercase hex. Hex input is kept; base64 of 8 or 16 bytes is decoded.
/// Anything else is returned as is (shown to the user rather than dropped).
pub fn id_to_hex(id: &str) -> String {
    let id = id.trim();
    if !id.is_empty() && id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return id.to_ascii_lowercase();
    }
    match decode_base64(id) {
        Some(bytes) if bytes.len() == 8 || bytes.len() == 16 => {
            bytes.iter().map(|b| format!("{b:02x}")).collect()
        }
        _ => id.to_string(),
    }
}

/// An all-zero or empty id means "none" (OTLP's empty parentSpanId).
pub fn is_empty_id(id: &str) -> bool {
    id.bytes().all(|b| b == b'0')
}

/// Standard base64 (padding optional); `None` on any invalid character.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    let digits = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(digits.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for byte in digits.bytes() {
        let value = match byte {
            b'A'..=b'Z' => byte - b'A',
            b'a'..=b'z' => byte - b'a' + 26,
            b'0'..=b'9' => byte - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        buffer = (buffer << 6) | u32::from(value);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_base64_ids() {
        assert_eq!(
            id_to_hex("5B8EFFF798038103D269B633813FC60C"),
            "5b8efff798038103d269b633813fc60c"
        );
        // base64 of 0x5b8efff798038103d269b633813fc60c
        assert_eq!(
            id_to_hex("W47/95gDgQPSabYzgT/GDA=="),
            "5b8efff798038103d269b633813fc60c"
        );
        assert_eq!(id_to_hex("7HSt0yI3jsE="), "ec74add322378ec1");
        assert_eq!(id_to_hex("not an id!"), "not an id!");
        assert!(is_empty_id("") && is_empty_id("0000000000000000") && !is_empty_id("01"));
        assert_eq!(decode_base64("AAAwOQ=="), Some(vec![0, 0, 48, 57]));
        assert_eq!(decode_base64("*"), None);
    }
}
