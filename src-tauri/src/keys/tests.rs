use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::*;
use zwarm_core::pilot::PILOT_KEY_ENV;

/// Stands in for the OS secret store, which CI does not have.
#[derive(Clone, Default)]
struct FakeKeyring(Arc<Mutex<HashMap<String, String>>>);

impl SecretBackend for FakeKeyring {
    fn get(&self, provider: &str) -> Result<Option<String>, String> {
        Ok(self.0.lock().unwrap().get(provider).cloned())
    }
    fn set(&self, provider: &str, key: &str) -> Result<(), String> {
        self.0.lock().unwrap().insert(provider.into(), key.into());
        Ok(())
    }
    fn delete(&self, provider: &str) -> Result<(), String> {
        self.0.lock().unwrap().remove(provider);
        Ok(())
    }
}

fn no_env(_: &str) -> Option<String> {
    None
}

#[cfg(unix)]
#[test]
fn without_a_keyring_keys_go_to_a_0600_file_and_survive_a_round_trip() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let store = KeyStore::with_backend(None, dir.path());
    let file = dir.path().join(KEYS_FILE);
    assert_eq!(store.storage(), KeyStorage::File { path: file.display().to_string() });
    store.set(Provider::Anthropic, Some("sk-ant-secret")).unwrap();
    assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);

    let reopened = KeyStore::with_backend(None, dir.path());
    let (key, source) = reopened.get(Provider::Anthropic).unwrap().unwrap();
    assert_eq!(key, "sk-ant-secret");
    assert_eq!(source, KeySource::File { path: file.display().to_string() });
    reopened.set(Provider::Anthropic, None).unwrap();
    assert!(KeyStore::with_backend(None, dir.path()).get(Provider::Anthropic).unwrap().is_none());
}

#[test]
fn with_a_keyring_keys_go_there_and_leave_no_copy_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    // A key saved to the file while no keyring ran...
    KeyStore::with_backend(None, dir.path()).set(Provider::OpenAiResponses, Some("sk-old")).unwrap();
    let keyring = FakeKeyring::default();
    let store = KeyStore::with_backend(Some(Box::new(keyring.clone())), dir.path());
    assert_eq!(store.storage(), KeyStorage::Keyring);
    // ...is still found, and reported as in the file.
    assert!(matches!(store.get(Provider::OpenAiResponses).unwrap(), Some((_, KeySource::File { .. }))));
    // Saving again moves it to the keyring.
    store.set(Provider::OpenAiResponses, Some("sk-new")).unwrap();
    assert_eq!(keyring.0.lock().unwrap().get("open_ai_responses").map(String::as_str), Some("sk-new"));
    let file = std::fs::read_to_string(dir.path().join(KEYS_FILE)).unwrap();
    assert!(!file.contains("sk-old") && !file.contains("sk-new"), "{file}");
    assert_eq!(store.get(Provider::OpenAiResponses).unwrap(), Some(("sk-new".into(), KeySource::Keyring)));
    store.set(Provider::OpenAiResponses, None).unwrap();
    assert!(store.get(Provider::OpenAiResponses).unwrap().is_none());
}

#[test]
fn status_names_the_source_of_each_key() {
    let dir = tempfile::tempdir().unwrap();
    let store = KeyStore::with_backend(Some(Box::new(FakeKeyring::default())), dir.path());
    store.set(Provider::Anthropic, Some("sk-ant")).unwrap();
    let env = |name: &str| (name == "OPENAI_API_KEY").then(|| "sk-env".to_string());
    let status = store.status(env).unwrap();
    let of = |p: Provider| status.iter().find(|s| s.provider == p).unwrap().clone();
    assert_eq!(of(Provider::Anthropic).source, Some(KeySource::Keyring));
    assert!(of(Provider::Anthropic).stored);
    assert_eq!(of(Provider::OpenAiResponses).source, Some(KeySource::Environment { var: "OPENAI_API_KEY".into() }));
    assert!(of(Provider::OpenAiResponses).from_env && !of(Provider::OpenAiResponses).stored);
    assert_eq!(of(Provider::ChatCompletions).source, None);
    // ZWARM_PILOT_API_KEY is read before the provider's own variable.
    let both = |name: &str| matches!(name, "OPENAI_API_KEY" | "ZWARM_PILOT_API_KEY").then(|| "x".to_string());
    let status = store.status(both).unwrap();
    assert_eq!(status[0].source, Some(KeySource::Environment { var: PILOT_KEY_ENV.into() }));
    assert!(store.status(no_env).unwrap().iter().all(|s| s.storage == KeyStorage::Keyring));
    // A blank variable is no key, as for the pilot's client.
    let blank = |name: &str| (name == "OPENAI_API_KEY").then(|| "  ".to_string());
    let status = store.status(blank).unwrap();
    assert_eq!((status[0].source.clone(), status[0].from_env), (None, false));
}

#[test]
fn adopting_older_keys_never_replaces_a_newer_one() {
    let dir = tempfile::tempdir().unwrap();
    let store = KeyStore::with_backend(None, dir.path());
    store.set(Provider::Anthropic, Some("sk-ant-new")).unwrap();
    store
        .adopt(&[
            ("anthropic".into(), "sk-ant-old".into()),
            ("open_ai_responses".into(), " sk-oai ".into()),
            ("mystery".into(), "sk-?".into()),
        ])
        .unwrap();
    assert_eq!(store.get(Provider::Anthropic).unwrap().unwrap().0, "sk-ant-new");
    assert_eq!(store.get(Provider::OpenAiResponses).unwrap().unwrap().0, "sk-oai");
}
