//! Helpers shared by the engine-level integration tests: a stand-in agent CLI
//! (a shell script) and waiting for a turn to end.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use zwarm_core::engine::Engine;
use zwarm_core::store::SessionMeta;

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
