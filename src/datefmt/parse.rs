//! The parser: `SimpleDateFormat.parse(String, ParsePosition)` semantics over compiled tokens,
//! stricter where Java silently produces a wrong instant.

use super::cal;
use super::java_zone_names::JAVA_ZONE_STRINGS;
use super::pattern::{Letter, Token};
use super::zone::{Zone, java_table_zone};

pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
pub(crate) const SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
/// Sunday first, like `Calendar.DAY_OF_WEEK - 1`.
pub(crate) const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
pub(crate) const SHORT_WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
pub(crate) const AM_PM: [&str; 2] = ["AM", "PM"];
pub(crate) const ERAS: [&str; 2] = ["BC", "AD"];

/// Largest year pollctl represents (chrono's range).
const MAX_YEAR: i64 = 262_142;

/// Why a parse failed, and where (byte index into the text).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    pub index: usize,
    pub reason: String,
    /// `true` when Java would have produced an instant here and pollctl rejects it on
    /// purpose (the instant would be silently wrong); `false` for a plain mismatch.
    pub deliberate: bool,
}

fn mismatch(index: usize, reason: impl Into<String>) -> Failure {
    Failure {
        index,
        reason: reason.into(),
        deliberate: false,
    }
}

fn strict(index: usize, reason: impl Into<String>) -> Failure {
    Failure {
        index,
        reason: reason.into(),
        deliberate: true,
    }
}

/// A zone found in the text.
#[derive(Clone, Copy)]
enum TextZone {
    None,
    /// A numeric offset, seconds east of UTC.
    Offset(i32),
    /// A zone name from Java's table: the zone, and `Some(dst seconds)` when the name fixes
    /// standard/daylight time, `None` when the zone's own rules decide.
    Name(usize, Option<i32>),
}

/// Fields as `CalendarBuilder` collects them; a stamp of 0 = not set, higher = set later.
#[derive(Default)]
struct Fields {
    next: u8,
    era: (i64, u8),
    year: (i64, u8),
    ambiguous_year: bool,
    month: (i64, u8),
    day: (i64, u8),
    day_of_year: (i64, u8),
    weekday: (i64, u8),
    hour_of_day: (i64, u8),
    hour: (i64, u8),
    am_pm: (i64, u8),
    minute: i64,
    second: i64,
    millis: i64,
}

impl Fields {
    fn stamp(&mut self) -> u8 {
        self.next = self.next.saturating_add(1);
        self.next
    }
}

#[inline]
/// Skip spaces and tabs as Java does before every field; fail at the end of the text.
fn skip_blanks(b: &[u8], start: usize) -> Result<usize, Failure> {
    let mut pos = start;
    while pos < b.len() && (b[pos] == b' ' || b[pos] == b'\t') {
        pos += 1;
    }
    if pos >= b.len() {
        return Err(mismatch(start, "the text ends before this field"));
    }
    Ok(pos)
}

#[inline]
/// `DecimalFormat` integer parse: optional `-`, digits up to `limit`. Returns (value, end,
/// number of digits). Values beyond i64 saturate (they are rejected as out of range later).
fn number(b: &[u8], pos: usize, limit: usize) -> Option<(i64, usize, usize)> {
    let mut i = pos;
    let negative = i < limit && b[i] == b'-';
    if negative {
        i += 1;
    }
    let digits_start = i;
    let mut value: i64 = 0;
    while i < limit && b[i].is_ascii_digit() {
        value = value
            .saturating_mul(10)
            .saturating_add((b[i] - b'0') as i64);
        i += 1;
    }
    if i == digits_start {
        return None;
    }
    // DecimalFormat reads an exponent: "2024E1" is 20240. Flag it (digits = usize::MAX) so
    // the caller can refuse it instead of reading a wildly different number.
    let exponent = i < limit
        && b[i] == b'E'
        && match b.get(i + 1) {
            Some(b'-') => i + 2 < limit && b[i + 2].is_ascii_digit(),
            Some(c) => i + 1 < limit && c.is_ascii_digit(),
            None => false,
        };
    if exponent {
        return Some((value, i, usize::MAX));
    }
    Some((if negative { -value } else { value }, i, i - digits_start))
}

/// Case-insensitive `regionMatches` of `name` at `pos`.
#[inline]
fn matches_at(b: &[u8], pos: usize, name: &str) -> bool {
    let n = name.as_bytes();
    pos + n.len() <= b.len()
        && n.first().is_none_or(|c| c.eq_ignore_ascii_case(&b[pos]))
        && b[pos..pos + n.len()].eq_ignore_ascii_case(n)
}

/// Java's `matchString`: the longest name that matches at `pos`.
fn match_names(b: &[u8], pos: usize, names: &[&str]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, name) in names.iter().enumerate() {
        let len = name.len();
        if len > best.map_or(0, |(_, l)| l) && matches_at(b, pos, name) {
            best = Some((i, len));
        }
    }
    best.map(|(i, len)| (i, pos + len))
}

/// Three letters folded to lower case in one u32 (`| 0x20` maps only letters onto letters,
/// and every short name is letters).
const fn fold3(x: u8, y: u8, z: u8) -> u32 {
    u32::from_le_bytes([x | 0x20, y | 0x20, z | 0x20, 0])
}

const fn keys<const N: usize>(names: [&str; N]) -> [u32; N] {
    let mut out = [0u32; N];
    let mut i = 0;
    while i < N {
        let b = names[i].as_bytes();
        out[i] = fold3(b[0], b[1], b[2]);
        i += 1;
    }
    out
}

const MONTH_KEYS: [u32; 12] = keys(SHORT_MONTHS);
const WEEKDAY_KEYS: [u32; 7] = keys(SHORT_WEEKDAYS);

/// `matchString` over full then short names, for English months and weekdays, where every
/// full name starts with its unique three-letter short name: the first three letters pick the
/// only candidate, then the full name wins if it matches (same result as Java's scan).
#[inline]
fn match_calendar_name<const N: usize>(
    b: &[u8],
    pos: usize,
    full: &[&str; N],
    keys: &[u32; N],
) -> Option<(usize, usize)> {
    let key = match b.get(pos..pos + 3)? {
        [x, y, z] => fold3(*x, *y, *z),
        _ => return None,
    };
    let i = keys.iter().position(|k| *k == key)?;
    if matches_at(b, pos, full[i]) {
        Some((i, pos + full[i].len()))
    } else {
        Some((i, pos + 3))
    }
}

/// Java's `subParseNumericZone`: `hh[[:]mm]` after the sign. Returns (end, seconds).
fn numeric_zone(
    b: &[u8],
    start: usize,
    sign: i32,
    count: u32,
    colon: bool,
) -> Result<(usize, i32), usize> {
    let digit = |i: usize| {
        b.get(i)
            .filter(|c| c.is_ascii_digit())
            .map(|c| (c - b'0') as i32)
    };
    let mut i = start;
    let mut hours = digit(i).ok_or(i)?;
    i += 1;
    match digit(i) {
        Some(d) => {
            hours = hours * 10 + d;
            i += 1;
        }
        None => {
            if count > 0 || !colon || i >= b.len() {
                return Err(i);
            }
        }
    }
    if hours > 23 {
        return Err(i - 1);
    }
    let mut minutes = 0;
    if count != 1 {
        if colon {
            if b.get(i) != Some(&b':') {
                return Err(i);
            }
            i += 1;
        }
        let m1 = digit(i).ok_or(i)?;
        let m2 = digit(i + 1).ok_or(i + 1)?;
        minutes = m1 * 10 + m2;
        i += 2;
        if minutes > 59 {
            return Err(i - 1);
        }
    }
    Ok((i, sign * (hours * 3600 + minutes * 60)))
}

/// Java's `subParseZoneString`: a zone name (`PST`, `Pacific Standard Time`, `CEST`…).
fn zone_name(b: &[u8], pos: usize, configured: &Zone) -> Option<(usize, TextZone)> {
    let match_row = |row: usize| -> Option<(usize, usize)> {
        let names = &JAVA_ZONE_STRINGS[row].2;
        names
            .iter()
            .enumerate()
            .find(|(_, n)| matches_at(b, pos, n))
            .map(|(i, n)| (i + 1, n.len()))
    };
    let own_id = match configured {
        Zone::Utc => Some("GMT"),
        Zone::Named(tz) => Some(tz.name()),
        Zone::FixedNamed { name, .. } => Some(*name),
        Zone::Fixed(_) => None,
    };
    let row_of = |id: &str| JAVA_ZONE_STRINGS.iter().position(|(j, _, _)| *j == id);
    let mut found = None;
    for id in [own_id, Some("GMT")].into_iter().flatten() {
        if let Some(row) = row_of(id)
            && let Some(m) = match_row(row)
        {
            found = Some((row, m));
            break;
        }
    }
    if found.is_none() {
        found = (0..JAVA_ZONE_STRINGS.len()).find_map(|row| match_row(row).map(|m| (row, m)));
    }
    let (row, (name_index, len)) = found?;
    let names = &JAVA_ZONE_STRINGS[row].2;
    let same_name =
        name_index <= 2 && names[name_index - 1].eq_ignore_ascii_case(names[name_index + 1]);
    let dst_amount = if name_index >= 3 {
        java_table_zone(row).dst_savings()
    } else {
        0
    };
    let zone = if same_name || (name_index >= 3 && dst_amount == 0) {
        TextZone::Name(row, None)
    } else {
        TextZone::Name(row, Some(dst_amount))
    };
    Some((pos + len, zone))
}

fn letter_name(ch: char, count: u32) -> String {
    std::iter::repeat_n(ch, count as usize).collect()
}

fn describe(b: &[u8], pos: usize) -> String {
    match std::str::from_utf8(&b[pos.min(b.len())..]) {
        Ok("") | Err(_) => "the end of the text".to_string(),
        Ok(rest) => {
            let shown: String = rest.chars().take(12).collect();
            if rest.chars().count() > 12 {
                format!("{shown:?}…")
            } else {
                format!("{shown:?}")
            }
        }
    }
}

/// Parse `text` with the compiled tokens; returns epoch milliseconds.
pub(crate) fn parse(
    tokens: &[Token],
    text: &str,
    zone: &Zone,
    century_start: (i64, i64),
) -> Result<i64, Failure> {
    let b = text.as_bytes();
    let mut pos = 0usize;
    let mut f = Fields::default();
    let mut text_zone = TextZone::None;
    for (ti, token) in tokens.iter().enumerate() {
        match token {
            Token::Literal(lit) => {
                let l = lit.as_bytes();
                // Byte loop: literals are short ("-", ":", "'T'"), a memcmp call costs more.
                let matched =
                    pos + l.len() <= b.len() && l.iter().zip(&b[pos..]).all(|(x, y)| x == y);
                if !matched {
                    return Err(mismatch(
                        pos,
                        format!("expected {lit:?}, found {}", describe(b, pos)),
                    ));
                }
                pos += l.len();
            }
            &Token::Field {
                letter,
                ch,
                count,
                obey,
                ..
            } => {
                let start = pos;
                let at = skip_blanks(b, start)?;
                let field = || letter_name(ch, count);
                let limit = if obey {
                    let l = start + count as usize;
                    if l > b.len() {
                        return Err(mismatch(
                            at,
                            format!("'{}' needs {count} digits, the text ends first", field()),
                        ));
                    }
                    l
                } else {
                    b.len()
                };
                let num = || match number(b, at, limit) {
                    None => Err(mismatch(
                        at,
                        format!(
                            "expected a number for '{}', found {}",
                            field(),
                            describe(b, at)
                        ),
                    )),
                    Some((_, end, usize::MAX)) => Err(strict(
                        end,
                        format!(
                            "{} for '{}' has an exponent; Java would read it as a power of ten",
                            describe(b, at),
                            field()
                        ),
                    )),
                    Some(n) => Ok(n),
                };
                match letter {
                    Letter::Year => {
                        let (mut v, end, digits) = num()?;
                        if count <= 2 && digits == 2 && end - at == 2 {
                            let start_year = century_start.1;
                            let ambiguous = start_year.rem_euclid(100);
                            f.ambiguous_year = v == ambiguous;
                            v += start_year.div_euclid(100) * 100
                                + if v < ambiguous { 100 } else { 0 };
                        }
                        f.year = (v, f.stamp());
                        pos = end;
                    }
                    Letter::WeekYear => {
                        return Err(strict(
                            at,
                            "'Y' is the week year: Java ignores the month and day with it and \
                             yields the first day of the week year (did you mean 'y'?)",
                        ));
                    }
                    Letter::Month if count <= 2 => {
                        let (v, end, _) = num()?;
                        f.month = (v, f.stamp());
                        pos = end;
                    }
                    Letter::Month => {
                        let (i, end) = match_calendar_name(b, start, &MONTHS, &MONTH_KEYS)
                            .ok_or_else(|| {
                                mismatch(
                                    at,
                                    format!("expected a month name, found {}", describe(b, at)),
                                )
                            })?;
                        f.month = (i as i64 + 1, f.stamp());
                        pos = end;
                    }
                    Letter::DayName => {
                        let (i, end) = match_calendar_name(b, start, &WEEKDAYS, &WEEKDAY_KEYS)
                            .ok_or_else(|| {
                                mismatch(
                                    at,
                                    format!("expected a day name, found {}", describe(b, at)),
                                )
                            })?;
                        f.weekday = (i as i64, f.stamp());
                        pos = end;
                    }
                    Letter::AmPm => {
                        let (i, end) = match_names(b, start, &AM_PM).ok_or_else(|| {
                            mismatch(at, format!("expected AM or PM, found {}", describe(b, at)))
                        })?;
                        f.am_pm = (i as i64, f.stamp());
                        pos = end;
                    }
                    Letter::Era => {
                        let (i, end) = match_names(b, start, &ERAS).ok_or_else(|| {
                            mismatch(at, format!("expected AD or BC, found {}", describe(b, at)))
                        })?;
                        f.era = (i as i64, f.stamp());
                        pos = end;
                    }
                    Letter::GeneralZone | Letter::Rfc822Zone => {
                        let (end, z) = parse_general_zone(b, start, at, zone)?;
                        text_zone = z;
                        pos = end;
                    }
                    Letter::IsoZone => {
                        let c = b[at];
                        let (end, secs) = if c == b'Z' {
                            (at + 1, 0)
                        } else if c == b'+' || c == b'-' {
                            let sign = if c == b'+' { 1 } else { -1 };
                            numeric_zone(b, at + 1, sign, count, count == 3).map_err(|i| {
                                mismatch(
                                    i,
                                    format!(
                                        "expected an offset {} for '{}', found {}",
                                        ["Z or +hh", "Z or +hhmm", "Z or +hh:mm"]
                                            [count as usize - 1],
                                        field(),
                                        describe(b, at)
                                    ),
                                )
                            })?
                        } else {
                            return Err(mismatch(
                                at,
                                format!(
                                    "expected an offset or Z for '{}', found {}",
                                    field(),
                                    describe(b, at)
                                ),
                            ));
                        };
                        if count == 1 && lost_minutes(b, end, tokens.get(ti + 1)) {
                            return Err(strict(
                                end,
                                format!(
                                    "single 'X' reads only the hours of the offset {}; Java \
                                     would silently drop its minutes (use XX for +hhmm or XXX \
                                     for +hh:mm)",
                                    describe(b, at)
                                ),
                            ));
                        }
                        text_zone = TextZone::Offset(secs);
                        pos = end;
                    }
                    Letter::WeekOfYear | Letter::WeekOfMonth | Letter::DayOfWeekInMonth => {
                        return Err(strict(
                            at,
                            format!(
                                "pollctl does not parse '{}' (week-based fields depend on \
                                 Java's locale week rules)",
                                field()
                            ),
                        ));
                    }
                    _ => {
                        let (v, end, digits) = num()?;
                        let stamp = f.stamp();
                        match letter {
                            Letter::DayOfMonth => f.day = (v, stamp),
                            Letter::DayOfYear => f.day_of_year = (v, stamp),
                            Letter::IsoDayOfWeek => {
                                if !(1..=7).contains(&v) {
                                    return Err(strict(
                                        at,
                                        format!("day of week {v} is out of range (1-7 for 'u')"),
                                    ));
                                }
                                f.weekday = (v % 7, stamp)
                            }
                            Letter::Hour0To23 => {
                                range(v, 0, 23, at, (ch, count), "hour")?;
                                f.hour_of_day = (v, stamp)
                            }
                            Letter::Hour1To24 => {
                                range(v, 0, 24, at, (ch, count), "hour")?;
                                f.hour_of_day = (if v == 24 { 0 } else { v }, stamp)
                            }
                            Letter::Hour1To12 => {
                                range(v, 0, 12, at, (ch, count), "hour")?;
                                f.hour = (if v == 12 { 0 } else { v }, stamp)
                            }
                            Letter::Hour0To11 => {
                                range(v, 0, 11, at, (ch, count), "hour")?;
                                f.hour = (v, stamp)
                            }
                            Letter::Minute => {
                                range(v, 0, 59, at, (ch, count), "minute")?;
                                f.minute = v
                            }
                            Letter::Second => {
                                range(v, 0, 59, at, (ch, count), "second")?;
                                f.second = v
                            }
                            Letter::Millisecond => {
                                if digits > 3 {
                                    // `.123456` (APIs return microseconds all the time): read
                                    // as the decimal fraction it is, truncated to the
                                    // millisecond. Java would read 123456 ms (over two
                                    // minutes later); the poller warns once per resource.
                                    let scale = 10i64.checked_pow(digits as u32 - 3);
                                    f.millis = scale.map_or(0, |s| v / s).min(999);
                                } else if digits < (count as usize).min(3) {
                                    // `.5` with `SSS` (Go's RFC3339Nano and others trim
                                    // trailing zeros): the decimal it is, 500 ms. Java would
                                    // read 5 ms, 495 ms early: a window compared with that
                                    // would drop the record as old. Warned once per resource.
                                    f.millis = v * 10i64.pow(3 - digits as u32)
                                } else {
                                    range(v, 0, 999, at, (ch, count), "millisecond")?;
                                    f.millis = v
                                }
                            }
                            _ => {}
                        }
                        pos = end;
                    }
                }
            }
        }
    }
    if pos < b.len() {
        let rest = &b[pos..];
        if !rest.iter().all(|c| *c == b' ' || *c == b'\t') {
            return Err(strict(
                pos,
                format!(
                    "unparsed text {} after the pattern ends (Java would silently ignore it)",
                    describe(b, pos)
                ),
            ));
        }
    }
    resolve(&f, text_zone, zone, century_start, b.len())
}

fn range(
    v: i64,
    lo: i64,
    hi: i64,
    at: usize,
    (ch, count): (char, u32),
    what: &str,
) -> Result<(), Failure> {
    if v < lo || v > hi {
        let field = letter_name(ch, count);
        return Err(strict(
            at,
            format!(
                "{what} {v} is out of range ({lo}-{hi} for '{field}'); Java would roll it over \
                 into the next {}",
                match what {
                    "hour" => "day",
                    "minute" => "hour",
                    "second" => "minute",
                    _ => "second",
                }
            ),
        ));
    }
    Ok(())
}

/// After a single `X` read `+05`, does the text go on with the offset's minutes?
fn lost_minutes(b: &[u8], end: usize, next: Option<&Token>) -> bool {
    let rest = &b[end.min(b.len())..];
    let minutes_follow = match rest {
        [b':', d1, d2, ..] => d1.is_ascii_digit() && d2.is_ascii_digit(),
        [d1, d2, ..] => d1.is_ascii_digit() && d2.is_ascii_digit(),
        _ => false,
    };
    if !minutes_follow {
        return false;
    }
    match next {
        None => true,
        Some(Token::Literal(l)) => l.as_bytes().first().is_none_or(|c| *c != rest[0]),
        Some(Token::Field { .. }) => false,
    }
}

fn parse_general_zone(
    b: &[u8],
    start: usize,
    at: usize,
    zone: &Zone,
) -> Result<(usize, TextZone), Failure> {
    let c = b[at];
    let fail = |i: usize| {
        mismatch(
            i,
            format!(
                "expected a time zone (-0800, GMT-08:00 or a zone name), found {}",
                describe(b, at)
            ),
        )
    };
    if c == b'+' || c == b'-' {
        let sign = if c == b'+' { 1 } else { -1 };
        return numeric_zone(b, at + 1, sign, 0, false)
            .map(|(end, secs)| (end, TextZone::Offset(secs)))
            .map_err(fail);
    }
    if (c == b'G' || c == b'g') && matches_at(b, start, "GMT") {
        let p = start + 3;
        let sign = match b.get(p) {
            Some(b'+') => 1,
            Some(b'-') => -1,
            _ => return Ok((p, TextZone::Offset(0))),
        };
        return numeric_zone(b, p + 1, sign, 0, true)
            .map(|(end, secs)| (end, TextZone::Offset(secs)))
            .map_err(fail);
    }
    zone_name(b, at, zone).ok_or_else(|| fail(at))
}

/// `CalendarBuilder.establish` + lenient-free `GregorianCalendar.computeTime`.
fn resolve(
    f: &Fields,
    text_zone: TextZone,
    zone: &Zone,
    century_start: (i64, i64),
    text_len: usize,
) -> Result<i64, Failure> {
    let at = text_len;
    let mut year = if f.year.1 > 0 { f.year.0 } else { 1970 };
    if f.era.1 > 0 && f.era.0 == 0 {
        // BC: year 1 BC is proleptic year 0.
        if year < 1 {
            return Err(strict(0, format!("year {year} BC is out of range")));
        }
        year = 1 - year;
    } else if !(1..=MAX_YEAR).contains(&year) {
        return Err(strict(
            0,
            format!("year {year} is out of range (1-{MAX_YEAR}); Java would roll it over"),
        ));
    }
    let month = if f.month.1 > 0 { f.month.0 } else { 1 };
    if !(1..=12).contains(&month) {
        return Err(strict(
            0,
            format!(
                "month {month} is out of range (1-12); Java would roll it over into another year"
            ),
        ));
    }
    let compute = |year: i64| -> Result<i64, Failure> {
        let m = month as u32;
        let days = if f.day.1 > 0 || f.day_of_year.1 > 0 {
            if f.day_of_year.1 > f.day.1 {
                let len = if cal::is_leap(year) { 366 } else { 365 };
                let doy = f.day_of_year.0;
                if !(1..=len).contains(&doy) {
                    return Err(strict(
                        0,
                        format!(
                            "day of year {doy} is out of range (1-{len}); Java would roll it over"
                        ),
                    ));
                }
                cal::days_from_civil(year, 1, 1) + doy - 1
            } else {
                let dim = cal::days_in_month(year, m) as i64;
                let d = f.day.0;
                if !(1..=dim).contains(&d) {
                    return Err(strict(
                        0,
                        format!(
                            "day {d} is out of range for {} {year} (1-{dim}); Java would roll it \
                             over into the next month",
                            MONTHS[m as usize - 1]
                        ),
                    ));
                }
                cal::days_from_civil(year, m, d as u32)
            }
        } else if f.weekday.1 > 0 {
            // Java: a day name without a day of month means that weekday's first occurrence.
            let first = cal::days_from_civil(year, m, 1);
            let wd = cal::weekday(first) as i64;
            first + (f.weekday.0 - wd).rem_euclid(7)
        } else {
            cal::days_from_civil(year, m, 1)
        };
        let hod_stamp = f.hour_of_day.1;
        let hour_stamp = if f.hour.1 > 0 && f.am_pm.1 > 0 {
            f.hour.1.max(f.am_pm.1)
        } else {
            0
        };
        let mut best = hod_stamp.max(hour_stamp);
        if best == 0 {
            best = f.hour.1.max(f.am_pm.1);
        }
        let hours = if best == 0 {
            0
        } else if best == hod_stamp {
            f.hour_of_day.0
        } else {
            f.hour.0 + 12 * f.am_pm.0
        };
        let local =
            days * cal::MS_PER_DAY + ((hours * 60 + f.minute) * 60 + f.second) * 1000 + f.millis;
        let utc = match text_zone {
            TextZone::None => zone.local_to_utc(local),
            TextZone::Offset(secs) => Some(local - secs as i64 * 1000),
            TextZone::Name(row, None) => java_table_zone(row).local_to_utc(local),
            TextZone::Name(row, Some(dst)) => java_table_zone(row)
                .raw_offset_at_local(local)
                .map(|raw| local - (raw + dst) as i64 * 1000),
        };
        utc.ok_or_else(|| strict(at, "the date is outside the supported range"))
    };
    let utc = compute(year)?;
    if f.ambiguous_year && utc < century_start.0 {
        return compute(year + 100);
    }
    Ok(utc)
}

/// Fields collected by the fast paths.
struct Quick {
    year: i64,
    month: i64,
    day: i64,
    hod: i64,
    hour: i64,
    am_pm: i64,
    minute: i64,
    second: i64,
    millis: i64,
    weekday_seen: bool,
    offset: Option<i32>,
}

impl Quick {
    fn new() -> Quick {
        Quick {
            year: 1970,
            month: 1,
            day: -1,
            hod: -1,
            hour: -1,
            am_pm: -1,
            minute: 0,
            second: 0,
            millis: 0,
            weekday_seen: false,
            offset: None,
        }
    }

    /// Store a number read for a numeric field; `None` when the full parser must decide.
    #[inline]
    fn set(&mut self, letter: Letter, count: u32, v: i64, digits: usize) -> Option<()> {
        match letter {
            Letter::Year => {
                if count <= 2 && digits == 2 {
                    return None; // two-digit year window: full parser
                }
                self.year = v;
            }
            Letter::Month => self.month = v,
            Letter::DayOfMonth => self.day = v,
            Letter::Hour0To23 if v <= 23 => self.hod = v,
            Letter::Hour1To24 if v <= 24 => self.hod = v % 24,
            Letter::Hour0To11 if v <= 11 => self.hour = v,
            Letter::Hour1To12 if v <= 12 => self.hour = v % 12,
            Letter::Minute if v <= 59 => self.minute = v,
            Letter::Second if v <= 59 => self.second = v,
            // More than 3 digits are a decimal fraction: the full parser reads them.
            // Fewer digits than the pattern's (up to 3) are a trimmed decimal (`.5`): the
            // full parser reads them.
            Letter::Millisecond if v <= 999 && digits <= 3 && digits >= (count as usize).min(3) => {
                self.millis = v
            }
            _ => return None,
        }
        Some(())
    }

    #[inline]
    fn finish(self, zone: &Zone) -> Option<i64> {
        if self.hod >= 0 && (self.hour >= 0 || self.am_pm >= 0) {
            return None; // H and h/a together: the later one wins, full parser
        }
        if self.day < 0 && self.weekday_seen {
            return None; // weekday without a day of month: full parser
        }
        let (year, month) = (self.year, self.month);
        let day = if self.day < 0 { 1 } else { self.day };
        if !(1..=MAX_YEAR).contains(&year)
            || !(1..=12).contains(&month)
            || !(1..=cal::days_in_month(year, month as u32) as i64).contains(&day)
        {
            return None;
        }
        let hours = if self.hod >= 0 {
            self.hod
        } else {
            self.hour.max(0) + 12 * self.am_pm.max(0)
        };
        let days = cal::days_from_civil(year, month as u32, day as u32);
        let local = days * cal::MS_PER_DAY
            + ((hours * 60 + self.minute) * 60 + self.second) * 1000
            + self.millis;
        match self.offset {
            Some(secs) => Some(local - secs as i64 * 1000),
            None => zone.local_to_utc(local),
        }
    }
}

fn is_quick_number(letter: Letter, count: u32) -> bool {
    match letter {
        Letter::Month => count <= 2,
        Letter::Year
        | Letter::DayOfMonth
        | Letter::Hour0To23
        | Letter::Hour1To24
        | Letter::Hour0To11
        | Letter::Hour1To12
        | Letter::Minute
        | Letter::Second
        | Letter::Millisecond => true,
        _ => false,
    }
}

/// A pattern of numbers and literals only, laid out at fixed offsets when every number has
/// exactly its letter count of digits (`yyyy-MM-dd'T'HH:mm:ss.SSS'Z'` is 24 bytes).
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    len: usize,
    literals: Vec<(usize, Box<[u8]>)>,
    numbers: Vec<(usize, Letter, u32)>,
}

impl Layout {
    /// `None` when the pattern has other fields, or a number that a following literal could
    /// extend (a literal starting with a digit or `E`), or a two-digit year.
    pub(crate) fn of(tokens: &[Token]) -> Option<Layout> {
        let mut layout = Layout {
            len: 0,
            literals: Vec::new(),
            numbers: Vec::new(),
        };
        for (i, token) in tokens.iter().enumerate() {
            match token {
                Token::Literal(l) => {
                    layout.literals.push((layout.len, l.as_bytes().into()));
                    layout.len += l.len();
                }
                &Token::Field { letter, count, .. } => {
                    if !is_quick_number(letter, count) || (letter == Letter::Year && count <= 2) {
                        return None;
                    }
                    if let Some(Token::Literal(next)) = tokens.get(i + 1)
                        && next
                            .as_bytes()
                            .first()
                            .is_some_and(|c| c.is_ascii_digit() || *c == b'E')
                    {
                        return None;
                    }
                    layout.numbers.push((layout.len, letter, count));
                    layout.len += count as usize;
                }
            }
        }
        Some(layout)
    }

    /// Parse text of exactly the laid-out shape; `None` otherwise (the caller falls back).
    pub(crate) fn parse(&self, text: &str, zone: &Zone) -> Option<i64> {
        let b = text.as_bytes();
        if b.len() != self.len {
            return None;
        }
        for (off, lit) in &self.literals {
            let ok = match &lit[..] {
                [c] => b[*off] == *c,
                l => &b[*off..*off + l.len()] == l,
            };
            if !ok {
                return None;
            }
        }
        let mut q = Quick::new();
        for &(off, letter, count) in &self.numbers {
            let mut v: i64 = 0;
            for &c in &b[off..off + count as usize] {
                let d = c.wrapping_sub(b'0');
                if d > 9 {
                    return None;
                }
                v = v * 10 + d as i64;
            }
            q.set(letter, count, v, count as usize)?;
        }
        q.finish(zone)
    }
}

/// The hot path: the common shapes (numbers, literals, month/day names, AM/PM, numeric and
/// `Z`/`GMT` zones) in one tight pass with no error reporting. `None` means "not handled here
/// or not valid": the caller then runs [`parse`], which gives the same instant or the reason.
/// Every instant returned here equals [`parse`]'s (tested on all Java fixtures).
pub(crate) fn parse_fast(tokens: &[Token], text: &str, zone: &Zone) -> Option<i64> {
    let b = text.as_bytes();
    let len = b.len();
    let mut pos = 0usize;
    let mut q = Quick::new();
    for token in tokens {
        let (letter, count, obey) = match token {
            Token::Literal(lit) => {
                let l = lit.as_bytes();
                let ok = match l {
                    [c] => b.get(pos) == Some(c),
                    _ => b.get(pos..pos + l.len()) == Some(l),
                };
                if !ok {
                    return None;
                }
                pos += l.len();
                continue;
            }
            Token::Field {
                letter,
                count,
                obey,
                ..
            } => (*letter, *count, *obey),
        };
        let start = pos;
        while pos < len && (b[pos] == b' ' || b[pos] == b'\t') {
            pos += 1;
        }
        if pos >= len {
            return None;
        }
        match letter {
            Letter::Month if count >= 3 => {
                let (i, end) = match_calendar_name(b, start, &MONTHS, &MONTH_KEYS)?;
                q.month = i as i64 + 1;
                pos = end;
            }
            Letter::DayName => {
                let (_, end) = match_calendar_name(b, start, &WEEKDAYS, &WEEKDAY_KEYS)?;
                q.weekday_seen = true;
                pos = end;
            }
            Letter::AmPm => {
                let (i, end) = match_names(b, start, &AM_PM)?;
                q.am_pm = i as i64;
                pos = end;
            }
            Letter::IsoZone => {
                let c = b[pos];
                if c == b'Z' {
                    q.offset = Some(0);
                    pos += 1;
                } else {
                    let sign = match c {
                        b'+' => 1,
                        b'-' => -1,
                        _ => return None,
                    };
                    let (end, secs) = numeric_zone(b, pos + 1, sign, count, count == 3).ok()?;
                    if count == 1 && end < len {
                        return None; // possibly lost minutes: let the full parser decide
                    }
                    q.offset = Some(secs);
                    pos = end;
                }
            }
            Letter::Rfc822Zone | Letter::GeneralZone => {
                let c = b[pos];
                let sign = match c {
                    b'+' => 1,
                    b'-' => -1,
                    _ if pos == start && matches_at(b, pos, "GMT") => {
                        if matches!(b.get(pos + 3), Some(b'+' | b'-')) {
                            return None;
                        }
                        q.offset = Some(0);
                        pos += 3;
                        continue;
                    }
                    _ => return None,
                };
                let (end, secs) = numeric_zone(b, pos + 1, sign, 0, false).ok()?;
                q.offset = Some(secs);
                pos = end;
            }
            _ if is_quick_number(letter, count) => {
                let limit = if obey {
                    let l = start + count as usize;
                    if l > len {
                        return None;
                    }
                    l
                } else {
                    len
                };
                let digits_start = pos;
                let stop = limit.min(pos + 12);
                let mut v: i64 = 0;
                while pos < stop {
                    let d = b[pos].wrapping_sub(b'0');
                    if d > 9 {
                        break;
                    }
                    v = v * 10 + d as i64;
                    pos += 1;
                }
                let digits = pos - digits_start;
                if digits == 0 || (pos < limit && (b[pos] == b'E' || b[pos].is_ascii_digit())) {
                    return None;
                }
                q.set(letter, count, v, digits)?;
            }
            _ => return None,
        }
    }
    if pos < len && !b[pos..].iter().all(|c| *c == b' ' || *c == b'\t') {
        return None;
    }
    q.finish(zone)
}
