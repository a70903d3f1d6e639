//! Fuzz target bodies: one function per parser of user input, taking arbitrary bytes.
//!
//! The same bodies run under cargo-fuzz (`fuzz/fuzz_targets/*.rs`, long runs) and inside the
//! normal test suite (`tests/fuzz_smoke.rs`: committed seeds, a bounded number of
//! deterministic mutations, and the reproducer of every crash found). Each body panics when
//! an invariant breaks; beyond "does not panic" they check what is really promised.
//!
//! Inputs that carry several strings (a pattern, a zone and a text) separate them with
//! newlines; the last field takes the rest. Bytes that are not UTF-8 are read lossily, so
//! every input exercises the parser.

use std::borrow::Cow;

use chrono::{DateTime, Utc};

use crate::datefmt::{DateFormat, Zone};
use crate::instance::template::UrlTemplate;
use crate::instance::validate::{Severity, validate};
use crate::oauth::flow::{parse_callback_query, parse_pasted};
use crate::oauth::pkce::CsrfState;

/// A target's body.
pub type Target = fn(&[u8]);

/// The targets, by name (the cargo-fuzz target names and the seed folders).
pub const TARGETS: &[(&str, Target)] = &[
    ("instance_validate", instance_validate),
    ("date_pattern", date_pattern),
    ("url_template", url_template),
    ("oauth_callback", oauth_callback),
    ("retry_after", retry_after),
    ("fault_spec", fault_spec),
    ("poll_records", poll_records),
];

/// Run the target called `name`; `false` when there is no such target.
pub fn run(name: &str, data: &[u8]) -> bool {
    match TARGETS.iter().find(|(n, _)| *n == name) {
        Some((_, f)) => {
            f(data);
            true
        }
        None => false,
    }
}

/// Split `data` into `n` newline-separated fields (the last takes the rest, newlines kept).
fn fields(data: &[u8], n: usize) -> Vec<Cow<'_, str>> {
    let mut out = Vec::with_capacity(n);
    let mut rest = data;
    for _ in 1..n {
        match rest.iter().position(|&b| b == b'\n') {
            Some(i) => {
                out.push(String::from_utf8_lossy(&rest[..i]));
                rest = &rest[i + 1..];
            }
            None => {
                out.push(String::from_utf8_lossy(rest));
                rest = &[];
            }
        }
    }
    out.push(String::from_utf8_lossy(rest));
    out
}

/// An instant from the input's bytes (FNV-1a), within chrono's range, or near now.
fn instant_from(data: &[u8], lo_ms: i64, hi_ms: i64) -> DateTime<Utc> {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in data {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    let span = (hi_ms - lo_ms) as u64;
    let ms = lo_ms + (h % span) as i64;
    DateTime::from_timestamp_millis(ms).unwrap_or(DateTime::UNIX_EPOCH)
}

/// Instance validation: never panics; every diagnostic points inside the input (line and
/// column ≥ 1, line within the document); diagnostics are sorted by position; the JSON
/// output (`instance validate --format json`) round-trips; there is no typed instance when
/// there is an error; input strict JSON rejects is never valid; validation is deterministic.
pub fn instance_validate(data: &[u8]) {
    let report = validate(data);
    let lines = data.iter().filter(|&&b| b == b'\n').count() + 1;
    let mut last = (0, 0);
    for d in &report.diagnostics {
        assert!(d.line >= 1, "line {} < 1: {d:?}", d.line);
        assert!(d.column >= 1, "column {} < 1: {d:?}", d.column);
        assert!(
            d.line <= lines,
            "line {} past the end ({lines}): {d:?}",
            d.line
        );
        assert!(
            (d.line, d.column) >= last,
            "diagnostics out of order: {d:?}"
        );
        last = (d.line, d.column);
        assert!(!d.message.trim().is_empty(), "empty message: {d:?}");
        assert!(
            d.pointer.is_empty() || d.pointer.starts_with('/'),
            "not a JSON Pointer: {d:?}"
        );
    }
    if report.instance.is_some() {
        assert!(report.is_valid(), "an instance despite errors");
    }
    // The `--format json` document round-trips: what a CI script parses is what we found.
    let json = serde_json::to_string(&report.diagnostics).expect("diagnostics serialize");
    let back: serde_json::Value = serde_json::from_str(&json).expect("our JSON parses");
    let items = back.as_array().expect("an array");
    assert_eq!(items.len(), report.diagnostics.len());
    for (v, d) in items.iter().zip(&report.diagnostics) {
        let sev = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        assert_eq!(v["severity"], sev);
        assert_eq!(v["pointer"], d.pointer.as_str());
        assert_eq!(v["line"].as_u64(), Some(d.line as u64));
        assert_eq!(v["column"].as_u64(), Some(d.column as u64));
        assert_eq!(v["message"], d.message.as_str());
        assert_eq!(v["hint"].as_str(), d.hint.as_deref());
    }
    // Input strict JSON rejects is never reported valid.
    if serde_json::from_slice::<serde_json::Value>(data).is_err() {
        assert!(!report.is_valid(), "invalid JSON reported valid");
    }
    let again = validate(data);
    assert_eq!(again.diagnostics, report.diagnostics, "not deterministic");
}

/// Date patterns: `pattern\nzone\ntext`. Compile, parse and format never panic; a parse
/// failure's index lies within the text; formatting any instant chrono can represent works;
/// and for patterns that carry every field of an instant (see [`round_trips`]) a formatted
/// instant parses back to itself.
pub fn date_pattern(data: &[u8]) {
    let f = fields(data, 3);
    let (pattern, zone_name, text) = (&f[0], &f[1], &f[2]);
    let zone = Zone::parse(zone_name).unwrap_or(Zone::Utc);
    let Ok(format) = DateFormat::compile(pattern) else {
        return;
    };
    assert_eq!(format.source(), pattern.as_ref());
    match format.parse_detailed(text, &zone) {
        Ok(ms) => {
            if let Some(t) = DateTime::from_timestamp_millis(ms) {
                let _ = format.format(t, &zone);
            }
        }
        Err(failure) => {
            assert!(
                failure.index <= text.chars().count(),
                "failure index {} past the text: {failure:?}",
                failure.index
            );
            assert!(!failure.reason.is_empty());
        }
    }
    let _ = format.parse(text, &zone);
    // Any representable instant formats (years far outside 0..9999 included).
    let wild = instant_from(
        data,
        DateTime::<Utc>::MIN_UTC.timestamp_millis(),
        DateTime::<Utc>::MAX_UTC.timestamp_millis(),
    );
    let _ = format.format(wild, &zone);
    // 1900..2100: format, then parse with the same pattern and zone.
    let t = instant_from(text.as_bytes(), -2_208_988_800_000, 4_102_444_800_000);
    if let Some(precision_ms) = round_trips(pattern, &zone)
        && whole_minute_offset(&zone, t)
    {
        let t = DateTime::from_timestamp_millis(t.timestamp_millis() / precision_ms * precision_ms)
            .unwrap_or(t);
        let s = format.format(t, &zone);
        match format.parse(&s, &zone) {
            Ok(back) => assert_eq!(back, t, "{pattern:?} in {zone:?}: {t} -> {s:?} -> {back}"),
            Err(e) => panic!("{pattern:?} in {zone:?}: {t} formats as {s:?}, which fails: {e}"),
        }
    }
    if format.is_epoch_millis() {
        let s = format.format(t, &zone);
        assert_eq!(format.parse(&s, &zone).ok(), Some(t));
    }
}

/// Offset fields carry minutes, not seconds: the local mean time many zones kept into the
/// 20th century (Asia/Kathmandu +05:41:16 until 1920) cannot round-trip, in Java either.
fn whole_minute_offset(zone: &Zone, t: DateTime<Utc>) -> bool {
    use chrono::{Offset, TimeZone};
    match zone {
        Zone::Named(tz) => {
            tz.offset_from_utc_datetime(&t.naive_utc())
                .fix()
                .local_minus_utc()
                % 60
                == 0
        }
        _ => true,
    }
}

/// Whether `pattern` carries a whole instant unambiguously, so format→parse is the identity;
/// `Some(precision in ms)` then. Conservative: only the field runs below, at least
/// `yyyy`, a month, `dd`, `HH`, `mm`, `ss`; an offset field (`Z`, `XX`, `XXX`) unless the
/// zone has a fixed offset (a named zone repeats an hour when DST ends); literals are
/// punctuation, spaces and quoted text, with no digits or signs (Java reads `-` before a
/// number).
fn round_trips(pattern: &str, zone: &Zone) -> Option<i64> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut seen = std::collections::HashSet::new();
    let mut offset = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphabetic() {
            let mut j = i;
            while j < chars.len() && chars[j] == c {
                j += 1;
            }
            let run: String = chars[i..j].iter().collect();
            match run.as_str() {
                "yyyy" | "MM" | "MMM" | "MMMM" | "dd" | "HH" | "mm" | "ss" | "SSS" | "EEE"
                | "EEEE" => {}
                "Z" | "XX" | "XXX" => offset = true,
                _ => return None,
            }
            if !seen.insert(c) {
                return None;
            }
            i = j;
        } else if matches!(c, ' ' | ':' | '/' | '.' | ',' | '_' | '|' | ';' | '=' | '@') {
            i += 1;
        } else if c == '\'' {
            // A quoted literal without digits, signs or quotes inside (`'T'`, `'Z'`).
            let len = chars[i + 1..].iter().position(|&q| q == '\'')?;
            let body = &chars[i + 1..i + 1 + len];
            if len == 0
                || body
                    .iter()
                    .any(|q| q.is_ascii_digit() || matches!(q, '+' | '-'))
            {
                return None;
            }
            i += len + 2;
        } else {
            return None;
        }
    }
    let whole = ['y', 'M', 'd', 'H', 'm', 's']
        .iter()
        .all(|c| seen.contains(c));
    let fixed = !matches!(zone, Zone::Named(_));
    if !whole || !(offset || fixed) {
        return None;
    }
    Some(if seen.contains(&'S') { 1 } else { 1000 })
}

/// URL templates: `template\nstart-seed\nvalue`. Parse and expand never panic; placeholders
/// are listed once each; an expansion is plain URL text (ASCII; no space, control character,
/// quote, angle bracket, backslash, caret, backtick, pipe or brace), and a valid URL when the template is a path (below the platform's
/// base URL) or starts with a valid base (`https://host/`).
pub fn url_template(data: &[u8]) {
    let f = fields(data, 3);
    let (source, start_seed, value) = (&f[0], &f[1], &f[2]);
    let Ok(template) = UrlTemplate::parse(source) else {
        return;
    };
    assert_eq!(template.source(), source.as_ref());
    let names = template.placeholders();
    let unique: std::collections::HashSet<&str> = names.iter().copied().collect();
    assert_eq!(unique.len(), names.len(), "placeholders repeat: {names:?}");
    let start = instant_from(
        start_seed.as_bytes(),
        DateTime::<Utc>::MIN_UTC.timestamp_millis(),
        DateTime::<Utc>::MAX_UTC.timestamp_millis(),
    );
    let value = value.to_string();
    // Every placeholder gets the fuzzed value; then every one a valid zone (for macros
    // whose zone is a placeholder).
    for lookup_value in [value.as_str(), "America/New_York"] {
        let lookup = |_: &str| Some(lookup_value.to_string());
        let Ok(url) = template.expand(start, &lookup) else {
            continue;
        };
        if let Some(bad) = url.chars().find(|c| {
            !c.is_ascii_graphic()
                || matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '|' | '{' | '}')
        }) {
            panic!("{source:?} expands to {url:?}, which holds {bad:?}");
        }
        // Resource URLs are usually paths below the platform's base URL.
        let absolute = if source.starts_with('/') && !source.starts_with("//") {
            Some(format!("https://api.example.com/elements/api-v2{url}"))
        } else if has_valid_base(source) {
            Some(url.clone())
        } else {
            None
        };
        if let Some(absolute) = absolute
            && let Err(e) = url::Url::parse(&absolute)
        {
            panic!("{source:?} expands to {url:?}, not a URL: {e}");
        }
    }
    let none = |_: &str| None;
    if names.is_empty() {
        assert!(
            template.expand(start, &none).is_ok(),
            "no placeholder yet unexpandable"
        );
    } else {
        assert!(
            template.expand(start, &none).is_err(),
            "missing placeholder accepted"
        );
    }
}

/// `http(s)://` and a host name that makes a valid URL on its own, then `/`, `?` or the end.
fn has_valid_base(source: &str) -> bool {
    let Some((scheme, rest)) = source.split_once("://") else {
        return false;
    };
    if scheme != "http" && scheme != "https" {
        return false;
    }
    let host = &rest[..rest.find(['/', '?']).unwrap_or(rest.len())];
    !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && url::Url::parse(&format!("{scheme}://{host}/")).is_ok()
}

/// OAuth callbacks: `state\ninput`. The input is tried as a redirect query string and as
/// pasted text, with the right state and with a wrong one. A wrong state is never accepted
/// (only a bare pasted code, which carries no state, is accepted either way); an accepted
/// redirect carries exactly the state and code the query says; a pasted bare code never
/// holds white space.
pub fn oauth_callback(data: &[u8]) {
    let f = fields(data, 2);
    let (state_text, input) = (f[0].to_string(), &f[1]);
    let state = CsrfState::from_string(state_text.clone());
    let wrong = CsrfState::from_string(format!("{state_text}x"));

    let right_q = parse_callback_query(input, &state);
    let wrong_q = parse_callback_query(input, &wrong);
    assert!(
        !(right_q.is_ok() && wrong_q.is_ok()),
        "two different states accepted for {input:?}"
    );
    if let Ok(cb) = &right_q {
        check_query_callback(input, &state_text, cb);
    }
    if let Ok(cb) = &wrong_q {
        check_query_callback(input, &format!("{state_text}x"), cb);
    }

    let right_p = parse_pasted(input, &state);
    let wrong_p = parse_pasted(input, &wrong);
    for cb in [&right_p, &wrong_p].into_iter().flatten() {
        use secrecy::ExposeSecret;
        assert!(!cb.code.expose_secret().is_empty(), "empty code accepted");
    }
    if let (Ok(a), Ok(_)) = (&right_p, &wrong_p) {
        use secrecy::ExposeSecret;
        // Only a bare code is state-less.
        let code = a.code.expose_secret();
        assert_eq!(code, input.trim(), "{input:?} accepted with two states");
        assert!(a.extra.is_empty());
        assert!(
            !code.chars().any(char::is_whitespace),
            "pasted code with white space: {code:?}"
        );
    }
}

/// An accepted redirect query: its last `state` is the expected one, its last `code` is the
/// code, and it carries no `error`.
fn check_query_callback(query: &str, expected_state: &str, cb: &crate::oauth::flow::Callback) {
    use secrecy::ExposeSecret;
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .into_owned()
        .collect();
    let last = |k: &str| {
        pairs
            .iter()
            .rev()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(
        last("state"),
        Some(expected_state),
        "state not checked: {query:?}"
    );
    assert_eq!(last("code"), Some(cb.code.expose_secret()));
    assert!(last("error").is_none(), "error ignored: {query:?}");
    assert!(!cb.extra.contains_key("state") && !cb.extra.contains_key("code"));
}

/// `Retry-After` (the poller honours it on 429/503): delta-seconds are taken as written, an
/// HTTP date is the time left until it (0 once past): ten seconds later, a date gives ten
/// seconds less (never below 0) and delta-seconds the same. Server snippets stay bounded and
/// printable.
pub fn retry_after(data: &[u8]) {
    use std::time::{Duration, SystemTime};

    use crate::poll::retry::{parse_retry_after, snippet};
    let value = String::from_utf8_lossy(data);
    // "Now" anywhere HTTP dates can express (1970..9999), from the input.
    let now_ms = instant_from(data, 0, 253_402_300_799_000).timestamp_millis() as u64;
    let now = SystemTime::UNIX_EPOCH + Duration::from_millis(now_ms);
    let later = now + Duration::from_secs(10);
    let a = parse_retry_after(&value, now);
    let b = parse_retry_after(&value, later);
    assert_eq!(a.is_some(), b.is_some(), "{value:?} depends on the clock");
    if value.trim().is_empty() {
        assert!(a.is_none(), "blank Retry-After accepted");
    }
    if let (Some(a), Some(b)) = (a, b) {
        if let Ok(secs) = value.trim().parse::<u64>() {
            assert_eq!(
                (a, b),
                (Duration::from_secs(secs), Duration::from_secs(secs))
            );
        } else {
            assert_eq!(b, a.saturating_sub(Duration::from_secs(10)), "{value:?}");
        }
    }
    let s = snippet(data);
    assert!(
        !s.chars().any(char::is_control),
        "control character in {s:?}"
    );
    assert!(
        s.chars().count() <= 200 * 10 + 40,
        "snippet too long: {}",
        s.len()
    );
}

/// The sandbox's `--faults` spec: an accepted spec has probabilities in 0..=1 summing to at
/// most 1, and its display parses back to the same spec.
pub fn fault_spec(data: &[u8]) {
    use crate::sandbox::faults::FaultSpec;
    let text = String::from_utf8_lossy(data);
    match FaultSpec::parse(&text) {
        Ok(spec) => {
            for (kind, p) in &spec.odds {
                assert!((0.0..=1.0).contains(p), "{kind}:{p} accepted");
            }
            let total: f64 = spec.odds.iter().map(|(_, p)| p).sum();
            assert!(total <= 1.0 + 1e-9, "total {total} accepted");
            let shown = spec.to_string();
            assert_eq!(
                FaultSpec::parse(&shown).ok().as_ref(),
                Some(&spec),
                "{text:?} displays as {shown:?}, which does not parse back"
            );
        }
        Err(e) => assert!(!e.to_string().is_empty()),
    }
}

/// A page of records as the poller reads it and the classification of every record:
/// `updated pattern\ncreated pattern\nidField\nrecordsPath\nbody`; flags, zone and window
/// come from the input's hash. An event is never at or before the window start, `Future`
/// only comes with `filterByCurrentDate`, a resource without dates classifies every record
/// as an event, and classification is deterministic.
pub fn poll_records(data: &[u8]) {
    use std::time::Duration;

    use crate::instance::{DateField, DatesConfig, FieldPath, Resource};
    use crate::poll::classify::{Verdict, Window, classify};

    let f = fields(data, 5);
    let h = instant_from(data, 0, i64::MAX / 2).timestamp_millis() as u64;
    let zones = [
        Zone::Utc,
        Zone::parse("America/New_York").unwrap_or(Zone::Utc),
    ];
    let zone = zones[(h % 2) as usize].clone();
    let date = |pattern: &str, path: &str| {
        DateFormat::compile(pattern).ok().map(|format| DateField {
            path: FieldPath::new(path),
            format,
            zone: zone.clone(),
        })
    };
    let updated = date(&f[0], "updated");
    let created = date(&f[1], "meta.created");
    let dates =
        (updated.is_some() || created.is_some()).then_some(DatesConfig { updated, created });
    let Ok(url) = UrlTemplate::parse("/hubs/x/records") else {
        return;
    };
    let resource = Resource {
        name: "records".into(),
        url,
        id_field: FieldPath::new(&f[2]),
        dates,
        filter_by_updated_date: h & 1 == 0,
        filter_by_current_date: h & 2 == 0,
        created_check_tolerance: Duration::from_secs((h >> 8) % 120),
        page_size: None,
        poll_delay: Duration::ZERO,
        records_path: (!f[3].trim().is_empty()).then(|| FieldPath::new(&f[3])),
    };
    // The page, decoded by the fetcher's own code.
    let Ok(records) =
        crate::poll::fetch::decode_records(f[4].as_bytes(), resource.records_path.as_ref())
    else {
        return;
    };
    let records = &records;
    let start = instant_from(f[0].as_bytes(), 0, 4_102_444_800_000).timestamp_millis();
    let window = Window {
        start: (h & 4 == 0).then_some(start),
        end: start + ((h >> 16) % 86_400_000) as i64,
    };
    for record in records {
        let verdict = classify(&resource, record, window);
        match &verdict {
            Verdict::Event(e) => {
                if let (Some(at), Some(start)) = (e.at, window.start) {
                    assert!(at > start, "event at {at} not after the start {start}");
                }
                if resource.dates.is_none() {
                    assert!(e.at.is_none() && e.updated.is_none());
                }
            }
            Verdict::Old => assert!(window.start.is_some(), "old without a window start"),
            Verdict::Future => assert!(resource.filter_by_current_date),
            Verdict::BadDate(m) => {
                assert!(resource.dates.is_some(), "bad date without dates");
                assert!(!m.is_empty());
            }
        }
        let again = classify(&resource, record, window);
        assert_eq!(
            format!("{verdict:?}"),
            format!("{again:?}"),
            "not deterministic"
        );
    }
    // The same page as it streams: split record by record, each read from its text with
    // only the fields the classifier reads. Accepted exactly when it is an array, the same
    // verdicts, the same content digests.
    if resource.records_path.is_none() {
        let wanted = crate::poll::cycle::wanted_fields(&resource);
        let mut split = crate::poll::fetch::Splitter::reading(Some(wanted));
        let batch = split
            .feed(f[4].as_bytes())
            .map_err(|e| format!("{e:?}"))
            .and_then(|()| split.finish().map_err(|e| format!("{e:?}")))
            .and_then(|()| split.take_batch());
        let batch = batch.unwrap_or_else(|e| panic!("decoded whole, refused streaming: {e}"));
        assert_eq!(batch.len(), records.len());
        for (i, record) in records.iter().enumerate() {
            assert_eq!(
                batch.digest(i),
                crate::poll::identity::content_digest(record)
            );
            assert_eq!(
                format!("{:?}", classify(&resource, batch.record(i), window)),
                format!("{:?}", classify(&resource, record, window)),
                "the fields read from the text classify as the whole record"
            );
        }
    }
}
