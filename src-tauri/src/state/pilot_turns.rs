//! The pilot turns running in this window, so Stop can reach them and a
//! second send to a busy pilot is refused.

use std::collections::HashMap;
use std::sync::Mutex;

use zwarm_core::llm::CancellationToken;

use crate::error::{CommandError, CommandResult};

/// The running pilot turns of this window, so Stop can reach them.
#[derive(Default)]
pub struct PilotTurns(Mutex<HashMap<String, CancellationToken>>);

impl PilotTurns {
    pub fn begin(&self, pilot: &str) -> CommandResult<CancellationToken> {
        let mut turns = self.0.lock().map_err(|_| CommandError::from("pilot registry poisoned"))?;
        if turns.contains_key(pilot) {
            return Err(CommandError::from("this pilot is already answering; wait for it or press Stop"));
        }
        let token = CancellationToken::new();
        turns.insert(pilot.to_string(), token.clone());
        Ok(token)
    }

    pub fn end(&self, pilot: &str) {
        if let Ok(mut turns) = self.0.lock() {
            turns.remove(pilot);
        }
    }

    pub fn cancel(&self, pilot: &str) -> bool {
        match self.0.lock().ok().and_then(|turns| turns.get(pilot).cloned()) {
            Some(token) => {
                token.cancel();
                true
            }
            None => false,
        }
    }

    pub fn is_running(&self, pilot: &str) -> bool {
        self.0.lock().map(|turns| turns.contains_key(pilot)).unwrap_or(false)
    }
}
