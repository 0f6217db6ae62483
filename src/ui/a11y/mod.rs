//! Page-level accessibility plumbing: the one polite status region a page announces its
//! panels' loading outcome through (`status`), Escape dismissing hover and focus cards
//! (`dismiss`), the viewer's series palette preference (`palette`) and the time zone
//! announced times are written in (`zone`).

pub mod dismiss;
pub mod focus_scope;
pub mod palette;
pub mod status;
pub mod zone;
