// The IR editing API: every structural change a pass makes to a function's layout, blocks,
// instruction order, block parameters and edges goes through here, so no pass writes the
// `layout`, `blocks[b].insts` or `blocks[b].params` arrays itself (in the spirit of
// Cranelift's `ir/layout.rs` and `cursor.rs`).
//
// The model (ir.ts): entities live in per-function arenas and never move; the layout (block
// order) and each block's instruction list only refer to them. So:
// - A block is created unplaced (createBlock) and then placed (appendBlock, insertBlockBefore,
//   insertBlockAfter, prependBlock); placing a block that is already placed moves it.
// - An instruction is created unplaced (ir.ts createInst) and then placed (placeInst,
//   placeBeforeTerminator); ir.ts appendInst/insertInst do both. Removing one takes it out of its block; its arena slot stays.
// - Block parameters are values defined by their block; adding or removing one edits the
//   matching argument on every edge into the block (`incomingEdges`: the edges of placed
//   blocks' terminators, both arms of a cond_br that names the block twice).
// - Edits keep the function well formed only when the caller finishes the job (a block
//   split without a terminator, a parameter added without arguments): the verifier, run
//   after every pass, catches what a pass forgot.
//
// Names for new values and blocks come from names.ts (one service for symbols, values and
// blocks).

import type { Block, Function, Inst, InstData, Module } from "./ir.js";
import { NO_BLOCK_PARAMS, addValue, appendInst, sharedDef, forEachInst, mapOperands, mapSuccessors, successors, terminatorOf } from "./ir.js";
import type { SrcLoc } from "./loc.js";
import { NO_SRC_LOC } from "./loc.js";
import type { FunctionNames } from "./names.js";
import { freshSymbol, functionNames } from "./names.js";
import type { BlockId, FuncId, InstId, Type, ValueId } from "./types.js";
import { NO_VALUE } from "./types.js";

// ---------------------------------------------------------------------------------------
// Blocks and layout

/** A new block with parameters of `paramTypes`, not yet in the layout. */
export function createBlock(f: Function, name: string | null, paramTypes: readonly Type[] = [], loc: SrcLoc = NO_SRC_LOC, paramNames?: readonly (string | null)[]): BlockId {
  const id = f.blocks.length as BlockId;
  const block: Block = { name, params: [], insts: [], loc };
  f.blocks.push(block);
  paramTypes.forEach((t, index) => block.params.push(addValue(f, t, { kind: "blockparam", block: id, index }, paramNames?.[index] ?? null)));
  return id;
}

/** True if b is in the layout. */
export function isPlaced(f: Function, b: BlockId): boolean {
  return f.layout.includes(b);
}

function unplace(f: Function, b: BlockId): void {
  const i = f.layout.indexOf(b);
  if (i >= 0) f.layout.splice(i, 1);
}

function layoutIndex(f: Function, b: BlockId): number {
  const i = f.layout.indexOf(b);
  if (i < 0) throw new Error(`internal error: block ${b} of @${f.name} is not in the layout`);
  return i;
}

/** Places b (moving it if placed) at the end of the layout. */
export function appendBlock(f: Function, b: BlockId): void {
  unplace(f, b);
  f.layout.push(b);
}

/** Places b (moving it if placed) first: it becomes the entry block. */
export function prependBlock(f: Function, b: BlockId): void {
  unplace(f, b);
  f.layout.unshift(b);
}

/** Places blocks (moving those placed), in order, right before `before`. */
export function insertBlockBefore(f: Function, b: BlockId | readonly BlockId[], before: BlockId): void {
  const bs = typeof b === "number" ? [b] : b;
  for (const x of bs) unplace(f, x);
  f.layout.splice(layoutIndex(f, before), 0, ...bs);
}

/** Places blocks (moving those placed), in order, right after `after`. */
export function insertBlockAfter(f: Function, b: BlockId | readonly BlockId[], after: BlockId): void {
  const bs = typeof b === "number" ? [b] : b;
  for (const x of bs) unplace(f, x);
  f.layout.splice(layoutIndex(f, after) + 1, 0, ...bs);
}

/** Takes every block for which `keep` is false out of the layout and empties it (arena slots stay). */
export function retainBlocks(f: Function, keep: (b: BlockId) => boolean): number {
  const gone = f.layout.filter((b) => !keep(b));
  for (const b of gone) f.blocks[b]!.insts = [];
  f.layout = f.layout.filter(keep);
  return gone.length;
}

/**
 * Moves the instructions of b from `index` on (the terminator included) to a new block placed
 * right after b, and returns it. As in Cranelift's `Layout::split_block`, b is left without a
 * terminator: the caller ends it (splitBlockWithBranch ends it with `br` to the new block).
 * Edges out of the moved terminator now leave from the new block.
 */
export function splitBlock(f: Function, b: BlockId, index: number, name: string | null = null, loc?: SrcLoc): BlockId {
  const block = f.blocks[b]!;
  if (index < 0 || index >= block.insts.length) throw new Error(`internal error: splitBlock at ${index} of a block of ${block.insts.length} instructions`);
  const nb = createBlock(f, name, [], loc ?? block.loc);
  insertBlockAfter(f, nb, b);
  f.blocks[nb]!.insts = block.insts.splice(index);
  return nb;
}

/** splitBlock, then `br` from b to the new block (located at the first moved instruction). */
export function splitBlockWithBranch(f: Function, b: BlockId, index: number, name: string | null = null): BlockId {
  const block = f.blocks[b]!;
  const nb = splitBlock(f, b, index, name, block.loc);
  const first = f.blocks[nb]!.insts[0]!;
  appendInst(f, b, { kind: "br", target: nb, args: [] }, null, f.insts[first]?.loc ?? block.loc);
  return nb;
}

// ---------------------------------------------------------------------------------------
// Instructions

/** Places created instructions in b at `index` (default: the end), in order. */
export function placeInst(f: Function, b: BlockId, inst: InstId | readonly InstId[], index?: number): void {
  const ids = typeof inst === "number" ? [inst] : inst;
  const insts = f.blocks[b]!.insts;
  insts.splice(index ?? insts.length, 0, ...ids);
}

/** Places created instructions in b right before its terminator. */
export function placeBeforeTerminator(f: Function, b: BlockId, inst: InstId | readonly InstId[]): void {
  placeInst(f, b, inst, f.blocks[b]!.insts.length - 1);
}

/** Takes instruction `inst` out of block b (its arena slot stays); returns the index it had. */
export function removeInst(f: Function, b: BlockId, inst: InstId): number {
  const insts = f.blocks[b]!.insts;
  const i = insts.indexOf(inst);
  if (i < 0) throw new Error(`internal error: instruction ${inst} is not in block ${b} of @${f.name}`);
  insts.splice(i, 1);
  return i;
}

/** Takes the instruction at `index` out of block b; returns its id. */
export function removeInstAt(f: Function, b: BlockId, index: number): InstId {
  return f.blocks[b]!.insts.splice(index, 1)[0]!;
}

/** Keeps only the instructions of b for which `keep` is true (in order); returns how many went. */
export function retainInsts(f: Function, b: BlockId, keep: (id: InstId) => boolean): number {
  const block = f.blocks[b]!;
  const insts = block.insts;
  // Most calls keep everything: then the block keeps its array (no copy per block and round).
  let i = 0;
  while (i < insts.length && keep(insts[i]!)) i++;
  if (i === insts.length) return 0;
  const kept = insts.slice(0, i);
  for (i++; i < insts.length; i++) if (keep(insts[i]!)) kept.push(insts[i]!);
  block.insts = kept;
  return insts.length - kept.length;
}

/** Moves every instruction of `from` to the end of `to`; `from` is left empty (still placed). */
export function moveInsts(f: Function, from: BlockId, to: BlockId): void {
  f.blocks[to]!.insts.push(...f.blocks[from]!.insts);
  f.blocks[from]!.insts = [];
}

/**
 * Replaces instruction `id` in its arena slot (so its place in its block is kept) with one
 * without a result, e.g. a terminator for another. The old result value, if any, must be
 * dead or redefined by the caller.
 */
export function replaceInst(f: Function, id: InstId, data: InstData, loc: SrcLoc = f.insts[id]!.loc): void {
  f.insts[id] = { ...data, result: NO_VALUE, loc } as Inst;
}

/** A copy of an instruction whose operand arrays and map clauses are not shared with the original. */
export function cloneInst(inst: Inst): Inst {
  const copy = { ...inst } as Record<string, unknown>;
  for (const [k, v] of Object.entries(copy)) {
    if (Array.isArray(v)) copy[k] = v.map((x: unknown) => (typeof x === "object" && x !== null ? { ...x } : x));
  }
  return copy as unknown as Inst;
}

// ---------------------------------------------------------------------------------------
// Edges and block parameters

/** One edge into a block: the argument array of a placed terminator (edited in place). */
export interface Edge {
  from: BlockId;
  /** The terminator's successor index (0 for br and then, 1 for else). */
  index: number;
  args: ValueId[];
}

/** The edges into b from placed blocks, in layout order (then before else). */
export function incomingEdges(f: Function, b: BlockId): Edge[] {
  const out: Edge[] = [];
  for (const p of f.layout) {
    const t = terminatorOf(f, p);
    if (t === undefined) continue;
    successors(t).forEach((s, index) => {
      if (s.block === b) out.push({ from: p, index, args: s.args });
    });
  }
  return out;
}

/**
 * Adds a parameter of `type` at the end of b's parameters and returns it. With `argFor`, every
 * edge into b gets its argument; without, the caller adds them (e.g. per edge, in a walk).
 */
export function addBlockParam(f: Function, b: BlockId, type: Type, name: string | null = null, argFor?: (e: Edge) => ValueId): ValueId {
  const block = f.blocks[b]!;
  const v = addValue(f, type, { kind: "blockparam", block: b, index: block.params.length }, name);
  if (block.params === NO_BLOCK_PARAMS) block.params = [];
  block.params.push(v);
  if (argFor !== undefined) for (const e of incomingEdges(f, b)) e.args.push(argFor(e));
  return v;
}

/** Makes an existing value (e.g. a retired instruction's result) b's last parameter. */
export function adoptBlockParam(f: Function, b: BlockId, v: ValueId): void {
  const block = f.blocks[b]!;
  f.values[v]!.def = sharedDef({ kind: "blockparam", block: b, index: block.params.length });
  if (block.params === NO_BLOCK_PARAMS) block.params = [];
  block.params.push(v);
}

/**
 * Removes the parameters of b for which `keep` is false, and the matching argument of every
 * edge into b; the remaining parameters are renumbered. Returns how many went.
 */
export function removeBlockParams(f: Function, b: BlockId, keep: (index: number, param: ValueId) => boolean): number {
  const block = f.blocks[b]!;
  const kept = block.params.map((p, i) => keep(i, p));
  if (kept.every((k) => k)) return 0;
  for (const e of incomingEdges(f, b)) {
    const args = e.args.filter((_, i) => kept[i]);
    e.args.length = 0;
    e.args.push(...args);
  }
  const params = block.params.filter((_, i) => kept[i]);
  const removed = block.params.length - params.length;
  block.params = params;
  params.forEach((p, index) => (f.values[p]!.def = sharedDef({ kind: "blockparam", block: b, index })));
  return removed;
}

/** Removes parameter `index` of b and its argument on every edge into b. */
export function removeBlockParam(f: Function, b: BlockId, index: number): void {
  removeBlockParams(f, b, (i) => i !== index);
}

/**
 * Takes b's parameters off it (they become ordinary values the caller rewrites, e.g. when b
 * is merged into its only predecessor) and returns them; edges into b are not touched.
 */
export function detachBlockParams(f: Function, b: BlockId): ValueId[] {
  const block = f.blocks[b]!;
  const params = block.params;
  block.params = [];
  return params;
}

/** Appends `args` to the arguments of edge `index` of b's terminator (after the target gained parameters). */
export function addEdgeArgs(f: Function, b: BlockId, index: number, args: readonly ValueId[]): void {
  const t = terminatorOf(f, b);
  const e = t === undefined ? undefined : successors(t)[index];
  if (e === undefined) throw new Error(`internal error: block ${b} of @${f.name} has no edge ${index}`);
  e.args.push(...args);
}

/**
 * Points edge `index` of b's terminator at `to`, with `args` (default: the arguments it had).
 * A cond_br whose arms both go to one block has two edges; this changes one.
 */
export function redirectEdge(f: Function, b: BlockId, index: number, to: BlockId, args?: readonly ValueId[]): void {
  const t = terminatorOf(f, b);
  if (t === undefined) throw new Error(`internal error: block ${b} of @${f.name} has no terminator`);
  if (t.kind === "br" && index === 0) {
    t.target = to;
    if (args) t.args = [...args];
  } else if (t.kind === "cond_br" && (index === 0 || index === 1)) {
    if (index === 0) {
      t.then = to;
      if (args) t.thenArgs = [...args];
    } else {
      t.else = to;
      if (args) t.elseArgs = [...args];
    }
  } else {
    throw new Error(`internal error: block ${b} of @${f.name} has no edge ${index}`);
  }
}

/** Points every edge of b's terminator that goes to `from` at `to` (both arms of a cond_br if both go there); arguments stay. */
export function redirectEdges(f: Function, b: BlockId, from: BlockId, to: BlockId): void {
  const t = terminatorOf(f, b);
  if (t !== undefined) mapSuccessors(t, (x) => (x === from ? to : x));
}

/** Points every edge into `from` from a placed block for which `which` holds (default: all) at `to`. */
export function redirectAllEdges(f: Function, from: BlockId, to: BlockId, which: (pred: BlockId) => boolean = () => true): void {
  for (const p of f.layout) if (which(p)) redirectEdges(f, p, from, to);
}

// ---------------------------------------------------------------------------------------
// Uses

/** Rewrites every operand of placed instructions through `map` (blocks for which `where` holds; default all). */
export function replaceUses(f: Function, map: (v: ValueId) => ValueId, where: (b: BlockId) => boolean = () => true): void {
  forEachInst(f, (inst, _id, b) => {
    if (where(b)) mapOperands(inst, map);
  });
}

// ---------------------------------------------------------------------------------------
// Cloning

/**
 * A copy of function `id` added to m under a fresh symbol name derived from `base`. Values,
 * blocks and instructions keep their ids (the value map is the identity); nothing is shared.
 */
export function cloneFunction(m: Module, id: FuncId, base: string): Function {
  const copy = structuredClone(m.functions[id]!);
  copy.id = m.functions.length as FuncId;
  copy.name = freshSymbol(m, base);
  m.functions.push(copy);
  return copy;
}

export interface RegionCopy {
  /** Source block → its copy (the copies are created in `blocks` order, unplaced). */
  blocks: Map<BlockId, BlockId>;
  /** Source value → its copy in the destination (defined in the region, or seeded, or a constant/address copied across functions). */
  values: Map<ValueId, ValueId>;
  /** The copied instructions, in block order then instruction order. */
  insts: InstId[];
}

export interface CloneRegionOptions {
  /** The function the blocks come from (default: `dst` itself). */
  src?: Function;
  /** Values already mapped (e.g. a callee's parameters to a call's arguments). */
  values?: Map<ValueId, ValueId>;
  /** Name for a copied block, given the source block's name (default: the same). */
  blockName?: (name: string | null) => string | null;
  /** The destination's namer (default: a new one over `dst`). */
  names?: FunctionNames;
}

/**
 * Copies `blocks` of `src` into `dst` (new blocks, unplaced): parameters, instructions and
 * edges, with values defined in the region mapped to their copies. An operand defined outside
 * the region stays as it is when copying within one function; across functions it must be
 * seeded in `values`, unless it is a constant, an address or undef, which gets a fresh value
 * with the same definition. An edge to a block outside the region keeps its target within
 * one function and is an error across functions. Names are made fresh in `dst`.
 */
export function cloneRegion(dst: Function, blocks: readonly BlockId[], opts: CloneRegionOptions = {}): RegionCopy {
  const src = opts.src ?? dst;
  const names = opts.names ?? functionNames(dst);
  const blockName = opts.blockName ?? ((n) => n);
  const valueMap = opts.values ?? new Map<ValueId, ValueId>();
  const blockMap = new Map<BlockId, BlockId>();
  for (const b of blocks) {
    const from = src.blocks[b]!;
    const nb = createBlock(dst, names.block(blockName(from.name)), [], from.loc);
    for (const p of from.params) valueMap.set(p, addBlockParam(dst, nb, src.values[p]!.type, names.value(src.values[p]!.name)));
    blockMap.set(b, nb);
  }
  const copies: InstId[] = [];
  for (const b of blocks) {
    const nb = blockMap.get(b)!;
    for (const id of src.blocks[b]!.insts) {
      const copy = cloneInst(src.insts[id]!);
      const nid = dst.insts.length as InstId;
      dst.insts.push(copy);
      if (copy.result !== NO_VALUE) {
        const r = copy.result;
        copy.result = addValue(dst, src.values[r]!.type, { kind: "inst", inst: nid }, names.value(src.values[r]!.name));
        valueMap.set(r, copy.result);
      }
      placeInst(dst, nb, nid);
      copies.push(nid);
    }
  }
  const mapValue = (v: ValueId): ValueId => {
    const known = valueMap.get(v);
    if (known !== undefined || src === dst) return known ?? v;
    const d = src.values[v]!;
    if (d.def.kind === "param" || d.def.kind === "blockparam" || d.def.kind === "inst") {
      throw new Error(`internal error: cloneRegion: value ${v} of @${src.name} is defined outside the region and not mapped`);
    }
    // Constants, global and function addresses, undef: a fresh value with the same definition.
    const nv = addValue(dst, d.type, d.def, null);
    valueMap.set(v, nv);
    return nv;
  };
  const mapBlock = (b: BlockId): BlockId => {
    const nb = blockMap.get(b);
    if (nb !== undefined) return nb;
    if (src === dst) return b;
    throw new Error(`internal error: cloneRegion: an edge of @${src.name} leaves the region to block ${b}`);
  };
  for (const id of copies) {
    mapOperands(dst.insts[id]!, mapValue);
    mapSuccessors(dst.insts[id]!, mapBlock);
  }
  return { blocks: blockMap, values: valueMap, insts: copies };
}
