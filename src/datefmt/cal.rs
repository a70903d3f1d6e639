//! Calendar arithmetic matching `java.util.GregorianCalendar`: proleptic Julian before the
//! 1582-10-15 cutover, Gregorian from it. Days are counted from 1970-01-01; years are
//! proleptic (year 0 = 1 BC).

/// Days from 1970-01-01 to the Gregorian cutover, 1582-10-15.
pub(crate) const CUTOVER_DAYS: i64 = -141_427;
const JDN_EPOCH: i64 = 2_440_588;
pub(crate) const MS_PER_DAY: i64 = 86_400_000;

fn jdn_gregorian(y: i64, m: i64, d: i64) -> i64 {
    let a = (14 - m) / 12;
    let yy = y + 4800 - a;
    let mm = m + 12 * a - 3;
    d + (153 * mm + 2) / 5 + 365 * yy + yy.div_euclid(4) - yy.div_euclid(100) + yy.div_euclid(400)
        - 32045
}

fn jdn_julian(y: i64, m: i64, d: i64) -> i64 {
    let a = (14 - m) / 12;
    let yy = y + 4800 - a;
    let mm = m + 12 * a - 3;
    d + (153 * mm + 2) / 5 + 365 * yy + yy.div_euclid(4) - 32083
}

/// Is (y, m, d) a Gregorian-calendar date (on or after the cutover)?
fn is_gregorian_date(y: i64, m: u32, d: u32) -> bool {
    (y, m, d) >= (1582, 10, 15)
}

/// Days since 1970-01-01 of a valid calendar date (Julian before the cutover).
pub(crate) fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let jdn = if is_gregorian_date(y, m, d) {
        jdn_gregorian(y, m as i64, d as i64)
    } else {
        jdn_julian(y, m as i64, d as i64)
    };
    jdn - JDN_EPOCH
}

/// (year, month 1-12, day) of a day count, in the calendar Java uses for that day.
pub(crate) fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let jdn = days + JDN_EPOCH;
    if days >= CUTOVER_DAYS {
        let a = jdn + 32044;
        let b = (4 * a + 3).div_euclid(146_097);
        let c = a - (146_097 * b).div_euclid(4);
        let d = (4 * c + 3).div_euclid(1461);
        let e = c - (1461 * d).div_euclid(4);
        let m = (5 * e + 2).div_euclid(153);
        let day = e - (153 * m + 2).div_euclid(5) + 1;
        let month = m + 3 - 12 * (m / 10);
        let year = 100 * b + d - 4800 + m / 10;
        (year, month as u32, day as u32)
    } else {
        let c = jdn + 32082;
        let d = (4 * c + 3).div_euclid(1461);
        let e = c - (1461 * d).div_euclid(4);
        let m = (5 * e + 2).div_euclid(153);
        let day = e - (153 * m + 2).div_euclid(5) + 1;
        let month = m + 3 - 12 * (m / 10);
        let year = d - 4800 + m / 10;
        (year, month as u32, day as u32)
    }
}

pub(crate) fn is_leap(y: i64) -> bool {
    if y < 1582 {
        y.rem_euclid(4) == 0
    } else {
        y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
    }
}

pub(crate) fn days_in_month(y: i64, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(y) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Day of week, 0 = Sunday … 6 = Saturday.
pub(crate) fn weekday(days: i64) -> u32 {
    (days + 4).rem_euclid(7) as u32
}

/// Day of the year, 1-based.
pub(crate) fn day_of_year(days: i64) -> u32 {
    let (y, _, _) = civil_from_days(days);
    let first = if y == 1582 {
        days_from_civil(1582, 1, 1)
    } else {
        days_from_civil(y, 1, 1)
    };
    (days - first + 1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_cutover() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(1582, 10, 15), CUTOVER_DAYS);
        // Julian 1582-10-04 is the day before Gregorian 1582-10-15.
        assert_eq!(days_from_civil(1582, 10, 4), CUTOVER_DAYS - 1);
        assert_eq!(civil_from_days(CUTOVER_DAYS - 1), (1582, 10, 4));
        for days in [-800_000, -141_428, -141_427, -1, 0, 19_723, 2_932_896] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(weekday(19_723), 1); // Monday
        assert_eq!(day_of_year(days_from_civil(2024, 12, 31)), 366);
    }
}
