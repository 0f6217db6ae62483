//! What a page's one polite status region says about its panels (WCAG 4.1.3): a summary of
//! how many loaded, had no data or failed ("Operations: 12 panels loaded, 1 failed"), never a
//! message per panel, and nothing when an auto-refresh only brought the same result again.
//!
//! The UI calls [`announcement`] when the panels have been quiet for a moment, with the
//! counts it announced last and the counts now; `Some` is the sentence to put in the region.

use crate::load::DataState;

/// How many panels of a page are in each state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PanelCounts {
    pub loading: usize,
    pub ok: usize,
    pub empty: usize,
    pub failed: usize,
}

impl PanelCounts {
    pub fn from_states(states: impl IntoIterator<Item = DataState>) -> PanelCounts {
        let mut counts = PanelCounts::default();
        for state in states {
            match state {
                DataState::Loading => counts.loading += 1,
                DataState::Ok => counts.ok += 1,
                DataState::Empty => counts.empty += 1,
                DataState::Error => counts.failed += 1,
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.loading + self.settled()
    }

    fn settled(&self) -> usize {
        self.ok + self.empty + self.failed
    }

    /// True when some panel reached a result it did not have at the last announcement.
    /// Panels going back to loading (a refresh) lower counts and are not news; coming back
    /// with the same results restores them and is not news either.
    fn has_news_since(&self, last: &PanelCounts) -> bool {
        self.ok > last.ok || self.empty > last.empty || self.failed > last.failed
    }
}

/// The sentence to announce now, or `None` to stay silent.
///
/// - The first time: what there is ("loading 14 panels" while nothing has answered yet).
/// - Later, while panels are still loading (a refresh, or panels scrolled into view): only
///   when a panel reached a new result (more loaded, empty or failed than last said).
/// - Once nothing is loading: whenever the counts differ from the last announcement (a failure
///   that recovered, a panel that lost its data). A refresh with the same outcome says nothing.
pub fn announcement(page: &str, last: Option<&PanelCounts>, now: &PanelCounts) -> Option<String> {
    if now.total() == 0 {
        return None;
    }
    let news = match last {
        None => true,
        Some(last) if now.loading > 0 => now.has_news_since(last),
        Some(last) => now != last,
    };
    news.then(|| summary(page, now))
}

/// "Operations: 12 panels loaded, 2 with no data, 1 failed, 3 still loading".
pub fn summary(page: &str, counts: &PanelCounts) -> String {
    if counts.settled() == 0 {
        return format!("{page}: loading {}", panels(counts.loading));
    }
    let mut parts = vec![format!("{} loaded", panels(counts.ok))];
    if counts.empty > 0 {
        parts.push(format!("{} with no data", counts.empty));
    }
    if counts.failed > 0 {
        parts.push(format!("{} failed", counts.failed));
    }
    if counts.loading > 0 {
        parts.push(format!("{} still loading", counts.loading));
    }
    format!("{page}: {}", parts.join(", "))
}

fn panels(n: usize) -> String {
    if n == 1 {
        "1 panel".into()
    } else {
        format!("{n} panels")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(loading: usize, ok: usize, empty: usize, failed: usize) -> PanelCounts {
        PanelCounts {
            loading,
            ok,
            empty,
            failed,
        }
    }

    #[test]
    fn counts_each_state() {
        use DataState::*;
        let c = PanelCounts::from_states([Ok, Ok, Error, Empty, Loading, Ok]);
        assert_eq!(c, counts(1, 3, 1, 1));
        assert_eq!(c.total(), 6);
    }

    #[test]
    fn first_announcement_says_what_there_is() {
        assert_eq!(
            announcement("Operations", None, &counts(14, 0, 0, 0)).as_deref(),
            Some("Operations: loading 14 panels")
        );
        assert_eq!(
            announcement("Operations", None, &counts(0, 12, 0, 1)).as_deref(),
            Some("Operations: 12 panels loaded, 1 failed")
        );
    }

    #[test]
    fn a_page_without_panels_says_nothing() {
        assert_eq!(announcement("Empty", None, &counts(0, 0, 0, 0)), None);
    }

    #[test]
    fn loading_finished_is_announced_once() {
        let start = counts(14, 0, 0, 0);
        let done = counts(0, 12, 1, 1);
        assert_eq!(
            announcement("Ops", Some(&start), &done).as_deref(),
            Some("Ops: 12 panels loaded, 1 with no data, 1 failed")
        );
        assert_eq!(announcement("Ops", Some(&done), &done), None);
    }

    #[test]
    fn a_refresh_with_the_same_outcome_is_silent_throughout() {
        let done = counts(0, 12, 0, 1);
        // Every panel reloading, then half of them back, then all back as before.
        assert_eq!(announcement("Ops", Some(&done), &counts(13, 0, 0, 0)), None);
        assert_eq!(announcement("Ops", Some(&done), &counts(6, 6, 0, 1)), None);
        assert_eq!(announcement("Ops", Some(&done), &done), None);
    }

    #[test]
    fn a_refresh_that_breaks_a_panel_is_announced_even_mid_refresh() {
        let done = counts(0, 12, 0, 0);
        assert_eq!(
            announcement("Ops", Some(&done), &counts(5, 6, 0, 1)).as_deref(),
            Some("Ops: 6 panels loaded, 1 failed, 5 still loading")
        );
    }

    #[test]
    fn a_recovered_panel_is_announced_once_settled() {
        let broken = counts(0, 11, 0, 1);
        assert_eq!(
            announcement("Ops", Some(&broken), &counts(0, 12, 0, 0)).as_deref(),
            Some("Ops: 12 panels loaded")
        );
    }

    #[test]
    fn panels_scrolled_into_view_are_news_while_others_wait() {
        let first = counts(8, 6, 0, 0);
        assert_eq!(
            announcement("Ops", Some(&first), &counts(4, 10, 0, 0)).as_deref(),
            Some("Ops: 10 panels loaded, 4 still loading")
        );
        assert_eq!(announcement("Ops", Some(&first), &first), None);
    }

    #[test]
    fn one_panel_is_singular() {
        assert_eq!(summary("Solo", &counts(0, 1, 0, 0)), "Solo: 1 panel loaded");
        assert_eq!(
            summary("Solo", &counts(1, 0, 0, 0)),
            "Solo: loading 1 panel"
        );
    }
}
