// Fuzzing the C front end: 2 000 mutated and truncated versions of the C
// test programs must each compile or end in located CErrors, never another exception
// (a crash, a stack trace, or IR the verifier rejects). Deterministic: seeded mutations.

import { expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { CError, compileC } from "../src/frontend/c/index.js";
import { Rng } from "../src/tools/rng.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dirs = ["examples/c", "test/c", "test/c/bad"];
const sources = dirs.flatMap((d) =>
  fs.readdirSync(path.join(root, d)).filter((f) => f.endsWith(".c")).map((f) => ({ file: `${d}/${f}`, text: fs.readFileSync(path.join(root, d, f), "utf8") })),
);

const TOKENS = ["{", "}", "(", ")", ";", ",", "*", "&", "[", "]", "0", "-1", "x", "int", "double", "struct s", "#pragma omp parallel\n", "#pragma omp target map(tofrom: x)\n",
  "#pragma omp for\n", "#define X(", "#if\n", "#endif\n", "\"", "'", "/*", "return", "for (;;)", "i++", "sizeof", "->", ".", "?", ":", "#pragma omp atomic\n", "map(", "reduction(+:"];

function mutate(text: string, rng: Rng): string {
  const n = 1 + rng.int(0, (3) - 1);
  let t = text;
  for (let k = 0; k < n; k++) {
    const at = rng.int(0, (t.length + 1) - 1);
    switch (rng.int(0, (5) - 1)) {
      case 0: // truncate
        t = t.slice(0, at);
        break;
      case 1: // delete a span
        t = t.slice(0, at) + t.slice(Math.min(t.length, at + 1 + rng.int(0, (20) - 1)));
        break;
      case 2: // insert a token
        t = t.slice(0, at) + TOKENS[rng.int(0, (TOKENS.length) - 1)] + t.slice(at);
        break;
      case 3: { // duplicate a line
        const lines = t.split("\n");
        const i = rng.int(0, (lines.length) - 1);
        lines.splice(i, 0, lines[rng.int(0, (lines.length) - 1)]!);
        t = lines.join("\n");
        break;
      }
      default: { // replace a character
        const chars = "(){};,+-*/%<>=!&|^~?:[].#\"' \nx0";
        t = t.slice(0, at) + chars[rng.int(0, (chars.length) - 1)] + t.slice(at + 1);
      }
    }
  }
  return t;
}

test("2000 mutated C programs end in located diagnostics, never a crash", async () => {
  const rng = new Rng(11);
  let compiled = 0;
  let rejected = 0;
  const crashes: string[] = [];
  for (let i = 0; i < 2000; i++) {
    const src = sources[i % sources.length]!;
    const text = mutate(src.text, rng);
    try {
      await compileC(text, src.file, { readFile: () => undefined });
      compiled++;
    } catch (e) {
      if (e instanceof CError && e.diags.length > 0 && e.diags.every((d) => d.pos.line >= 0 && d.message.length > 0)) rejected++;
      else crashes.push(`${src.file} #${i}: ${e instanceof Error ? (e.stack ?? e.message).split("\n").slice(0, 4).join(" | ") : String(e)}`);
    }
  }
  expect(crashes.slice(0, 10)).toEqual([]);
  expect(compiled + rejected).toBe(2000);
  expect(rejected).toBeGreaterThan(500);
}, 300000);
