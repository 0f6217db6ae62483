//! The derived-field rules of `config.json`, loaded once through `use_query` for the line
//! details' links; a rule that does not compile (or a file that cannot be read) is a notice.

use std::rc::Rc;

use leptos::prelude::*;

use crate::api::error::CallError;
use crate::api::loki::derived_rules;
use crate::core::load::LoadState;
use crate::core::logs_config::compile_derived_fields;
use crate::core::loki::DerivedFields;
use crate::ui::query::use_query;

pub(super) fn use_derived_fields(notice: RwSignal<Option<String>>) -> RwSignal<DerivedFields> {
    let fields = RwSignal::new(DerivedFields::default());
    // Reading the rules cannot fail as a call: a problem is part of the answer, shown as a
    // notice while the rules that compiled still apply.
    let rules = use_query(
        || Some(()),
        |(), _signal| async {
            Ok::<_, CallError>(Rc::new(compile_derived_fields(derived_rules().await)))
        },
    );
    Effect::new(move |_| {
        if let LoadState::Ready(compiled) = rules.state() {
            let (compiled_fields, problem) = &*compiled;
            fields.set(compiled_fields.clone());
            if problem.is_some() {
                notice.set(problem.clone());
            }
        }
    });
    fields
}
