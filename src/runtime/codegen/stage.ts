// Where a boundary instruction's operands are staged for the scheduler. The segment that
// ends at a boundary writes operand k of lane l to w.stageF / w.stageB at k * W + l, in
// ir.ts's operand order; this record names the positions, so that host.ts, simt.ts,
// device.ts and the reverse-offload engine read fields instead of recounting.

import type { SchedulerInst } from "../../ir/opcodes.js";
import { NO_VALUE, assertNever } from "../../ir/types.js";

export interface StageLayout {
  /** First call argument (call, call_indirect, omp.parallel, omp.target, omp.reverse_offload). */
  args: number;
  /** call_indirect: the function pointer; -1 otherwise. */
  callee: number;
  /** omp.target: the teams and threads clauses; omp.parallel: its threads operand; -1 when absent. */
  teams: number;
  threads: number;
  /** omp.target and the data directives: the device clause, -1 when absent. */
  device: number;
  /** First map clause; each takes three positions: base, lo, len. */
  maps: number;
  /** exit: the status. */
  code: number;
  /** omp.shuffle_down: the value and the lane delta. */
  value: number;
  delta: number;
}

export function stageLayout(inst: SchedulerInst): StageLayout {
  const s: StageLayout = { args: 0, callee: -1, teams: -1, threads: -1, device: -1, maps: 0, code: -1, value: -1, delta: -1 };
  switch (inst.kind) {
    case "omp.parallel":
      if (inst.threads !== NO_VALUE) s.threads = inst.args.length;
      return s;
    case "call":
    case "omp.barrier":
    case "omp.taskwait":
      return s;
    case "omp.target_enter_data":
    case "omp.target_exit_data":
    case "omp.target_update":
      if (inst.device !== NO_VALUE) {
        s.device = 0;
        s.maps = 1;
      }
      return s;
    case "call_indirect":
      s.callee = 0;
      s.args = 1;
      return s;
    case "omp.reverse_offload":
      s.maps = inst.args.length;
      return s;
    case "omp.target": {
      let k = inst.args.length;
      if (inst.teams !== NO_VALUE) s.teams = k++;
      if (inst.threads !== NO_VALUE) s.threads = k++;
      if (inst.device !== NO_VALUE) s.device = k++;
      s.maps = k;
      return s;
    }
    case "exit":
      s.code = 0;
      return s;
    case "omp.shuffle_down":
      s.value = 0;
      s.delta = 1;
      return s;
    default:
      return assertNever(inst);
  }
}
