//! The app's config lives at the repository root (`tauri.conf.json`), where the
//! product's layout keeps it. `src-tauri/tauri.conf.json` is a symlink to it, and
//! both this build step and the Tauri CLI read it through the symlink, so the
//! relative paths inside it (`../ui/dist`, `../icons/...`) resolve from `src-tauri/`.

fn main() {
    tauri_build::build();
}
