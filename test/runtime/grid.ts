// The grid-stride loop prologue the runtime's loop programs share (store-loop, prefetch,
// side-fusion and aligned programs; bench/compute.js writes the same): %g = this thread's
// first index, %s = the stride, %tid = its index in the team.
export const GRID = `
  %tm = omp.team_num
  %nt = omp.hw_num_threads
  %tid = omp.hw_thread_id
  %ntm = omp.num_teams
  %gb = mul i32 %tm, %nt
  %g = add i32 %gb, %tid
  %s = mul i32 %ntm, %nt`;
