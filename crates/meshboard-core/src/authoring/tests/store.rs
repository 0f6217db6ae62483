//! Versioned store and drafts: failed writes, full or blocked storage, two tabs, built-ins.
use serde_json::{json, Value};

use super::*;
use crate::authoring::{
    Conflict, ConflictChoice, DashboardStore, Draft, DraftThrottle, MemoryStorage, Resolution,
    SaveError, SaveRequest, StorageError,
};
use crate::dashboard::export_dashboard;

fn dashboard(title: &str) -> Value {
    json!({"uid": "ops", "title": title, "tags": ["mesh"], "panels": []})
}

fn request<'a>(value: &'a Value, based_on: Option<u64>) -> SaveRequest<'a> {
    SaveRequest {
        uid: "ops",
        dashboard: value,
        based_on,
        builtin: false,
        message: "",
    }
}

fn title_of(json: &str) -> String {
    serde_json::from_str::<Value>(json).unwrap()["title"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn saves_number_versions_and_keep_a_short_history() {
    let mut store = DashboardStore::with_keep(MemoryStorage::new(), 3);
    let mut based_on = None;
    for n in 1..=6 {
        let saved = store
            .save(
                &request(&dashboard(&format!("Ops {n}")), based_on),
                n * 1_000,
            )
            .unwrap();
        assert_eq!(saved.version, n);
        based_on = Some(saved.version);
    }
    let current = store.load("ops").unwrap().unwrap();
    assert_eq!(
        (current.version, title_of(&current.json)),
        (6, "Ops 6".to_string())
    );
    let stored: Value = serde_json::from_str(&current.json).unwrap();
    assert_eq!(
        stored["version"], 6,
        "the version is written into the JSON, as Grafana does"
    );
    let versions: Vec<u64> = store
        .versions("ops")
        .unwrap()
        .iter()
        .map(|v| v.version)
        .collect();
    assert_eq!(
        versions,
        vec![6, 5, 4, 3],
        "the current one and three earlier ones, newest first"
    );
    assert_eq!(
        title_of(&store.load_version("ops", 4).unwrap().unwrap().json),
        "Ops 4"
    );
    assert_eq!(store.load_version("ops", 2).unwrap(), None);
    // Versions past the history are gone from storage too.
    let keys = store.storage().keys();
    assert!(!keys.iter().any(|k| k.ends_with("/ops/v2")), "{keys:?}");
    assert_eq!(store.list().unwrap()[0].title, "Ops 6");
}

#[test]
fn a_failed_write_never_replaces_the_last_good_version() {
    let storage = MemoryStorage::new();
    let mut store = DashboardStore::new(storage.clone());
    let v1 = store.save(&request(&dashboard("Good"), None), 1).unwrap();
    let before = storage.keys();
    // The pointer's write fails (storage filled up between the two writes).
    storage.fail_writes_to(Some("/ops/head"));
    let err = store
        .save(&request(&dashboard("Lost?"), Some(v1.version)), 2)
        .unwrap_err();
    assert_eq!(err, SaveError::Storage(StorageError::QuotaExceeded));
    storage.fail_writes_to(None);
    let current = store.load("ops").unwrap().unwrap();
    assert_eq!(
        (current.version, title_of(&current.json)),
        (1, "Good".to_string())
    );
    assert_eq!(
        storage.keys(),
        before,
        "the new version's key was taken back"
    );
    assert_eq!(
        store.list().unwrap()[0].title,
        "Good",
        "the list is as before"
    );
    // The version's own write fails: nothing changes either.
    storage.fail_writes_to(Some("/ops/v2"));
    assert!(store
        .save(&request(&dashboard("Lost?"), Some(1)), 3)
        .is_err());
    storage.fail_writes_to(None);
    assert_eq!(title_of(&store.load("ops").unwrap().unwrap().json), "Good");
    // And the save works once storage does.
    assert_eq!(
        store
            .save(&request(&dashboard("Later"), Some(1)), 4)
            .unwrap()
            .version,
        2
    );
}

#[test]
fn a_full_storage_gives_up_old_versions_before_refusing() {
    let big = |n: u32| json!({"uid": "ops", "title": format!("Ops {n}"), "pad": "x".repeat(1_000)});
    let storage = MemoryStorage::new();
    let mut store = DashboardStore::new(storage.clone());
    for n in 1..=4 {
        store
            .save(&request(&big(n), (n > 1).then(|| u64::from(n) - 1)), 0)
            .unwrap();
    }
    // Room for half a version more.
    storage.set_quota(Some(storage.used_chars() + 500));
    let saved = store.save(&request(&big(5), Some(4)), 0).unwrap();
    assert_eq!(saved.history_dropped, 1, "{saved:?}");
    assert_eq!(title_of(&store.load("ops").unwrap().unwrap().json), "Ops 5");
    let versions: Vec<u64> = store
        .versions("ops")
        .unwrap()
        .iter()
        .map(|v| v.version)
        .collect();
    assert_eq!(versions[0], 5);
    assert_eq!(versions, vec![5, 4, 3, 2], "the oldest went first");
    // With no history left to give up, a save that does not fit is refused plainly and the
    // current version stays.
    storage.set_quota(Some(storage.used_chars() + 10));
    let huge = json!({"uid": "ops", "title": "Huge", "pad": "x".repeat(50_000)});
    let err = store.save(&request(&huge, Some(5)), 0).unwrap_err();
    assert_eq!(err, SaveError::Storage(StorageError::QuotaExceeded));
    assert!(
        err.to_string().contains("storage for this site is full"),
        "{err}"
    );
    assert_eq!(title_of(&store.load("ops").unwrap().unwrap().json), "Ops 5");
}

#[test]
fn blocked_storage_says_so() {
    let mut store = DashboardStore::new(MemoryStorage::blocked());
    let err = store.save(&request(&dashboard("X"), None), 0).unwrap_err();
    assert_eq!(err, SaveError::Storage(StorageError::Blocked));
    assert!(err.to_string().contains("does not allow storage"), "{err}");
    assert_eq!(store.list(), Err(StorageError::Blocked));
}

#[test]
fn a_second_tab_sees_the_version_moved_and_chooses() {
    let storage = MemoryStorage::new();
    let mut tab_a = DashboardStore::new(storage.clone());
    let mut tab_b = DashboardStore::new(storage.clone());
    let v1 = tab_a
        .save(&request(&dashboard("Start"), None), 1)
        .unwrap()
        .version;
    // Both tabs opened version 1; A saves first.
    tab_a
        .save(&request(&dashboard("From A"), Some(v1)), 2)
        .unwrap();
    let ours = dashboard("From B");
    let conflict: Conflict = match tab_b.save(&request(&ours, Some(v1)), 3) {
        Err(SaveError::Conflict(c)) => *c,
        other => panic!("expected a conflict, got {other:?}"),
    };
    assert_eq!(conflict.theirs.version, 2);
    assert_eq!(title_of(&conflict.theirs.json), "From A");
    assert_eq!(conflict.ours["title"], "From B");
    assert_eq!(
        title_of(&tab_b.load("ops").unwrap().unwrap().json),
        "From A",
        "nothing dropped"
    );

    // Reload: theirs, nothing written.
    match tab_b
        .resolve(&conflict, &ConflictChoice::Reload, &[], 4)
        .unwrap()
    {
        Resolution::Reloaded(v) => assert_eq!((v.version, title_of(&v.json)), (2, "From A".into())),
        other => panic!("{other:?}"),
    }
    // Save as a copy: theirs stays current, ours is a new dashboard.
    let copy = match tab_b
        .resolve(
            &conflict,
            &ConflictChoice::SaveAsCopy {
                title: "Ops (B)".into(),
            },
            &[],
            5,
        )
        .unwrap()
    {
        Resolution::Saved(s) => s,
        other => panic!("{other:?}"),
    };
    assert_eq!(copy.uid, "ops-b");
    assert_eq!(
        title_of(&tab_b.load("ops").unwrap().unwrap().json),
        "From A"
    );
    assert_eq!(
        title_of(&tab_b.load("ops-b").unwrap().unwrap().json),
        "Ops (B)"
    );
    // Overwrite: ours becomes version 3, theirs stays in the history.
    let over = match tab_b
        .resolve(&conflict, &ConflictChoice::Overwrite, &[], 6)
        .unwrap()
    {
        Resolution::Saved(s) => s,
        other => panic!("{other:?}"),
    };
    assert_eq!(over.version, 3);
    assert_eq!(
        title_of(&tab_a.load("ops").unwrap().unwrap().json),
        "From B"
    );
    assert_eq!(
        title_of(&tab_a.load_version("ops", 2).unwrap().unwrap().json),
        "From A"
    );
}

#[test]
fn save_as_makes_a_copy_with_a_new_uid_and_title() {
    let mut store = DashboardStore::new(MemoryStorage::new());
    let d = load(GO_RUNTIME);
    let mut value = export_dashboard(&d);
    value["id"] = json!(42);
    let builtin = vec!["go-runtime".to_string()];
    let first = store.save_as(&value, "Go runtime", &builtin, 1).unwrap();
    assert_eq!(first.uid, "go-runtime-copy", "the built-in uid is taken");
    let second = store.save_as(&value, "Go runtime", &builtin, 2).unwrap();
    assert_eq!(second.uid, "go-runtime-copy-2");
    let stored: Value =
        serde_json::from_str(&store.load("go-runtime-copy").unwrap().unwrap().json).unwrap();
    assert_eq!(stored["uid"], "go-runtime-copy");
    assert_eq!(stored["title"], "Go runtime");
    assert_eq!(stored.get("id"), None);
    assert_eq!(stored["version"], 1);
    assert_eq!(stored["panels"].as_array().unwrap().len(), d.panels.len());
    assert_eq!(store.list().unwrap().len(), 2);
}

#[test]
fn a_saved_built_in_dashboard_overrides_the_shipped_one_until_reverted() {
    let mut store = DashboardStore::new(MemoryStorage::new());
    let value = dashboard("Ops, mine");
    let saved = store
        .save(
            &SaveRequest {
                builtin: true,
                ..request(&value, None)
            },
            1,
        )
        .unwrap();
    let entry = &store.list().unwrap()[0];
    assert!(entry.builtin_override);
    assert!(store.load("ops").unwrap().unwrap().builtin_override);
    // Later saves keep the flag.
    store
        .save(&request(&dashboard("Ops, mine 2"), Some(saved.version)), 2)
        .unwrap();
    assert!(store.list().unwrap()[0].builtin_override);
    store
        .write_draft(&Draft {
            uid: "ops".into(),
            base_version: Some(2),
            json: "{}".into(),
            updated_at_ms: 3,
        })
        .unwrap();
    store.remove_local("ops").unwrap();
    assert_eq!(
        store.load("ops").unwrap(),
        None,
        "the shipped file is what loads now"
    );
    assert!(store.list().unwrap().is_empty());
    assert_eq!(store.draft("ops").unwrap(), None);
    assert!(
        store.storage().keys().iter().all(|k| !k.contains("/ops/")),
        "{:?}",
        store.storage().keys()
    );
}

#[test]
fn restoring_an_old_version_saves_it_as_the_newest() {
    let mut store = DashboardStore::new(MemoryStorage::new());
    store.save(&request(&dashboard("One"), None), 1).unwrap();
    store.save(&request(&dashboard("Two"), Some(1)), 2).unwrap();
    let restored = store.restore("ops", 1, Some(2), 3).unwrap();
    assert_eq!(restored.version, 3);
    assert_eq!(title_of(&store.load("ops").unwrap().unwrap().json), "One");
    assert_eq!(
        store.versions("ops").unwrap()[0].message,
        "Restored from version 1"
    );
    assert!(matches!(
        store.restore("ops", 1, Some(2), 4),
        Err(SaveError::Conflict(_))
    ));
}

#[test]
fn a_draft_is_offered_back_until_saved_or_discarded() {
    let mut store = DashboardStore::new(MemoryStorage::new());
    let shipped = serde_json::to_string(&dashboard("Shipped")).unwrap();
    let draft = |title: &str, base| Draft {
        uid: "ops".into(),
        base_version: base,
        json: serde_json::to_string(&dashboard(title)).unwrap(),
        updated_at_ms: 10,
    };
    assert_eq!(store.draft_offer("ops", None, &shipped).unwrap(), None);
    store.write_draft(&draft("Edited", None)).unwrap();
    // Next visit, nothing saved yet: offered against the shipped file.
    let offer = store
        .draft_offer("ops", None, &shipped)
        .unwrap()
        .expect("offered");
    assert_eq!(title_of(&offer.draft.json), "Edited");
    assert!(!offer.stale);
    // Discarded: gone.
    store.clear_draft("ops").unwrap();
    assert_eq!(store.draft_offer("ops", None, &shipped).unwrap(), None);
    // Saving clears it.
    store.write_draft(&draft("Edited", None)).unwrap();
    store
        .save(&request(&dashboard("Edited"), None), 20)
        .unwrap();
    assert_eq!(store.draft("ops").unwrap(), None);
    // A draft based on version 1 after another tab saved version 2: offered, flagged stale.
    store.write_draft(&draft("Mine", Some(1))).unwrap();
    store
        .save(&request(&dashboard("Theirs"), Some(1)), 30)
        .unwrap();
    store.write_draft(&draft("Mine", Some(1))).unwrap();
    let saved = store.load("ops").unwrap();
    let offer = store
        .draft_offer("ops", saved.as_ref(), &shipped)
        .unwrap()
        .expect("offered");
    assert!(offer.stale);
    // A draft equal to what is saved is not offered, and is dropped.
    store.write_draft(&draft("Theirs", Some(2))).unwrap();
    assert_eq!(
        store.draft_offer("ops", saved.as_ref(), &shipped).unwrap(),
        None
    );
    assert_eq!(store.draft("ops").unwrap(), None);
}

#[test]
fn a_draft_that_does_not_fit_says_so_and_drafts_are_throttled() {
    let storage = MemoryStorage::with_quota(100);
    let mut store = DashboardStore::new(storage);
    let big = Draft {
        uid: "ops".into(),
        base_version: None,
        json: "x".repeat(500),
        updated_at_ms: 0,
    };
    assert_eq!(store.write_draft(&big), Err(StorageError::QuotaExceeded));
    let mut throttle = DraftThrottle::new(1_000);
    assert!(throttle.due(0, false));
    assert!(!throttle.due(400, false));
    assert!(throttle.due(400, true), "leaving the page writes at once");
    assert!(!throttle.due(1_399, false));
    assert!(throttle.due(1_400, false));
}

#[test]
fn uids_for_copies() {
    use crate::authoring::unique_uid;
    assert_eq!(unique_uid("Ops board", &[]), "ops-board");
    assert_eq!(
        unique_uid("Ops board", &["ops-board".into()]),
        "ops-board-copy"
    );
    assert_eq!(unique_uid("!!", &[]), "dashboard");
    assert!(unique_uid(&"very long title ".repeat(10), &[]).len() <= 30);
}

#[test]
fn dashboards_imported_before_versioning_move_into_the_store() {
    use crate::authoring::{Storage, LEGACY_IMPORTS_KEY};
    let mut storage = MemoryStorage::new();
    let one = serde_json::to_string(&json!({"uid": "one", "title": "One", "panels": []})).unwrap();
    let legacy = json!([
        {"uid": "one", "title": "One", "tags": [], "json": one},
        {"uid": "bad", "title": "Bad", "json": "{not json"}
    ]);
    storage
        .set(LEGACY_IMPORTS_KEY, &legacy.to_string())
        .unwrap();
    let mut store = DashboardStore::new(storage.clone());
    storage.fail_writes_to(Some("/one/head"));
    assert!(store.migrate_legacy_imports(1).is_err());
    assert!(
        storage.get(LEGACY_IMPORTS_KEY).unwrap().is_some(),
        "kept until moved"
    );
    storage.fail_writes_to(None);
    assert_eq!(store.migrate_legacy_imports(2).unwrap(), 1);
    let loaded = store.load("one").unwrap().unwrap();
    assert_eq!(
        (loaded.version, title_of(&loaded.json)),
        (1, "One".to_string())
    );
    // The unreadable entry keeps the old list; moving again changes nothing.
    assert!(storage.get(LEGACY_IMPORTS_KEY).unwrap().is_some());
    assert_eq!(store.migrate_legacy_imports(3).unwrap(), 0);
    assert_eq!(store.load("one").unwrap().unwrap().version, 1);
    // A list of readable entries is removed once moved.
    let two = json!([{"uid": "two", "title": "Two", "json": "{\"title\": \"Two\"}"}]);
    storage.set(LEGACY_IMPORTS_KEY, &two.to_string()).unwrap();
    assert_eq!(store.migrate_legacy_imports(4).unwrap(), 1);
    assert_eq!(storage.get(LEGACY_IMPORTS_KEY).unwrap(), None);
}
