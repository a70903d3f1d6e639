//! Micro-benchmarks of the poll hot path (criterion), no server needed:
//!
//! - `page/parse_classify_emit_1000`: one 1,000-record page from its bytes (keys in the order
//!   a hub writes them, not sorted), as the poller does
//!   it: split record by record as a page streams, each record read from its text (content
//!   digest and the classifier's fields, no whole tree; its text kept), classified with parsed dates,
//!   event ids, JSON Lines with the original `raw` text into one buffer;
//! - `page/classify_and_write_jsonl_1000`: the same from already-decoded records;
//! - `event_id`: one id.
//!
//! Whole-process figures (vs raw curl and curl + jq, forwarding) come from `benches/compare.sh`.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pollctl::datefmt::{DateFormat, Zone};
use pollctl::instance::{DateField, DatesConfig, FieldPath, Resource, UrlTemplate};
use pollctl::poll::cancel::Cancel;
use pollctl::poll::classify::{EventType, Verdict, Window, classify};
use pollctl::poll::fetch::Splitter;
use pollctl::poll::identity::{event_id, of_record};
use pollctl::poll::sink::{EmitContext, Event, LineFormat, Raw, Sink, WriterSink};
use serde_json::{Value, json};

/// Egnyte-like records, as `examples/bench_server` serves them.
fn page() -> Vec<Value> {
    (0..1000)
        .map(|i| {
            json!({"event_object_id": format!("obj-{i:08}"),
                   "event_date": format!("2024-01-01T00:00:{:02}.{:03}Z", i / 1000, i % 1000),
                   "event_type": if i % 3 == 0 { "CREATED" } else { "UPDATED" },
                   "event_object_type": "file",
                   "path": format!("/Shared/bench/folder-{}/file-{i}.pdf", i % 7), "size": i * 7919,
                   "user": {"id": i % 50, "username": "bench"}})
        })
        .collect()
}

fn resource() -> Resource {
    Resource {
        name: "events".into(),
        url: UrlTemplate::parse("/hubs/documents/events").expect("static URL"),
        id_field: FieldPath::new("event_object_id"),
        dates: Some(DatesConfig {
            updated: Some(date_field()),
            created: Some(date_field()),
        }),
        filter_by_updated_date: true,
        filter_by_current_date: false,
        created_check_tolerance: Duration::ZERO,
        page_size: Some(1000),
        poll_delay: Duration::ZERO,
        records_path: None,
    }
}

fn date_field() -> DateField {
    DateField {
        path: FieldPath::new("event_date"),
        format: DateFormat::compile("yyyy-MM-dd'T'HH:mm:ss.SSSX").expect("static pattern"),
        zone: Zone::parse("GMT").expect("static zone"),
    }
}

/// The same records as text, keys in the order the bench server (and a real hub) writes
/// them, not sorted: the canonical text of each record sorts them.
fn page_text() -> Vec<u8> {
    let records: Vec<String> = (0..1000)
        .map(|i| {
            format!(
                r#"{{"event_object_id":"obj-{i:08}","event_date":"2024-01-01T00:00:{:02}.{:03}Z","event_type":"{}","event_object_type":"file","path":"/Shared/bench/folder-{}/file-{i}.pdf","size":{},"user":{{"id":{},"username":"bench"}}}}"#,
                i / 1000,
                i % 1000,
                if i % 3 == 0 { "CREATED" } else { "UPDATED" },
                i % 7,
                i * 7919,
                i % 50
            )
        })
        .collect();
    format!("[{}]", records.join(",")).into_bytes()
}

fn bench(c: &mut Criterion) {
    let records = page();
    let body = page_text();
    assert_eq!(
        serde_json::from_slice::<Vec<Value>>(&body).expect("JSON"),
        records,
        "the text is the same records"
    );
    let res = resource();
    let ctx = EmitContext::new(
        "bench",
        "egnyte",
        "documents",
        "events",
        "2024-01-02T00:00:00Z",
    );
    let sink = WriterSink::new(Box::new(std::io::sink()), LineFormat::Jsonl, "null");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let cancel = Cancel::default();
    let window = Window {
        start: None,
        end: i64::MAX,
    };
    let wanted: std::sync::Arc<[String]> =
        ["event_date", "event_object_id", "event_type", "eventType"]
            .map(String::from)
            .into();
    let mut g = c.benchmark_group("page");
    g.throughput(Throughput::Elements(records.len() as u64));
    g.bench_function("parse_classify_emit_1000", |b| {
        b.iter(|| {
            // As a page streams: split, each record read from its text (digest + the fields
            // the classifier reads, no whole tree).
            let mut split = Splitter::reading(Some(wanted.clone()));
            split.feed(&body).expect("a JSON array");
            split.finish().expect("a whole array");
            let batch = split.take_batch().expect("records");
            let events: Vec<Event<'_>> = (0..batch.len())
                .filter_map(|i| match classify(&res, batch.record(i), window) {
                    Verdict::Event(c) => Some(Event {
                        event_id: event_id(
                            "bench",
                            "events",
                            c.object_id.as_deref(),
                            c.event_type,
                            c.updated.map(|u| u.timestamp_millis()),
                            &batch.digest(i),
                        ),
                        object_id: c.object_id,
                        event_type: c.event_type,
                        date: c.updated,
                        raw: batch.raw_record(i),
                    }),
                    _ => None,
                })
                .collect();
            assert_eq!(events.len(), 1000);
            rt.block_on(sink.deliver(&ctx, &events, &cancel))
                .expect("write to io::sink");
        })
    });
    g.bench_function("classify_and_write_jsonl_1000", |b| {
        b.iter(|| {
            let events: Vec<Event<'_>> = records
                .iter()
                .filter_map(|r| match classify(&res, r, window) {
                    Verdict::Event(c) => Some(Event {
                        event_id: of_record(
                            "bench",
                            "events",
                            c.object_id.as_deref(),
                            c.event_type,
                            None,
                            r,
                        ),
                        object_id: c.object_id,
                        event_type: c.event_type,
                        date: None,
                        raw: Raw::Value(r),
                    }),
                    _ => None,
                })
                .collect();
            rt.block_on(sink.deliver(&ctx, &events, &cancel))
                .expect("write to io::sink");
        })
    });
    g.finish();
    let one = &records[0];
    c.bench_function("event_id", |b| {
        b.iter(|| {
            of_record(
                "bench",
                "events",
                Some("obj-00000001"),
                EventType::Updated,
                Some(1_704_067_200_000),
                one,
            )
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
