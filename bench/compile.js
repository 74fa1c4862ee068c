// Compile-time benchmark (issue 4, point 7): parse + `-O` + print on generated modules of
// about 10k, 100k and 1M instructions, in instructions per second. Time should grow
// linearly with size, so the rate stays roughly flat across the rows; the last column
// compares each row's time per instruction with the smallest module's.
// Imports the built library from ../dist (npm run build). Run standalone: node bench/compile.js
import { performance } from "node:perf_hooks";
import { parseModule } from "../dist/ir/parse.js";
import { printModule } from "../dist/ir/printer.js";
import { runPipeline } from "../dist/passes/pipeline.js";

const SIZES = (process.env.COMPILE_SIZES ?? "10000,100000,1000000").split(",").map(Number);
const CHAIN = 24; // arithmetic instructions per loop body

/**
 * One unit: a small helper to inline, and a function with a per-thread accumulator
 * (mem2reg), a loop, a call, constants to fold and a dead chain to remove. About 70
 * instructions before optimization.
 */
function unit(i) {
  const body = [];
  let prev = "%w";
  for (let k = 0; k < CHAIN; k++) {
    const op = ["add", "mul", "xor", "sub"][k % 4];
    body.push(`  %c${k} = ${op} i32 ${prev}, ${k + 1}`);
    prev = `%c${k}`;
  }
  const dead = Array.from({ length: 8 }, (_, k) => `  %d${k} = add i32 ${k === 0 ? "%i" : `%d${k - 1}`}, ${k}`);
  return `device @h${i}(%x: i32) -> i32 {
^entry:
  %a = add i32 %x, 3
  %b = mul i32 %a, 2
  ret %b
}

device @f${i}(%p: ptr, %n: i32) -> i32 {
^entry:
  %s = alloca i32
  store i32 0, local %s
  br ^loop(0)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^exit
^body:
  %v = load i32, local %s
  %h = call @h${i}(%i)
  %k = add i32 2, 3
  %w0 = add i32 %v, %h
  %w = add i32 %w0, %k
${body.join("\n")}
${dead.join("\n")}
  store i32 ${prev}, local %s
  %i2 = add i32 %i, 1
  br ^loop(%i2)
^exit:
  %r = load i32, local %s
  %q = gep i32, %p, %n
  store i32 %r, global %q
  ret %r
}
`;
}

function countInsts(m) {
  let n = 0;
  for (const f of m.functions) for (const b of f.layout) n += f.blocks[b].insts.length;
  return n;
}

function generate(target) {
  const perUnit = countInsts(parseModule(unit(0), "unit.oir"));
  const units = Math.max(1, Math.round(target / perUnit));
  const parts = [];
  for (let i = 0; i < units; i++) parts.push(unit(i));
  return parts.join("\n");
}

function measure(target) {
  const text = generate(target);
  const t0 = performance.now();
  const m = parseModule(text, `gen-${target}.oir`);
  const t1 = performance.now();
  const insts = countInsts(m);
  runPipeline(m, "-O", { verifyEach: false });
  const t2 = performance.now();
  const out = printModule(m);
  const t3 = performance.now();
  return { insts, after: countInsts(m), parse: t1 - t0, opt: t2 - t1, print: t3 - t2, total: t3 - t0, bytes: out.length };
}

export async function run() {
  const rows = [];
  for (const size of SIZES) rows.push(measure(size));
  const perInst = rows.map((r) => r.total / r.insts);
  const lines = [
    "compile: parse + -O (inline,simplify,mem2reg,spmdize,barrier-elim,simplify; no verify-each) + print",
    "  instructions  after -O   parse ms     -O ms  print ms  total ms   instr/s   time/instr vs smallest",
  ];
  rows.forEach((r, i) => {
    const rate = Math.round(r.insts / (r.total / 1000));
    lines.push(
      `  ${String(r.insts).padStart(12)} ${String(r.after).padStart(9)} ${r.parse.toFixed(0).padStart(10)} ${r.opt.toFixed(0).padStart(9)} ${r.print.toFixed(0).padStart(9)} ${r.total.toFixed(0).padStart(9)} ${String(rate).padStart(9)}   ${(perInst[i] / perInst[0]).toFixed(2)}x`,
    );
  });
  lines.push("  (linear growth: the last column stays near 1x; 10k is noisy from JIT warm-up)");
  return lines.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write((await run()) + "\n");
}
