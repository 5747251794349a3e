//! Tool results go back into the pilot's context window, so they are kept
//! short. The start and the end of a long text matter most (a command line
//! and its verdict, the first and last lines of a log), so both are kept and
//! the middle is cut, with a note of how much was cut.

/// Shortens `text` to about `max_chars` characters, keeping its head and tail.
pub fn head_tail(text: &str, max_chars: usize) -> String {
    let count = text.chars().count();
    if count <= max_chars {
        return text.to_string();
    }
    let keep = max_chars.saturating_sub(40);
    let head_len = keep / 2;
    let tail_len = keep - head_len;
    let head: String = text.chars().take(head_len).collect();
    let tail: String = text.chars().skip(count - tail_len).collect();
    format!(
        "{head}\n… [{} characters cut] …\n{tail}",
        count - head_len - tail_len
    )
}

#[cfg(test)]
mod tests {
    use super::head_tail;

    #[test]
    fn short_texts_are_kept_and_long_ones_keep_both_ends() {
        assert_eq!(head_tail("short", 100), "short");
        let long: String = (0..1000)
            .map(|i| char::from(b'a' + (i % 26) as u8))
            .collect();
        let cut = head_tail(&format!("START{long}END"), 200);
        assert!(cut.starts_with("START") && cut.ends_with("END"), "{cut}");
        assert!(cut.contains("characters cut"));
        assert!(cut.chars().count() <= 240);
        // Multi-byte characters are never split.
        let wide = "é".repeat(500);
        assert!(head_tail(&wide, 100)
            .chars()
            .all(|c| c == 'é' || c.is_ascii() || c == '…'));
    }
}
