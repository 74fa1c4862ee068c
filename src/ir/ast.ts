// The typed syntax tree the parser returns and the resolver consumes.
//
// It mirrors the text, not the IR: names are still strings, literals are still untyped
// (their type comes from context during resolution), and every node that a diagnostic may
// point at carries the Loc of its first token. Names are stored without their sigil.

import type { Loc } from "./loc.js";
import type { PlainKind } from "./opcodes.js";
import type {
  AtomicOp, BinaryOp, CastOp, FMathFn, FcmpPred, FuncKind, IcmpPred, KernelMode, MapKind, OmpQuery,
} from "./ir.js";
import type { RetType, Space, Type } from "./types.js";

export interface NameAst {
  name: string;
  loc: Loc;
  /** Length of the source token (sigil included), for the diagnostic underline. */
  length: number;
}

export interface TypeAst {
  type: Type;
  loc: Loc;
}

/** An operand as written. Literals keep their source text for messages. */
export type OperandAst =
  | { kind: "value"; name: string; loc: Loc; length: number } // %x
  | { kind: "symbol"; name: string; loc: Loc; length: number } // @g, @f
  | { kind: "int"; value: bigint; text: string; loc: Loc; length: number }
  | { kind: "float"; value: number; text: string; loc: Loc; length: number } // also inf, -inf, nan
  | { kind: "bool"; value: boolean; text: string; loc: Loc; length: number }
  | { kind: "null"; text: string; loc: Loc; length: number }
  | { kind: "undef"; text: string; loc: Loc; length: number };

/** A literal usable in a global initializer (no names). */
export type LiteralAst = Exclude<OperandAst, { kind: "value" } | { kind: "symbol" }>;

export interface BlockRefAst {
  block: NameAst;
  args: OperandAst[];
}

/** One map item; `always` and `kind` are shared by every item of its `map(...)`. */
export interface MapAst {
  kind: MapKind;
  always: boolean;
  elemType: TypeAst;
  base: OperandAst;
  lo: OperandAst;
  len: OperandAst;
  loc: Loc;
}

/** A plain instruction (opcodes.ts PlainForm) as written: its written type, if its form has
 *  one, and its operands in printed order. */
export interface PlainInstAst {
  kind: PlainKind;
  type: TypeAst | null;
  operands: OperandAst[];
  /** The form's flag keyword was written. */
  flag?: boolean;
}

/** The other instructions, each with its own syntax. */
export type InstBodyAst =
  | PlainInstAst
  | { kind: "binary"; op: BinaryOp; type: TypeAst; lhs: OperandAst; rhs: OperandAst }
  | { kind: "fmath"; fn: FMathFn; type: TypeAst; a: OperandAst; b: OperandAst | null }
  | { kind: "icmp"; pred: IcmpPred; type: TypeAst; lhs: OperandAst; rhs: OperandAst }
  | { kind: "fcmp"; pred: FcmpPred; type: TypeAst; lhs: OperandAst; rhs: OperandAst }
  | { kind: "cast"; op: CastOp; from: TypeAst; value: OperandAst; to: TypeAst }
  | { kind: "alloca"; elemType: TypeAst; count: OperandAst | null }
  | { kind: "load"; type: TypeAst; space: Space; ptr: OperandAst }
  | { kind: "store"; type: TypeAst; value: OperandAst; space: Space; ptr: OperandAst }
  | { kind: "atomic"; op: AtomicOp; type: TypeAst; space: Space; ptr: OperandAst; value: OperandAst }
  | { kind: "cmpxchg"; type: TypeAst; space: Space; ptr: OperandAst; expected: OperandAst; desired: OperandAst }
  | { kind: "call"; callee: NameAst; args: OperandAst[] }
  | { kind: "call_indirect"; callee: OperandAst; args: OperandAst[]; paramTypes: TypeAst[]; ret: RetType; callees?: NameAst[] }
  | { kind: "print"; format: string; args: OperandAst[] }
  | { kind: "trap"; message: string }
  | { kind: "omp.parallel"; region: NameAst; args: OperandAst[]; threads: OperandAst | null }
  | { kind: "omp.query"; query: OmpQuery }
  | { kind: "omp.reverse_offload"; callee: NameAst; args: OperandAst[]; maps: MapAst[]; nowait: boolean }
  | { kind: "omp.target"; kernel: NameAst; args: OperandAst[]; teams: OperandAst | null; threads: OperandAst | null; device: OperandAst | null; maps: MapAst[]; nowait: boolean }
  | { kind: "omp.target_enter_data"; device: OperandAst | null; maps: MapAst[] }
  | { kind: "omp.target_exit_data"; device: OperandAst | null; maps: MapAst[] }
  | { kind: "omp.target_update"; device: OperandAst | null; maps: MapAst[] }
  | { kind: "br"; target: BlockRefAst }
  | { kind: "cond_br"; cond: OperandAst; then: BlockRefAst; else: BlockRefAst }
  | { kind: "ret"; value: OperandAst | null };

export interface InstCommonAst {
  /** `%r =`, if written. */
  result: NameAst | null;
  /** The opcode as written (`add`, `omp.thread_num`, …) and where. */
  opcode: string;
  opLoc: Loc;
  /** The instruction's first token: the result name if any, else the opcode. */
  loc: Loc;
  /** A `loc("file":line:col)` suffix: where the instruction came from (e.g. a .c file). */
  srcLoc: Loc | null;
}

export type InstAst = InstCommonAst & InstBodyAst;

export interface ParamAst {
  name: NameAst | null; // null in declarations
  type: TypeAst;
}

export interface BlockAst {
  name: NameAst;
  params: ParamAst[];
  insts: InstAst[];
  loc: Loc;
}

/** One item of an attribute's list argument: `@name` (global) or a word. */
export interface AttrItemAst {
  name: string;
  global: boolean;
  loc: Loc;
  length: number;
}

/** `readnone`, `assume("…")`, `cost(N)`, … as written; checked by the resolver. */
export interface AttrAst {
  name: string;
  loc: Loc;
  length: number;
  arg:
    | { kind: "string"; value: string; loc: Loc; length: number }
    | { kind: "int"; value: bigint; loc: Loc; length: number }
    /** `(@f, @g, word)`: function names and words (`state_machine`); loc and length span the parentheses. */
    | { kind: "list"; items: AttrItemAst[]; loc: Loc; length: number }
    | null;
}

export interface FunctionAst {
  kind: FuncKind;
  declaration: boolean;
  name: NameAst;
  params: ParamAst[];
  ret: RetType;
  mode: KernelMode | null;
  attrs: AttrAst[];
  blocks: BlockAst[];
  loc: Loc;
  /** A `loc("file":line:col)` before the body: where the function came from. */
  srcLoc?: Loc | null;
}

export interface GlobalAst {
  name: NameAst;
  space: Space;
  type: TypeAst;
  count: { value: bigint; loc: Loc; length: number } | null;
  /** null: no initializer; `= c` gives one element; `= [..]` a list. */
  init: LiteralAst[] | null;
  loc: Loc;
}

/** `requires reverse_offload, unified_shared_memory` (clause names checked by the resolver). */
export interface RequiresAst {
  clauses: NameAst[];
  loc: Loc;
}

export type ItemAst = ({ item: "global" } & GlobalAst) | ({ item: "function" } & FunctionAst) | ({ item: "requires" } & RequiresAst);

export interface ModuleAst {
  items: ItemAst[];
}
