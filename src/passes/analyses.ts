// Cached-analysis descriptors for the CFG-shaped analyses of src/ir/cfg.ts and
// src/ir/dominators.ts (facts about the IR, so they live below the passes), so
// passes ask the AnalysisManager (`ctx.analyses.get(DOMINATORS, f)`) instead of recomputing.
// All of them depend only on blocks and terminators (cfgOnly).

import type { BlockId } from "../ir/types.js";
import type { Cfg } from "../ir/cfg.js";
import { computeCfg } from "../ir/cfg.js";
import type { DomTree, PostDomTree } from "../ir/dominators.js";
import { computeDominators, computePostDominators, dominanceFrontiers } from "../ir/dominators.js";
import { functionAnalysis } from "./manager.js";

export const CFG = functionAnalysis<Cfg>("cfg", true, (f) => computeCfg(f));
export const DOMINATORS = functionAnalysis<DomTree>("dominators", true, (f, am) => computeDominators(f, am.get(CFG, f)));
export const POST_DOMINATORS = functionAnalysis<PostDomTree>("post-dominators", true, (f, am) => computePostDominators(f, am.get(CFG, f)));
export const FRONTIERS = functionAnalysis<BlockId[][]>("dominance-frontiers", true, (f, am) =>
  dominanceFrontiers(f, am.get(CFG, f), am.get(DOMINATORS, f)),
);
