//! Typed, borrowed, lenient reading of CLI lines.
//!
//! The CLIs change their output between versions, so a field of an
//! unexpected JSON type must degrade to "absent", never fail the line. The
//! obvious way to get that, a `serde_json::Value` per line, builds a map and a
//! `String` per key and value and capped parsing at about half the speed of
//! serde_json itself. These wrappers give the same leniency to typed structs:
//! each one accepts ANY JSON value, keeps it when it has the expected type and
//! skips it otherwise, without building anything. Strings borrow from the
//! line when they hold no escapes. Fields a parser does not name are skipped
//! by serde without being built at all.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// Reads one line into a typed line struct; `None` when it is not a JSON
/// object or the struct refuses it (a duplicate key).
///
/// The line is text already: [`TurnLog`](super::TurnLog) checks UTF-8 once
/// for the whole line (serde_json, reading bytes, would check each string,
/// keys included, on its own, which cost a sixth of the parse on Codex's
/// short lines) and decodes a line with invalid UTF-8 lossily.
pub(crate) fn read_object<'a, T: Deserialize<'a>>(line: &'a str) -> Option<T> {
    // Only an object may take the struct path: serde would also accept an array.
    if !line.starts_with('{') {
        return None;
    }
    serde_json::from_str(line).ok()
}

/// The visitor methods for numbers, booleans and null, all answering `$other`.
macro_rules! other_for_scalars {
    ($other:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Ok($other)
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Ok($other)
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Ok($other)
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Ok($other)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($other)
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok($other)
        }
    };
}

/// A JSON number or boolean as seen by the lenient wrappers; strings and
/// containers are skipped.
enum Scalar {
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Bool(bool),
    /// null, a string, an array, an object.
    Other,
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = Scalar;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Scalar::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Scalar::Signed(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Scalar::Unsigned(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Scalar::Float(v))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Scalar::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Other)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Scalar::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        skip_seq(seq).map(|()| Scalar::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        skip_map(map).map(|()| Scalar::Other)
    }
}

fn skip_seq<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

fn skip_map<'de, A: MapAccess<'de>>(mut map: A) -> Result<(), A::Error> {
    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
    Ok(())
}

fn scalar<'de, D: Deserializer<'de>>(d: D) -> Result<Scalar, D::Error> {
    d.deserialize_any(ScalarVisitor)
}

/// A string field; `None` when absent or of another type.
#[derive(Debug, Default)]
pub(crate) struct Str<'a>(pub Option<Cow<'a, str>>);

impl<'a> Str<'a> {
    pub fn as_str(&self) -> Option<&str> {
        self.0.as_deref()
    }

    /// The text, empty when absent.
    pub fn or_empty(&self) -> &str {
        self.0.as_deref().unwrap_or_default()
    }

    /// The text as an owned `String` (a move when it was already unescaped), empty when absent.
    pub fn into_string(self) -> String {
        self.0.map(Cow::into_owned).unwrap_or_default()
    }
}

struct StrVisitor;

impl<'de> Visitor<'de> for StrVisitor {
    type Value = Str<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Str(Some(Cow::Borrowed(v))))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Str(Some(Cow::Owned(v.to_string()))))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Str(Some(Cow::Owned(v))))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        skip_seq(seq).map(|()| Str(None))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        skip_map(map).map(|()| Str(None))
    }

    other_for_scalars!(Str(None));
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(StrVisitor)
    }
}

/// A non-negative integer field (`Value::as_u64` semantics).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct U64(pub Option<u64>);

impl<'de> Deserialize<'de> for U64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(U64(match scalar(d)? {
            Scalar::Unsigned(n) => Some(n),
            _ => None,
        }))
    }
}

/// An integer field (`Value::as_i64` semantics).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct I64(pub Option<i64>);

impl<'de> Deserialize<'de> for I64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(I64(match scalar(d)? {
            Scalar::Unsigned(n) => i64::try_from(n).ok(),
            Scalar::Signed(n) => Some(n),
            _ => None,
        }))
    }
}

/// A number field read as `f64` (`Value::as_f64` semantics).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct F64(pub Option<f64>);

impl<'de> Deserialize<'de> for F64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(F64(match scalar(d)? {
            Scalar::Unsigned(n) => Some(n as f64),
            Scalar::Signed(n) => Some(n as f64),
            Scalar::Float(n) => Some(n),
            _ => None,
        }))
    }
}

/// A boolean field, `false` when absent or of another type.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Bool(pub bool);

impl<'de> Deserialize<'de> for Bool {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Bool(matches!(scalar(d)?, Scalar::Bool(true))))
    }
}

/// A flag that says something went wrong (Claude's `is_error`): set unless
/// it is absent or `false`. Unlike [`Bool`], a value of another type (a
/// string `"true"`, a number, null) counts as set, so a line that claims an
/// error in an unexpected shape is never read as a success.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct ErrorFlag(pub bool);

impl<'de> Deserialize<'de> for ErrorFlag {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(ErrorFlag(!matches!(scalar(d)?, Scalar::Bool(false))))
    }
}

/// A nested object read as `T`; `None` when the field is not an object
/// (a derived struct alone would also accept an array, by position).
#[derive(Debug)]
pub(crate) struct Obj<T>(pub Option<T>);

impl<T> Default for Obj<T> {
    fn default() -> Self {
        Obj(None)
    }
}

struct ObjVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjVisitor<T> {
    type Value = Obj<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(|t| Obj(Some(t)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        skip_seq(seq).map(|()| Obj(None))
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(Obj(None))
    }

    other_for_scalars!(Obj(None));
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Obj<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ObjVisitor(PhantomData))
    }
}

/// A list field read as `Vec<T>`; empty when the field is not a list. Use a
/// lenient `T` ([`Obj`], [`Str`]) so that one odd element does not fail the line.
#[derive(Debug)]
pub(crate) struct List<T>(pub Vec<T>);

impl<T> Default for List<T> {
    fn default() -> Self {
        List(Vec::new())
    }
}

struct ListVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ListVisitor<T> {
    type Value = List<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(List(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        skip_map(map).map(|()| List::default())
    }

    fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
        Ok(List::default())
    }

    other_for_scalars!(List::default());
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for List<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ListVisitor(PhantomData))
    }
}

/// A field that is either a string or a container read as `T` (Claude's
/// `message`: an object on assistant and user lines, a string on permission
/// notices; a message's `content`: a list of blocks, or a plain string).
/// Use [`Obj`] or [`List`] for `T`: they check which container it is.
#[derive(Debug, Default)]
pub(crate) enum TextOr<'a, T> {
    Text(Cow<'a, str>),
    Container(T),
    /// Absent, or a number, a boolean or null.
    #[default]
    Absent,
}

struct TextOrVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for TextOrVisitor<T> {
    type Value = TextOr<'de, T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(TextOr::Container)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        T::deserialize(SeqAccessDeserializer::new(seq)).map(TextOr::Container)
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(TextOr::Text(Cow::Borrowed(v)))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(TextOr::Text(Cow::Owned(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(TextOr::Text(Cow::Owned(v)))
    }

    other_for_scalars!(TextOr::Absent);
}

impl<'de: 'a, 'a, T: Deserialize<'de>> Deserialize<'de> for TextOr<'a, T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextOrVisitor(PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Probe<'a> {
        #[serde(borrow)]
        s: Str<'a>,
        u: U64,
        i: I64,
        f: F64,
        b: Bool,
        o: Obj<Inner>,
        l: List<U64>,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Inner {
        n: U64,
    }

    #[derive(Deserialize, Default)]
    #[serde(default)]
    struct Shapes<'a> {
        #[serde(borrow)]
        message: TextOr<'a, Obj<Inner>>,
        #[serde(borrow)]
        content: TextOr<'a, List<U64>>,
    }

    #[test]
    fn text_or_container_checks_which_container_it_got() {
        let shapes = |json: &'static str| serde_json::from_str::<Shapes>(json).unwrap();
        let s = shapes(r#"{"message":"hi","content":[1,"x"]}"#);
        assert!(matches!(s.message, TextOr::Text(Cow::Borrowed("hi"))));
        let TextOr::Container(List(items)) = s.content else {
            panic!("content is a list")
        };
        assert_eq!(
            items.iter().map(|n| n.0).collect::<Vec<_>>(),
            [Some(1), None]
        );
        let s = shapes(r#"{"message":{"n":3},"content":{"n":3}}"#);
        assert!(matches!(
            s.message,
            TextOr::Container(Obj(Some(Inner { n: U64(Some(3)) })))
        ));
        assert!(matches!(s.content, TextOr::Container(List(ref l)) if l.is_empty()));
        let s = shapes(r#"{"message":[{"n":3}],"content":7}"#);
        assert!(matches!(s.message, TextOr::Container(Obj(None))));
        assert!(matches!(s.content, TextOr::Absent));
    }

    fn probe(json: &str) -> Probe<'_> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn expected_types_are_kept_and_strings_borrow_when_unescaped() {
        let p = probe(r#"{"s":"plain","u":7,"i":-3,"f":0.5,"b":true,"o":{"n":2},"l":[1,2]}"#);
        assert!(matches!(p.s.0, Some(Cow::Borrowed("plain"))));
        assert_eq!(
            (p.u.0, p.i.0, p.f.0, p.b.0),
            (Some(7), Some(-3), Some(0.5), true)
        );
        assert_eq!(p.o.0.map(|inner| inner.n.0), Some(Some(2)));
        let list: Vec<_> = p.l.0.iter().map(|n| n.0).collect();
        assert_eq!(list, [Some(1), Some(2)]);
        assert_eq!(probe(r#"{"s":"a\nb"}"#).s.as_str(), Some("a\nb"));
    }

    #[test]
    fn other_types_degrade_to_absent_without_failing_the_line() {
        for odd in [
            "null",
            r#"[1,{"x":[]}]"#,
            r#"{"deep":{"x":1}}"#,
            "false",
            "1.5",
        ] {
            let json = format!(r#"{{"s":{odd},"u":{odd},"i":{odd},"b":{odd}}}"#);
            let p = probe(&json);
            assert_eq!(
                (p.s.as_str(), p.u.0, p.i.0, p.b.0),
                (None, None, None, false),
                "{odd}"
            );
        }
        let p = probe(
            r#"{"u":-1,"i":18446744073709551615,"f":"1","b":"true","s":5,"o":[{"n":1}],"l":{"0":1}}"#,
        );
        assert_eq!(
            (p.u.0, p.i.0, p.f.0, p.b.0, p.s.as_str()),
            (None, None, None, false, None)
        );
        assert!(p.o.0.is_none());
        assert!(p.l.0.is_empty());
        assert_eq!(probe(r#"{"u":1.0}"#).u.0, None);
    }

    #[test]
    fn an_error_flag_is_set_unless_absent_or_false() {
        #[derive(Deserialize, Default)]
        #[serde(default)]
        struct Flagged {
            is_error: ErrorFlag,
        }
        let flag = |json: &str| serde_json::from_str::<Flagged>(json).unwrap().is_error.0;
        assert!(!flag("{}"));
        assert!(!flag(r#"{"is_error":false}"#));
        assert!(flag(r#"{"is_error":true}"#));
        for odd in [
            r#""true""#,
            r#""false""#,
            "1",
            "0",
            "null",
            "[]",
            r#"{"x":1}"#,
        ] {
            assert!(flag(&format!(r#"{{"is_error":{odd}}}"#)), "{odd}");
        }
        assert_eq!(probe(r#"{"f":3}"#).f.0, Some(3.0));
    }
}
