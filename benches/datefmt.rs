//! Compiled SimpleDateFormat parsing vs chrono's `parse_from_str` on the same inputs.
//!
//! cargo bench --bench datefmt -- --warm-up-time 1 --measurement-time 3

use chrono::{DateTime, NaiveDateTime};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use pollctl::datefmt::{DateFormat, Zone};
use std::hint::black_box;

const N: usize = 1000;

/// Varied instants across 2000-2030 so branch prediction does not see one string.
fn instants() -> Vec<DateTime<chrono::Utc>> {
    (0..N as i64)
        .map(|i| {
            let ms = 946_684_800_000 + i * 946_707_779_123 % 946_684_800_000 + i * 7;
            DateTime::from_timestamp_millis(ms).unwrap()
        })
        .collect()
}

fn bench_iso(c: &mut Criterion) {
    let pattern = "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'";
    let format = DateFormat::compile(pattern).unwrap();
    let zone = Zone::parse("GMT").unwrap();
    let inputs: Vec<String> = instants()
        .iter()
        .map(|d| d.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .collect();
    for s in &inputs {
        let ours = format.parse(s, &zone).unwrap();
        let theirs = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%.3fZ")
            .unwrap()
            .and_utc();
        assert_eq!(ours, theirs, "{s}");
    }
    let mut g = c.benchmark_group("iso_millis_Z");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("pollctl", |b| {
        b.iter(|| {
            for s in &inputs {
                black_box(format.parse(black_box(s), &zone).unwrap());
            }
        })
    });
    g.bench_function("chrono", |b| {
        b.iter(|| {
            for s in &inputs {
                black_box(
                    NaiveDateTime::parse_from_str(black_box(s), "%Y-%m-%dT%H:%M:%S%.3fZ")
                        .unwrap()
                        .and_utc(),
                );
            }
        })
    });
    g.finish();
}

fn bench_rfc1123(c: &mut Criterion) {
    let pattern = "EEE, dd MMM yyyy HH:mm:ss Z";
    let format = DateFormat::compile(pattern).unwrap();
    let zone = Zone::parse("GMT").unwrap();
    let offsets = ["+0000", "-0800", "+0530", "+0100"];
    let inputs: Vec<String> = instants()
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let off = offsets[i % offsets.len()];
            let fixed = chrono::FixedOffset::east_opt(match off {
                "-0800" => -8 * 3600,
                "+0530" => 19800,
                "+0100" => 3600,
                _ => 0,
            })
            .unwrap();
            d.with_timezone(&fixed)
                .format("%a, %d %b %Y %H:%M:%S %z")
                .to_string()
        })
        .collect();
    for s in &inputs {
        let ours = format.parse(s, &zone).unwrap();
        let theirs = DateTime::parse_from_str(s, "%a, %d %b %Y %H:%M:%S %z").unwrap();
        assert_eq!(ours, theirs, "{s}");
    }
    let mut g = c.benchmark_group("rfc1123_Z");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("pollctl", |b| {
        b.iter(|| {
            for s in &inputs {
                black_box(format.parse(black_box(s), &zone).unwrap());
            }
        })
    });
    g.bench_function("chrono", |b| {
        b.iter(|| {
            for s in &inputs {
                black_box(
                    DateTime::parse_from_str(black_box(s), "%a, %d %b %Y %H:%M:%S %z").unwrap(),
                );
            }
        })
    });
    g.finish();
}

fn bench_compile_and_format(c: &mut Criterion) {
    let format = DateFormat::compile("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").unwrap();
    let zone = Zone::parse("America/New_York").unwrap();
    let inputs = instants();
    let mut g = c.benchmark_group("format_named_zone");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("pollctl", |b| {
        let mut out = String::with_capacity(64);
        b.iter(|| {
            for d in &inputs {
                out.clear();
                format.format_into(d.timestamp_millis(), &zone, &mut out);
                black_box(&out);
            }
        })
    });
    g.finish();
}

criterion_group!(benches, bench_iso, bench_rfc1123, bench_compile_and_format);
criterion_main!(benches);
