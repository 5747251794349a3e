//! Small helpers for reading JSON from the network without trusting it: a
//! missing or mistyped field is a default, never a panic.

use serde_json::Value;

use crate::config::Provider;
use crate::error::{truncate, Fault, LlmError};

/// Parses one event's data, or explains what was wrong with it.
pub(crate) fn parse_event(provider: Provider, data: &str) -> Result<Value, Fault> {
    serde_json::from_str(data).map_err(|error| {
        Fault::Final(LlmError::MalformedStream {
            provider,
            detail: format!("an event is not JSON ({error}): {}", truncate(data, 200)),
        })
    })
}

/// A malformed-stream fault.
pub(crate) fn malformed(provider: Provider, detail: impl Into<String>) -> Fault {
    Fault::Final(LlmError::MalformedStream {
        provider,
        detail: detail.into(),
    })
}

/// The string at `key`, or "".
pub(crate) fn str_at<'a>(value: &'a Value, key: &str) -> &'a str {
    value.get(key).and_then(Value::as_str).unwrap_or("")
}

/// The number at a path of keys, or 0. Floats and negatives count as 0.
pub(crate) fn u64_at(value: &Value, path: &[&str]) -> u64 {
    path.iter()
        .try_fold(value, |value, key| value.get(key))
        .and_then(Value::as_u64)
        .unwrap_or(0)
}

/// Whether a path of keys holds a number (as opposed to being absent).
pub(crate) fn has_number(value: &Value, path: &[&str]) -> bool {
    path.iter()
        .try_fold(value, |value, key| value.get(key))
        .is_some_and(Value::is_u64)
}

/// Feeds JSON event payloads to a decoder as a stream would, stopping at
/// the terminal event or the first fault; for the decoders' unit tests.
#[cfg(test)]
pub(crate) fn decode(
    decoder: &mut dyn crate::decoder::Decoder,
    payloads: &[Value],
) -> (Result<crate::Completion, Fault>, Vec<crate::StreamEvent>) {
    let mut events = Vec::new();
    let mut sink = |event| events.push(event);
    let mut result = None;
    for payload in payloads {
        let data = match payload {
            Value::String(raw) => raw.clone(),
            other => other.to_string(),
        };
        let event = crate::sse::SseEvent {
            name: "message".into(),
            data,
        };
        match decoder.event(&event, &mut sink) {
            Ok(false) => {}
            Ok(true) => {
                result = Some(decoder.finish(true));
                break;
            }
            Err(fault) => {
                result = Some(Err(fault));
                break;
            }
        }
    }
    let result = result.unwrap_or_else(|| decoder.finish(false));
    (result, events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn missing_and_mistyped_fields_are_defaults() {
        let value = json!({"a": {"b": 3, "c": -1, "d": "x"}, "s": "text"});
        assert_eq!(u64_at(&value, &["a", "b"]), 3);
        assert_eq!(u64_at(&value, &["a", "c"]), 0);
        assert_eq!(u64_at(&value, &["a", "d"]), 0);
        assert_eq!(u64_at(&value, &["z"]), 0);
        assert!(has_number(&value, &["a", "b"]));
        assert!(!has_number(&value, &["a", "z"]));
        assert_eq!(str_at(&value, "s"), "text");
        assert_eq!(str_at(&value, "a"), "");
        assert!(parse_event(Provider::Anthropic, "{not json").is_err());
    }
}
