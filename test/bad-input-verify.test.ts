// Verifier rules that text cannot break: each case parses a valid module, breaks it the way a
// buggy pass would, and must give exactly the listed errors, with the exact message and
// line:col. The rules a text can break are golden files, one per rule, in
// test/filetests/verifier/ (`; error@COL: message` on the offending line).
import { readdirSync } from "node:fs";
import { describe, expect, test } from "@jest/globals";
import { findFunction } from "../src/ir/ir.js";
import type { Inst, Module } from "../src/ir/ir.js";
import { parseModule } from "../src/ir/parse.js";
import { verifyModule } from "../src/ir/verifier.js";

interface Case {
  name: string;
  source: string;
  /** `line:col: message`, in order. */
  errors: string[];
  /** For rules the resolver already enforces on text: parse a valid module, then break
   *  it the way a buggy pass would. */
  edit?: (m: Module) => void;
}

/** The first instruction of `kind` in @fn. */
function first<K extends Inst["kind"]>(m: Module, fn: string, kind: K): Inst & { kind: K } {
  const f = findFunction(m, fn)!;
  for (const b of f.layout) for (const i of f.blocks[b]!.insts) if (f.insts[i]!.kind === kind) return f.insts[i] as Inst & { kind: K };
  throw new Error(`no ${kind} in @${fn}`);
}
const fid = (m: Module, name: string) => findFunction(m, name)!.id;

// Shared declarations some cases call; they sit after each case's text, so line numbers of
// the case itself are unaffected.
const DECLS = `
declare host @hfn(i32)
declare device @dfn(i32)
declare device @dpair(i32, i32)
declare device @dret() -> i32
declare device @dvoid()
kernel @kern(%x: i32) generic {
^entry:
  ret
}
device @region(%x: i32) {
^entry:
  ret
}
device @iregion() -> i32 {
^entry:
  ret 0
}
`;

const CASES: Case[] = [
  {
    name: "branch argument count",
    source: `host @f(%a: i32) {
^entry:
  br ^next(%a)
^next(%x: i32):
  ret
}`,
    edit: (m) => void first(m, "f", "br").args.push(findFunction(m, "f")!.params[0]!),
    errors: ["3:3: branch to ^next passes 2 arguments, but the block takes 1"],
  },
  {
    name: "call argument count",
    source: `device @f(%a: i32) {
^entry:
  call @dpair(%a, %a)
  ret
}`,
    edit: (m) => void first(m, "f", "call").args.pop(),
    errors: ["3:3: call to @dpair passes 1 argument, but @dpair takes 2"],
  },
  {
    name: "parallel region that is a host function",
    source: `kernel @k(%a: i32) generic {
^entry:
  omp.parallel @region(%a)
  ret
}`,
    edit: (m) => void (first(m, "k", "omp.parallel").region = fid(m, "hfn")),
    errors: ["3:3: parallel region @hfn must be a device function, not a host function"],
  },
  {
    name: "omp.target of a device function",
    source: `host @main() -> i32 {
^entry:
  omp.target @kern(1)
  ret 0
}`,
    edit: (m) => void (first(m, "main", "omp.target").kernel = fid(m, "region")),
    errors: ["3:3: omp.target launches @region, which is a device function, not a kernel"],
  },
  {
    name: "omp.target argument count",
    source: `host @main() -> i32 {
^entry:
  omp.target @kern(1)
  ret 0
}`,
    edit: (m) => void (first(m, "main", "omp.target").args = []),
    errors: ["3:3: omp.target @kern passes 0 arguments, but @kern takes 1"],
  },
  {
    name: "reverse offload to a device function",
    source: `kernel @k(%a: i32) generic {
^entry:
  omp.reverse_offload @hfn(%a)
  ret
}`,
    edit: (m) => void (first(m, "k", "omp.reverse_offload").callee = fid(m, "dfn")),
    errors: ["3:3: reverse offload target @dfn must be a host function, not a device function"],
  },
];

describe("verifier rules on bad input", () => {
  test("the shared declarations verify clean", () => {
    expect(verifyModule(parseModule(DECLS, "decls.oir"))).toEqual([]);
  });

  test.each(CASES.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const m = parseModule(c.source + "\n" + DECLS, "bad.oir");
    c.edit?.(m);
    const ds = verifyModule(m);
    expect(ds.map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`)).toEqual(c.errors);
    for (const d of ds) {
      expect(d.severity).toBe("error");
      expect(d.file).toBe("bad.oir");
    }
  });

  test("each error carries the printed instruction as a note", () => {
    const ds = verifyModule(parseModule(`host @f(%a: i64) -> i32 {
^entry:
  %r = add i32 %a, 1
  ret %r
}`, "n.oir"));
    expect(ds.map((d) => [d.message, d.notes])).toEqual([["add: operand %a has type i64, expected i32", ["%r = add i32 %a, 1"]]]);
  });

  test("at least 40 rules are covered (here and in test/filetests/verifier/)", () => {
    const files = readdirSync(new URL("./filetests/verifier/", import.meta.url)).filter((n) => n.endsWith(".oir"));
    expect(files.length).toBeGreaterThanOrEqual(60);
    expect(CASES.length + files.length).toBeGreaterThanOrEqual(40);
  });
});
