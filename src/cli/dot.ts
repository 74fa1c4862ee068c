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

import type { Function } from "../ir/ir.js";
import { isDeclaration } from "../ir/ir.js";
import { cfgToDot } from "../ir/dot.js";
import { loadModule } from "./check.js";
import { C_OPTIONS, inputOptions } from "./cc.js";
import type { Command } from "./io.js";
import { UsageError, errorLimit, parseCommandArgs } from "./io.js";
import { checkPipeline, optimizeForCommand, passOptionFlags, passOptionHelp, passOptionsFromFlags, pipelineFromFlags } from "./opt.js";

export { cfgToDot } from "../ir/dot.js";

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
