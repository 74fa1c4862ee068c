// `ompir serve [--port N] [--host H]`: serves the playground (dist/playground, built by
// `npm run build:playground`) over HTTP on the loopback interface. The server only hands out
// the built files; all compiling and running happens in the page's workers.
//
// servePlayground is the library function (the tests start it on port 0); the command adds
// flags, a line naming the URL, and stops on SIGINT/SIGTERM.

import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "./io.js";
import { UsageError, firstLine, parseCommandArgs, printable } from "./io.js";

export interface ServeOptions {
  /** The folder to serve (default: the built playground, playgroundDir()). */
  root?: string;
  /** 0 picks a free port. Default 8080. */
  port?: number;
  /** Default 127.0.0.1: nothing outside the machine can connect. */
  host?: string;
}

export interface PlaygroundServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export const DEFAULT_PORT = 8080;

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

// The page may load and connect to nothing but this server; the simulator compiles kernels
// with `new Function` and the workers instantiate WebAssembly.
const CSP = "default-src 'self'; script-src 'self' 'unsafe-eval' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'";

/** Where `npm run build:playground` puts the page: dist/playground beside dist/cli. */
export function playgroundDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // dist/cli/serve.js → dist/playground; src/cli/serve.ts (tests) → dist/playground.
  const candidates = [path.resolve(here, "../playground"), path.resolve(here, "../../dist/playground")];
  return candidates.find((d) => fs.existsSync(path.join(d, "index.html"))) ?? candidates[0]!;
}

/** The file a request names under `root`, or null (outside it, or no such file). */
function fileFor(root: string, url: string): string | null {
  let rel: string;
  try {
    rel = decodeURIComponent(new URL(url, "http://x").pathname);
  } catch {
    return null;
  }
  if (rel.includes("\0")) return null;
  let file = path.resolve(root, "." + path.posix.normalize(rel));
  if (file !== root && !file.startsWith(root + path.sep)) return null;
  try {
    if (fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    return fs.statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

export function servePlayground(opts: ServeOptions = {}): Promise<PlaygroundServer> {
  const root = path.resolve(opts.root ?? playgroundDir());
  if (!fs.existsSync(path.join(root, "index.html"))) {
    return Promise.reject(new UsageError(`serve: the playground is not built (no ${printable(path.join(root, "index.html"))}): run 'npm run build:playground'`));
  }
  const server = http.createServer((req, res) => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { Allow: "GET, HEAD" }).end();
      return;
    }
    const file = fileFor(root, req.url ?? "/");
    if (file === null) {
      res.writeHead(404, { "Content-Type": "text/plain; charset=utf-8" }).end("not found\n");
      return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, {
      "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
      "Content-Length": body.length,
      "Cache-Control": "no-cache",
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": CSP,
    });
    res.end(req.method === "HEAD" ? undefined : body);
  });
  const host = opts.host ?? "127.0.0.1";
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      const port = opts.port ?? DEFAULT_PORT;
      if (e.code === "EADDRINUSE" || e.code === "EACCES") {
        reject(new UsageError(`serve: --port ${port}: ${e.code === "EADDRINUSE" ? "address in use" : "permission denied"} (try another port)`));
      } else {
        const why = e.code === "EADDRNOTAVAIL" ? "not an address of this machine" : e.code === "ENOTFOUND" ? "no such host" : firstLine(e.message);
        reject(new UsageError(`serve: --host ${printable(host)}: ${why}`));
      }
    });
    server.listen(opts.port ?? DEFAULT_PORT, host, () => {
      const port = (server.address() as AddressInfo).port;
      const shown = host.includes(":") ? `[${host}]` : host;
      resolve({
        url: `http://${shown}:${port}/`,
        port,
        close: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}

function portValue(v: string | undefined): number {
  if (v === undefined) return DEFAULT_PORT;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > 65535) throw new UsageError(`serve: --port expects an integer from 0 to 65535, got '${printable(v)}'`);
  return n;
}

export const serveCommand: Command = {
  name: "serve",
  summary: "serve the playground (compile, run and trace in the browser)",
  help: [
    "usage: ompir serve [--port N] [--host H]",
    "",
    "Serves the playground, a web page that edits, compiles, runs and traces ompir programs",
    "(docs/PLAYGROUND.md), at http://127.0.0.1:8080/ until interrupted. Everything runs in the",
    "page; the server only sends the built files (npm run build:playground).",
    "",
    "options:",
    `  --port N   listen on port N (default ${DEFAULT_PORT}; 0: any free port)`,
    "  --host H   listen on address H (default 127.0.0.1, this machine only)",
  ].join("\n"),
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs("serve", argv, { port: { type: "string" }, host: { type: "string" } });
    if (positionals.length > 0) throw new UsageError(`serve: unexpected argument '${printable(positionals[0]!)}' (try 'ompir serve --help')`);
    const port = portValue(values.port);
    const host = values.host ?? "127.0.0.1";
    const server = await servePlayground({ port, host });
    io.stdout(`ompir playground: ${server.url} (Ctrl+C stops)\n`);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        void server.close().then(done);
      };
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    });
    return 0;
  },
};
