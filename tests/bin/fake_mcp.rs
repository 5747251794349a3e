//! `fake-mcp`: a stdio MCP server with one tool, `echo`, started by the real
//! agent CLIs in the `agents` tests (protocol answers in `fake_llm::mcp`).

use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut stdout = std::io::stdout();
    for line in stdin.lock().lines() {
        let Ok(line) = line else { break };
        if let Some(reply) = fake_llm::mcp::reply_to_line(&line) {
            if writeln!(stdout, "{reply}")
                .and_then(|_| stdout.flush())
                .is_err()
            {
                break;
            }
        }
    }
}
