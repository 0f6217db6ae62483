//! Alertmanager's view of the alerts (API v2): its groups, alert states, silences and the
//! silence a user is writing, all pure. Responses are parsed as Alertmanager 0.25 writes them
//! (`api`), label matchers follow its own parser and wording (`matcher`), the `/alerts`
//! filters and severity counts are `filter`, and silence states, drafts and their preview are
//! `silence`. The `alertlist` panel's options and items are `alertlist`, the firing set an
//! embedding portal hears about is `firing`. Time is always passed in (epoch ms).

pub mod alertlist;
pub mod api;
pub mod filter;
pub mod firing;
pub mod matcher;
pub mod silence;

#[cfg(test)]
mod panel_tests;
#[cfg(test)]
mod tests;

pub use api::{
    parse_alerts, parse_error_body, parse_groups, parse_silence_id, parse_silences, AlertGroup,
    AlertState, AlertStatus, ApiMatcher, GettableAlert, GettableSilence, SilenceState,
};
pub use filter::{filter_groups, generator_explore_path, receivers, severity_counts, GroupFilter};
pub use matcher::{
    all_match, matchers_text, parse_matcher, parse_matcher_parts, parse_matchers, MatchType,
    Matcher, MatcherParts,
};
pub use silence::{
    listed_state, preview, silence_matchers_text, silence_state, DraftError, DraftField,
    PostableSilence, SilenceDraft,
};
