//! Where saved dashboards and drafts live, as a trait: strings by key, and writes that can
//! fail (storage full, or blocked in a private window or sandboxed iframe). The app
//! implements it over `localStorage`; [`MemoryStorage`] is the same contract in memory, with
//! a quota and a blocked switch for the tests (and as the app's fallback when storage is
//! blocked: nothing survives a reload then, and the UI says so).

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// Why storage refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageError {
    /// The browser's quota is used up (`QuotaExceededError`).
    QuotaExceeded,
    /// Storage cannot be used here at all (private mode, a sandboxed iframe, disabled).
    Blocked,
}

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StorageError::QuotaExceeded => write!(
                f,
                "the browser's storage for this site is full; nothing was changed (export the \
                 dashboard to keep it, or remove other saved dashboards)"
            ),
            StorageError::Blocked => write!(
                f,
                "this browser does not allow storage here (private mode or an embedded page); \
                 nothing was saved (export the dashboard to keep it)"
            ),
        }
    }
}

impl std::error::Error for StorageError {}

/// Strings by key, as `localStorage` keeps them.
pub trait Storage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError>;
    /// Either the whole value is written or nothing is.
    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError>;
    fn remove(&mut self, key: &str) -> Result<(), StorageError>;
}

#[derive(Debug, Default)]
struct MemoryState {
    items: BTreeMap<String, String>,
    /// Characters allowed for keys and values together (`None`: no limit).
    quota_chars: Option<usize>,
    blocked: bool,
    /// Writes to keys containing this fail with `QuotaExceeded` (a test's crash point).
    fail_keys_containing: Option<String>,
}

/// In-memory [`Storage`]. Clones share their contents, as two tabs share `localStorage`.
#[derive(Debug, Clone, Default)]
pub struct MemoryStorage {
    state: Rc<RefCell<MemoryState>>,
}

impl MemoryStorage {
    pub fn new() -> MemoryStorage {
        MemoryStorage::default()
    }

    /// A storage that holds at most `chars` characters of keys and values.
    pub fn with_quota(chars: usize) -> MemoryStorage {
        let storage = MemoryStorage::default();
        storage.state.borrow_mut().quota_chars = Some(chars);
        storage
    }

    /// A storage that refuses every access (private mode, sandboxed iframe).
    pub fn blocked() -> MemoryStorage {
        let storage = MemoryStorage::default();
        storage.state.borrow_mut().blocked = true;
        storage
    }

    pub fn set_quota(&self, chars: Option<usize>) {
        self.state.borrow_mut().quota_chars = chars;
    }

    /// Makes writes to keys containing `part` fail as if storage were full.
    pub fn fail_writes_to(&self, part: Option<&str>) {
        self.state.borrow_mut().fail_keys_containing = part.map(str::to_string);
    }

    /// Characters used by keys and values.
    pub fn used_chars(&self) -> usize {
        let state = self.state.borrow();
        state.items.iter().map(|(k, v)| k.len() + v.len()).sum()
    }

    pub fn keys(&self) -> Vec<String> {
        self.state.borrow().items.keys().cloned().collect()
    }
}

impl Storage for MemoryStorage {
    fn get(&self, key: &str) -> Result<Option<String>, StorageError> {
        let state = self.state.borrow();
        if state.blocked {
            return Err(StorageError::Blocked);
        }
        Ok(state.items.get(key).cloned())
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), StorageError> {
        let mut state = self.state.borrow_mut();
        if state.blocked {
            return Err(StorageError::Blocked);
        }
        if state
            .fail_keys_containing
            .as_deref()
            .is_some_and(|part| key.contains(part))
        {
            return Err(StorageError::QuotaExceeded);
        }
        if let Some(quota) = state.quota_chars {
            let others: usize = state
                .items
                .iter()
                .filter(|(k, _)| k.as_str() != key)
                .map(|(k, v)| k.len() + v.len())
                .sum();
            if others + key.len() + value.len() > quota {
                return Err(StorageError::QuotaExceeded);
            }
        }
        state.items.insert(key.to_string(), value.to_string());
        Ok(())
    }

    fn remove(&mut self, key: &str) -> Result<(), StorageError> {
        let mut state = self.state.borrow_mut();
        if state.blocked {
            return Err(StorageError::Blocked);
        }
        state.items.remove(key);
        Ok(())
    }
}
