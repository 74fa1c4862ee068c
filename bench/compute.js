// Compute kernels on ompir vs the same computation written by hand in plain JavaScript, in
// one process: wall time, simulated lane-instructions per second, and the ratio
// ompir / JS, at problem sizes where the JavaScript takes at least 50 ms, so that fixed
// costs do not decide the ratio. One-time costs are columns of their own: the first run
// (cold: the kernels' JavaScript generated, evaluated and warmed up by V8), and generating
// and evaluating it alone; the ratio is the best of 3 runs after it, as for the JavaScript,
// which is warmed up once first. Imports the built library from ../dist (npm run build).
// Run standalone: node bench/compute.js [kernel name prefix ...]
// `--alone`: the kernel loop alone against the JavaScript loop on warm arrays (runAlone), where
// the whole programs above also pay for page faults and map copies.
import { performance } from "node:perf_hooks";
import { parseModule } from "../dist/ir/parse.js";
import { clearCompiledSources, compileFunction } from "../dist/runtime/compile.js";
import { DEFAULT_COST_MODEL } from "../dist/runtime/cost.js";
import { execute, reconvergenceBlocks } from "../dist/runtime/execute.js";
import { makeHelpers } from "../dist/runtime/simt.js";

const TEAMS = 64;
const THREADS = 256;

// Grid-stride loop prologue: %g = first index of this thread, %s = stride.
const GRID = `
  %tm = omp.team_num
  %nt = omp.hw_num_threads
  %tid = omp.hw_thread_id
  %ntm = omp.num_teams
  %gb = mul i32 %tm, %nt
  %g = add i32 %gb, %tid
  %s = mul i32 %ntm, %nt`;

function program(kernels, mainBody) {
  return `${kernels}
host @main() -> i32 {
^entry:
${mainBody}
  ret 0
}
`;
}

const launch = (call, maps) => `  omp.target ${call} teams(${TEAMS}) threads(${THREADS}) ${maps}`;

// --- saxpy ---------------------------------------------------------------------------
const SAXPY_N = 1 << 24;
const saxpy = {
  name: "saxpy",
  src: program(`
kernel @init(%x: ptr, %y: ptr, %n: i32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep f32, %x, %i
  %py = gep f32, %y, %i
  %f = sitofp i32 %i to f32
  %h = fmul f32 %f, 0.5
  store f32 %h, global %px
  store f32 1.0, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}
kernel @saxpy(%x: ptr, %y: ptr, %n: i32, %a: f32) spmd {
^entry:${GRID}
  br ^loop(%g)
^loop(%i: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %px = gep f32, %x, %i
  %py = gep f32, %y, %i
  %vx = load f32, global %px
  %vy = load f32, global %py
  %m = fmul f32 %a, %vx
  %r = fadd f32 %m, %vy
  store f32 %r, global %py
  %i2 = add i32 %i, %s
  br ^loop(%i2)
^done:
  ret
}`, `  %x = alloca f32, ${SAXPY_N}
  %y = alloca f32, ${SAXPY_N}
  omp.target_enter_data map(alloc: f32 %x[0:${SAXPY_N}])
${launch(`@init(%x, %y, ${SAXPY_N})`, `map(from: f32 %y[0:${SAXPY_N}])`)}
${launch(`@saxpy(%x, %y, ${SAXPY_N}, 2.0)`, `map(tofrom: f32 %y[0:${SAXPY_N}])`)}
  %p = gep f32, %y, 12345
  %v = load f32, host %p
  print "%f", %v`),
  js() {
    const n = SAXPY_N;
    const x = new Float32Array(n);
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      x[i] = Math.fround(i * 0.5);
      y[i] = 1;
    }
    for (let i = 0; i < n; i++) y[i] = Math.fround(Math.fround(2 * x[i]) + y[i]);
    return y[12345].toFixed(6);
  },
  alone: {
    setup: `  %x = alloca f32, ${SAXPY_N}
  %y = alloca f32, ${SAXPY_N}
  omp.target_enter_data map(alloc: f32 %x[0:${SAXPY_N}])
  omp.target_enter_data map(alloc: f32 %y[0:${SAXPY_N}])
  omp.target @init(%x, %y, ${SAXPY_N}) teams(${TEAMS}) threads(${THREADS})`,
    launch: `@saxpy(%x, %y, ${SAXPY_N}, 2.0)`,
    check: `  omp.target_exit_data map(from: f32 %y[0:${SAXPY_N}])
  %p = gep f32, %y, 12345
  %v = load f32, host %p
  print "%f", %v`,
    jsSetup() {
      const n = SAXPY_N;
      const x = new Float32Array(n);
      const y = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        x[i] = Math.fround(i * 0.5);
        y[i] = 1;
      }
      return { x, y };
    },
    jsLoop({ x, y }) {
      const n = SAXPY_N;
      for (let i = 0; i < n; i++) y[i] = Math.fround(Math.fround(2 * x[i]) + y[i]);
    },
    jsValue: ({ y }) => y[12345].toFixed(6),
  },
};

// --- reduction with atomics ---------------------------------------------------------
const RED_N = 1 << 27;
const reduction = {
  name: "atomic reduction",
  src: program(`
global @sum : global i32
kernel @red(%n: i32) spmd {
^entry:${GRID}
  br ^loop(%g, 0)
^loop(%i: i32, %acc: i32):
  %c = icmp slt i32 %i, %n
  cond_br %c, ^body, ^done
^body:
  %v = srem i32 %i, 7
  %acc2 = add i32 %acc, %v
  %i2 = add i32 %i, %s
  br ^loop(%i2, %acc2)
^done:
  %o = atomic add i32, global @sum, %acc
  ret
}
kernel @get(%out: ptr) spmd {
^entry:
  %v = load i32, global @sum
  store i32 %v, global %out
  ret
}`, `  %out = alloca i32
${launch(`@red(${RED_N})`, "")}
  omp.target @get(%out) teams(1) threads(1) map(from: i32 %out[0:1])
  %v = load i32, host %out
  print "%d", %v`),
  js() {
    let sum = 0;
    for (let i = 0; i < RED_N; i++) sum = (sum + (i % 7)) | 0;
    return String(sum);
  },
  alone: {
    setup: "  %out = alloca i32",
    launch: `@red(${RED_N})`,
    check: `  omp.target @get(%out) teams(1) threads(1) map(from: i32 %out[0:1])
  %v = load i32, host %out
  print "%d", %v`,
    jsSetup: () => ({ sum: 0 }),
    jsLoop(st) {
      let sum = st.sum;
      for (let i = 0; i < RED_N; i++) sum = (sum + (i % 7)) | 0;
      st.sum = sum;
    },
    jsValue: ({ sum }) => String(sum),
  },
};

// --- 2-D stencil ----------------------------------------------------------------------
const ST_N = 3072;
const stencil = {
  name: "2-D stencil",
  src: program(`
kernel @init(%a: ptr, %n: i32) spmd {
^entry:${GRID}
  %nn = mul i32 %n, %n
  br ^loop(%g)
^loop(%k: i32):
  %c = icmp slt i32 %k, %nn
  cond_br %c, ^body, ^done
^body:
  %p = gep f32, %a, %k
  %r = srem i32 %k, 13
  %f = sitofp i32 %r to f32
  store f32 %f, global %p
  %k2 = add i32 %k, %s
  br ^loop(%k2)
^done:
  ret
}
kernel @jacobi(%in: ptr, %out: ptr, %n: i32) spmd {
^entry:${GRID}
  %nn = mul i32 %n, %n
  %n1 = sub i32 %n, 1
  br ^loop(%g)
^loop(%k: i32):
  %c = icmp slt i32 %k, %nn
  cond_br %c, ^body, ^done
^body:
  %i = sdiv i32 %k, %n
  %j = srem i32 %k, %n
  %b1 = icmp sgt i32 %i, 0
  %b2 = icmp slt i32 %i, %n1
  %b3 = icmp sgt i32 %j, 0
  %b4 = icmp slt i32 %j, %n1
  %b12 = and i1 %b1, %b2
  %b34 = and i1 %b3, %b4
  %in_ = and i1 %b12, %b34
  cond_br %in_, ^inner, ^next
^inner:
  %ku = sub i32 %k, %n
  %kd = add i32 %k, %n
  %kl = sub i32 %k, 1
  %kr = add i32 %k, 1
  %pu = gep f32, %in, %ku
  %pd = gep f32, %in, %kd
  %pl = gep f32, %in, %kl
  %pr = gep f32, %in, %kr
  %u = load f32, global %pu
  %d = load f32, global %pd
  %l = load f32, global %pl
  %r = load f32, global %pr
  %s1 = fadd f32 %u, %d
  %s2 = fadd f32 %l, %r
  %s3 = fadd f32 %s1, %s2
  %v = fmul f32 %s3, 0.25
  %po = gep f32, %out, %k
  store f32 %v, global %po
  br ^next
^next:
  %k2 = add i32 %k, %s
  br ^loop(%k2)
^done:
  ret
}`, `  %a = alloca f32, ${ST_N * ST_N}
  %o = alloca f32, ${ST_N * ST_N}
  omp.target_enter_data map(alloc: f32 %a[0:${ST_N * ST_N}])
${launch(`@init(%a, ${ST_N})`, "")}
${launch(`@jacobi(%a, %o, ${ST_N})`, `map(from: f32 %o[0:${ST_N * ST_N}])`)}
  %p = gep f32, %o, ${ST_N * 100 + 77}
  %v = load f32, host %p
  print "%f", %v`),
  js() {
    const n = ST_N;
    const a = new Float32Array(n * n);
    const o = new Float32Array(n * n);
    for (let k = 0; k < n * n; k++) a[k] = k % 13;
    for (let i = 1; i < n - 1; i++) {
      for (let j = 1; j < n - 1; j++) {
        const k = i * n + j;
        o[k] = Math.fround(Math.fround(Math.fround(a[k - n] + a[k + n]) + Math.fround(a[k - 1] + a[k + 1])) * 0.25);
      }
    }
    return o[n * 100 + 77].toFixed(6);
  },
  alone: {
    setup: `  %a = alloca f32, ${ST_N * ST_N}
  %o = alloca f32, ${ST_N * ST_N}
  omp.target_enter_data map(alloc: f32 %a[0:${ST_N * ST_N}])
  omp.target_enter_data map(alloc: f32 %o[0:${ST_N * ST_N}])
  omp.target @init(%a, ${ST_N}) teams(${TEAMS}) threads(${THREADS})`,
    launch: `@jacobi(%a, %o, ${ST_N})`,
    check: `  omp.target_exit_data map(from: f32 %o[0:${ST_N * ST_N}])
  %p = gep f32, %o, ${ST_N * 100 + 77}
  %v = load f32, host %p
  print "%f", %v`,
    jsSetup() {
      const n = ST_N;
      const a = new Float32Array(n * n);
      const o = new Float32Array(n * n);
      for (let k = 0; k < n * n; k++) a[k] = k % 13;
      return { a, o };
    },
    jsLoop({ a, o }) {
      const n = ST_N;
      for (let i = 1; i < n - 1; i++) {
        for (let j = 1; j < n - 1; j++) {
          const k = i * n + j;
          o[k] = Math.fround(Math.fround(Math.fround(a[k - n] + a[k + n]) + Math.fround(a[k - 1] + a[k + 1])) * 0.25);
        }
      }
    },
    jsValue: ({ o }) => o[ST_N * 100 + 77].toFixed(6),
  },
};

// --- dense matrix multiply ------------------------------------------------------------
const MM_N = 256;
const matmul = {
  name: "matmul",
  src: program(`
kernel @init(%a: ptr, %b: ptr, %n: i32) spmd {
^entry:${GRID}
  %nn = mul i32 %n, %n
  br ^loop(%g)
^loop(%k: i32):
  %c = icmp slt i32 %k, %nn
  cond_br %c, ^body, ^done
^body:
  %pa = gep f32, %a, %k
  %pb = gep f32, %b, %k
  %ra = srem i32 %k, 5
  %rb = srem i32 %k, 3
  %fa = sitofp i32 %ra to f32
  %fb = sitofp i32 %rb to f32
  store f32 %fa, global %pa
  store f32 %fb, global %pb
  %k2 = add i32 %k, %s
  br ^loop(%k2)
^done:
  ret
}
kernel @mm(%a: ptr, %b: ptr, %c: ptr, %n: i32) spmd {
^entry:${GRID}
  %nn = mul i32 %n, %n
  br ^loop(%g)
^loop(%k: i32):
  %cc = icmp slt i32 %k, %nn
  cond_br %cc, ^row, ^done
^row:
  %i = sdiv i32 %k, %n
  %j = srem i32 %k, %n
  %ri = mul i32 %i, %n
  br ^dot(0, 0.0)
^dot(%q: i32, %acc: f32):
  %dc = icmp slt i32 %q, %n
  cond_br %dc, ^step, ^store
^step:
  %ia = add i32 %ri, %q
  %qn = mul i32 %q, %n
  %ib = add i32 %qn, %j
  %pa = gep f32, %a, %ia
  %pb = gep f32, %b, %ib
  %va = load f32, global %pa
  %vb = load f32, global %pb
  %m = fmul f32 %va, %vb
  %acc2 = fadd f32 %acc, %m
  %q2 = add i32 %q, 1
  br ^dot(%q2, %acc2)
^store:
  %pc = gep f32, %c, %k
  store f32 %acc, global %pc
  %k2 = add i32 %k, %s
  br ^loop(%k2)
^done:
  ret
}`, `  %a = alloca f32, ${MM_N * MM_N}
  %b = alloca f32, ${MM_N * MM_N}
  %c = alloca f32, ${MM_N * MM_N}
  omp.target_enter_data map(alloc: f32 %a[0:${MM_N * MM_N}])
  omp.target_enter_data map(alloc: f32 %b[0:${MM_N * MM_N}])
${launch(`@init(%a, %b, ${MM_N})`, "")}
${launch(`@mm(%a, %b, %c, ${MM_N})`, `map(from: f32 %c[0:${MM_N * MM_N}])`)}
  %p = gep f32, %c, ${MM_N * 50 + 33}
  %v = load f32, host %p
  print "%f", %v`),
  js() {
    const n = MM_N;
    const a = new Float32Array(n * n);
    const b = new Float32Array(n * n);
    const c = new Float32Array(n * n);
    for (let k = 0; k < n * n; k++) {
      a[k] = k % 5;
      b[k] = k % 3;
    }
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let q = 0; q < n; q++) acc = Math.fround(acc + Math.fround(a[i * n + q] * b[q * n + j]));
        c[i * n + j] = acc;
      }
    }
    return c[n * 50 + 33].toFixed(6);
  },
  alone: {
    setup: `  %a = alloca f32, ${MM_N * MM_N}
  %b = alloca f32, ${MM_N * MM_N}
  %c = alloca f32, ${MM_N * MM_N}
  omp.target_enter_data map(alloc: f32 %a[0:${MM_N * MM_N}])
  omp.target_enter_data map(alloc: f32 %b[0:${MM_N * MM_N}])
  omp.target_enter_data map(alloc: f32 %c[0:${MM_N * MM_N}])
  omp.target @init(%a, %b, ${MM_N}) teams(${TEAMS}) threads(${THREADS})`,
    launch: `@mm(%a, %b, %c, ${MM_N})`,
    check: `  omp.target_exit_data map(from: f32 %c[0:${MM_N * MM_N}])
  %p = gep f32, %c, ${MM_N * 50 + 33}
  %v = load f32, host %p
  print "%f", %v`,
    jsSetup() {
      const n = MM_N;
      const a = new Float32Array(n * n);
      const b = new Float32Array(n * n);
      const c = new Float32Array(n * n);
      for (let k = 0; k < n * n; k++) {
        a[k] = k % 5;
        b[k] = k % 3;
      }
      return { a, b, c };
    },
    jsLoop({ a, b, c }) {
      const n = MM_N;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          let acc = 0;
          for (let q = 0; q < n; q++) acc = Math.fround(acc + Math.fround(a[i * n + q] * b[q * n + j]));
          c[i * n + j] = acc;
        }
      }
    },
    jsValue: ({ c }) => c[MM_N * 50 + 33].toFixed(6),
  },
};

// --- divergent Mandelbrot -------------------------------------------------------------
const MB_W = 768;
const MB_H = 768;
const MB_IT = 200;
const mandelbrot = {
  name: "mandelbrot",
  src: program(`
kernel @mb(%out: ptr, %w: i32, %h: i32, %maxit: i32) spmd {
^entry:${GRID}
  %nn = mul i32 %w, %h
  br ^loop(%g)
^loop(%k: i32):
  %c = icmp slt i32 %k, %nn
  cond_br %c, ^px, ^done
^px:
  %y = sdiv i32 %k, %w
  %x = srem i32 %k, %w
  %fx = sitofp i32 %x to f64
  %fy = sitofp i32 %y to f64
  %cx0 = fmul f64 %fx, ${(3 / MB_W).toFixed(17)}
  %cx = fsub f64 %cx0, 2.0
  %cy0 = fmul f64 %fy, ${(2.4 / MB_H).toFixed(17)}
  %cy = fsub f64 %cy0, 1.2
  br ^it(0, 0.0, 0.0)
^it(%n: i32, %zr: f64, %zi: f64):
  %zr2 = fmul f64 %zr, %zr
  %zi2 = fmul f64 %zi, %zi
  %mag = fadd f64 %zr2, %zi2
  %esc = fcmp ogt f64 %mag, 4.0
  %lim = icmp sge i32 %n, %maxit
  %stop = or i1 %esc, %lim
  cond_br %stop, ^wr, ^step
^step:
  %t = fsub f64 %zr2, %zi2
  %nzr = fadd f64 %t, %cx
  %zz = fmul f64 %zr, %zi
  %zz2 = fmul f64 %zz, 2.0
  %nzi = fadd f64 %zz2, %cy
  %n2 = add i32 %n, 1
  br ^it(%n2, %nzr, %nzi)
^wr:
  %po = gep i32, %out, %k
  store i32 %n, global %po
  %k2 = add i32 %k, %s
  br ^loop(%k2)
^done:
  ret
}`, `  %o = alloca i32, ${MB_W * MB_H}
${launch(`@mb(%o, ${MB_W}, ${MB_H}, ${MB_IT})`, `map(from: i32 %o[0:${MB_W * MB_H}])`)}
  %p = gep i32, %o, ${MB_W * 128 + 100}
  %v = load i32, host %p
  print "%d", %v`),
  js() {
    const w = MB_W;
    const h = MB_H;
    const out = new Int32Array(w * h);
    const sx = Number((3 / MB_W).toFixed(17));
    const sy = Number((2.4 / MB_H).toFixed(17));
    for (let k = 0; k < w * h; k++) {
      const cx = (k % w) * sx - 2;
      const cy = ((k / w) | 0) * sy - 1.2;
      let n = 0;
      let zr = 0;
      let zi = 0;
      for (;;) {
        const zr2 = zr * zr;
        const zi2 = zi * zi;
        if (zr2 + zi2 > 4 || n >= MB_IT) break;
        const nzr = zr2 - zi2 + cx;
        zi = zr * zi * 2 + cy;
        zr = nzr;
        n++;
      }
      out[k] = n;
    }
    return String(out[w * 128 + 100]);
  },
  alone: {
    setup: `  %o = alloca i32, ${MB_W * MB_H}
  omp.target_enter_data map(alloc: i32 %o[0:${MB_W * MB_H}])`,
    launch: `@mb(%o, ${MB_W}, ${MB_H}, ${MB_IT})`,
    check: `  omp.target_exit_data map(from: i32 %o[0:${MB_W * MB_H}])
  %p = gep i32, %o, ${MB_W * 128 + 100}
  %v = load i32, host %p
  print "%d", %v`,
    jsSetup: () => ({ out: new Int32Array(MB_W * MB_H) }),
    jsLoop({ out }) {
      const w = MB_W;
      const h = MB_H;
      const sx = Number((3 / MB_W).toFixed(17));
      const sy = Number((2.4 / MB_H).toFixed(17));
      for (let k = 0; k < w * h; k++) {
        const cx = (k % w) * sx - 2;
        const cy = ((k / w) | 0) * sy - 1.2;
        let n = 0;
        let zr = 0;
        let zi = 0;
        for (;;) {
          const zr2 = zr * zr;
          const zi2 = zi * zi;
          if (zr2 + zi2 > 4 || n >= MB_IT) break;
          const nzr = zr2 - zi2 + cx;
          zi = zr * zi * 2 + cy;
          zr = nzr;
          n++;
        }
        out[k] = n;
      }
    },
    jsValue: ({ out }) => String(out[MB_W * 128 + 100]),
  },
};

/** Best of `reps` runs (the machine may be shared; the minimum is the least disturbed), in
 *  wall time and in this process's CPU time. */
function time(fn, reps = 3) {
  let best = Infinity;
  let cpu = Infinity;
  let r;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    r = fn();
    best = Math.min(best, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  return { ms: best, cpu, r };
}

/** The one-time cost of a program's kernels: parsing, generating and evaluating the
 *  JavaScript of every function with a body, as execute does on first use (device functions
 *  at warp size 32), each time cold. */
function compileCost(src, name) {
  return time(() => {
    clearCompiledSources();
    const m = parseModule(src, `${name}.oir`);
    for (const f of m.functions) {
      if (f.layout.length === 0) continue;
      compileFunction(f, {
        module: m, W: f.kind === "host" ? 1 : 32, device: f.kind !== "host", costs: DEFAULT_COST_MODEL,
        globalPtr: m.globals.map(() => 0), localIndex: m.globals.map(() => -1), funcPtr: m.functions.map(() => 0),
        ipdom: reconvergenceBlocks(f), helpers: makeHelpers(),
      });
    }
  }).ms;
}

export const BENCHES = [saxpy, reduction, stencil, matmul, mandelbrot];

/** `names`: run only the kernels whose name starts with one of them (all when empty). */
export async function run(names = []) {
  const rows = [];
  for (const b of BENCHES) {
    if (names.length && !names.some((n) => b.name.startsWith(n))) continue;
    const m = parseModule(b.src, `${b.name}.oir`);
    b.js(); // warm up the baseline
    const js = time(() => b.js());
    clearCompiledSources();
    const first = time(() => execute(m, { maxSteps: 1e12 }), 1);
    const om = time(() => execute(m, { maxSteps: 1e12 }));
    const res = om.r;
    if (res.fault) throw new Error(`${b.name}: ${res.fault.message}`);
    const ok = res.stdout === js.r;
    const lanes = res.stats.totals.activeLanes;
    rows.push([
      b.name, om.ms.toFixed(1), js.ms.toFixed(1), (om.ms / js.ms).toFixed(1) + "x", (om.cpu / js.cpu).toFixed(1) + "x",
      first.ms.toFixed(1), compileCost(b.src, b.name).toFixed(1), ((lanes / om.ms) * 1000 / 1e6).toFixed(1), String(res.stats.totals.cycles), ok ? "yes" : `NO (${res.stdout} vs ${js.r})`,
    ]);
  }
  const head = ["kernel", "ompir ms", "JS ms", "ompir/JS", "(CPU time)", "first run ms", "compile ms", "M lane-insts/s", "sim cycles", "same result"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [`compute kernels (${TEAMS} teams x ${THREADS} threads, warp 32; best of 3 after a first, cold run; compile ms: generating and evaluating the kernels' code alone)`,
    line(head), ...rows.map(line)].join("\n");
}

/** The program of kernel `b` that sets its data up once (present on the device), launches
 *  the kernel `R` times and prints one value. */
export function aloneProgram(b, R) {
  const launches = Array.from({ length: R }, () => `  omp.target ${b.alone.launch} teams(${TEAMS}) threads(${THREADS})`).join("\n");
  return b.src.replace(/host @main[\s\S]*$/, `host @main() -> i32 {\n^entry:\n${b.alone.setup}\n${launches}\n${b.alone.check}\n  ret 0\n}\n`);
}

/** The kernel loop alone: per launch, the CPU time of a program launching the kernel
 *  1 + K times on present data less that of one launching it once, over K (best of `runs`
 *  interleaved runs of each, after a warm-up of each), against the JavaScript loop alone on
 *  arrays set up and warmed up before (K passes a timing, best of 7, after 2 passes); the one-time cost of
 *  generating and evaluating the kernels' code, cold, apart. */
export async function runAlone(names = [], { K = 5, runs = 3 } = {}) {
  const rows = [];
  for (const b of BENCHES) {
    if (names.length && !names.some((n) => b.name.startsWith(n))) continue;
    const one = parseModule(aloneProgram(b, 1), `${b.name}-1.oir`);
    const many = parseModule(aloneProgram(b, 1 + K), `${b.name}-${1 + K}.oir`);
    const st = b.alone.jsSetup();
    b.alone.jsLoop(st);
    const jsOnce = b.alone.jsValue(st);
    b.alone.jsLoop(st);
    // K passes a timing, as the K launches: at least 50 ms for every kernel here.
    const js = time(() => {
      for (let i = 0; i < K; i++) b.alone.jsLoop(st);
    }, 7);
    js.cpu /= K;
    const exec = (m) => {
      const r = execute(m, { maxSteps: 1e12 });
      if (r.fault) throw new Error(`${b.name}: ${r.fault.message}`);
      return r;
    };
    const r1 = exec(one);
    const rk = exec(many);
    let c1 = Infinity;
    let ck = Infinity;
    for (let i = 0; i < runs; i++) {
      c1 = Math.min(c1, time(() => exec(one), 1).cpu);
      ck = Math.min(ck, time(() => exec(many), 1).cpu);
    }
    const per = (ck - c1) / K;
    const cycles = (rk.stats.totals.cycles - r1.stats.totals.cycles) / K;
    rows.push([
      b.name, per.toFixed(1), js.cpu.toFixed(1), (per / js.cpu).toFixed(2) + "x", compileCost(aloneProgram(b, 1), b.name).toFixed(1),
      String(cycles), r1.stdout === jsOnce ? "yes" : `NO (${r1.stdout} vs ${jsOnce})`,
    ]);
  }
  const head = ["kernel", "ompir ms/launch", "JS ms", "ompir/JS", "compile ms", "sim cycles/launch", "same result"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [`kernel loops alone (${TEAMS} teams x ${THREADS} threads, warp 32; CPU time per launch on present data: ` +
    `${1 + K} launches less 1, over ${K}, best of ${runs}; JS: the loop alone on warm arrays, ${K} passes a timing, best of 7; compile ms: the kernels' code, cold)`,
    line(head), ...rows.map(line)].join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const alone = args.includes("--alone");
  const names = args.filter((a) => !a.startsWith("--"));
  console.log(alone ? await runAlone(names) : await run(names));
}
