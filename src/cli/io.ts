// The CLI's window on the world. Commands never touch process/fs directly: they get an Io,
// so tests run main() in-process with a fake one, and every failure the user can cause
// becomes a one-line message and an exit status instead of a stack trace.

import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";

export interface Io {
  stdout(s: string): void;
  stderr(s: string): void;
  /** The text of a file; throws a Node-style error (with `code`) if it cannot be read. */
  readFile(path: string): string;
  readStdin(): Promise<string>;
  /** Replaces `path` with `text` atomically (a crash leaves the old file or the new one). */
  writeFile(path: string, text: string): void;
  /** Whether two paths name the same existing file (for "do not clobber the input"). */
  sameFile(a: string, b: string): boolean;
  /** Environment variables the commands may consult (e.g. OMP_REVERSE_OFFLOAD_THREADS). */
  env: Readonly<Record<string, string | undefined>>;
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
      else if (code === "EPIPE") process.exit(process.exitCode ?? 0);
      else throw e;
    }
  }
}

/** The process's Io. */
export function nodeIo(): Io {
  // `ompir fmt x.oir | head` closes the pipe early: that is not an error worth a trace.
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw e;
  });
  return {
    // Synchronous, so `ompir run` streams a program's output in bounded memory even into a
    // slow pipe (process.stdout queues pipe writes without limit).
    stdout: (s) => writeAllSync(1, s),
    stderr: (s) => process.stderr.write(s),
    readFile: (p) => fs.readFileSync(p, "utf8"),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    writeFile: (p, text) => {
      // Temp file in the same directory, so rename() stays on one file system and is atomic.
      const tmp = path.join(path.dirname(p), `.${path.basename(p)}.${process.pid}.tmp`);
      try {
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, p);
      } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw e;
      }
    },
    sameFile: (a, b) => {
      try {
        const sa = fs.statSync(a);
        const sb = fs.statSync(b);
        return sa.dev === sb.dev && sa.ino === sb.ino;
      } catch {
        return false;
      }
    },
    env: process.env,
  };
}

/** A program text and the name diagnostics use for it. */
export interface Source {
  file: string;
  text: string;
}

/** Reads FILE, or standard input for `-`; an unreadable file is a UsageError. */
export async function readSource(io: Io, file: string): Promise<Source> {
  if (file === "-") return { file: "<stdin>", text: await io.readStdin() };
  try {
    return { file, text: io.readFile(file) };
  } catch (e) {
    throw new UsageError(`cannot read '${file}': ${describeFsError(e)}`);
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
    throw new UsageError(`cannot write '${out}': ${describeFsError(e)}`);
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

/** util.parseArgs option descriptions (its own type for them is not exported). */
export type OptionSpec = Record<string, { type: "string" | "boolean"; short?: string; multiple?: boolean; default?: string | boolean | string[] | boolean[] }>;
type CommandArgsConfig<O extends OptionSpec> = { args: string[]; options: O; allowPositionals: true; strict: true };
export type CommandArgs<O extends OptionSpec> = ReturnType<typeof parseArgs<CommandArgsConfig<O>>>;

/**
 * util.parseArgs in strict mode, with its errors turned into one-line UsageErrors that name
 * the command (`unknown option '--foo' for 'check'`).
 */
export function parseCommandArgs<O extends OptionSpec>(command: string, argv: string[], options: O): CommandArgs<O> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (e) {
    const err = e as { code?: string; message?: string };
    const msg = err.message ?? String(e);
    if (err.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
      const m = /Unknown option '([^']*)'/.exec(msg);
      throw new UsageError(`unknown option '${m ? m[1] : "?"}' for '${command}'`);
    }
    if (err.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") {
      const m = /Option '([^']*)'/.exec(msg);
      const opt = m ? m[1]!.replace(/^-\w, /, "").replace(/ <value>$/, "") : "?";
      throw new UsageError(/argument missing/.test(msg) ? `option '${opt}' needs a value (for '${command}')` : `option '${opt}' takes no value (for '${command}')`);
    }
    throw new UsageError(`${firstLine(msg)} (for '${command}')`);
  }
}
