//! `pollctl poll`'s flag values: `--param`, durations, `--since` / `--from-start`.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::cli::PollArgs;
use crate::poll::StartPolicy;
use crate::{Error, Result};

/// A validation warning "{name} in the URL has no value" that `--param name=…` answers.
pub(super) fn supplied_by_param(message: &str, params: &[(String, String)]) -> bool {
    params
        .iter()
        .any(|(k, _)| message.starts_with(&format!("{{{k}}} in the URL has no value")))
}

pub(super) fn parse_params(raw: &[String]) -> Result<Vec<(String, String)>> {
    raw.iter()
        .map(|p| match p.split_once('=') {
            Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
            _ => Err(Error::Usage(format!(
                "--param {p:?}: expected NAME=VALUE, e.g. --param calendarId=primary"
            ))),
        })
        .collect()
}

pub(super) fn positive_duration(flag: &str, v: &str) -> Result<Duration> {
    let d = super::super::duration_flag(flag, v)?;
    if d.is_zero() {
        return Err(Error::Usage(format!(
            "{flag} {v:?}: must be more than zero"
        )));
    }
    Ok(d)
}

/// `--since`: RFC 3339, or a duration ago (`2h`, `90m`, `1day`).
pub fn parse_since(v: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    if let Ok(t) = DateTime::parse_from_rfc3339(v.trim()) {
        return Ok(t.with_timezone(&Utc));
    }
    match humantime::parse_duration(v.trim()) {
        Ok(d) => chrono::Duration::from_std(d)
            .ok()
            .and_then(|d| now.checked_sub_signed(d))
            .ok_or_else(|| Error::Usage(format!("--since {v:?}: too far in the past"))),
        Err(_) => Err(Error::Usage(format!(
            "--since {v:?}: expected an RFC 3339 time (2024-01-02T03:04:05Z) or a duration ago (2h, 30m, 7days)"
        ))),
    }
}

pub(super) fn start_policy(args: &PollArgs) -> Result<StartPolicy> {
    Ok(match (&args.since, args.from_start) {
        (Some(s), _) => StartPolicy::Since(parse_since(s, Utc::now())?),
        (None, true) => StartPolicy::FromStart,
        (None, false) => StartPolicy::Saved,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn since_accepts_rfc3339_and_durations() {
        let now: DateTime<Utc> = "2024-01-02T12:00:00Z".parse().unwrap();
        assert_eq!(
            parse_since("2024-01-01T00:00:00+01:00", now).unwrap(),
            "2023-12-31T23:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert_eq!(
            parse_since("2h", now).unwrap(),
            "2024-01-02T10:00:00Z".parse::<DateTime<Utc>>().unwrap()
        );
        assert!(parse_since("yesterday-ish", now).is_err());
    }

    #[test]
    fn params_need_equals() {
        assert_eq!(
            parse_params(&["a=b=c".into()]).unwrap(),
            vec![("a".to_string(), "b=c".to_string())]
        );
        assert!(parse_params(&["novalue".into()]).is_err());
        assert!(parse_params(&["=v".into()]).is_err());
        assert!(supplied_by_param(
            "{calendarId} in the URL has no value in the configuration",
            &[("calendarId".into(), "primary".into())]
        ));
    }
}
