//! `zwarm sessions --json` prints the compact JSON the listing index holds
//! for each session, laid out exactly as `serde_json::to_string_pretty`
//! would lay out the parsed session: parsing 1,000 sessions only to print
//! them again would cost more than the whole rest of the command.

use std::io::Write;

/// Writes `rows` (each compact JSON as serde_json writes it) as one pretty
/// JSON array, byte for byte what `serde_json::to_string_pretty` gives for
/// the array of their values, and a final newline. Written in chunks that
/// each end with a newline, so a line-buffered stdout passes each through
/// in one `write` instead of holding back its last line for the next.
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
        write_value(&mut buffer, row, 1);
    }
    buffer.extend_from_slice(b"\n]\n");
    out.write_all(&buffer)
}

/// Bytes gathered before a `write`.
const CHUNK: usize = 64 * 1024;

/// Lays out one compact JSON value at nesting `depth`: two spaces per
/// level, `": "` after keys, empty arrays and objects kept as `[]` and `{}`.
/// Strings are copied as they are, escapes included.
fn write_value(out: &mut Vec<u8>, compact: &[u8], mut depth: usize) {
    let mut i = 0;
    while let Some(&c) = compact.get(i) {
        match c {
            b'"' => {
                let end = string_end(compact, i + 1);
                out.extend_from_slice(&compact[i..end]);
                i = end;
                continue;
            }
            b'{' | b'[' => {
                let close = if c == b'{' { b'}' } else { b']' };
                if compact.get(i + 1) == Some(&close) {
                    out.extend_from_slice(&[c, close]);
                    i += 2;
                    continue;
                }
                depth += 1;
                out.push(c);
                newline(out, depth);
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                newline(out, depth);
                out.push(c);
            }
            b',' => {
                out.push(b',');
                newline(out, depth);
            }
            b':' => out.extend_from_slice(b": "),
            _ => out.push(c),
        }
        i += 1;
    }
}

/// The index just past the closing quote of the string whose content
/// starts at `from` (or the end, for a string cut short).
fn string_end(compact: &[u8], mut from: usize) -> usize {
    loop {
        match memchr::memchr2(b'"', b'\\', &compact[from..]) {
            Some(at) if compact[from + at] == b'\\' => from += at + 2,
            Some(at) => return from + at + 1,
            None => return compact.len(),
        }
        if from >= compact.len() {
            return compact.len();
        }
    }
}

fn newline(out: &mut Vec<u8>, depth: usize) {
    out.push(b'\n');
    out.extend(std::iter::repeat_n(b' ', depth * 2));
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pretty(values: &[serde_json::Value]) -> String {
        let compact: Vec<String> = values.iter().map(|v| v.to_string()).collect();
        let mut out = Vec::new();
        write_array(&mut out, compact.iter().map(String::as_bytes)).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn lays_out_exactly_as_serde_json_does() {
        let cases = vec![
            vec![],
            vec![json!({})],
            vec![json!({"a": [], "b": {}, "c": [1, [2, []], {"d": null}], "e": true})],
            vec![
                json!({"text": "quotes \" and \\ and , : { } [ ] \u{1} é 🦀", "n": -1.5e-7}),
                json!({"escaped\"key": "\\", "end": "\\\\"}),
            ],
            vec![json!([]), json!("plain"), json!(3)],
            // Escapes on both sides of where the scan turns to memchr.
            (20..28)
                .map(|n| json!({ "x".repeat(n): format!("{}\"{}\\{{}}", "y".repeat(n), "z".repeat(40)) }))
                .collect(),
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
        /// Records the size and last byte of each write.
        #[derive(Default)]
        struct Writes(Vec<(usize, u8)>);
        impl Write for Writes {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                self.0.push((buf.len(), buf.last().copied().unwrap_or(0)));
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let rows: Vec<String> = (0..2_000)
            .map(|n| json!({ "n": n, "text": "x".repeat(60) }).to_string())
            .collect();
        let mut writes = Writes::default();
        write_array(&mut writes, rows.iter().map(String::as_bytes)).unwrap();
        assert!(writes.0.len() > 1, "{} writes", writes.0.len());
        assert!(writes.0.iter().all(|&(_, last)| last == b'\n'));
    }
}
