// The scaling bench's program (bench/revoffload.js (d), bench/revoffload-instr.js): text
// only, so that counting another build (`revoffload-instr.js --dist DIR`) loads nothing of
// this checkout's dist/.

/** Scale: `n` device threads each make one request (host function of cost 10) through the
 *  default 1024-slot mailbox, so all but 1024 wait for a slot; or call a device function. */
export function scaleProgram(n, rev) {
  return `declare host @work(i32) cost(10)
device @dwork(%x: i32) {
^entry:
  ret
}
kernel @k(%a: ptr) spmd {
^entry:
  %t = omp.hw_thread_id
  %nt = omp.hw_num_threads
  %tm = omp.team_num
  %row = mul i32 %tm, %nt
  %i = add i32 %row, %t
  ${rev ? "omp.reverse_offload @work(%i)" : "call @dwork(%i)"}
  ret
}
host @main() -> i32 {
^entry:
  %a = alloca i32, 1
  omp.target @k(%a) teams(${n / 1024}) threads(1024) map(to: i32 %a[0:1])
  ret 0
}

requires reverse_offload
`;
}
