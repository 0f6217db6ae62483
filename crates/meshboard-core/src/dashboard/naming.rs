//! Names derived from a dashboard's title: the file name of an export and the uid an import is
//! stored under, both from one slug so the two always agree.

/// Lower-case ASCII letters and digits with single dashes between words (`"Node Exporter
/// Full!"` gives `node-exporter-full`); empty when the title has no letter or digit.
pub fn slugify(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for word in title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(&word.to_ascii_lowercase());
    }
    slug
}

/// The file name an exported dashboard is downloaded as.
pub fn export_file_name(title: &str) -> String {
    let slug = slugify(title);
    format!("{}.json", if slug.is_empty() { "dashboard" } else { &slug })
}

/// The uid an imported dashboard is stored under: its own (trimmed) unless empty, else the
/// slug of its title; `-imported` is appended when a built-in dashboard already has it, so an
/// import never hides a built-in one.
pub fn import_uid(uid: &str, title: &str, builtin: &[String]) -> String {
    let base = match uid.trim() {
        "" => match slugify(title) {
            slug if slug.is_empty() => "imported".to_string(),
            slug => slug,
        },
        own => own.to_string(),
    };
    if builtin.contains(&base) {
        format!("{base}-imported")
    } else {
        base
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_keep_words_and_drop_everything_else() {
        assert_eq!(slugify("Node Exporter Full"), "node-exporter-full");
        assert_eq!(slugify("  FL / Rounds -- (v2)! "), "fl-rounds-v2");
        assert_eq!(slugify("Überblick café"), "berblick-caf");
        assert_eq!(slugify("¿?"), "");
    }

    #[test]
    fn export_file_names() {
        assert_eq!(export_file_name("Operations"), "operations.json");
        assert_eq!(export_file_name("…"), "dashboard.json");
    }

    #[test]
    fn import_uids_never_hide_a_builtin() {
        let builtin = vec!["operations".to_string()];
        assert_eq!(import_uid(" abc ", "Whatever", &builtin), "abc");
        assert_eq!(
            import_uid("", "Operations", &builtin),
            "operations-imported"
        );
        assert_eq!(
            import_uid("operations", "X", &builtin),
            "operations-imported"
        );
        assert_eq!(import_uid("", "My Board", &builtin), "my-board");
        assert_eq!(import_uid("  ", "!!", &builtin), "imported");
    }
}
