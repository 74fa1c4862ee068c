// One bad module per verifier rule, as text: each must give exactly the listed errors,
// with the exact message and line:col (the instruction's first token: its `%result` if it
// has one, else its opcode; a block's label; a function's keyword; a map's `map`).
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
  // ---- block integrity
  {
    name: "block without a terminator",
    source: `host @f() {
^entry:
  %x = add i32 1, 2
}`,
    errors: ["3:3: block ^entry does not end in a terminator"],
  },
  {
    name: "terminator in the middle of a block",
    source: `host @f() {
^entry:
  br ^next
  ret
^next:
  ret
}`,
    errors: ["3:3: br must be the last instruction of block ^entry"],
  },
  {
    name: "empty block",
    source: `host @f() {
^entry:
  br ^next
^next:
}`,
    errors: ["4:1: block ^next is empty; it must end in a terminator"],
  },
  {
    name: "entry block with parameters",
    source: `host @f() {
^entry(%a: i32):
  ret
}`,
    errors: ["2:1: entry block ^entry must not have parameters"],
  },
  {
    name: "entry block as a branch target",
    source: `host @f() {
^entry:
  br ^entry
}`,
    errors: ["3:3: the entry block ^entry cannot be a branch target"],
  },
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
    name: "branch argument type",
    source: `host @f(%a: i64) {
^entry:
  br ^next(%a)
^next(%x: i32):
  ret
}`,
    errors: ["3:3: argument 1 of the branch to ^next has type i64, but %x is i32"],
  },
  {
    name: "cond_br condition type",
    source: `host @f(%a: i32) {
^entry:
  cond_br %a, ^x, ^y
^x:
  ret
^y:
  ret
}`,
    errors: ["3:3: cond_br: condition %a has type i32, expected i1"],
  },
  // ---- SSA and dominance
  {
    name: "use before definition in a block",
    source: `host @f() -> i32 {
^entry:
  %y = add i32 %x, 1
  %x = add i32 1, 2
  ret %y
}`,
    errors: ["3:3: use of %x is not dominated by its definition at 4:3"],
  },
  {
    name: "use in a block its definition does not dominate",
    source: `host @f(%c: i1) -> i32 {
^entry:
  cond_br %c, ^a, ^b
^a:
  %x = add i32 1, 2
  br ^b
^b:
  ret %x
}`,
    errors: ["8:3: use of %x is not dominated by its definition at 5:3"],
  },
  {
    name: "block parameter used outside the blocks it dominates",
    source: `host @f(%c: i1) -> i32 {
^entry:
  cond_br %c, ^a(1), ^b
^a(%p: i32):
  br ^b
^b:
  ret %p
}`,
    errors: ["7:3: use of %p is not dominated by its definition (a parameter of ^a)"],
  },
  {
    name: "uses in unreachable blocks are fine",
    source: `host @f() -> i32 {
^entry:
  ret 0
^dead:
  %y = add i32 %x, 1
  %x = add i32 %y, 1
  ret %x
}`,
    errors: [],
  },
  // ---- types
  {
    name: "integer op on a float type",
    source: `host @f(%a: f32) {
^entry:
  %r = add f32 %a, %a
  ret
}`,
    errors: ["3:3: add requires an integer type, not f32"],
  },
  {
    name: "float op on an integer type",
    source: `host @f(%a: i32) {
^entry:
  %r = fmul i32 %a, %a
  ret
}`,
    errors: ["3:3: fmul requires a float type, not i32"],
  },
  {
    name: "binary operand type",
    source: `host @f(%a: i64) {
^entry:
  %r = shl i32 %a, 1
  ret
}`,
    errors: ["3:3: shl: operand %a has type i64, expected i32"],
  },
  {
    name: "icmp ordering on pointers",
    source: `host @f(%p: ptr) {
^entry:
  %c = icmp slt ptr %p, %p
  ret
}`,
    errors: ["3:3: icmp slt on ptr: pointers compare only with eq or ne"],
  },
  {
    name: "icmp on floats",
    source: `host @f(%a: f64) {
^entry:
  %c = icmp eq f64 %a, %a
  ret
}`,
    errors: ["3:3: icmp requires an integer or ptr type, not f64"],
  },
  {
    name: "fcmp on integers",
    source: `host @f(%a: i32) {
^entry:
  %c = fcmp olt i32 %a, %a
  ret
}`,
    errors: ["3:3: fcmp requires a float type, not i32"],
  },
  {
    name: "select condition",
    source: `host @f(%c: i32, %a: f32) {
^entry:
  %r = select f32 %c, %a, %a
  ret
}`,
    errors: ["3:3: select: condition %c has type i32, expected i1"],
  },
  {
    name: "trunc to a wider type",
    source: `host @f(%a: i32) {
^entry:
  %r = trunc i32 %a to i64
  ret
}`,
    errors: ["3:3: trunc from i32 to i64 is not a legal cast: trunc needs a narrower integer result"],
  },
  {
    name: "sext to a narrower type",
    source: `host @f(%a: i64) {
^entry:
  %r = sext i64 %a to i8
  ret
}`,
    errors: ["3:3: sext from i64 to i8 is not a legal cast: sext needs a wider integer result"],
  },
  {
    name: "fpext the wrong way",
    source: `host @f(%a: f64) {
^entry:
  %r = fpext f64 %a to f32
  ret
}`,
    errors: ["3:3: fpext from f64 to f32 is not a legal cast: fpext converts f32 to f64"],
  },
  {
    name: "sitofp from a float",
    source: `host @f(%a: f32) {
^entry:
  %r = sitofp f32 %a to f64
  ret
}`,
    errors: ["3:3: sitofp from f32 to f64 is not a legal cast: sitofp converts an integer to a float"],
  },
  {
    name: "cast operand type",
    source: `host @f(%a: i8) {
^entry:
  %r = zext i32 %a to i64
  ret
}`,
    errors: ["3:3: zext: operand %a has type i8, expected i32"],
  },
  {
    name: "alloca count type",
    source: `host @f(%n: i1) {
^entry:
  %p = alloca i32, %n
  ret
}`,
    errors: ["3:3: alloca: count %n has type i1, expected i32 or i64"],
  },
  {
    name: "gep index type",
    source: `host @f(%p: ptr, %i: f32) {
^entry:
  %q = gep i32, %p, %i
  ret
}`,
    errors: ["3:3: gep: index %i has type f32, expected i32 or i64"],
  },
  {
    name: "gep base type",
    source: `host @f(%p: i64) {
^entry:
  %q = gep i32, %p, 1
  ret
}`,
    errors: ["3:3: gep: base %p has type i64, expected ptr"],
  },
  {
    name: "load from a non-pointer",
    source: `host @f(%p: i32) {
^entry:
  %v = load i32, host %p
  ret
}`,
    errors: ["3:3: load: address %p has type i32, expected ptr"],
  },
  {
    name: "store value type",
    source: `host @f(%p: ptr, %v: f64) {
^entry:
  store f32 %v, host %p
  ret
}`,
    errors: ["3:3: store: value %v has type f64, expected f32"],
  },
  {
    name: "atomic fadd on an integer",
    source: `kernel @k(%p: ptr) spmd {
^entry:
  %o = atomic fadd i32, global %p, 1
  ret
}`,
    errors: ["3:3: atomic fadd on i32 is not allowed (expected f32 or f64)"],
  },
  {
    name: "atomic add on a float",
    source: `kernel @k(%p: ptr) spmd {
^entry:
  %o = atomic add f32, global %p, 1.0
  ret
}`,
    errors: ["3:3: atomic add on f32 is not allowed (expected i8, i32 or i64)"],
  },
  {
    name: "atomic xchg on i1",
    source: `kernel @k(%p: ptr) spmd {
^entry:
  %o = atomic xchg i1, global %p, true
  ret
}`,
    errors: ["3:3: atomic xchg on i1 is not allowed (expected any type but i1)"],
  },
  {
    name: "cmpxchg on a float",
    source: `kernel @k(%p: ptr) spmd {
^entry:
  %o = cmpxchg f32, global %p, 1.0, 2.0
  ret
}`,
    errors: ["3:3: cmpxchg on f32 is not allowed (expected i8, i32, i64 or ptr)"],
  },
  {
    name: "ret with a value in a void function",
    source: `host @f(%a: i32) {
^entry:
  ret %a
}`,
    errors: ["3:3: @f returns void, but ret has a value"],
  },
  {
    name: "ret without a value",
    source: `host @f() -> i32 {
^entry:
  ret
}`,
    errors: ["3:3: @f returns i32, but ret has no value"],
  },
  {
    name: "ret value type",
    source: `host @f(%a: i64) -> i32 {
^entry:
  ret %a
}`,
    errors: ["3:3: ret: value %a has type i64, expected i32"],
  },
  {
    name: "print argument type",
    source: `host @f(%x: f64) {
^entry:
  print "x=%d\\n", %x
  ret
}`,
    errors: ["3:3: print: argument 1 for %d has type f64, expected an integer"],
  },
  {
    name: "print argument count",
    source: `host @f(%x: i32) {
^entry:
  print "%d %d\\n", %x
  ret
}`,
    errors: ["3:3: print: the format expects 2 arguments, got 1"],
  },
  {
    name: "print unknown specifier",
    source: `host @f(%x: i32) {
^entry:
  print "%s\\n", %x
  ret
}`,
    errors: ['3:3: print: unknown format specifier "%s"'],
  },
  {
    name: "map clause length type",
    source: `host @f(%a: ptr, %n: f32) {
^entry:
  omp.target_enter_data map(to: f32 %a[0:%n])
  ret
}`,
    errors: ["3:25: map: length %n has type f32, expected i32 or i64"],
  },
  {
    name: "map kind not allowed on enter data",
    source: `host @f(%a: ptr) {
^entry:
  omp.target_enter_data map(from: f32 %a[0:4])
  ret
}`,
    errors: ["3:25: map kind from is not allowed on omp.target_enter_data (allowed: to, alloc)"],
  },
  // ---- calls
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
    name: "call argument type",
    source: `device @f(%a: i64) {
^entry:
  call @dfn(%a)
  ret
}`,
    errors: ["3:3: argument 1 of call to @dfn has type i64, but @dfn expects i32"],
  },
  {
    name: "call_indirect callee type",
    source: `host @f(%fp: i64) {
^entry:
  call_indirect %fp() : () -> void
  ret
}`,
    errors: ["3:3: call_indirect: callee %fp has type i64, expected ptr"],
  },
  {
    name: "host calls device",
    source: `host @f(%a: i32) {
^entry:
  call @dfn(%a)
  ret
}`,
    errors: ["3:3: host function @f cannot call device function @dfn"],
  },
  {
    name: "device calls host",
    source: `device @f(%a: i32) {
^entry:
  call @hfn(%a)
  ret
}`,
    errors: ["3:3: device function @f cannot call host function @hfn"],
  },
  {
    name: "direct call of a kernel",
    source: `device @f(%a: i32) {
^entry:
  call @kern(%a)
  ret
}`,
    errors: ["3:3: kernel @kern cannot be called directly; launch it with omp.target"],
  },
  // ---- OpenMP rules
  {
    name: "omp.parallel in host code",
    source: `host @f(%a: i32) {
^entry:
  omp.parallel @region(%a)
  ret
}`,
    errors: ["3:3: omp.parallel is only allowed in device code (kernels and device functions); @f is a host function"],
  },
  {
    name: "omp.barrier in host code",
    source: `host @f() {
^entry:
  omp.barrier
  ret
}`,
    errors: ["3:3: omp.barrier is only allowed in device code (kernels and device functions); @f is a host function"],
  },
  {
    name: "thread query in host code",
    source: `host @f() {
^entry:
  %t = omp.thread_num
  ret
}`,
    errors: ["3:3: omp.thread_num is only allowed in device code (kernels and device functions); @f is a host function"],
  },
  {
    name: "omp.alloc_shared in host code",
    source: `host @f() {
^entry:
  %p = omp.alloc_shared 16
  ret
}`,
    errors: ["3:3: omp.alloc_shared is only allowed in device code (kernels and device functions); @f is a host function"],
  },
  {
    name: "omp.target in device code",
    source: `device @f(%a: i32) {
^entry:
  omp.target @kern(%a)
  ret
}`,
    errors: ["3:3: omp.target is only allowed in host code; @f is a device function"],
  },
  {
    name: "omp.taskwait in a kernel",
    source: `kernel @f() generic {
^entry:
  omp.taskwait
  ret
}`,
    errors: ["3:3: omp.taskwait is only allowed in host code; @f is a kernel"],
  },
  {
    name: "exit in device code",
    source: `device @f() {
^entry:
  exit 1
  ret
}`,
    errors: ["3:3: exit is only allowed in host code; @f is a device function"],
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
    name: "parallel region returning a value",
    source: `kernel @k() generic {
^entry:
  omp.parallel @iregion()
  ret
}`,
    errors: ["3:3: parallel region @iregion must return void, not i32"],
  },
  {
    name: "parallel region arguments",
    source: `kernel @k(%a: i64) generic {
^entry:
  omp.parallel @region(%a)
  ret
}`,
    errors: ["3:3: argument 1 of omp.parallel @region has type i64, but @region expects i32"],
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
  {
    name: "reverse offload from host code",
    source: `host @f(%a: i32) {
^entry:
  omp.reverse_offload @hfn(%a)
  ret
}`,
    errors: ["3:3: omp.reverse_offload is only allowed in device code (kernels and device functions); @f is a host function"],
  },
  {
    name: "device code addressing host memory",
    source: `kernel @k(%p: ptr) spmd {
^entry:
  %v = load i32, host %p
  ret
}`,
    errors: ["3:3: device code cannot access host memory (load with space host in kernel @k)"],
  },
  {
    name: "host code using shared memory",
    source: `host @f(%p: ptr) {
^entry:
  store i32 1, shared %p
  ret
}`,
    errors: ["3:3: host code cannot use the shared space (store in host function @f)"],
  },
  {
    name: "OpenMP in a host function reached by reverse offload",
    source: `host @cb(%a: i32) {
^entry:
  call @helper(%a)
  ret
}
host @helper(%a: i32) {
^entry:
  omp.taskwait
  ret
}
kernel @k(%a: i32) generic {
^entry:
  omp.reverse_offload @cb(%a)
  ret
}`,
    errors: ["8:3: omp.taskwait is not allowed in host code run by reverse offload: @helper runs on the host by reverse offload of @cb from @k at 13:3"],
  },
  {
    name: "a reverse offload reaching another reverse offload",
    source: `host @cb(%a: i32) {
^entry:
  omp.reverse_offload @hfn(%a)
  ret
}
kernel @k(%a: i32) generic {
^entry:
  omp.reverse_offload @cb(%a)
  ret
}`,
    errors: ["3:3: a reverse offload cannot reach another reverse offload: @cb runs on the host by reverse offload of @cb from @k at 8:3"],
  },
  {
    name: "every error of a module, sorted by position",
    source: `host @f(%a: f32) -> i32 {
^entry:
  %t = omp.thread_num
  %r = add f32 %a, %a
  ret
}`,
    errors: [
      "3:3: omp.thread_num is only allowed in device code (kernels and device functions); @f is a host function",
      "4:3: add requires an integer type, not f32",
      "5:3: @f returns i32, but ret has no value",
    ],
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

  test("at least 40 rules are covered", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
  });
});
