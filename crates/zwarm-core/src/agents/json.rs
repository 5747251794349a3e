//! Lenient field access on CLI JSON.
//!
//! The CLIs change their output between versions; a field of an unexpected
//! type must degrade to "absent", never abort the parse of a line.

use serde_json::{Map, Value};

pub(crate) type Object = Map<String, Value>;

/// A string field, or `None` when absent or not a string.
pub(crate) fn str_field<'a>(obj: &'a Object, key: &str) -> Option<&'a str> {
    obj.get(key).and_then(Value::as_str)
}

/// A string field as an owned `String`, empty when absent.
pub(crate) fn string_or_empty(obj: &Object, key: &str) -> String {
    str_field(obj, key).unwrap_or_default().to_string()
}

/// Moves a string field out of the object (no copy), empty when absent or not a string.
pub(crate) fn take_string(obj: &mut Object, key: &str) -> String {
    match obj.remove(key) {
        Some(Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A non-negative integer field, 0 when absent or of another type.
pub(crate) fn u64_field(obj: &Object, key: &str) -> u64 {
    obj.get(key).and_then(Value::as_u64).unwrap_or(0)
}

/// An integer field that fits an `i32` (exit codes).
pub(crate) fn i32_field(obj: &Object, key: &str) -> Option<i32> {
    obj.get(key)
        .and_then(Value::as_i64)
        .and_then(|n| i32::try_from(n).ok())
}

/// A nested object field.
pub(crate) fn obj_field<'a>(obj: &'a Object, key: &str) -> Option<&'a Object> {
    obj.get(key).and_then(Value::as_object)
}

/// Moves a field out of the object (no clone), `Value::Null` when absent.
pub(crate) fn take(obj: &mut Object, key: &str) -> Value {
    obj.remove(key).unwrap_or(Value::Null)
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
