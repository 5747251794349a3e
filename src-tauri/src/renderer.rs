//! Which WebKitGTK renderer the window uses, chosen before the first one opens.
//!
//! WebKitGTK 2.42+ composites the page through its DMA-BUF renderer. Where the
//! machine has no GPU render node (`/dev/dri/renderD*`: virtual machines, Xvfb,
//! many remote desktops) it then renders through software OpenGL: measured with
//! `make bench-render` on the release app under Xvfb, the web process held
//! about 85 MB more, and wheel-scrolling a long session took 78 ms a frame
//! instead of 21 ms (p95). So without a render node the app turns that renderer
//! off and WebKit paints with its own CPU renderer, which this app (text, no
//! animations, no video or WebGL) does not miss. With a GPU the default stays.
//! Whatever the user set in `WEBKIT_DISABLE_DMABUF_RENDERER` is kept.

use std::ffi::OsStr;
use std::path::Path;

/// The variable WebKitGTK reads when its first web view is made.
const DISABLE_DMABUF: &str = "WEBKIT_DISABLE_DMABUF_RENDERER";

/// Where Linux lists the GPUs a program may render with.
const DRI_DIR: &str = "/dev/dri";

/// Turns the DMA-BUF renderer off where it would render in software. Call
/// first thing in `main`, before any thread exists (setting the environment
/// is sound only then).
pub fn choose() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let user_choice = std::env::var_os(DISABLE_DMABUF);
    if disable_dmabuf(user_choice.as_deref(), has_render_node(Path::new(DRI_DIR))) {
        std::env::set_var(DISABLE_DMABUF, "1");
    }
}

/// Whether to turn the renderer off: only if the user did not choose, and
/// there is no GPU for it to use.
fn disable_dmabuf(user_choice: Option<&OsStr>, has_render_node: bool) -> bool {
    user_choice.is_none() && !has_render_node
}

/// Whether `dri` holds a render node (`renderD128`, ...). An unreadable or
/// missing folder means none.
fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_only_without_a_render_node_and_without_the_users_choice() {
        assert!(disable_dmabuf(None, false));
        assert!(!disable_dmabuf(None, true));
        assert!(!disable_dmabuf(Some(OsStr::new("0")), false));
        assert!(!disable_dmabuf(Some(OsStr::new("1")), true));
    }

    #[test]
    fn a_render_node_is_a_renderd_entry() {
        let dri = tempfile::tempdir().unwrap();
        assert!(!has_render_node(dri.path()));
        std::fs::write(dri.path().join("card0"), "").unwrap();
        assert!(!has_render_node(dri.path()), "a card alone is no render node");
        std::fs::write(dri.path().join("renderD128"), "").unwrap();
        assert!(has_render_node(dri.path()));
        assert!(!has_render_node(&dri.path().join("missing")));
    }
}
