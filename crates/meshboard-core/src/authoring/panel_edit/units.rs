//! The unit picker's search over the units catalogue. Grafana's picker is a cascader searched
//! by name; here one list answers as you type, best matches first: the id itself, then names
//! that start with the words typed, then any word of the name or category starting with them,
//! then names or ids containing them. Ties keep the catalogue's order (category by category),
//! so an empty search lists the catalogue as Grafana's menu does.

use crate::units::{unit_catalogue, UnitInfo};

/// Catalogue units matching `query` (case-insensitive), best first, at most `limit`.
pub fn search_units(query: &str, limit: usize) -> Vec<UnitInfo> {
    let query = query.trim().to_lowercase();
    let mut ranked: Vec<(u8, usize, UnitInfo)> = unit_catalogue()
        .enumerate()
        .filter_map(|(order, unit)| rank(&query, &unit).map(|r| (r, order, unit)))
        .collect();
    ranked.sort_by_key(|(rank, order, _)| (*rank, *order));
    ranked
        .into_iter()
        .take(limit)
        .map(|(_, _, unit)| unit)
        .collect()
}

/// How well `unit` matches (lower is better), `None` when it does not.
fn rank(query: &str, unit: &UnitInfo) -> Option<u8> {
    if query.is_empty() {
        return Some(0);
    }
    let id = unit.id.to_lowercase();
    let name = unit.name.to_lowercase();
    let category = unit.category.to_lowercase();
    let words = |text: &str| {
        text.split(|c: char| !c.is_alphanumeric())
            .any(|w| w.starts_with(query))
    };
    if id == query || name == query {
        Some(0)
    } else if name.starts_with(query) || id.starts_with(query) {
        Some(1)
    } else if words(&name) {
        Some(2)
    } else if name.contains(query) || id.contains(query) {
        Some(3)
    } else if words(&category) || category.contains(query) {
        Some(4)
    } else {
        None
    }
}
