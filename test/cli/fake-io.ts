// A fake Io for running `main` in-process: an in-memory file system and captured streams.

import * as path from "node:path";
import type { Io } from "../../src/cli/io.js";

export function fakeIo(files: Record<string, string> = {}, stdin = "") {
  const fsys = new Map(Object.entries(files));
  const io = {
    out: "",
    err: "",
    files: fsys,
    stdout(s: string) {
      io.out += s;
    },
    stderr(s: string) {
      io.err += s;
    },
    readFile(p: string) {
      const t = fsys.get(p);
      if (t === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: p.endsWith("/") ? "EISDIR" : "ENOENT" });
      return t;
    },
    readStdin: async () => stdin,
    writeFile(p: string, text: string) {
      fsys.set(p, text);
    },
    sameFile: (a: string, b: string) => path.normalize(a) === path.normalize(b) && fsys.has(a),
    // Directories named `missing/` do not exist.
    outputProblem: (p: string) => (p.startsWith("missing/") ? "no such directory" : null),
    env: {},
  } satisfies Io & Record<string, unknown>;
  return io;
}
