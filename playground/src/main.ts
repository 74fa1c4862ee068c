// The playground page: the editor, the pass pipeline, the CFG, the run and its timeline.
// The page only draws: every compile, CFG and run is a message to a worker (src/worker.ts),
// one for compiling (always answering) and one for runs (terminated to cancel a run).

import { defaultKeymap, history as undoHistory, historyKeymap } from "@codemirror/commands";
import { cpp } from "@codemirror/lang-cpp";
import { defaultHighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { lintGutter, setDiagnostics } from "@codemirror/lint";
import type { Diagnostic as CmDiagnostic } from "@codemirror/lint";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import { diffLines } from "diff";
import examples from "playground:examples";
import type { RevOffloadStats, RunStats, TraceEvent } from "../../src/core.js";
import { oirLanguage } from "./oir-language.js";
import type { Compiled, Job, Lang, Mark, Ran, Reply, Request } from "./protocol.js";
import { Timeline } from "./timeline.js";
import { decodeSession, encodeSession } from "./url-state.js";
import type { Session } from "./url-state.js";

interface Example {
  name: string;
  lang: Lang;
  text: string;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;
const EXAMPLES = examples as Example[];
const TABS = ["pipeline", "cfg", "run", "timeline"] as const;
type Tab = (typeof TABS)[number];

/** Timings for people and the end-to-end test (window.__playground). */
const timings = { interactive: 0, compile: [] as number[], run: [] as number[] };

const state = {
  lang: "oir" as Lang,
  file: "saxpy.oir",
  mode: "-O" as Session["mode"],
  passes: "",
  guardScheme: "auto",
  tab: "pipeline" as Tab,
  fn: "",
  pass: -1,
  compiled: null as Compiled | null,
  ran: null as Ran | null,
  runMarks: [] as Mark[],
};

// ---------------------------------------------------------------------------------------
// Workers

class Channel {
  private worker!: Worker;
  private next = 1;
  private waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  onProgress: (text: string) => void = () => {};
  ready!: Promise<Reply & { type: "ready" }>;

  constructor() {
    this.start();
  }

  private start(): void {
    this.worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
    let resolveReady!: (r: Reply & { type: "ready" }) => void;
    this.ready = new Promise((r) => (resolveReady = r));
    this.worker.onmessage = (e: MessageEvent<Reply>) => {
      const r = e.data;
      if (r.type === "ready") return resolveReady(r);
      if (r.type === "progress") return this.onProgress(r.text);
      const k = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      k?.resolve(r);
    };
  }

  ask<R extends Reply>(q: Request extends infer Q ? (Q extends Request ? Omit<Q, "id"> : never) : never): Promise<R> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (r: Reply) => void, reject });
      this.worker.postMessage({ ...q, id } as Request);
    });
  }

  /** Stops whatever the worker does (a run) and starts a fresh one; pending questions fail. */
  restart(): void {
    this.worker.terminate();
    for (const k of this.waiting.values()) k.reject(new Error("cancelled"));
    this.waiting.clear();
    this.start();
  }
}

const compiler = new Channel();
const runner = new Channel();

// ---------------------------------------------------------------------------------------
// Editor

const language = new Compartment();
const langExtension = (l: Lang) => (l === "c" ? cpp() : oirLanguage);
let compileTimer: ReturnType<typeof setTimeout> | undefined;

const view = new EditorView({
  parent: $("editor"),
  state: EditorState.create({
    doc: "",
    extensions: [
      lineNumbers(), highlightActiveLine(), undoHistory(), lintGutter(),
      // No Tab binding: Tab leaves the editor, so the keyboard can reach every panel.
      keymap.of([{ key: "Mod-Enter", run: () => (void startRun(), true) }, ...defaultKeymap, ...historyKeymap]),
      syntaxHighlighting(defaultHighlightStyle), language.of(oirLanguage),
      EditorView.updateListener.of((u) => {
        if (!u.docChanged) return;
        state.runMarks = [];
        clearTimeout(compileTimer);
        compileTimer = setTimeout(() => void compile(), 150);
        saveSoon();
      }),
      EditorView.contentAttributes.of({ "aria-label": "program text" }),
    ],
  }),
});

function setText(text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
}

function toCm(m: Mark): CmDiagnostic {
  const doc = view.state.doc;
  const line = doc.line(Math.min(Math.max(1, m.line), doc.lines));
  const from = Math.min(line.from + Math.max(0, m.col - 1), line.to);
  // Underline the word at the mark (at least one character).
  const word = /^[\w.@%^$-]+/.exec(doc.sliceString(from, line.to))?.[0].length ?? 1;
  return { from, to: Math.min(line.to, from + Math.max(1, word)), severity: m.severity, message: m.text };
}

/** Every mark in the editor (gutter and underline, text on hover) and in the list below it. */
function showMarks(): void {
  const c = state.compiled;
  const marks = [...(c?.marks ?? []), ...(c?.remarks ?? []).filter((r) => r.line > 0), ...state.runMarks];
  view.dispatch(setDiagnostics(view.state, marks.map(toCm)));
  const list = $("problems");
  list.replaceChildren();
  const all = [...marks, ...(c?.remarks ?? []).filter((r) => r.line <= 0)];
  if (c !== null && c.message !== "") all.unshift({ line: 0, col: 0, severity: "error", text: c.message });
  for (const m of all) {
    const li = document.createElement("li");
    li.dataset["severity"] = m.severity;
    li.dataset["line"] = String(m.line);
    const b = document.createElement("button");
    b.type = "button";
    // The kind in words first: readable without colour.
    b.textContent = `${m.severity === "info" ? "remark" : m.severity}, line ${m.line}: ${m.text.split("\n")[0]}`;
    b.title = m.text;
    b.onclick = () => goToLine(m.line, m.col);
    li.append(b);
    list.append(li);
  }
  if (all.length === 0) list.innerHTML = "<li>none</li>";
}

function goToLine(line: number, col: number): void {
  if (line <= 0) return;
  const l = view.state.doc.line(Math.min(line, view.state.doc.lines));
  view.dispatch({ selection: { anchor: Math.min(l.from + Math.max(0, col - 1), l.to) }, scrollIntoView: true });
  view.focus();
}

// ---------------------------------------------------------------------------------------
// Options and the job

function pipelineText(): string {
  return state.mode === "none" ? "" : state.mode === "-O" ? "-O" : state.passes;
}

function job(): Job {
  return { lang: state.lang, file: state.file, text: view.state.doc.toString(), pipeline: pipelineText(), guardScheme: state.guardScheme };
}

function status(text: string): void {
  $("status").textContent = text;
}

let compileSeq = 0;

async function compile(): Promise<void> {
  const seq = ++compileSeq;
  const start = performance.now();
  const j = job();
  const r = await compiler.ask<Reply & { type: "compiled" }>({ type: "compile", job: j });
  if (seq !== compileSeq) return;
  state.compiled = r.result;
  renderPipeline();
  showMarks();
  const ms = performance.now() - start;
  timings.compile.push(ms);
  const errors = r.result.marks.filter((m) => m.severity === "error").length;
  status(r.result.ok ? `compiled in ${ms.toFixed(0)} ms` : `${errors > 0 ? `${errors} error${errors > 1 ? "s" : ""}` : r.result.message} (${ms.toFixed(0)} ms)`);
  // The length of the text this compile saw, so a test can tell it from one of a partial edit.
  document.body.dataset["compiledChars"] = String(j.text.length);
  document.body.dataset["compiled"] = String(seq);
  if (state.tab === "cfg") void renderCfg();
}

// ---------------------------------------------------------------------------------------
// Pipeline panel

function fnRows(): Compiled["pipeline"][string] {
  return state.compiled?.pipeline[state.fn] ?? [];
}

function renderPipeline(): void {
  const c = state.compiled;
  const fns = c?.functions ?? [];
  if (!fns.includes(state.fn)) {
    // The first function some pass changed, else the first one.
    state.fn = fns.find((f) => c?.pipeline[f]?.some((r) => r.changed)) ?? fns[0] ?? "";
  }
  for (const id of ["fn", "cfg-fn"]) {
    const sel = $<HTMLSelectElement>(id);
    sel.replaceChildren(...fns.map((f) => new Option(f, f, false, f === state.fn)));
  }
  const passes = c?.passes ?? [];
  if (state.pass >= passes.length || state.pass < 0) state.pass = Math.max(0, passes.findIndex((p) => p.changed));
  const onlyChanged = $<HTMLInputElement>("only-changed").checked;
  const list = $("pass-list");
  list.replaceChildren();
  passes.forEach((p, i) => {
    if (onlyChanged && !p.changed && i !== state.pass) return;
    const fnChanged = c?.pipeline[state.fn]?.[i]?.changed ?? false;
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.className = p.changed ? "changed" : "unchanged";
    b.dataset["index"] = String(i);
    b.setAttribute("aria-pressed", String(i === state.pass));
    // ● changed the module (◆: also this function), ○ no change: shapes, not only colour.
    b.textContent = `${p.changed ? (fnChanged ? "◆" : "●") : "○"} ${i + 1}. ${p.name}${p.changed ? "" : " (no change)"}`;
    b.onclick = () => selectPass(i);
    b.onkeydown = (e) => {
      const d = e.key === "ArrowDown" ? 1 : e.key === "ArrowUp" ? -1 : 0;
      if (d === 0) return;
      e.preventDefault();
      const buttons = [...list.querySelectorAll("button")];
      const k = buttons.indexOf(b) + d;
      if (k >= 0 && k < buttons.length) {
        selectPass(Number(buttons[k]!.dataset["index"]));
        (list.querySelector(`button[data-index="${state.pass}"]`) as HTMLButtonElement | null)?.focus();
      }
    };
    li.append(b);
    list.append(li);
  });
  if (passes.length === 0) list.innerHTML = `<li>${c?.ok === false ? "(input has errors)" : "no passes: pick -O or --passes"}</li>`;
  const after = $<HTMLSelectElement>("cfg-after");
  after.replaceChildren(new Option("the input (no passes)", "0"), ...passes.map((p, i) => new Option(`${i + 1}. ${p.name}`, String(i + 1))));
  after.value = String(passes.length === 0 ? 0 : state.pass + 1);
  renderBeforeAfter();
  const remarks = $("remarks");
  remarks.replaceChildren();
  for (const r of c?.remarks ?? []) {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = r.text;
    b.onclick = () => goToLine(r.line, r.col);
    li.append(b);
    remarks.append(li);
  }
  if ((c?.remarks ?? []).length === 0) remarks.innerHTML = "<li>none</li>";
}

function selectPass(i: number): void {
  state.pass = i;
  renderPipeline();
  saveSoon();
}

function lineSpans(text: string, cls: string, prefix: string): HTMLElement[] {
  return text.replace(/\n$/, "").split("\n").map((l) => {
    const s = document.createElement("span");
    if (cls) s.className = cls;
    s.textContent = `${prefix}${l}\n`;
    return s;
  });
}

function renderBeforeAfter(): void {
  const row = fnRows()[state.pass] ?? fnRows()[0];
  const before = $("before");
  const after = $("after");
  const diff = $("diff");
  const asDiff = $<HTMLSelectElement>("view").value === "diff";
  $("before-after").hidden = asDiff;
  diff.hidden = !asDiff;
  if (row === undefined) {
    before.textContent = after.textContent = diff.textContent = "";
    return;
  }
  const passes = state.compiled?.passes ?? [];
  $("before-title").textContent = passes.length ? `${state.fn} before ${state.pass + 1}. ${row.pass}` : `${state.fn} (input)`;
  $("after-title").textContent = passes.length ? `${state.fn} after ${state.pass + 1}. ${row.pass}${row.changed ? "" : " (no change)"}` : "";
  const parts = diffLines(row.before, row.after);
  before.replaceChildren(...parts.filter((p) => !p.added).flatMap((p) => lineSpans(p.value, p.removed ? "line-del" : "", p.removed ? "- " : "  ")));
  after.replaceChildren(...parts.filter((p) => !p.removed).flatMap((p) => lineSpans(p.value, p.added ? "line-add" : "", p.added ? "+ " : "  ")));
  diff.replaceChildren(...parts.flatMap((p) => lineSpans(p.value, p.added ? "line-add" : p.removed ? "line-del" : "", p.added ? "+ " : p.removed ? "- " : "  ")));
  before.dataset["text"] = row.before;
  after.dataset["text"] = row.after;
}

// ---------------------------------------------------------------------------------------
// CFG panel

let cfgSeq = 0;

async function renderCfg(): Promise<void> {
  const seq = ++cfgSeq;
  const fn = state.fn;
  const after = Number($<HTMLSelectElement>("cfg-after").value || "0");
  if (fn === "") return;
  $("cfg-status").textContent = "drawing…";
  const r = await compiler.ask<Reply & { type: "cfg" }>({ type: "cfg", job: job(), fn, after });
  if (seq !== cfgSeq) return;
  $("cfg-status").textContent = r.message || `${fn}, ${after === 0 ? "input" : `after pass ${after}`}`;
  const box = $("cfg");
  box.innerHTML = r.svg;
  box.dataset["dot"] = r.dot;
}

// ---------------------------------------------------------------------------------------
// Run panel

let running = false;
let trace: TraceEvent[] = [];
const timeline = new Timeline($<HTMLCanvasElement>("timeline"), (t) => ($("timeline-status").textContent = t));

async function startRun(): Promise<void> {
  if (running) return;
  running = true;
  $<HTMLButtonElement>("run").disabled = true;
  $<HTMLButtonElement>("cancel").disabled = false;
  $("run-summary").textContent = "running…";
  const start = performance.now();
  runner.onProgress = (t) => ($("run-summary").textContent = `running: ${t}`);
  const r = await runner.ask<Reply & { type: "ran" }>({ type: "run", job: job(), compare: true }).catch(() => null);
  running = false;
  $<HTMLButtonElement>("run").disabled = false;
  $<HTMLButtonElement>("cancel").disabled = true;
  if (r === null || r.type !== "ran") return;
  const ms = performance.now() - start;
  timings.run.push(ms);
  showRun(r.result, ms);
}

function cancelRun(): void {
  if (!running) return;
  runner.restart();
  running = false;
  $<HTMLButtonElement>("run").disabled = false;
  $<HTMLButtonElement>("cancel").disabled = true;
  $("run-summary").textContent = "run cancelled";
  status("run cancelled");
}

function table(head: string[], rows: (string | number)[][], caption: string): HTMLTableElement {
  const t = document.createElement("table");
  t.createCaption().textContent = caption;
  const h = t.createTHead().insertRow();
  for (const c of head) {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = c;
    h.append(th);
  }
  const body = t.createTBody();
  for (const r of rows) {
    const tr = body.insertRow();
    for (const c of r) tr.insertCell().textContent = String(c);
  }
  return t;
}

const pct = (x: number): string => (x * 100).toFixed(1) + "%";

function statsTables(s: RunStats): void {
  const t = s.totals;
  $("stats").replaceChildren(table(
    ["#", "kernel", "mode", "grid", "cycles", "warp insts", "lane util", "barriers", "dispatches", "parallel regions", "shared B"],
    [
      ...s.kernels.map((k) => [k.launch, "@" + k.kernel, k.mode, `${k.teams}x${k.threads}`, k.cycles, k.warpInstructions, pct(k.utilisation), k.barriers, k.dispatches, k.parallelRegions, k.sharedBytes]),
      ["", "total", "", `${t.kernels} launches`, t.cycles, t.warpInstructions, pct(t.utilisation), t.barriers, t.dispatches, t.parallelRegions, t.sharedBytes],
    ],
    `Per kernel launch (total cycles include the host; host instructions: ${t.hostInstructions})`,
  ));
  const r = t.revOffload;
  const revRow = (a: string | number, b: string, x: RevOffloadStats) => [a, b, x.requests, x.maxOutstanding, x.maxQueueDepth, x.meanLatency, x.maxLatency, x.stallCycles, x.mailboxWaits, x.workerBusyCycles, x.workersCreated, x.prints, `${x.meanPrintDelay}/${x.maxPrintDelay}`];
  $("revoffload").replaceChildren(r.requests === 0 && r.prints === 0
    ? Object.assign(document.createElement("p"), { textContent: "no reverse-offload requests" })
    : table(["#", "kernel", "requests", "max out", "max queue", "mean lat", "max lat", "lane stall", "full waits", "worker busy", "workers", "prints", "print delay"],
      [...s.kernels.map((k) => revRow(k.launch, "@" + k.kernel, k.revOffload)), revRow("", "total", r)],
      `${r.mode}, ${r.mode === "async" ? `at most ${r.threads} host workers, ` : ""}${r.slots} mailbox slots (latencies in cycles)`));
}

function showRun(r: Ran, ms: number): void {
  state.ran = r;
  state.runMarks = [...r.marks, ...(r.faultMark ? [r.faultMark] : [])];
  showMarks();
  $("run-summary").textContent = r.ok ? `exit code ${r.exitCode}${r.fault ? " (runtime fault)" : ""}; ${r.stats?.totals.cycles ?? 0} cycles; ${ms.toFixed(0)} ms` : r.message;
  $("run-summary").dataset["exit"] = String(r.exitCode);
  $("output").textContent = r.output;
  const fault = $("fault");
  fault.hidden = r.fault === "" && r.races.length === 0;
  fault.textContent = [...r.races, r.fault].filter((x) => x !== "").join("\n");
  $("stats-text").textContent = r.statsText;
  if (r.stats !== null) statsTables(r.stats);
  else $("stats").replaceChildren();
  const cmp = r.comparison;
  if (cmp.length === 2) {
    const [g, o] = cmp as [typeof cmp[0], typeof cmp[0]];
    const speed = o.cycles > 0 ? (g.cycles / o.cycles).toFixed(2) : "–";
    $("compare").replaceChildren(
      table(["pipeline", "exit", "cycles", "barriers", "dispatches", "warp insts"], cmp.map((x) => [x.label, x.exitCode, x.cycles, x.barriers, x.dispatches, x.warpInstructions]), "The same program without passes and after -O"),
      Object.assign(document.createElement("p"), { id: "speedup", textContent: `speed-up of -O: ${speed}×; same output: ${g.output === o.output && g.exitCode === o.exitCode ? "yes" : "NO"}` }),
    );
  } else $("compare").textContent = r.ok ? "(one of the two runs could not be made)" : "";
  trace = r.trace;
  $<HTMLButtonElement>("download-trace").disabled = trace.length === 0;
  const n = timeline.load(trace);
  const canvas = $("timeline");
  canvas.dataset["tracks"] = String(n.tracks);
  canvas.dataset["slices"] = String(n.slices);
  canvas.dataset["arrows"] = String(n.arrows);
  document.body.dataset["ran"] = String(timings.run.length);
  status(r.ok ? `ran in ${ms.toFixed(0)} ms` : r.message);
}

function downloadTrace(): void {
  // Byte for byte what `ompir run --trace FILE` writes.
  const text = JSON.stringify({ traceEvents: trace, otherData: { timeUnit: "cycles", generator: "ompir" } }) + "\n";
  const a = document.createElement("a");
  a.href = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  a.download = state.file.replace(/\.\w+$/, "") + ".trace.json";
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}

// ---------------------------------------------------------------------------------------
// Tabs, keyboard and the URL

function selectTab(tab: Tab, focus = false): void {
  state.tab = tab;
  for (const t of TABS) {
    const b = $(`tab-${t}`);
    b.setAttribute("aria-selected", String(t === tab));
    b.tabIndex = t === tab ? 0 : -1;
    $(`panel-${t}`).hidden = t !== tab;
  }
  if (tab === "cfg") void renderCfg();
  if (tab === "timeline") timeline.draw();
  if (focus) $(`panel-${tab}`).focus();
  saveSoon();
}

for (const t of TABS) {
  const b = $(`tab-${t}`);
  b.onclick = () => selectTab(t);
  b.onkeydown = (e) => {
    const d = e.key === "ArrowRight" ? 1 : e.key === "ArrowLeft" ? -1 : 0;
    if (d === 0) return;
    const next = TABS[(TABS.indexOf(t) + d + TABS.length) % TABS.length]!;
    selectTab(next);
    $(`tab-${next}`).focus();
  };
}

document.addEventListener("keydown", (e) => {
  if (e.altKey && /^[1-5]$/.test(e.key)) {
    e.preventDefault();
    if (e.key === "1") view.focus();
    else selectTab(TABS[Number(e.key) - 2]!, true);
  } else if ((e.ctrlKey || e.metaKey) && e.key === "Enter") {
    e.preventDefault();
    void startRun();
  } else if (e.key === "Escape" && running) cancelRun();
});

let saveTimer: ReturnType<typeof setTimeout> | undefined;

function session(): Session {
  return { lang: state.lang, file: state.file, text: view.state.doc.toString(), mode: state.mode, passes: state.passes, guardScheme: state.guardScheme, tab: state.tab, fn: state.fn, pass: state.pass };
}

function saveSoon(): void {
  clearTimeout(saveTimer);
  saveTimer = setTimeout(async () => history.replaceState(null, "", "#" + (await encodeSession(session()))), 300);
}

function syncControls(): void {
  $<HTMLSelectElement>("lang").value = state.lang;
  $<HTMLSelectElement>("mode").value = state.mode;
  $<HTMLInputElement>("passes").value = state.passes;
  $<HTMLInputElement>("passes").hidden = state.mode !== "custom";
  $<HTMLSelectElement>("guard").value = state.guardScheme;
  $("file-name").textContent = state.file;
  view.dispatch({ effects: language.reconfigure(langExtension(state.lang)) });
}

function loadExample(i: number): void {
  const ex = EXAMPLES[i];
  if (ex === undefined) return;
  state.lang = ex.lang;
  state.file = ex.name;
  state.pass = -1;
  state.fn = "";
  state.ran = null;
  syncControls();
  setText(ex.text);
}

function wireControls(): void {
  const sel = $<HTMLSelectElement>("example");
  const groups = (["oir", "c"] as const).map((lang) => {
    const g = document.createElement("optgroup");
    g.label = lang === "oir" ? "IR" : "C";
    EXAMPLES.forEach((e, i) => e.lang === lang && g.append(new Option(e.name, String(i))));
    return g;
  });
  sel.replaceChildren(new Option("(pick an example)", ""), ...groups);
  sel.onchange = () => sel.value !== "" && loadExample(Number(sel.value));
  const recompile = () => {
    syncControls();
    saveSoon();
    void compile();
  };
  $<HTMLSelectElement>("lang").onchange = (e) => {
    state.lang = (e.target as HTMLSelectElement).value as Lang;
    state.file = state.file.replace(/\.\w+$/, state.lang === "c" ? ".c" : ".oir");
    recompile();
  };
  $<HTMLSelectElement>("mode").onchange = (e) => {
    state.mode = (e.target as HTMLSelectElement).value as Session["mode"];
    if (state.mode === "custom" && state.passes === "") state.passes = "inline,simplify,mem2reg,deglobalize,spmdize,barrier-elim,simplify";
    recompile();
  };
  $<HTMLInputElement>("passes").oninput = (e) => {
    state.passes = (e.target as HTMLInputElement).value;
    clearTimeout(compileTimer);
    compileTimer = setTimeout(recompile, 300);
  };
  $<HTMLSelectElement>("guard").onchange = (e) => {
    state.guardScheme = (e.target as HTMLSelectElement).value;
    recompile();
  };
  $<HTMLSelectElement>("fn").onchange = (e) => {
    state.fn = (e.target as HTMLSelectElement).value;
    renderPipeline();
    saveSoon();
  };
  $<HTMLSelectElement>("cfg-fn").onchange = (e) => {
    state.fn = (e.target as HTMLSelectElement).value;
    renderPipeline();
    void renderCfg();
  };
  $<HTMLSelectElement>("cfg-after").onchange = () => void renderCfg();
  $<HTMLSelectElement>("view").onchange = () => renderBeforeAfter();
  $<HTMLInputElement>("only-changed").onchange = () => renderPipeline();
  $("run").onclick = () => void startRun();
  $("cancel").onclick = () => cancelRun();
  $("zoom-in").onclick = () => timeline.zoom(0.5);
  $("zoom-out").onclick = () => timeline.zoom(2);
  $("zoom-all").onclick = () => timeline.showAll();
  $("download-trace").onclick = () => downloadTrace();
  $("share").onclick = async () => {
    const url = location.href.split("#")[0] + "#" + (await encodeSession(session()));
    history.replaceState(null, "", url);
    await navigator.clipboard?.writeText(url).catch(() => {});
    status("link copied (the program is in the link; nothing was sent)");
  };
  window.addEventListener("resize", () => timeline.draw());
}

async function boot(): Promise<void> {
  wireControls();
  const saved = await decodeSession(location.hash);
  if (saved !== null && typeof saved.text === "string") {
    // A link is input: every field is checked, a bad one falls back to its default.
    const str = (v: unknown, d: string): string => (typeof v === "string" ? v : d);
    state.lang = saved.lang === "c" ? "c" : "oir";
    state.file = str(saved.file, state.lang === "c" ? "input.c" : "input.oir");
    state.mode = saved.mode === "none" || saved.mode === "custom" ? saved.mode : "-O";
    state.passes = str(saved.passes, "");
    state.guardScheme = str(saved.guardScheme, "auto");
    state.fn = str(saved.fn, "");
    state.pass = Number.isInteger(saved.pass) ? saved.pass! : -1;
    syncControls();
    setText(saved.text);
    if (TABS.includes(saved.tab as Tab)) selectTab(saved.tab as Tab);
  } else {
    loadExample(Math.max(0, EXAMPLES.findIndex((e) => e.name === "saxpy.oir")));
    $<HTMLSelectElement>("example").value = String(EXAMPLES.findIndex((e) => e.name === state.file));
  }
  selectTab(state.tab);
  clearTimeout(compileTimer);
  // A worker queues messages until it has loaded: compile at once, fill the menus when it says hello.
  const first = compile();
  const ready = await compiler.ready;
  const guard = $<HTMLSelectElement>("guard");
  guard.replaceChildren(...ready.guardSchemes.map((g) => new Option(g, g)));
  guard.value = state.guardScheme;
  $("pass-names").replaceChildren(...ready.passNames.map((p) => new Option(p)));
  await first;
  // performance.now() counts from the navigation: the time until the page answers.
  timings.interactive = performance.now();
  document.body.dataset["ready"] = "1";
  (window as unknown as { __playground: typeof timings }).__playground = timings;
}

void boot();
