// Analysis printers: passes that change nothing and report an analysis's result as
// "analysis" remarks (like LLVM's `print<domtree>`), so analyses can be tested and inspected
// with `ompir opt --passes=print-effects --remarks`. One small entry function per analysis;
// kept in one file because each is a few lines of formatting over the analysis's own file.
//
// requires: the analysis it prints. preserves: everything.

import type { Function } from "../ir/ir.js";
import { isDeclaration } from "../ir/ir.js";
import { valueNamer } from "../ir/printer.js";
import { remark } from "../ir/remarks.js";
import type { BlockId } from "../ir/types.js";
import { CALL_GRAPH } from "./callgraph.js";
import { EFFECTS, formatEffects } from "./effects.js";
import { LOOPS } from "./loops.js";
import type { PassContext, PassResult } from "./manager.js";
import { UNIFORMITY } from "./uniformity.js";

const UNCHANGED: PassResult = { changed: false, preserves: "all" };

function blockName(f: Function, b: BlockId): string {
  return `^${f.blocks[b]!.name ?? `bb${b}`}`;
}

export function printCallGraph(ctx: PassContext): PassResult {
  const m = ctx.module;
  const cg = ctx.analyses.getModule(CALL_GRAPH);
  const name = (f: number) => `@${m.functions[f]!.name}`;
  cg.sccs.forEach((scc, i) => {
    const first = m.functions[scc[0]!]!;
    const callees = [...new Set(scc.flatMap((f) => cg.callees(f)))].filter((c) => !scc.includes(c)).sort((a, b) => a - b);
    const rec = scc.some((f) => cg.isRecursive(f)) ? ", recursive" : "";
    const msg = `scc #${i}: {${scc.map(name).join(", ")}}${rec}; calls ${callees.length ? callees.map(name).join(", ") : "nothing"}`;
    ctx.remarks.emit(remark("analysis", ctx.pass, "callgraph.scc", name(first.id), first.loc, msg, { index: i }));
  });
  return UNCHANGED;
}

export function printEffects(ctx: PassContext): PassResult {
  const m = ctx.module;
  const eff = ctx.analyses.getModule(EFFECTS);
  for (const f of m.functions) {
    ctx.remarks.emit(remark("analysis", ctx.pass, "effects.summary", f.name, f.loc, `effects of @${f.name}: ${formatEffects(eff.summary(f.id))}`, {}));
  }
  return UNCHANGED;
}

export function printUniformity(ctx: PassContext): PassResult {
  const m = ctx.module;
  for (const f of m.functions) {
    if (isDeclaration(f)) continue;
    const u = ctx.analyses.get(UNIFORMITY, f);
    const name = valueNamer(f, m);
    const divergent: string[] = [];
    const defs = [...f.params, ...f.layout.flatMap((b) => [...f.blocks[b]!.params, ...f.blocks[b]!.insts.map((i) => f.insts[i]!.result)])];
    for (const v of defs) if (v >= 0 && !u.isUniform(v)) divergent.push(name(v));
    const branches = f.layout.filter((b) => u.isDivergentBranch(b)).map((b) => blockName(f, b));
    const msg = `uniformity of @${f.name}: divergent values ${divergent.length ? divergent.join(" ") : "none"}; divergent branches ${branches.length ? branches.join(" ") : "none"}`;
    ctx.remarks.emit(remark("analysis", ctx.pass, "uniformity.summary", f.name, f.loc, msg, {}));
  }
  return UNCHANGED;
}

export function printLoops(ctx: PassContext): PassResult {
  for (const f of ctx.module.functions) {
    if (isDeclaration(f)) continue;
    const info = ctx.analyses.get(LOOPS, f);
    if (info.irreducible) ctx.remarks.emit(remark("analysis", ctx.pass, "loops.irreducible", f.name, f.loc, `@${f.name} has irreducible control flow`, {}));
    for (const l of info.loops) {
      const names = (bs: readonly BlockId[]) => bs.map((b) => blockName(f, b)).join(" ");
      const msg = `loop ${blockName(f, l.header)} depth ${l.depth}: blocks ${names(l.blocks)}; latches ${names(l.latches)}; exits ${l.exits.length ? names(l.exits) : "none"}`;
      ctx.remarks.emit(remark("analysis", ctx.pass, "loops.loop", f.name, f.blocks[l.header]!.loc, msg, { depth: l.depth }));
    }
  }
  return UNCHANGED;
}
