//! Page-level accessibility plumbing: the one polite status region a page announces its
//! panels' loading outcome through (`status`), and Escape dismissing hover and focus cards
//! (`dismiss`).

pub mod dismiss;
pub mod status;
