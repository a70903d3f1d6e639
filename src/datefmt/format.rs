//! The formatter: `SimpleDateFormat.format` output for every pattern letter.

use super::cal;
use super::parse::{AM_PM, ERAS, MONTHS, SHORT_MONTHS, SHORT_WEEKDAYS, WEEKDAYS};
use super::pattern::{Letter, Token};
use super::zone::Zone;

fn pad(out: &mut String, value: i64, width: u32) {
    let mut buf = [0u8; 24];
    let mut v = value.unsigned_abs();
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    if value < 0 {
        out.push('-');
    }
    let digits = buf.len() - i;
    for _ in digits..width as usize {
        out.push('0');
    }
    for &c in &buf[i..] {
        out.push(c as char);
    }
}

/// Week year and week of year with Java's US rules (weeks start on Sunday; week 1 is the
/// week that contains 1 January).
fn week_fields(days: i64) -> (i64, i64) {
    let saturday = days + (6 - cal::weekday(days) as i64);
    let (week_year, _, _) = cal::civil_from_days(saturday);
    let jan1 = cal::days_from_civil(week_year, 1, 1);
    let week1_sunday = jan1 - cal::weekday(jan1) as i64;
    (week_year, (days - week1_sunday).div_euclid(7) + 1)
}

/// Append `utc_ms` rendered in `zone` to `out`.
pub(crate) fn format(tokens: &[Token], utc_ms: i64, zone: &Zone, out: &mut String) {
    let (offset, _) = zone.offset_at_utc(utc_ms);
    let local = utc_ms + offset as i64 * 1000;
    let days = local.div_euclid(cal::MS_PER_DAY);
    let tod = local.rem_euclid(cal::MS_PER_DAY);
    let (year, month, day) = cal::civil_from_days(days);
    let hour = tod / 3_600_000;
    let minute = tod / 60_000 % 60;
    let second = tod / 1000 % 60;
    let millis = tod % 1000;
    let weekday = cal::weekday(days) as usize;
    let year_of_era = |y: i64| if y <= 0 { 1 - y } else { y };
    for token in tokens {
        let (letter, count) = match token {
            Token::Literal(l) => {
                out.push_str(l);
                continue;
            }
            Token::Field { letter, count, .. } => (*letter, *count),
        };
        match letter {
            Letter::Era => out.push_str(ERAS[usize::from(year > 0)]),
            Letter::Year | Letter::WeekYear => {
                let y = if letter == Letter::Year {
                    year
                } else {
                    week_fields(days).0
                };
                let y = year_of_era(y);
                if count == 2 {
                    pad(out, y % 100, 2);
                } else {
                    pad(out, y, count);
                }
            }
            Letter::Month => match count {
                1 | 2 => pad(out, month as i64, count),
                3 => out.push_str(SHORT_MONTHS[month as usize - 1]),
                _ => out.push_str(MONTHS[month as usize - 1]),
            },
            Letter::DayOfMonth => pad(out, day as i64, count),
            Letter::DayOfYear => pad(out, cal::day_of_year(days) as i64, count),
            Letter::DayName => {
                if count >= 4 {
                    out.push_str(WEEKDAYS[weekday]);
                } else {
                    out.push_str(SHORT_WEEKDAYS[weekday]);
                }
            }
            Letter::DayOfWeekInMonth => {
                // Counted in days actually elapsed since the 1st (October 1582 skips ten).
                let since_first = days - cal::days_from_civil(year, month, 1);
                pad(out, since_first / 7 + 1, count)
            }
            Letter::IsoDayOfWeek => pad(out, if weekday == 0 { 7 } else { weekday as i64 }, count),
            Letter::WeekOfYear => pad(out, week_fields(days).1, count),
            Letter::WeekOfMonth => {
                let first = cal::days_from_civil(year, month, 1);
                let w = (days - first + cal::weekday(first) as i64) / 7 + 1;
                pad(out, w, count)
            }
            Letter::AmPm => out.push_str(AM_PM[usize::from(hour >= 12)]),
            Letter::Hour0To23 => pad(out, hour, count),
            Letter::Hour1To24 => pad(out, if hour == 0 { 24 } else { hour }, count),
            Letter::Hour0To11 => pad(out, hour % 12, count),
            Letter::Hour1To12 => pad(out, if hour % 12 == 0 { 12 } else { hour % 12 }, count),
            Letter::Minute => pad(out, minute, count),
            Letter::Second => pad(out, second, count),
            Letter::Millisecond => pad(out, millis, count),
            Letter::GeneralZone => zone.display_name(utc_ms, count >= 4, out),
            Letter::Rfc822Zone => {
                let minutes = offset / 60;
                out.push(if minutes < 0 { '-' } else { '+' });
                let abs = minutes.abs() as i64;
                pad(out, (abs / 60) * 100 + abs % 60, 4);
            }
            Letter::IsoZone => {
                if offset == 0 {
                    out.push('Z');
                } else {
                    let minutes = offset / 60;
                    out.push(if minutes < 0 { '-' } else { '+' });
                    let abs = minutes.abs() as i64;
                    pad(out, abs / 60, 2);
                    if count == 1 {
                        continue;
                    }
                    if count == 3 {
                        out.push(':');
                    }
                    pad(out, abs % 60, 2);
                }
            }
        }
    }
}
