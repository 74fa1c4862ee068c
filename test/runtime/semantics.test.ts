import { describe, expect, test } from "@jest/globals";
import { run, withMain } from "./util.js";

const range = (n: number, f: (i: number) => number): string => Array.from({ length: n }, (_, i) => f(i)).join(" ") + " \n";

describe("thread queries", () => {
  test("generic: outside a region thread_num 0 / num_threads 1; inside, the team", () => {
    const src = withMain(`
device @body(%a: ptr) {
^entry:
  %t = omp.thread_num
  %n = omp.num_threads
  %v = mul i32 %t, 100
  %w = add i32 %v, %n
  %p = gep i32, %a, %t
  store i32 %w, global %p
  ret
}
kernel @k(%a: ptr) generic {
^entry:
  %t = omp.thread_num
  %n = omp.num_threads
  %h = omp.hw_num_threads
  print "seq %d %d hw %d\\n", %t, %n, %h
  omp.parallel @body(%a)
  ret
}`, 8, "teams(1) threads(8)");
    const r = run(src);
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe("seq 0 1 hw 8\n" + range(8, (i) => i * 100 + 8));
  });

  test("spmd: every thread runs the body; thread_num 0 outside regions; hw ids differ", () => {
    const src = withMain(`
device @body(%a: ptr) {
^entry:
  %t = omp.thread_num
  %p = gep i32, %a, %t
  %o = load i32, global %p
  %n = omp.num_threads
  %v = add i32 %o, %n
  store i32 %v, global %p
  ret
}
kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.thread_num
  %h = omp.hw_thread_id
  %p = gep i32, %a, %h
  %v = mul i32 %t, 1000
  %w = add i32 %v, %h
  store i32 %w, global %p
  omp.barrier
  omp.parallel @body(%a)
  ret
}`, 6, "teams(1) threads(6)");
    const r = run(src);
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe(range(6, (i) => i + 6));
  });

  test("nested parallel regions run with one thread", () => {
    const src = withMain(`
device @inner(%a: ptr, %o: i32) {
^entry:
  %t = omp.thread_num
  %n = omp.num_threads
  %v = mul i32 %t, 10
  %w = add i32 %v, %n
  %p = gep i32, %a, %o
  store i32 %w, global %p
  ret
}
device @outer(%a: ptr) {
^entry:
  %t = omp.thread_num
  omp.parallel @inner(%a, %t)
  ret
}
kernel @k(%a: ptr) generic {
^entry:
  omp.parallel @outer(%a)
  ret
}`, 4, "teams(1) threads(4)");
    expect(run(src).stdout).toBe(range(4, () => 1));
  });

  test("team_num / num_teams and defaults from options", () => {
    const src = withMain(`
kernel @k(%a: ptr) spmd {
^entry:
  %h = omp.hw_thread_id
  %c = icmp eq i32 %h, 0
  cond_br %c, ^w, ^x
^w:
  %tm = omp.team_num
  %nt = omp.num_teams
  %hn = omp.hw_num_threads
  %p = gep i32, %a, %tm
  %v = mul i32 %nt, 100
  %v2 = add i32 %v, %hn
  store i32 %v2, global %p
  br ^x
^x:
  ret
}`, 3, "");
    expect(run(src, { teams: 3, threads: 40 }).stdout).toBe(range(3, () => 340));
  });
});

describe("parallel regions", () => {
  test("arguments reach every thread (generic, several warps), one dispatch per region", () => {
    const src = withMain(`
device @body(%a: ptr, %x: i32, %y: i64, %z: f64) {
^entry:
  %t = omp.thread_num
  %y32 = trunc i64 %y to i32
  %z32 = fptosi f64 %z to i32
  %s = add i32 %x, %y32
  %s2 = add i32 %s, %z32
  %s3 = add i32 %s2, %t
  %p = gep i32, %a, %t
  store i32 %s3, global %p
  ret
}
kernel @k(%a: ptr) generic {
^entry:
  omp.parallel @body(%a, 1000, 20000, 300.5)
  omp.parallel @body(%a, 1000, 20000, 300.5)
  ret
}`, 70, "teams(1) threads(70)");
    const r = run(src, { warpSize: 32 });
    expect(r.stdout).toBe(range(70, (i) => 21300 + i));
    const k = r.stats.kernels[0]!;
    expect(k.dispatches).toBe(2);
    expect(k.parallelRegions).toBe(2);
    expect(k.barriers).toBe(2);
    expect(k.sharedBytes).toBeGreaterThanOrEqual(32);
  });

  test("barrier orders writes before reads across warps", () => {
    const src = withMain(`
global @buf : shared i32 x 64
kernel @k(%a: ptr) spmd {
^entry:
  %h = omp.hw_thread_id
  %p = gep i32, @buf, %h
  %v = mul i32 %h, 3
  store i32 %v, shared %p
  omp.barrier
  %j = sub i32 63, %h
  %q = gep i32, @buf, %j
  %w = load i32, shared %q
  %o = gep i32, %a, %h
  store i32 %w, global %o
  ret
}`, 64, "teams(1) threads(64)");
    const r = run(src, { warpSize: 8 });
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe(range(64, (i) => (63 - i) * 3));
    expect(r.stats.kernels[0]!.barriers).toBe(1);
  });
});

describe("SIMT", () => {
  const diverge = withMain(`
kernel @k(%a: ptr) spmd {
^entry:
  %h = omp.hw_thread_id
  %r = srem i32 %h, 3
  %c = icmp eq i32 %r, 0
  cond_br %c, ^then, ^else
^then:
  %x = mul i32 %h, 2
  br ^join(%x)
^else:
  br ^loop(0, 0)
^loop(%i: i32, %s: i32):
  %d = icmp slt i32 %i, %h
  cond_br %d, ^lb, ^le
^lb:
  %s2 = add i32 %s, %i
  %i2 = add i32 %i, 1
  br ^loop(%i2, %s2)
^le:
  br ^join(%s)
^join(%v: i32):
  %p = gep i32, %a, %h
  store i32 %v, global %p
  ret
}`, 32, "teams(1) threads(32)");

  test("divergent branches and loops compute per-lane results and reconverge", () => {
    const r = run(diverge);
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe(range(32, (h) => (h % 3 === 0 ? 2 * h : (h * (h - 1)) / 2)));
  });

  test("lane utilisation drops under divergence; results do not depend on warp size", () => {
    const full = run(diverge, { warpSize: 32 }).stats.kernels[0]!;
    expect(full.utilisation).toBeLessThan(0.8);
    expect(full.utilisation).toBeGreaterThan(0);
    for (const w of [1, 4, 7, 64]) expect(run(diverge, { warpSize: w }).stdout).toBe(run(diverge).stdout);
    const uni = run(withMain(`
kernel @k(%a: ptr) spmd {
^entry:
  %h = omp.hw_thread_id
  %p = gep i32, %a, %h
  store i32 %h, global %p
  ret
}`, 32, "teams(1) threads(32)")).stats.kernels[0]!;
    expect(uni.utilisation).toBe(1);
  });

  test("calls, recursion and divergent returns", () => {
    const r = run(withMain(`
device @fib(%n: i32) -> i32 {
^entry:
  %c = icmp slt i32 %n, 2
  cond_br %c, ^base, ^rec
^base:
  ret %n
^rec:
  %a = sub i32 %n, 1
  %b = sub i32 %n, 2
  %x = call @fib(%a)
  %y = call @fib(%b)
  %s = add i32 %x, %y
  ret %s
}
kernel @k(%a: ptr) spmd {
^entry:
  %h = omp.hw_thread_id
  %f = call @fib(%h)
  %p = gep i32, %a, %h
  store i32 %f, global %p
  ret
}`, 12, "teams(1) threads(12)"));
    expect(r.stdout).toBe("0 1 1 2 3 5 8 13 21 34 55 89 \n");
  });

  test("divergent indirect calls run each callee for its lanes", () => {
    const r = run(withMain(`
device @f1(%x: i32) -> i32 {
^entry:
  %y = add i32 %x, 100
  ret %y
}
device @f2(%x: i32) -> i32 {
^entry:
  %y = mul i32 %x, -1
  ret %y
}
kernel @k(%a: ptr) spmd {
^entry:
  %h = omp.hw_thread_id
  %r = and i32 %h, 1
  %c = icmp eq i32 %r, 0
  %fp = select ptr %c, @f1, @f2
  %v = call_indirect %fp(%h) : (i32) -> i32
  %p = gep i32, %a, %h
  store i32 %v, global %p
  ret
}`, 6, "teams(1) threads(6)"));
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe("100 -1 102 -3 104 -5 \n");
  });
});

describe("atomics and integers", () => {
  test("atomic add from every thread of every team; cmpxchg", () => {
    const r = run(`
global @sum : global i32
global @flag : global i32
kernel @k() spmd {
^entry:
  %h = omp.hw_thread_id
  %o = atomic add i32, global @sum, %h
  %x = cmpxchg i32, global @flag, 0, 7
  ret
}
kernel @rd(%out: ptr) spmd {
^entry:
  %s = load i32, global @sum
  %f = load i32, global @flag
  store i32 %s, global %out
  %q = gep i32, %out, 1
  store i32 %f, global %q
  ret
}
host @main() -> i32 {
^entry:
  %o = alloca i32, 2
  omp.target @k() teams(3) threads(50)
  omp.target @rd(%o) teams(1) threads(1) map(from: i32 %o[0:2])
  %s = load i32, host %o
  %q = gep i32, %o, 1
  %f = load i32, host %q
  print "%d %d\\n", %s, %f
  ret 0
}`);
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe(`${3 * ((49 * 50) / 2)} 7\n`);
  });

  test("i64 wraps at 64 bits; i32 and i8 wrap at their widths; unsigned ops", () => {
    const r = run(`
host @main() -> i32 {
^entry:
  %a = add i64 9223372036854775807, 1
  %b = mul i64 4294967296, 4294967296
  %c = udiv i64 -1, 2
  %d = lshr i64 -1, 60
  %e = add i32 2147483647, 1
  %f = add i8 127, 1
  %g = udiv i32 -1, 2
  %h = sdiv i32 -7, 2
  %i = srem i32 -7, 2
  %j = sext i32 -5 to i64
  %k = zext i32 -5 to i64
  %l = trunc i64 4294967297 to i32
  %m = ashr i64 -16, 2
  print "%ld %ld %ld %ld %d %d %u %d %d %ld %ld %d %ld\\n", %a, %b, %c, %d, %e, %f, %g, %h, %i, %j, %k, %l, %m
  ret 0
}`);
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe("-9223372036854775808 0 9223372036854775807 15 -2147483648 -128 2147483647 -3 -1 -5 4294967291 1 -4\n");
  });

  test("floats, f32 rounding and printf conversions", () => {
    const r = run(`
host @main() -> i32 {
^entry:
  %a = fadd f32 0.1, 0.2
  %b = fpext f32 %a to f64
  %c = fdiv f64 1.0, 3.0
  %z = fdiv f64 1.0, 0.0
  print "%f %g %e %x %c %% %g %g %u\\n", %b, %c, %c, 255, 65, %z, 100000000.0, -1
  ret 0
}`);
    expect(r.stdout).toBe("0.300000 0.333333 3.333333e-01 ff A % inf 1e+08 4294967295\n");
  });
});

describe("maps and the present table", () => {
  test("to / from / tofrom / alloc copy per kind", () => {
    const r = run(`
kernel @k(%a: ptr, %b: ptr, %c: ptr, %d: ptr) spmd {
^entry:
  %x = load i32, global %a
  %y = add i32 %x, 1
  store i32 %y, global %a
  store i32 %y, global %b
  %z = load i32, global %c
  %z2 = add i32 %z, 10
  store i32 %z2, global %c
  store i32 99, global %d
  %w = load i32, global %d
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32
  %b = alloca i32
  %c = alloca i32
  %d = alloca i32
  store i32 5, host %a
  store i32 6, host %b
  store i32 7, host %c
  store i32 8, host %d
  omp.target @k(%a, %b, %c, %d) teams(1) threads(1) map(to: i32 %a[0:1]) map(from: i32 %b[0:1]) map(tofrom: i32 %c[0:1]) map(alloc: i32 %d[0:1])
  %va = load i32, host %a
  %vb = load i32, host %b
  %vc = load i32, host %c
  %vd = load i32, host %d
  print "%d %d %d %d\\n", %va, %vb, %vc, %vd
  ret 0
}`);
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe("5 6 17 8\n");
  });

  test("enter/exit data: present sections are not copied again (unless always); refcounts", () => {
    const r = run(`
kernel @inc(%a: ptr) spmd {
^entry:
  %x = load i32, global %a
  %y = add i32 %x, 1
  store i32 %y, global %a
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 4
  store i32 10, host %a
  omp.target_enter_data map(to: i32 %a[0:4])
  store i32 50, host %a
  omp.target @inc(%a) teams(1) threads(1) map(tofrom: i32 %a[0:4])
  %v1 = load i32, host %a
  omp.target @inc(%a) teams(1) threads(1) map(always, tofrom: i32 %a[0:1])
  %v2 = load i32, host %a
  omp.target_exit_data map(from: i32 %a[0:4])
  %v3 = load i32, host %a
  print "%d %d %d\\n", %v1, %v2, %v3
  ret 0
}`);
    expect(r.fault).toBeNull();
    // 1st launch: present (count 2), no copy either way; 2nd: always copies 50 in, 51 out; exit: 52 back.
    expect(r.stdout).toBe("50 51 51\n");
  });

  test("a pointer argument inside a section is translated; partial overlap is a fault", () => {
    const r = run(`
kernel @k(%p: ptr) spmd {
^entry:
  store i32 3, global %p
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 8
  %q = gep i32, %a, 5
  omp.target @k(%q) teams(1) threads(1) map(tofrom: i32 %a[0:8])
  %v = load i32, host %q
  print "%d\\n", %v
  omp.target_enter_data map(to: i32 %a[0:4])
  omp.target @k(%a) teams(1) threads(1) map(tofrom: i32 %a[2:4])
  ret 0
}`);
    expect(r.stdout).toBe("3\n");
    expect(r.fault?.kind).toBe("map");
    expect(r.fault?.message).toMatch(/partially overlaps/);
    expect(r.exitCode).toBe(1);
  });
});

describe("nowait and taskwait", () => {
  test("nowait kernels are in flight together; taskwait joins them", () => {
    const src = `
kernel @k(%a: ptr, %v: i32) spmd {
^entry:
  br ^loop(0)
^loop(%i: i32):
  %c = icmp slt i32 %i, 5000
  cond_br %c, ^b, ^d
^b:
  %i2 = add i32 %i, 1
  br ^loop(%i2)
^d:
  store i32 %v, global %a
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32
  %b = alloca i32
  omp.target @k(%a, 1) teams(1) threads(1) map(tofrom: i32 %a[0:1]) nowait
  omp.target @k(%b, 2) teams(1) threads(1) map(tofrom: i32 %b[0:1]) nowait
  %x = load i32, host %a
  print "before %d\\n", %x
  omp.taskwait
  %y = load i32, host %a
  %z = load i32, host %b
  print "after %d %d\\n", %y, %z
  ret 0
}`;
    const r = run(src);
    expect(r.fault).toBeNull();
    expect(r.stdout).toBe("before 0\nafter 1 2\n");
    const [k0, k1] = r.stats.kernels;
    expect(k0!.nowait && k1!.nowait).toBe(true);
    // The second kernel starts before the first ends: both in flight at once.
    expect(k1!.startCycle).toBeLessThan(k0!.endCycle);
  });
});

describe("output order and determinism", () => {
  const src = withMain(`
device @body(%a: ptr) {
^entry:
  %t = omp.thread_num
  %r = and i32 %t, 1
  %c = icmp eq i32 %r, 0
  cond_br %c, ^e, ^o
^e:
  print "even %d\\n", %t
  br ^x
^o:
  print "odd %d\\n", %t
  br ^x
^x:
  ret
}
kernel @k(%a: ptr) generic {
^entry:
  print "start\\n"
  omp.parallel @body(%a)
  print "end\\n"
  ret
}`, 1, "teams(1) threads(6)");

  test("device prints are ordered by simulated time, then thread", () => {
    const r = run(src);
    expect(r.stdout).toBe("start\neven 0\neven 2\neven 4\nodd 1\nodd 3\nodd 5\nend\n0 \n");
  });

  test("two runs give identical output, stats, trace and memory", () => {
    const a = run(src, { trace: true });
    const b = run(src, { trace: true });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  test("exit ends the program with its code, output kept", () => {
    const r = run(`
host @main() -> i32 {
^entry:
  print "x\\n"
  exit 3
  ret 0
}`);
    expect(r.exitCode).toBe(3);
    expect(r.stdout).toBe("x\n");
    expect(r.fault).toBeNull();
  });
});
