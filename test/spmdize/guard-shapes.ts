// Guarded regions on the CFG shapes that once broke them (back edges into guarded
// code, guarded results used in loops), as a class rather than one
// program each (the regression files are under test/filetests/regress/): random structured
// generic kernels with loops whose header holds side effects before or after a parallel
// region, if/else after a parallel region going back to a loop header, nested loops, early
// returns, loops without exits ended by a trap, and a helper clone (@h.spmd) whose guarded
// atomic result is broadcast, called in loops. Each program runs as written and after
// spmdize under every guard scheme, with the race detector (src/tools/differential.ts); the
// internal SESE checks of guard.ts run on every region built.
//
// Before the fix (growRegion accepting back edges into a region, regions built in an order
// that lost another region's exit, no second barrier for a helper called in a loop) 8 of
// seeds 1-100 failed (26 seed/scheme pairs): wrong output and counters, deadlocks, races on
// guarded stores; seeds 2 and 19 alone (the helper's broadcast slot, races) with only the
// second-barrier part reverted.
//
// The pipeline stops after spmdize (plus the usual inline/simplify/mem2reg before it):
// barrier-elim's treatment of prints and traps is tested elsewhere. When both runs end in the
// same trap their output is not compared: a generic kernel's prints before a trap are lost
// by the runtime today, while the SPMD kernel's are kept.
//
// Two tiers: test/spmdize/guard-shapes.test.ts (`npm test`, seeds 1-25) and
// test/long/guard-shapes.test.ts (`npm run test:long`, CI: seeds 1-100).

import { expect, test } from "@jest/globals";
import { differential } from "../../src/tools/differential.js";
import { Rng } from "../../src/tools/rng.js";

const SCHEMES = ["auto", "branch", "mask", "naive"] as const;
const PIPELINE = "inline,simplify,mem2reg,spmdize";

const HELPERS = [
  // Broadcast, then maybe a parallel region: the slot needs a second barrier when called in a loop.
  ["^entry:", "  %p = gep i32, %c, 14", "  %o = atomic add i32, global %p, 1", "  %big = icmp sgt i32 %o, 1000",
    "  cond_br %big, ^par, ^out", "^par:", "  omp.parallel @body(%c)", "  br ^out", "^out:", "  ret %o"],
  // A region that ends at the function's return.
  ["^entry:", "  omp.parallel @body(%c)", "  %p = gep i32, %c, 14", "  %o = atomic add i32, global %p, 1", "  ret %o"],
  ["^entry:", "  %p = gep i32, %c, 14", "  %o = atomic add i32, global %p, 1", "  print \"h %d\\n\", %o",
    "  omp.parallel @body(%c)", "  %q = load i32, global %p", "  ret %q"],
];

/** A random program; `exitless`: the kernel is an endless loop that a trap ends. */
export function guardShapeProgram(seed: number): { text: string; exitless: boolean } {
  const r = new Rng(seed * 7919 + 13);
  const exitless = r.chance(0.2);
  const blocks: { head: string; insts: string[] }[] = [];
  let cur: { head: string; insts: string[] } | null = null;
  let nb = 0;
  let nv = 0;
  let label = 0;
  let budget = 14;
  const scope: string[] = []; // loop counters in scope
  const open = (name: string, params = "") => {
    cur = { head: `^${name}${params}:`, insts: [] };
    blocks.push(cur);
  };
  const emit = (s: string) => cur!.insts.push("  " + s);
  const close = (t: string) => {
    emit(t);
    cur = null;
  };
  const val = () => `%v${nv++}`;
  const blk = (p: string) => `${p}${nb++}`;
  const someVar = () => (scope.length ? r.pick(scope) : "0");
  const slot = (lo: number, n: number) => `%c${lo + r.int(0, n - 1)}`;

  /** One straight-line statement; returns a value later code may branch on. */
  const simple = (): string | null => {
    const v = val();
    switch (r.int(0, 7)) {
      case 0: emit(`${v} = atomic add i32, global ${slot(0, 4)}, 1`); emit(`print "L${label++} a=%d\\n", ${v}`); return v;
      case 1: emit(`store i32 ${someVar()}, global ${slot(4, 4)}`); return null;
      case 2: emit(`print "L${label++} i=%d\\n", ${someVar()}`); return null;
      case 3: emit("omp.parallel @body(%c)"); return null;
      case 4: emit(`${v} = call @h(%c)`); emit(`print "L${label++} h=%d\\n", ${v}`); return v;
      case 5: emit(`${v} = load i32, global ${slot(0, 8)}`); emit(`store i32 ${v}, global ${slot(8, 4)}`); return v;
      case 6: emit(`${v} = call @h(%c)`); return v; // nothing guarded between two calls in a loop
      default: emit(`${v} = atomic add i32, global ${slot(0, 4)}, 1`); return v;
    }
  };
  const cond = (hint: string | null): string => {
    const a = val();
    const c = val();
    emit(`${a} = and i32 ${hint ?? someVar()}, ${r.int(1, 3)}`);
    emit(`${c} = icmp eq i32 ${a}, 0`);
    return c;
  };
  const stmts = (depth: number): void => {
    let n = r.int(1, 3);
    let last: string | null = null;
    while (n-- > 0 && budget-- > 0) {
      const k = depth > 2 ? 0 : r.int(0, 9);
      if (k <= 4) {
        last = simple();
      } else if (k <= 6) {
        const c = cond(r.chance(0.5) ? last : null);
        const [t, e, j] = [blk("t"), blk("e"), blk("j")];
        close(`cond_br ${c}, ^${t}, ^${e}`);
        open(t); stmts(depth + 1); close(`br ^${j}`);
        open(e); if (r.chance(0.7)) stmts(depth + 1); close(`br ^${j}`);
        open(j);
        last = null;
      } else if (k <= 8) {
        // A loop whose header holds statements (side effects, a parallel region) before its test.
        const [h, b, x] = [blk("h"), blk("b"), blk("x")];
        const i = val();
        close(`br ^${h}(0)`);
        open(h, `(${i}: i32)`);
        scope.push(i);
        if (r.chance(0.7)) simple();
        if (r.chance(0.4)) simple();
        const c = val();
        emit(`${c} = icmp slt i32 ${i}, ${r.int(1, 3)}`);
        close(`cond_br ${c}, ^${b}, ^${x}`);
        open(b);
        if (r.chance(0.25)) emit(`${val()} = call @h(%c)`); // item 4: nothing but the call in the loop
        else stmts(depth + 1);
        const i1 = val();
        emit(`${i1} = add i32 ${i}, 1`);
        close(`br ^${h}(${i1})`);
        scope.pop();
        open(x);
        last = null;
      } else if (!exitless) {
        const c = cond(last);
        const [ret, k2] = [blk("r"), blk("k")];
        close(`cond_br ${c}, ^${ret}, ^${k2}`);
        open(ret);
        if (r.chance(0.5)) emit(`print "L${label++} ret\\n"`);
        close("ret");
        open(k2);
        last = null;
      }
    }
  };

  open("entry");
  for (let j = 0; j < 16; j++) emit(`%c${j} = gep i32, %c, ${j}`);
  if (exitless) {
    const [top, trap, go] = [blk("top"), blk("trap"), blk("go")];
    close(`br ^${top}`);
    open(top);
    emit("%ticks = atomic add i32, global %c15, 1");
    emit(`%stop = icmp eq i32 %ticks, ${r.int(2, 4)}`);
    close(`cond_br %stop, ^${trap}, ^${go}`);
    open(trap); emit('trap "stop"'); close(`br ^${go}`);
    open(go); stmts(0); close(`br ^${top}`);
  } else {
    stmts(0);
    if (r.chance(0.5)) emit("omp.parallel @body(%c)");
    close("ret");
  }
  const idx = [...Array(16).keys()];
  const text = [
    "device @body(%c: ptr) {", "^entry:", "  %t = omp.thread_num", "  %p = gep i32, %c, 13",
    "  %o = atomic add i32, global %p, %t", "  ret", "}", "",
    "device @h(%c: ptr) -> i32 noinline {", ...(r.chance(0.5) ? HELPERS[0]! : r.pick(HELPERS)), "}", "",
    "kernel @k(%c: ptr) generic {", ...blocks.flatMap((b) => [b.head, ...b.insts]), "}", "",
    "host @main() -> i32 {", "^entry:", "  %a = alloca i32, 16",
    "  omp.target @k(%a) teams(1) threads(64) map(tofrom: i32 %a[0:16])",
    ...idx.flatMap((j) => [`  %q${j} = gep i32, %a, ${j}`, `  %l${j} = load i32, host %q${j}`]),
    `  print "${idx.map(() => "%d").join(" ")}\\n", ${idx.map((j) => `%l${j}`).join(", ")}`,
    "  ret 0", "}", "",
  ].join("\n");
  return { text, exitless };
}

/** Seeds 1..seeds under every guard scheme; `check` sees how many runs converted a kernel
 *  and how many programs have no exit (not vacuous). */
export function testGuardShapes(seeds: number, check: (converted: number, exitless: number) => void): void {
  test(`guarded regions: ${seeds} random kernels with loops, parallel regions and helper calls, every guard scheme`, () => {
    const failures: string[] = [];
    let converted = 0;
    let exitless = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const p = guardShapeProgram(seed);
      if (p.exitless) exitless++;
      for (const scheme of SCHEMES) {
        const d = differential(p.text, `guard-shape-${seed}.oir`, {
          pipeline: PIPELINE, passOptions: { "guard-scheme": scheme }, allowFault: true, run: { maxSteps: 2_000_000 },
        });
        if (d.converted > 0) converted++;
        if (d.mismatch !== null && d.mismatch.kind === "stdout" && d.original?.fault?.kind === "trap") continue;
        if (d.mismatch !== null) failures.push(`seed ${seed} scheme ${scheme}: ${d.mismatch.kind}: ${d.mismatch.message}`);
      }
    }
    expect(failures).toEqual([]);
    check(converted, exitless);
  }, 300_000);
}

export const GUARD_SCHEMES = SCHEMES;
