// The TextMate grammar in editors/ (what VS Code, the web playground and GitHub-style
// highlighters load), run by the engine VS Code uses (vscode-textmate + the oniguruma wasm):
// every example tokenizes with no unscoped or invalid token, every keyword the lexer knows
// and every attribute is a keyword of the grammar, and key scopes sit where they should.
import { beforeAll, describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import * as oniguruma from "vscode-oniguruma";
import * as vsctm from "vscode-textmate";
import { FLAG_ATTRS } from "../../src/ir/ir.js";
import { KW } from "../../src/ir/lexer.js";

const root = path.resolve(import.meta.dirname, "../..");
const require = createRequire(import.meta.url);
const grammarFile = path.join(root, "editors", "oir.tmLanguage.json");

interface Tok {
  text: string;
  scopes: string[];
}

let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope: string) => (scope === "source.oir" ? vsctm.parseRawGrammar(fs.readFileSync(grammarFile, "utf8"), grammarFile) : null),
  });
  const g = await registry.loadGrammar("source.oir");
  if (g === null) throw new Error("grammar source.oir did not load");
  grammar = g;
});

function tokenize(text: string): Tok[][] {
  let stack = vsctm.INITIAL;
  return text.split("\n").map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** Tokens that carry code but no scope of the grammar, or an invalid one. */
function problems(text: string): string[] {
  const out: string[] = [];
  tokenize(text).forEach((toks, i) => {
    for (const t of toks) {
      if (t.text.trim() === "") continue;
      if (t.scopes.length < 2 || t.scopes.some((s) => s.startsWith("invalid"))) out.push(`line ${i + 1}: '${t.text}' ${t.scopes.join(" ")}`);
    }
  });
  return out;
}

/** The innermost scope of the token whose text is `word` on `line`. */
function scopeOf(line: string, word: string): string {
  const t = tokenize(line)[0]!.find((t) => t.text === word);
  if (t === undefined) throw new Error(`no token '${word}' in: ${line}\n${JSON.stringify(tokenize(line)[0])}`);
  return t.scopes[t.scopes.length - 1]!;
}

const examples = fs.readdirSync(path.join(root, "examples")).filter((n) => n.endsWith(".oir")).sort();

describe("editors/oir.tmLanguage.json", () => {
  test("the VS Code extension manifest points at the grammar", () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "editors", "package.json"), "utf8")) as {
      contributes: { languages: { id: string; extensions: string[] }[]; grammars: { language: string; scopeName: string; path: string }[] };
    };
    expect(manifest.contributes.languages[0]!.extensions).toEqual([".oir"]);
    const g = manifest.contributes.grammars[0]!;
    expect(g.scopeName).toBe("source.oir");
    expect(path.resolve(root, "editors", g.path)).toBe(grammarFile);
  });

  test.each(examples)("examples/%s has no unscoped or invalid token", (name) => {
    expect(problems(fs.readFileSync(path.join(root, "examples", name), "utf8"))).toEqual([]);
  });

  test("every keyword of the lexer and every attribute is a keyword of the grammar", () => {
    const words = [...KW.keys(), ...FLAG_ATTRS, "assume", "cost", "state_machine"];
    expect(words.length).toBeGreaterThan(100);
    const wrong = words.filter((w) => {
      const s = scopeOf(`  ${w} `, w);
      return !/^(keyword|storage|constant)\./.test(s);
    });
    expect(wrong).toEqual([]);
  });

  test("the invalid fallback catches what the lexer rejects", () => {
    expect(problems("  %x = addx i32 %a, 1")).toEqual([expect.stringContaining("'addx'")]);
    expect(problems("  print \"a\\qb\"")).toEqual([expect.stringContaining("'\\q'")]);
    expect(problems("  %x = add i32 %a, 1 #")).toEqual([expect.stringContaining("'#'")]);
  });

  test.each([
    ["; a comment with add and %x", ["; a comment with add and %x", "comment.line.semicolon.oir"]],
    ["  %t = omp.thread_num", ["%t", "variable.other.value.oir"], ["omp.thread_num", "keyword.other.omp.oir"], ["=", "keyword.operator.assignment.oir"]],
    ["  %more = icmp slt i32 %i, %n", ["icmp", "keyword.other.opcode.oir"], ["slt", "keyword.operator.predicate.oir"], ["i32", "storage.type.oir"]],
    ["  cond_br %more, ^body, ^done", ["cond_br", "keyword.control.oir"], ["^body", "entity.name.label.block.oir"]],
    ["^loop(%i: i32):", ["^loop", "entity.name.label.block.oir"], ["%i", "variable.other.value.oir"]],
    ["  store f32 1.0, global %py", ["store", "keyword.other.opcode.oir"], ["1.0", "constant.numeric.float.oir"], ["global", "storage.modifier.space.oir"]],
    ["global @g : shared i32 x 4 = [1, -0x10]", ["global", "keyword.other.declaration.oir"], ["@g", "entity.name.function.oir"], ["shared", "storage.modifier.space.oir"], ["x", "keyword.operator.count.oir"], ["-0x10", "constant.numeric.integer.oir"]],
    ["declare host @puts(ptr) -> i32 readonly nosync assume(\"omp_no_openmp\") cost(40)", ["declare", "keyword.other.declaration.oir"], ["host", "storage.type.function.oir"], ["->", "keyword.operator.arrow.oir"], ["readonly", "storage.modifier.attribute.oir"], ["assume", "storage.modifier.attribute.oir"], ["omp_no_openmp", "string.quoted.double.oir"]],
    ["kernel @k(%p: ptr) generic state_machine(@r1, @r2, fallback) {", ["state_machine", "storage.modifier.attribute.oir"], ["@r2", "entity.name.function.oir"], ["fallback", "constant.language.oir"], ["{", "punctuation.section.braces.oir"]],
    ["kernel @k() generic state_machine(none) {", ["none", "constant.language.oir"]],
    ["kernel @k(%p: ptr) generic {", ["kernel", "storage.type.function.oir"], ["generic", "storage.modifier.mode.oir"], ["@k", "entity.name.function.oir"]],
    ["  omp.target @k(%a, 128) teams(1) threads(128) map(always, tofrom: f32 %a[0:128])", ["omp.target", "keyword.other.omp.oir"], ["teams", "keyword.other.clause.oir"], ["tofrom", "keyword.other.clause.oir"], ["always", "keyword.other.clause.oir"]],
    ["  print \"n=%d\\n\", %n", ["\\n", "constant.character.escape.oir"]],
    ["  %f = fcmp uno f64 %a, -inf", ["uno", "keyword.operator.predicate.oir"], ["-inf", "constant.numeric.float.oir"]],
    ["  %x = add i32 %a, 1 loc(\"k.c\":12:3)", ["loc", "keyword.other.location.oir"], ["k.c", "string.quoted.double.oir"], ["12", "constant.numeric.integer.oir"], ["add", "keyword.other.opcode.oir"]],
  ] as [string, ...[string, string][]][])("scopes on: %s", (line, ...expected) => {
    expect(problems(line)).toEqual([]);
    for (const [word, scope] of expected) expect([word, scopeOf(line, word)]).toEqual([word, scope]);
  });

  test("loc(...) sits inside meta.location", () => {
    const toks = tokenize("  ret loc(\"a.oir\":3:5)")[0]!;
    const inLoc = toks.filter((t) => t.scopes.includes("meta.location.oir")).map((t) => t.text).join("");
    expect(inLoc).toBe("loc(\"a.oir\":3:5)");
  });
});
