//! The OS secret store, through the `keyring` crate: Secret Service over D-Bus
//! on Linux (GNOME Keyring, KWallet), the Keychain on macOS, the Credential
//! Manager on Windows. One entry per provider, service `zwarm-desktop`.
//!
//! Whether one runs is probed once: with no D-Bus session bus (CI, Xvfb, a
//! server) or no Secret Service on it, keys go to the private file instead.
//! The probe never lets libdbus autolaunch a bus of its own.

/// The service name entries are saved under (what a keyring manager shows).
pub const SERVICE: &str = "zwarm-desktop";

/// Where secrets can be kept besides the private file. A trait so that tests
/// can stand in for the OS store, which CI does not have.
pub trait SecretBackend: Send + Sync {
    fn get(&self, provider: &str) -> Result<Option<String>, String>;
    fn set(&self, provider: &str, key: &str) -> Result<(), String>;
    /// Removes the entry; no entry is not an error.
    fn delete(&self, provider: &str) -> Result<(), String>;
}

/// The OS secret store, known to answer.
pub struct OsKeyring;

impl OsKeyring {
    /// The OS store when one answers, or why not (logged by the caller).
    pub fn probe() -> Result<Self, String> {
        #[cfg(target_os = "linux")]
        if !session_bus_present() {
            return Err("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset)".into());
        }
        match entry("availability-probe")?.get_password() {
            Ok(_) | Err(keyring::Error::NoEntry) => Ok(Self),
            Err(e) => Err(format!("the secret store did not answer: {e}")),
        }
    }
}

/// Only a bus that exists: libdbus would otherwise autolaunch one under X11.
#[cfg(target_os = "linux")]
fn session_bus_present() -> bool {
    std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|v| !v.is_empty())
        || std::env::var_os("XDG_RUNTIME_DIR")
            .is_some_and(|dir| std::path::Path::new(&dir).join("bus").exists())
}

fn entry(provider: &str) -> Result<keyring::Entry, String> {
    keyring::Entry::new(SERVICE, provider).map_err(|e| format!("the secret store refused the entry: {e}"))
}

impl SecretBackend for OsKeyring {
    fn get(&self, provider: &str) -> Result<Option<String>, String> {
        match entry(provider)?.get_password() {
            Ok(key) => Ok(Some(key)),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(format!("could not read the {provider} key from the system keyring: {e}")),
        }
    }

    fn set(&self, provider: &str, key: &str) -> Result<(), String> {
        entry(provider)?
            .set_password(key)
            .map_err(|e| format!("could not save the {provider} key in the system keyring (is it unlocked?): {e}"))
    }

    fn delete(&self, provider: &str) -> Result<(), String> {
        match entry(provider)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(format!("could not remove the {provider} key from the system keyring: {e}")),
        }
    }
}
