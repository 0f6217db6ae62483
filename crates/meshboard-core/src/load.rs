//! Where a view's data is in its life: not asked for, loading, ready, or failed.
//!
//! Every view that loads data (panels, explore pages, trace and log views) reports this in its
//! `data-state` attribute (`loading|ok|empty|error`), which tests and monitors read. Keeping the
//! states and that mapping here, in one enum, means no view keeps its state as a string of its
//! own and every view maps "no data" the same way.

/// A load's state. `E` is the error the view shows (the app's call error, or a message).
#[derive(Debug, Clone, PartialEq)]
pub enum LoadState<T, E = String> {
    /// Nothing to load yet (no query typed, no datasource chosen).
    Idle,
    /// A request is on its way.
    Loading,
    /// The data arrived.
    Ready(T),
    /// The request failed; the view shows why.
    Failed(E),
}

impl<T, E> LoadState<T, E> {
    /// The `data-state` attribute: `empty` for nothing to load and for data that `is_empty`.
    pub fn data_state(&self, is_empty: impl FnOnce(&T) -> bool) -> &'static str {
        match self {
            LoadState::Idle => "empty",
            LoadState::Loading => "loading",
            LoadState::Ready(data) if is_empty(data) => "empty",
            LoadState::Ready(_) => "ok",
            LoadState::Failed(_) => "error",
        }
    }

    pub fn ready(&self) -> Option<&T> {
        match self {
            LoadState::Ready(data) => Some(data),
            _ => None,
        }
    }

    pub fn error(&self) -> Option<&E> {
        match self {
            LoadState::Failed(error) => Some(error),
            _ => None,
        }
    }

    pub fn is_loading(&self) -> bool {
        matches!(self, LoadState::Loading)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_state_names_every_state() {
        let empty_vec = |v: &Vec<u8>| v.is_empty();
        assert_eq!(LoadState::<Vec<u8>>::Idle.data_state(empty_vec), "empty");
        assert_eq!(
            LoadState::<Vec<u8>>::Loading.data_state(empty_vec),
            "loading"
        );
        assert_eq!(
            LoadState::<Vec<u8>>::Ready(vec![]).data_state(empty_vec),
            "empty"
        );
        assert_eq!(
            LoadState::<Vec<u8>>::Ready(vec![1]).data_state(empty_vec),
            "ok"
        );
        let failed = LoadState::<Vec<u8>>::Failed("HTTP 502".into());
        assert_eq!(failed.data_state(empty_vec), "error");
        assert_eq!(failed.error().map(String::as_str), Some("HTTP 502"));
        assert!(failed.ready().is_none() && !failed.is_loading());
    }

    #[test]
    fn ready_gives_the_data() {
        let state: LoadState<u32> = LoadState::Ready(7);
        assert_eq!(state.ready(), Some(&7));
        assert!(state.error().is_none());
        assert!(LoadState::<u32>::Loading.is_loading());
    }
}
