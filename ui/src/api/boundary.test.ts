// Enforces the rule that the UI reaches the backend through one module:
// only src/api/ and the generated src/bindings.ts may import Tauri's API.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const srcDir = join(dirname(fileURLToPath(import.meta.url)), "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:import|from)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1]);
}

describe("backend boundary", () => {
  const files = sourceFiles(srcDir).map((f) => relative(srcDir, f));

  it("finds the source files it checks", () => {
    expect(files).toContain("api/index.ts");
    expect(files).toContain("bindings.ts");
  });

  it("keeps Tauri imports inside src/api and the generated bindings", () => {
    const offenders = files.filter((file) => {
      if (file.startsWith("api/") || file === "bindings.ts") return false;
      return importsOf(join(srcDir, file)).some(
        (spec) => spec.startsWith("@tauri-apps/") || /(^|\/)bindings$/.test(spec),
      );
    });
    expect(offenders).toEqual([]);
  });
});
