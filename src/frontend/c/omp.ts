// OpenMP directives to IR, mirroring clang's code generation for GPUs (docs/C.md lists each
// lowering next to the clang output it mirrors):
//
// - `target …` becomes a kernel plus an `omp.target` launch. Captured variables follow
//   OpenMP's implicit rules: scalars firstprivate (passed by value), pointers passed by
//   value (translated by the runtime when they point into mapped data), arrays and structs
//   mapped tofrom; explicit map/firstprivate/private/is_device_ptr clauses override them.
// - Execution mode as clang decides it: SPMD when the target region is a combined
//   teams+parallel construct (`target parallel…`, `target teams distribute parallel for…`)
//   or its body is exactly one such nested directive; generic otherwise. In a generic kernel
//   each `parallel` is outlined into a device function started with `omp.parallel`, and the
//   kernel's locals the region uses are globalized (`omp.alloc_shared`/`omp.free_shared`).
// - Worksharing loops use clang's GPU default schedules: `for` static with chunk 1,
//   `distribute` static (one block per team), `distribute parallel for` one iteration per
//   thread of the grid, round robin.
// - Reductions: a private copy per thread initialised to the identity; at the end a team
//   combines within each warp by shuffles, then the warps' results in a team-shared slot,
//   then the team's into the original with an atomic (the GPU runtimes' three steps).

import type { Function as IrFunction } from "../../ir/ir.js";
import { addBlock, addFunction, addGlobal, addRequires, constValue } from "../../ir/ir.js";
import type { MapClause, MapKind, AtomicOp } from "../../ir/ir.js";
import { srcLoc } from "../../ir/loc.js";
import { freshSymbol } from "../../ir/names.js";
import type { Space, Type, ValueId } from "../../ir/types.js";
import { NO_VALUE } from "../../ir/types.js";
import type { CType, StructInfo } from "./ctypes.js";
import { INT, LONG, VOID, irType, isArith, isInt, isScalar, leafElem, sizeofC, typeName } from "./ctypes.js";
import type { SrcPos } from "./errors.js";
import { CError } from "./errors.js";
import type { CGlobal, FB, LVal, Lowerer, Mapper, RVal, Var } from "./lower.js";
import { FB as FBClass, threadprivateOnDevice, unparen } from "./lower.js";
import type { Node } from "./parse.js";
import type { Clause, Directive, ExprText, ListItem } from "./pragma.js";
import { parsePragma } from "./pragma.js";
import type { Pragma } from "./preprocess.js";
import { tokenize } from "./preprocess.js";

/** Parses C expression text from a clause, as a node the lowering can evaluate. */
export type ExprParser = (e: ExprText) => Node;

const SUPPORTED_HOST = new Set([
  "target", "target teams", "target teams distribute", "target teams distribute parallel for", "target teams distribute parallel for simd",
  "target parallel", "target parallel for", "target parallel for simd", "target simd", "target teams distribute simd",
  "target data", "target enter data", "target exit data",
  "parallel", "parallel for", "parallel for simd", "for", "for simd", "simd", "atomic", "barrier", "critical", "single", "master", "masked",
  "taskwait", "flush", "task", "taskgroup", "taskyield", "target update", "sections", "parallel sections", "section",
  "teams", "teams distribute", "teams distribute parallel for", "teams distribute parallel for simd", "teams distribute simd",
  "distribute", "distribute parallel for", "distribute parallel for simd", "distribute simd",
  "taskloop", "taskloop simd", "ordered", "parallel masked", "parallel master",
]);
const SUPPORTED_DEVICE = new Set([
  "teams", "teams distribute", "teams distribute parallel for", "teams distribute parallel for simd", "teams distribute simd",
  "distribute", "distribute parallel for", "distribute parallel for simd", "distribute simd",
  "parallel", "parallel for", "parallel for simd", "for", "for simd", "simd",
  "atomic", "barrier", "single", "master", "masked", "flush", "critical",
  "sections", "parallel sections", "section", "parallel masked", "parallel master",
]);
const CLAUSES = new Set([
  "map", "firstprivate", "private", "shared", "defaultmap", "is_device_ptr", "num_teams", "thread_limit", "num_threads",
  "nowait", "reduction", "schedule", "dist_schedule", "collapse", "default", "device", "bind", "read", "write", "update", "capture", "compare",
  "seq_cst", "relaxed", "acquire", "release", "acq_rel", "filter", "reverse_offload", "unified_address", "unified_shared_memory", "dynamic_allocators", "atomic_default_mem_order", "link", "device_type", "enter", "to", "from", "indirect", "target", "safelen", "simdlen", "aligned", "linear", "if", "depend", "lastprivate", "proc_bind", "order", "nontemporal",
  "grainsize", "num_tasks", "nogroup", "untied", "mergeable", "final", "priority", "ordered", "threads", "initializer", "uniform", "inbranch", "notinbranch", "copyin",
]);
/** Clauses that belong to a few directives only: the words one of which the directive must have. */
const CLAUSE_ON: Readonly<Record<string, RegExp>> = {
  grainsize: /\btaskloop\b/, num_tasks: /\btaskloop\b/, nogroup: /\btaskloop\b/,
  untied: /\btask(loop)?\b/, mergeable: /\btask(loop)?\b/, final: /\btask(loop)?\b/, priority: /\btask(loop)?\b/,
  ordered: /\bfor\b/, threads: /^ordered$/, initializer: /^declare reduction$/,
  copyin: /\bparallel\b/, uniform: /^declare simd$/, inbranch: /^declare simd$/, notinbranch: /^declare simd$/, read: /^atomic$/, write: /^atomic$/, update: /^atomic$/, capture: /^atomic$/, compare: /^atomic$/,
};

/**
 * How a variable captured by an outlined body (kernel or reverse-offload host function)
 * arrives: by reference to mapped data (`ref`, parameter pIndex, and the section's lo at
 * loIndex when it does not start at 0), by value (`val`), or as a fresh local (`priv`).
 */
/** A `declare reduction` for one type: its combiner and the private copies' first value. */
interface Udr {
  t: CType;
  combiner: ExprText;
  identity: bigint | number;
}

type Plan = { v: Var; how: "ref" | "val" | "priv"; pIndex: number; loIndex: number; ptrVar: boolean; elemType: Type };

/** The parameters, arguments and maps of an outlined call being built. */
interface OutlinedCall {
  paramTypes: Type[];
  paramNames: string[];
  args: ValueId[];
  maps: MapClause[];
}
/** One step of a struct-member path: `.name` or `->name`. */
type Seg = { arrow: boolean; name: string };
/** An `if` clause's directive-name modifier ("" without one). */
function ifModifier(c: Clause): string {
  return c.modifiers.join(" ").trim();
}

/** An `if` clause's condition (after the modifier, when there is one). */
function ifExpr(c: Clause): ExprText {
  return c.items.length === 1 ? c.items[0]!.base : c.arg!;
}

/** `s.t->p` as its root variable and member path; null if the text is not such a path. */
function memberPath(text: string): { root: string; segs: Seg[] } | null {
  const m = /^([A-Za-z_]\w*)((?:\s*(?:\.|->)\s*[A-Za-z_]\w*)+)$/.exec(text);
  if (m === null) return null;
  return { root: m[1]!, segs: [...m[2]!.matchAll(/(\.|->)\s*([A-Za-z_]\w*)/g)].map((x) => ({ arrow: x[1] === "->", name: x[2]! })) };
}
/** A map item naming a struct member's section: its root variable and member path. */
type Member = { root: string; segs: Seg[]; kind: MapKind; always: boolean; item: Clause["items"][number]; pos: SrcPos };
/** An array section of structs a mapper applies to: the array (v, item), the struct, the map
 *  type of the array itself (null: not moved), and the mapper's member items per element,
 *  written in terms of ELEM (see eachElement). */
type ElemMap = { v: Var; st: StructInfo; item: Clause["items"][number]; clauses: Clause[]; pos: SrcPos; kind: MapKind | null };
/** The variable eachElement points at each element of an array mapped through a mapper. */
const ELEM = "__omp_elem";
/** An explicit map item of a variable, by name. */
type MappedItem = { kind: MapKind; always: boolean; item: Clause["items"][number]; pos: SrcPos };
/** A pointer member whose section a target region maps and attaches (see memberMaps). */
type Attach = { root: string; segs: Seg[]; text: string; kind: MapKind; always: boolean; item: Clause["items"][number]; pos: SrcPos };
/** A `target update` item with a stride or sections on several dimensions: its base and unit
 *  (elements of a scalar type, bytes otherwise), and per sectioned dimension, outermost first,
 *  its lo, count and stride in elements and its pitch in units. Each point of the nest moves
 *  one element of the last dimension (`run` units), or all of its elements when that
 *  dimension's stride is 1 (`merged`). */
type Strided = { base: ValueId; elemType: Type; dims: { lo: ValueId; n: ValueId; stride: ValueId; pitch: number }[]; run: number; merged: boolean } | null;

export class Omp {
  kernels = 0;
  outlined = 0;
  /** The lock word of each critical name (team-shared). */
  locks = new Map<string, import("../../ir/types.js").GlobalId>();
  constructor(readonly L: Lowerer, readonly parseExpr: ExprParser) {
    L.ompStmt = (fb, p, stmt, label) => this.stmt(fb, p, stmt, label);
    L.ompDecl = (p, node) => this.decl(p, node);
    L.parallelUses = (n) => this.parallelUses(n);
  }

  directive(p: Pragma): Directive {
    let d = parsePragma(p.text, p.pos);
    for (const c of d.clauses) {
      if (!CLAUSES.has(c.name)) this.err(c.pos, `unknown or unsupported clause '${c.name}' on '#pragma omp ${d.name}'`);
      if (CLAUSE_ON[c.name]?.test(d.name) === false) this.err(c.pos, `clause '${c.name}' is not allowed on '#pragma omp ${d.name}'`);
    }
    // nowait(c) (OpenMP 6.0): the clause when c is true, none when it is false. Only a
    // constant c: a run-time one would choose between two forms of the construct.
    const nw = d.clauses.find((c) => c.name === "nowait" && c.arg !== null);
    if (nw !== undefined) {
      const k = this.L.tryConstInt(this.parseExpr(nw.arg!), null);
      if (k === null) this.err(nw.pos, "'nowait' with an argument that is not a constant is not supported");
      d = { ...d, clauses: d.clauses.flatMap((c) => (c !== nw ? [c] : k !== 0n ? [{ ...c, arg: null }] : [])) };
    }
    // The `loop` construct as clang lowers it: bound to teams it is `distribute parallel for`,
    // bound to a parallel region `for` (`target teams loop` is an SPMD kernel in clang too).
    const w = d.name.split(" ");
    const li = w.indexOf("loop");
    if (li >= 0) {
      const bind = d.clauses.find((c) => c.name === "bind")?.arg?.text.trim();
      const prev = w[li - 1];
      const repl = prev === "teams" || bind === "teams" ? ["distribute", "parallel", "for"] : prev === "parallel" || bind === "parallel" ? ["for"] : ["for"];
      w.splice(li, 1, ...repl);
      return { ...d, name: w.join(" "), clauses: d.clauses.filter((c) => c.name !== "bind") };
    }
    return d;
  }

  err(pos: SrcPos, message: string): never {
    throw new CError([{ pos, message }]);
  }

  decl(p: Pragma, _node: Node): void {
    const d = this.directive(p);
    switch (d.name) {
      case "requires":
        for (const c of d.clauses) {
          if (c.name === "reverse_offload") this.L.requiresReverseOffload = true;
          if (c.name === "reverse_offload" || c.name === "unified_address" || c.name === "unified_shared_memory") addRequires(this.L.m, c.name);
          else if (!["dynamic_allocators", "atomic_default_mem_order"].includes(c.name)) this.err(c.pos, `'requires ${c.name}' is not supported`);
        }
        return;
      case "declare mapper":
        return this.declareMapper(d);
      case "declare reduction":
        return this.declareReduction(d);
      case "threadprivate": {
        // One copy per thread of each host team; host teams have one thread (docs/C.md), so
        // that copy is the global. A target region may not use it (an error there).
        for (const it of (d.dirArg ?? "").split(",")) {
          const g = this.L.globals.get(it.trim());
          if (g === undefined) this.err(d.pos, `'${it.trim()}' in 'threadprivate' is not a global variable declared before`);
          else g.threadprivate = true;
        }
        return;
      }
      case "declare simd":
        // SIMD versions of the function that follows (OpenMP 5.2 section 7.7): ompir has no
        // lanes below threads, so the function as written is all there is.
        for (const c of d.clauses) if (!["uniform", "linear", "aligned", "simdlen", "inbranch", "notinbranch"].includes(c.name)) this.err(c.pos, `clause '${c.name}' is not allowed on '#pragma omp declare simd'`);
        return;
      case "declare":
      case "declare target":
      case "begin declare target":
      case "end declare target": {
        // Functions called from target regions get a device version on demand (clang's implicit
        // declare target); variables declared target live on the device and are not mapped.
        const lists = d.clauses.filter((c) => c.name === "target" || c.name === "enter" || c.name === "to" || c.name === "link");
        let deviceType = "any" as "any" | "host" | "nohost";
        for (const c of d.clauses) {
          if (c.name === "device_type") {
            const dt = c.arg?.text.trim() ?? "";
            if (dt !== "any" && dt !== "host" && dt !== "nohost") this.err(c.pos, `'device_type(${dt})' is not a device type (any, host or nohost)`);
            deviceType = dt as typeof deviceType;
          }
          if (!["target", "enter", "to", "link", "device_type", "indirect"].includes(c.name)) this.err(c.pos, `clause '${c.name}' on 'declare target' is not supported`);
        }
        if (d.name === "declare" && lists.length === 0) this.err(d.pos, "'#pragma omp declare' needs 'target', 'reduction', 'mapper' or 'simd'");
        if (lists.length > 0) {
          for (const c of lists) for (const it of c.items) {
            const g = this.L.globals.get(it.base.text);
            const f = this.L.funcs.get(it.base.text);
            if (g !== undefined) {
              // link: mapped where used (OpenMP's implicit tofrom); host-only variables stay unmapped-by-default globals.
              if (c.name === "link") g.link = true;
              else if (deviceType !== "host") g.declTarget = true;
            } else if (f !== undefined) {
              if (c.name === "link") this.err(it.pos, `function '${it.base.text}' in a 'link' clause (only variables may be linked)`);
              if (deviceType !== "any") f.only = deviceType;
            } else this.err(it.pos, `'${it.base.text}' in 'declare target' is not a global variable or function declared before`);
          }
          return;
        }
        if (d.name === "end declare target") {
          if (this.L.declareTargetDepth === 0) this.err(d.pos, "'end declare target' without 'declare target'");
          this.L.declareTargetDepth--;
          this.L.deviceTypes.pop();
        } else {
          this.L.declareTargetDepth++;
          this.L.deviceTypes.push(deviceType);
        }
        return;
      }
      default:
        return this.err(d.pos, `'#pragma omp ${d.name}' is not supported`);
    }
  }

  stmt(fb: FB, p: Pragma, stmt: Node | null, label: Node): void {
    const d = this.directive(p);
    const device = fb.side === "device";
    const supported = device ? SUPPORTED_DEVICE : SUPPORTED_HOST;
    if (fb.inReverse) this.err(d.pos, `'#pragma omp ${d.name}' inside a reverse-offload region is not allowed (OpenMP forbids OpenMP constructs in 'target device(ancestor: 1)')`);
    const ancestor = d.clauses.find((c) => c.name === "device" && c.modifiers.includes("ancestor"));
    if (ancestor !== undefined) {
      if (d.name !== "target") this.err(d.pos, `'device(ancestor: 1)' is only allowed on '#pragma omp target', not on '#pragma omp ${d.name}'`);
      if (!device) this.err(ancestor.pos, "'device(ancestor: 1)' outside a target region: there is no ancestor device to go back to");
      return this.reverse(fb, d, stmt, label, ancestor);
    }
    if (device && d.name === "ordered") this.err(d.pos, "'#pragma omp ordered' in a target region is not supported");
    if (!supported.has(d.name)) {
      if (device && d.name.startsWith("target")) this.err(d.pos, `'#pragma omp ${d.name}' inside a target region is not allowed`);
      if (!device && SUPPORTED_DEVICE.has(d.name)) this.err(d.pos, `'#pragma omp ${d.name}' outside a target region is not supported`);
      this.err(d.pos, `'#pragma omp ${d.name}' is not supported`);
    }
    for (const c of d.clauses) {
      // proc_bind only asks where threads are placed (OpenMP 5.2 section 10.1.3): no effect here.
      // order(concurrent) only promises that the iterations may run in any order: running
      // them as the loop says keeps that promise (OpenMP 5.2 section 11.3).
      if (c.name === "order" && !/^(reproducible:|unconstrained:)?\s*concurrent$/.test(c.arg?.text.trim() ?? "")) this.err(c.pos, `'order(${c.arg?.text ?? ""})' is not supported (only order(concurrent))`);
      if (c.name === "ordered" && (device || d.name.startsWith("target"))) this.err(c.pos, "'ordered' loops in a target region are not supported");
      if (c.name === "ordered" && c.arg !== null) this.err(c.pos, "'ordered(n)' (doacross loops) is not supported");
      if ((c.name === "lastprivate" || c.name === "linear") && !/\bfor\b|\bdistribute\b|\bsimd\b|\btaskloop\b/.test(d.name)) this.err(c.pos, `'${c.name}' is only supported on loop constructs`);
      const isTargetRegion = !device && d.name.startsWith("target") && !["target data", "target enter data", "target exit data", "target update"].includes(d.name);
      if (c.name === "if") {
        // if(target: …) decides where a target region runs; if(parallel: …) whether a
        // parallel region is active (a team of one if not); a task always runs undeferred, as
        // if(false) asks. Without a modifier the clause applies to each construct that takes it.
        const mod = c.modifiers.join(" ").trim();
        const words = d.name.split(" ");
        const data = !device && ["target data", "target enter data", "target exit data", "target update"].includes(d.name);
        const ok = (isTargetRegion && (mod === "" || mod === "target")) || (words.includes("parallel") && (mod === "" || mod === "parallel")) || (d.name === "task" && (mod === "" || mod === "task")) || (data && (mod === "" || mod === d.name));
        if (!ok) this.err(c.pos, `clause 'if' is only supported on target constructs, parallel constructs and tasks ('if(target: …)', 'if(target data: …)', 'if(parallel: …)', 'if(task: …)')`);
      }
      if (c.name === "depend" && !(isTargetRegion || (!device && d.name === "task"))) this.err(c.pos, `clause 'depend' is only supported on target regions and host tasks`);
      if (c.name === "device" && !d.name.startsWith("target")) this.err(c.pos, `clause 'device' is only allowed on target constructs, not on '#pragma omp ${d.name}'`);
      if (c.name === "device" && !(c.modifiers.length === 0 || c.modifiers.length === 1 && c.modifiers[0] === "device_num")) this.err(c.pos, `'device(${c.modifiers.join(", ")}: …)' is not supported (only 'device(n)', 'device(device_num: n)' and 'device(ancestor: 1)')`);
    }
    const needsStmt = !["barrier", "taskwait", "flush", "taskyield", "target update", "target enter data", "target exit data"].includes(d.name);
    if (needsStmt && (stmt === null || stmt.type === "expression_statement" && stmt.text.trim() === ";" && d.name !== "atomic")) {
      if (stmt === null) this.err(d.pos, `'#pragma omp ${d.name}' must be followed by a statement`);
    }
    if (!device) return this.host(fb, d, stmt, label);
    return this.device(fb, d, d.name.split(" "), d.clauses, stmt!, label);
  }

  // ---------------------------------------------------------------------------------------
  // Host side

  host(fb: FB, d: Directive, stmt: Node | null, label: Node): void {
    const words = d.name.split(" ");
    if (words[0] === "target") {
      if (d.name === "target data") return this.targetData(fb, d, stmt!, label);
      if (d.name === "target enter data" || d.name === "target exit data") return this.enterExit(fb, d, label);
      if (d.name === "target update") return this.update(fb, d, label);
      return this.target(fb, d, stmt!, label);
    }
    switch (d.name) {
      case "barrier":
      case "flush":
        return;
      case "taskwait":
        fb.emit({ kind: "omp.taskwait" }, null, label);
        return;
      case "taskyield":
        return;
      case "target update":
        return this.update(fb, d, label);
      case "task":
      case "taskgroup": {
        // Tasks run undeferred, at once, on the encountering thread (a legal schedule, and one
        // that respects every `depend`); a task's dependences on earlier `nowait` target
        // regions are kept by waiting for those first.
        if (d.clauses.some((c) => c.name === "depend")) fb.emit({ kind: "omp.taskwait" }, null, label);
        // if(task: c): false asks for an undeferred task, which every task here is; c is
        // still evaluated.
        const ifc = d.clauses.find((c) => c.name === "if");
        if (ifc?.arg) fb.cond(this.parseExpr(ifExpr(ifc)));
        // final(c) and priority(p) are evaluated; every task is undeferred already.
        for (const c of d.clauses) if ((c.name === "final" || c.name === "priority") && c.arg) fb.rvalue(this.parseExpr(c.arg));
        fb.pushScope();
        this.privates(fb, [...d.clauses, ...(d.name === "task" ? this.taskFirstprivates(fb, d, stmt!) : [])], false);
        fb.stmt(stmt!);
        fb.popScope();
        if (d.name === "taskgroup") fb.emit({ kind: "omp.taskwait" }, null, label);
        return;
      }
      case "taskloop":
      case "taskloop simd":
        return this.taskloop(fb, d, stmt!, label);
      case "ordered":
        // Host teams have one thread, which runs a loop's iterations in order: the block
        // runs as it stands. Doacross (`depend(sink: …)`, `doacross`) is not supported.
        for (const c of d.clauses) if (c.name !== "simd" && c.name !== "threads") this.err(c.pos, `clause '${c.name}' on '#pragma omp ordered' is not supported`);
        return fb.stmt(stmt!);
      case "atomic":
      case "critical":
      case "single":
      case "master":
        return fb.stmt(stmt!);
      case "masked":
        return this.hostMasked(fb, d, stmt!, label);
      default: {
        // parallel / for / simd on the host: one thread runs the region (docs/C.md).
        const par = words.includes("parallel") ? 1 : 0;
        // if(parallel: c) is evaluated; the region has one thread either way (still a level).
        const ifc = d.clauses.find((c) => c.name === "if");
        if (ifc?.arg) fb.cond(this.parseExpr(ifExpr(ifc)));
        fb.pushScope();
        // The region's private copies are declared inside it (a task there firstprivatizes them).
        fb.hostLevel += par;
        this.privates(fb, d.clauses.filter((c) => c.name !== "filter"), false);
        // The level for omp_get_level in the functions the region calls (Lowerer.usesLevel):
        // raised for the region, put back after it (a structured block has one exit).
        const lvl = par && this.L.usesLevel ? fb.gvar(this.L.hostLevelGlobal()) : null;
        const old = lvl === null ? null : fb.emit({ kind: "load", type: "i32", space: "host", ptr: lvl }, "i32", label);
        if (lvl !== null) fb.emit({ kind: "store", type: "i32", space: "host", ptr: lvl, value: fb.emit({ kind: "binary", op: "add", type: "i32", lhs: old!, rhs: fb.c("i32", 1n) }, "i32", label) }, null, label);
        if (words.includes("masked")) this.hostMasked(fb, d, stmt!, label);
        else fb.stmt(stmt!);
        if (lvl !== null) fb.emit({ kind: "store", type: "i32", space: "host", ptr: lvl, value: old! }, null, label);
        fb.hostLevel -= par;
        fb.popScope();
      }
    }
  }

  /** `masked [filter(t)]` on the host, whose teams have one thread (thread 0): the block runs
   *  when t is 0 (OpenMP 5.2 section 10.5; without filter, t is 0). */
  hostMasked(fb: FB, d: Directive, body: Node, label: Node): void {
    const filter = d.clauses.find((c) => c.name === "filter");
    if (!filter?.arg) return fb.stmt(body);
    const t = fb.convert(this.expr(fb, filter.arg), INT, this.parseExpr(filter.arg)).v;
    const run = fb.block();
    const join = fb.block();
    fb.condBr(fb.emit({ kind: "icmp", pred: "eq", type: "i32", lhs: t, rhs: fb.c("i32", 0n) }, "i1", label), run, join, label);
    fb.setBlock(run);
    fb.stmt(body);
    fb.br(join);
    fb.setBlock(join);
  }

  /**
   * `taskloop` on the host (OpenMP 5.2 section 12.6): the loop as one task, run at once on
   * the encountering thread (without grainsize or num_tasks the number of tasks is the
   * implementation's to choose), in an implicit taskgroup unless `nogroup`. The task's data
   * environment is a task's (taskFirstprivates); the loop variable is private to it;
   * `reduction` and `lastprivate` variables are the originals, which the one task's
   * iterations update in order. `grainsize` and `num_tasks` are evaluated and otherwise
   * have no effect here: a program sees them only through firstprivate copies it changes.
   */
  taskloop(fb: FB, d: Directive, body: Node, label: Node): void {
    const forN = unwrapFor(body);
    if (forN === null) return this.err(d.pos, `'#pragma omp ${d.name}' must be followed by a for loop`);
    for (const c of d.clauses) {
      if (c.name === "collapse" && c.arg && this.L.constInt(this.parseExpr(c.arg), null) !== 1n) this.err(c.pos, "'collapse' on 'taskloop' is not supported");
      if (c.name === "grainsize" || c.name === "num_tasks" || c.name === "final" || c.name === "priority") if (c.arg) fb.rvalue(this.parseExpr({ text: c.arg.text.replace(/^\s*strict\s*:/, ""), pos: c.arg.pos }));
    }
    const ifc = d.clauses.find((c) => c.name === "if");
    if (ifc?.arg) fb.cond(this.parseExpr(ifExpr(ifc)));
    const loopVar = canonicalLoop(this.L, forN).varName;
    fb.pushScope();
    const kept = d.clauses.filter((c) => c.name !== "reduction" && c.name !== "lastprivate");
    const firsts = this.taskFirstprivates(fb, d, forN).map((c) => ({ ...c, items: c.items.filter((it) => it.base.text !== loopVar) }));
    const own: Clause[] = forN.childForFieldName("initializer")?.type === "declaration" ? [] : [{ name: "private", pos: d.pos, arg: null, modifiers: [], items: [{ base: { text: loopVar, pos: d.pos }, sections: [], pos: d.pos }] }];
    this.privates(fb, [...kept, ...firsts, ...own], false);
    fb.stmt(forN);
    fb.popScope();
    if (!d.clauses.some((c) => c.name === "nogroup")) fb.emit({ kind: "omp.taskwait" }, null, label);
  }

  /**
   * A task's implicitly firstprivate variables (OpenMP 5.2 section 5.1.1): a local it uses
   * that no clause names is shared only when every implicit task of the team shares it,
   * i.e. when it is declared outside the innermost host `parallel` around the task (and not
   * made private by it); otherwise (the sequential part, a function's own locals and
   * parameters, a region's private copies) the task gets a copy made when it starts, and
   * its changes are lost: gcc's behaviour. `default(shared)` shares everything. Globals
   * and static locals are shared; a VLA (a pointer here) stays shared.
   */
  taskFirstprivates(fb: FB, d: Directive, body: Node): Clause[] {
    if (d.clauses.some((c) => c.name === "default" && c.arg?.text.trim() === "shared")) return [];
    const named = new Set<string>();
    for (const c of d.clauses) for (const it of c.items) named.add(it.base.text.trim());
    const items: ListItem[] = [];
    for (const v of this.captures(fb, body)) {
      if (v.global !== undefined || v.level === undefined || named.has(v.name)) continue;
      if (v.level < fb.hostLevel) continue; // shared by the enclosing region's threads
      items.push({ base: { text: v.name, pos: d.pos }, sections: [], pos: d.pos });
    }
    return items.length === 0 ? [] : [{ name: "firstprivate", pos: d.pos, arg: null, modifiers: [], items }];
  }

  /** The vars a region uses from outside: identifiers in the body and in nested directives' clauses. */
  captures(fb: FB, body: Node, extra: readonly Clause[] = [], skipGlobals = false): Var[] {
    const names: string[] = [];
    const seen = new Set<string>();
    const add = (s: string): void => {
      if (!seen.has(s)) (seen.add(s), names.push(s));
    };
    // The device number is the host's to evaluate: it is not captured.
    for (const c of extra) if (c.name !== "device") for (const it of c.items) for (const t of tokenize(it.base.text)) if (t.k === "id") add(t.s);
    for (const c of extra) if (c.arg && ["num_teams", "thread_limit", "num_threads"].includes(c.name)) for (const t of tokenize(c.arg.text)) if (t.k === "id") add(t.s);
    // Names used only inside reverse-offload regions: globals among them are the host's own.
    const revOnly = new Set<string>();
    let inRev = 0;
    const walk = (n: Node): void => {
      if (n.type === "labeled_statement") {
        const m = /^__omp_pragma_(\d+)$/.exec(n.childForFieldName("label")?.text ?? "");
        if (m && /\bancestor\b/.test(this.L.pragmas[Number(m[1])]!.text)) {
          inRev++;
          for (const c of n.namedChildren) if (c !== null) walk(c);
          inRev--;
          return;
        }
      }
      if (n.type === "identifier") {
        if (inRev > 0 && !seen.has(n.text)) revOnly.add(n.text);
        if (inRev === 0) revOnly.delete(n.text);
        add(n.text);
      }
      if (n.type === "statement_identifier") {
        const m = /^__omp_pragma_(\d+)$/.exec(n.text);
        if (m) for (const t of tokenize(this.L.pragmas[Number(m[1])]!.text)) if (t.k === "id") add(t.s);
      }
      if (n.type === "call_expression") {
        const fnN = n.childForFieldName("function");
        const args = n.childForFieldName("arguments");
        // A function's name is not captured; a function pointer variable called by name is.
        if (fnN && (fnN.type !== "identifier" || fb.scope.lookup(fnN.text)?.k === "var" || this.L.globals.has(fnN.text))) walk(fnN);
        if (args) walk(args);
        return;
      }
      for (const c of n.namedChildren) if (c !== null) walk(c);
    };
    walk(body);
    const out: Var[] = [];
    for (const name of names) {
      const s = fb.scope.lookup(name);
      // A reverse-offload body runs on the host, where the globals are the host's own.
      if ((skipGlobals || revOnly.has(name)) && (s === undefined || (s.k === "var" && s.v.global !== undefined))) continue;
      if (s?.k === "var" && s.v.global !== undefined && this.L.globals.get(name)?.declTarget && fb.side === "host") continue;
      if (s === undefined && this.L.globals.get(name)?.declTarget && fb.side === "host") continue;
      // A static local is a global under a fresh symbol: the region binds it by its C name.
      if (s?.k === "var") out.push(s.v.name === name ? s.v : { ...s.v, name });
      else if (s === undefined && this.L.globals.has(name) && this.L.fileScope.get(name)?.k !== "enum") {
        const v = fb.lookup({ text: name } as Node);
        if (v.k === "var") out.push(v.v);
      }
    }
    return out;
  }

  clauseNames(clauses: readonly Clause[], name: string): Set<string> {
    const s = new Set<string>();
    for (const c of clauses) if (c.name === name) for (const it of c.items) s.add(it.base.text);
    return s;
  }

  expr(fb: FB, e: ExprText): RVal {
    return fb.rvalue(this.parseExpr(e));
  }

  /** A map item's storage: base pointer, element IR type, lo and len (in elements of that type). */
  section(fb: FB, v: Var, it: Clause["items"][number] | null, at: SrcPos): { base: ValueId; elemType: Type; lo: ValueId; len: ValueId; loIsZero: boolean; elemSize: number; ptrVar: boolean } {
    const t = v.t;
    const lv: LVal = { addr: v.addr, t: v.t, sp: v.sp, v };
    let sec = it?.sections ?? [];
    if (sec.length > 1) {
      // a[lo:len][0:N]…: whole inner dimensions make the rows lo..lo+len-1, one contiguous
      // block: the first dimension's section says it all.
      let inner: CType = t.k === "array" ? t.of : t.k === "ptr" ? t.to : t;
      const k = (e: ExprText): number | null => {
        const c = this.L.tryConstInt(this.parseExpr(e), fb.scope);
        return c === null ? null : Number(c);
      };
      for (const d of sec.slice(1)) {
        const n = inner.k === "array" ? inner.n : null;
        const lo = d.lo === null ? 0 : k(d.lo);
        const len = d.len === null ? (n === null || lo === null ? null : n - lo) : k(d.len);
        if (n === null || d.stride !== null || lo !== 0 || len !== n) this.err(d.pos, "array sections on more than one dimension are only supported when the inner ones are whole (a[lo:len][0:N])");
        inner = (inner as Extract<CType, { k: "array" }>).of;
      }
      sec = sec.slice(0, 1);
    }
    let base: ValueId;
    let elem: CType;
    let count: number | null;
    let ptrVar = false;
    if (t.k === "array") {
      base = v.addr;
      elem = t.of;
      count = t.n;
    } else if (t.k === "ptr") {
      if (sec.length === 0) this.err(at, `mapping the pointer '${v.name}' itself is not supported; map a section such as ${v.name}[0:n]`);
      base = fb.load(lv, null as unknown as Node).v;
      elem = t.to;
      count = null;
      ptrVar = true;
    } else {
      if (sec.length > 0) this.err(at, `'${v.name}' is not an array or pointer`);
      base = v.addr;
      elem = t;
      count = 1;
    }
    if (elem.k === "void") this.err(at, "a section of a void pointer");
    const s = sec[0];
    if (s?.stride) this.err(s.stride.pos, "a strided array section is only supported in the motion clauses of '#pragma omp target update'");
    const scalar = isScalar(elem);
    const elemType: Type = scalar ? irType(elem) : "i8";
    const elemSize = scalar ? 1 : sizeofC(elem);
    const toI64 = (e: ExprText): ValueId => fb.convert(this.expr(fb, e), LONG, this.parseExpr(e)).v;
    const lo = s?.lo ? toI64(s.lo) : fb.c("i64", 0n);
    const loIsZero = !s?.lo || /^0+$/.test(s.lo.text.trim());
    let len: ValueId;
    if (s?.len) len = toI64(s.len);
    else if (count !== null) len = fb.emit({ kind: "binary", op: "sub", type: "i64", lhs: fb.c("i64", BigInt(count)), rhs: lo }, "i64", null);
    else return this.err(s?.pos ?? at, `the section of pointer '${v.name}' needs a length`);
    const scale = (x: ValueId): ValueId => (elemSize === 1 ? x : fb.emit({ kind: "binary", op: "mul", type: "i64", lhs: x, rhs: fb.c("i64", BigInt(elemSize)) }, "i64", null));
    return { base, elemType, lo: scale(lo), len: scale(len), loIsZero, elemSize, ptrVar };
  }

  /**
   * `declare mapper([id:] type var) map(...)…`: recorded per struct type; `expandMappers`
   * applies it where a variable of that type is mapped.
   */
  declareMapper(d: Directive): void {
    const arg = d.dirArg ?? "";
    const colon = arg.indexOf(":");
    const id = colon < 0 ? "default" : arg.slice(0, colon).trim();
    const spec = (colon < 0 ? arg : arg.slice(colon + 1)).trim().replace(/\s+/g, " ");
    const m = /^(?:(struct|union) ([A-Za-z_]\w*)|([A-Za-z_]\w*)) ([A-Za-z_]\w*)$/.exec(spec);
    if (m === null || !/^[A-Za-z_]\w*$/.test(id)) return this.err(d.pos, `'declare mapper(${arg})' needs [identifier:] a struct type and a variable name`);
    let info: StructInfo | undefined;
    if (m[1] !== undefined) {
      const tag = this.L.tags.get(`${m[1]} ${m[2]}`);
      if (tag !== undefined && !("enumTag" in tag)) info = tag;
    } else {
      const td = this.L.fileScope.get(m[3]!);
      if (td?.k === "typedef" && td.t.k === "struct") info = td.t.s;
    }
    if (info === undefined) return this.err(d.pos, `'${m[1] !== undefined ? `${m[1]} ${m[2]}` : m[3]}' in 'declare mapper' is not a struct type declared before`);
    const clauses: Clause[] = [];
    for (const c of d.clauses) {
      if (c.name !== "map") this.err(c.pos, `clause '${c.name}' on 'declare mapper' is not allowed (only map)`);
      clauses.push(c);
    }
    let byId = this.L.mappers.get(info);
    if (byId === undefined) this.L.mappers.set(info, (byId = new Map()));
    if (byId.has(id)) this.err(d.pos, `mapper '${id}' for '${typeName({ k: "struct", s: info })}' is declared twice`);
    byId.set(id, { v: m[4]!, clauses, pos: d.pos });
  }

  /**
   * Replaces each map item naming a struct variable that has a mapper (a `mapper(id)`
   * modifier, or the type's default mapper; implicitly mapped struct variables of the region
   * too) with the mapper's items for that variable, their map types combined with the
   * item's as OpenMP's mapper rules say (`to` turns `from` into `alloc`, and so on). An
   * array section of structs keeps its item and returns the mapper's member items per
   * element (`elems`, for eachElement).
   */
  expandMappers(fb: FB, d: Directive, body: Node | null): { d: Directive; elems: ElemMap[] } {
    const varOf = (name: string): Var | undefined => {
      const s = fb.scope.lookup(name);
      return s?.k === "var" ? s.v : this.L.globals.has(name) ? (fb.lookup({ text: name } as Node) as { k: "var"; v: Var }).v : undefined;
    };
    const structOf = (name: string): StructInfo | undefined => {
      const v = varOf(name);
      return v?.t.k === "struct" ? v.t.s : undefined;
    };
    // An array of structs (one dimension), or a pointer to structs with a section: the
    // mapper applies to each element.
    const elemsOf = (name: string, sections: number, at: SrcPos): StructInfo | undefined => {
      const v = varOf(name);
      if (v === undefined || (v.t.k !== "array" && v.t.k !== "ptr")) return undefined;
      const of = v.t.k === "array" ? v.t.of : v.t.to;
      if (of.k === "array" && leafElem(of).k === "struct" && this.L.mappers.has((leafElem(of) as Extract<CType, { k: "struct" }>).s)) this.err(at, `a 'declare mapper' applied to '${name}', an array of arrays of structs, is not supported`);
      if (of.k !== "struct" || sections > 1 || (v.t.k === "ptr" && sections === 0)) return undefined;
      return of.s;
    };
    const elems: ElemMap[] = [];
    // OpenMP 5.2 section 5.8.8: the map type of each mapper item combined with the item's.
    // A motion clause moves only the items whose type moves that way; exit data releases
    // what it does not copy back.
    const motion = d.name === "target update";
    const exit = d.name === "target exit data";
    const combine = (outer: string, inner: string): string | null => {
      if (motion) return inner === outer || inner === "tofrom" ? outer : null;
      if (exit) return outer === "from" && (inner === "from" || inner === "tofrom") ? "from" : outer === "from" ? "release" : outer;
      return outer === "tofrom" ? inner : outer === "alloc" || inner === "alloc" ? "alloc" : inner === "tofrom" || inner === outer ? outer : "alloc";
    };
    const kindOf = (c: Clause): string => {
      let inner = "tofrom";
      for (const mod of c.modifiers) for (const w of mod.split(/[\s,]+/)) if (["to", "from", "tofrom", "alloc"].includes(w)) inner = w;
      return inner;
    };
    const expand = (name: string, mp: Mapper, outer: string, always: boolean, elem = false): Clause[] => {
      // Per element, the mapper's variable is the element the loop of eachElement points at.
      const subst = (e: ExprText): ExprText => ({
        ...e,
        text: elem
          ? e.text.replace(new RegExp(`(?<![\\w.]|->)\\b${mp.v}\\s*\\.`, "g"), `${ELEM}->`).replace(new RegExp(`(?<![\\w.]|->)\\b${mp.v}\\b`, "g"), `(*${ELEM})`)
          : e.text.replace(new RegExp(`(?<![\\w.]|->)\\b${mp.v}\\b`, "g"), name),
      });
      return mp.clauses.flatMap((c) => {
        const kind = combine(outer, kindOf(c));
        if (kind === null) return [];
        const mods = [...(always ? ["always"] : []), kind];
        const items = c.items.filter((it) => !elem || it.base.text.trim() !== mp.v);
        if (items.length === 0) return [];
        return { ...c, modifiers: mods, items: items.map((it) => ({ ...it, base: subst(it.base), sections: it.sections.map((sec) => ({ ...sec, lo: sec.lo && subst(sec.lo), len: sec.len && subst(sec.len), stride: sec.stride && subst(sec.stride) })) })) };
      });
    };
    // An array section of structs through a mapper: the array itself with the map type of the
    // mapper's item for the whole variable (none: `to`/`release` as an owner), its members per
    // element (eachElement).
    const expandElems = (c: Clause, it: Clause["items"][number], st: StructInfo, mp: Mapper, outer: string, always: boolean): Clause | null => {
      const whole = mp.clauses.filter((mc) => mc.items.some((x) => x.base.text.trim() === mp.v)).map((mc) => combine(outer, kindOf(mc)));
      const wk = whole.find((k) => k !== null) ?? (motion ? null : exit ? "release" : "to");
      elems.push({ v: varOf(it.base.text)!, st, item: it, clauses: expand(it.base.text, mp, outer, always, true), pos: it.pos, kind: wk as MapKind | null });
      return wk === null ? null : { ...c, modifiers: [...(always ? ["always"] : []), wk], items: [it] };
    };
    if (this.L.mappers.size === 0 && !d.clauses.some((c) => c.name === "map" && c.modifiers.some((m) => m.trim().startsWith("mapper")))) return { d, elems };
    const out: Clause[] = [];
    const named = new Set(d.clauses.flatMap((c) => c.items.map((it) => it.base.text)));
    for (const c of d.clauses) {
      if (c.name !== "map") {
        out.push(c);
        continue;
      }
      let id: string | null = null;
      const mods: string[] = [];
      for (const mod of c.modifiers) {
        const m = /^mapper\s*\(\s*([A-Za-z_]\w*)\s*\)$/.exec(mod.trim());
        if (m !== null) id = m[1]!;
        else mods.push(mod);
      }
      let outer = "tofrom";
      let always = false;
      for (const mod of mods) for (const w of mod.split(/[\s,]+/)) {
        if (w === "always") always = true;
        else if (w !== "") outer = w;
      }
      const keep: typeof c.items = [];
      for (const it of c.items) {
        const plain = /^[A-Za-z_]\w*$/.test(it.base.text);
        const info = plain && it.sections.length === 0 ? structOf(it.base.text) : undefined;
        const elemInfo = plain && info === undefined ? elemsOf(it.base.text, it.sections.length, it.pos) : undefined;
        const mp = (info ?? elemInfo) && this.L.mappers.get((info ?? elemInfo)!)?.get(id ?? "default");
        if (id !== null && id !== "default" && mp === undefined) this.err(it.pos, `no mapper '${id}' is declared for '${it.base.text}'`);
        if (mp === undefined) keep.push(it);
        else if (info !== undefined) out.push(...expand(it.base.text, mp, outer, always));
        else {
          const ec = expandElems(c, it, elemInfo!, mp, outer, always);
          if (ec !== null) out.push(ec);
        }
      }
      if (keep.length > 0) out.push({ ...c, modifiers: mods, items: keep });
    }
    // Struct variables and arrays of structs the region uses without a clause are mapped
    // tofrom through their default mapper (pointers are passed by value, without one).
    if (body !== null && !d.clauses.some((c) => c.name === "defaultmap")) {
      for (const v of this.captures(fb, body, d.clauses)) {
        if (named.has(v.name)) continue;
        const st = v.t.k === "struct" ? v.t.s : v.t.k === "array" ? elemsOf(v.name, 0, d.pos) : undefined;
        const mp = st !== undefined ? this.L.mappers.get(st)?.get("default") : undefined;
        if (mp === undefined) continue;
        const item = { base: { text: v.name, pos: d.pos }, sections: [], pos: d.pos };
        const c: Clause = { name: "map", pos: d.pos, arg: null, modifiers: ["tofrom"], items: [item] };
        if (v.t.k === "struct") out.push(...expand(v.name, mp, "tofrom", false));
        else out.push(expandElems(c, item, st!, mp, "tofrom", false)!);
      }
    }
    return { d: { ...d, clauses: out }, elems };
  }

  /**
   * Runs `body` once per element of an array section of structs a mapper applies to (see
   * expandMappers), in a host loop with `__omp_elem` pointing at the element: the mapper's
   * member items, written in terms of it, become ordinary member sections of a data
   * directive there. *clang*: the mapper function `.omp_mapper.<type>.<id>`, which
   * libomptarget calls with the section and which loops over its elements the same way.
   */
  eachElement(fb: FB, em: ElemMap, label: Node, body: () => void): void {
    const v = em.v;
    const toI64 = (e: ExprText): ValueId => fb.convert(this.expr(fb, e), LONG, this.parseExpr(e)).v;
    const sec = em.item.sections[0];
    const lo = sec?.lo ? toI64(sec.lo) : fb.c("i64", 0n);
    let n: ValueId;
    if (sec?.len) n = toI64(sec.len);
    else if (v.t.k === "array" && v.t.n !== null) n = fb.emit({ kind: "binary", op: "sub", type: "i64", lhs: fb.c("i64", BigInt(v.t.n)), rhs: lo }, "i64", label);
    else return this.err(em.pos, `the section of '${v.name}' needs a length`);
    const base = v.t.k === "array" ? v.addr : fb.load({ addr: v.addr, t: v.t, sp: v.sp, v }, label).v;
    fb.pushScope();
    const ev = fb.declareLocal(ELEM, { k: "ptr", to: { k: "struct", s: em.st } }, label);
    ev.ps = "host";
    const head = addBlock(fb.f, null, ["i64"]);
    const loop = fb.block();
    const done = fb.block();
    fb.br(head, [fb.c("i64", 0n)], label);
    fb.setBlock(head);
    const k = fb.f.blocks[head]!.params[0]!;
    fb.condBr(fb.emit({ kind: "icmp", pred: "slt", type: "i64", lhs: k, rhs: n }, "i1", label), loop, done, label);
    fb.setBlock(loop);
    const i = fb.emit({ kind: "binary", op: "add", type: "i64", lhs: lo, rhs: k }, "i64", label);
    const at = fb.emit({ kind: "gep", elemType: "i8", ptr: base, index: fb.emit({ kind: "binary", op: "mul", type: "i64", lhs: i, rhs: fb.c("i64", BigInt(em.st.size)) }, "i64", label) }, "ptr", label);
    fb.emit({ kind: "store", type: "ptr", space: ev.sp, value: at, ptr: ev.addr }, null, label);
    body();
    fb.br(head, [fb.emit({ kind: "binary", op: "add", type: "i64", lhs: k, rhs: fb.c("i64", 1n) }, "i64", label)], label);
    fb.setBlock(done);
    fb.popScope();
  }

  /** The per-element data directive of each array mapper (see eachElement): `name` is the
   *  data directive, `kinds` turns the mapper items' map types into its own. */
  elementMaps(fb: FB, elems: ElemMap[], name: string, kinds: (k: string) => string | null, dev: Clause[], label: Node): void {
    for (const em of elems) {
      const clauses: Clause[] = [];
      for (const c of em.clauses) {
        const k = kinds(c.modifiers[c.modifiers.length - 1]!);
        if (k !== null) clauses.push({ ...c, modifiers: [...c.modifiers.slice(0, -1), k] });
      }
      if (clauses.length === 0) continue;
      // A motion clause is named by its kind.
      const own = name === "target update" ? clauses.map((c) => ({ ...c, name: c.modifiers[c.modifiers.length - 1]!, modifiers: [] })) : clauses;
      const d: Directive = { name, dirArg: null, clauses: [...own, ...dev], pos: em.pos };
      this.eachElement(fb, em, label, () => {
        if (name === "target update") this.update(fb, d, label, false);
        else this.enterExit(fb, d, label, false);
      });
    }
  }

  /**
   * Maps section `sec` (kind, always) for an outlined call and passes its start as a `ptr`
   * parameter named `name`, plus its `lo` as `name.lo` when the section does not start at 0
   * (the callee rebuilds the base pointer). Returns the two parameter indices (lo: -1).
   */
  passSection(fb: FB, out: OutlinedCall, name: string, sec: ReturnType<Omp["section"]>, kind: MapKind, always: boolean, label: Node): { pIndex: number; loIndex: number } {
    const start = sec.loIsZero ? sec.base : fb.emit({ kind: "gep", elemType: sec.elemType, ptr: sec.base, index: sec.lo }, "ptr", label);
    out.maps.push({ kind, always, elemType: sec.elemType, base: sec.base, lo: sec.lo, len: sec.len, loc: this.L.loc(label) });
    const pIndex = out.paramTypes.length;
    out.paramTypes.push("ptr");
    out.paramNames.push(name);
    out.args.push(start);
    if (sec.loIsZero) return { pIndex, loIndex: -1 };
    out.paramTypes.push("i64");
    out.paramNames.push(`${name}.lo`);
    out.args.push(sec.lo);
    return { pIndex, loIndex: pIndex + 1 };
  }

  /** Binds each captured variable inside outlined function `fn` to its parameter as its plan says. */
  bindCaptures(ofb: FB, fn: IrFunction, plans: Plan[], ps: "global" | "host", label: Node): void {
    for (const p of plans) {
      const v = p.v;
      if (p.how === "priv") {
        ofb.declareLocal(v.name, v.t, label);
        continue;
      }
      const param = fn.params[p.pIndex]!;
      if (p.how === "val") {
        const nv = ofb.declareLocal(v.name, v.t, label);
        ofb.store({ addr: nv.addr, t: nv.t, sp: nv.sp, v: nv }, { v: param, t: v.t, ps }, label);
        nv.ps = ps;
        continue;
      }
      let base = param;
      if (p.loIndex >= 0) {
        const neg = ofb.emit({ kind: "binary", op: "sub", type: "i64", lhs: ofb.c("i64", 0n), rhs: fn.params[p.loIndex]! }, "i64", label);
        base = ofb.emit({ kind: "gep", elemType: p.elemType, ptr: param, index: neg }, "ptr", label);
      }
      if (p.ptrVar) {
        const nv = ofb.declareLocal(v.name, v.t, label);
        ofb.emit({ kind: "store", type: "ptr", space: nv.sp, value: base, ptr: nv.addr }, null, label);
        nv.ps = ps;
      } else {
        ofb.scope.set(v.name, { k: "var", v: { name: v.name, t: v.t, addr: base, sp: ps } });
      }
    }
  }

  /**
   * The map items a target region or data directive needs for its struct-member sections (`s.p[lo:len]`,
   * `p->q[lo:len]`, `a->b->c[lo:len]`), as OpenMP's attach rules and clang's MEMBER_OF |
   * PTR_AND_OBJ entries have it. The object holding the member is mapped too: the root
   * variable (`s` whole, `p` as `p[0:1]`) added to `mapped`, and each struct reached through a
   * pointer member (`a->b` in `a->b->c`) an attachment `a->b[0:1]` of its own; they are
   * `ownerKind` (`to`; `release` on exit data) unless the program maps them (a section of an
   * array member maps its owner with the section's map type instead). Returns the pointer-member sections to attach, owners first.
   */
  memberMaps(fb: FB, members: Member[], mapped: Map<string, MappedItem>, ownerKind: MapKind = "to"): Attach[] {
    const pathText = (root: string, segs: Seg[]): string => root + segs.map((g) => (g.arrow ? "->" : ".") + g.name).join("");
    const weak = (k: MapKind): boolean => k === "alloc" || k === "release";
    const merge = (a: MapKind, b: MapKind): MapKind => (a === b || weak(b) ? a : weak(a) ? b : a === "delete" || b === "delete" ? "delete" : "tofrom");
    const byText = new Map<string, Attach>();
    const implicit = new Set<string>();
    const whole = (it: Clause["items"][number], text: string, ptr: boolean): Clause["items"][number] => ({
      ...it,
      base: { ...it.base, text },
      sections: ptr ? [{ lo: { text: "0", pos: it.pos }, len: { text: "1", pos: it.pos }, stride: null, pos: it.pos }] : [],
    });
    // The object a member belongs to: the root variable, or the struct a pointer prefix points at.
    const object = (mm: Member, k: number, kind: MapKind): void => {
      if (k === 0) {
        const old = mapped.get(mm.root);
        if (old === undefined) {
          const ptr = mm.segs[0]!.arrow;
          mapped.set(mm.root, { kind, always: false, item: whole(mm.item, mm.root, ptr), pos: mm.pos });
          implicit.add(mm.root);
        } else if (implicit.has(mm.root)) old.kind = merge(old.kind, kind);
        return;
      }
      const segs = mm.segs.slice(0, k);
      const text = pathText(mm.root, segs);
      const old = byText.get(text);
      if (old === undefined) {
        byText.set(text, { root: mm.root, segs, text, kind, always: false, item: whole(mm.item, text, true), pos: mm.pos });
        implicit.add(text);
      } else if (implicit.has(text)) old.kind = merge(old.kind, kind);
    };
    const finals: { mm: Member; last: number; array: boolean }[] = [];
    for (const mm of members) {
      const s = fb.scope.lookup(mm.root);
      const rootVar = s?.k === "var" ? s.v : this.L.globals.has(mm.root) ? (fb.lookup({ text: mm.root } as Node) as { k: "var"; v: Var }).v : undefined;
      if (rootVar === undefined) return this.err(mm.pos, `'${mm.root}' is not a variable in scope`);
      let t: CType = rootVar.t;
      let last = 0; // where the object holding the final member starts: after the last '->'
      for (let k = 0; k < mm.segs.length; k++) {
        const g = mm.segs[k]!;
        const prefix = pathText(mm.root, mm.segs.slice(0, k));
        if (g.arrow) {
          if (t.k !== "ptr" || t.to.k !== "struct") return this.err(mm.pos, `'${prefix}' is not a pointer to a struct`);
          t = t.to;
          last = k;
        } else if (t.k !== "struct") return this.err(mm.pos, `'${prefix}' is not a struct`);
        const st = t as Extract<CType, { k: "struct" }>;
        const fd = st.s.fields.find((f) => f.name === g.name);
        if (fd === undefined) return this.err(mm.pos, `'${typeName(st)}' has no member '${g.name}'`);
        t = fd.type;
      }
      if (t.k !== "ptr" && t.k !== "array") return this.err(mm.pos, `'${pathText(mm.root, mm.segs)}' is neither a pointer nor an array`);
      if (t.k === "ptr") {
        const text = pathText(mm.root, mm.segs);
        if (byText.has(text) && !implicit.has(text)) return this.err(mm.pos, `'${text}' is mapped twice`);
        byText.set(text, { root: mm.root, segs: mm.segs, text, kind: mm.kind, always: mm.always, item: mm.item, pos: mm.pos });
        implicit.delete(text);
      }
      finals.push({ mm, last, array: t.k === "array" });
    }
    // Owners after every explicit item is known, so an explicit `p->q[0:1]` is not replaced.
    for (const { mm, last, array } of finals) {
      for (let k = 0; k <= last; k++) if (k === 0 || mm.segs[k]!.arrow) object(mm, k, k === last && array ? mm.kind : ownerKind);
    }
    return [...byText.values()].sort((a, b) => a.segs.length - b.segs.length);
  }

  /** The address of member path `segs` of `v` (consecutive `.` fields as one offset); a
   *  path that does not fit the types is an error at `pos`. */
  memberAddr(fb: FB, v: Var, segs: Seg[], label: Node | null, pos: SrcPos): LVal {
    let addr = v.addr;
    let sp = v.sp;
    let t: CType = v.t;
    let off = 0;
    let root = true;
    const at = (): ValueId => (off === 0 ? addr : fb.emit({ kind: "gep", elemType: "i8", ptr: addr, index: fb.c("i64", BigInt(off)) }, "ptr", label));
    let text = v.name;
    for (const g of segs) {
      if (g.arrow) {
        if (t.k !== "ptr" || t.to.k !== "struct") return this.err(pos, `'${text}' is not a pointer to a struct`);
        const p = fb.load({ addr: at(), t, sp, v: root && off === 0 ? v : undefined }, label as Node);
        root = false;
        addr = p.v;
        sp = p.ps ?? fb.defaultPs;
        t = (t as Extract<CType, { k: "ptr" }>).to;
        off = 0;
      }
      if (t.k !== "struct") return this.err(pos, `'${text}' is not a struct`);
      const st = t;
      const fd = st.s.fields.find((f) => f.name === g.name);
      if (fd === undefined) return this.err(pos, `'${typeName(st)}' has no member '${g.name}'`);
      off += fd.offset;
      t = fd.type;
      text += (g.arrow ? "->" : ".") + g.name;
    }
    return { addr: at(), t, sp };
  }

  /** `target …`: a kernel and its launch. */
  target(fb: FB, d0: Directive, body: Node, label: Node): void {
    const { d, elems } = this.expandMappers(fb, d0, body);
    if (elems.length > 0 && d.clauses.some((c) => c.name === "nowait")) this.err(d.pos, "a 'declare mapper' applied to an array of structs on a 'nowait' target region is not supported");
    const words = d.name.split(" ").slice(1);
    let clauses = [...d.clauses];
    // The directive that decides the mode: the combined one, or the body's sole nested directive.
    let modeWords = words;
    const nested = soleDirective(this.L, body);
    if (nested !== null && !words.includes("parallel")) {
      const nd = parsePragma(nested.p.text, nested.p.pos);
      const nw = nd.name.split(" ");
      if ((words.length === 0 && (nw[0] === "teams" || nw[0] === "parallel")) || (words[0] === "teams" && words.length === 1 && (nw[0] === "parallel" || (nw[0] === "distribute" && nw.includes("parallel"))))) {
        modeWords = [...words, ...nw];
      }
      // num_teams / thread_limit of a nested teams still size the launch (clang passes them).
      if (nw[0] === "teams") clauses = [...clauses, ...nd.clauses.filter((c) => c.name === "num_teams" || c.name === "thread_limit")];
    }
    const spmd = modeWords.includes("parallel");
    const hasTeams = modeWords.includes("teams") || (nested !== null && parsePragma(nested.p.text, nested.p.pos).name.startsWith("teams"));

    const mapped = new Map<string, MappedItem>();
    // Sections of struct members, `s.p[lo:len]`, `p->q[lo:len]`, `a->b->c[lo:len]`.
    const members: Member[] = [];
    for (const c of d.clauses) {
      if (c.name !== "map") continue;
      let kind: MapKind = "tofrom";
      let always = false;
      for (const mod of c.modifiers) {
        for (const w of mod.split(/[\s,]+/)) {
          if (w === "") continue;
          if (w === "always") always = true;
          else if (w === "to" || w === "from" || w === "tofrom" || w === "alloc") kind = w;
          else if (w === "close" || w === "present") continue;
          else this.err(c.pos, `map type '${w}' is not allowed on '#pragma omp target'`);
        }
      }
      for (const it of c.items) {
        const path = it.sections.length > 0 ? memberPath(it.base.text) : null;
        if (path !== null) {
          members.push({ ...path, kind, always, item: it, pos: it.pos });
          continue;
        }
        if (!/^[A-Za-z_]\w*$/.test(it.base.text)) this.err(it.pos, `mapping '${it.base.text}' is not supported (map a variable, an array section of one, or a section of a struct member such as s.p[lo:len] or p->q[lo:len])`);
        mapped.set(it.base.text, { kind, always, item: it, pos: it.pos });
      }
    }
    const attachList = this.memberMaps(fb, members, mapped);
    if (attachList.length > 0 && d.clauses.some((c) => c.name === "nowait")) this.err(d.pos, "attaching struct member sections on a 'nowait' target region is not supported");
    const attachments: { root: string; segs: Seg[]; text: string; pos: SrcPos; sec: ReturnType<Omp["section"]>; pIndex: number; loIndex: number; hostPtr: ValueId; fieldAddr: ValueId; sp: Space }[] = [];
    const fp = this.clauseNames(d.clauses, "firstprivate");
    const priv = this.clauseNames(d.clauses, "private");
    const devPtr = this.clauseNames(d.clauses, "is_device_ptr");
    const red = new Set<string>();
    // reduction and lastprivate on a combined target construct imply map(tofrom) (OpenMP 5.0).
    for (const c of d.clauses) if (c.name === "reduction" || c.name === "lastprivate") for (const it of c.items) red.add(it.base.text);
    // defaultmap(behavior[: scalar|aggregate|pointer]): the implicit rule per category.
    const dmap: Record<"scalar" | "aggregate" | "pointer", string> = { scalar: "default", aggregate: "default", pointer: "default" };
    for (const c of d.clauses) {
      if (c.name !== "defaultmap") continue;
      const behavior = (c.modifiers[0] ?? c.items[0]?.base.text ?? "").trim();
      const cat = c.modifiers.length > 0 ? c.items[0]?.base.text.trim() : undefined;
      if (!["alloc", "to", "from", "tofrom", "firstprivate", "none", "default"].includes(behavior)) this.err(c.pos, `'defaultmap(${behavior})' is not supported`);
      if (cat !== undefined && cat !== "scalar" && cat !== "aggregate" && cat !== "pointer") this.err(c.pos, `defaultmap category '${cat}' is not supported`);
      if (behavior !== "default" && behavior !== "firstprivate" && behavior !== "none" && (cat === undefined || cat === "pointer")) this.err(c.pos, `'defaultmap(${behavior}${cat ? ": " + cat : ""})' on pointers (mapping the pointer itself) is not supported`);
      for (const k of cat === undefined ? (["scalar", "aggregate", "pointer"] as const) : [cat as "scalar"]) dmap[k] = behavior;
    }
    for (const name of [...mapped.keys(), ...fp, ...priv, ...devPtr]) {
      const s = fb.scope.lookup(name);
      if (s?.k !== "var" && !this.L.globals.has(name)) this.err(d.pos, `'${name}' in a clause of '#pragma omp ${d.name}' is not a variable in scope`);
    }

    const caps = this.captures(fb, body, d.clauses);
    for (const v of caps) if (v.global !== undefined && this.L.globals.get(v.name)?.threadprivate) this.err(d.pos, threadprivateOnDevice(v.name));
    // The root of an attached member is passed even when the body does not name it.
    for (const a of attachList) {
      if (caps.some((v) => v.name === a.root)) continue;
      const s = fb.scope.lookup(a.root);
      const v = s?.k === "var" ? s.v : (fb.lookup({ text: a.root } as Node) as { k: "var"; v: Var }).v;
      caps.push(v);
    }
    // depend: the region waits for every earlier nowait region (it respects any dependence).
    if (d.clauses.some((c) => c.name === "depend")) fb.emit({ kind: "omp.taskwait" }, null, label);
    // if(false): the region runs on the host (clang emits the host version of the region too).
    const ifc = d.clauses.find((c) => c.name === "if" && ifModifier(c) !== "parallel");
    let ifJoin = -1 as unknown as import("../../ir/types.js").BlockId;
    let ifElse = ifJoin;
    if (ifc?.arg) {
      const e: ExprText = ifExpr(ifc);
      const cond = fb.cond(this.parseExpr(e));
      const then = fb.block();
      ifElse = fb.block();
      ifJoin = fb.block();
      fb.condBr(cond, then, ifElse, label);
      fb.setBlock(then);
    }
    // Arrays of structs through a mapper: the array and each element's members are entered
    // before the launch (which finds them present) and leave after it.
    const devClauses = d.clauses.filter((c) => c.name === "device");
    const arrayMaps = (name: string, kinds: (k: string) => string): void => {
      for (const em of elems) {
        if (em.kind === null) continue;
        const c: Clause = { name: "map", pos: em.pos, arg: null, modifiers: [kinds(em.kind)], items: [em.item] };
        this.enterExit(fb, { name, dirArg: null, clauses: [c, ...devClauses], pos: em.pos }, label, false);
      }
    };
    const enterKind = (k: string): string => (k === "to" || k === "tofrom" ? "to" : "alloc");
    const exitKind = (k: string): string => (k === "from" || k === "tofrom" ? "from" : "release");
    arrayMaps("target enter data", enterKind);
    this.elementMaps(fb, elems, "target enter data", enterKind, devClauses, label);
    const out: OutlinedCall = { paramTypes: [], paramNames: [], args: [], maps: [] };
    const { paramTypes, paramNames, args, maps } = out;
    const plans: Plan[] = [];
    // A 'declare target link' global is mapped tofrom where a region uses it (OpenMP's implicit rule).
    const linked = (v: Var): boolean => v.global !== undefined && this.L.globals.get(v.name)?.link === true;
    for (const v of caps) {
      const m = mapped.get(v.name);
      let how: Plan["how"];
      if (priv.has(v.name)) how = "priv";
      else if (devPtr.has(v.name)) how = "val";
      else if (m !== undefined) how = "ref";
      else if (fp.has(v.name)) how = isScalar(v.t) ? "val" : "ref";
      else if (red.has(v.name) || linked(v)) how = "ref";
      else {
        const cat = v.t.k === "array" || v.t.k === "struct" ? "aggregate" : v.t.k === "ptr" ? "pointer" : "scalar";
        const b = dmap[cat];
        if (b === "none") this.err(d.pos, `'${v.name}' is used in the target region but has no data-sharing clause (defaultmap(none))`);
        if (b === "default") how = cat === "aggregate" ? "ref" : "val";
        else if (b === "firstprivate") how = cat === "aggregate" ? "ref" : "val";
        else how = "ref";
      }
      const plan: Plan = { v, how, pIndex: -1, loIndex: -1, ptrVar: false, elemType: "i8" };
      if (how === "val") {
        plan.pIndex = paramTypes.length;
        paramTypes.push(irType(v.t));
        paramNames.push(v.name);
        args.push(fb.load({ addr: v.addr, t: v.t, sp: v.sp, v }, label).v);
      } else if (how === "ref") {
        const cat = v.t.k === "array" || v.t.k === "struct" ? "aggregate" : v.t.k === "ptr" ? "pointer" : "scalar";
        const dm = dmap[cat];
        const implicitKind: MapKind = dm === "alloc" || dm === "to" || dm === "from" || dm === "tofrom" ? dm : dm === "firstprivate" ? "firstprivate" : "tofrom";
        const kind: MapKind = m?.kind ?? (fp.has(v.name) ? "firstprivate" : red.has(v.name) || linked(v) ? "tofrom" : implicitKind);
        const s = this.section(fb, v, m?.item ?? null, m?.pos ?? d.pos);
        Object.assign(plan, this.passSection(fb, out, v.name, s, kind, m?.always ?? false, label), { ptrVar: s.ptrVar, elemType: s.elemType });
      }
      plans.push(plan);
    }
    for (const a of attachList) {
      // The host pointer member, read before the launch; its section is passed like a pointer variable's.
      const root = plans.find((pl) => pl.v.name === a.root);
      if (root === undefined || root.how !== "ref") return this.err(a.pos, `'${a.root}' must be mapped to attach '${a.text}'`);
      const lv = this.memberAddr(fb, root.v, a.segs, label, a.pos);
      const sec = this.section(fb, { name: a.text, t: lv.t, addr: lv.addr, sp: lv.sp }, a.item, a.pos);
      const { pIndex, loIndex } = this.passSection(fb, out, a.text.replace(/->/g, "."), sec, a.kind, a.always, label);
      attachments.push({ root: a.root, segs: a.segs, text: a.text, pos: a.pos, sec, pIndex, loIndex, hostPtr: sec.base, fieldAddr: lv.addr, sp: lv.sp });
    }

    const fname = fb.f.name.replace(/\W/g, "_");
    const line = this.L.pos(label).line;
    const kernel = addFunction(this.L.m, freshSymbol(this.L.m, `__omp_offloading_${fname}_l${line}`), "kernel", paramTypes, "void", { mode: spmd ? "spmd" : "generic", loc: this.L.loc(label), paramNames });
    const kfb = new FBClass(this.L, kernel, "device");
    kfb.inTarget = true;
    kfb.pushScope();
    if (!spmd) kfb.globalize = this.parallelUses(body);
    this.bindCaptures(kfb, kernel, plans, "global", label);
    for (const a of attachments) {
      // The device copy of the owner gets the device address of the section in its member
      // (owners first: `a->b` is attached before `a->b->c` is reached through it).
      let dp = kernel.params[a.pIndex]!;
      if (a.loIndex >= 0) {
        const neg = kfb.emit({ kind: "binary", op: "sub", type: "i64", lhs: kfb.c("i64", 0n), rhs: kernel.params[a.loIndex]! }, "i64", label);
        dp = kfb.emit({ kind: "gep", elemType: a.sec.elemType, ptr: dp, index: neg }, "ptr", label);
      }
      const ov = kfb.scope.lookup(a.root);
      if (ov?.k !== "var") continue;
      const lv = this.memberAddr(kfb, ov.v, a.segs, label, a.pos);
      kfb.emit({ kind: "store", type: "ptr", space: lv.sp, value: dp, ptr: lv.addr }, null, label);
    }
    if (words.length === 0) kfb.stmt(body);
    else this.device(kfb, d, words, d.clauses, body, label);
    kfb.popScope();
    kfb.emit({ kind: "ret", value: NO_VALUE }, null, null);
    kfb.finish();

    const num = (name: string): ValueId => {
      const c = clauses.find((x) => x.name === name);
      if (c === undefined || c.arg === null) return NO_VALUE;
      return fb.convert(this.expr(fb, c.arg), INT, this.parseExpr(c.arg)).v;
    };
    let teams = num("num_teams");
    if (teams === NO_VALUE && !hasTeams) teams = fb.c("i32", 1n);
    let threads = num("thread_limit");
    if (threads === NO_VALUE && words.includes("parallel") && !words.includes("teams")) threads = num("num_threads");
    const nowait = d.clauses.some((c) => c.name === "nowait");
    const device = this.deviceNum(fb, clauses);
    fb.emit({ kind: "omp.target", kernel: kernel.id, args, teams, threads, device, maps, nowait }, null, label);
    for (const a of attachments) {
      // An owner's copy-back brought the device address home: put the host pointer back (at
      // the address taken before the launch when the path goes through a pointer, which may
      // have been copied back too).
      const at = a.segs.some((g) => g.arrow) ? a.fieldAddr : this.memberAddr(fb, plans.find((pl) => pl.v.name === a.root)!.v, a.segs, label, a.pos).addr;
      fb.emit({ kind: "store", type: "ptr", space: a.sp, value: a.hostPtr, ptr: at }, null, label);
      // An owner that stays present (entered before the region) would keep the device address
      // the kernel stored, and bring it home on a later copy back: put the host's pointer (or
      // the pointer attached to it by a data directive, which the runtime keeps) back into its
      // device copy. Absent owners are left alone.
      fb.emit({ kind: "omp.target_update", device, maps: [{ kind: "to", always: false, elemType: "ptr", base: at, lo: fb.c("i64", 0n), len: fb.c("i64", 1n), loc: this.L.loc(label) }] }, null, label);
    }
    this.elementMaps(fb, elems, "target exit data", exitKind, devClauses, label);
    arrayMaps("target exit data", exitKind);
    if (ifc?.arg) {
      fb.br(ifJoin);
      fb.setBlock(ifElse);
      this.hostFallback(fb, d, words, body, label, plans.map((p) => ({ v: p.v, how: p.how })));
      fb.br(ifJoin);
      fb.setBlock(ifJoin);
    }
  }

  /** The host version of a target region (its `if` clause was false): firstprivate and
   *  private variables get host copies; mapped ones are the originals. */
  hostFallback(fb: FB, d: Directive, words: string[], body: Node, label: Node, plans: { v: Var; how: "ref" | "val" | "priv" }[]): void {
    fb.pushScope();
    for (const p of plans) {
      if (p.how === "ref") continue;
      const nv = fb.declareLocal(p.v.name, p.v.t, label);
      nv.ps = p.v.ps;
      if (p.how === "val") fb.store({ addr: nv.addr, t: nv.t, sp: nv.sp, v: nv }, fb.load({ addr: p.v.addr, t: p.v.t, sp: p.v.sp, v: p.v }, label), label);
    }
    const rest = words.filter((w) => w !== "simd");
    const clauses = d.clauses.filter((c) => c.name === "private" || c.name === "reduction");
    if (rest.length === 0) fb.stmt(body);
    else this.host(fb, { ...d, name: rest.join(" "), clauses }, body, label);
    fb.popScope();
  }

  /** Names used inside the nested parallel regions of a body (to globalize in generic kernels). */
  parallelUses(body: Node): Set<string> {
    const out = new Set<string>();
    const collect = (n: Node): void => {
      if (n.type === "identifier") out.add(n.text);
      if (n.type === "statement_identifier") {
        const m = /^__omp_pragma_(\d+)$/.exec(n.text);
        if (m) for (const t of tokenize(this.L.pragmas[Number(m[1])]!.text)) if (t.k === "id") out.add(t.s);
      }
      for (const c of n.namedChildren) if (c !== null) collect(c);
    };
    const walk = (n: Node): void => {
      if (n.type === "labeled_statement") {
        const m = /^__omp_pragma_(\d+)$/.exec(n.childForFieldName("label")?.text ?? "");
        if (m && /\bparallel\b/.test(this.L.pragmas[Number(m[1])]!.text)) {
          collect(n);
          return;
        }
      }
      for (const c of n.namedChildren) if (c !== null) walk(c);
    };
    walk(body);
    return out;
  }

  /**
   * The `device(n)` / `device(device_num: n)` clause as an i32 operand, NO_VALUE without one
   * (the default device). Evaluated once per construct, before its maps.
   * *clang*: the device id argument of `__tgt_target_kernel` / `__tgt_target_data_*_mapper`.
   */
  deviceNum(fb: FB, clauses: Clause[]): ValueId {
    const c = clauses.find((x) => x.name === "device" && !x.modifiers.includes("ancestor"));
    if (c === undefined) return NO_VALUE;
    if (c.arg === null || c.items.length !== 1 || c.items[0]!.sections.length > 0) return this.err(c.pos, "'device' needs one device number ('device(n)')");
    const e = c.modifiers.length === 0 ? c.arg : c.items[0]!.base;
    return fb.convert(this.expr(fb, e), INT, this.parseExpr(e)).v;
  }

  targetData(fb: FB, d0: Directive, body: Node, label: Node): void {
    const { d, elems } = this.expandMappers(fb, d0, null);
    const dev = this.deviceNum(fb, d.clauses);
    const devClauses = d.clauses.filter((c) => c.name === "device");
    const items = this.dataMaps(fb, d, ["to", "from", "tofrom", "alloc"]);
    const enter = items.map((m) => ({ ...m, kind: (m.kind === "attach" ? "attach" : m.kind === "to" || m.kind === "tofrom" ? "to" : "alloc") as MapKind }));
    const exit = items.filter((m) => m.kind !== "attach").map((m) => ({ ...m, kind: (m.kind === "from" || m.kind === "tofrom" ? "from" : "release") as MapKind }));
    const at = (ms: MapClause[]): MapClause[] => ms.map((m) => ({ ...m, loc: this.L.loc(label) }));
    const cond = this.dataIf(fb, d);
    this.onlyIf(fb, cond, label, () => {
      if (enter.length) fb.emit({ kind: "omp.target_enter_data", device: dev, maps: at(enter) }, null, label);
      this.elementMaps(fb, elems, "target enter data", (k) => (k === "to" || k === "tofrom" ? "to" : "alloc"), devClauses, label);
    });
    const names = d.clauses.filter((c) => c.name === "map").flatMap((c) => c.items.map((it) => it.base.text)).filter((n) => !fb.presentNames.has(n));
    for (const n of names) fb.presentNames.add(n);
    fb.stmt(body);
    for (const n of names) fb.presentNames.delete(n);
    this.onlyIf(fb, cond, label, () => {
      this.elementMaps(fb, elems, "target exit data", (k) => (k === "from" || k === "tofrom" ? "from" : "release"), devClauses, label);
      if (exit.length) fb.emit({ kind: "omp.target_exit_data", device: dev, maps: at(exit) }, null, label);
    });
  }

  /** The condition of a data directive's `if` clause, evaluated once where the directive is; null without one. */
  dataIf(fb: FB, d: Directive): ValueId | null {
    const c = d.clauses.find((k) => k.name === "if");
    return c?.arg ? fb.cond(this.parseExpr(ifExpr(c))) : null;
  }

  /** `emit`'s code, run only when `cond` holds (always when it is null): a data directive
   *  with if(false) moves and maps nothing (OpenMP 5.2 sections 13.5-13.9). */
  onlyIf(fb: FB, cond: ValueId | null, label: Node, emit: () => void): void {
    if (cond === null) return emit();
    const yes = fb.block();
    const join = fb.block();
    fb.condBr(cond, yes, join, label);
    fb.setBlock(yes);
    emit();
    fb.br(join);
    fb.setBlock(join);
  }

  /**
   * `target update to(x) from(y)`: one omp.target_update per motion clause, in order; data
   * that is not present is left alone, as OpenMP says. A strided section `a[lo:len:stride]`
   * (OpenMP 5.0 section 2.1.5) becomes a host loop of one-element updates, lo + k * stride
   * for k below len (len omitted on an array: the elements that fit); a stride that is not
   * positive is a runtime error. *clang*: one `__tgt_target_data_update_mapper` whose
   * non-contiguous entry (a descriptor of offset, count and stride per dimension) libomptarget
   * walks element run by element run.
   */
  update(fb: FB, d: Directive, label: Node, mappers = true): void {
    const cond = this.dataIf(fb, d);
    this.onlyIf(fb, cond, label, () => this.updateAlways(fb, d, label, mappers));
  }

  private updateAlways(fb: FB, d: Directive, label: Node, mappers: boolean): void {
    const dev = this.deviceNum(fb, d.clauses);
    const devClauses = d.clauses.filter((c) => c.name === "device");
    for (const c of d.clauses) {
      if (c.name === "nowait" || c.name === "device" || c.name === "if") continue;
      if (c.name !== "to" && c.name !== "from") this.err(c.pos, `clause '${c.name}' on '#pragma omp target update' is not supported`);
      // A motion clause is a map clause of its kind here (its mapper(id) modifier kept).
      const fake: Directive = { ...d, name: "target update", clauses: [{ ...c, name: "map", modifiers: [...c.modifiers.filter((m) => m.trim().startsWith("mapper")), c.name] }] };
      const strides: Strided[] = [];
      const { d: fd, elems } = mappers ? this.expandMappers(fb, fake, null) : { d: fake, elems: [] };
      const maps = this.dataMaps(fb, fd, ["to", "from"], strides);
      // Contiguous items stay together in one instruction; each strided one is its loop.
      let run: MapClause[] = [];
      const flush = (): void => {
        if (run.length) fb.emit({ kind: "omp.target_update", device: dev, maps: run.map((x) => ({ ...x, loc: this.L.loc(label) })) }, null, label);
        run = [];
      };
      maps.forEach((m, i) => {
        const mm: MapClause = { ...m, kind: c.name as MapKind, always: false };
        const st = strides[i];
        const g = this.declareTargetGlobal(fb, m);
        if (g !== null) {
          if (st !== undefined && st !== null) this.err(c.pos, "a strided section of a 'declare target' variable in '#pragma omp target update' is not supported");
          flush();
          this.updateDeclareTarget(fb, mm, g, dev, label);
          return;
        }
        if (st === undefined || st === null) return void run.push(mm);
        flush();
        this.stridedUpdate(fb, mm, st, dev, label);
      });
      flush();
      this.elementMaps(fb, elems, "target update", (k) => k, devClauses, label);
    }
  }

  /** The `declare target` global (not `link`) whose host storage a map's section lies in,
   *  or null: found from the map's base, so mapper expansion and attached members, which add
   *  maps, cannot pair a map with another item. */
  declareTargetGlobal(fb: FB, m: MapClause): CGlobal | null {
    const d = fb.f.values[m.base]?.def;
    if (d === undefined || d.kind !== "global") return null;
    for (const g of this.L.globals.values()) if (g.host === d.global && g.declTarget && g.link !== true) return g;
    return null;
  }

  /**
   * `target update to|from(g[lo:len])` of a `declare target` global: its device copy is a
   * global of its own (always present), so the motion is a one-thread kernel that copies the
   * mapped section to or from the device copy. *clang*: the global is in the offload entries
   * table, so libomptarget finds it present and copies directly.
   */
  updateDeclareTarget(fb: FB, m: MapClause, g: CGlobal, dev: ValueId, label: Node): void {
    const devCopy = this.L.globalFor(g, "device", label);
    const kernel = addFunction(this.L.m, freshSymbol(this.L.m, `__omp_update_${m.kind}_${g.name}`), "kernel", ["ptr", "i64", "i64"], "void",
      { mode: "generic", loc: this.L.loc(label), paramNames: [g.name, "lo", "len"] });
    const kfb = new FBClass(this.L, kernel, "device");
    const [sec, lo, len] = kernel.params as [ValueId, ValueId, ValueId];
    const head = addBlock(kernel, null, ["i64"]);
    const body = kfb.block();
    const exit = kfb.block();
    kfb.br(head, [kfb.c("i64", 0n)], label);
    kfb.setBlock(head);
    const k = kernel.blocks[head]!.params[0]!;
    kfb.condBr(kfb.emit({ kind: "icmp", pred: "slt", type: "i64", lhs: k, rhs: len }, "i1", label), body, exit, label);
    kfb.setBlock(body);
    const t = m.elemType;
    const mapped = kfb.emit({ kind: "gep", elemType: t, ptr: sec, index: k }, "ptr", label);
    const at = kfb.emit({ kind: "binary", op: "add", type: "i64", lhs: lo, rhs: k }, "i64", label);
    const copy = kfb.emit({ kind: "gep", elemType: t, ptr: kfb.gvar(devCopy), index: at }, "ptr", label);
    const [from, to] = m.kind === "to" ? [mapped, copy] : [copy, mapped];
    const v = kfb.emit({ kind: "load", type: t, space: "global", ptr: from }, t, label);
    kfb.emit({ kind: "store", type: t, space: "global", value: v, ptr: to }, null, label);
    kfb.br(head, [kfb.emit({ kind: "binary", op: "add", type: "i64", lhs: k, rhs: kfb.c("i64", 1n) }, "i64", label)], label);
    kfb.setBlock(exit);
    kfb.emit({ kind: "ret", value: NO_VALUE }, null, null);
    kfb.finish();
    const start = fb.emit({ kind: "gep", elemType: t, ptr: m.base, index: m.lo }, "ptr", label);
    const one = fb.c("i32", 1n);
    fb.emit({ kind: "omp.target", kernel: kernel.id, args: [start, m.lo, m.len], teams: one, threads: one, device: dev, maps: [m], nowait: false }, null, label);
  }


  /**
   * A `target update` item with a stride or several sectioned dimensions (see update),
   * OpenMP 5.1 section 3.2.5: `a[lo:len:stride]`, `m[0:4:2][1:3:2]`. A section without a
   * length runs to its dimension's end; a missing stride is 1.
   */
  stridedSection(fb: FB, v: Var, it: Clause["items"][number]): NonNullable<Strided> {
    const secs = it.sections;
    const toI64 = (e: ExprText): ValueId => fb.convert(this.expr(fb, e), LONG, this.parseExpr(e)).v;
    // The element type and extent of each sectioned dimension.
    const shape: { elem: CType; extent: number | null }[] = [];
    let base: ValueId;
    let t: CType;
    if (v.t.k === "array") {
      base = v.addr;
      shape.push({ elem: v.t.of, extent: v.t.n });
      t = v.t.of;
    } else if (v.t.k === "ptr") {
      base = fb.load({ addr: v.addr, t: v.t, sp: v.sp, v }, null as unknown as Node).v;
      shape.push({ elem: v.t.to, extent: null });
      t = v.t.to;
    } else return this.err(it.pos, `'${v.name}' is not an array or pointer`);
    for (let k = 1; k < secs.length; k++) {
      if (t.k !== "array") return this.err(secs[k]!.pos, `the section of '${v.name}' has ${secs.length} dimensions, '${v.name}' has ${k}`);
      shape.push({ elem: t.of, extent: t.n });
      t = t.of;
    }
    const leaf = leafElem(t);
    if (leaf.k === "void") this.err(it.pos, "a section of a void pointer");
    const scalar = isScalar(leaf);
    const unit = scalar ? sizeofC(leaf) : 1;
    const dims = secs.map((sec, k) => {
      const { elem, extent } = shape[k]!;
      const lo = sec.lo ? toI64(sec.lo) : fb.c("i64", 0n);
      const stride = sec.stride ? toI64(sec.stride) : fb.c("i64", 1n);
      let n: ValueId;
      if (sec.len) n = toI64(sec.len);
      else if (extent === null) return this.err(sec.pos, `the section of pointer '${v.name}' needs a length`);
      else {
        // The elements from lo to the dimension's end: ceil((extent - lo) / stride).
        const i64 = (op: "add" | "sub" | "sdiv", lhs: ValueId, rhs: ValueId): ValueId => fb.emit({ kind: "binary", op, type: "i64", lhs, rhs }, "i64", null);
        const [lc, sc] = [constValue(fb.f, lo), constValue(fb.f, stride)];
        if (typeof lc === "bigint" && typeof sc === "bigint" && sc > 0n) {
          const rest = BigInt(extent) - lc;
          n = fb.c("i64", rest >= 0n ? (rest + sc - 1n) / sc : rest);
        } else {
          const rest = i64("sub", fb.c("i64", BigInt(extent)), lo);
          n = sec.stride ? i64("sdiv", i64("add", rest, i64("sub", stride, fb.c("i64", 1n))), stride) : rest;
        }
      }
      return { lo, n, stride, pitch: sizeofC(elem) / unit };
    });
    const last = dims[dims.length - 1]!;
    return { base, elemType: scalar ? irType(leaf) : "i8", dims, run: last.pitch, merged: constValue(fb.f, last.stride) === 1n };
  }

  /**
   * One strided item of `target update` (see update): a loop nest over its points, each
   * point one `omp.target_update`. A stride that is not positive is a runtime error; a
   * negative count faults as a contiguous section's negative length does (the update's
   * negative-length fault), where OpenMP requires a length that is not negative.
   */
  stridedUpdate(fb: FB, m: MapClause, st: NonNullable<Strided>, dev: ValueId, label: Node): void {
    const i64 = (op: "add" | "mul", lhs: ValueId, rhs: ValueId): ValueId => fb.emit({ kind: "binary", op, type: "i64", lhs, rhs }, "i64", label);
    const k0 = fb.c("i64", 0n);
    // Failing checks, filled in once the exit block exists.
    const fails: [import("../../ir/types.js").BlockId, () => void][] = [];
    const check = (c: ValueId, fail: () => void): void => {
      const bad = fb.block();
      const ok = fb.block();
      fb.condBr(c, bad, ok, label);
      fails.push([bad, fail]);
      fb.setBlock(ok);
    };
    for (const dim of st.dims) {
      const sc = constValue(fb.f, dim.stride);
      if (typeof sc !== "bigint" || sc <= 0n) {
        check(fb.emit({ kind: "icmp", pred: "sle", type: "i64", lhs: dim.stride, rhs: k0 }, "i1", label), () => {
          fb.emit({ kind: "trap", message: "target update: the stride of an array section must be positive" }, null, label);
          fb.emit({ kind: "unreachable" }, null, label);
        });
      }
      const nc = constValue(fb.f, dim.n);
      if (typeof nc !== "bigint" || nc < 0n) {
        check(fb.emit({ kind: "icmp", pred: "slt", type: "i64", lhs: dim.n, rhs: k0 }, "i1", label), () => {
          fb.emit({ kind: "omp.target_update", device: dev, maps: [{ ...m, base: st.base, elemType: st.elemType, lo: k0, len: dim.n, loc: this.L.loc(label) }] }, null, label);
          fb.br(exit, [], label);
        });
      }
    }
    const loops = st.merged ? st.dims.slice(0, -1) : st.dims;
    const last = st.dims[st.dims.length - 1]!;
    const len = st.merged ? (last.pitch === 1 ? last.n : i64("mul", last.n, fb.c("i64", BigInt(last.pitch)))) : fb.c("i64", BigInt(st.run));
    // The offset of a point: the sum over dimensions of (lo + k * stride) * pitch.
    const nest = (d: number, off: ValueId): void => {
      const dim = st.dims[d]!;
      const scaled = (x: ValueId): ValueId => (dim.pitch === 1 ? x : i64("mul", x, fb.c("i64", BigInt(dim.pitch))));
      if (d === loops.length) {
        const at = d < st.dims.length ? i64("add", off, scaled(dim.lo)) : off;
        fb.emit({ kind: "omp.target_update", device: dev, maps: [{ ...m, base: st.base, elemType: st.elemType, lo: at, len, loc: this.L.loc(label) }] }, null, label);
        return;
      }
      const head = addBlock(fb.f, null, ["i64"]);
      const body = fb.block();
      const done = fb.block();
      fb.br(head, [k0], label);
      fb.setBlock(head);
      const k = fb.f.blocks[head]!.params[0]!;
      fb.condBr(fb.emit({ kind: "icmp", pred: "slt", type: "i64", lhs: k, rhs: dim.n }, "i1", label), body, done, label);
      fb.setBlock(body);
      nest(d + 1, i64("add", off, scaled(i64("add", dim.lo, i64("mul", k, dim.stride)))));
      fb.br(head, [i64("add", k, fb.c("i64", 1n))], label);
      fb.setBlock(done);
    };
    nest(0, k0);
    const exit = fb.block();
    fb.br(exit, [], label);
    for (const [bad, fail] of fails) {
      fb.setBlock(bad);
      fail();
    }
    fb.setBlock(exit);
  }

  /** `target enter data` / `target exit data`; `mappers`: apply declare mappers (not to the
   *  directives eachElement makes of a mapper's items). */
  enterExit(fb: FB, d0: Directive, label: Node, mappers = true): void {
    const cond = this.dataIf(fb, d0);
    this.onlyIf(fb, cond, label, () => this.enterExitAlways(fb, d0, label, mappers));
  }

  private enterExitAlways(fb: FB, d0: Directive, label: Node, mappers: boolean): void {
    const enter = d0.name === "target enter data";
    const { d, elems } = mappers ? this.expandMappers(fb, d0, null) : { d: d0, elems: [] };
    const devClauses = d.clauses.filter((c) => c.name === "device");
    // The elements' members leave before their array, and enter after it.
    if (!enter) this.elementMaps(fb, elems, d.name, (k) => k, devClauses, label);
    const dev = this.deviceNum(fb, d.clauses);
    const items = this.dataMaps(fb, d, enter ? ["to", "alloc"] : ["from", "release", "delete"]);
    if (items.length === 0) this.err(d.pos, `'#pragma omp ${d.name}' needs a map clause`);
    if (enter) for (const c of d.clauses) if (c.name === "map") for (const it of c.items) fb.presentNames.add(it.base.text);
    const maps = items.map((m) => ({ ...m, loc: this.L.loc(label) }));
    fb.emit({ kind: enter ? "omp.target_enter_data" : "omp.target_exit_data", device: dev, maps }, null, label);
    if (enter) this.elementMaps(fb, elems, d.name, (k) => k, devClauses, label);
  }

  /** `strides`, given (target update): per returned item, its strided walk (null: contiguous). */
  dataMaps(fb: FB, d: Directive, allowed: string[], strides?: Strided[]): MapClause[] {
    const out: MapClause[] = [];
    const members: Member[] = [];
    const plain = new Map<string, MappedItem>();
    for (const c of d.clauses) {
      if (c.name === "nowait" || c.name === "device" || c.name === "if") continue;
      if (c.name !== "map") this.err(c.pos, `clause '${c.name}' on '#pragma omp ${d.name}' is not supported`);
      let kind: string | null = null;
      let always = false;
      for (const mod of c.modifiers) for (const w of mod.split(/[\s,]+/)) {
        if (w === "") continue;
        if (w === "always") always = true;
        else kind = w;
      }
      kind ??= d.name === "target data" ? "tofrom" : null;
      if (kind === null || !allowed.includes(kind)) this.err(c.pos, `map type '${kind ?? "(none)"}' is not allowed on '#pragma omp ${d.name}'`);
      for (const it of c.items) {
        const path = it.sections.length > 0 ? memberPath(it.base.text) : null;
        if (path !== null) {
          members.push({ ...path, kind: kind as MapKind, always, item: it, pos: it.pos });
          continue;
        }
        if (!/^[A-Za-z_]\w*$/.test(it.base.text)) this.err(it.pos, `mapping '${it.base.text}' is not supported (map a variable, an array section of one, or a section of a struct member such as s.p[lo:len] or p->q[lo:len])`);
        const s = fb.scope.lookup(it.base.text);
        let v: Var;
        if (s?.k === "var") v = s.v;
        else if (this.L.globals.has(it.base.text)) {
          const r = fb.lookup({ text: it.base.text } as Node);
          if (r.k !== "var") this.err(it.pos, `'${it.base.text}' is not a variable`);
          v = r.v;
        } else return this.err(it.pos, `'${it.base.text}' is not a variable in scope`);
        if (strides !== undefined && (it.sections.length > 1 || it.sections[0]?.stride)) {
          // Walked by stridedUpdate; the map item only carries the kind.
          const st = this.stridedSection(fb, v, it);
          strides.push(st);
          out.push({ kind: kind as MapKind, always, elemType: st.elemType, base: st.base, lo: fb.c("i64", 0n), len: fb.c("i64", 0n), loc: srcLoc(this.L.locOf(0, 0)) });
          continue;
        }
        const sec = this.section(fb, v, it, it.pos);
        strides?.push(null);
        out.push({ kind: kind as MapKind, always, elemType: sec.elemType, base: sec.base, lo: sec.lo, len: sec.len, loc: srcLoc(this.L.locOf(0, 0)) });
        plain.set(it.base.text, { kind: kind as MapKind, always, item: it, pos: it.pos });
      }
    }
    if (members.length > 0) this.dataMembers(fb, d, members, plain, out, strides);
    return out;
  }

  /**
   * The struct-member sections of a data directive (see memberMaps): a motion clause moves
   * just the section; the other directives map the owners too (`to` on entry, `release` on
   * exit, unless mapped explicitly), then the sections, and on entry attach each pointer
   * member to its section with `map(attach)` after them (the runtime's shadow pointers keep
   * the host's pointers on every later copy back).
   */
  dataMembers(fb: FB, d: Directive, members: Member[], plain: Map<string, MappedItem>, out: MapClause[], strides: Strided[] | undefined): void {
    const rootOf = (name: string, at: SrcPos): Var => {
      const s = fb.scope.lookup(name);
      const v = s?.k === "var" ? s.v : this.L.globals.has(name) ? (fb.lookup({ text: name } as Node) as { k: "var"; v: Var }).v : undefined;
      return v ?? this.err(at, `'${name}' is not a variable in scope`);
    };
    const loc = srcLoc(this.L.locOf(0, 0));
    const push = (m: Omit<MapClause, "loc">): void => {
      out.push({ ...m, loc });
      strides?.push(null);
    };
    if (strides !== undefined) {
      for (const mm of members) {
        const lv = this.memberAddr(fb, rootOf(mm.root, mm.pos), mm.segs, null, mm.pos);
        if (lv.t.k !== "ptr" && lv.t.k !== "array") this.err(mm.pos, `'${mm.item.base.text}' is neither a pointer nor an array`);
        const fv: Var = { name: mm.item.base.text, t: lv.t, addr: lv.addr, sp: lv.sp };
        if (mm.item.sections.length > 1 || mm.item.sections[0]?.stride) {
          const st = this.stridedSection(fb, fv, mm.item);
          out.push({ kind: mm.kind, always: false, elemType: st.elemType, base: st.base, lo: fb.c("i64", 0n), len: fb.c("i64", 0n), loc });
          strides.push(st);
          continue;
        }
        const sec = this.section(fb, fv, mm.item, mm.pos);
        push({ kind: mm.kind, always: false, elemType: sec.elemType, base: sec.base, lo: sec.lo, len: sec.len });
      }
      return;
    }
    const enter = d.name !== "target exit data";
    const before = new Set(plain.keys());
    const attachList = this.memberMaps(fb, members, plain, enter ? "to" : "release");
    for (const [name, m] of plain) {
      if (before.has(name)) continue;
      const sec = this.section(fb, rootOf(name, m.pos), m.item, m.pos);
      push({ kind: m.kind, always: m.always, elemType: sec.elemType, base: sec.base, lo: sec.lo, len: sec.len });
    }
    const fields: ValueId[] = [];
    for (const a of attachList) {
      const lv = this.memberAddr(fb, rootOf(a.root, a.pos), a.segs, null, a.pos);
      const sec = this.section(fb, { name: a.text, t: lv.t, addr: lv.addr, sp: lv.sp }, a.item, a.pos);
      push({ kind: a.kind, always: a.always, elemType: sec.elemType, base: sec.base, lo: sec.lo, len: sec.len });
      fields.push(lv.addr);
    }
    if (enter) for (const f of fields) push({ kind: "attach", always: false, elemType: "ptr", base: f, lo: fb.c("i64", 0n), len: fb.c("i64", 1n) });
  }

  /**
   * `target device(ancestor: 1)` in device code: reverse offload. The body becomes a host
   * function called with `omp.reverse_offload`; mapped variables travel per their map clause
   * (directions reversed: the device is the original), scalars are firstprivate, pointers
   * are passed by value (translated when they point into mapped data).
   */
  reverse(fb: FB, d: Directive, body: Node | null, label: Node, ancestor: Clause): void {
    if (body === null) this.err(d.pos, "'#pragma omp target' must be followed by a statement");
    if (!this.L.requiresReverseOffload) this.err(ancestor.pos, "'device(ancestor: 1)' needs '#pragma omp requires reverse_offload' earlier in the file");
    if (ancestor.items.length !== 1 || ancestor.items[0]!.base.text.trim() !== "1") this.err(ancestor.pos, "'device(ancestor: N)' needs N = 1");
    for (const c of d.clauses) {
      if (!["map", "firstprivate", "private", "defaultmap", "device", "nowait"].includes(c.name)) this.err(c.pos, `clause '${c.name}' is not allowed on a reverse-offload target region (only map, firstprivate, private, defaultmap, device and nowait)`);
    }
    const mapped = new Map<string, { kind: MapKind; always: boolean; item: Clause["items"][number]; pos: SrcPos }>();
    for (const c of d.clauses) {
      if (c.name !== "map") continue;
      let kind: MapKind = "tofrom";
      let always = false;
      for (const mod of c.modifiers) for (const w of mod.split(/[\s,]+/)) {
        if (w === "") continue;
        if (w === "always") always = true;
        else if (w === "to" || w === "from" || w === "tofrom" || w === "alloc") kind = w;
        else this.err(c.pos, `map type '${w}' is not allowed on a reverse-offload target region`);
      }
      for (const it of c.items) {
        if (!/^[A-Za-z_]\w*$/.test(it.base.text)) this.err(it.pos, `mapping '${it.base.text}' is not supported (map a variable or an array section of one)`);
        mapped.set(it.base.text, { kind, always, item: it, pos: it.pos });
      }
    }
    const fp = this.clauseNames(d.clauses, "firstprivate");
    const priv = this.clauseNames(d.clauses, "private");
    const caps = this.captures(fb, body!, d.clauses, true);
    const out: OutlinedCall = { paramTypes: [], paramNames: [], args: [], maps: [] };
    const { paramTypes, paramNames, args, maps } = out;
    const plans: Plan[] = [];
    for (const v of caps) {
      const m = mapped.get(v.name);
      let how: Plan["how"];
      if (priv.has(v.name)) how = "priv";
      else if (m !== undefined) how = "ref";
      else if (fp.has(v.name)) how = isScalar(v.t) ? "val" : "ref";
      else if (v.t.k === "array" || v.t.k === "struct") how = "ref";
      else how = "val";
      const plan: Plan = { v, how, pIndex: -1, loIndex: -1, ptrVar: false, elemType: "i8" };
      if (how === "val") {
        plan.pIndex = paramTypes.length;
        paramTypes.push(irType(v.t));
        paramNames.push(v.name);
        args.push(fb.load({ addr: v.addr, t: v.t, sp: v.sp, v }, label).v);
      } else if (how === "ref") {
        const kind: MapKind = m?.kind ?? (fp.has(v.name) ? "firstprivate" : "tofrom");
        const s = this.section(fb, v, m?.item ?? null, m?.pos ?? d.pos);
        Object.assign(plan, this.passSection(fb, out, v.name, s, kind, m?.always ?? false, label), { ptrVar: s.ptrVar, elemType: s.elemType });
      }
      plans.push(plan);
    }
    const line = this.L.pos(label).line;
    const hf = addFunction(this.L.m, freshSymbol(this.L.m, `__omp_reverse_l${line}`), "host", paramTypes, "void", { loc: this.L.loc(label), paramNames });
    const hfb = new FBClass(this.L, hf, "host");
    hfb.inReverse = true;
    hfb.pushScope();
    this.bindCaptures(hfb, hf, plans, "host", label);
    hfb.stmt(body!);
    hfb.popScope();
    hfb.emit({ kind: "ret", value: NO_VALUE }, null, null);
    hfb.finish();
    // OpenMP 6.0: with nowait the region is a deferred task, complete by the next barrier.
    fb.emit({ kind: "omp.reverse_offload", callee: hf.id, args, maps, nowait: d.clauses.some((c) => c.name === "nowait") }, null, label);
  }

  // ---------------------------------------------------------------------------------------
  // Device side

  device(fb: FB, d: Directive, words: string[], clauses: Clause[], body: Node, label: Node): void {
    words = words.filter((w) => w !== "simd");
    if (words.length === 0) {
      // `simd` alone: lanes are threads; the loop runs as written on this thread.
      return fb.stmt(body);
    }
    const head = words[0]!;
    switch (head) {
      case "teams": {
        if (fb.inParallel) this.err(d.pos, "'teams' inside a parallel region is not allowed");
        const rest = words.slice(1);
        if (rest.length === 0) {
          fb.pushScope();
          const fin = this.privates(fb, clauses, true);
          fb.stmt(body);
          fin();
          fb.popScope();
          return;
        }
        return this.device(fb, d, rest, clauses, body, label);
      }
      case "distribute":
        if (words.includes("parallel")) return this.parallel(fb, d, words, clauses, body, label);
        return this.loop(fb, d, "team", clauses, body, label);
      case "parallel":
        return this.parallel(fb, d, words, clauses, body, label);
      case "sections":
        return this.sections(fb, d, clauses, body, label, false);
      case "section":
        return this.err(d.pos, "'#pragma omp section' outside a 'sections' construct");
      case "for":
        if (!fb.inParallel) {
          // An orphaned `for` in the sequential part of a generic kernel: one thread, all iterations.
          return this.loop(fb, d, "alone", clauses, body, label);
        }
        return this.loop(fb, d, "thread", clauses, body, label);
      case "barrier":
        if (fb.inParallel) fb.emit({ kind: "omp.barrier" }, null, label);
        return;
      case "flush":
        return;
      case "critical":
        return this.critical(fb, d, body, label);
      case "atomic":
        return this.atomic(fb, d, body);
      case "master":
      case "masked":
      case "single": {
        if (!fb.inParallel) return fb.stmt(body);
        const filter = clauses.find((c) => c.name === "filter");
        const who = filter?.arg ? fb.convert(this.expr(fb, filter.arg), INT, this.parseExpr(filter.arg)).v : fb.c("i32", 0n);
        const tid = fb.emit({ kind: "omp.query", query: "thread_num" }, "i32", label);
        const is = fb.emit({ kind: "icmp", pred: "eq", type: "i32", lhs: tid, rhs: who }, "i1", label);
        const then = fb.block();
        const join = fb.block();
        fb.condBr(is, then, join, label);
        fb.setBlock(then);
        fb.pushScope();
        const fin = head === "single" ? this.privates(fb, clauses, true) : () => {};
        fb.stmt(body);
        fin();
        fb.popScope();
        fb.br(join);
        fb.setBlock(join);
        if (head === "single" && !clauses.some((c) => c.name === "nowait")) fb.emit({ kind: "omp.barrier" }, null, label);
        return;
      }
      default:
        return this.err(d.pos, `'#pragma omp ${d.name}' is not supported here`);
    }
  }

  /**
   * `critical [(name)]` in device code: mutual exclusion among the threads of a team (each
   * team is its own contention group) through a lock word in team-shared memory, one per
   * name. A warp's lanes take turns (lane = hw_thread_id & 63), so at most one lane of a warp
   * spins on the lock while the warp holding it can progress (no SIMT deadlock). clang:
   * `__kmpc_critical_with_hint` on an `omp_lock` per name, which the GPU runtime implements
   * with the same per-lane loop.
   */
  critical(fb: FB, d: Directive, body: Node, label: Node): void {
    if (!fb.inParallel) return fb.stmt(body); // the main thread alone: nothing to exclude
    const name = (d.dirArg ?? "").trim() || "unnamed";
    let lock = this.locks.get(name);
    if (lock === undefined) {
      lock = addGlobal(this.L.m, freshSymbol(this.L.m, `.omp.critical.${name}`), "shared", "i32", 1, null);
      this.locks.set(name, lock);
    }
    this.locked(fb, lock, "shared", true, label, () => {
      fb.pushScope();
      fb.stmt(body);
      fb.popScope();
    });
  }

  /** The statements of a `sections` construct: its block's `section` directives (the first
   *  one may be implicit). */
  sectionList(body: Node, d: Directive): Node[] {
    if (body.type !== "compound_statement") return this.err(d.pos, "'#pragma omp sections' must be followed by a block of sections");
    const out: Node[] = [];
    const implicit: Node[] = [];
    for (const s of body.namedChildren) {
      if (s === null || s.type === "comment") continue;
      const m = s.type === "labeled_statement" ? /^__omp_pragma_(\d+)$/.exec(s.childForFieldName("label")?.text ?? "") : null;
      if (m && parsePragma(this.L.pragmas[Number(m[1])]!.text, this.L.pragmas[Number(m[1])]!.pos).name === "section") {
        if (implicit.length > 1) this.err(this.L.pos(implicit[1]!), "only one statement may precede the first '#pragma omp section'");
        if (implicit.length === 1) out.push(implicit.pop()!);
        const st = s.namedChildren.filter((c): c is Node => c !== null && c.type !== "statement_identifier" && c.type !== "comment")[0];
        if (st === undefined) this.err(this.L.pos(s), "'#pragma omp section' must be followed by a statement");
        out.push(st!);
      } else if (out.length === 0) implicit.push(s);
      else this.err(this.L.pos(s), "every statement of a 'sections' block must follow a '#pragma omp section'");
    }
    if (implicit.length > 1) this.err(this.L.pos(implicit[1]!), "only one statement may precede the first '#pragma omp section'");
    if (implicit.length === 1) out.push(implicit[0]!);
    return out;
  }

  /**
   * `sections`: section k runs on thread k mod nthreads (static, one section per chunk, as
   * clang's `__kmpc_for_static_init` over the section count), then the construct's barrier
   * unless `nowait`. Outside a parallel region the sections run in order on this thread.
   */
  sections(fb: FB, d: Directive, clauses: readonly Clause[], body: Node, label: Node, endsRegion: boolean): void {
    const secs = this.sectionList(body, d);
    fb.pushScope();
    const fin = this.privates(fb, clauses, fb.inParallel);
    if (!fb.inParallel) {
      for (const s of secs) fb.stmt(s);
    } else {
      const P = fb.emit({ kind: "omp.query", query: "num_threads" }, "i32", label);
      const me = fb.emit({ kind: "omp.query", query: "thread_num" }, "i32", label);
      const head = addBlock(fb.f, null, ["i32"]);
      const next = addBlock(fb.f, null, ["i32"]);
      const exit = fb.block();
      fb.br(head, [me]);
      fb.setBlock(head);
      const k = fb.f.blocks[head]!.params[0]!;
      let test = fb.block();
      fb.condBr(fb.emit({ kind: "icmp", pred: "slt", type: "i32", lhs: k, rhs: fb.c("i32", BigInt(secs.length)) }, "i1", label), test, exit, label);
      secs.forEach((s, i) => {
        fb.setBlock(test);
        const run = fb.block();
        test = fb.block();
        fb.condBr(fb.emit({ kind: "icmp", pred: "eq", type: "i32", lhs: k, rhs: fb.c("i32", BigInt(i)) }, "i1", label), run, test, label);
        fb.setBlock(run);
        fb.pushScope();
        fb.stmt(s);
        fb.popScope();
        fb.br(next, [k]);
      });
      fb.setBlock(test);
      fb.br(next, [k]);
      fb.setBlock(next);
      const kk = fb.f.blocks[next]!.params[0]!;
      fb.br(head, [fb.emit({ kind: "binary", op: "add", type: "i32", lhs: kk, rhs: P }, "i32", label)]);
      fb.setBlock(exit);
    }
    fin();
    fb.popScope();
    if (fb.inParallel && !endsRegion && !clauses.some((c) => c.name === "nowait")) fb.emit({ kind: "omp.barrier" }, null, label);
  }

  /** A parallel construct: an outlined device function started with omp.parallel. */
  parallel(fb: FB, d: Directive, words: string[], clauses: Clause[], body: Node, label: Node): void {
    for (const c of clauses) if (c.name === "num_threads" && fb.side !== "device") this.err(c.pos, "'num_threads' is not supported here");
    // num_threads(n) is evaluated by the encountering thread before the region, as
    // __kmpc_push_num_threads is called before __kmpc_parallel_51.
    // On `target parallel` without teams or thread_limit, n already sized the launch.
    const nt = clauses.find((c) => c.name === "num_threads");
    const sized = d.name.startsWith("target") && !words.includes("teams") && !clauses.some((c) => c.name === "thread_limit");
    let threads = nt?.arg && !sized ? fb.convert(this.expr(fb, nt.arg), INT, this.parseExpr(nt.arg)).v : NO_VALUE;
    // if(parallel: c), evaluated after num_threads as clang does: false gives an inactive
    // region, a team of one (threads(1): level 1, omp_in_parallel() 0); true, the team
    // num_threads asks for (threads(0): the whole team). On a combined target construct a
    // clause without modifier was the launch's (the kernel runs only when it held).
    const ifc = clauses.find((c) => c.name === "if" && (ifModifier(c) === "parallel" || ifModifier(c) === "" && !d.name.startsWith("target")));
    if (ifc?.arg) {
      const on = fb.cond(this.parseExpr(ifExpr(ifc)));
      threads = fb.emit({ kind: "select", type: "i32", cond: on, a: threads === NO_VALUE ? fb.c("i32", 0n) : threads, b: fb.c("i32", 1n) }, "i32", label);
    }
    const caps = this.captures(fb, body, clauses.filter((c) => c.name !== "private" && c.name !== "firstprivate"));
    // Every variable the region uses is passed by reference (shared, OpenMP's default); the
    // loop variable and private copies are re-declared inside the outlined function.
    const used = caps;
    const fn: IrFunction = addFunction(this.L.m, freshSymbol(this.L.m, `__omp_outlined_${this.outlined++}`), "device", used.map(() => "ptr"), "void", { loc: this.L.loc(label), paramNames: used.map((v) => v.name) });
    const ofb = new FBClass(this.L, fn, "device");
    ofb.inTarget = true;
    ofb.inParallel = true;
    ofb.nestedRegion = fb.inParallel;
    ofb.pushScope();
    used.forEach((v, i) => ofb.scope.set(v.name, { k: "var", v: { name: v.name, t: v.t, addr: fn.params[i]!, sp: v.sp, ps: v.ps, eps: v.eps, epsAt: v.epsAt && new Map(v.epsAt), global: v.global } }));
    const rest = words.filter((w) => w !== "parallel");
    if (rest.length === 0) {
      ofb.pushScope();
      const fin = this.privates(ofb, clauses, true);
      ofb.stmt(body);
      fin();
      ofb.popScope();
    } else if (rest[0] === "for") {
      this.loop(ofb, d, "thread", clauses, body, label, true);
    } else if (rest[0] === "distribute") {
      this.loop(ofb, d, "grid", clauses, body, label, true);
    } else if (rest[0] === "sections") {
      this.sections(ofb, d, clauses, body, label, true);
    } else if (rest[0] === "masked" || rest[0] === "master") {
      // The region's clauses, then the masked block in it (its filter the only clause of its own).
      ofb.pushScope();
      const fin = this.privates(ofb, clauses, true);
      this.device(ofb, d, rest, clauses.filter((c) => c.name === "filter"), body, label);
      fin();
      ofb.popScope();
    } else this.err(d.pos, `'#pragma omp ${d.name}' is not supported`);
    ofb.popScope();
    ofb.emit({ kind: "ret", value: NO_VALUE }, null, null);
    ofb.finish();
    const args = used.map((v) => v.addr);
    fb.emit({ kind: "omp.parallel", region: fn.id, args, threads }, null, label);
  }

  /**
   * Private copies for private/firstprivate/reduction clauses in the current scope; returns
   * the finaliser that combines reductions into the originals.
   */
  privates(fb: FB, clauses: readonly Clause[], parallelSemantics: boolean, loopVars: ReadonlySet<string> = new Set()): () => void {
    const fins: (() => void)[] = [];
    for (const c of clauses) {
      if (c.name !== "private" && c.name !== "firstprivate" && c.name !== "reduction" && c.name !== "lastprivate" && c.name !== "linear") continue;
      // One thread: the original is the result.
      if ((c.name === "reduction" || c.name === "lastprivate" || c.name === "linear") && !parallelSemantics) continue;
      const items = c.name === "linear" ? linearOf(c).vars : c.items;
      for (const it of items) {
        const name = it.base.text;
        if (loopVars.has(name)) continue; // already private: the loop's own variable
        const s = fb.scope.lookup(name);
        let orig: Var;
        if (s?.k === "var") orig = s.v;
        else {
          const r = this.L.globals.has(name) ? fb.lookup({ text: name } as Node) : null;
          if (r?.k !== "var") return this.err(it.pos, `'${name}' in '${c.name}' is not a variable in scope`);
          orig = r.v;
        }
        const arrayReduction = c.name === "reduction" && orig.t.k === "array";
        if (it.sections.length > 0 && !arrayReduction) this.err(it.pos, `array sections in '${c.name}' are not supported`);
        const nv = fb.declareLocal(name, orig.t, null as unknown as Node);
        nv.ps = orig.ps;
        const olv: LVal = { addr: orig.addr, t: orig.t, sp: orig.sp, v: orig };
        const nlv: LVal = { addr: nv.addr, t: nv.t, sp: nv.sp, v: nv };
        if (c.name === "firstprivate") {
          const n = this.parseExpr(it.base);
          if (isScalar(orig.t)) fb.store(nlv, fb.load(olv, n), n);
          else fb.copyObject(nlv, olv, n);
        }
        if (c.name === "reduction") {
          const op = (c.modifiers[c.modifiers.length - 1] ?? "").trim();
          if (arrayReduction) fins.push(...this.arrayReduction(fb, op, orig, nv, it));
          else fins.push(this.reduction(fb, op, orig, nv, it.pos));
        }
      }
    }
    return () => {
      for (const f of fins) f();
    };
  }

  /**
   * A reduction over an array of scalars of constant length, whole (`reduction(+: hist)`) or
   * a section of constant bounds (`hist[lo:len]`, one dimension): each element is reduced
   * as a scalar of its own (private element initialised to the identity, the same combine
   * steps), in order, every thread running the same steps. The private copy is the whole
   * array (elements outside the section keep what the declaration gives them). At most 64
   * elements: each is a copy of the combine code.
   */
  arrayReduction(fb: FB, op: string, orig: Var, priv: Var, it: ListItem): (() => void)[] {
    const t = orig.t as Extract<CType, { k: "array" }>;
    if (t.n === null || !isScalar(t.of) || t.of.k === "ptr") return this.err(it.pos, `reduction on '${typeName(t)}' is not supported`);
    if (it.sections.length > 1) return this.err(it.pos, "a reduction over a section of more than one dimension is not supported");
    let lo = 0;
    let len = t.n;
    if (it.sections.length === 1) {
      const sec = it.sections[0]!;
      const k = (e: ExprText | null, dflt: number): number | null => (e === null ? dflt : this.L.tryConstInt(this.parseExpr(e), fb.scope) === null ? null : Number(this.L.tryConstInt(this.parseExpr(e), fb.scope)));
      const l = k(sec.lo, 0);
      const n = l === null ? null : k(sec.len, t.n - l);
      if (l === null || n === null) return this.err(sec.pos, "a reduction over an array section needs constant bounds");
      if (sec.stride !== null) return this.err(sec.pos, "a strided array section in 'reduction' is not supported");
      if (l < 0 || n < 1 || l + n > t.n) return this.err(sec.pos, `the section [${l}:${n}] is outside '${orig.name}' (${t.n} elements)`);
      lo = l;
      len = n;
    }
    if (len > 64) return this.err(it.pos, `a reduction over more than 64 array elements is not supported (${len})`);
    const ety = irType(t.of);
    const elem = (v: Var, i: number): Var => ({ name: v.name, t: t.of, sp: v.sp, addr: fb.emit({ kind: "gep", elemType: ety, ptr: v.addr, index: fb.c("i32", BigInt(i)) }, "ptr", null) });
    const fins: (() => void)[] = [];
    for (let i = lo; i < lo + len; i++) fins.push(this.reduction(fb, op, elem(orig, i), elem(priv, i), it.pos));
    return fins;
  }

  /** User-defined reductions (`declare reduction`), by identifier. */
  private readonly udrs = new Map<string, Udr[]>();

  /**
   * `#pragma omp declare reduction(id : type, … : combiner) [initializer(omp_priv = c)]` at
   * file scope (OpenMP 5.2 section 5.5.11), for arithmetic types: the combiner is an
   * expression on `omp_out` and `omp_in`; the initializer a constant (without one, zero).
   */
  declareReduction(d: Directive): void {
    const text = d.dirArg ?? "";
    // id : types : combiner (the combiner may hold a `?:`; the first two colons split).
    const c1 = text.indexOf(":");
    const c2 = c1 < 0 ? -1 : text.indexOf(":", c1 + 1);
    if (c2 < 0) return this.err(d.pos, "'declare reduction' needs '(identifier : types : combiner)'");
    const id = text.slice(0, c1).trim();
    if (!/^[A-Za-z_]\w*$/.test(id)) return this.err(d.pos, `'declare reduction' of '${id}': only an identifier can be declared (the operators are built in)`);
    if (["min", "max"].includes(id)) return this.err(d.pos, `'declare reduction' of '${id}': it is built in`);
    const combiner: ExprText = { text: text.slice(c2 + 1).trim(), pos: d.pos };
    const init = d.clauses.find((c) => c.name === "initializer");
    let identity: bigint | number = 0n;
    const m = init?.arg ? /^\s*omp_priv\s*=\s*([\s\S]+)$/.exec(init.arg.text) : null;
    if (init !== undefined && m === null) return this.err(init.pos, "only 'initializer(omp_priv = constant)' is supported");
    const list = this.udrs.get(id) ?? [];
    for (const tt of text.slice(c1 + 1, c2).split(",")) {
      const cast = unparen(this.parseExpr({ text: `(${tt.trim()})0`, pos: d.pos }));
      const t = cast.type === "cast_expression" ? this.L.typeDescriptor(cast.childForFieldName("type")!, null) : null;
      if (t === null || !isArith(t)) return this.err(d.pos, `'declare reduction' on '${tt.trim()}' is not supported (arithmetic types only)`);
      if (m !== null) {
        const e = this.parseExpr({ text: m[1]!, pos: init!.pos });
        const k = t.k === "float" ? this.L.tryConstFloat(e) : this.L.tryConstInt(e, null);
        if (k === null) return this.err(init!.pos, "a 'declare reduction' initializer that is not a constant is not supported");
        identity = t.k === "float" ? Number(k) : BigInt(k);
      } else identity = t.k === "float" ? 0 : 0n;
      if (list.some((u) => typeName(u.t) === typeName(t))) return this.err(d.pos, `'declare reduction' of '${id}' on '${typeName(t)}' is declared twice`);
      list.push({ t, combiner, identity });
    }
    this.udrs.set(id, list);
  }

  /** omp_out after the user's combiner ran on omp_out = x, omp_in = y. */
  udrCombine(fb: FB, u: Udr, x: ValueId, y: ValueId): ValueId {
    const n = this.parseExpr(u.combiner);
    fb.pushScope();
    const out = fb.declareLocal("omp_out", u.t, n);
    const inn = fb.declareLocal("omp_in", u.t, n);
    const lv = (v: Var): LVal => ({ addr: v.addr, t: v.t, sp: v.sp, v });
    fb.store(lv(out), { v: x, t: u.t }, n);
    fb.store(lv(inn), { v: y, t: u.t }, n);
    fb.expr(n, true);
    const r = fb.load(lv(out), n).v;
    fb.popScope();
    return r;
  }

  reduction(fb: FB, op: string, orig: Var, priv: Var, pos: SrcPos): () => void {
    const t = orig.t;
    if (!isScalar(t) || t.k === "ptr") this.err(pos, `reduction on '${typeName(t)}' is not supported`);
    const ty = irType(t);
    const isF = t.k === "float";
    const signed = t.k === "int" && t.signed;
    const bits = sizeofC(t) * 8;
    const bin = (o: import("../../ir/ir.js").BinaryOp, x: ValueId, y: ValueId): ValueId => fb.emit({ kind: "binary", op: o, type: ty, lhs: x, rhs: y }, ty, null);
    const truth = (x: ValueId): ValueId =>
      isF ? fb.emit({ kind: "fcmp", pred: "une", type: ty, lhs: x, rhs: fb.c(ty, 0) }, "i1", null) : fb.emit({ kind: "icmp", pred: "ne", type: ty, lhs: x, rhs: fb.c(ty, 0n) }, "i1", null);
    const fromBool = (c: ValueId): ValueId =>
      isF ? fb.emit({ kind: "cast", op: "uitofp", from: "i1", to: ty, value: c }, ty, null) : fb.emit({ kind: "cast", op: "zext", from: "i1", to: ty, value: c }, ty, null);
    let identity: bigint | number;
    let aop: AtomicOp | null = null;
    let combine: (x: ValueId, y: ValueId) => ValueId;
    // A user's combiner may fault or have effects: it runs only on values that take part.
    let udr = false;
    const noFloat = (): void => {
      if (isF) this.err(pos, `reduction '${op}' on a float`);
    };
    switch (op) {
      case "+":
      case "-":
        identity = isF ? 0 : 0n;
        aop = isF ? "fadd" : "add";
        combine = (x, y) => bin(isF ? "fadd" : "add", x, y);
        break;
      case "*":
        identity = isF ? 1 : 1n;
        combine = (x, y) => bin(isF ? "fmul" : "mul", x, y);
        break;
      case "|":
      case "^":
        noFloat();
        identity = 0n;
        aop = op === "|" ? "or" : "xor";
        combine = (x, y) => bin(op === "|" ? "or" : "xor", x, y);
        break;
      case "&":
        noFloat();
        identity = -1n;
        aop = "and";
        combine = (x, y) => bin("and", x, y);
        break;
      case "min":
      case "max":
        if (isF) {
          identity = op === "min" ? Infinity : -Infinity;
          // OpenMP's min/max: x < y ? x : y (and x > y ? x : y).
          combine = (x, y) => fb.emit({ kind: "select", type: ty, cond: fb.emit({ kind: "fcmp", pred: op === "min" ? "olt" : "ogt", type: ty, lhs: x, rhs: y }, "i1", null), a: x, b: y }, ty, null);
        } else {
          identity = op === "min" ? (signed ? (1n << BigInt(bits - 1)) - 1n : -1n) : signed ? -(1n << BigInt(bits - 1)) : 0n;
          aop = op === "min" ? (signed ? "min" : "umin") : signed ? "max" : "umax";
          const o = op === "min" ? (signed ? "smin" : "umin") : signed ? "smax" : "umax";
          combine = (x, y) => bin(o, x, y);
        }
        break;
      case "&&":
      case "||":
        identity = op === "&&" ? (isF ? 1 : 1n) : isF ? 0 : 0n;
        combine = (x, y) => fromBool(fb.emit({ kind: "binary", op: op === "&&" ? "and" : "or", type: "i1", lhs: truth(x), rhs: truth(y) }, "i1", null));
        break;
      default: {
        const u = this.udrs.get(op)?.find((d) => typeName(d.t) === typeName(t));
        if (u === undefined) {
          if (this.udrs.has(op)) return this.err(pos, `reduction '${op}' is not declared for '${typeName(t)}'`);
          return this.err(pos, `reduction operator '${op}' is not supported (supported: + - * & | ^ && || min max, and identifiers of 'declare reduction')`);
        }
        identity = u.identity;
        udr = true;
        combine = (x, y) => this.udrCombine(fb, u, x, y);
      }
    }
    fb.emit({ kind: "store", type: ty, space: priv.sp, value: fb.c(ty, identity), ptr: priv.addr }, null, null);
    // Combines v into *ptr: one atomic when the IR has it, else under a lock word (`laneTurns`
    // when several lanes of a warp may get here at once).
    const into = (ptr: ValueId, space: Space, v: ValueId, laneTurns: boolean): void => {
      if (aop !== null) {
        fb.emit({ kind: "atomic", op: aop, type: ty, space, ptr, value: v }, ty, null);
        return;
      }
      const lockSpace: Space = space === "global" ? "global" : "shared";
      const lock = addGlobal(this.L.m, freshSymbol(this.L.m, `.omp.reduction.${orig.name}.lock`), lockSpace, "i32", 1, null);
      this.locked(fb, lock, lockSpace, laneTurns, null, () => {
        const cur = fb.emit({ kind: "load", type: ty, space, ptr }, ty, null);
        fb.emit({ kind: "store", type: ty, space, value: combine(cur, v), ptr }, null, null);
      });
    };
    if (fb.inParallel && orig.sp === "shared" && !fb.nestedRegion) {
      // Every thread of a team into a team-shared original (a generic kernel's globalized
      // local): the warp step, then one combine per warp straight into it.
      return () => {
        const v = fb.emit({ kind: "load", type: ty, space: priv.sp, ptr: priv.addr }, ty, null);
        const { total, lane } = this.warpReduce(fb, ty, v, combine, udr);
        const leader = fb.block();
        const joined = fb.block();
        fb.condBr(fb.emit({ kind: "icmp", pred: "eq", type: "i32", lhs: lane, rhs: fb.c("i32", 0n) }, "i1", null), leader, joined);
        fb.setBlock(leader);
        into(orig.addr, "shared", total, false);
        fb.br(joined);
        fb.setBlock(joined);
      };
    }
    if (!fb.inParallel || orig.sp === "local" || fb.nestedRegion) {
      // One thread per team (or each thread's own original, or a nested region's team of
      // one, run by many threads at once): combine directly.
      return () => {
        const v = fb.emit({ kind: "load", type: ty, space: priv.sp, ptr: priv.addr }, ty, null);
        into(orig.addr, orig.sp, v, fb.inParallel);
      };
    }
    // Every thread of a team, as the GPU runtimes reduce: within each warp by shuffles, the
    // warps' results through a team-shared slot, then one combine per team into the original.
    const slot = addGlobal(this.L.m, freshSymbol(this.L.m, `.omp.reduction.${orig.name}`), "shared", ty, 1, null);
    return () => {
      const tid = fb.emit({ kind: "omp.query", query: "hw_thread_id" }, "i32", null);
      const first = fb.emit({ kind: "icmp", pred: "eq", type: "i32", lhs: tid, rhs: fb.c("i32", 0n) }, "i1", null);
      const init = fb.block();
      const afterInit = fb.block();
      fb.condBr(first, init, afterInit);
      fb.setBlock(init);
      fb.emit({ kind: "store", type: ty, space: "shared", value: fb.c(ty, identity), ptr: fb.gvar(slot) }, null, null);
      fb.br(afterInit);
      fb.setBlock(afterInit);
      fb.emit({ kind: "omp.barrier" }, null, null);
      const v = fb.emit({ kind: "load", type: ty, space: priv.sp, ptr: priv.addr }, ty, null);
      const { total, lane } = this.warpReduce(fb, ty, v, combine, udr);
      const leader = fb.block();
      const joined = fb.block();
      fb.condBr(fb.emit({ kind: "icmp", pred: "eq", type: "i32", lhs: lane, rhs: fb.c("i32", 0n) }, "i1", null), leader, joined);
      fb.setBlock(leader);
      into(fb.gvar(slot), "shared", total, false); // one lane per warp: no turns needed
      fb.br(joined);
      fb.setBlock(joined);
      fb.emit({ kind: "omp.barrier" }, null, null);
      const tid2 = fb.emit({ kind: "omp.query", query: "hw_thread_id" }, "i32", null);
      const first2 = fb.emit({ kind: "icmp", pred: "eq", type: "i32", lhs: tid2, rhs: fb.c("i32", 0n) }, "i1", null);
      const publish = fb.block();
      const done = fb.block();
      fb.condBr(first2, publish, done);
      fb.setBlock(publish);
      const team = fb.emit({ kind: "load", type: ty, space: "shared", ptr: fb.gvar(slot) }, ty, null);
      into(orig.addr, orig.sp, team, false);
      fb.br(done);
      fb.setBlock(done);
    };
  }

  /**
   * Combines `v` over the threads of each warp with shuffles, as clang's shuffle-and-reduce
   * helpers (`gpu_regular_warp_reduce`, `gpu_irregular_warp_reduce` over a partial warp):
   * with `n` threads in the warp (fewer in the team's last warp), each step halves the lanes
   * that hold partial results, lane l combining with lane l + ceil(n / 2) where that lane
   * holds one — log2(warp) steps for a full warp (16, 8, 4, 2, 1 at 32 lanes). `n` is the
   * same on every lane of a warp, so its lanes run every shuffle together. Returns the
   * total, which lane 0 holds, and the lane number.
   */
  warpReduce(fb: FB, ty: Type, v: ValueId, combine: (x: ValueId, y: ValueId) => ValueId, branch = false): { total: ValueId; lane: ValueId } {
    const i32 = (op: import("../../ir/ir.js").BinaryOp, x: ValueId, y: ValueId): ValueId => fb.emit({ kind: "binary", op, type: "i32", lhs: x, rhs: y }, "i32", null);
    const tid = fb.emit({ kind: "omp.query", query: "hw_thread_id" }, "i32", null);
    const ws = fb.emit({ kind: "omp.query", query: "warp_size" }, "i32", null);
    // The region's threads (thread t is hardware thread t at level 1): num_threads(n) may
    // leave the team's last threads out.
    const nt = fb.emit({ kind: "omp.query", query: "num_threads" }, "i32", null);
    const lane = i32("urem", tid, ws);
    const n = i32("smin", i32("sub", nt, i32("sub", tid, lane)), ws);
    const head = addBlock(fb.f, null, [ty, "i32"]);
    const step = fb.block();
    const done = fb.block();
    fb.br(head, [v, n]);
    fb.setBlock(head);
    const [acc, live] = fb.f.blocks[head]!.params as [ValueId, ValueId];
    fb.condBr(fb.emit({ kind: "icmp", pred: "sgt", type: "i32", lhs: live, rhs: fb.c("i32", 1n) }, "i1", null), step, done);
    fb.setBlock(step);
    const off = i32("lshr", i32("add", live, fb.c("i32", 1n)), fb.c("i32", 1n));
    const other = fb.emit({ kind: "omp.shuffle_down", type: ty, value: acc, delta: off }, ty, null);
    const holds = fb.emit({ kind: "icmp", pred: "slt", type: "i32", lhs: i32("add", lane, off), rhs: live }, "i1", null);
    if (branch) {
      // Combined only where the lane holds a partner's value (a user's combiner).
      const run = fb.block();
      const join = addBlock(fb.f, null, [ty]);
      fb.emit({ kind: "cond_br", cond: holds, then: run, thenArgs: [], else: join, elseArgs: [acc] }, null, null);
      fb.setBlock(run);
      fb.br(join, [combine(acc, other)]);
      fb.setBlock(join);
      fb.br(head, [fb.f.blocks[join]!.params[0]!, off]);
    } else {
      const next = fb.emit({ kind: "select", type: ty, cond: holds, a: combine(acc, other), b: acc }, ty, null);
      fb.br(head, [next, off]);
    }
    fb.setBlock(done);
    return { total: acc, lane };
  }

  /**
   * Runs `body` holding the lock word `lock` (cmpxchg 0→1 spin, xchg 0 to release). With
   * `laneTurns` the lanes of a warp take turns (lane = hw_thread_id & 63), so at most one
   * lane of a warp spins while the warp holding the lock can progress (no SIMT deadlock).
   */
  locked(fb: FB, lock: import("../../ir/types.js").GlobalId, space: Space, laneTurns: boolean, label: Node | null, body: () => void): void {
    const acquireRun = (): void => {
      const spin = fb.block();
      const held = fb.block();
      fb.br(spin);
      fb.setBlock(spin);
      const old = fb.emit({ kind: "cmpxchg", type: "i32", space, ptr: fb.gvar(lock), expected: fb.c("i32", 0n), desired: fb.c("i32", 1n) }, "i32", label);
      fb.condBr(fb.emit({ kind: "icmp", pred: "eq", type: "i32", lhs: old, rhs: fb.c("i32", 0n) }, "i1", label), held, spin, label);
      fb.setBlock(held);
      body();
      fb.emit({ kind: "atomic", op: "xchg", type: "i32", space, ptr: fb.gvar(lock), value: fb.c("i32", 0n) }, "i32", label);
    };
    if (!laneTurns) return acquireRun();
    const lane = fb.emit({ kind: "binary", op: "and", type: "i32", lhs: fb.emit({ kind: "omp.query", query: "hw_thread_id" }, "i32", label), rhs: fb.c("i32", 63n) }, "i32", label);
    const turn = addBlock(fb.f, null, ["i32"]);
    const check = fb.block();
    const mine = fb.block();
    const next = fb.block();
    const done = fb.block();
    fb.br(turn, [fb.c("i32", 0n)]);
    fb.setBlock(turn);
    const t = fb.f.blocks[turn]!.params[0]!;
    fb.condBr(fb.emit({ kind: "icmp", pred: "slt", type: "i32", lhs: t, rhs: fb.c("i32", 64n) }, "i1", label), check, done, label);
    fb.setBlock(check);
    fb.condBr(fb.emit({ kind: "icmp", pred: "eq", type: "i32", lhs: lane, rhs: t }, "i1", label), mine, next, label);
    fb.setBlock(mine);
    acquireRun();
    fb.br(next);
    fb.setBlock(next);
    fb.br(turn, [fb.emit({ kind: "binary", op: "add", type: "i32", lhs: t, rhs: fb.c("i32", 1n) }, "i32", label)]);
    fb.setBlock(done);
  }

  /**
   * A worksharing loop. `team`: iterations split over teams (distribute, static blocks);
   * `thread`: over the threads of the parallel region (for, static chunk 1 by default);
   * `grid`: over every thread of every team (distribute parallel for, round robin);
   * `alone`: all iterations on this thread.
   */
  loop(fb: FB, d: Directive, over: "team" | "thread" | "grid" | "alone", clauses: readonly Clause[], body: Node, label: Node, endsRegion = false): void {
    const privatesHere = true;
    const forN = unwrapFor(body);
    if (forN === null) this.err(d.pos, `'#pragma omp ${d.name}' must be followed by a for loop`);
    const collapseC = clauses.find((c) => c.name === "collapse");
    const depth = collapseC?.arg ? Number(this.L.constInt(this.parseExpr(collapseC.arg), null)) : 1;
    if (!(depth >= 1 && depth <= 3)) this.err(collapseC!.pos, "'collapse' takes 1, 2 or 3");
    // The collapsed loop nest: each level's for statement (a rectangular nest).
    const fors: Node[] = [forN!];
    for (let i = 1; i < depth; i++) {
      const nextFor = unwrapFor(fors[i - 1]!.childForFieldName("body")!);
      if (nextFor === null) this.err(this.L.pos(fors[i - 1]!), `'collapse(${depth})' needs ${depth} perfectly nested for loops`);
      fors.push(nextFor!);
    }
    const levels = fors.map((f) => {
      const L = canonicalLoop(this.L, f);
      if (f.childForFieldName("initializer")!.type !== "declaration") {
        const s = fb.scope.lookup(L.varName);
        if (s?.k !== "var") this.err(this.L.pos(f), `loop variable '${L.varName}' is not declared`);
        if (!isInt(s.v.t)) this.err(this.L.pos(f), `loop variable '${L.varName}' must be an integer`);
        L.varType = s.v.t;
      }
      return { L, f };
    });
    // Non-rectangular nests (OpenMP 5.0): an inner level's bounds may use outer loop variables
    // (linearly, as OpenMP requires); its step may not.
    const uses = (text: string, name: string): boolean => new RegExp(`\\b${name}\\b`).test(text);
    const deps = levels.map(({ L: inner, f }, i) => {
      const outer = levels.slice(0, i).map((o, j) => ({ name: o.L.varName, j }));
      for (const o of outer) if (inner.step !== null && uses(inner.step.text, o.name)) this.err(this.L.pos(f), `the step of a collapsed loop may not use the outer loop variable '${o.name}'`);
      const d = outer.filter((o) => uses(`${inner.lb.text} ${inner.ub.text}`, o.name));
      // OpenMP 5.0 (section 2.9.1): a loop's bounds use at most one outer loop variable.
      if (d.length > 1) this.err(this.L.pos(f), `the bounds of a collapsed loop may use only one outer loop variable ('${d[0]!.name}' and '${d[1]!.name}' are used)`);
      return d.map((o) => o.j);
    });
    const nonRect = deps.some((d) => d.length > 0);
    if (nonRect) {
      for (const c of clauses) {
        // OpenMP 5.0: no schedule (nor ordered) on a non-rectangular nest.
        if (c.name === "schedule" || c.name === "dist_schedule") this.err(c.pos, `'${c.name}' on a non-rectangular collapsed loop nest is not allowed`);
        if (c.name === "lastprivate") this.err(c.pos, "'lastprivate' on a non-rectangular collapsed loop nest is not supported");
      }
    }
    // linear(j: s): each iteration k starts with j = (j before the loop) + k * s; the last
    // one's value is copied out as lastprivate's (OpenMP 5.2 section 5.4.6). The start values
    // and steps are evaluated once, before the loop.
    const linears: { name: string; t: CType; start: ValueId; step: ValueId }[] = [];
    for (const c of clauses) if (c.name === "linear") {
      // Over teams, a thread of another team may already have copied the last value out when
      // one reads the start value (clang captures it when the region starts instead).
      if (over === "team" || over === "grid") this.err(c.pos, "'linear' on a 'distribute' loop is not supported");
      const { vars, step } = linearOf(c);
      for (const it of vars) {
        const name = it.base.text;
        if (levels.some((l) => l.L.varName === name)) continue; // the loop variable: it is linear already
        const s = fb.scope.lookup(name);
        const r = s?.k === "var" ? s : this.L.globals.has(name) ? fb.lookup({ text: name } as Node) : null;
        if (r?.k !== "var") return this.err(it.pos, `'${name}' in 'linear' is not a variable in scope`);
        if (!isInt(r.v.t)) return this.err(it.pos, `'linear' on '${typeName(r.v.t)}' is not supported (integers only)`);
        const n = this.parseExpr(it.base);
        const start = fb.load({ addr: r.v.addr, t: r.v.t, sp: r.v.sp, v: r.v }, n).v;
        const stepN = step === null ? null : this.parseExpr(step);
        const st = stepN === null ? fb.ci(r.v.t, 1).v : fb.convert(fb.rvalue(stepN), r.v.t, stepN).v;
        linears.push({ name, t: r.v.t, start, step: st });
      }
    }
    // Every thread has read the start values before any copies the last value out.
    if (linears.length > 0 && over === "thread") fb.emit({ kind: "omp.barrier" }, null, label);
    fb.pushScope();
    // Originals of lastprivate variables, looked up before the loop variables shadow them.
    for (const c of clauses) if (c.name === "lastprivate" || c.name === "linear") for (const it of c.name === "linear" ? linearOf(c).vars : c.items) {
      const s = fb.scope.lookup(it.base.text);
      if (s?.k === "var") fb.lastprivateOrigins.set(it.base.text, s.v);
      else if (this.L.globals.has(it.base.text)) {
        const r = fb.lookup({ text: it.base.text } as Node);
        if (r.k === "var") fb.lastprivateOrigins.set(it.base.text, r.v);
      }
    }
    const ivs: Var[] = [];
    const setIv = (i: number, v: ValueId, at: Node): void => {
      const iv = ivs[i]!;
      fb.store({ addr: iv.addr, t: iv.t, sp: iv.sp, v: iv }, { v, t: LONG }, at);
    };
    const trip: { lb: ValueId; st: ValueId; n: ValueId; lo: ValueId; hi: ValueId }[] = [];
    const i64 = (op: import("../../ir/ir.js").BinaryOp, a: ValueId, b: ValueId, at: Node): ValueId => fb.emit({ kind: "binary", op, type: "i64", lhs: a, rhs: b }, "i64", at);
    levels.forEach(({ L, f }, li) => {
      // Bounds are evaluated once, before the loop, in the enclosing context. A level whose
      // bounds use an outer loop variable (non-rectangular) is evaluated at both ends of that
      // variable's range, where its (linear) bounds and trip count are extreme: the level
      // takes the largest trip count, and each point starts from the bound for the outer
      // values it runs with and is checked against the upper one (below), as clang's
      // dependent counter inits and "finals conditions" do.
      const up = L.op === "<" || L.op === "<=";
      const adj = L.op === "<=" ? 1n : L.op === ">=" ? -1n : 0n;
      const d = deps[li]!;
      const corners = d.length === 0 ? [null] : [0, 1];
      const at = corners.map((c) => {
        if (c !== null) setIv(d[0]!, c === 0 ? trip[d[0]!]!.lo : trip[d[0]!]!.hi, f);
        return { lb: fb.convert(fb.rvalue(L.lb), LONG, L.lb).v, ub: fb.convert(fb.rvalue(L.ub), LONG, L.ub).v };
      });
      const step = L.step === null ? fb.c("i64", BigInt(L.stepSign)) : fb.convert(fb.rvalue(L.step), LONG, L.step).v;
      const st = L.step !== null && L.stepSign < 0 ? i64("sub", fb.c("i64", 0n), step, f) : step;
      // Trip count (OpenMP's iteration space): up: ceil((ub' - lb) / st), down: ceil((lb - ub') / -st).
      const mag = up ? st : i64("sub", fb.c("i64", 0n), st, f);
      const tripOf = (lb: ValueId, ub: ValueId): ValueId => {
        const ubA = adj === 0n ? ub : i64("add", ub, fb.c("i64", adj), f);
        const dist = up ? i64("sub", ubA, lb, f) : i64("sub", lb, ubA, f);
        const num = i64("add", dist, i64("sub", mag, fb.c("i64", 1n), f), f);
        const q = i64("sdiv", num, mag, f);
        const pos = fb.emit({ kind: "icmp", pred: "sgt", type: "i64", lhs: dist, rhs: fb.c("i64", 0n) }, "i1", f);
        return fb.emit({ kind: "select", type: "i64", cond: pos, a: q, b: fb.c("i64", 0n) }, "i64", f);
      };
      const ns = at.map((b) => tripOf(b.lb, b.ub));
      const n = ns.length === 1 ? ns[0]! : i64("smax", ns[0]!, ns[1]!, f);
      // The variable's range, for the levels inside that depend on it: its first and last
      // values at each end (a non-empty range's; an empty one only widens it).
      let lo: ValueId = NO_VALUE;
      let hi: ValueId = NO_VALUE;
      if (deps.slice(li + 1).some((dd) => dd.includes(li))) {
        at.forEach((b, k) => {
          const last = i64("add", b.lb, i64("mul", i64("sub", ns[k]!, fb.c("i64", 1n), f), st, f), f);
          const l2 = i64("smin", b.lb, last, f);
          const h2 = i64("smax", b.lb, last, f);
          lo = lo === NO_VALUE ? l2 : i64("smin", lo, l2, f);
          hi = hi === NO_VALUE ? h2 : i64("smax", hi, h2, f);
        });
      }
      trip.push({ lb: at[0]!.lb, st, n, lo, hi });
      ivs.push(fb.declareLocal(L.varName, L.varType, f));
    });
    let N = trip[0]!.n;
    for (const t of trip.slice(1)) N = fb.emit({ kind: "binary", op: "mul", type: "i64", lhs: N, rhs: t.n }, "i64", forN);
    const L = levels[levels.length - 1]!.L;
    const innermost = levels[levels.length - 1]!.f;

    const q32 = (query: "thread_num" | "num_threads" | "team_num" | "num_teams"): ValueId => fb.emit({ kind: "cast", op: "sext", from: "i32", to: "i64", value: fb.emit({ kind: "omp.query", query }, "i32", label) }, "i64", label);
    let P: ValueId;
    let me: ValueId;
    if (over === "alone") {
      P = fb.c("i64", 1n);
      me = fb.c("i64", 0n);
    } else if (over === "team") {
      P = q32("num_teams");
      me = q32("team_num");
    } else if (over === "thread") {
      P = q32("num_threads");
      me = q32("thread_num");
    } else {
      const nt = q32("num_threads");
      P = fb.emit({ kind: "binary", op: "mul", type: "i64", lhs: q32("num_teams"), rhs: nt }, "i64", label);
      me = fb.emit({ kind: "binary", op: "add", type: "i64", lhs: fb.emit({ kind: "binary", op: "mul", type: "i64", lhs: q32("team_num"), rhs: nt }, "i64", label), rhs: q32("thread_num") }, "i64", label);
    }
    // Chunk size: clang's GPU defaults unless a schedule says otherwise.
    const sched = clauses.find((c) => c.name === (over === "team" ? "dist_schedule" : "schedule"));
    let C: ValueId;
    const blocks = (): ValueId => {
      const t = fb.emit({ kind: "binary", op: "add", type: "i64", lhs: N, rhs: fb.emit({ kind: "binary", op: "sub", type: "i64", lhs: P, rhs: fb.c("i64", 1n) }, "i64", label) }, "i64", label);
      const b = fb.emit({ kind: "binary", op: "sdiv", type: "i64", lhs: t, rhs: P }, "i64", label);
      return fb.emit({ kind: "binary", op: "smax", type: "i64", lhs: b, rhs: fb.c("i64", 1n) }, "i64", label);
    };
    if (sched?.arg) {
      const parts = sched.arg.text.split(",");
      const kind = parts[0]!.replace(/^\s*(monotonic|nonmonotonic|simd)\s*:\s*/, "").trim();
      if (!["static", "dynamic", "guided", "auto", "runtime"].includes(kind)) this.err(sched.pos, `schedule kind '${kind}' is not supported`);
      if (parts.length > 1) {
        const ce: ExprText = { text: parts.slice(1).join(","), pos: sched.pos };
        C = fb.convert(this.expr(fb, ce), LONG, this.parseExpr(ce)).v;
      } else C = kind === "static" ? blocks() : fb.c("i64", 1n);
    } else C = over === "team" ? blocks() : fb.c("i64", 1n);

    // The loop variables are private (declared above); so are private/firstprivate/reduction copies.
    void L;
    const fin = privatesHere ? this.privates(fb, clauses, over !== "alone", new Set(levels.map((l) => l.L.varName))) : () => {};
    const base0 = fb.emit({ kind: "binary", op: "mul", type: "i64", lhs: me, rhs: C }, "i64", label);
    const stride = fb.emit({ kind: "binary", op: "mul", type: "i64", lhs: P, rhs: C }, "i64", label);
    const outer = addBlock(fb.f, null, ["i64"]);
    const chunk = fb.block();
    const inner = addBlock(fb.f, null, ["i64"]);
    const bodyB = fb.block();
    const cont = fb.block();
    const next = fb.block();
    const exit = fb.block();
    fb.br(outer, [base0]);
    fb.setBlock(outer);
    const base = fb.f.blocks[outer]!.params[0]!;
    fb.condBr(fb.emit({ kind: "icmp", pred: "slt", type: "i64", lhs: base, rhs: N }, "i1", label), chunk, exit, label);
    fb.setBlock(chunk);
    const end = fb.emit({ kind: "binary", op: "smin", type: "i64", lhs: fb.emit({ kind: "binary", op: "add", type: "i64", lhs: base, rhs: C }, "i64", label), rhs: N }, "i64", label);
    fb.br(inner, [base]);
    fb.setBlock(inner);
    const k = fb.f.blocks[inner]!.params[0]!;
    fb.condBr(fb.emit({ kind: "icmp", pred: "slt", type: "i64", lhs: k, rhs: end }, "i1", label), bodyB, next, label);
    fb.setBlock(bodyB);
    // The logical iteration k to each level's index (innermost level varies fastest), then
    // each level's variable, outermost first: a non-rectangular level starts from its lower
    // bound for the outer values just set, and a point past its upper bound skips the body.
    let rest = k;
    const idxs: ValueId[] = [];
    if (!nonRect) {
      for (let i = levels.length - 1; i >= 0; i--) {
        const t = trip[i]!;
        const idx = i === 0 ? rest : fb.emit({ kind: "binary", op: "srem", type: "i64", lhs: rest, rhs: t.n }, "i64", levels[i]!.f);
        if (i > 0) rest = fb.emit({ kind: "binary", op: "sdiv", type: "i64", lhs: rest, rhs: t.n }, "i64", levels[i]!.f);
        const off = fb.emit({ kind: "binary", op: "mul", type: "i64", lhs: idx, rhs: t.st }, "i64", levels[i]!.f);
        setIv(i, fb.emit({ kind: "binary", op: "add", type: "i64", lhs: t.lb, rhs: off }, "i64", levels[i]!.f), levels[i]!.f);
      }
    }
    for (let i = levels.length - 1; i >= 0 && nonRect; i--) {
      const t = trip[i]!;
      idxs[i] = i === 0 ? rest : fb.emit({ kind: "binary", op: "srem", type: "i64", lhs: rest, rhs: t.n }, "i64", levels[i]!.f);
      if (i > 0) rest = fb.emit({ kind: "binary", op: "sdiv", type: "i64", lhs: rest, rhs: t.n }, "i64", levels[i]!.f);
    }
    if (nonRect) levels.forEach(({ L: l, f }, i) => {
      const t = trip[i]!;
      const lb = deps[i]!.length === 0 ? t.lb : fb.convert(fb.rvalue(l.lb), LONG, l.lb).v;
      const off = fb.emit({ kind: "binary", op: "mul", type: "i64", lhs: idxs[i]!, rhs: t.st }, "i64", f);
      const ival = fb.emit({ kind: "binary", op: "add", type: "i64", lhs: lb, rhs: off }, "i64", f);
      setIv(i, ival, f);
      if (deps[i]!.length === 0) return;
      const ub = fb.convert(fb.rvalue(l.ub), LONG, l.ub).v;
      const pred = ({ "<": "slt", "<=": "sle", ">": "sgt", ">=": "sge" } as const)[l.op];
      const run = fb.block();
      fb.condBr(fb.emit({ kind: "icmp", pred, type: "i64", lhs: ival, rhs: ub }, "i1", f), run, cont, f);
      fb.setBlock(run);
    });
    for (const l of linears) {
      const v = fb.scope.lookup(l.name);
      if (v?.k !== "var") continue;
      const ty = irType(l.t);
      const kk = ty === "i64" ? k : fb.emit({ kind: "cast", op: "trunc", from: "i64", to: ty, value: k }, ty, label);
      const off = fb.emit({ kind: "binary", op: "mul", type: ty, lhs: kk, rhs: l.step }, ty, label);
      fb.store({ addr: v.v.addr, t: v.v.t, sp: v.v.sp, v: v.v }, { v: fb.emit({ kind: "binary", op: "add", type: ty, lhs: l.start, rhs: off }, ty, label), t: l.t }, label);
    }
    fb.loopBody(innermost.childForFieldName("body")!, exit, cont);
    fb.br(cont);
    fb.setBlock(cont);
    this.lastprivates(fb, clauses, k, N, levels.map((l, i) => ({ name: l.L.varName, lb: trip[i]!.lb, st: trip[i]!.st, n: trip[i]!.n })), label);
    fb.br(inner, [fb.emit({ kind: "binary", op: "add", type: "i64", lhs: k, rhs: fb.c("i64", 1n) }, "i64", label)]);
    fb.setBlock(next);
    fb.br(outer, [fb.emit({ kind: "binary", op: "add", type: "i64", lhs: base, rhs: stride }, "i64", label)]);
    fb.setBlock(exit);
    fin();
    fb.popScope();
    // The loop's implicit barrier; a combined `parallel for` relies on the region's own end barrier.
    if (over === "thread" && !endsRegion && !clauses.some((c) => c.name === "nowait")) fb.emit({ kind: "omp.barrier" }, null, label);
  }

  /**
   * lastprivate: the thread that runs the last logical iteration copies its private values to
   * the originals (loop variables get the value after the last iteration), as clang does
   * after `__kmpc_for_static_fini` with the `is_last` flag.
   */
  lastprivates(fb: FB, clauses: readonly Clause[], k: ValueId, N: ValueId, loops: { name: string; lb: ValueId; st: ValueId; n: ValueId }[], label: Node): void {
    const names = clauses.flatMap((c) => (c.name === "lastprivate" ? c.items : c.name === "linear" ? linearOf(c).vars : []));
    if (names.length === 0) return;
    const last = fb.emit({ kind: "icmp", pred: "eq", type: "i64", lhs: k, rhs: fb.emit({ kind: "binary", op: "sub", type: "i64", lhs: N, rhs: fb.c("i64", 1n) }, "i64", label) }, "i1", label);
    const then = fb.block();
    const join = fb.block();
    fb.condBr(last, then, join, label);
    fb.setBlock(then);
    for (const it of names) {
      const name = it.base.text;
      const orig = fb.lastprivateOrigins.get(name);
      const priv = fb.scope.lookup(name);
      if (orig === undefined || priv?.k !== "var") return this.err(it.pos, `'${name}' in 'lastprivate' is not a variable in scope`);
      const lp = loops.find((l) => l.name === name);
      const olv: LVal = { addr: orig.addr, t: orig.t, sp: orig.sp, v: orig };
      if (lp !== undefined) {
        const after = fb.emit({ kind: "binary", op: "add", type: "i64", lhs: lp.lb, rhs: fb.emit({ kind: "binary", op: "mul", type: "i64", lhs: lp.n, rhs: lp.st }, "i64", label) }, "i64", label);
        fb.store(olv, { v: after, t: LONG }, label);
      } else if (isScalar(orig.t)) fb.store(olv, fb.load({ addr: priv.v.addr, t: priv.v.t, sp: priv.v.sp, v: priv.v }, label), label);
      else fb.copyObject(olv, { addr: priv.v.addr, t: priv.v.t, sp: priv.v.sp }, label);
    }
    fb.br(join);
    fb.setBlock(join);
  }

  /** `#pragma omp atomic [read|write|update|capture]` on one expression statement. */
  atomic(fb: FB, d: Directive, body: Node): void {
    if (d.clauses.some((c) => c.name === "compare")) return this.atomicCompare(fb, d, body);
    const kind = d.clauses.find((c) => ["read", "write", "update", "capture"].includes(c.name))?.name ?? "update";
    const e = unparen(body.namedChildren[0] ?? body);
    const bad = (): never => this.err(d.pos, `this '#pragma omp atomic ${kind}' form is not supported`);
    if (kind === "read") {
      if (e.type !== "assignment_expression") bad();
      fb.expr(e, true);
      return;
    }
    if (kind === "write") {
      if (e.type !== "assignment_expression" || e.childForFieldName("operator")!.type !== "=") bad();
      const lv = fb.lvalue(e.childForFieldName("left")!);
      const v = fb.convert(fb.rvalue(e.childForFieldName("right")!), lv.t, e);
      if (!isScalar(lv.t)) bad();
      fb.emit({ kind: "atomic", op: "xchg", type: irType(lv.t), space: lv.sp, ptr: lv.addr, value: v.v }, irType(lv.t), e);
      return;
    }
    if (kind === "capture" && body.type === "compound_statement") {
      // { v = x; x op= e; } captures the old value, { x op= e; v = x; } the new one.
      const kids = body.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
      if (kids.length !== 2 || kids.some((k) => k.type !== "expression_statement")) return bad();
      const [a, b] = kids.map((k) => unparen(k.namedChildren[0]!)) as [Node, Node];
      const isRead = (n: Node, other: Node): boolean =>
        n.type === "assignment_expression" && n.childForFieldName("operator")!.type === "=" && unparen(n.childForFieldName("right")!).text === updTarget(other);
      if (isRead(a, b)) {
        const r = this.atomicUpdate(fb, d, b, bad);
        fb.store(fb.lvalue(a.childForFieldName("left")!), { v: r.old, t: r.t }, a);
      } else if (isRead(b, a)) {
        const r = this.atomicUpdate(fb, d, a, bad);
        fb.store(fb.lvalue(b.childForFieldName("left")!), { v: r.now, t: r.t }, b);
      } else bad();
      return;
    }
    if (body.type !== "expression_statement") this.err(d.pos, "'#pragma omp atomic' must be followed by an expression statement");
    if (kind === "capture") {
      if (e.type !== "assignment_expression" || e.childForFieldName("operator")!.type !== "=") bad();
      const u = unparen(e.childForFieldName("right")!);
      const r = this.atomicUpdate(fb, d, u, bad);
      const postfix = u.type === "update_expression" && !(u.firstChild?.type === "++" || u.firstChild?.type === "--");
      fb.store(fb.lvalue(e.childForFieldName("left")!), { v: postfix ? r.old : r.now, t: r.t }, e);
      return;
    }
    this.atomicUpdate(fb, d, e, bad);
  }

  /**
   * `#pragma omp atomic compare [capture]` (OpenMP 5.1, section 15.8.4) on an integer in a
   * target region (host code runs the statement: one thread):
   * `if (x < e) { x = e; }`, `x = x < e ? e : x` and their mirrored and `>` forms as one
   * atomic max or min; `if (x == e) { x = d; }` and `x = x == e ? d : x` as a cmpxchg. With
   * `capture`, `{ v = x; cond-update }` takes the old value and `{ cond-update v = x; }` the
   * new one.
   */
  atomicCompare(fb: FB, d: Directive, body: Node): void {
    const bad = (): never => this.err(d.pos, "this '#pragma omp atomic compare' form is not supported");
    const capture = d.clauses.some((c) => c.name === "capture");
    const stmts = (n: Node): Node[] => (n.type === "compound_statement" ? n.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment") : [n]);
    const assign = (n: Node | undefined): Node | null => {
      const e = n?.type === "expression_statement" ? unparen(n.namedChildren[0] ?? n) : null;
      return e?.type === "assignment_expression" && e.childForFieldName("operator")!.type === "=" ? e : null;
    };
    // The update as: x, the form, the compared operand and the stored value.
    const parseUpdate = (n: Node): { x: Node; form: "max" | "min" | "eq"; operand: Node; stored: Node } | null => {
      let x: Node;
      let stored: Node;
      let cond: Node;
      if (n.type === "if_statement") {
        // The braces are part of the form (gcc rejects `if (x < e) x = e;`).
        const body = n.childForFieldName("consequence")!;
        if (n.childForFieldName("alternative") !== null || body.type !== "compound_statement") return null;
        const then = stmts(body);
        const a = then.length === 1 ? assign(then[0]) : null;
        if (a === null) return null;
        [x, stored, cond] = [a.childForFieldName("left")!, a.childForFieldName("right")!, unparen(n.childForFieldName("condition")!)];
      } else {
        const a = assign(n);
        const r = a === null ? null : unparen(a.childForFieldName("right")!);
        if (a === null || r?.type !== "conditional_expression") return null;
        x = a.childForFieldName("left")!;
        if (unparen(r.childForFieldName("alternative")!).text !== unparen(x).text) return null;
        [stored, cond] = [r.childForFieldName("consequence")!, unparen(r.childForFieldName("condition")!)];
      }
      if (cond.type !== "binary_expression") return null;
      const op = cond.childForFieldName("operator")!.type;
      const l = unparen(cond.childForFieldName("left")!).text;
      const r = unparen(cond.childForFieldName("right")!).text;
      const xt = unparen(x).text;
      const st = unparen(stored).text;
      if (op === "==" && l === xt) return { x, form: "eq", operand: cond.childForFieldName("right")!, stored };
      if (op !== "<" && op !== ">") return null;
      // x < e ? e : x is a max; e < x ? e : x a min.
      if (l === xt && r === st) return { x, form: op === "<" ? "max" : "min", operand: cond.childForFieldName("right")!, stored };
      if (r === xt && l === st) return { x, form: op === "<" ? "min" : "max", operand: cond.childForFieldName("left")!, stored };
      return null;
    };
    const kids = stmts(body);
    let read: { at: "before" | "after"; v: Node } | null = null;
    let u: ReturnType<typeof parseUpdate> = null;
    let upd = kids[0]!;
    if (!capture) {
      if (kids.length === 1) u = parseUpdate(upd);
    } else if (kids.length === 2) {
      // `{ v = x; update }` captures the old value, `{ update v = x; }` the new one.
      for (const [ri, ui] of [[0, 1], [1, 0]] as const) {
        const a = assign(kids[ri]);
        const cand = parseUpdate(kids[ui]!);
        if (a !== null && cand !== null && unparen(a.childForFieldName("right")!).text === unparen(cand.x).text) {
          [read, u, upd] = [{ at: ri === 0 ? "before" : "after", v: a }, cand, kids[ui]!];
          break;
        }
      }
    }
    if (u === null) return bad();
    const { x, form, operand, stored } = u;
    const lv = fb.lvalue(x);
    if (lv.t.k !== "int") return this.err(d.pos, `'#pragma omp atomic compare' on '${typeName(lv.t)}' is not supported (integers only)`);
    const ty = irType(lv.t);
    const signed = lv.t.signed;
    const e = fb.convert(fb.rvalue(operand), lv.t, operand).v;
    let old: ValueId;
    let now: ValueId;
    if (form === "eq") {
      const dv = fb.convert(fb.rvalue(stored), lv.t, stored).v;
      old = fb.emit({ kind: "cmpxchg", type: ty, space: lv.sp, ptr: lv.addr, expected: e, desired: dv }, ty, upd);
      const hit = fb.emit({ kind: "icmp", pred: "eq", type: ty, lhs: old, rhs: e }, "i1", upd);
      now = fb.emit({ kind: "select", type: ty, cond: hit, a: dv, b: old }, ty, upd);
    } else {
      const aop: AtomicOp = form === "max" ? (signed ? "max" : "umax") : signed ? "min" : "umin";
      old = fb.emit({ kind: "atomic", op: aop, type: ty, space: lv.sp, ptr: lv.addr, value: e }, ty, upd);
      now = fb.emit({ kind: "binary", op: form === "max" ? (signed ? "smax" : "umax") : signed ? "smin" : "umin", type: ty, lhs: old, rhs: e }, ty, upd);
    }
    if (read !== null) fb.store(fb.lvalue(read.v.childForFieldName("left")!), { v: read.at === "before" ? old : now, t: lv.t }, read.v);
  }

  /** x++ / ++x / x-- / --x / x op= e / x = x op e / x = e op x (op commuting) as one atomic; the old and new values. */
  atomicUpdate(fb: FB, d: Directive, u: Node, bad: () => never): { old: ValueId; now: ValueId; t: CType } {
    let target: Node;
    let op: string;
    let operand: Node | null = null;
    if (u.type === "update_expression") {
      target = u.childForFieldName("argument")!;
      op = u.childForFieldName("operator")!.type === "++" ? "+" : "-";
    } else if (u.type === "assignment_expression") {
      target = u.childForFieldName("left")!;
      const aop = u.childForFieldName("operator")!.type;
      if (aop === "=") {
        const r = unparen(u.childForFieldName("right")!);
        if (r.type !== "binary_expression") return bad();
        op = r.childForFieldName("operator")!.type;
        if (unparen(r.childForFieldName("left")!).text === target.text) operand = r.childForFieldName("right")!;
        // x = e op x: the same update when op commutes (OpenMP allows the form for any op).
        else if (unparen(r.childForFieldName("right")!).text === target.text && ["+", "&", "|", "^"].includes(op)) operand = r.childForFieldName("left")!;
        else return bad();
      } else {
        op = aop.slice(0, -1);
        operand = u.childForFieldName("right")!;
      }
    } else return bad();
    const lv = fb.lvalue(target);
    if (!isScalar(lv.t) || lv.t.k === "ptr") bad();
    const ty = irType(lv.t);
    const isF = lv.t.k === "float";
    let v: RVal = operand === null ? fb.ci(lv.t, 1) : fb.convert(fb.rvalue(operand), lv.t, operand);
    let aop: AtomicOp;
    if (op === "+") aop = isF ? "fadd" : "add";
    else if (op === "-") {
      aop = isF ? "fadd" : "sub";
      if (isF) v = { v: fb.emit({ kind: "binary", op: "fsub", type: ty, lhs: fb.c(ty, -0), rhs: v.v }, ty, u), t: lv.t };
    } else if (!isF && (op === "&" || op === "|" || op === "^")) aop = op === "&" ? "and" : op === "|" ? "or" : "xor";
    else return this.err(d.pos, `'#pragma omp atomic' with operator '${op}'${isF ? " on a float" : ""} is not supported`);
    const old = fb.emit({ kind: "atomic", op: aop, type: ty, space: lv.sp, ptr: lv.addr, value: v.v }, ty, u);
    const bop = isF ? "fadd" : aop;
    const now = fb.emit({ kind: "binary", op: bop as "add", type: ty, lhs: old, rhs: v.v }, ty, u);
    return { old, now, t: lv.t };
  }
}

/**
 * The variables and step of `linear(a, b: s)`, `linear(a: step(s))` (OpenMP 5.2) or
 * `linear(val(a))`: the clause parser puts what precedes the colon among the modifiers.
 */
function linearOf(c: Clause): { vars: ListItem[]; step: ExprText | null } {
  const strip = (t: string): string => t.replace(/^(val|uval|ref)\s*\(\s*(\w+)\s*\)$/, "$2").trim();
  if (c.modifiers.length === 0) return { vars: c.items.map((it) => ({ ...it, base: { ...it.base, text: strip(it.base.text) } })), step: null };
  const vars: ListItem[] = c.modifiers.map((m) => ({ base: { text: strip(m), pos: c.pos }, sections: [], pos: c.pos }));
  const st = c.items[0]?.base;
  if (st === undefined) return { vars, step: null };
  const m = /^step\s*\(([\s\S]*)\)$/.exec(st.text.trim());
  return { vars, step: m ? { text: m[1]!, pos: st.pos } : st };
}

/** The variable an atomic update statement updates (its text), or "" if it is not one. */
function updTarget(n: Node): string {
  if (n.type === "update_expression") return unparen(n.childForFieldName("argument")!).text;
  if (n.type === "assignment_expression") return unparen(n.childForFieldName("left")!).text;
  return "";
}

/** The for statement a loop directive applies to (through braces holding only it). */
function unwrapFor(n: Node): Node | null {
  while (n.type === "compound_statement") {
    const kids = n.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment");
    if (kids.length !== 1) return null;
    n = kids[0]!;
  }
  return n.type === "for_statement" ? n : null;
}


interface Canonical {
  varName: string;
  varType: CType;
  lb: Node;
  ub: Node;
  op: "<" | "<=" | ">" | ">=";
  step: Node | null;
  stepSign: 1 | -1;
}

/** OpenMP's canonical loop form: `for (i = lb; i OP ub; i++ | i-- | i += s | i -= s | i = i ± s)`. */
function canonicalLoop(L: Lowerer, f: Node): Canonical {
  const bad = (n: Node, what: string): never => L.err(n, `the loop of an OpenMP worksharing construct must be in canonical form (${what})`);
  const init = f.childForFieldName("initializer");
  if (init === null) return bad(f, "missing initialisation");
  let varName: string;
  let varType: CType | null = null;
  let lb: Node;
  if (init.type === "declaration") {
    const d = init.childForFieldName("declarator");
    if (d === null || d.type !== "init_declarator") return bad(init, "the loop variable needs an initial value");
    varName = d.childForFieldName("declarator")!.text;
    varType = L.baseType(init, null);
    lb = d.childForFieldName("value")!;
  } else if (init.type === "assignment_expression" && init.childForFieldName("operator")!.type === "=") {
    varName = init.childForFieldName("left")!.text;
    lb = init.childForFieldName("right")!;
  } else return bad(init, "initialisation");
  if (!/^[A-Za-z_]\w*$/.test(varName)) return bad(init, "the loop variable must be a plain variable");
  const cond = f.childForFieldName("condition");
  if (cond === null) return bad(f, "missing condition");
  const c = unparen(cond);
  if (c.type !== "binary_expression") return bad(c, "condition");
  let op = c.childForFieldName("operator")!.type;
  let ub: Node;
  if (unparen(c.childForFieldName("left")!).text === varName) ub = c.childForFieldName("right")!;
  else if (unparen(c.childForFieldName("right")!).text === varName) {
    ub = c.childForFieldName("left")!;
    op = ({ "<": ">", ">": "<", "<=": ">=", ">=": "<=" } as Record<string, string>)[op] ?? op;
  } else return bad(c, "the condition must compare the loop variable");
  if (!["<", "<=", ">", ">="].includes(op)) return bad(c, `comparison '${op}'`);
  const upd = f.childForFieldName("update");
  if (upd === null) return bad(f, "missing increment");
  const u = unparen(upd);
  let step: Node | null = null;
  let stepSign: 1 | -1 = 1;
  if (u.type === "update_expression" && u.childForFieldName("argument")!.text === varName) {
    stepSign = u.childForFieldName("operator")!.type === "++" ? 1 : -1;
  } else if (u.type === "assignment_expression" && u.childForFieldName("left")!.text === varName) {
    const aop = u.childForFieldName("operator")!.type;
    if (aop === "+=" || aop === "-=") {
      step = u.childForFieldName("right")!;
      stepSign = aop === "+=" ? 1 : -1;
    } else if (aop === "=") {
      const r = unparen(u.childForFieldName("right")!);
      const rop = r.type === "binary_expression" ? r.childForFieldName("operator")!.type : "";
      if ((rop === "+" || rop === "-") && unparen(r.childForFieldName("left")!).text === varName) {
        step = r.childForFieldName("right")!;
        stepSign = rop === "+" ? 1 : -1;
      } else if (rop === "+" && unparen(r.childForFieldName("right")!).text === varName) {
        step = r.childForFieldName("left")!;
      } else return bad(u, "increment");
    } else return bad(u, "increment");
  } else return bad(u, "increment");
  if ((op === "<" || op === "<=") && stepSign < 0 && step === null) return bad(u, "the increment goes the wrong way");
  if (varType === null) {
    // A loop variable declared before the loop: its type comes from the enclosing scope, resolved by the caller.
    varType = INT;
  }
  if (!isInt(varType)) return bad(init, "the loop variable must be an integer");
  return { varName, varType, lb, ub, op: op as Canonical["op"], step, stepSign };
}

/** The one directive that is a body's only statement (clang's "tightly nested" check). */
function soleDirective(L: Lowerer, body: Node): { p: Pragma; label: Node } | null {
  let n = body;
  while (n.type === "compound_statement") {
    const kids = n.namedChildren.filter((c): c is Node => c !== null && c.type !== "comment" && !(c.type === "expression_statement" && c.text.trim() === ";"));
    if (kids.length !== 1) return null;
    n = kids[0]!;
  }
  if (n.type !== "labeled_statement") return null;
  const m = /^__omp_pragma_(\d+)$/.exec(n.childForFieldName("label")?.text ?? "");
  if (!m) return null;
  return { p: L.pragmas[Number(m[1])]!, label: n };
}

