//! `zwarm sessions --json` prints the JSON the listing index holds for each
//! session, which is already laid out as an element of the pretty array
//! (`zwarm_core::store::element_json`): printing 1,000 sessions is copying
//! bytes, with no session parsed or laid out again.

use std::io::Write;

/// Writes `rows` (each made by `element_json`) as one pretty JSON array,
/// byte for byte what `serde_json::to_string_pretty` gives for the array of
/// their values, and a final newline. Written in chunks that each end with
/// a newline, so a line-buffered stdout passes each through in one `write`
/// instead of holding back its last line for the next.
pub fn write_array<'a>(
    out: &mut impl Write,
    rows: impl ExactSizeIterator<Item = &'a [u8]>,
) -> std::io::Result<()> {
    if rows.len() == 0 {
        return out.write_all(b"[]\n");
    }
    let mut buffer = Vec::with_capacity(CHUNK + 16 * 1024);
    buffer.push(b'[');
    for (i, row) in rows.enumerate() {
        if i > 0 {
            buffer.push(b',');
        }
        buffer.push(b'\n');
        if buffer.len() > CHUNK {
            out.write_all(&buffer)?;
            buffer.clear();
        }
        buffer.extend_from_slice(b"  ");
        buffer.extend_from_slice(row);
    }
    buffer.extend_from_slice(b"\n]\n");
    out.write_all(&buffer)
}

/// Bytes gathered before a `write`.
const CHUNK: usize = 64 * 1024;

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use zwarm_core::store::element_json;

    fn pretty(values: &[serde_json::Value]) -> String {
        let rows: Vec<String> = values.iter().map(|v| element_json(v).unwrap()).collect();
        let mut out = Vec::new();
        write_array(&mut out, rows.iter().map(String::as_bytes)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lays_out_exactly_as_serde_json_does() {
        let cases = vec![
            vec![],
            vec![json!({})],
            vec![json!({"a": [], "b": {}, "c": [1, [2, []], {"d": null}], "e": true})],
            vec![
                json!({"text": "quotes \" and \\ and , : { } [ ] \n \u{1} é 🦀", "n": -1.5e-7}),
                json!({"escaped\"key": "\\", "end": "\\\\", "lines": "one\ntwo\r\n"}),
            ],
            vec![json!([]), json!("plain"), json!(3)],
            // More than one chunk.
            (0..2_000).map(|n| json!({ "n": n, "text": "x".repeat(60) })).collect(),
        ];
        for values in cases {
            let expected = serde_json::to_string_pretty(&values).unwrap() + "\n";
            assert_eq!(pretty(&values), expected);
        }
    }

    #[test]
    fn every_write_ends_a_line() {
        /// Records the last byte of each write.
        #[derive(Default)]
        struct Writes(Vec<u8>);
        impl Write for Writes {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.push(buf.last().copied().unwrap_or(0));
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let rows: Vec<String> = (0..2_000)
            .map(|n| element_json(&json!({ "n": n, "text": "x".repeat(60) })).unwrap())
            .collect();
        let mut writes = Writes::default();
        write_array(&mut writes, rows.iter().map(String::as_bytes)).unwrap();
        assert!(writes.0.len() > 1, "{} writes", writes.0.len());
        assert!(writes.0.iter().all(|&last| last == b'\n'));
    }
}
