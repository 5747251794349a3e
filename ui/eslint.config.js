// Lint of the web UI, run by `npm run lint -w ui` and `make test-ui` (where a
// warning fails too: `--max-warnings 0`). typescript-eslint's recommended
// rules, and React's hook rules: the rules of hooks, complete effect
// dependencies, no ref read or written while rendering, and the React
// Compiler's other checks, which hold for hand-written hooks as well.
import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // bindings.ts is generated from the Rust commands (tauri-specta).
  { ignores: ["dist", "src/bindings.ts"] },
  js.configs.recommended,
  tseslint.configs.recommended,
  reactHooks.configs.flat["recommended-latest"],
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "warn",
      "react-hooks/refs": "error",
      // The views reset what they show, or mark a load started, in the effect
      // that starts the load when the workspace or session changes. Moving
      // those resets elsewhere (keyed remounts, state derived while
      // rendering) is a change of its own, not a lint fix.
      "react-hooks/set-state-in-effect": "off",
      // Only says the React Compiler would skip a component (TanStack
      // Virtual's useVirtualizer); the app is not compiled with it.
      "react-hooks/incompatible-library": "off",
    },
  },
  {
    // Arguments a mock must accept but does not read are named with a leading "_".
    rules: { "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }] },
  },
);
