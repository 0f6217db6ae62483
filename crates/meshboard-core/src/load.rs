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

/// What a view shows for its load (spinner, data, "No data", the error): the four values of
/// `data-state`, as a type, so a view that decides it in its own way (a panel whose data came
/// with a per-query error, a static text panel) still says it with the same words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataState {
    Loading,
    Ok,
    Empty,
    Error,
}

impl DataState {
    /// The `data-state` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            DataState::Loading => "loading",
            DataState::Ok => "ok",
            DataState::Empty => "empty",
            DataState::Error => "error",
        }
    }
}

impl<T, E> LoadState<T, E> {
    /// The `data-state` attribute: `empty` for nothing to load and for data that `is_empty`.
    pub fn data_state(&self, is_empty: impl FnOnce(&T) -> bool) -> &'static str {
        self.status(is_empty).as_str()
    }

    /// What the view shows: [`LoadState::data_state`] as a [`DataState`].
    pub fn status(&self, is_empty: impl FnOnce(&T) -> bool) -> DataState {
        match self {
            LoadState::Idle => DataState::Empty,
            LoadState::Loading => DataState::Loading,
            LoadState::Ready(data) if is_empty(data) => DataState::Empty,
            LoadState::Ready(_) => DataState::Ok,
            LoadState::Failed(_) => DataState::Error,
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
    fn status_is_the_data_state_as_a_type() {
        let empty_vec = |v: &Vec<u8>| v.is_empty();
        for (state, status) in [
            (LoadState::Idle, DataState::Empty),
            (LoadState::Loading, DataState::Loading),
            (LoadState::Ready(vec![]), DataState::Empty),
            (LoadState::Ready(vec![1]), DataState::Ok),
            (LoadState::Failed("x".to_string()), DataState::Error),
        ] {
            assert_eq!(state.status(empty_vec), status);
            assert_eq!(state.data_state(empty_vec), status.as_str());
        }
    }

    #[test]
    fn ready_gives_the_data() {
        let state: LoadState<u32> = LoadState::Ready(7);
        assert_eq!(state.ready(), Some(&7));
        assert!(state.error().is_none());
        assert!(LoadState::<u32>::Loading.is_loading());
    }
}
