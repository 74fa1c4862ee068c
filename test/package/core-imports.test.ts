// The library core (src/ir, src/passes, src/runtime, and src/core.ts, the "ompir/core"
// entry) runs in a browser: it imports nothing from Node (no `node:` module, no builtin, no
// `process`/`Buffer`/`require`), only other core files and the package's runtime
// dependencies. The CLI (src/cli) stays Node-only.
import { describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
const CORE = ["ir", "passes", "runtime"].map((d) => path.join(root, "src", d));
const deps = Object.keys((JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies);

// src/core.ts is the "ompir/core" entry: it may import only core files too.
const files = [path.join(root, "src", "core.ts"), ...CORE.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith(".ts")).map((f) => path.join(d, f)))];

/** The code without comments and with string contents blanked (import specifiers kept apart). */
function code(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""');
}

function specifiers(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']/g)) out.push(m[1]!);
  for (const m of text.matchAll(/(?:^|[\s;])import\s+["']([^"']+)["']/g)) out.push(m[1]!);
  for (const m of text.matchAll(/\bimport\s*\(\s*["']([^"']+)["']/g)) out.push(m[1]!);
  return out;
}

describe("library core is free of Node", () => {
  test("the scan sees the core", () => {
    expect(files.length).toBeGreaterThan(30);
    expect(specifiers(fs.readFileSync(path.join(root, "src/ir/parser.ts"), "utf8"))).toContain("chevrotain");
  });

  test.each(files.map((f) => [path.relative(root, f), f]))("%s imports only core files and dependencies", (_rel, file) => {
    const text = fs.readFileSync(file, "utf8");
    const bad: string[] = [];
    for (const s of specifiers(text)) {
      if (s.startsWith(".")) {
        const target = path.resolve(path.dirname(file), s);
        if (!CORE.some((d) => target.startsWith(d + path.sep))) bad.push(`${s} (outside the core)`);
      } else if (s.startsWith("node:") || builtinModules.includes(s.split("/")[0]!)) {
        bad.push(`${s} (Node builtin)`);
      } else if (!deps.includes(s) && !deps.some((d) => s.startsWith(d + "/"))) {
        bad.push(`${s} (not a runtime dependency)`);
      }
    }
    const globals = [...code(text).matchAll(/\b(process|Buffer|require|__dirname|__filename|setImmediate)\b(?!\s*:)/g)].map((m) => `${m[1]} (Node global)`);
    expect([...bad, ...new Set(globals)]).toEqual([]);
  });

  test("the check catches a Node import", () => {
    expect(specifiers(`import * as fs from "node:fs";\nimport { x } from "./a.js";\nconst m = await import("os");`)).toEqual(["node:fs", "./a.js", "os"]);
  });
});
