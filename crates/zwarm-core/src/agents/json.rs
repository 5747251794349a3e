//! Lenient field access on CLI JSON kept as `Value`s (tool inputs and
//! results, entries kept verbatim).
//!
//! The CLIs change their output between versions; a field of an unexpected
//! type must degrade to "absent", never abort the parse of a line.

use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};

use super::lenient::{Obj, Str};

pub(crate) type Object = Map<String, Value>;

/// A string field, or `None` when absent or not a string.
pub(crate) fn str_field<'a>(obj: &'a Object, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

/// A string field as an owned `String`, empty when absent.
pub(crate) fn string_or_empty(obj: &Object, key: &str) -> String {
    str_field(obj, key).unwrap_or_default().to_string()
}

/// An integer field that fits an `i32` (exit codes).
pub(crate) fn i32_field(obj: &Object, key: &str) -> Option<i32> {
    obj.get(key)
        .and_then(Value::as_i64)
        .and_then(|n| i32::try_from(n).ok())
}

/// Human text for a value that may be a string, an object with a `message`, or anything else.
pub(crate) fn message_text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        Value::Object(map) => match str_field(map, "message") {
            Some(m) => Some(m.to_string()),
            None => Some(value.to_string()),
        },
        other => Some(other.to_string()),
    }
}

/// [`message_text`] of a field captured unparsed, without building a `Value`
/// for the usual `{"message": "..."}` shape.
pub(crate) fn error_text(raw: Option<&RawValue>) -> Option<String> {
    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct WithMessage<'a> {
        #[serde(borrow)]
        message: Str<'a>,
    }
    let raw = raw?;
    if let Ok(Obj(Some(WithMessage {
        message: Str(Some(message)),
    }))) = serde_json::from_str::<Obj<WithMessage>>(raw.get())
    {
        return Some(message.into_owned());
    }
    message_text(&value_of(Some(raw)))
}

/// The line, or the value at a JSON pointer into it, as a `Value`: for the
/// rare entries kept verbatim, which the typed line structs do not build.
pub(crate) fn reread(line: &str, pointer: &str) -> Value {
    let Ok(mut value) = serde_json::from_str::<Value>(line) else {
        return Value::Null;
    };
    value
        .pointer_mut(pointer)
        .map(Value::take)
        .unwrap_or(Value::Null)
}

/// A field captured unparsed by a typed line struct, built into a `Value` now
/// that it is needed; `Null` when it was absent or null.
pub(crate) fn value_of(raw: Option<&RawValue>) -> Value {
    raw.and_then(|raw| serde_json::from_str(raw.get()).ok())
        .unwrap_or(Value::Null)
}
