//! Starts tauri-driver, opens the app through WebDriver, and keeps evidence
//! (a screenshot and the app's log) under `test-artifacts/e2e/` when a test fails.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// The built desktop binary: `ZWARM_APP_BIN`, else the debug build in the cargo target folder.
fn app_binary() -> Result<PathBuf> {
    let path = match std::env::var_os("ZWARM_APP_BIN") {
        Some(path) => PathBuf::from(path),
        None => {
            let target = std::env::var_os("CARGO_TARGET_DIR")
                .map(PathBuf::from)
                .unwrap_or_else(|| zwarm_tests::repo_root().join("target"));
            target.join("debug").join("zwarm-desktop")
        }
    };
    if !path.is_file() {
        bail!(
            "the desktop app is not built at {}: run `make app` (or `make test-e2e`)",
            path.display()
        );
    }
    Ok(path)
}

/// tauri-driver: `TAURI_DRIVER`, else the copy `make install-tauri-driver` puts in its root.
fn tauri_driver() -> Result<PathBuf> {
    let path = match std::env::var_os("TAURI_DRIVER") {
        Some(path) => PathBuf::from(path),
        None => {
            let root = std::env::var_os("TAURI_DRIVER_ROOT")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    PathBuf::from(std::env::var_os("HOME").unwrap_or_default())
                        .join(".cache/zwarm/tauri-driver")
                });
            root.join("bin").join("tauri-driver")
        }
    };
    if !path.is_file() {
        bail!(
            "tauri-driver is not installed at {}: run `make install-tauri-driver`",
            path.display()
        );
    }
    Ok(path)
}

/// Two distinct free ports: both are held while the second is chosen, so the
/// system cannot hand out the same one twice.
fn free_ports() -> Result<(u16, u16)> {
    let first = TcpListener::bind("127.0.0.1:0")?;
    let second = TcpListener::bind("127.0.0.1:0")?;
    Ok((first.local_addr()?.port(), second.local_addr()?.port()))
}

/// Waits until something listens on `port`. `who` names it in the error.
fn wait_for_port(who: &str, port: u16, timeout: Duration) -> Result<()> {
    let addr = SocketAddr::from(([127, 0, 0, 1], port));
    let start = Instant::now();
    while start.elapsed() < timeout {
        if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("{who} did not listen on port {port} within {timeout:?}")
}

/// One running app, opened on `workspace`, with its WebDriver client.
pub struct AppUnderTest {
    pub client: Client,
    driver: Child,
    name: String,
    app_log: PathBuf,
}

impl AppUnderTest {
    /// Launches the app on `workspace`. `name` names the artifacts of this test.
    pub async fn launch(name: &str, workspace: &Path) -> Result<Self> {
        Self::launch_with_env(name, workspace, &[]).await
    }

    /// Like [`AppUnderTest::launch`], with more environment for the app (and
    /// so for the agent CLIs it starts).
    pub async fn launch_with_env(
        name: &str,
        workspace: &Path,
        env: &[(String, String)],
    ) -> Result<Self> {
        let app = app_binary()?;
        let driver_bin = tauri_driver()?;
        let artifacts = zwarm_tests::artifacts_dir("e2e");
        let app_log = artifacts.join(format!("{name}-app.log"));
        let _ = std::fs::remove_file(&app_log);
        let driver_log = std::fs::File::create(artifacts.join(format!("{name}-driver.log")))?;
        let launch = Launch {
            driver_bin: &driver_bin,
            app: &app,
            workspace,
            env,
            app_log: &app_log,
            driver_log: &driver_log,
        };
        let mut failures = Vec::new();
        for attempt in 1..=LAUNCH_ATTEMPTS {
            match launch.start().await {
                Ok((client, driver)) => {
                    return Ok(Self {
                        client,
                        driver,
                        name: name.to_string(),
                        app_log,
                    })
                }
                Err(error) => failures.push(format!("attempt {attempt}: {error:#}")),
            }
        }
        bail!("could not open the app: {}", failures.join("; "))
    }

    /// Text of the first element matching `css`, waiting for it to appear.
    /// React may replace the node between finding it and reading it: then it
    /// is looked up again.
    pub async fn text_of(&self, css: &str) -> Result<String> {
        let mut attempts = 0;
        loop {
            let element = self
                .client
                .wait()
                .at_most(Duration::from_secs(20))
                .for_element(Locator::Css(css))
                .await
                .with_context(|| format!("waiting for {css}"))?;
            match element.text().await {
                Ok(text) => return Ok(text),
                Err(error) if attempts < 20 && is_stale(&error) => {
                    attempts += 1;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(error) => return Err(error).with_context(|| format!("reading {css}")),
            }
        }
    }

    /// Waits until the element matching `css` has text that satisfies `accept`.
    pub async fn wait_for_text(&self, css: &str, accept: impl Fn(&str) -> bool) -> Result<String> {
        let start = Instant::now();
        loop {
            let text = self.text_of(css).await?;
            if accept(&text) {
                return Ok(text);
            }
            if start.elapsed() > Duration::from_secs(20) {
                bail!("{css} still shows {text:?} after 20 s");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Clicks the first element matching `css`, waiting for it to appear.
    pub async fn click(&self, css: &str) -> Result<()> {
        self.element(css)
            .await?
            .click()
            .await
            .with_context(|| format!("clicking {css}"))?;
        Ok(())
    }

    /// Types `text` into the first element matching `css`, once it can take
    /// keys: a field that is still disabled (its form busy) or under a closing
    /// dialog is waited for, up to 20 s, like a user would.
    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let start = Instant::now();
        loop {
            let element = self.element(css).await?;
            let ready = element.is_enabled().await.unwrap_or(false)
                && element.is_displayed().await.unwrap_or(false);
            let typed = if ready { element.send_keys(text).await } else { Ok(()) };
            match typed {
                Ok(()) if ready => return Ok(()),
                Err(e) if start.elapsed() >= Duration::from_secs(20) => {
                    return Err(e).with_context(|| format!("typing into {css}"));
                }
                _ if start.elapsed() >= Duration::from_secs(20) => {
                    bail!("{css} stayed disabled or hidden for 20 s")
                }
                _ => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// The first element matching `css`, waiting up to 20 s for it.
    pub async fn element(&self, css: &str) -> Result<fantoccini::elements::Element> {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("waiting for {css}"))
    }

    /// Waits until some element matching `css` has text containing `needle`.
    pub async fn wait_for_any_text(
        &self,
        css: &str,
        needle: &str,
        timeout: Duration,
    ) -> Result<()> {
        let start = Instant::now();
        loop {
            for element in self.find_all(css).await? {
                if element.text().await.unwrap_or_default().contains(needle) {
                    return Ok(());
                }
            }
            if start.elapsed() > timeout {
                bail!("no {css} shows {needle:?} after {timeout:?}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// The elements matching `css`. React may replace a node between the
    /// query and WebKitWebDriver making a handle for it ("stale element"):
    /// then the query is simply asked again.
    pub async fn find_all(&self, css: &str) -> Result<Vec<fantoccini::elements::Element>> {
        let mut attempts = 0;
        loop {
            match self.client.find_all(Locator::Css(css)).await {
                Ok(found) => return Ok(found),
                Err(error) if attempts < 20 && is_stale(&error) => {
                    attempts += 1;
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(error) => return Err(error).with_context(|| format!("finding {css}")),
            }
        }
    }

    /// Waits until an element matching `css` exists (`present`) or none does.
    pub async fn wait_presence(&self, css: &str, present: bool, timeout: Duration) -> Result<()> {
        let start = Instant::now();
        loop {
            let found = !self.find_all(css).await?.is_empty();
            if found == present {
                return Ok(());
            }
            if start.elapsed() > timeout {
                bail!(
                    "{css} still {} after {timeout:?}",
                    if present { "absent" } else { "present" }
                );
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// Saves a screenshot of the window as `test-artifacts/e2e/<name>-<label>.png`.
    pub async fn screenshot(&self, label: &str) -> Result<PathBuf> {
        // WebKitGTK takes the picture at the page's next presentation update,
        // and a page at rest under its CPU renderer (the app's choice without a
        // GPU, `src-tauri/src/renderer.rs`) makes none: one corner pixel
        // changes, almost transparent, until the picture is taken.
        self.client
            .execute(
                "if (!window.__e2eRepaint) {
                   const dot = document.createElement('div');
                   dot.id = 'e2e-repaint';
                   dot.style.cssText = 'position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;z-index:2147483647';
                   document.body.appendChild(dot);
                   let odd = false;
                   window.__e2eRepaint = setInterval(() => {
                     odd = !odd;
                     dot.style.background = odd ? 'rgb(0 0 0 / 0.01)' : 'rgb(0 0 0 / 0.02)';
                   }, 40);
                 }",
                vec![],
            )
            .await
            .context("starting the repaint a screenshot waits for")?;
        // Fail instead of hanging the suite if the driver stalls all the same.
        let png = tokio::time::timeout(Duration::from_secs(20), self.client.screenshot())
            .await
            .context("the WebDriver screenshot did not finish within 20 s")??;
        self.client
            .execute(
                "clearInterval(window.__e2eRepaint); delete window.__e2eRepaint;
                 document.getElementById('e2e-repaint')?.remove();",
                vec![],
            )
            .await
            .context("stopping the repaint")?;
        let path = zwarm_tests::artifacts_dir("e2e").join(format!("{}-{label}.png", self.name));
        std::fs::write(&path, png)?;
        Ok(path)
    }

    /// Runs `body` against this app; on failure keeps a screenshot and points at the app's log.
    /// Always closes the WebDriver session and the driver.
    pub async fn run(mut self, body: impl AsyncFnOnce(&AppUnderTest) -> Result<()>) -> Result<()> {
        let outcome = body(&self).await;
        if outcome.is_err() {
            match self.screenshot("failure").await {
                Ok(path) => eprintln!("screenshot of the failure: {}", path.display()),
                Err(error) => eprintln!("could not take a screenshot: {error:#}"),
            }
            eprintln!("app log: {}", self.app_log.display());
        }
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        outcome
    }
}

/// Kills tauri-driver if launching fails halfway.
/// The driver and a session are tried this many times: both ports are picked
/// free, but another process may take one before the driver binds it (seen
/// once: WebKitWebDriver "Unable to listen" on its native port).
const LAUNCH_ATTEMPTS: usize = 3;

/// What one attempt at starting tauri-driver and opening a session needs.
struct Launch<'a> {
    driver_bin: &'a Path,
    app: &'a Path,
    workspace: &'a Path,
    env: &'a [(String, String)],
    app_log: &'a Path,
    driver_log: &'a std::fs::File,
}

impl Launch<'_> {
    /// Starts tauri-driver on fresh ports and opens a WebDriver session on the app.
    async fn start(&self) -> Result<(Client, Child)> {
        let (port, native_port) = free_ports()?;
        // The app inherits this environment through tauri-driver and WebKitWebDriver.
        let driver = Command::new(self.driver_bin)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .env("ZWARM_WORKSPACE", self.workspace)
            .env("ZWARM_LOG_FILE", self.app_log)
            // Keys never go into the tester's own keyring, and the app's
            // settings sit beside the log, not in the tester's data folder.
            .env("ZWARM_KEY_STORE", "file")
            .env("ZWARM_DATA_DIR", self.app_log.with_extension("data"))
            // Nor into the tester's own list of trusted workspaces.
            .env("ZWARM_CONFIG_DIR", self.app_log.with_extension("config"))
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .stdin(Stdio::null())
            .stdout(self.driver_log.try_clone()?)
            .stderr(self.driver_log.try_clone()?)
            .spawn()
            .with_context(|| format!("starting {}", self.driver_bin.display()))?;
        let mut guard = DriverGuard(Some(driver));
        wait_for_port("tauri-driver", port, Duration::from_secs(15))?;
        // tauri-driver starts WebKitWebDriver and serves at once, without
        // waiting for it: a session asked for before WebKitWebDriver listens
        // fails with "tcp connect error" (as on a cold machine, where loading
        // WebKit takes a while). Wait for it too.
        wait_for_port("WebKitWebDriver", native_port, Duration::from_secs(30))?;

        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": self.app }));
        let client = ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .context("opening a WebDriver session on the app")?;
        let driver = guard
            .0
            .take()
            .context("the driver is still owned by its guard")?;
        Ok((client, driver))
    }
}

struct DriverGuard(Option<Child>);

impl Drop for DriverGuard {
    fn drop(&mut self) {
        if let Some(mut child) = self.0.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// WebKitWebDriver's ways of saying a node React replaced is gone.
fn is_stale(error: &fantoccini::error::CmdError) -> bool {
    let text = error.to_string();
    text.contains("Stale element") || text.contains("was not found")
}
