// Generator of six kernel shapes, as `.oir` text, for the compile-time and
// memory benches (bench/compile.js). Kernel k has shape k % 6:
//   0  an SPMD kernel whose parallel region is a grid-stride loop;
//   1  a generic kernel whose sequential part computes values, then starts one parallel loop;
//   2  a generic kernel storing to mapped memory before a parallel loop;
//   3  a generic kernel calling an unknown external function before a parallel loop;
//   4  a generic kernel with two parallel loops and a call to an `omp_no_parallelism`
//      function between them;
//   5  a generic kernel that stores, then calls a helper that starts a parallel loop.
// Every kernel has its own parallel-loop function (a grid-stride loop over %n elements), so
// the module grows linearly with the kernel count and nothing is shared but two declarations.
//
//   node bench/shapes.js N [OUT]      writes N kernels to OUT (default: standard output)
//   node bench/shapes.js --bytes B    writes kernels until the text reaches about B bytes

import * as fs from "node:fs";

/** The declarations every module starts with. */
export const PRELUDE = `declare device @ext_log(i32)
declare device @no_par(ptr, i32) assume("omp_no_parallelism")

`;

/** A parallel loop body: threads of the team split [0, %n) (grid-stride over teams too). */
function loopFn(name) {
  return `device @${name}(%x: ptr, %n: i32, %s: i32) {
^entry:
  %tid = omp.thread_num
  %nt = omp.num_threads
  %team = omp.team_num
  %nteams = omp.num_teams
  %first = mul i32 %team, %nt
  %start = add i32 %first, %tid
  %stride = mul i32 %nteams, %nt
  br ^loop(%start)
^loop(%i: i32):
  %more = icmp slt i32 %i, %n
  cond_br %more, ^body, ^done
^body:
  %p = gep i32, %x, %i
  %v = load i32, global %p
  %w = mul i32 %v, %s
  %r = add i32 %w, %i
  store i32 %r, global %p
  %next = add i32 %i, %stride
  br ^loop(%next)
^done:
  ret
}
`;
}

/** The text of kernel `k` (shape k % 6) with its helper functions. */
export function kernel(k) {
  const body = `@body${k}`;
  switch (k % 6) {
    case 0:
      return `${loopFn(`body${k}`)}
kernel @k${k}(%x: ptr, %n: i32) spmd {
^entry:
  omp.parallel ${body}(%x, %n, 3)
  ret
}
`;
    case 1:
      return `${loopFn(`body${k}`)}
kernel @k${k}(%x: ptr, %n: i32) generic {
^entry:
  %a = mul i32 %n, 3
  %b = add i32 %a, 7
  %c = srem i32 %b, 5
  %s = add i32 %c, 1
  omp.parallel ${body}(%x, %n, %s)
  ret
}
`;
    case 2:
      return `${loopFn(`body${k}`)}
kernel @k${k}(%x: ptr, %n: i32) generic {
^entry:
  %team = omp.team_num
  %p = gep i32, %x, %team
  store i32 %n, global %p
  omp.parallel ${body}(%x, %n, 2)
  ret
}
`;
    case 3:
      return `${loopFn(`body${k}`)}
kernel @k${k}(%x: ptr, %n: i32) generic {
^entry:
  call @ext_log(%n)
  omp.parallel ${body}(%x, %n, 5)
  ret
}
`;
    case 4:
      return `${loopFn(`body${k}`)}
kernel @k${k}(%x: ptr, %n: i32) generic {
^entry:
  omp.parallel ${body}(%x, %n, 2)
  call @no_par(%x, %n)
  omp.parallel ${body}(%x, %n, 3)
  ret
}
`;
    case 5:
      return `${loopFn(`body${k}`)}
device @helper${k}(%x: ptr, %n: i32) {
^entry:
  omp.parallel ${body}(%x, %n, 4)
  ret
}

kernel @k${k}(%x: ptr, %n: i32) generic {
^entry:
  %p = gep i32, %x, 0
  store i32 %n, global %p
  call @helper${k}(%x, %n)
  ret
}
`;
    default:
      throw new Error("unreachable");
  }
}

/** A module of `n` kernels cycling through the six shapes. */
export function generate(n) {
  const parts = [PRELUDE];
  for (let k = 0; k < n; k++) parts.push(kernel(k), "\n");
  return parts.join("");
}

/** Writes kernels to `fd` until about `bytes` bytes; returns the kernel count. */
export function writeBytes(fd, bytes) {
  let size = 0;
  let k = 0;
  fs.writeSync(fd, PRELUDE);
  size += PRELUDE.length;
  while (size < bytes) {
    const chunk = [];
    for (let j = 0; j < 600 && size < bytes; j++, k++) {
      const t = kernel(k) + "\n";
      chunk.push(t);
      size += t.length;
    }
    fs.writeSync(fd, chunk.join(""));
  }
  return k;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [a, b, c] = process.argv.slice(2);
  if (a === "--bytes") {
    const fd = c === undefined ? 1 : fs.openSync(c, "w");
    const k = writeBytes(fd, Number(b));
    if (c !== undefined) fs.closeSync(fd);
    process.stderr.write(`${k} kernels\n`);
  } else {
    const text = generate(Number(a ?? 6));
    if (b === undefined) process.stdout.write(text);
    else fs.writeFileSync(b, text);
  }
}
