// The CFG as Graphviz DOT text (`ompir dot`, the playground's CFG panel).
//
// One node per block, labelled with the block's printed text (the printer's names, so the
// picture matches `ompir opt` dumps); edges in terminator order, `T`/`F` on a cond_br. For one
// function the output is one `digraph "@name"`; otherwise one digraph with a cluster per
// function. Output is deterministic text, fit for golden tests.

import type { Function, Module } from "./ir.js";
import { isDeclaration, successors, terminatorOf } from "./ir.js";
import { printFunction } from "./printer.js";

function q(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

/** A label with left-justified lines (`\l`), escaped for DOT. */
function label(lines: readonly string[]): string {
  return `"${lines.map((l) => l.replace(/\\/g, "\\\\").replace(/"/g, '\\"') + "\\l").join("")}"`;
}

/** The function's printed text cut into its blocks, in layout order: [header, ...insts]. */
function printedBlocks(m: Module, f: Function): string[][] {
  const lines = printFunction(m, f).split("\n");
  const blocks: string[][] = [];
  for (const line of lines.slice(1)) {
    if (line.startsWith("^")) blocks.push([line]);
    else if (line.startsWith("  ") && blocks.length) blocks[blocks.length - 1]!.push(line);
  }
  return blocks;
}

/** The DOT statements of one function's CFG, node ids prefixed with `prefix`. */
function cfgStatements(m: Module, f: Function, prefix: string, indent: string): string[] {
  const text = printedBlocks(m, f);
  const name = new Map(f.layout.map((b, i) => [b, text[i]![0]!.replace(/[(:].*$/, "")] as const));
  const out: string[] = [];
  f.layout.forEach((b, i) => out.push(`${indent}${q(prefix + name.get(b)!)} [label=${label(text[i]!)}];`));
  for (const b of f.layout) {
    const t = terminatorOf(f, b);
    if (t === undefined) continue;
    const edges = successors(t);
    edges.forEach((e, i) => {
      const to = name.get(e.block);
      if (to === undefined) return;
      const attrs = edges.length === 2 ? ` [label="${i === 0 ? "T" : "F"}"]` : "";
      out.push(`${indent}${q(prefix + name.get(b)!)} -> ${q(prefix + to)}${attrs};`);
    });
  }
  return out;
}

/** DOT text for one function, or for every function with a body (one cluster each). */
export function cfgToDot(m: Module, fn?: Function): string {
  const style = ['  node [shape=box, fontname="monospace", fontsize=10];', '  edge [fontname="monospace", fontsize=10];'];
  if (fn !== undefined) {
    return [`digraph ${q("@" + fn.name)} {`, ...style, ...cfgStatements(m, fn, "", "  "), "}", ""].join("\n");
  }
  const lines = [`digraph ${q(m.file)} {`, ...style];
  for (const f of m.functions) {
    if (isDeclaration(f)) continue;
    lines.push(`  subgraph ${q("cluster_@" + f.name)} {`, `    label=${q("@" + f.name)};`, ...cfgStatements(m, f, `@${f.name}`, "    "), "  }");
  }
  lines.push("}", "");
  return lines.join("\n");
}
