//! A blank task or message is refused by the core, so `zwarm` and the app
//! refuse it alike, before anything is made.

use zwarm_core::agents::Adapter;
use zwarm_core::engine::{EngineError, StartRequest};

use super::support::engine_in;

#[test]
fn a_blank_task_or_message_is_refused_before_anything_is_made() {
    let dir = tempfile::tempdir().unwrap();
    let engine = engine_in(dir.path());
    for task in ["", " \n\t "] {
        let request = StartRequest {
            task: task.into(),
            adapter: Adapter::Codex,
            model: None,
            mode: None,
            working_dir: None,
            source: "user".into(),
            isolation: None,
        };
        let err = engine.start(request).unwrap_err();
        assert!(matches!(err, EngineError::EmptyTask), "{err}");
    }
    assert!(engine.list(None).unwrap().sessions.is_empty());
    let err = engine.continue_session("anything", "  ").unwrap_err();
    assert!(matches!(err, EngineError::EmptyMessage), "{err}");
}
