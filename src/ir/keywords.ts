// The words of the `.oir` language that are keywords, and the classes each belongs to
// (`add` is a binary and an atomic operator; `ult` an icmp and an fcmp predicate; `global`
// a top-level keyword and a space). The chevrotain lexer (lexer.ts) makes one token type per
// word with these classes as categories; the fast reader (fastparse.ts) looks words up here.

import { ATOMIC_OPS, BINARY_OPS, CAST_OPS, FCMP_PREDS, ICMP_PREDS, MAP_KINDS, OMP_QUERIES, FMATH_FNS } from "./ir.js";
import { SPACES, TYPES } from "./types.js";
import { OPCODES } from "./opcodes.js";

export type KeywordClass = "type" | "space" | "binop" | "icmp" | "fcmp" | "cast" | "atomic" | "mapkind" | "query" | "fmath";

const classes = new Map<string, KeywordClass[]>();
function add(words: readonly string[], c: KeywordClass): void {
  for (const w of words) {
    const cs = classes.get(w) ?? [];
    cs.push(c);
    classes.set(w, cs);
  }
}
add(TYPES, "type");
add(SPACES, "space");
add(BINARY_OPS, "binop");
add(ICMP_PREDS, "icmp");
add(FCMP_PREDS, "fcmp");
add(CAST_OPS, "cast");
add(ATOMIC_OPS, "atomic");
add(MAP_KINDS, "mapkind");
add(OMP_QUERIES.map((q) => `omp.${q}`), "query");
add(FMATH_FNS.map((q) => `fmath.${q}`), "fmath");

const PLAIN_KEYWORDS = [
  "declare", "device", "kernel", "generic", "spmd", "x", "void", "requires",
  ...Object.values(OPCODES).flatMap((o) => (o.mnemonic === null ? [] : [o.mnemonic])),
  "map", "always", "teams", "threads", "nowait", "callees", "uniform",
  "true", "false", "null", "undef", "inf", "nan",
];
for (const w of PLAIN_KEYWORDS) if (!classes.has(w)) classes.set(w, []);

/** Every keyword, in a fixed order, with its classes. */
export const KEYWORDS: ReadonlyMap<string, readonly KeywordClass[]> = classes;
