// Sample modules shared by the parser, printer and bad-input tests.

/** A module with every top-level form, instruction kind, literal kind and attribute. */
export const ALL_CONSTRUCTS = `; every construct of the language
global @hits : global i32
global @table : global f32 x 4 = [1.0, 2.5, -0.0]
global @flags : shared i1 x 2 = [true]
global @ptrs : host ptr = null
global @bytes : global i8 x 3 = [0xff, -128, 127]

declare host @log(ptr, i32) -> i32 readonly nosync assume("omp_no_openmp") cost(120)
declare device @ext(f64) -> f64 readnone
declare device @opaque()

device @region(%a: ptr, %n: i32) argmemonly {
^entry:
  %t = omp.thread_num
  %nt = omp.num_threads
  %tm = omp.team_num
  %ntm = omp.num_teams
  %hw = omp.hw_thread_id
  %hwn = omp.hw_num_threads
  %ws = omp.warp_size
  %sh = omp.shuffle_down i32 %t, %ws
  %c = icmp slt i32 %t, %n
  cond_br %c, ^body(%t), ^done
^body(%i: i32):
  %p = gep f32, %a, %i
  %v = load f32, global %p
  %w = fadd f32 %v, 0.5
  %x = fmul f32 %w, inf
  %y = fmin f32 %x, -inf
  %z = fmax f32 %y, nan
  store f32 %z, global %p
  %old = atomic add i32, global @hits, 1
  %o2 = cmpxchg i32, global @hits, %old, 7
  atomic fadd f32, global %p, 1.25
  omp.barrier
  %s = omp.alloc_shared 64
  omp.free_shared %s, 64
  omp.reverse_offload @log(%a, %n) map(tofrom: f32 %a[0:%n]) map(always, to: i32 %s[0:1])
  br ^done
^done:
  ret
}

kernel @k(%a: ptr, %n: i32) spmd {
^entry:
  omp.parallel @region(%a, %n)
  %d = call @ext(2.0)
  call @opaque()
  ret
}

kernel @k2(%a: ptr) generic noinline assume("ompx_spmd_amenable") assume("omp_no_parallelism") {
^entry:
  ret
}

host @helper(%x: i64, %f: f64) -> i64 {
^entry:
  %a = add i64 %x, -3
  %b = sub i64 %a, 0x10
  %c = mul i64 %b, 2
  %d = sdiv i64 %c, 3
  %e = udiv i64 %d, 3
  %f2 = srem i64 %e, 5
  %g = urem i64 %f2, 5
  %h = and i64 %g, 255
  %i = or i64 %h, 1
  %j = xor i64 %i, -1
  %k = shl i64 %j, 2
  %l = lshr i64 %k, 1
  %m = ashr i64 %l, 1
  %n = smin i64 %m, 0
  %o = smax i64 %n, 9223372036854775807
  %p = umin i64 %o, 18446744073709551615
  %q = umax i64 %p, 1
  %fa = fsub f64 %f, 1.5e-3
  %fb = fdiv f64 %fa, 3.0
  %fc = frem f64 %fb, 2.0
  %cmp = fcmp une f64 %fc, 0.0
  %cmp2 = fcmp ord f64 %fc, %f
  %both = and i1 %cmp, %cmp2
  %sel = select i64 %both, %q, 0
  %t = trunc i64 %sel to i32
  %z = zext i32 %t to i64
  %s = sext i32 %t to i64
  %fl = sitofp i64 %s to f64
  %fu = uitofp i64 %z to f32
  %fe = fpext f32 %fu to f64
  %ft = fptrunc f64 %fe to f32
  %si = fptosi f64 %fl to i64
  %ui = fptoui f32 %ft to i64
  %ne = icmp ne ptr null, null
  %fp = select ptr %ne, @helper, @helper
  %r = call_indirect %fp(%si, 1.0) : (i64, f64) -> i64
  call_indirect @main() : () -> void
  %r2 = call_indirect %fp(%si, 1.0) : (i64, f64) -> i64 callees(@helper)
  %r3 = call_indirect %fp(%si, 1.0) : (i64, f64) -> i64 callees()
  %u = add i32 undef, 1
  ret %ui
}

host @main() -> i32 {
^entry:
  %a = alloca f32, 128
  %one = alloca i32
  print "hello \\"%d\\"\\n\\t%f\\\\", 42, 2.5
  omp.target_enter_data map(to: f32 %a[0:128], i32 %one[0:1])
  omp.target @k(%a, 128) teams(4) threads(128) map(tofrom: f32 %a[0:128]) nowait
  omp.target @k2(%a) map(alloc: f32 %a[0:128])
  omp.taskwait
  omp.target_exit_data map(from: f32 %a[0:128]) map(release: i32 %one[0:1]) map(delete: f32 %a[0:1])
  omp.target @k2(%a) map(firstprivate: f32 %a[0:1])
  %big = icmp eq i1 true, false
  cond_br %big, ^bad, ^good
^bad:
  trap "unreachable state"
^good:
  exit 0
}
`;
