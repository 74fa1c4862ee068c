// The `ompir` command: a thin dispatcher over a table of commands (each in its own file).
//
// Exit status: 0 success (for `run`, main's return value), 1 a runtime fault, 2 bad input
// or usage, 70 an internal error. Whatever happens, the user sees diagnostics or one line,
// never a stack trace.

import * as fs from "node:fs";
import type { Command, Io } from "./io.js";
import { ExitError, UsageError, firstLine, nodeIo } from "./io.js";
import { ProgressLine, colourise, wantColour } from "./style.js";
import { TooLargeError } from "../ir/limits.js";
import { installV8MemoryProbe } from "./memory.js";

/**
 * Every command, in the order `ompir --help` lists them, each module imported only when
 * its command runs: `opt` need not load the simulator, the C front end or the test harness
 * (their loading would be most of a small compile's time). Adding one: list its loader.
 */
const COMMANDS: readonly { name: string; load: () => Promise<Command> }[] = [
  { name: "check", load: async () => (await import("./check.js")).checkCommand },
  { name: "fmt", load: async () => (await import("./fmt.js")).fmtCommand },
  { name: "opt", load: async () => (await import("./opt.js")).optCommand },
  { name: "dot", load: async () => (await import("./dot.js")).dotCommand },
  { name: "run", load: async () => (await import("./run.js")).runCommandEntry },
  { name: "cc", load: async () => (await import("./cc.js")).ccCommand },
  { name: "test", load: async () => (await import("./test.js")).testCommand },
  { name: "serve", load: async () => (await import("./serve.js")).serveCommand },
];

export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 70;

/** Every command (loads all their modules, one after another: Jest's module loader fails
 *  on concurrent imports that share a dependency). */
export async function commands(): Promise<readonly Command[]> {
  const out: Command[] = [];
  for (const c of COMMANDS) out.push(await c.load());
  return out;
}

function version(): string {
  try {
    // src/cli/main.ts and dist/cli/main.js both sit two levels below package.json.
    const pkg = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

async function mainHelp(): Promise<string> {
  const all = await commands();
  const width = Math.max(...all.map((c) => c.name.length));
  return [
    "usage: ompir <command> [options] FILE...",
    "",
    "ompir compiles and runs OpenMP offloading programs written in the ompir IR (.oir) or in C (.c).",
    "",
    "commands:",
    ...all.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    "`-` as FILE reads standard input. 'ompir <command> --help' describes a command.",
    "options: --help, --version",
    "exit status: 0 success, 1 runtime fault, 2 bad input or usage, 70 internal error",
  ].join("\n");
}

function commandHelp(c: Command): string {
  return c.help ?? `usage: ompir ${c.name} [options] FILE\n\n${c.summary}`;
}

/** `--help`/`-help`/`-h` anywhere before a `--` separator. */
function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === "--") return false;
    if (a === "--help" || a === "-help" || a === "-h") return true;
  }
  return false;
}

/**
 * `io` for a person at a terminal: standard error coloured (wantColour) and a progress line
 * that is erased before anything else is written to standard error.
 */
function terminalIo(io: Io): Io {
  const colour = wantColour(io.stderrIsTTY, io.env);
  if (!colour && !io.stderrIsTTY) return io;
  const progress = io.stderrIsTTY ? new ProgressLine((s) => io.stderr(s), io.now) : undefined;
  return {
    ...io,
    stdout: (s) => {
      progress?.clear();
      io.stdout(s);
    },
    stderr: (s) => {
      progress?.clear();
      io.stderr(colour ? colourise(s) : s);
    },
    ...(progress === undefined ? {} : { progress }),
  };
}

export async function main(argv: string[], rawIo: Io = nodeIo()): Promise<number> {
  installV8MemoryProbe();
  // The command's module loads before the progress line's clock starts: its delay is for the
  // command's work. A module that fails to load fails again in dispatch, which reports it.
  const entry = COMMANDS.find((c) => c.name === argv[0]);
  if (entry !== undefined) await entry.load().catch(() => undefined);
  const io = terminalIo(rawIo);
  try {
    return await dispatch(argv, io);
  } finally {
    io.progress?.clear();
  }
}

async function dispatch(argv: string[], io: Io): Promise<number> {
  try {
    const [first, ...rest] = argv;
    if (first === undefined) {
      io.stderr((await mainHelp()) + "\n");
      return EXIT_USAGE;
    }
    if (first === "--help" || first === "-help" || first === "-h") {
      io.stdout((await mainHelp()) + "\n");
      return 0;
    }
    if (first === "--version" || first === "-version" || first === "-V") {
      io.stdout(`ompir ${version()}\n`);
      return 0;
    }
    if (first === "help") {
      const c = rest[0] === undefined ? undefined : COMMANDS.find((x) => x.name === rest[0]);
      if (rest[0] !== undefined && c === undefined) throw new UsageError(`unknown command '${rest[0]}' (try 'ompir --help')`);
      io.stdout((c ? commandHelp(await c.load()) : await mainHelp()) + "\n");
      return 0;
    }
    if (first.startsWith("-")) throw new UsageError(`unknown option '${first}' (try 'ompir --help')`);
    const entry = COMMANDS.find((c) => c.name === first);
    if (entry === undefined) throw new UsageError(`unknown command '${first}' (try 'ompir --help')`);
    const command = await entry.load();
    if (wantsHelp(rest)) {
      io.stdout(commandHelp(command) + "\n");
      return 0;
    }
    return await command.run(rest, io);
  } catch (e) {
    if (e instanceof ExitError) return e.code;
    if (e instanceof UsageError) {
      io.stderr(`ompir: ${firstLine(e.message)}\n`);
      return EXIT_USAGE;
    }
    if (e instanceof TooLargeError) {
      io.stderr(`ompir: ${firstLine(e.message)}\n`);
      return EXIT_USAGE;
    }
    const msg = e instanceof Error ? e.message : String(e);
    // One line, but not one that ends in a colon before what it announces.
    const [head = "", detail = ""] = msg.split("\n");
    const line = head.trimEnd().endsWith(":") && detail.trim() !== "" ? `${head.trimEnd()} ${detail.trim()}` : firstLine(msg);
    io.stderr(`ompir: internal error: ${line.replace(/^internal error: /, "")}\n`);
    return EXIT_INTERNAL;
  }
}
