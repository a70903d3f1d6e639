//! Micro-benchmarks of the poll hot path (criterion): classify + dedupe-key + event id + JSON
//! Lines for a page of 1000 records, and the event id alone. Whole-process figures (vs curl +
//! jq, forwarding) come from `benches/compare.sh`.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pollctl::instance::{FieldPath, Resource, UrlTemplate};
use pollctl::poll::classify::{EventType, Verdict, Window, classify};
use pollctl::poll::identity::of_record;
use pollctl::poll::runner::Cancel;
use pollctl::poll::sink::{EmitContext, Event, LineFormat, Sink, WriterSink};
use serde_json::{Value, json};

fn page() -> Vec<Value> {
    (0..1000)
        .map(|i| {
            json!({"event_object_id": format!("obj-{i:08}"), "event_date": "2024-01-01T00:00:00.000Z",
                   "event_type": if i % 3 == 0 { "CREATED" } else { "UPDATED" },
                   "path": format!("/Shared/bench/file-{i}.pdf"), "size": i * 7, "user": {"id": i % 50}})
        })
        .collect()
}

fn resource() -> Resource {
    Resource {
        name: "events".into(),
        url: UrlTemplate::parse("/hubs/documents/events").expect("static URL"),
        id_field: FieldPath::new("event_object_id"),
        dates: None,
        filter_by_updated_date: true,
        filter_by_current_date: false,
        created_check_tolerance: Duration::ZERO,
        page_size: Some(1000),
        poll_delay: Duration::ZERO,
        records_path: None,
    }
}

fn bench(c: &mut Criterion) {
    let records = page();
    let res = resource();
    let ctx = EmitContext {
        instance_id: "bench".into(),
        element_key: "egnyte".into(),
        hub_key: "documents".into(),
        object_type: "events".into(),
        poll_date: "2024-01-02T00:00:00Z".into(),
    };
    let sink = WriterSink::new(Box::new(std::io::sink()), LineFormat::Jsonl, "null");
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .expect("runtime");
    let cancel = Cancel::default();
    let window = Window {
        start: None,
        end: i64::MAX,
    };
    let mut g = c.benchmark_group("page");
    g.throughput(Throughput::Elements(records.len() as u64));
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
                        raw: r,
                        raw_text: None,
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
