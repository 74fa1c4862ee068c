// dedup-queries: one `omp.*` query of each kind per function (LLVM OpenMPOpt's runtime call
// deduplication, OMP170).
//
// requires: verified module.
// preserves: cfg (queries move to the entry block or go; no terminator changes).
//
// A query's value is fixed for a function activation: the thread, its team, its launch and
// its parallel level do not change while one activation runs (a parallel region is another
// function, entered through `omp.parallel`; a nested level is the region's, never the
// caller's). Queries are pure and never fault, so the first one of each kind moves to the
// start of the entry block, where it dominates every use, and the others are replaced by it.
// Only within one function: a callee may run at another level than its caller (a region
// body) and a helper may be called from both, so queries are never shared across calls.

import type { Function, OmpQueryInst } from "../ir/ir.js";
import { entryBlock, forEachInst, isDeclaration } from "../ir/ir.js";
import { placeInst, removeInst, replaceUses } from "../ir/edit.js";
import { remark } from "../ir/remarks.js";
import type { BlockId, InstId, ValueId } from "../ir/types.js";
import type { PassContext, PassResult } from "./manager.js";

const PASS = "dedup-queries";

export function dedupQueries(ctx: PassContext): PassResult {
  let removed = 0;
  for (const f of ctx.module.functions) {
    if (isDeclaration(f) || f.kind === "host") continue;
    removed += dedupFunction(ctx, f);
  }
  ctx.stats.bump(PASS, "queries deduplicated", removed);
  return { changed: removed > 0, preserves: "cfg" };
}

function dedupFunction(ctx: PassContext, f: Function): number {
  const byQuery = new Map<string, { id: InstId; block: BlockId }[]>();
  forEachInst(f, (inst, id, block) => {
    if (inst.kind !== "omp.query") return;
    const list = byQuery.get(inst.query) ?? [];
    list.push({ id, block });
    byQuery.set(inst.query, list);
  });
  const replace = new Map<ValueId, ValueId>();
  let at = 0; // kept queries go to the entry block's start, in first-seen order
  const entry = entryBlock(f);
  for (const [query, list] of byQuery) {
    if (list.length < 2) continue;
    const [keep, ...rest] = list;
    const kept = f.insts[keep!.id]! as OmpQueryInst;
    removeInst(f, keep!.block, keep!.id);
    placeInst(f, entry, keep!.id, at++);
    for (const { id, block } of rest) {
      const inst = f.insts[id]!;
      ctx.remarks.emit(remark("passed", PASS, "OMP170", f.name, inst.loc, `OpenMP runtime call omp.${query} deduplicated.`, { query: `omp.${query}` }));
      replace.set(inst.result, kept.result);
      removeInst(f, block, id);
    }
  }
  if (replace.size > 0) replaceUses(f, (v) => replace.get(v) ?? v);
  return replace.size;
}
