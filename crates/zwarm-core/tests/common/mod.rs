//! Helpers shared by the engine-level integration tests: a stand-in agent CLI
//! (a shell script), waiting for a turn to end, and what zwarm 3.x needs to
//! read a meta.json. Each test target uses some of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use zwarm_core::engine::Engine;
use zwarm_core::store::{SessionMeta, Timestamp};

/// A stand-in CLI named `name` in `dir` that prints `output` whatever it is
/// asked, and keeps what it was given (argv, then stdin) in `dir/given.txt`.
pub fn fake_cli(dir: &Path, name: &str, output: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join(name);
    let lines = dir.join(format!("{name}.out"));
    std::fs::write(&lines, output).unwrap();
    let given = dir.join("given.txt");
    let script = format!(
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{g}'\ncat >> '{g}'\ncat '{l}'\n",
        g = given.display(),
        l = lines.display()
    );
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path
}

/// The session once its turn has ended (a hang guard, not a timing test).
pub fn wait_ended(engine: &Engine, id: &str) -> SessionMeta {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let meta = engine.refresh(id).unwrap();
        if meta.status.is_ended() || Instant::now() > deadline {
            return meta;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every key zwarm reads, with the JSON type it expects.
pub fn assert_zwarm_readable(v: &Value) {
    for key in [
        "id",
        "task",
        "status",
        "working_dir",
        "created_at",
        "updated_at",
        "model",
        "source",
        "adapter",
    ] {
        assert!(v[key].is_string(), "{key} should be a string in {v}");
    }
    for key in ["pid", "exit_code"] {
        assert!(
            v[key].is_null() || v[key].is_i64(),
            "{key} should be int or null in {v}"
        );
    }
    assert!(v["error"].is_null() || v["error"].is_string());
    assert!(v["turn"].is_u64());
    assert!(["pending", "running", "completed", "failed", "killed"]
        .contains(&v["status"].as_str().unwrap()));
    for m in v["messages"].as_array().expect("messages is a list") {
        assert!(
            m["role"].is_string()
                && m["content"].is_string()
                && m["timestamp"].is_string()
                && m["metadata"].is_object()
        );
    }
    for (key, n) in v["token_usage"]
        .as_object()
        .expect("token_usage is an object")
    {
        assert!(n.is_u64(), "token_usage.{key} should be an int");
    }
    for key in ["created_at", "updated_at"] {
        Timestamp::parse(v[key].as_str().unwrap()).unwrap();
        assert!(
            !v[key].as_str().unwrap().contains('+'),
            "zwarm needs naive times"
        );
    }
}
