// The per-instruction emitter: one segment of a function becomes one JS function
// `seg<i>(w, fr)` whose lane loop runs the segment's instructions (compile.ts header).
// SSA values are JS locals `v<id>`; values with a slot are also written to it.

import type { AtomicInst, BrInst, CmpXchgInst, CondBrInst, Function, Inst, LoadInst, OmpQuery, RetInst, StoreInst, UnreachableInst } from "../../ir/ir.js";
import { operands } from "../../ir/ir.js";
import type { SchedulerInst } from "../../ir/opcodes.js";
import { BINARY_OP_INFO, QUERIES, needsScheduler } from "../../ir/opcodes.js";
import type { BlockId, InstId, Type, ValueId } from "../../ir/types.js";
import { NO_VALUE, assertNever } from "../../ir/types.js";
import type { CompileEnv, SegInfo } from "../compile.js";
import { deviceInstCost } from "../cost.js";
import { SP_GLOBAL, SP_HOST, SP_LOCAL, SP_SHARED, spaceCode } from "../memory.js";
import { ACCESS_ATOMIC, ACCESS_READ, ACCESS_WRITE } from "../races.js";
import { atomicNewExpr, binaryExpr, castExpr, fcmpExpr, fmathExpr, fr32, icmpExpr, loadExpr, numLit, storeStmt } from "./expr.js";
import type { PreludePart } from "./prelude.js";
import { BOUNDARY, DIVERGE, EXIT, H, PRELUDE, REFRESH, RET } from "./prelude.js";
import type { Seg, Segmentation, Slots } from "./segments.js";
import { isBig } from "./segments.js";
import { stageLayout } from "./stage.js";

const SIZE: Record<Type, number> = { i1: 1, i8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8, ptr: 8 };

/** What the emitter knows of the function being compiled. */
export interface FnCtx {
  f: Function;
  env: CompileEnv;
  sg: Segmentation;
  slots: Slots;
}

/** A value's lane slot expression. */
export function slotExpr(cx: FnCtx, v: ValueId): string {
  const W = cx.env.W;
  return isBig(cx.f.values[v]!.type) ? `B[${cx.slots.slotOf[v]! * W} + l]` : `F[${cx.slots.slotOf[v]! * W} + l]`;
}

/** An operand as a JS expression: a literal, an address, or the local `v<id>`. */
function valueExpr(cx: FnCtx, v: ValueId): string {
  const { env } = cx;
  const d = cx.f.values[v]!.def;
  const t = cx.f.values[v]!.type;
  switch (d.kind) {
    case "const": {
      const c = d.value;
      if (c === null) return "0";
      if (typeof c === "bigint") return t === "i64" ? `(${c}n)` : numLit(Number(c));
      return numLit(c);
    }
    case "global": {
      const k = env.localIndex[d.global]!;
      if (k >= 0) return `LG[${k * env.W} + l]`;
      const p = env.globalPtr[d.global]!;
      return Number.isNaN(p) ? `SG[${d.global}]` : String(p);
    }
    case "func":
      return String(env.funcPtr[d.func]!);
    case "undef":
      return t === "i64" ? "0n" : "0";
    default:
      return `v${v}`;
  }
}

function endInfo(end: SegInfo["end"], inst: Inst, id: InstId, block: BlockId): SegInfo {
  return { end, inst, instId: id, block, cont: -1, thenSeg: -1, elseSeg: -1, reconv: -1, resultSlot: -1, resultBig: false, stagedBig: [], stage: null, n: 0, cost: 0 };
}

const fault = (I: number, kind: string, msg: string): string => `throw ${H}.fault(w, fr, l, CF, ${I}, ${JSON.stringify(kind)}, ${JSON.stringify(msg)});`;

/** Emits segment `si`: its JS function text and its SegInfo. */
export function emitSegment(cx: FnCtx, s: Seg, si: number): { text: string; info: SegInfo } {
  return new SegmentEmitter(cx, s, si).run();
}

class SegmentEmitter {
  private readonly W: number;
  private readonly device: boolean;
  private memUsed = false;
  /** Slot values read in this segment and defined elsewhere. */
  private readonly used = new Set<number>();
  private readonly definedHere = new Set<number>();
  private readonly body: string[] = [];
  private cost = 0;
  private readonly flags: Record<PreludePart, boolean> = { mem: false, query: false, sg: false, lg: false, stage: false, nx: false };
  private end: SegInfo | null = null;
  private tail = "";

  constructor(private readonly cx: FnCtx, private readonly s: Seg, private readonly si: number) {
    this.W = cx.env.W;
    this.device = cx.env.device;
  }

  run(): { text: string; info: SegInfo } {
    const { cx, s, si, body, flags } = this;
    for (const id of s.insts) this.inst(id);
    if (this.end === null) throw new Error(`internal error: segment ${si} of @${cx.f.name} has no end`);
    const info: SegInfo = this.end;
    info.n = s.insts.length;
    info.cost = this.cost;
    const loads = [...this.used].sort((a, b) => a - b).map((v) => `const v${v} = ${slotExpr(cx, v as ValueId)};`);
    flags.mem = this.memUsed || body.some((b) => b.includes(REFRESH));
    const pre: string[] = [PRELUDE.frame];
    for (const part of ["mem", "query", "sg", "lg", "stage", "nx"] as const) if (flags[part]) pre.push(PRELUDE[part]);
    const inner = [...loads, ...body].join("\n    ");
    const loop = this.W === 1 ? `{ const l = 0;\n    ${inner}\n  }` : `for (let l = 0; l < ${this.W}; l++) {\n    if (act[l] === 0) continue;\n    ${inner}\n  }`;
    return { text: `function seg${si}(w, fr) {\n  ${pre.join("\n  ")}\n  ${loop}\n  ${this.tail}\n}`, info };
  }

  private use(v: ValueId): string {
    const { env } = this.cx;
    const d = this.cx.f.values[v]!.def;
    if (d.kind === "global" && env.localIndex[d.global]! >= 0) this.flags.lg = true;
    else if (d.kind === "global" && Number.isNaN(env.globalPtr[d.global]!)) this.flags.sg = true;
    if ((d.kind === "inst" && !this.definedHere.has(v)) || d.kind === "param" || d.kind === "blockparam") this.used.add(v);
    return valueExpr(this.cx, v);
  }

  private def(inst: Inst, e: string): void {
    const r = inst.result;
    this.body.push(`const v${r} = ${e};`);
    this.definedHere.add(r);
    if (this.cx.slots.slotOf[r] !== -1) this.body.push(`${slotExpr(this.cx, r)} = v${r};`);
  }

  private allowedSpace(sp: number): boolean {
    return this.device ? sp === SP_GLOBAL || sp === SP_SHARED || sp === SP_LOCAL : sp === SP_HOST;
  }

  private raceHook(I: number, sp: number, n: number, kind: number): string {
    return !this.cx.env.races || !this.device ? ""
      : sp === SP_GLOBAL || sp === SP_SHARED ? `${H}.race(w, l, CF, ${I}, a${I}, ${n}, ${kind}, ${sp});`
      : sp === SP_LOCAL ? `${H}.priv(w, l, CF, ${I}, d${I}, ${kind});` : "";
  }

  /** Bounds- and space-checked address `a<I>` of `n` bytes at `ptr`. */
  private addr(I: number, ptr: string, sp: number, n: number): string {
    this.memUsed = true;
    // Unified shared memory: host and device memory are one (SP_HOST 0, SP_GLOBAL 1).
    const wrong = this.cx.env.unified === true && sp <= SP_GLOBAL ? `SP[d${I}] > ${SP_GLOBAL}` : `SP[d${I}] !== ${sp}`;
    return `const p${I} = ${ptr}; const d${I} = (p${I} * 2.3283064365386963e-10) | 0; const o${I} = p${I} - d${I} * 4294967296;` +
      ` if (${wrong} || o${I} + ${n} > SZ[d${I}]) throw ${H}.mem(w, fr, l, CF, ${I}, p${I}, ${sp}, ${n}); const a${I} = BA[d${I}] + o${I};`;
  }

  private wrongSpace(I: number, space: string): string {
    return fault(I, "wrong-space", `${this.device ? "device" : "host"} code cannot access ${space} memory`);
  }

  private blockParamWrites(target: BlockId, args: ValueId[]): string {
    const f = this.cx.f;
    return args.map((a, i) => `${slotExpr(this.cx, f.blocks[target]!.params[i]!)} = ${valueExpr(this.cx, a)};`).join(" ");
  }

  private inst(id: InstId): void {
    const { cx, body } = this;
    const { f, env } = cx;
    const vals = f.values;
    const inst = f.insts[id]!;
    const I = id as number;
    this.localGlobals(inst, I);
    const startCost = this.cost;
    this.cost += this.device ? deviceInstCost(env.costs, inst) : env.costs.host;
    if (needsScheduler(inst)) {
      this.stage(inst, id);
      return;
    }
    switch (inst.kind) {
      case "binary": {
        const a = this.use(inst.lhs);
        const b = this.use(inst.rhs);
        if (BINARY_OP_INFO[inst.op].divides) {
          body.push(`if (${b} === ${inst.type === "i64" ? "0n" : "0"}) ${fault(I, "div-by-zero", "integer division by zero")}`);
        }
        this.def(inst, binaryExpr(I, inst.op, inst.type, a, b));
        return;
      }
      case "icmp":
        this.def(inst, `(${icmpExpr(inst.pred, inst.type, this.use(inst.lhs), this.use(inst.rhs))} ? 1 : 0)`);
        return;
      case "fcmp":
        this.def(inst, `(${fcmpExpr(inst.pred, this.use(inst.lhs), this.use(inst.rhs))} ? 1 : 0)`);
        return;
      case "select":
        this.def(inst, `(${this.use(inst.cond)} ? ${this.use(inst.a)} : ${this.use(inst.b)})`);
        return;
      case "cast":
        this.def(inst, castExpr(inst.op, inst.from, inst.to, this.use(inst.value)));
        return;
      case "fmath":
        this.def(inst, fr32(inst.type, fmathExpr(inst.fn, this.use(inst.a), inst.b === NO_VALUE ? "" : this.use(inst.b))));
        return;
      case "alloca": {
        const cnt = this.use(inst.count);
        const n = vals[inst.count]!.type === "i64" ? `Number(${cnt})` : cnt;
        this.def(inst, `${H}.alloca(w, fr, l, CF, ${I}, (${n}) * ${SIZE[inst.elemType]})`);
        body.push(REFRESH);
        return;
      }
      case "load":
      case "store":
      case "atomic":
      case "cmpxchg":
        this.memoryInst(inst, I);
        return;
      case "gep": {
        const p = this.use(inst.ptr);
        const ix = this.use(inst.index);
        const n = vals[inst.index]!.type === "i64" ? `Number(${ix})` : ix;
        this.def(inst, `${p} + (${n}) * ${SIZE[inst.elemType]}`);
        return;
      }
      case "print": {
        const args = inst.args.map((a) => this.use(a));
        body.push(`${H}.print(w, fr, l, CF, ${I}, ${startCost}, [${args.join(", ")}]);`);
        return;
      }
      case "trap":
        // The fault's cycle is the trap's own (prints before it in this segment are older).
        body.push(`throw ${H}.fault(w, fr, l, CF, ${I}, "trap", ${JSON.stringify(inst.message)}, ${startCost});`);
        return;
      case "omp.query":
        this.def(inst, this.query(inst.query));
        return;
      case "omp.wtime":
        // The warp's clock at this instruction: its segment's start plus the issue before it.
        this.def(inst, `(w.clock + ${startCost}) / ${numLit(env.costs.clockHz)}`);
        return;
      case "omp.target_is_present":
        // Host only (the verifier's placement rule): a rare call, through the runtime.
        this.def(inst, `${H}.isPresent(w, ${this.use(inst.ptr)}, ${this.use(inst.device)})`);
        return;
      case "omp.alloc_shared": {
        const sz = this.use(inst.size);
        const n = vals[inst.size]!.type === "i64" ? `Number(${sz})` : sz;
        if (!this.device) body.push(fault(I, "unsupported", "omp.alloc_shared in host code"));
        this.def(inst, `${H}.allocShared(w, fr, l, CF, ${I}, ${n})`);
        body.push(REFRESH);
        return;
      }
      case "omp.free_shared": {
        const p = this.use(inst.ptr);
        const sz = this.use(inst.size);
        const n = vals[inst.size]!.type === "i64" ? `Number(${sz})` : sz;
        body.push(`${H}.freeShared(w, fr, l, CF, ${I}, ${p}, ${n});`);
        return;
      }
      case "br":
      case "cond_br":
      case "ret":
      case "unreachable":
        this.terminator(inst, id);
        return;
      default:
        return assertNever(inst);
    }
  }

  /** A lane's copy of a `local` global comes to be at its first reference (allocation may
   *  move the arena, hence the refresh); later references are one typed-array read. */
  private localGlobals(inst: Inst, I: number): void {
    const { f, env } = this.cx;
    const seenLocal = new Set<number>();
    for (const v of operands(inst)) {
      const d = f.values[v]!.def;
      const k = d.kind === "global" ? env.localIndex[d.global]! : -1;
      if (k < 0 || seenLocal.has(k)) continue;
      seenLocal.add(k);
      this.flags.lg = true;
      this.body.push(`if (LG[${k * this.W} + l] === 0) { ${H}.localGlobal(w, fr, l, CF, ${I}, ${k}); ${REFRESH} }`);
    }
  }

  /** Stages a scheduler instruction's operands (stage.ts) and ends the segment there. */
  private stage(inst: SchedulerInst, id: InstId): void {
    const { cx, body } = this;
    const vals = cx.f.values;
    const ops = operands(inst);
    const stagedBig = ops.map((v) => isBig(vals[v]!.type));
    ops.forEach((v, k) => {
      const e = this.use(v);
      body.push(stagedBig[k] ? `SB[${k * this.W} + l] = ${e};` : `S[${k * this.W} + l] = ${e};`);
    });
    this.flags.stage = true;
    this.end = {
      ...endInfo("boundary", inst, id, this.s.block), cont: this.si + 1,
      resultSlot: inst.result === NO_VALUE ? -1 : cx.slots.slotOf[inst.result]!, resultBig: inst.result !== NO_VALUE && isBig(vals[inst.result]!.type),
      stagedBig, stage: stageLayout(inst),
    };
    this.tail = `return ${BOUNDARY};`;
  }

  /** load, store, atomic, cmpxchg: the space and bounds check, then the access. */
  private memoryInst(inst: LoadInst | StoreInst | AtomicInst | CmpXchgInst, I: number): void {
    const body = this.body;
    switch (inst.kind) {
      case "load": {
        const sp = spaceCode(inst.space);
        const ptr = this.use(inst.ptr);
        if (!this.allowedSpace(sp)) {
          body.push(this.wrongSpace(I, inst.space));
          this.def(inst, isBig(inst.type) ? "0n" : "0");
          return;
        }
        body.push(this.addr(I, ptr, sp, SIZE[inst.type]));
        body.push(this.raceHook(I, sp, SIZE[inst.type], ACCESS_READ));
        this.def(inst, loadExpr(inst.type, `a${I}`));
        return;
      }
      case "store": {
        const sp = spaceCode(inst.space);
        const v = this.use(inst.value);
        const ptr = this.use(inst.ptr);
        if (!this.allowedSpace(sp)) {
          body.push(this.wrongSpace(I, inst.space));
          return;
        }
        body.push(this.addr(I, ptr, sp, SIZE[inst.type]));
        body.push(this.raceHook(I, sp, SIZE[inst.type], ACCESS_WRITE));
        body.push(storeStmt(inst.type, `a${I}`, v));
        return;
      }
      case "atomic":
      case "cmpxchg": {
        const sp = spaceCode(inst.space);
        const ptr = this.use(inst.ptr);
        const t = inst.type;
        const v = inst.kind === "atomic" ? this.use(inst.value) : this.use(inst.desired);
        const e = inst.kind === "cmpxchg" ? this.use(inst.expected) : "";
        if (!this.allowedSpace(sp)) {
          body.push(this.wrongSpace(I, inst.space));
          this.def(inst, isBig(t) ? "0n" : "0");
          return;
        }
        body.push(this.addr(I, ptr, sp, SIZE[t]));
        body.push(this.raceHook(I, sp, SIZE[t], ACCESS_ATOMIC));
        body.push(`const q${I} = ${loadExpr(t, `a${I}`)};`);
        if (inst.kind === "atomic") body.push(storeStmt(t, `a${I}`, atomicNewExpr(inst.op, t, `q${I}`, v)));
        else body.push(`if (q${I} === ${e}) { ${storeStmt(t, `a${I}`, v)} }`);
        this.def(inst, `q${I}`);
        return;
      }
      default:
        return assertNever(inst);
    }
  }

  /** The block's terminator: block arguments, the next segment or the divergence. */
  private terminator(inst: BrInst | CondBrInst | RetInst | UnreachableInst, id: InstId): void {
    const { cx, body } = this;
    const { env } = cx;
    const vals = cx.f.values;
    const I = id as number;
    switch (inst.kind) {
      case "br":
        body.push(this.blockParamWrites(inst.target, inst.args.map((a) => (this.use(a), a))));
        this.tail = `return ${cx.sg.blockSeg[inst.target]};`;
        this.end = endInfo("br", inst, id, this.s.block);
        return;
      case "cond_br": {
        const c = this.use(inst.cond);
        inst.thenArgs.forEach((a) => this.use(a));
        inst.elseArgs.forEach((a) => this.use(a));
        const T = cx.sg.blockSeg[inst.then]!;
        const E = cx.sg.blockSeg[inst.else]!;
        const ip = env.ipdom[this.s.block]!;
        const info = endInfo("cond_br", inst, id, this.s.block);
        info.thenSeg = T;
        info.elseSeg = E;
        info.reconv = ip >= 0 ? cx.sg.blockSeg[ip]! : EXIT;
        this.end = info;
        if (this.W === 1) {
          body.push(`if (${c}) { ${this.blockParamWrites(inst.then, inst.thenArgs)} return ${T}; } else { ${this.blockParamWrites(inst.else, inst.elseArgs)} return ${E}; }`);
        } else {
          this.flags.nx = true;
          body.push(`if (${c}) { nt++; NX[l] = 0; ${this.blockParamWrites(inst.then, inst.thenArgs)} } else { ne++; NX[l] = 1; ${this.blockParamWrites(inst.else, inst.elseArgs)} }`);
          this.tail = `if (ne === 0) return ${T}; if (nt === 0) return ${E}; return ${DIVERGE};`;
        }
        return;
      }
      case "ret":
        if (inst.value !== NO_VALUE) {
          const v = this.use(inst.value);
          body.push(isBig(vals[inst.value]!.type) ? `fr.RB[l] = ${v};` : `fr.RF[l] = ${v};`);
        }
        this.tail = `return ${RET};`;
        this.end = endInfo("ret", inst, id, this.s.block);
        return;
      case "unreachable":
        body.push(fault(I, "unreachable", "reached 'unreachable'"));
        this.tail = `return ${RET};`;
        this.end = endInfo("unreachable", inst, id, this.s.block);
        return;
      default:
        return assertNever(inst);
    }
  }

  /** A query's value: the thread's and team's from the prelude, the device's constants. */
  private query(q: OmpQuery): string {
    switch (q) {
      case "thread_num": this.flags.query = true; return "(LV1 ? HW0 + l : 0)";
      case "num_threads": this.flags.query = true; return "(LV1 ? TS : 1)";
      case "team_num": this.flags.query = true; return "TM";
      case "num_teams": this.flags.query = true; return "NTM";
      case "hw_thread_id": this.flags.query = true; return "(HW0 + l)";
      case "hw_num_threads": this.flags.query = true; return "TS";
      case "device_num": return "w.dev";
      case "num_devices":
      case "initial_device": return "w.ndev";
      case "is_initial_device":
        return String(this.device ? QUERIES[q].deviceValue : QUERIES[q].hostValue);
      default: return assertNever(q);
    }
  }
}
