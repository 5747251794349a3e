//! The window at the sizes people use: every view at 1400x900 and 900x600,
//! with screenshots, and checks that the small window still fits (no page-wide
//! horizontal scroll, a one-row header, each tab's close button on screen,
//! the New pilot dialog without a horizontal scrollbar).

use anyhow::{ensure, Result};
use serde_json::Value;

use crate::harness::AppUnderTest;

const VIEWS: [&str; 5] = ["sessions", "pilot", "runs", "spend", "settings"];

/// Measures the layout from inside the page.
async fn measure(app: &AppUnderTest) -> Result<Value> {
    Ok(app
        .client
        .execute(
            "const header = document.querySelector('[data-testid=app-header]');
             const onTop = (el) => {
               const r = el.getBoundingClientRect();
               const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
               return r.width > 0 && (hit === el || el.contains(hit));
             };
             const tallest = (sel) => Math.max(0, ...[...document.querySelectorAll(sel)].map((b) => b.getBoundingClientRect().height));
             const status = document.querySelector('[data-testid=status-strip]');
             return {
               pageOverflow: document.documentElement.scrollWidth - window.innerWidth,
               headerHeight: header ? header.getBoundingClientRect().height : -1,
               tallestHeaderButton: tallest('[data-testid=app-header] button'),
               statusOverflow: status ? status.scrollHeight - status.clientHeight : -1,
               closeButtonsVisible: [...document.querySelectorAll('[data-testid=close-workspace]')].every(onTop),
               doctorAtTheRight: (() => {
                 const doctor = [...document.querySelectorAll('[data-testid=app-header] button')].pop();
                 return doctor ? window.innerWidth - doctor.getBoundingClientRect().right : -1;
               })(),
               width: window.innerWidth,
             };",
            vec![],
        )
        .await?)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_view_fits_a_small_and_a_large_window() -> Result<()> {
    let root = tempfile::Builder::new()
        .prefix("e2e-layout-with-a-long-folder-name-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
    let workspace = std::fs::canonicalize(root.path())?;
    let app = AppUnderTest::launch("layout", &workspace).await?;
    app.run(async move |app| {
        app.element("[data-testid=app-header]").await?;
        for (width, height) in [(1400u32, 900u32), (900, 600)] {
            app.client.set_window_size(width, height).await?;
            for view in VIEWS {
                app.click(&format!("[data-testid=view-{view}]")).await?;
                app.element(&format!("[data-testid=view-{view}][aria-selected=true]")).await?;
                tokio::time::sleep(std::time::Duration::from_millis(300)).await;
                app.screenshot(&format!("{view}-{width}x{height}")).await?;
                let m = measure(app).await?;
                ensure!(m["pageOverflow"].as_f64() <= Some(0.5), "{view} at {width}x{height} scrolls sideways: {m}");
                ensure!(m["headerHeight"].as_f64().is_some_and(|h| (0.0..=56.0).contains(&h)), "{view} at {width}x{height}: the header wraps: {m}");
                ensure!(m["closeButtonsVisible"] == true, "{view} at {width}x{height}: a tab's close button is cut off: {m}");
                ensure!(m["tallestHeaderButton"].as_f64() <= Some(34.0), "{view} at {width}x{height}: a header button wraps: {m}");
                ensure!(m["statusOverflow"].as_f64() <= Some(0.5), "{view} at {width}x{height}: the status strip wraps: {m}");
                ensure!(m["doctorAtTheRight"].as_f64().is_some_and(|gap| (0.0..=40.0).contains(&gap)), "{view} at {width}x{height}: the header's last button is not at the right edge: {m}");
            }
        }
        app.click("[data-testid=view-pilot]").await?;
        app.click("[data-testid=new-pilot-button]").await?;
        let dialog = app.element("[role=dialog]").await?;
        let overflow = app
            .client
            .execute("const d = document.querySelector('[role=dialog]'); return d.scrollWidth - d.clientWidth;", vec![])
            .await?;
        app.screenshot("new-pilot-900x600").await?;
        ensure!(overflow.as_f64() <= Some(0.5), "the New pilot dialog scrolls sideways by {overflow}px");
        drop(dialog);
        Ok(())
    })
    .await
}

/// In dark mode (GTK's dark theme, as a user's desktop would choose it) the
/// window is dark and an empty field's placeholder is drawn muted, not as text
/// (the screenshot shows it).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dark_mode_draws_placeholders_as_placeholders() -> Result<()> {
    let root = tempfile::Builder::new()
        .prefix("e2e-dark-")
        .tempdir_in(env!("CARGO_TARGET_TMPDIR"))?;
    let workspace = std::fs::canonicalize(root.path())?;
    let env = [("GTK_THEME".to_string(), "Adwaita:dark".to_string())];
    let app = AppUnderTest::launch_with_env("dark", &workspace, &env).await?;
    app.run(async move |app| {
        app.client.set_window_size(900, 600).await?;
        app.click("[data-testid=new-session-button]").await?;
        app.element("[data-testid=task-input]").await?;
        // WebKit does not compute `::placeholder` styles for scripts, so the
        // rule that draws them is looked up in the page's own style sheets.
        let seen = app
            .client
            .execute(
                "const rules = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]);
                 const placeholder = rules.find((r) => r.selectorText === '::placeholder');
                 return {
                   dark: matchMedia('(prefers-color-scheme: dark)').matches,
                   background: getComputedStyle(document.body).backgroundColor,
                   placeholderColor: placeholder ? placeholder.style.color : null,
                 };",
                vec![],
            )
            .await?;
        app.screenshot("new-session-900x600-dark").await?;
        ensure!(seen["dark"] == true, "the window follows the dark theme: {seen}");
        ensure!(
            seen["placeholderColor"].as_str().is_some_and(|c| c.contains("--muted")),
            "placeholders are drawn in the muted colour: {seen}"
        );
        Ok(())
    })
    .await
}
