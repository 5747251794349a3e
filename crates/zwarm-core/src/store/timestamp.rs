//! Timestamps in the shape zwarm writes them: naive local ISO-8601.
//!
//! Python's `datetime.now().isoformat()` gives `2026-11-25T07:03:12.123456`, or
//! `2026-11-25T07:03:12` when the microseconds happen to be zero. zwarm computes
//! `now - created_at` with a naive `now`, so an offset in the file would make it
//! raise; we therefore always write naive local time, and accept offsets only on
//! input (converting them to local time) so hand-edited or foreign files load.

use std::fmt;

use chrono::{DateTime, Datelike, Local, NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A local wall-clock time without offset, serialized like Python's `isoformat()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Timestamp(NaiveDateTime);

impl Timestamp {
    /// The current local time, truncated to microseconds (Python's precision),
    /// so a value survives a write/read round trip unchanged.
    pub fn now() -> Self {
        Self::from_naive(Local::now().naive_local())
    }

    /// Wraps a naive local time, truncated to microseconds.
    pub fn from_naive(naive: NaiveDateTime) -> Self {
        let micros = naive.nanosecond() / 1_000 * 1_000;
        Self(naive.with_nanosecond(micros).unwrap_or(naive))
    }

    /// The naive local time.
    pub fn naive(&self) -> NaiveDateTime {
        self.0
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.ffffff][offset]`; an offset is converted to
    /// local time. A space instead of `T` is accepted too, as Python's
    /// `fromisoformat` does.
    pub fn parse(text: &str) -> Result<Self, chrono::ParseError> {
        let text = text.trim();
        let normalized;
        let text = if text.as_bytes().get(10) == Some(&b' ') {
            normalized = format!("{}T{}", &text[..10], &text[11..]);
            normalized.as_str()
        } else {
            text
        };
        if let Some(naive) = parse_plain(text) {
            return Ok(Self::from_naive(naive));
        }
        match NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f") {
            Ok(naive) => Ok(Self::from_naive(naive)),
            Err(naive_err) => match DateTime::parse_from_rfc3339(text) {
                Ok(aware) => Ok(Self::from_naive(aware.with_timezone(&Local).naive_local())),
                Err(_) => Err(naive_err),
            },
        }
    }
}

impl fmt::Display for Timestamp {
    /// Python's `isoformat()`: microseconds only when non-zero.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(text) = format_plain(&self.0) {
            // The buffer holds ASCII digits and separators only.
            return f.write_str(std::str::from_utf8(&text.0[..text.1]).map_err(|_| fmt::Error)?);
        }
        if self.0.nanosecond() / 1_000 == 0 {
            write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S"))
        } else {
            write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S%.6f"))
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SS[.f{1,9}]`, the shape zwarm writes, read without
/// chrono's format-string interpreter: a listing reads a dozen times per
/// session, and that interpreter made a fifth of the cost of parsing a
/// meta.json. Anything else (offsets, leap seconds, other widths) is `None`
/// and goes to the general parser, so the results are the same.
fn parse_plain(text: &str) -> Option<NaiveDateTime> {
    let b = text.as_bytes();
    let separators = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')];
    if b.len() < 19 || separators.iter().any(|&(at, c)| b[at] != c) {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let nanos = match &b[19..] {
        [] => 0,
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            number(digits)? * 10u32.pow(9 - digits.len() as u32)
        }
        _ => return None,
    };
    let second = number(&b[17..19])?;
    if second > 59 {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(
        i32::try_from(number(&b[..4])?).ok()?,
        number(&b[5..7])?,
        number(&b[8..10])?,
    )?;
    let time =
        NaiveTime::from_hms_nano_opt(number(&b[11..13])?, number(&b[14..16])?, second, nanos)?;
    Some(date.and_time(time))
}

/// Python's `isoformat()` of a year 0..=9999 without a leap second, written
/// without chrono's format interpreter (for the same reason as
/// [`parse_plain`]): the bytes and how many of them are used.
fn format_plain(at: &NaiveDateTime) -> Option<([u8; 26], usize)> {
    let year = u32::try_from(at.year()).ok().filter(|y| *y <= 9999)?;
    let nanos = at.nanosecond();
    if nanos >= 1_000_000_000 {
        return None;
    }
    let mut out = *b"0000-00-00T00:00:00.000000";
    let mut put = |end: usize, mut value: u32, width: usize| {
        for i in 0..width {
            out[end - i - 1] = b'0' + (value % 10) as u8;
            value /= 10;
        }
    };
    put(4, year, 4);
    put(7, at.month(), 2);
    put(10, at.day(), 2);
    put(13, at.hour(), 2);
    put(16, at.minute(), 2);
    put(19, at.second(), 2);
    let micros = nanos / 1_000;
    if micros == 0 {
        return Some((out, 19));
    }
    put(26, micros, 6);
    Some((out, 26))
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&text).map_err(|err| {
            serde::de::Error::custom(format!(
                "`{text}` is not an ISO-8601 time like 2026-11-25T07:03:12.123456: {err}"
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_like_python_isoformat() {
        let t = Timestamp::parse("2026-11-25T07:03:12.123456").unwrap();
        assert_eq!(t.to_string(), "2026-11-25T07:03:12.123456");
        let t = Timestamp::parse("2026-11-25T07:03:12").unwrap();
        assert_eq!(t.to_string(), "2026-11-25T07:03:12");
        let t = Timestamp::parse("2026-11-25T07:03:12.5").unwrap();
        assert_eq!(t.to_string(), "2026-11-25T07:03:12.500000");
    }

    #[test]
    fn accepts_offsets_and_space_separator() {
        let utc = Timestamp::parse("2026-11-25T07:03:12.123456+00:00").unwrap();
        let zulu = Timestamp::parse("2026-11-25T07:03:12.123456Z").unwrap();
        assert_eq!(utc, zulu);
        let expected = DateTime::parse_from_rfc3339("2026-11-25T07:03:12.123456Z")
            .unwrap()
            .with_timezone(&Local)
            .naive_local();
        assert_eq!(utc.naive(), expected);
        assert!(Timestamp::parse("2026-11-25 07:03:12").is_ok());
        assert!(Timestamp::parse("yesterday").is_err());
    }

    #[test]
    fn the_fast_paths_agree_with_chrono() {
        let texts = [
            "2026-11-25T07:03:12.123456",
            "2026-11-25T07:03:12",
            "2026-11-25T07:03:12.5",
            "2026-11-25T07:03:12.123456789",
            "0001-01-01T00:00:00.000001",
            "2024-02-29T23:59:59.999999",
        ];
        for text in texts {
            let fast = parse_plain(text).unwrap();
            let slow = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%.f").unwrap();
            assert_eq!(fast, slow, "{text}");
            let t = Timestamp::from_naive(fast);
            let chrono_text = if t.0.nanosecond() / 1_000 == 0 {
                t.0.format("%Y-%m-%dT%H:%M:%S").to_string()
            } else {
                t.0.format("%Y-%m-%dT%H:%M:%S%.6f").to_string()
            };
            assert_eq!(t.to_string(), chrono_text, "{text}");
        }
        for odd in [
            "2023-02-29T00:00:00",
            "2026-11-25T24:00:00",
            "2026-11-25T07:03:60",
            "2026-11-25T07:03:12.",
            "2026-11-25T07:03:12.1234567890",
            "2026-11-25T07:03:12+01:00",
            "2026-1-25T07:03:12",
            "+2026-11-25T07:03:1",
        ] {
            assert_eq!(parse_plain(odd), None, "{odd}");
        }
    }

    #[test]
    fn now_round_trips_through_json() {
        let t = Timestamp::now();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
    }
}
