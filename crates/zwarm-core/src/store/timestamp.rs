//! Timestamps in the shape zwarm writes them: naive local ISO-8601.
//!
//! Python's `datetime.now().isoformat()` gives `2026-11-25T07:03:12.123456`, or
//! `2026-11-25T07:03:12` when the microseconds happen to be zero. zwarm computes
//! `now - created_at` with a naive `now`, so an offset in the file would make it
//! raise; we therefore always write naive local time, and accept offsets only on
//! input (converting them to local time) so hand-edited or foreign files load.

use std::fmt;

use chrono::{DateTime, Local, NaiveDateTime, Timelike};
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
        if self.0.nanosecond() / 1_000 == 0 {
            write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S"))
        } else {
            write!(f, "{}", self.0.format("%Y-%m-%dT%H:%M:%S%.6f"))
        }
    }
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
    fn now_round_trips_through_json() {
        let t = Timestamp::now();
        let json = serde_json::to_string(&t).unwrap();
        assert_eq!(serde_json::from_str::<Timestamp>(&json).unwrap(), t);
    }
}
