// The CLI's window on the world. Commands never touch process/fs directly: they get an Io,
// so tests run main() in-process with a fake one, and every failure the user can cause
// becomes a one-line message and an exit status instead of a stack trace.

import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { closest } from "../passes/registry.js";
import type { ProgressLine } from "./style.js";

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  /** The text of a file; throws a Node-style error (with `code`) if it cannot be read. */
  readFile(path: string): string;
  readStdin(): Promise<string>;
  /**
   * Replaces `path` with `text` atomically (a crash leaves the old file or the new one); a
   * symlink's target is written and an existing file keeps its mode.
   */
  writeFile(path: string, text: string): void;
  /** Whether two paths name the same existing file, symlinks followed (for "do not clobber the input"). */
  sameFile(a: string, b: string): boolean;
  /** Why `path` cannot be written (e.g. "no such directory"), or null; asked before a long run. */
  outputProblem?(path: string): string | null;
  /** Environment variables the commands may consult (e.g. OMP_REVERSE_OFFLOAD_THREADS). */
  env: Readonly<Record<string, string | undefined>>;
  /** The directory relative paths start from (`ompir test`'s root); default process.cwd(). */
  cwd?: string;
  /** Standard error is a terminal: colour (unless NO_COLOR) and progress lines (src/cli/style.ts). */
  stderrIsTTY?: boolean;
  /** Milliseconds of a monotonic-enough clock, for throttling progress (default Date.now). */
  now?: () => number;
  /** Set by main when stderr is a terminal: the progress line of a long run. */
  progress?: ProgressLine;
  /** Calls `handler` on Ctrl-C (SIGINT) until the returned function is called; a second
   *  Ctrl-C while the handler is installed ends the process (exit 130). */
  onInterrupt?(handler: () => void): () => void;
}

/** A command of the `ompir` tool. `main` dispatches on `name`; `--help` prints `help`. */
export interface Command {
  name: string;
  /** One line for `ompir --help`. */
  summary: string;
  /** The full text for `ompir <name> --help` (defaults to a usage line plus the summary). */
  help?: string;
  /** Returns the exit status. Bad usage: throw UsageError; already-reported failure: ExitError. */
  run(argv: string[], io: Io): Promise<number> | number;
}

/** Bad usage or unreadable input: main prints `ompir: <message>` and exits 2. */
export class UsageError extends Error {
  override name = "UsageError";
}

/** A failure already reported to the user (e.g. diagnostics); main just exits with `code`. */
export class ExitError extends Error {
  override name = "ExitError";
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `s` to `fd`, waiting while a non-blocking pipe is full; a closed pipe ends
 *  the process quietly, as process.stdout's EPIPE handler below does. */
function writeAllSync(fd: number, s: string): void {
  const buf = Buffer.from(s, "utf8");
  let off = 0;
  while (off < buf.length) {
    try {
      off += fs.writeSync(fd, buf, off);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "EAGAIN") Atomics.wait(pause, 0, 0, 1);
      else if (code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
      else throw e;
    }
  }
}

/** Quits quietly when the reader of a stream went away (`ompir … | head`): not worth a trace. */
function quietOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw e;
  });
}

let pipesWatched = false;

/**
 * npm's write-file-atomic: a temp file beside the target, then rename; follows a symlink to
 * its target and keeps the target's mode and owner. A device or pipe (`-o /dev/null`) is
 * written in place: a rename would replace it with a regular file. Loaded on the first
 * write (a CommonJS package that loads crypto and worker_threads: a tenth of start-up).
 */
function writeFileReplacing(p: string, text: string): void {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(p);
  } catch {
    st = undefined; // a new file
  }
  if (st !== undefined && !st.isFile() && !st.isDirectory()) {
    fs.writeFileSync(p, text);
    return;
  }
  const atomic = createRequire(import.meta.url)("write-file-atomic") as { sync(p: string, text: string): void };
  atomic.sync(p, text);
}

/** The process's Io. */
export function nodeIo(): Io {
  if (!pipesWatched) {
    quietOnBrokenPipe(process.stdout);
    quietOnBrokenPipe(process.stderr);
    pipesWatched = true;
  }
  return {
    // Synchronous, so `ompir run` streams a program's output in bounded memory even into a
    // slow pipe (process.stdout queues pipe writes without limit).
    stdout: (s) => writeAllSync(1, s),
    stderr: (s) => void process.stderr.write(s),
    readFile: (p) => fs.readFileSync(p, "utf8"),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    writeFile: writeFileReplacing,
    sameFile: (a, b) => {
      try {
        const sa = fs.statSync(a);
        const sb = fs.statSync(b);
        return sa.dev === sb.dev && sa.ino === sb.ino;
      } catch {
        return false;
      }
    },
    outputProblem: (p) => {
      let target = p;
      try {
        target = fs.realpathSync(p);
        if (fs.statSync(target).isDirectory()) return "is a directory";
        fs.accessSync(target, fs.constants.W_OK);
        return null;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "ENOENT") return describeFsError(e);
      }
      // A new file: its directory must exist and be writable (a dangling symlink writes its target).
      const dir = path.dirname(target);
      try {
        if (!fs.statSync(dir).isDirectory()) return "not a directory";
        fs.accessSync(dir, fs.constants.W_OK);
        return null;
      } catch (e) {
        return (e as NodeJS.ErrnoException).code === "ENOENT" ? "no such directory" : describeFsError(e);
      }
    },
    env: process.env,
    stderrIsTTY: process.stderr.isTTY === true,
    onInterrupt: (handler) => {
      let seen = false;
      const on = (): void => {
        if (seen) process.exit(130);
        seen = true;
        handler();
      };
      process.on("SIGINT", on);
      return () => void process.off("SIGINT", on);
    },
  };
}

/** A program text and the name diagnostics use for it. */
export interface Source {
  file: string;
  text: string;
}

/**
 * Whether `text` is not text: a NUL in its first 8,000 characters (git's test), or many
 * control characters or undecodable bytes (U+FFFD) there.
 */
export function looksBinary(text: string): boolean {
  const head = text.slice(0, 8000);
  if (head.includes("\0")) return true;
  const odd = head.match(/[\x01-\x08\x0e-\x1a\x1c-\x1f\x7f\ufffd]/g)?.length ?? 0;
  return head.length > 0 && odd * 10 > head.length;
}

/** `s` with every non-printable character shown as `\xNN` / `\u{N}`: diagnostics never echo raw bytes. */
export function printable(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]/gu, (c) => {
    const n = c.codePointAt(0)!;
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, "0")}` : `\\u{${n.toString(16)}}`;
  });
}

/** `source` with each non-printable character replaced by U+FFFD, one for one (carets stay aligned). */
export function printableSource(source: string): string {
  return source.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]/g, "\ufffd");
}

/** Reads FILE, or standard input for `-`; an unreadable or binary file is a UsageError. */
export async function readSource(io: Io, file: string): Promise<Source> {
  let src: Source;
  if (file === "-") src = { file: "<stdin>", text: await io.readStdin() };
  else {
    try {
      src = { file, text: io.readFile(file) };
    } catch (e) {
      throw new UsageError(`cannot read '${printable(file)}': ${describeFsError(e)}`);
    }
  }
  if (looksBinary(src.text)) throw new UsageError(`'${printable(src.file)}' is a binary file, not ompir IR text`);
  return src;
}

/**
 * Refuses, before any work, outputs that would destroy an input (the same file by inode,
 * so through a symlink or another spelling too), two outputs on one file, and outputs that
 * cannot be written. `outputs` pairs a flag with its path; `-` (standard streams) is skipped.
 */
export function checkOutputs(io: Io, command: string, inputs: readonly string[], outputs: readonly (readonly [flag: string, path: string | undefined])[]): void {
  const seen: [string, string][] = [];
  for (const [flag, out] of outputs) {
    if (out === undefined || out === "-") continue;
    for (const input of inputs) {
      if (input !== "-" && (io.sameFile(input, out) || path.resolve(input) === path.resolve(out))) {
        throw new UsageError(`${command}: ${flag} '${printable(out)}' is the input file; refusing to overwrite it (write to another file)`);
      }
    }
    for (const [otherFlag, other] of seen) {
      if (io.sameFile(other, out) || path.resolve(other) === path.resolve(out)) throw new UsageError(`${command}: ${otherFlag} and ${flag} both write '${printable(out)}'`);
    }
    seen.push([flag, out]);
    const problem = io.outputProblem?.(out) ?? null;
    if (problem !== null) throw new UsageError(`${command}: cannot write ${flag} '${printable(out)}': ${problem}`);
  }
}

/** Writes OUT (`-` = stdout); a failure is a UsageError. */
export function writeOutput(io: Io, out: string, text: string): void {
  if (out === "-") {
    io.stdout(text);
    return;
  }
  try {
    io.writeFile(out, text);
  } catch (e) {
    throw new UsageError(`cannot write '${printable(out)}': ${describeFsError(e)}`);
  }
}

export function describeFsError(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "not a directory";
    default:
      return typeof code === "string" ? code : firstLine(e instanceof Error ? e.message : String(e));
  }
}

export function firstLine(s: string): string {
  const nl = s.indexOf("\n");
  return nl < 0 ? s : s.slice(0, nl);
}

/**
 * Help rows `  KEY  text`, texts aligned at column 26; a key too long for that column gets
 * its text on the next line.
 */
export function formatRows(rows: readonly (readonly [key: string, text: string])[]): string[] {
  const col = 26;
  return rows.flatMap(([k, t]) => (k.length + 4 <= col ? [`  ${k.padEnd(col - 2)}${t}`] : [`  ${k}`, `${" ".repeat(col)}${t}`]));
}

/**
 * util.parseArgs option descriptions (its own type for them is not exported), plus
 * `optionalValue`: the value a string option takes when given bare (`--print-changed`).
 */
export type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean; default?: string | boolean | string[] | boolean[]; optionalValue?: string }>;
type CommandArgsConfig<O extends OptionSpec> = { args: string[]; options: O; allowPositionals: true; strict: true };
export type CommandArgs<O extends OptionSpec> = ReturnType<typeof parseArgs<CommandArgsConfig<O & typeof COMMON_OPTIONS>>>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  "ferror-limit": { type: "string" },
} as const satisfies OptionSpec;

/** How many errors a command prints before it stops (`-ferror-limit=N`, 0 = no limit; clang's default 20). */
export function errorLimit(command: string, v: string | undefined): number {
  if (v === undefined) return 20;
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(Number(v))) throw new UsageError(`${command}: -ferror-limit expects an integer >= 0 (0: no limit), got '${printable(v)}'`);
  return Number(v) === 0 ? Infinity : Number(v);
}

function unknownOption(command: string, typed: string, dashes: string, longs: readonly string[]): UsageError {
  const name = typed.slice(dashes.length);
  const c = closest(name, longs.filter((l) => l.length > 1));
  return new UsageError(`unknown option '${printable(typed)}' for '${command}'${c === undefined ? "" : ` (did you mean '${dashes}${c}'?)`}`);
}

/** Whether `tok` is an option of `spec` as normaliseArgv reads it (else it may be a value, like `-1`). */
function isOptionSpelling(tok: string, spec: OptionSpec, shortOf: ReadonlyMap<string, string>): boolean {
  if (tok === "-" || !tok.startsWith("-")) return false;
  const name = tok.replace(/^--?/, "").replace(/=.*$/, "");
  return name in spec || (tok.length === 2 && shortOf.has(tok[1]!)) || (/^-O\d$/.test(tok) && "O" in spec);
}

/**
 * What LLVM users type, turned into what util.parseArgs reads: `-passes=x` → `--passes=x`
 * (one dash for any long option), `-O1`/`-O2`/`-O3` → `-O`, `--opt VALUE` → `--opt=VALUE`
 * (so `--teams -1` reaches the range check instead of looking like an option), a bare
 * optional-value flag → its default value. An unknown option is named as typed, with the
 * closest known one.
 */
export function normaliseArgv(command: string, argv: readonly string[], spec: OptionSpec): string[] {
  const longs = Object.keys(spec);
  const shortOf = new Map(Object.entries(spec).filter(([, o]) => o.short !== undefined).map(([n, o]) => [o.short!, n]));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      out.push(...argv.slice(i));
      break;
    }
    if (a === "-" || !a.startsWith("-")) {
      out.push(a);
      continue;
    }
    const dashes = a.startsWith("--") ? "--" : "-";
    const body = a.slice(dashes.length);
    const eq = body.indexOf("=");
    const name = eq < 0 ? body : body.slice(0, eq);
    if (dashes === "-" && !(name.length > 1 && name in spec)) {
      if (/^O\d$/.test(body) && "O" in spec) {
        if (body === "O0") throw new UsageError(`${command}: -O0 is not a level: leave out -O for no optimisation (-O1, -O2 and -O3 all mean -O)`);
        out.push("-O");
        continue;
      }
      const short = shortOf.get(body[0]!);
      // `-o`, `-ofile`, `-O`: short options, for util.parseArgs to read.
      if (body.length === 1 || (short !== undefined && spec[short]!.type === "string")) {
        out.push(a);
        continue;
      }
      throw unknownOption(command, dashes + name, dashes, longs);
    }
    if (!(name in spec)) throw unknownOption(command, dashes + name, dashes, longs);
    const o = spec[name]!;
    if (o.type === "string" && eq < 0) {
      if (o.optionalValue !== undefined) {
        out.push(`--${name}=${o.optionalValue}`);
        continue;
      }
      const next = argv[i + 1];
      if (next === undefined || next === "--" || isOptionSpelling(next, spec, shortOf)) throw new UsageError(`option '${dashes}${name}' needs a value (for '${command}')`);
      out.push(`--${name}=${next}`);
      i++;
      continue;
    }
    out.push(`--${body}`);
  }
  return out;
}

/**
 * util.parseArgs in strict mode after normaliseArgv, with its errors turned into one-line
 * UsageErrors that name the command (`unknown option '--foo' for 'check'`).
 */
export function parseCommandArgs<O extends OptionSpec>(command: string, argv: string[], options: O): CommandArgs<O> {
  const spec: OptionSpec = { ...COMMON_OPTIONS, ...options };
  const args = normaliseArgv(command, argv, spec);
  const forParseArgs = Object.fromEntries(Object.entries(spec).map(([k, { optionalValue: _, ...o }]) => [k, o]));
  try {
    return parseArgs({ args, options: forParseArgs, allowPositionals: true, strict: true }) as CommandArgs<O>;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const msg = err.message ?? String(e);
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const m = /Unknown option '([^']*)'/.exec(msg);
      throw new UsageError(`unknown option '${printable(m ? m[1]! : "?")}' for '${command}'`);
    }
    if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const m = /Option '([^']*)'/.exec(msg);
      // A one-letter option (`-D`, `-I`) is named as it is spelled, with one dash.
      const opt = m ? m[1]!.replace(/^-\w, /, "").replace(/ <value>$/, "").replace(/^--(\w)$/, "-$1") : "?";
      throw new UsageError(/argument missing/.test(msg) ? `option '${opt}' needs a value (for '${command}')` : `option '${opt}' takes no value (for '${command}')`);
    }
    throw new UsageError(`${firstLine(msg)} (for '${command}')`);
  }
}
