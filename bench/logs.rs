//! The logs case: synthetic Loki streams (generated here, outside the app) turned into the
//! columnar table and shown by the app's virtualized list, as the logs view does when a
//! `query_range` answer arrives.

use meshboard::core::frame::Labels;
use meshboard::core::loki::{Direction, LogEntry, LogStream, LogTable, NsTime};
use meshboard::ui::logs::mount::{mount_log_list, MountedLogList};
use wasm_bindgen::prelude::*;

const JOBS: [&str; 3] = ["agent-mesh", "fl-coordinator", "fedzk-prover"];
const LEVELS: [&str; 4] = ["info", "info", "warn", "error"];
const EVENTS: [&str; 5] = [
    "gradient pushed",
    "round committed",
    "peer heartbeat missed",
    "proof verified",
    "consensus vote cast",
];

/// `lines` log lines spread over streams of (job, level), one every 100 ms, with logfmt bodies
/// of typical length (about 150 bytes) carrying a trace id.
fn synthetic_streams(lines: usize) -> Vec<LogStream> {
    let mut streams: Vec<LogStream> = JOBS
        .iter()
        .flat_map(|job| {
            LEVELS[1..].iter().map(move |level| LogStream {
                labels: Labels::from([
                    ("job".to_string(), job.to_string()),
                    ("level".to_string(), level.to_string()),
                ]),
                entries: Vec::new(),
            })
        })
        .collect();
    let t0_ms = 1_795_275_045_000i64;
    for i in 0..lines {
        let job = i % JOBS.len();
        let level = LEVELS[(i * 7) % LEVELS.len()];
        let stream =
            job * (LEVELS.len() - 1) + LEVELS[1..].iter().position(|l| *l == level).unwrap_or(0);
        let line = format!(
            "level={level} component={} round={} peer=trainer-{} msg=\"{}\" bytes={} latency_ms={:.1} trace_id={:032x}",
            JOBS[job],
            i / 50,
            i % 17,
            EVENTS[i % EVENTS.len()],
            (i * 7919) % 100_000,
            (i % 997) as f64 * 0.37,
            (i as u128).wrapping_mul(0x9e37_79b9_7f4a_7c15),
        );
        streams[stream].entries.push(LogEntry {
            ts: NsTime::from_millis(t0_ms + i as i64 * 100),
            line,
            structured_metadata: Labels::new(),
            parsed: Labels::new(),
        });
    }
    // Loki sends each stream newest first for a backward query.
    for stream in &mut streams {
        stream.entries.reverse();
    }
    streams
}

/// The lines of one answer, kept ready so that generating them is never timed.
#[wasm_bindgen]
pub struct BenchLogs {
    template: Vec<LogStream>,
    pending: Option<Vec<LogStream>>,
    mounted: Option<MountedLogList>,
}

#[wasm_bindgen]
impl BenchLogs {
    #[wasm_bindgen(constructor)]
    pub fn new(lines: usize) -> BenchLogs {
        BenchLogs {
            template: synthetic_streams(lines),
            pending: None,
            mounted: None,
        }
    }

    /// Copies the answer for the next `render` (untimed).
    pub fn prepare(&mut self) {
        self.pending = Some(self.template.clone());
    }

    /// The timed work: the answer's streams into the table, the list mounted into `parent`
    /// (`height_px` tall). Returns the number of lines the list holds.
    pub fn render(&mut self, parent: web_sys::HtmlElement, height_px: f64) -> usize {
        let streams = self.pending.take().unwrap_or_else(|| self.template.clone());
        let table = LogTable::from_streams(streams, Direction::Backward);
        let lines = table.len();
        self.mounted = Some(mount_log_list(parent, table, height_px));
        lines
    }

    /// Unmounts the list (untimed).
    pub fn unmount(&mut self) {
        self.mounted = None;
    }
}
