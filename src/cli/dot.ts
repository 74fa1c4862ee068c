// `ompir dot FILE [--fn @name] [--passes=...|-O] [--after PASS]`: the CFG as Graphviz DOT.
//
// One node per block, labelled with the block's printed text (the printer's names, so the
// picture matches `ompir opt` dumps); edges in terminator order, `T`/`F` on a cond_br. With
// --fn the output is one `digraph "@name"`; otherwise one digraph with a cluster per
// function. Output is deterministic text, fit for golden tests; rendering (`dot -Tsvg`) is
// never needed by the tests.
//
// Passes: with --passes or -O the pipeline runs first; --after P stops after the first run
// of P in that pipeline (the default pipeline when neither is given).

import type { Function, Module } from "../ir/ir.js";
import { isDeclaration, successors, terminatorOf } from "../ir/ir.js";
import { printFunction } from "../ir/printer.js";
import { loadModule } from "./check.js";
import { C_OPTIONS, inputOptions } from "./cc.js";
import type { Command } from "./io.js";
import { UsageError, errorLimit, parseCommandArgs } from "./io.js";
import { checkPipeline, optimizeForCommand, passOptionFlags, passOptionHelp, passOptionsFromFlags, pipelineFromFlags } from "./opt.js";

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

export const dotCommand: Command = {
  name: "dot",
  summary: "print the CFG as Graphviz DOT",
  get help() {
    return [
      "usage: ompir dot FILE [--fn @name] [--passes=a,b | -O] [--after PASS]",
      "",
      "Prints the control-flow graph of every function (or of --fn) as Graphviz DOT: one",
      "node per block labelled with its instructions, T/F on conditional edges. Render it",
      "with `dot -Tsvg`. With --passes or -O the pipeline runs first; --after PASS stops",
      "after the first run of PASS (in the default pipeline unless --passes is given).",
      "",
      "options:",
      "  --fn @name       only this function",
      "  --passes=P1,...  run these passes first",
      "  -O               run the default pipeline first",
      "  --after PASS     stop the pipeline after PASS",
      "  -ferror-limit=N  stop after N input errors (default 20; 0: no limit)",
      "",
      ...passOptionHelp(),
    ].join("\n");
  },
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("dot", argv, {
      fn: { type: "string" },
      passes: { type: "string" },
      O: { type: "boolean", short: "O" },
      after: { type: "string" },
      ...passOptionFlags(),
      ...C_OPTIONS,
    });
    if (positionals.length !== 1) throw new UsageError(`dot: expected one input file, got ${positionals.length} (try 'ompir dot --help')`);
    let pipeline = pipelineFromFlags("dot", values.passes, values.O);
    if (values.after !== undefined) pipeline ??= "-O";
    if (pipeline !== null) {
      const names = checkPipeline("dot", pipeline);
      if (values.after !== undefined && !names.includes(values.after)) throw new UsageError(`dot: --after: pass '${values.after}' is not in the pipeline (${names.join(",")})`);
    }
    const passOptions = passOptionsFromFlags("dot", values);
    const m = await loadModule(io, positionals[0]!, { errorLimit: errorLimit("dot", values["ferror-limit"]), input: inputOptions(values) });
    let fn: Function | undefined;
    if (values.fn !== undefined) {
      const name = values.fn.replace(/^@/, "");
      fn = m.functions.find((f) => f.name === name);
      if (fn === undefined) throw new UsageError(`dot: --fn: no function '@${name}' in ${m.file}`);
      if (isDeclaration(fn)) throw new UsageError(`dot: --fn: '@${name}' is a declaration (no CFG)`);
    }
    if (pipeline !== null) optimizeForCommand(io, "dot", m, pipeline, { passOptions, ...(values.after !== undefined ? { stopAfter: values.after } : {}) });
    io.stdout(cfgToDot(m, fn));
    return 0;
  },
};
