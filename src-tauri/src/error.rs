//! The error every command returns: a message meant for the user.

use serde::Serialize;
use specta::Type;

#[derive(Debug, Clone, Serialize, Type)]
pub struct CommandError {
    pub message: String,
}

impl<E: std::fmt::Display> From<E> for CommandError {
    fn from(error: E) -> Self {
        Self { message: error.to_string() }
    }
}

pub type CommandResult<T> = Result<T, CommandError>;
