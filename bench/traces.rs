//! The trace case: a synthetic trace of many spans (generated here, outside the app) opened in
//! the app's canvas timeline, as the trace page does when a trace arrives.

use meshboard::core::trace::{Process, RefType, Span, SpanRef, Tag, TagValue, Trace};
use meshboard::ui::traces::mount::{mount_timeline, MountedTimeline};
use wasm_bindgen::prelude::*;

const SERVICES: [&str; 8] = [
    "fl-coordinator",
    "trainer",
    "aggregator",
    "agent-mesh",
    "consensus",
    "token-ledger",
    "fedzk-prover",
    "fedzk-verifier",
];
const OPERATIONS: [&str; 6] = [
    "fl.round",
    "train.epoch",
    "gradient.push",
    "aggregate",
    "consensus.vote",
    "zk.prove",
];
/// Children per span: a wide, shallow tree (depth about 6 at 50,000 spans), like a round that
/// fans out to trainers and their steps.
const FAN_OUT: usize = 8;

/// One trace of `spans` spans: every span a child of span `(i - 1) / FAN_OUT`, starting inside
/// its parent and shorter than it; every 97th span an error.
fn synthetic_trace(spans: usize) -> Trace {
    let trace_id = "4bf92f3577b34da6a3ce929d0e0e4736".to_string();
    let mut out: Vec<Span> = Vec::with_capacity(spans);
    for i in 0..spans {
        let (start_us, duration_us, references) = if i == 0 {
            (1_795_275_045_000_000i64, 30_000_000i64, Vec::new())
        } else {
            let parent = &out[(i - 1) / FAN_OUT];
            let room = parent.duration_us.max(2);
            let offset = (i as i64 * 7919) % (room / 2).max(1);
            let duration = (room / 3 + (i as i64 * 104_729) % (room / 3).max(1)).max(1);
            let reference = SpanRef {
                ref_type: RefType::ChildOf,
                trace_id: trace_id.clone(),
                span_id: parent.span_id.clone(),
            };
            (parent.start_us + offset, duration, vec![reference])
        };
        let mut tags = vec![Tag::new("round", TagValue::Int(i as i64 / 100))];
        if i % 97 == 96 {
            tags.push(Tag::new("error", TagValue::Bool(true)));
        }
        out.push(Span {
            span_id: format!("{:016x}", i + 1),
            trace_id: trace_id.clone(),
            operation: OPERATIONS[i % OPERATIONS.len()].to_string(),
            references,
            start_us,
            duration_us,
            process: i % SERVICES.len(),
            tags,
            logs: Vec::new(),
            warnings: Vec::new(),
        });
    }
    Trace {
        trace_id,
        spans: out,
        processes: SERVICES
            .iter()
            .map(|s| Process {
                service: s.to_string(),
                tags: Vec::new(),
            })
            .collect(),
        warnings: Vec::new(),
    }
}

/// A trace kept ready so that generating it is never timed.
#[wasm_bindgen]
pub struct BenchTrace {
    template: Trace,
    pending: Option<Trace>,
    mounted: Option<MountedTimeline>,
}

#[wasm_bindgen]
impl BenchTrace {
    #[wasm_bindgen(constructor)]
    pub fn new(spans: usize) -> BenchTrace {
        BenchTrace {
            template: synthetic_trace(spans),
            pending: None,
            mounted: None,
        }
    }

    /// Copies the trace for the next `open` (untimed).
    pub fn prepare(&mut self) {
        self.pending = Some(self.template.clone());
    }

    /// The timed work: the trace model (tree, summary, critical path) and the timeline mounted
    /// into `parent`, `height_px` tall. Returns the number of spans.
    pub fn open(&mut self, parent: web_sys::HtmlElement, height_px: f64) -> usize {
        let trace = self.pending.take().unwrap_or_else(|| self.template.clone());
        let spans = trace.spans.len();
        self.mounted = Some(mount_timeline(parent, trace, height_px));
        spans
    }

    /// Unmounts the timeline (untimed).
    pub fn unmount(&mut self) {
        self.mounted = None;
    }
}
