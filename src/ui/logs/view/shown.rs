//! The lines on screen and how they are shown: the table, its order, deduplication, wrapping,
//! times and the selected row. Every part of the view reads or edits these; edits go through
//! [`ShownLines::edit`] so the list re-renders the rows it has in the DOM.

use leptos::prelude::*;

use crate::core::logs_view::rows::{shown_rows, RowSnapshot};
use crate::core::loki::{DedupResult, DedupStrategy, Direction, LogTable};
use crate::ui::logs::LogsOptions;

#[derive(Clone, Copy)]
pub(super) struct ShownLines {
    pub table: RwSignal<LogTable>,
    /// Bumped on every edit: the list keys its rows by it, so edited rows are drawn again.
    pub generation: RwSignal<u64>,
    pub direction: RwSignal<Direction>,
    pub dedup: RwSignal<DedupStrategy>,
    pub wrap: RwSignal<bool>,
    pub show_time: RwSignal<bool>,
    pub selected: RwSignal<Option<RowSnapshot>>,
    /// The table rows the list shows, after deduplication.
    pub display: Memo<DedupResult>,
}

impl ShownLines {
    pub fn new(options: &LogsOptions) -> ShownLines {
        let table = RwSignal::new(LogTable::new(options.direction));
        let generation = RwSignal::new(0u64);
        let dedup = RwSignal::new(options.dedup);
        let display = Memo::new(move |_| {
            generation.track();
            let strategy = dedup.get();
            table.with(|t| shown_rows(t, strategy))
        });
        ShownLines {
            table,
            generation,
            direction: RwSignal::new(options.direction),
            dedup,
            wrap: RwSignal::new(options.wrap),
            show_time: RwSignal::new(options.show_time),
            selected: RwSignal::new(None),
            display,
        }
    }

    /// Edits the table and tells the list (quietly nothing once the view is gone: the live
    /// tail's socket may still deliver a message).
    pub fn edit<R>(&self, edit: impl FnOnce(&mut LogTable) -> R) -> Option<R> {
        let result = self.table.try_update(edit);
        self.bump();
        result
    }

    /// The list draws its rows again (the table or the way it is shown changed).
    pub fn bump(&self) {
        self.generation.try_update(|g| *g += 1);
    }

    /// Lines loaded (tracked).
    pub fn loaded(&self) -> usize {
        self.table.with(LogTable::len)
    }
}
