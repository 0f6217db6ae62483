//! Chart engine (being written: see ARCHITECTURE.md).
