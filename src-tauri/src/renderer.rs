//! Which WebKitGTK renderer the window uses, chosen before the first one opens.
//!
//! WebKitGTK 2.42+ composites the page through its DMA-BUF renderer by default.
//! Where it has no GPU to hand the buffers to (virtual machines, Xvfb, many
//! remote desktops) it renders through software OpenGL instead: measured with
//! `make bench-render` on the release app under Xvfb, its web process then held
//! about 85 MB more (212 MB instead of 126 MB before any session is open), a
//! frame that changes one 2 px dot took 32 ms instead of 14 ms (median), and
//! wheel scrolling a long session 78 ms instead of 21 ms (p95). Without it,
//! WebKit paints with its own CPU renderer, which this app (text, no animations,
//! no video or WebGL) does not miss. A user who wants the DMA-BUF renderer back
//! sets `WEBKIT_DISABLE_DMABUF_RENDERER=0`; whatever they set is kept.

/// The variable WebKitGTK reads when its first web view is made.
#[cfg(target_os = "linux")]
const DISABLE_DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Turns the DMA-BUF renderer off unless the user chose. Call first thing in
/// `main`, before any thread exists (setting the environment is sound only then).
pub fn choose() {
    #[cfg(target_os = "linux")]
    if std::env::var_os(DISABLE_DMABUF).is_none() {
        std::env::set_var(DISABLE_DMABUF, "1");
    }
}
