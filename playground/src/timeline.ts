// The run's timeline, drawn on a canvas from the Chrome trace events the simulator writes
// (the file `ompir run --trace` saves): one track per host thread and per device warp or
// team, slices nested as on the track, reverse-offload requests and completions as arrows.
// Wheel or +/- zooms, drag or arrow keys pan, 0 shows everything. Slices carry their names
// and a texture per category, so they read without colour.

import type { TraceEvent } from "../../src/core.js";

interface Slice {
  name: string;
  cat: string;
  ts: number;
  dur: number;
  depth: number;
}

interface Track {
  key: string;
  name: string;
  slices: Slice[];
  depth: number;
  y: number;
}

interface Arrow {
  name: string;
  from: { key: string; ts: number };
  to: { key: string; ts: number };
}

const LABEL = 200;
const ROW = 16;
const GAP = 6;

/** Fill and texture per category; the texture tells categories apart without colour. */
const STYLE: Record<string, { fill: string; hatch: "none" | "diag" | "dots" | "cross" }> = {
  host: { fill: "#d9d9d9", hatch: "none" },
  launch: { fill: "#9ecae1", hatch: "none" },
  wait: { fill: "#f0f0f0", hatch: "dots" },
  kernel: { fill: "#a1d99b", hatch: "none" },
  parallel: { fill: "#74c476", hatch: "diag" },
  barrier: { fill: "#fdae6b", hatch: "cross" },
  dispatch: { fill: "#fdd0a2", hatch: "diag" },
  revoffload: { fill: "#bcbddc", hatch: "dots" },
};

export class Timeline {
  private tracks: Track[] = [];
  private arrows: Arrow[] = [];
  private end = 1;
  private t0 = 0;
  private t1 = 1;
  private readonly ctx: CanvasRenderingContext2D;
  private drag: { x: number; t0: number; t1: number } | null = null;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly status: (text: string) => void) {
    this.ctx = canvas.getContext("2d")!;
    canvas.addEventListener("wheel", (e) => {
      e.preventDefault();
      this.zoom(e.deltaY < 0 ? 0.8 : 1.25, this.timeAt(e.offsetX));
    }, { passive: false });
    canvas.addEventListener("mousedown", (e) => (this.drag = { x: e.offsetX, t0: this.t0, t1: this.t1 }));
    window.addEventListener("mouseup", () => (this.drag = null));
    canvas.addEventListener("mousemove", (e) => {
      if (this.drag !== null) {
        const dt = ((e.offsetX - this.drag.x) / this.plotWidth()) * (this.drag.t1 - this.drag.t0);
        this.setView(this.drag.t0 - dt, this.drag.t1 - dt);
      } else this.status(this.describe(e.offsetX, e.offsetY));
    });
    canvas.addEventListener("keydown", (e) => {
      const span = this.t1 - this.t0;
      const keys: Record<string, () => void> = {
        "+": () => this.zoom(0.8), "=": () => this.zoom(0.8), "-": () => this.zoom(1.25),
        ArrowLeft: () => this.setView(this.t0 - span / 10, this.t1 - span / 10),
        ArrowRight: () => this.setView(this.t0 + span / 10, this.t1 + span / 10),
        "0": () => this.showAll(), Home: () => this.setView(0, span), End: () => this.setView(this.end - span, this.end),
      };
      const k = keys[e.key];
      if (k === undefined) return;
      e.preventDefault();
      k();
    });
  }

  /** Takes a run's trace events; returns how many tracks, slices and arrows it drew. */
  load(events: readonly TraceEvent[]): { tracks: number; slices: number; arrows: number } {
    const names = new Map<string, string>();
    const procs = new Map<number, string>();
    const byKey = new Map<string, Slice[]>();
    // Flow ends pair by id; the file is sorted by track, so an arrow's end may come first.
    const starts = new Map<number, TraceEvent>();
    const finishes: TraceEvent[] = [];
    let end = 1;
    for (const e of events) {
      const key = `${e.pid}/${e.tid}`;
      if (e.ph === "M") {
        if (e.name === "thread_name") names.set(key, String(e.args?.["name"] ?? key));
        if (e.name === "process_name") procs.set(e.pid, String(e.args?.["name"] ?? e.pid));
      } else if (e.ph === "X") {
        if (!byKey.has(key)) byKey.set(key, []);
        byKey.get(key)!.push({ name: e.name, cat: e.cat, ts: e.ts, dur: e.dur ?? 0, depth: 0 });
        end = Math.max(end, e.ts + (e.dur ?? 0));
      } else if (e.ph === "s" && e.id !== undefined) starts.set(e.id, e);
      else if (e.ph === "f" && e.id !== undefined) finishes.push(e);
    }
    const flows = finishes.flatMap((f) => {
      const s = starts.get(f.id!);
      return s === undefined ? [] : [{ s, f }];
    });
    const keys = [...new Set([...names.keys(), ...byKey.keys()])].sort((a, b) => {
      const [pa, ta] = a.split("/").map(Number);
      const [pb, tb] = b.split("/").map(Number);
      return pa! - pb! || ta! - tb!;
    });
    let y = 4;
    this.tracks = keys.map((key) => {
      const slices = (byKey.get(key) ?? []).sort((a, b) => a.ts - b.ts || b.dur - a.dur);
      // Nesting: a slice sits below every open slice that contains it.
      const open: Slice[] = [];
      let depth = 0;
      for (const s of slices) {
        while (open.length > 0 && open[open.length - 1]!.ts + open[open.length - 1]!.dur < s.ts + s.dur) open.pop();
        s.depth = open.length;
        open.push(s);
        depth = Math.max(depth, s.depth + 1);
      }
      const pid = Number(key.split("/")[0]);
      const track: Track = { key, name: `${procs.get(pid) ?? `pid ${pid}`}: ${names.get(key) ?? key}`, slices, depth: Math.max(1, depth), y };
      y += track.depth * ROW + GAP;
      return track;
    });
    this.arrows = flows.map(({ s, f }) => ({ name: s.name, from: { key: `${s.pid}/${s.tid}`, ts: s.ts }, to: { key: `${f.pid}/${f.tid}`, ts: f.ts } }));
    this.end = end;
    this.canvas.height = Math.max(60, y + 20);
    this.setView(0, end);
    return { tracks: this.tracks.length, slices: this.tracks.reduce((n, t) => n + t.slices.length, 0), arrows: this.arrows.length };
  }

  showAll(): void {
    this.setView(0, this.end);
  }

  zoom(factor: number, at = (this.t0 + this.t1) / 2): void {
    this.setView(at - (at - this.t0) * factor, at + (this.t1 - at) * factor);
  }

  /** The visible cycles [t0, t1] (for the URL and the tests). */
  view(): { t0: number; t1: number } {
    return { t0: this.t0, t1: this.t1 };
  }

  setView(t0: number, t1: number): void {
    const span = Math.min(Math.max(t1 - t0, 1), this.end * 1.1);
    this.t0 = Math.max(-this.end * 0.05, Math.min(t0, this.end * 1.05 - span));
    this.t1 = this.t0 + span;
    this.draw();
  }

  private plotWidth(): number {
    return Math.max(10, this.canvas.width - LABEL);
  }

  private x(t: number): number {
    return LABEL + ((t - this.t0) / (this.t1 - this.t0)) * this.plotWidth();
  }

  private timeAt(px: number): number {
    return this.t0 + ((px - LABEL) / this.plotWidth()) * (this.t1 - this.t0);
  }

  private describe(px: number, py: number): string {
    if (px < LABEL) return "";
    const t = this.timeAt(px);
    const track = this.tracks.find((k) => py >= k.y && py < k.y + k.depth * ROW);
    if (track === undefined) return `cycle ${Math.round(t)}`;
    const depth = Math.floor((py - track.y) / ROW);
    const s = track.slices.find((x) => x.depth === depth && x.ts <= t && t <= x.ts + x.dur);
    return s === undefined ? `${track.name}, cycle ${Math.round(t)}` : `${track.name}: ${s.name} [${s.cat}] cycles ${s.ts}–${s.ts + s.dur} (${s.dur})`;
  }

  private pattern(kind: string): CanvasPattern | null {
    if (kind === "none") return null;
    const c = document.createElement("canvas");
    c.width = c.height = 6;
    const g = c.getContext("2d")!;
    g.strokeStyle = "rgba(0,0,0,0.45)";
    g.fillStyle = "rgba(0,0,0,0.45)";
    if (kind === "diag") {
      g.beginPath();
      g.moveTo(0, 6);
      g.lineTo(6, 0);
      g.stroke();
    } else if (kind === "dots") g.fillRect(2, 2, 1.5, 1.5);
    else {
      g.beginPath();
      g.moveTo(0, 0);
      g.lineTo(6, 6);
      g.moveTo(6, 0);
      g.lineTo(0, 6);
      g.stroke();
    }
    return this.ctx.createPattern(c, "repeat");
  }

  draw(): void {
    const { ctx, canvas } = this;
    const width = canvas.clientWidth || canvas.width;
    if (canvas.width !== width) canvas.width = width;
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.font = "11px monospace";
    ctx.textBaseline = "middle";
    const patterns = new Map<string, CanvasPattern | null>();
    for (const track of this.tracks) {
      ctx.fillStyle = "#000";
      ctx.fillText(track.name.length > 30 ? track.name.slice(0, 29) + "…" : track.name, 4, track.y + ROW / 2);
      ctx.strokeStyle = "#ccc";
      ctx.beginPath();
      ctx.moveTo(LABEL, track.y + track.depth * ROW + GAP / 2);
      ctx.lineTo(canvas.width, track.y + track.depth * ROW + GAP / 2);
      ctx.stroke();
      for (const s of track.slices) {
        const x0 = Math.max(LABEL, this.x(s.ts));
        const x1 = Math.min(canvas.width, this.x(s.ts + s.dur));
        if (x1 < LABEL || x0 > canvas.width) continue;
        const w = Math.max(1, x1 - x0);
        const y = track.y + s.depth * ROW;
        const style = STYLE[s.cat] ?? { fill: "#e0e0e0", hatch: "none" as const };
        ctx.fillStyle = style.fill;
        ctx.fillRect(x0, y + 1, w, ROW - 2);
        if (!patterns.has(style.hatch)) patterns.set(style.hatch, this.pattern(style.hatch));
        const p = patterns.get(style.hatch);
        if (p) {
          ctx.fillStyle = p;
          ctx.fillRect(x0, y + 1, w, ROW - 2);
        }
        ctx.strokeStyle = "#333";
        ctx.strokeRect(x0 + 0.5, y + 1.5, w - 1, ROW - 3);
        if (w > 24) {
          ctx.save();
          ctx.beginPath();
          ctx.rect(x0, y, w, ROW);
          ctx.clip();
          ctx.fillStyle = "#000";
          ctx.fillText(s.name, x0 + 3, y + ROW / 2);
          ctx.restore();
        }
      }
    }
    const yOf = new Map(this.tracks.map((t) => [t.key, t.y + ROW / 2] as const));
    ctx.strokeStyle = "#7a0177";
    ctx.fillStyle = "#7a0177";
    for (const a of this.arrows) {
      const ya = yOf.get(a.from.key);
      const yb = yOf.get(a.to.key);
      if (ya === undefined || yb === undefined) continue;
      const xa = this.x(a.from.ts);
      const xb = this.x(a.to.ts);
      if ((xa < LABEL && xb < LABEL) || (xa > canvas.width && xb > canvas.width)) continue;
      ctx.setLineDash(a.name === "completion" ? [4, 3] : []);
      ctx.beginPath();
      ctx.moveTo(xa, ya);
      ctx.lineTo(xb, yb);
      ctx.stroke();
      const ang = Math.atan2(yb - ya, xb - xa);
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(xb, yb);
      ctx.lineTo(xb - 7 * Math.cos(ang - 0.4), yb - 7 * Math.sin(ang - 0.4));
      ctx.lineTo(xb - 7 * Math.cos(ang + 0.4), yb - 7 * Math.sin(ang + 0.4));
      ctx.fill();
    }
    ctx.fillStyle = "#000";
    ctx.fillText(`cycles ${Math.round(this.t0)} – ${Math.round(this.t1)}`, LABEL + 4, canvas.height - 8);
  }
}
