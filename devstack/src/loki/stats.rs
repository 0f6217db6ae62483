//! The `stats` block of query responses, field for field the Loki 3 schema
//! (`stats_full_schema_zero.json`), filled from what the stand-in actually scanned.

use super::logql::select::ScanStats;
use serde::Serialize;

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    index: Index,
    ingester: Ingester,
    querier: Querier,
    cache: Cache,
    summary: Summary,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Index {
    bloom_filter_time: i64,
    chunk_refs_lookup_time: i64,
    post_filter_chunks: i64,
    total_chunks: i64,
    total_streams: u64,
    used_bloom_filters: bool,
    shards_duration: i64,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Store {
    chunks_download_time: i64,
    congestion_control_latency: i64,
    total_chunks_ref: i64,
    total_chunks_downloaded: i64,
    chunk_refs_fetch_time: i64,
    query_referenced_structured_metadata: bool,
    #[serde(rename = "queryUsedV2Engine")]
    query_used_v2_engine: bool,
    pipeline_wrapper_filtered_lines: i64,
    chunk: Chunk,
    dataobj: DataObj,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Chunk {
    compressed_bytes: u64,
    decompressed_bytes: u64,
    decompressed_lines: u64,
    decompressed_structured_metadata_bytes: u64,
    head_chunk_bytes: u64,
    head_chunk_lines: u64,
    head_chunk_structured_metadata_bytes: u64,
    post_filter_lines: u64,
    total_duplicates: u64,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct DataObj {
    page_batches: i64,
    pages_downloaded: i64,
    pages_downloaded_bytes: i64,
    pages_scanned: i64,
    post_filter_rows: i64,
    post_predicate_rows: i64,
    post_predicate_decompressed_bytes: i64,
    post_predicate_structured_metadata_bytes: i64,
    pre_predicate_decompressed_rows: i64,
    pre_predicate_decompressed_bytes: i64,
    pre_predicate_decompressed_structured_metadata_bytes: i64,
    total_page_download_time: i64,
    total_rows_available: i64,
    wire_bytes_transferred: i64,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Ingester {
    store: Store,
    total_batches: u64,
    total_chunks_matched: u64,
    total_lines_sent: u64,
    total_reached: u64,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Querier {
    querier_exec_time: f64,
    store: Store,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct CacheStats {
    entries_found: i64,
    entries_requested: i64,
    entries_stored: i64,
    bytes_received: i64,
    bytes_sent: i64,
    requests: i64,
    download_time: i64,
    query_length_served: i64,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Cache {
    chunk: CacheStats,
    index: CacheStats,
    stats_result: CacheStats,
    series_result: CacheStats,
    label_result: CacheStats,
    volume_result: CacheStats,
    instant_metric_result: CacheStats,
    result: CacheStats,
    log_result: CacheStats,
    task_result: CacheStats,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Summary {
    bytes_processed_per_second: u64,
    exec_time: f64,
    lines_processed_per_second: u64,
    queue_time: f64,
    shards: u64,
    splits: u64,
    subqueries: u64,
    total_bytes_processed: u64,
    total_entries_returned: u64,
    total_lines_processed: u64,
    total_structured_metadata_bytes_processed: u64,
    total_post_filter_lines: u64,
}

impl Stats {
    /// Stats of one query: the stand-in keeps everything in memory, so all scanned lines count
    /// as ingester head-chunk data read by one querier split.
    pub fn from_scan(scan: &ScanStats, entries_returned: u64, exec_secs: f64) -> Stats {
        let mut s = Stats::default();
        s.index.total_streams = scan.streams;
        s.querier.querier_exec_time = exec_secs;
        let chunk = &mut s.querier.store.chunk;
        chunk.decompressed_lines = scan.lines_scanned;
        chunk.decompressed_bytes = scan.bytes_scanned;
        chunk.decompressed_structured_metadata_bytes = scan.metadata_bytes;
        chunk.post_filter_lines = scan.post_filter_lines;
        s.querier.store.query_referenced_structured_metadata = scan.metadata_bytes > 0;
        let sum = &mut s.summary;
        sum.exec_time = exec_secs;
        sum.splits = 1;
        sum.subqueries = 1;
        sum.total_bytes_processed = scan.bytes_scanned + scan.metadata_bytes;
        sum.total_lines_processed = scan.lines_scanned;
        sum.total_structured_metadata_bytes_processed = scan.metadata_bytes;
        sum.total_post_filter_lines = scan.post_filter_lines;
        sum.total_entries_returned = entries_returned;
        if exec_secs > 0.0 {
            sum.bytes_processed_per_second = (sum.total_bytes_processed as f64 / exec_secs) as u64;
            sum.lines_processed_per_second = (scan.lines_scanned as f64 / exec_secs) as u64;
        }
        s
    }
}
