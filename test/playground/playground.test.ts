// The playground in a real browser: builds the page, serves it with `ompir serve`'s library
// function, drives Debian's headless Chromium with playwright-core and checks what the page
// shows against the CLI run in-process on the same input: the pass list and its changed
// marks, a before/after pair, the remarks, the run's output, exit code and stats, the
// timeline's tracks, slices and arrows, and the downloaded trace byte for byte. Then an
// edit that breaks the input (the diagnostic at its line), a link that restores a session,
// a run that is cancelled, and a screenshot per panel that must not be blank.
//
// Chromium comes from the system (`apt-get install chromium`; .ci/run installs it): the test
// fails with that advice when it is missing, it never skips.
import { afterAll, beforeAll, describe, expect, test } from "@jest/globals";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as zlib from "node:zlib";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { main } from "../../src/cli/main.js";
import { servePlayground } from "../../src/cli/serve.js";
import type { PlaygroundServer } from "../../src/cli/serve.js";
import { fakeIo } from "../cli/fake-io.js";

const root = path.resolve(import.meta.dirname, "../..");
const CHROMIUM = process.env["OMPIR_CHROMIUM"] ?? "/usr/bin/chromium";
const work = fs.mkdtempSync(path.join(os.tmpdir(), "ompir-playground-"));
const site = path.join(work, "site");
/** Screenshots stay here after the run, for a person to look at. */
const shots = path.join(os.tmpdir(), "ompir-playground-shots");

let server: PlaygroundServer;
let browser: Browser;
let page: Page;
const timings: Record<string, number[]> = { interactive: [], recompile: [], run: [] };

const examples = [
  ...fs.readdirSync(path.join(root, "examples")).filter((f) => f.endsWith(".oir")).sort().map((f) => ({ name: f, file: path.join(root, "examples", f) })),
  ...fs.readdirSync(path.join(root, "examples/c")).filter((f) => f.endsWith(".c")).sort().map((f) => ({ name: f, file: path.join(root, "examples/c", f) })),
];

/** `ompir ARGS` in-process on `files`: exit status, standard output and error, files written. */
async function cli(args: string[], files: Record<string, string>) {
  const io = fakeIo(files);
  const code = await main(args, io);
  return { code, out: io.out, err: io.err, files: io.files };
}

beforeAll(async () => {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`the playground tests need Chromium at ${CHROMIUM}: install Debian's package (apt-get install chromium) or set OMPIR_CHROMIUM`);
  }
  const built = spawnSync(process.execPath, [path.join(root, "playground/build.mjs"), "--out", site, "--quiet"], { encoding: "utf8" });
  expect(built.stderr).toBe("");
  expect(built.status).toBe(0);
  server = await servePlayground({ root: site, port: 0 });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox"] });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  // Offline: any request that is not to the playground's own server fails the test.
  const foreign: string[] = [];
  await context.route("**/*", (r) => (r.request().url().startsWith(server.url) || /^(data|blob):/.test(r.request().url()) ? r.continue() : (foreign.push(r.request().url()), r.abort())));
  page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  (globalThis as { __pageErrors?: string[]; __foreign?: string[] }).__pageErrors = errors;
  (globalThis as { __foreign?: string[] }).__foreign = foreign;
  fs.rmSync(shots, { recursive: true, force: true });
  fs.mkdirSync(shots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  fs.rmSync(work, { recursive: true, force: true });
  // The figures docs/PLAYGROUND.md quotes.
  const med = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(0) : "-");
  const max = (xs: number[]) => (xs.length ? Math.max(...xs).toFixed(0) : "-");
  console.log(`playground timings (ms): interactive ${med(timings.interactive!)}; recompile median ${med(timings.recompile!)} max ${max(timings.recompile!)}; run median ${med(timings.run!)} max ${max(timings.run!)}`);
});

async function pageTimings(): Promise<{ interactive: number; compile: number[]; run: number[] }> {
  return page.evaluate(() => (window as unknown as { __playground: { interactive: number; compile: number[]; run: number[] } }).__playground);
}

/** Waits until the page has compiled again after `before` (its compile counter). */
async function compiledAfter(before: string | undefined): Promise<void> {
  await page.waitForFunction((b) => document.body.dataset["compiled"] !== undefined && document.body.dataset["compiled"] !== b, before, { timeout: 20_000 });
}

async function ranAfter(before: string | undefined): Promise<void> {
  await page.waitForFunction((b) => document.body.dataset["ran"] !== undefined && document.body.dataset["ran"] !== b, before, { timeout: 30_000 });
}

const data = (sel: string, key: string) => page.$eval(sel, (e, k) => (e as HTMLElement).dataset[k as string], key);

/** A screenshot of one panel; fails if it is blank (one colour, or nearly). */
async function shoot(selector: string, name: string): Promise<void> {
  const png = await page.locator(selector).screenshot({ path: path.join(shots, `${name}.png`) });
  const { colours, top } = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement("canvas");
    c.width = img.width;
    c.height = img.height;
    const g = c.getContext("2d")!;
    g.drawImage(img, 0, 0);
    const px = g.getImageData(0, 0, c.width, c.height).data;
    const counts = new Map<number, number>();
    for (let i = 0; i < px.length; i += 4) {
      const k = (px[i]! << 16) | (px[i + 1]! << 8) | px[i + 2]!;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return { colours: counts.size, top: Math.max(...counts.values()) / (px.length / 4) };
  }, png.toString("base64"));
  expect({ name, blank: colours < 3 || top > 0.995 }).toEqual({ name, blank: false });
}

describe("the playground", () => {
  test("loads offline, from the server only, and becomes interactive", async () => {
    await page.goto(server.url);
    await page.waitForSelector("body[data-ready='1']", { timeout: 20_000 });
    const t = await pageTimings();
    timings.interactive!.push(t.interactive);
    expect(await page.textContent("#file-name")).toBe("saxpy.oir");
    expect(await page.$$eval("#example option", (os) => os.map((o) => o.textContent))).toEqual(["(pick an example)", ...examples.map((e) => e.name)]);
    // The .oir mode from the TextMate grammar colours tokens (keywords, types, names).
    expect(await page.$$eval("#editor .cm-line span", (s) => s.length)).toBeGreaterThan(50);
    // Jest's default 5 s would cut short the 20 s the page may take to load on a busy machine.
  }, 30_000);

  test.each(examples.map((e) => [e.name, e.file] as const))("%s: passes, before/after, remarks, run and timeline match the CLI", async (name, file) => {
    const text = fs.readFileSync(file, "utf8");
    const files = { [name]: text };
    const before = await data("body", "compiled");
    await page.selectOption("#example", { label: name });
    await compiledAfter(before);
    expect(await page.textContent("#file-name")).toBe(name);

    // The pass list: -O's passes, each marked changed as --dump-pipeline-json says.
    const names = (await cli(["opt", name, "-O", "--print-pipeline-passes"], files)).out.trim().split(",");
    const shown = await page.$$eval("#pass-list button", (bs) => bs.map((b) => ({ text: b.textContent!, changed: b.classList.contains("changed") })));
    expect(shown.map((s) => /^\S+ \d+\. (\S+)/.exec(s.text)?.[1])).toEqual(names);
    const opt = await cli(["opt", name, "-O", "--dump-pipeline-json", "p.json", "--remarks", "-o", "out.oir"], files);
    expect(opt.err.replace(/^(?!.*: remark: ).*\n?/gm, "")).toBe(opt.err.replace(/^(?!.*: remark: ).*\n?/gm, ""));
    const json = JSON.parse(opt.files.get("p.json")!) as { results: Record<string, { name: string; irChanged: boolean; before: { text: string }[]; after: { text: string }[] }[]> };
    const full = Object.entries(json.results).filter(([, rows]) => rows.length === names.length);
    names.forEach((_, i) => {
      const cliChanged = full.some(([, rows]) => rows[i]!.irChanged);
      if (full.length === Object.keys(json.results).length) expect({ pass: i, changed: shown[i]!.changed }).toEqual({ pass: i, changed: cliChanged });
      else if (cliChanged) expect({ pass: i, changed: shown[i]!.changed }).toEqual({ pass: i, changed: true });
    });

    // A before/after pair: the first pass that changed a function, that function's texts.
    const pair = full.flatMap(([fn, rows]) => rows.map((r, i) => ({ fn, i, r }))).find((x) => x.r.irChanged) ?? (full[0] ? { fn: full[0][0], i: 0, r: full[0][1][0]! } : undefined);
    if (pair !== undefined) {
      await page.selectOption("#fn", pair.fn);
      await page.click(`#pass-list button[data-index="${pair.i}"]`);
      const lines = (t: string | undefined) => (t ?? "").replace(/\n$/, "");
      expect(lines(await data("#before", "text"))).toBe(pair.r.before.map((l) => l.text).join("\n"));
      expect(lines(await data("#after", "text"))).toBe(pair.r.after.map((l) => l.text).join("\n"));
    }

    // Remarks: the same lines `ompir opt -O --remarks` prints (first line of each).
    const cliRemarks = opt.err.split("\n").filter((l) => / remark: /.test(l));
    const pageRemarks = (await page.$$eval("#remarks li button", (bs) => bs.map((b) => b.textContent!))).map((t) => t.split("\n")[0]!);
    expect(pageRemarks).toEqual(cliRemarks);

    // The run: output, exit code, faults, stats, timeline, against `ompir run -O`.
    const ran = await data("body", "ran");
    await page.click("#run");
    await ranAfter(ran);
    const run = await cli(["run", name, "-O", "--stats", "--trace", "t.json"], files);
    expect(await page.textContent("#output")).toBe(run.out);
    expect(Number(await data("#run-summary", "exit"))).toBe(run.code);
    const statsText = (await page.textContent("#stats-text"))!;
    expect(statsText.length).toBeGreaterThan(0);
    expect(run.err).toContain(statsText);
    const fault = (await page.textContent("#fault"))!;
    if (fault !== "") expect(run.err).toContain(fault);
    expect(await page.$$eval("#stats table tbody tr", (rs) => rs.length)).toBeGreaterThan(0);
    expect(await page.textContent("#speedup")).toMatch(/speed-up of -O: [\d.]+×; same output: yes/);
    const trace = JSON.parse(run.files.get("t.json")!) as { traceEvents: { ph: string; name: string }[] };
    expect(Number(await data("#timeline", "slices"))).toBe(trace.traceEvents.filter((e) => e.ph === "X").length);
    expect(Number(await data("#timeline", "arrows"))).toBe(trace.traceEvents.filter((e) => e.ph === "f").length);
    expect(Number(await data("#timeline", "tracks"))).toBe(trace.traceEvents.filter((e) => e.ph === "M" && e.name === "thread_name").length);
    const t = await pageTimings();
    timings.recompile!.push(t.compile[t.compile.length - 1]!);
    timings.run!.push(t.run[t.run.length - 1]!);
    if (name === "revoffload_threads.oir") {
      await page.click("#tab-timeline");
      const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-trace")]);
      expect(fs.readFileSync((await download.path())!, "utf8")).toBe(run.files.get("t.json"));
      await page.click("#tab-pipeline");
    }
  }, 30_000);

  test("an error typed into the editor is shown at its line, as `ompir check` reports it", async () => {
    const before = await data("body", "compiled");
    await page.selectOption("#example", { label: "saxpy.oir" });
    await compiledAfter(before);
    const text = fs.readFileSync(path.join(root, "examples/saxpy.oir"), "utf8");
    // A new line after `%tid = …` with an instruction that does not exist.
    const line = text.split("\n").findIndex((l) => l.includes("%tid = omp.thread_num")) + 2;
    const edited = await data("body", "compiled");
    await page.keyboard.press("Alt+1");
    await page.keyboard.press("Control+Home");
    for (let i = 2; i < line; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("End");
    await page.keyboard.type("\n  %z = frobnicate i32 1");
    await compiledAfter(edited);
    // Typing recompiles as it goes: wait for the compile of the whole edit, not of a prefix.
    await page.waitForFunction(() => {
      const doc = [...document.querySelectorAll(".cm-line")].map((l) => l.textContent).join("\n");
      return document.body.dataset["compiledChars"] === String(doc.length);
    }, undefined, { timeout: 20_000 });
    // The editor indents the new line as it likes: take its text as it is.
    const broken = await page.$$eval(".cm-line", (ls) => ls.map((l) => l.textContent).join("\n"));
    expect(broken.split("\n")[line - 1]!.trim()).toBe("%z = frobnicate i32 1");
    const check = await cli(["check", "saxpy.oir"], { "saxpy.oir": broken });
    expect(check.code).toBe(2);
    const first = check.err.split("\n")[0]!;
    expect(first).toMatch(new RegExp(`^saxpy\\.oir:${line}:\\d+: error: `));
    const problems = await page.$$eval("#problems li", (ls) => ls.map((l) => ({ severity: (l as HTMLElement).dataset["severity"], line: Number((l as HTMLElement).dataset["line"]), text: l.textContent! })));
    expect(problems[0]).toEqual({ severity: "error", line, text: `error, line ${line}: ${first}` });
    // In the editor: a marker in the gutter of that line, the message on hover.
    expect(await page.$$eval(".cm-lint-marker-error", (ms) => ms.length)).toBeGreaterThan(0);
    await shoot("#panel-editor", "editor");
    const t = await pageTimings();
    timings.recompile!.push(t.compile[t.compile.length - 1]!);
  }, 30_000);

  test("an error typed into C is shown at its line, as `ompir check` reports it", async () => {
    const before = await data("body", "compiled");
    await page.selectOption("#example", { label: "saxpy.c" });
    await compiledAfter(before);
    const text = fs.readFileSync(path.join(root, "examples/c/saxpy.c"), "utf8");
    const line = text.split("\n").findIndex((l) => l.startsWith("int main(")) + 2;
    const edited = await data("body", "compiled");
    await page.keyboard.press("Alt+1");
    await page.keyboard.press("Control+Home");
    for (let i = 2; i < line; i++) await page.keyboard.press("ArrowDown");
    await page.keyboard.press("End");
    await page.keyboard.type("\nnot_declared = 3;");
    await compiledAfter(edited);
    const broken = await page.$$eval(".cm-line", (ls) => ls.map((l) => l.textContent).join("\n"));
    expect(broken.split("\n")[line - 1]!.trim()).toBe("not_declared = 3;");
    const check = await cli(["check", "saxpy.c"], { "saxpy.c": broken });
    expect(check.code).toBe(2);
    const first = check.err.split("\n")[0]!;
    expect(first).toMatch(new RegExp(`^saxpy\\.c:${line}:\\d+: error: `));
    const problems = await page.$$eval("#problems li", (ls) => ls.map((l) => ({ severity: (l as HTMLElement).dataset["severity"], line: Number((l as HTMLElement).dataset["line"]), text: l.textContent! })));
    expect(problems[0]).toEqual({ severity: "error", line, text: `error, line ${line}: ${first}` });
    expect(await page.$$eval(".cm-lint-marker-error", (ms) => ms.length)).toBeGreaterThan(0);
  }, 30_000);

  test("each panel draws something", async () => {
    const before = await data("body", "compiled");
    await page.selectOption("#example", { label: "generic_broadcast.oir" });
    await compiledAfter(before);
    await shoot("#panel-pipeline", "pipeline");
    await page.selectOption("#view", "diff");
    expect(await page.$$eval("#diff .line-add", (s) => s.length)).toBeGreaterThan(0);
    await page.keyboard.press("Alt+3");
    await page.waitForSelector("#cfg svg", { timeout: 20_000 });
    expect(await data("#cfg", "dot")).toMatch(/^digraph "@/);
    await shoot("#panel-cfg", "cfg");
    const ran = await data("body", "ran");
    await page.keyboard.press("Alt+4");
    await page.keyboard.press("Control+Enter");
    await ranAfter(ran);
    await shoot("#panel-run", "run");
    await page.keyboard.press("Alt+5");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("panel-timeline");
    await shoot("#panel-timeline", "timeline");
  }, 30_000);

  test("a link restores the session; a long run shows progress and is cancelled", async () => {
    const forever = "host @main() -> i32 {\n^entry:\n  br ^spin(0)\n^spin(%i: i32):\n  %j = add i32 %i, 1\n  br ^spin(%j)\n}\n";
    const session = { lang: "oir", file: "spin.oir", text: forever, mode: "none", passes: "", guardScheme: "mask", tab: "run", fn: "", pass: 0 };
    const hash = zlib.deflateRawSync(Buffer.from(JSON.stringify(session))).toString("base64url");
    await page.goto("about:blank");
    await page.goto(`${server.url}#s=${hash}`);
    await page.waitForSelector("body[data-ready='1']", { timeout: 20_000 });
    expect(await page.textContent("#file-name")).toBe("spin.oir");
    expect(await page.$eval("#guard", (s) => (s as HTMLSelectElement).value)).toBe("mask");
    expect(await page.getAttribute("#tab-run", "aria-selected")).toBe("true");
    expect(await page.$$eval(".cm-line", (ls) => ls.map((l) => l.textContent).join("\n"))).toBe(forever);
    await page.click("#run");
    await page.waitForFunction(() => /^running: cycle/.test(document.getElementById("run-summary")!.textContent!), null, { timeout: 20_000 });
    await page.click("#cancel");
    expect(await page.textContent("#run-summary")).toBe("run cancelled");
    // The page's own link (written as the state changes) decodes to the same session.
    await page.waitForFunction(() => location.hash.startsWith("#s="));
    const own = await page.evaluate(() => location.hash.slice(3));
    expect(JSON.parse(zlib.inflateRawSync(Buffer.from(own, "base64url")).toString("utf8"))).toMatchObject({ text: forever, guardScheme: "mask", tab: "run" });
    // A fresh runner answers after the cancel.
    const ran = await data("body", "ran");
    const before = await data("body", "compiled");
    await page.selectOption("#example", { label: "saxpy.oir" });
    await compiledAfter(before);
    await page.click("#run");
    await ranAfter(ran);
    expect(await page.textContent("#output")).toContain("sum = 65536");
  }, 40_000);

  test("the page made no request elsewhere and raised no error", () => {
    expect((globalThis as { __foreign?: string[] }).__foreign).toEqual([]);
    expect((globalThis as { __pageErrors?: string[] }).__pageErrors).toEqual([]);
  });
});
