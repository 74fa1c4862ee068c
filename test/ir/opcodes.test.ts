// The opcode table (src/ir/opcodes.ts) and the helpers that spell a column out for speed.

import { expect, test } from "@jest/globals";
import type { Inst, InstKind } from "../../src/ir/ir.js";
import { OPCODES, isTerminator } from "../../src/ir/opcodes.js";

test("isTerminator agrees with the table's terminator column for every kind", () => {
  for (const kind of Object.keys(OPCODES) as InstKind[]) {
    expect([kind, isTerminator({ kind } as Inst)]).toEqual([kind, OPCODES[kind].terminator]);
  }
});
