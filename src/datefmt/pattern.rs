//! Tokenizer for Java `SimpleDateFormat` patterns: letters with counts, quoted literals, `''`.

use super::DateError;

/// A pattern letter from Java's table `GyMdkHmsSEDFwWahKzZYuXL`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Letter {
    /// `G` era designator.
    Era,
    /// `y` year.
    Year,
    /// `Y` week year.
    WeekYear,
    /// `M` / `L` month.
    Month,
    /// `d` day in month.
    DayOfMonth,
    /// `D` day in year.
    DayOfYear,
    /// `E` day name.
    DayName,
    /// `F` day of week in month.
    DayOfWeekInMonth,
    /// `u` day number of week (1 = Monday).
    IsoDayOfWeek,
    /// `w` week in year.
    WeekOfYear,
    /// `W` week in month.
    WeekOfMonth,
    /// `a` AM/PM marker.
    AmPm,
    /// `H` hour 0-23.
    Hour0To23,
    /// `k` hour 1-24.
    Hour1To24,
    /// `K` hour 0-11.
    Hour0To11,
    /// `h` hour 1-12.
    Hour1To12,
    /// `m` minute.
    Minute,
    /// `s` second.
    Second,
    /// `S` millisecond (an integer, not a fraction).
    Millisecond,
    /// `z` general time zone.
    GeneralZone,
    /// `Z` RFC 822 zone.
    Rfc822Zone,
    /// `X` ISO 8601 zone.
    IsoZone,
}

impl Letter {
    fn from_char(c: char) -> Option<Letter> {
        Some(match c {
            'G' => Letter::Era,
            'y' => Letter::Year,
            'Y' => Letter::WeekYear,
            'M' | 'L' => Letter::Month,
            'd' => Letter::DayOfMonth,
            'D' => Letter::DayOfYear,
            'E' => Letter::DayName,
            'F' => Letter::DayOfWeekInMonth,
            'u' => Letter::IsoDayOfWeek,
            'w' => Letter::WeekOfYear,
            'W' => Letter::WeekOfMonth,
            'a' => Letter::AmPm,
            'H' => Letter::Hour0To23,
            'k' => Letter::Hour1To24,
            'K' => Letter::Hour0To11,
            'h' => Letter::Hour1To12,
            'm' => Letter::Minute,
            's' => Letter::Second,
            'S' => Letter::Millisecond,
            'z' => Letter::GeneralZone,
            'Z' => Letter::Rfc822Zone,
            'X' => Letter::IsoZone,
            _ => return None,
        })
    }

    /// Java's `shouldObeyCount`: is this field (with this count) a number that a preceding
    /// numeric field must not run into?
    fn is_abutting_number(self, count: u32) -> bool {
        match self {
            Letter::Month => count <= 2,
            Letter::Year
            | Letter::DayOfMonth
            | Letter::Hour1To24
            | Letter::Hour0To23
            | Letter::Minute
            | Letter::Second
            | Letter::Millisecond
            | Letter::DayOfYear
            | Letter::DayOfWeekInMonth
            | Letter::WeekOfYear
            | Letter::WeekOfMonth
            | Letter::Hour1To12
            | Letter::Hour0To11
            | Letter::WeekYear
            | Letter::IsoDayOfWeek => true,
            _ => false,
        }
    }
}

/// One compiled element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Token {
    /// A pattern letter repeated `count` times; `obey` = the next element is an abutting
    /// numeric field, so a number here reads at most `count` characters.
    Field {
        letter: Letter,
        ch: char,
        count: u32,
        obey: bool,
        /// Column (0-based, in characters) of the field in the pattern, for messages.
        column: usize,
    },
    /// Literal text (quoted or not) that must match exactly.
    Literal(String),
}

fn pattern_error(pattern: &str, reason: String) -> DateError {
    DateError::Pattern {
        pattern: pattern.to_string(),
        reason,
    }
}

/// Compile a pattern the way `SimpleDateFormat.compile` does.
pub(crate) fn tokenize(pattern: &str) -> Result<Vec<Token>, DateError> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut tokens: Vec<Token> = Vec::new();
    let mut literal = String::new();
    let mut i = 0;
    let mut in_quote = false;
    let mut quote_column = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            if chars.get(i + 1) == Some(&'\'') {
                literal.push('\'');
                i += 2;
                continue;
            }
            if !in_quote {
                quote_column = i;
            }
            in_quote = !in_quote;
            i += 1;
            continue;
        }
        if in_quote || !c.is_ascii_alphabetic() {
            literal.push(c);
            i += 1;
            continue;
        }
        let Some(letter) = Letter::from_char(c) else {
            return Err(pattern_error(
                pattern,
                format!(
                    "unknown pattern letter '{c}' at column {} (quote literal text: '{c}')",
                    i + 1
                ),
            ));
        };
        let start = i;
        while i < chars.len() && chars[i] == c {
            i += 1;
        }
        let count = (i - start) as u32;
        if letter == Letter::IsoZone && count > 3 {
            return Err(pattern_error(
                pattern,
                format!(
                    "'{}' at column {}: X takes 1 to 3 letters (X = +hh, XX = +hhmm, XXX = +hh:mm)",
                    "X".repeat(count as usize),
                    start + 1
                ),
            ));
        }
        if !literal.is_empty() {
            tokens.push(Token::Literal(std::mem::take(&mut literal)));
        }
        tokens.push(Token::Field {
            letter,
            ch: c,
            count,
            obey: false,
            column: start + 1,
        });
    }
    if in_quote {
        return Err(pattern_error(
            pattern,
            format!(
                "unbalanced quote at column {}: the quoted text is never closed",
                quote_column + 1
            ),
        ));
    }
    if !literal.is_empty() {
        tokens.push(Token::Literal(literal));
    }
    // Java: a numeric field obeys its count when the next element is an abutting number.
    for idx in 0..tokens.len() {
        let next_numeric = match tokens.get(idx + 1) {
            Some(Token::Field { letter, count, .. }) => letter.is_abutting_number(*count),
            _ => false,
        };
        if let Token::Field { obey, .. } = &mut tokens[idx] {
            *obey = next_numeric;
        }
    }
    Ok(tokens)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_doubled_quotes() {
        let t = tokenize("h 'o''clock' a").unwrap();
        assert_eq!(t[1], Token::Literal(" o'clock ".into()));
        let t = tokenize("''yyyy''").unwrap();
        assert_eq!(t[0], Token::Literal("'".into()));
        assert_eq!(t[2], Token::Literal("'".into()));
    }

    #[test]
    fn obey_count_only_when_abutting_numeric() {
        let t = tokenize("yyyyMMddHHmmss").unwrap();
        let obeys: Vec<bool> = t
            .iter()
            .map(|t| matches!(t, Token::Field { obey: true, .. }))
            .collect();
        assert_eq!(obeys, vec![true, true, true, true, true, false]);
        let t = tokenize("yyyyMMM").unwrap();
        assert!(matches!(t[0], Token::Field { obey: false, .. }));
    }

    #[test]
    fn errors_name_letter_and_column() {
        let e = tokenize("yyyy-MM-dd'T").unwrap_err().to_string();
        assert!(e.contains("unbalanced quote at column 11"), "{e}");
        let e = tokenize("yyyy-MM-dd'T'HH:mm:ss.fff")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown pattern letter 'f' at column 23"), "{e}");
        let e = tokenize("yyyyXXXX").unwrap_err().to_string();
        assert!(e.contains("column 5"), "{e}");
    }
}
