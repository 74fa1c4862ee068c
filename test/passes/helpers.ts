// Builders for hand-made CFGs in pass/analysis unit tests.

import type { Function, Module } from "../../src/ir/ir.js";
import { addBlock, addFunction, appendInst, newModule } from "../../src/ir/ir.js";
import type { BlockId, ValueId } from "../../src/ir/types.js";
import { NO_VALUE } from "../../src/ir/types.js";

/**
 * A device function whose CFG is `edges` (block name → successor names; the first key is
 * the entry). Two successors make a `cond_br` on the i1 parameter %c; none a `ret`.
 */
export function cfgFunction(edges: Record<string, string[]>, m: Module = newModule()): { m: Module; f: Function; b: Record<string, BlockId>; c: ValueId } {
  const f = addFunction(m, "f", "device", ["i1"], "void", { paramNames: ["c"] });
  const c = f.params[0]!;
  const b: Record<string, BlockId> = {};
  for (const name of Object.keys(edges)) b[name] = addBlock(f, name);
  for (const [name, succ] of Object.entries(edges)) {
    const from = b[name]!;
    if (succ.length === 0) appendInst(f, from, { kind: "ret", value: NO_VALUE });
    else if (succ.length === 1) appendInst(f, from, { kind: "br", target: b[succ[0]!]!, args: [] });
    else appendInst(f, from, { kind: "cond_br", cond: c, then: b[succ[0]!]!, thenArgs: [], else: b[succ[1]!]!, elseArgs: [] });
  }
  return { m, f, b, c };
}
