// Copying text. The async clipboard API needs a secure context and a user
// gesture the webview may not grant (WebKitGTK refuses it in some setups), so
// a selected, off-screen text area and `copy` stand in when it fails.

/** Puts `text` on the clipboard; throws when neither way worked. */
export async function copyText(text: string): Promise<void> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(text);
      return;
    }
  } catch {
    // Fall through to the selection copy.
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.left = "-9999px";
  document.body.appendChild(area);
  area.select();
  const copied = typeof document.execCommand === "function" && document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("the clipboard is not available");
}
