// `ompir serve`: the library function serves a folder's files on loopback (the right types,
// nothing outside the folder); the command names the flag of a bad port and says how to build
// the page when it is missing.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import * as fs from "node:fs";
import * as http from "node:http";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../src/cli/main.js";
import { servePlayground } from "../../src/cli/serve.js";
import type { PlaygroundServer } from "../../src/cli/serve.js";
import { UsageError } from "../../src/cli/io.js";
import { fakeIo } from "../cli/fake-io.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-serve-"));
const site = path.join(dir, "site");
let server: PlaygroundServer;

function get(url: string, method = "GET"): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method }, (res) => {
      let body = "";
      res.on("data", (c: Buffer) => (body += c.toString("utf8")));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body }));
    });
    req.on("error", reject);
    req.end();
  });
}

beforeAll(async () => {
  fs.mkdirSync(path.join(site, "sub"), { recursive: true });
  fs.writeFileSync(path.join(site, "index.html"), "<!doctype html><title>t</title>");
  fs.writeFileSync(path.join(site, "main.js"), "export {};");
  fs.writeFileSync(path.join(site, "x.wasm"), "\0asm");
  fs.writeFileSync(path.join(dir, "secret.txt"), "secret");
  server = await servePlayground({ root: site, port: 0 });
});

afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("servePlayground", () => {
  test("listens on loopback and serves the folder's files with their types", async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(await get(server.url)).toMatchObject({ status: 200, type: "text/html; charset=utf-8", body: "<!doctype html><title>t</title>" });
    expect(await get(server.url + "main.js")).toMatchObject({ status: 200, type: "text/javascript; charset=utf-8" });
    expect(await get(server.url + "x.wasm")).toMatchObject({ status: 200, type: "application/wasm" });
    expect(await get(server.url + "main.js", "HEAD")).toMatchObject({ status: 200, body: "" });
  });

  test("nothing outside the folder, no other method", async () => {
    for (const p of ["../secret.txt", "%2e%2e/secret.txt", "sub/../../secret.txt", "..%2fsecret.txt", "nope.js", "sub/", "%00"]) {
      expect({ p, status: (await get(server.url + p)).status }).toEqual({ p, status: 404 });
    }
    expect((await get(server.url, "POST")).status).toBe(405);
  });

  test("a port in use is a usage error naming --port; a bad address names --host", async () => {
    await expect(servePlayground({ root: site, port: server.port })).rejects.toThrow(`serve: --port ${server.port}: address in use (try another port)`);
    await expect(servePlayground({ root: site, port: 0, host: "192.0.2.1" })).rejects.toThrow("serve: --host 192.0.2.1: not an address of this machine");
  });

  test("a folder without the page says how to build it", async () => {
    await expect(servePlayground({ root: dir, port: 0 })).rejects.toThrow(UsageError);
    await expect(servePlayground({ root: dir, port: 0 })).rejects.toThrow(/npm run build:playground/);
  });
});

describe("ompir serve", () => {
  test.each([["x"], ["-1"], ["65536"], ["1.5"], [""]])("--port %p is a usage error naming the flag", async (port) => {
    const io = fakeIo();
    expect(await main(["serve", "--port", port], io)).toBe(2);
    expect(io.err).toBe(`ompir: serve: --port expects an integer from 0 to 65535, got '${port}'\n`);
  });

  test("no arguments but options; --help describes it", async () => {
    const io = fakeIo();
    expect(await main(["serve", "site"], io)).toBe(2);
    expect(io.err).toMatch(/^ompir: serve: unexpected argument 'site'/);
    const help = fakeIo();
    expect(await main(["serve", "--help"], help)).toBe(0);
    expect(help.out).toMatch(/--port N .*default 8080/);
    expect(help.out).toMatch(/127\.0\.0\.1/);
  });
});
