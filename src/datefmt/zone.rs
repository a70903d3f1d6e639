//! Time zones: parsing zone names the way users write them, offsets, and Java's zone names.

use std::sync::OnceLock;

use chrono::{FixedOffset, LocalResult, NaiveDateTime, Offset, TimeZone};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use super::DateError;
use super::java_zone_names::JAVA_ZONE_STRINGS;

/// A time zone as the platform accepts it.
#[derive(Debug, Clone, PartialEq)]
pub enum Zone {
    /// GMT (also `UTC`, `Z`, `UT`): offset zero, shown by `z` as `GMT`.
    Utc,
    /// A fixed offset (`+05:30`, `GMT-8`, and Java's fixed `EST`/`MST`/`HST`).
    Fixed(FixedOffset),
    /// An IANA zone with its DST rules.
    Named(Tz),
    /// A fixed offset Java knows by name (`EST`, `MST`, `HST`): `z` writes the name.
    FixedNamed {
        name: &'static str,
        offset: FixedOffset,
    },
}

/// 1900-01-01T00:00:00Z. Before it Java's zone data (sun.util.calendar.ZoneInfo) has no
/// history: every zone uses its current standard offset, not local mean time.
const JAVA_HISTORY_START_MS: i64 = -2_208_988_800_000;

/// The last year whose transitions pollctl reads from the tz table as such. chrono-tz's table
/// stops after 2099 (then the last offset holds forever: standard time in New York all year,
/// daylight time on Lord Howe all year); Java applies the zone's final rule to every later
/// year. Years 2038–2065 of the table are generated from that final rule, and a 28-year span
/// without a century year holds every kind of year (leap or not, each weekday for January 1):
/// a later year is read through the year of this span with the same calendar, where the rule
/// falls on the same dates and wall-clock times.
const TABLE_RULE_FIRST_YEAR: i32 = 2038;
const TABLE_RULE_LAST_YEAR: i32 = 2065;

/// The same month, day and time in a year of [`TABLE_RULE_FIRST_YEAR`]..=
/// [`TABLE_RULE_LAST_YEAR`] with the same calendar, for a date after that span. `None` for
/// dates inside the table.
fn final_rule_proxy(naive: &NaiveDateTime) -> Option<NaiveDateTime> {
    use chrono::Datelike;
    let year = naive.year();
    if year <= TABLE_RULE_LAST_YEAR {
        return None;
    }
    let jan1 = |y: i32| chrono::NaiveDate::from_ymd_opt(y, 1, 1).map(|d| d.weekday());
    let leap = |y: i32| chrono::NaiveDate::from_ymd_opt(y, 2, 29).is_some();
    let want = (jan1(year)?, leap(year));
    let proxy_year = (TABLE_RULE_FIRST_YEAR..=TABLE_RULE_LAST_YEAR)
        .find(|&y| (jan1(y), leap(y)) == (Some(want.0), want.1))?;
    naive.with_year(proxy_year)
}

/// The zone's offset at a UTC instant, following the final rule past the tz table.
fn tz_offset_at_utc(tz: &Tz, utc: &NaiveDateTime) -> chrono_tz::TzOffset {
    match final_rule_proxy(utc) {
        Some(proxy) => tz.offset_from_utc_datetime(&proxy),
        None => tz.offset_from_utc_datetime(utc),
    }
}

/// The zone's current standard offset (Java's `getRawOffset()`), in seconds.
fn current_raw_offset(tz: &Tz) -> i32 {
    // 2025-01-15T00:00:00Z: any recent instant gives the current standard offset.
    let Some(dt) = chrono::DateTime::from_timestamp_millis(1_736_899_200_000) else {
        return 0;
    };
    let naive = dt.naive_utc();
    java_split(tz, &naive, tz_offset_at_utc(tz, &naive)).0
}

/// Zones whose tz table has a negative daylight saving: Ireland (winter GMT is "daylight"
/// −1 h below IST), Morocco and Western Sahara (Ramadan +00 below +01), Namibia 1994–2017,
/// Czechoslovakia 1946–47. Java's zone data is the tz "rearguard" form, where the lower
/// offset is standard time and the other is daylight time.
const NEGATIVE_SAVE_ZONES: &[&str] = &[
    "Europe/Dublin",
    "Eire",
    "Africa/Casablanca",
    "Africa/El_Aaiun",
    "Africa/Windhoek",
    "Europe/Prague",
    "Europe/Bratislava",
];

/// Java's (standard, daylight) split of the offset `off` in force at `utc`, in seconds.
/// chrono-tz reads the tz table's main form, where Dublin's winter is standard IST +1 with a
/// −1 h saving; Java reads the rearguard form, where it is standard GMT +0 and summer is
/// daylight IST. In a year with a negative saving, Java's standard offset is the lower one.
fn java_split(tz: &Tz, utc: &NaiveDateTime, off: chrono_tz::TzOffset) -> (i32, i32) {
    let base = off.base_utc_offset().num_seconds() as i32;
    let save = off.dst_offset().num_seconds() as i32;
    if !NEGATIVE_SAVE_ZONES.contains(&tz.name()) {
        return (base, save);
    }
    use chrono::Datelike;
    // The most negative saving of the calendar year, sampled every 10 days (Ramadan's
    // saving lasts about a month).
    let Some(jan1) = chrono::NaiveDate::from_ymd_opt(utc.year(), 1, 1) else {
        return (base, save);
    };
    let negative = (0..37)
        .filter_map(|i| jan1.checked_add_days(chrono::Days::new(i * 10)))
        .map(|d| {
            tz_offset_at_utc(tz, &d.and_time(chrono::NaiveTime::MIN))
                .dst_offset()
                .num_seconds() as i32
        })
        .chain([save])
        .min()
        .unwrap_or(0)
        .min(0);
    (base + negative, save - negative)
}

/// Java's three-letter zone ids (`TimeZone.getTimeZone`) that are not IANA names, resolved the
/// way OpenJDK 17 resolves them (`EST`, `MST`, `HST` are fixed offsets there).
const JAVA_SHORT_IDS: &[(&str, &str)] = &[
    ("ACT", "Australia/Darwin"),
    ("AET", "Australia/Sydney"),
    ("AGT", "America/Argentina/Buenos_Aires"),
    ("ART", "Africa/Cairo"),
    ("AST", "America/Anchorage"),
    ("BET", "America/Sao_Paulo"),
    ("BST", "Asia/Dhaka"),
    ("CAT", "Africa/Harare"),
    ("CNT", "America/St_Johns"),
    ("CST", "America/Chicago"),
    ("CTT", "Asia/Shanghai"),
    ("EAT", "Africa/Addis_Ababa"),
    ("ECT", "Europe/Paris"),
    ("IET", "America/Indiana/Indianapolis"),
    ("IST", "Asia/Kolkata"),
    ("JST", "Asia/Tokyo"),
    ("MIT", "Pacific/Apia"),
    ("NET", "Asia/Yerevan"),
    ("NST", "Pacific/Auckland"),
    ("PLT", "Asia/Karachi"),
    ("PNT", "America/Phoenix"),
    ("PRT", "America/Puerto_Rico"),
    ("PST", "America/Los_Angeles"),
    ("SST", "Pacific/Guadalcanal"),
    ("VST", "Asia/Ho_Chi_Minh"),
    // EST, MST and HST are fixed offsets in Java (FIXED_NAMED below).
];

/// Java's fixed-offset zone ids (tzdb now links these names to regions with history).
const FIXED_NAMED: &[(&str, i32)] = &[("EST", -18_000), ("MST", -25_200), ("HST", -36_000)];

/// Daylight-time abbreviations Java does not know as ids (it silently falls back to GMT for
/// them); pollctl takes them to mean the region's zone, DST rules included.
const REGION_ABBREVIATIONS: &[(&str, &str)] = &[
    ("PDT", "America/Los_Angeles"),
    ("MDT", "America/Denver"),
    ("CDT", "America/Chicago"),
    ("EDT", "America/New_York"),
    ("AKST", "America/Anchorage"),
    ("AKDT", "America/Anchorage"),
    ("HDT", "America/Adak"),
    ("CEST", "Europe/Paris"),
    ("EEST", "Europe/Athens"),
    ("WEST", "Europe/Lisbon"),
];

impl Zone {
    /// `GMT`, `UTC`, `Z`, IANA names, `+05:30`/`-8:00`/`GMT+1`/`UTC+2`, and Java's
    /// abbreviations (`EST` and `MST` fixed, `PST` = America/Los_Angeles with DST).
    pub fn parse(name: &str) -> Result<Zone, DateError> {
        let trimmed = name.trim();
        if let Some(zone) = Zone::parse_known(trimmed) {
            return Ok(zone);
        }
        Err(DateError::Zone {
            zone: name.to_string(),
            hint: suggest(trimmed),
        })
    }

    fn parse_known(name: &str) -> Option<Zone> {
        if name.is_empty() {
            return None;
        }
        let upper = name.to_ascii_uppercase();
        if matches!(upper.as_str(), "GMT" | "Z" | "UT" | "ETC/GMT") {
            return Some(Zone::Utc);
        }
        if upper == "UTC" {
            // Java keeps the name: `z` writes UTC, not GMT.
            return Some(Zone::Named(chrono_tz::UTC));
        }
        for prefix in ["GMT", "UTC", "UT", ""] {
            if let Some(rest) = upper.strip_prefix(prefix)
                && rest.starts_with(['+', '-'])
                && !(prefix.is_empty() && rest.len() < 2)
            {
                return parse_offset(rest).map(Zone::Fixed);
            }
        }
        if let Some((name, secs)) = FIXED_NAMED.iter().find(|(n, _)| *n == upper) {
            return FixedOffset::east_opt(*secs).map(|offset| Zone::FixedNamed { name, offset });
        }
        if let Some((_, target)) = JAVA_SHORT_IDS
            .iter()
            .chain(REGION_ABBREVIATIONS)
            .find(|(abbr, _)| *abbr == upper)
        {
            return target.parse::<Tz>().ok().map(Zone::Named);
        }
        if let Ok(tz) = name.parse::<Tz>() {
            return Some(Zone::Named(tz));
        }
        // IANA names are case-sensitive in chrono-tz; accept any case.
        chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
            .map(|tz| Zone::Named(*tz))
    }

    /// When Java's `TimeZone.getTimeZone(name)` does not know `name` (ids are exact: IANA
    /// names in their case, Java's three-letter ids, `GMT±hh:mm`) it silently answers GMT, while
    /// pollctl reads a zone (`PDT`, `+05:30`, `UTC+2`, `europe/berlin`): the sentence saying
    /// so, with the spelling Java reads the same way. `None` when both read the same.
    pub fn java_fallback_note(name: &str) -> Option<String> {
        let name = name.trim();
        let zone = Zone::parse_known(name)?;
        let java_knows = name.parse::<Tz>().is_ok()
            || JAVA_SHORT_IDS.iter().any(|(id, _)| *id == name)
            || FIXED_NAMED.iter().any(|(id, _)| *id == name)
            || name == "GMT"
            || name
                .strip_prefix("GMT")
                .is_some_and(|rest| rest.starts_with(['+', '-']) && parse_offset(rest).is_some());
        let gmt_for_pollctl = match &zone {
            Zone::Utc => true,
            Zone::Fixed(f) => f.local_minus_utc() == 0,
            _ => false,
        };
        if java_knows || gmt_for_pollctl {
            return None;
        }
        let better = match &zone {
            Zone::Fixed(f) => {
                let mut s = String::new();
                push_gmt_offset(f.local_minus_utc(), &mut s);
                s
            }
            Zone::Named(tz) => tz.name().to_string(),
            Zone::FixedNamed { name, .. } => name.to_string(),
            Zone::Utc => "GMT".to_string(),
        };
        Some(format!(
            "Java's TimeZone does not know the id {name:?} and silently reads GMT; pollctl reads it as {better}. Write {better:?} so both read the same"
        ))
    }

    /// Total offset from UTC (seconds) at a UTC instant, and whether it is daylight time.
    pub(crate) fn offset_at_utc(&self, utc_ms: i64) -> (i32, bool) {
        match self {
            Zone::Utc => (0, false),
            Zone::Fixed(f) | Zone::FixedNamed { offset: f, .. } => (f.local_minus_utc(), false),
            Zone::Named(tz) => {
                if utc_ms < JAVA_HISTORY_START_MS {
                    return (current_raw_offset(tz), false);
                }
                let Some(dt) = chrono::DateTime::from_timestamp_millis(utc_ms) else {
                    return (0, false);
                };
                let naive = dt.naive_utc();
                let off = tz_offset_at_utc(tz, &naive);
                let (_, dst) = java_split(tz, &naive, off);
                (off.fix().local_minus_utc(), dst != 0)
            }
        }
    }

    /// The UTC instant of a wall-clock time, resolved like `GregorianCalendar`: in an overlap
    /// the later instant (standard time), in a gap the offset before the gap (the time moves
    /// forward by the gap). `None` when outside the supported range.
    pub(crate) fn local_to_utc(&self, local_ms: i64) -> Option<i64> {
        match self {
            Zone::Utc => Some(local_ms),
            Zone::Fixed(f) | Zone::FixedNamed { offset: f, .. } => {
                local_ms.checked_sub(f.local_minus_utc() as i64 * 1000)
            }
            Zone::Named(tz) => {
                let raw = current_raw_offset(tz) as i64 * 1000;
                if local_ms.saturating_sub(raw) < JAVA_HISTORY_START_MS {
                    return local_ms.checked_sub(raw);
                }
                let naive = naive(local_ms)?;
                let offset = named_offsets(tz, &naive)?.fix().local_minus_utc();
                local_ms.checked_sub(offset as i64 * 1000)
            }
        }
    }

    /// The standard (raw) offset in seconds at a wall-clock time.
    pub(crate) fn raw_offset_at_local(&self, local_ms: i64) -> Option<i32> {
        match self {
            Zone::Utc => Some(0),
            Zone::Fixed(f) | Zone::FixedNamed { offset: f, .. } => Some(f.local_minus_utc()),
            Zone::Named(tz) => {
                let raw = current_raw_offset(tz);
                if local_ms.saturating_sub(raw as i64 * 1000) < JAVA_HISTORY_START_MS {
                    return Some(raw);
                }
                let naive = naive(local_ms)?;
                let off = named_offsets(tz, &naive)?;
                Some(java_split(tz, &naive, off).0)
            }
        }
    }

    /// `TimeZone.getDSTSavings()`: the daylight saving of the zone's current rules (seconds),
    /// in Java's terms (positive; Dublin's is +1 h, not the tz table's −1 h).
    pub(crate) fn dst_savings(&self) -> i32 {
        let Zone::Named(tz) = self else { return 0 };
        // Mid-January and mid-July 2025 (the current rules) cover both hemispheres.
        [1_736_942_400_000_i64, 1_752_580_800_000]
            .iter()
            .filter_map(|ms| chrono::DateTime::from_timestamp_millis(*ms))
            .map(|dt| {
                let naive = dt.naive_utc();
                java_split(tz, &naive, tz.offset_from_utc_datetime(&naive)).1
            })
            .find(|s| *s != 0)
            .unwrap_or(0)
    }

    /// Java's display names (long standard, short standard, long daylight, short daylight),
    /// if Java knows this zone.
    pub(crate) fn java_names(&self) -> Option<&'static [&'static str; 4]> {
        let id = match self {
            Zone::Utc => "GMT",
            Zone::FixedNamed { name, .. } => name,
            Zone::Fixed(_) => return None,
            Zone::Named(tz) => tz.name(),
        };
        JAVA_ZONE_STRINGS
            .iter()
            .find(|(java_id, _, _)| *java_id == id)
            .map(|(_, _, names)| names)
    }

    /// The short (`PST`) or long (`Pacific Standard Time`) name of the zone at an instant, as
    /// `SimpleDateFormat`'s `z` writes it.
    pub(crate) fn display_name(&self, utc_ms: i64, long: bool, out: &mut String) {
        let (offset, dst) = self.offset_at_utc(utc_ms);
        if let Some(names) = self.java_names() {
            let idx = match (dst, long) {
                (false, true) => 0,
                (false, false) => 1,
                (true, true) => 2,
                (true, false) => 3,
            };
            out.push_str(names[idx]);
            return;
        }
        if let Zone::Named(tz) = self
            && let Some(dt) = chrono::DateTime::from_timestamp_millis(utc_ms)
        {
            let off = tz_offset_at_utc(tz, &dt.naive_utc());
            if let Some(abbr) = off.abbreviation()
                && abbr.starts_with(|c: char| c.is_ascii_alphabetic())
            {
                out.push_str(abbr);
                return;
            }
        }
        push_gmt_offset(offset, out);
    }
}

/// `GMT+05:30` (Java's custom zone id form).
pub(crate) fn push_gmt_offset(offset: i32, out: &mut String) {
    let sign = if offset < 0 { '-' } else { '+' };
    let abs = offset.unsigned_abs() / 60;
    out.push_str("GMT");
    out.push(sign);
    push_2(out, abs / 60);
    out.push(':');
    push_2(out, abs % 60);
}

fn push_2(out: &mut String, v: u32) {
    out.push((b'0' + (v / 10 % 10) as u8) as char);
    out.push((b'0' + (v % 10) as u8) as char);
}

fn naive(local_ms: i64) -> Option<NaiveDateTime> {
    chrono::DateTime::from_timestamp_millis(local_ms).map(|d| d.naive_utc())
}

fn named_offsets(tz: &Tz, naive: &NaiveDateTime) -> Option<chrono_tz::TzOffset> {
    // Past the table: the same wall-clock time in a year with the same calendar.
    let proxy = final_rule_proxy(naive);
    let naive = proxy.as_ref().unwrap_or(naive);
    match tz.offset_from_local_datetime(naive) {
        LocalResult::Single(o) => Some(o),
        LocalResult::Ambiguous(a, b) => {
            // The later instant is the one with the smaller offset.
            if a.fix().local_minus_utc() <= b.fix().local_minus_utc() {
                Some(a)
            } else {
                Some(b)
            }
        }
        LocalResult::None => {
            // In a gap: the offset in force before it.
            let before = *naive - chrono::Duration::hours(26);
            Some(tz.offset_from_utc_datetime(&before))
        }
    }
}

/// `+05:30`, `-8:00`, `+0530`, `+5`, `-08`.
fn parse_offset(text: &str) -> Option<FixedOffset> {
    let (sign, rest) = match text.as_bytes().first()? {
        b'+' => (1, &text[1..]),
        b'-' => (-1, &text[1..]),
        _ => return None,
    };
    let digits_ok =
        |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
    let (h, m) = if let Some((h, m)) = rest.split_once(':') {
        if !digits_ok(h) || m.len() != 2 || !digits_ok(m) {
            return None;
        }
        (h.parse::<i32>().ok()?, m.parse::<i32>().ok()?)
    } else if rest.len() == 4 && rest.bytes().all(|b| b.is_ascii_digit()) {
        (
            rest[..2].parse::<i32>().ok()?,
            rest[2..].parse::<i32>().ok()?,
        )
    } else if digits_ok(rest) {
        (rest.parse::<i32>().ok()?, 0)
    } else {
        return None;
    };
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Resolve a Java zone-table entry (its `toZoneId()` id) to a [`Zone`], cached.
pub(crate) fn java_table_zone(index: usize) -> &'static Zone {
    static ZONES: OnceLock<Vec<Zone>> = OnceLock::new();
    let zones = ZONES.get_or_init(|| {
        JAVA_ZONE_STRINGS
            .iter()
            .map(|(_, zid, _)| Zone::parse_known(zid).unwrap_or(Zone::Utc))
            .collect()
    });
    &zones[index]
}

/// "did you mean" for an unknown zone: the closest known name, when it is close.
fn suggest(name: &str) -> String {
    const NONE: &str =
        " (use an IANA name such as Europe/Berlin, GMT/UTC, or an offset such as +05:30)";
    // Only names within `limit` edits are suggested, and an edit distance is at least the
    // difference in length: skip what cannot be close, and never run a quadratic distance
    // on a long text (a 100 KB `updatedDateTimezone` took minutes).
    let len = name.chars().count();
    let limit = 2.max(name.len() / 4);
    if len > 64 {
        return NONE.to_string();
    }
    let lower = name.to_ascii_lowercase();
    let spaced = lower.replace('_', " ");
    let candidates = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| tz.name())
        .chain(JAVA_SHORT_IDS.iter().map(|(a, _)| *a))
        .chain(REGION_ABBREVIATIONS.iter().map(|(a, _)| *a))
        .chain(["GMT", "UTC"]);
    let mut best: Option<(usize, &str)> = None;
    for cand in candidates {
        let c = cand.to_ascii_lowercase();
        // Compare with the city part too, so "new york" finds America/New_York.
        let city = c.rsplit('/').next().unwrap_or(&c).replace('_', " ");
        if len.abs_diff(c.len()) > limit && len.abs_diff(city.len()) + 1 > limit {
            continue;
        }
        let d = levenshtein(&lower, &c, limit).min(levenshtein(&spaced, &city, limit) + 1);
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, cand));
        }
    }
    match best {
        Some((d, cand)) if d <= limit => format!(" (did you mean {cand}?)"),
        _ => NONE.to_string(),
    }
}

/// Edit distance, or `max + 1` once it is certain to exceed `max` (row minima never fall).
fn levenshtein(a: &str, b: &str, max: usize) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
        if prev.iter().min().is_some_and(|&m| m > max) {
            return max + 1;
        }
    }
    prev[b.len()].min(max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(secs: i32) -> Zone {
        Zone::Fixed(FixedOffset::east_opt(secs).unwrap())
    }

    #[test]
    fn parses_the_forms_users_write() {
        assert_eq!(Zone::parse("GMT").unwrap(), Zone::Utc);
        assert_eq!(Zone::parse("utc").unwrap(), Zone::Named(chrono_tz::UTC));
        assert_eq!(Zone::parse("Z").unwrap(), Zone::Utc);
        assert_eq!(Zone::parse("+05:30").unwrap(), fixed(19800));
        assert_eq!(Zone::parse("-8:00").unwrap(), fixed(-28800));
        assert_eq!(Zone::parse("GMT+1").unwrap(), fixed(3600));
        assert_eq!(Zone::parse("GMT-08:00").unwrap(), fixed(-28800));
        assert_eq!(Zone::parse("UTC+2").unwrap(), fixed(7200));
        // EST, MST and HST are fixed offsets (no DST), as in Java.
        for (name, secs) in [("EST", -18000), ("MST", -25200), ("HST", -36000)] {
            let z = Zone::parse(name).unwrap();
            assert_eq!(z.offset_at_utc(1_720_000_000_000), (secs, false), "{name}");
            assert_eq!(z.offset_at_utc(1_700_000_000_000), (secs, false), "{name}");
        }
        assert_eq!(
            Zone::parse("PST").unwrap(),
            Zone::Named(chrono_tz::America::Los_Angeles)
        );
        assert_eq!(
            Zone::parse("PDT").unwrap(),
            Zone::Named(chrono_tz::America::Los_Angeles)
        );
        assert_eq!(
            Zone::parse("CST").unwrap(),
            Zone::Named(chrono_tz::America::Chicago)
        );
        assert_eq!(
            Zone::parse("europe/berlin").unwrap(),
            Zone::Named(chrono_tz::Europe::Berlin)
        );
    }

    #[test]
    fn unknown_zones_get_a_hint() {
        let e = Zone::parse("Europe/Berln").unwrap_err().to_string();
        assert!(e.contains("did you mean Europe/Berlin?"), "{e}");
        let e = Zone::parse("America/New York").unwrap_err().to_string();
        assert!(e.contains("America/New_York"), "{e}");
        assert!(Zone::parse("+25:00").is_err());
        assert!(Zone::parse("").is_err());
        // Found by fuzzing: the hint ran a quadratic edit distance against ~600 names for
        // any length; a 100 KB zone in an instance took 96 s to validate. Only names within
        // reach of a candidate are compared now, and the hints stay the same.
        let e = Zone::parse(&"x".repeat(1 << 20)).unwrap_err().to_string();
        assert!(e.contains("use an IANA name"), "{}", &e[e.len() - 100..]);
        let e = Zone::parse("Asia/Kolkatta").unwrap_err().to_string();
        assert!(e.contains("did you mean Asia/Kolkata?"), "{e}");
        let e = Zone::parse("kolkata").unwrap_err().to_string();
        assert!(e.contains("did you mean Asia/Kolkata?"), "{e}");
    }

    #[test]
    fn the_final_rule_holds_past_the_table() {
        // chrono-tz's table ends in 2099; Java follows the final rule (2100-06-20 and
        // 9999-08-13 are daylight time in New York, 2100-12-20 is on Lord Howe).
        let ny = Zone::parse("America/New_York").unwrap();
        let lh = Zone::parse("Australia/Lord_Howe").unwrap();
        let ms = |s: &str| {
            chrono::DateTime::parse_from_rfc3339(s)
                .unwrap()
                .timestamp_millis()
        };
        assert_eq!(
            ny.offset_at_utc(ms("2100-06-20T12:00:00Z")),
            (-4 * 3600, true)
        );
        assert_eq!(
            ny.offset_at_utc(ms("9999-08-13T12:00:00Z")),
            (-4 * 3600, true)
        );
        assert_eq!(
            ny.offset_at_utc(ms("9999-12-13T12:00:00Z")),
            (-5 * 3600, false)
        );
        assert_eq!(
            lh.offset_at_utc(ms("2100-12-20T12:00:00Z")),
            (11 * 3600, true)
        );
        assert_eq!(
            lh.offset_at_utc(ms("2100-06-20T12:00:00Z")),
            (10 * 3600 + 1800, false)
        );
        // Every proxy year has the same calendar as the year it stands for.
        use chrono::Datelike;
        for year in [2066, 2100, 2101, 2400, 2401, 9999] {
            let d = chrono::NaiveDate::from_ymd_opt(year, 3, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap();
            let p = final_rule_proxy(&d).unwrap();
            assert!((TABLE_RULE_FIRST_YEAR..=TABLE_RULE_LAST_YEAR).contains(&p.year()));
            assert_eq!(p.weekday(), d.weekday(), "{year}");
            let leap = |y: i32| chrono::NaiveDate::from_ymd_opt(y, 2, 29).is_some();
            assert_eq!(leap(p.year()), leap(year), "{year}");
        }
        assert!(
            final_rule_proxy(
                &chrono::NaiveDate::from_ymd_opt(2065, 1, 1)
                    .unwrap()
                    .and_hms_opt(0, 0, 0)
                    .unwrap()
            )
            .is_none()
        );
    }

    #[test]
    fn java_fallbacks_are_named() {
        // Checked with OpenJDK 17: these ids read GMT in Java.
        for (name, better) in [
            ("PDT", "America/Los_Angeles"),
            ("CEST", "Europe/Paris"),
            ("+05:30", "GMT+05:30"),
            ("-8:00", "GMT-08:00"),
            ("UTC+2", "GMT+02:00"),
            ("europe/berlin", "Europe/Berlin"),
        ] {
            let note = Zone::java_fallback_note(name).unwrap_or_default();
            assert!(note.contains(better), "{name}: {note}");
        }
        for same in [
            "GMT",
            "GMT+1",
            "GMT-08:00",
            "EST",
            "PST",
            "America/New_York",
            "UTC",
            "Z",
            "UT",
        ] {
            assert_eq!(Zone::java_fallback_note(same), None, "{same}");
        }
    }

    #[test]
    fn every_java_table_zone_resolves() {
        for (i, (id, zid, _)) in JAVA_ZONE_STRINGS.iter().enumerate() {
            assert!(Zone::parse_known(zid).is_some(), "{id} -> {zid}");
            let _ = java_table_zone(i);
        }
    }
}
