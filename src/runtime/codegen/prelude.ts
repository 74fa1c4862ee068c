// The names generated code uses, declared once: each segment function opens with the
// prelude parts its body needs (PRELUDE), and the arena views are re-read after anything
// that may grow the arena (REFRESH).

/** What a segment function returns besides a segment number (compile.ts header). */
export const DIVERGE = -2;
export const RET = -3;
export const BOUNDARY = -4;
/** From the dispatcher: a lane-major loop left the reconvergence stack as it should be. */
export const LOOPED = -5;
/** The virtual exit as a reconvergence point. */
export const EXIT = -1;

/** The runtime helpers object (compile.ts Helpers), a parameter of the generated module. */
export const H = "H";

/** Arena views, by local name and Memory field; allocation may replace them. */
const VIEWS = [["SP", "space"], ["SZ", "size"], ["BA", "base"], ["U8", "u8"], ["I8", "i8"], ["I32", "i32"], ["F32", "f32"], ["F64", "f64"], ["B64", "b64"], ["DV", "dv"]] as const;

/** Re-reads the arena views (after alloca, omp.alloc_shared, a local global's allocation). */
export const REFRESH = VIEWS.map(([n, f]) => `${n} = M.${f};`).join(" ");

/** Prelude parts, in the order they are emitted. `frame` is always present. */
export const PRELUDE = {
  frame: "const F = fr.F, B = fr.B, act = w.act, M = w.mem;",
  mem: `let ${VIEWS.map(([n, f]) => `${n} = M.${f}`).join(", ")};`,
  query: "const LV1 = fr.level === 1, HW0 = w.lane0, TS = w.team.size, PS = w.team.psize, TM = w.team.id, NTM = w.numTeams;",
  sg: "const SG = w.team.sg;",
  lg: "const LG = w.lg;",
  stage: "const S = w.stageF, SB = w.stageB;",
  nx: "const NX = w.nx; let nt = 0, ne = 0;",
} as const;

export type PreludePart = Exclude<keyof typeof PRELUDE, "frame">;
