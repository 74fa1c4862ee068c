// Reverse data mapping (docs/REVERSE_OFFLOAD.md, "Semantics"): the device storage of each
// map item is the original and the host side the corresponding storage. Present storage uses
// the host original (copied only with `always`); storage with no host counterpart, and every
// firstprivate item, gets a temporary host buffer. Also the call listing's text of a request.

import type { Function } from "../../ir/ir.js";
import { OutOfMemory, SP_GLOBAL, SP_HOST, SP_LOCAL, SP_SHARED, ptrId, ptrOffset } from "../memory.js";
import { MapError } from "../present.js";
import type { ArgValue, RevRt } from "./api.js";
import type { ReqMap, Request } from "./request.js";
import { deviceFault } from "./request.js";

/** Bytes per element of a map clause's element type. */
export const SIZE = { i1: 1, i8: 1, i16: 2, i32: 4, i64: 8, f32: 4, f64: 8, ptr: 8 } as const;

/** A host thread's clock, which copies advance. */
export interface Clocked {
  clock: number;
}

/** Reverse maps and copies device→host at `th`'s time; returns the host function's arguments. */
export function prepareMaps(rt: RevRt, req: Request, th: Clocked): ArgValue[] {
  const mem = rt.mem;
  const maps = req.maps;
  for (let i = 0; i < maps.length; i++) {
    const rm = maps[i]!;
    if (rm.bytes === 0) continue;
    const { m } = rm;
    const sp = mem.isLive(ptrId(rm.dev)) ? mem.space[ptrId(rm.dev)]! : -1;
    const where = sp === SP_GLOBAL || sp === SP_SHARED || sp === SP_LOCAL ? sp : SP_GLOBAL;
    const chk = rm.bytes < 0 ? "a negative length" : mem.check(rm.dev, where, rm.bytes);
    if (typeof chk === "string") throw deviceFault(req, "map", `reverse offload map of ${rm.bytes} bytes: ${chk}`, th.clock, m.loc);
    let host: number | null = null;
    try {
      host = m.kind === "firstprivate" ? null : rt.presents[req.group.warp.kernel.device]!.reverse(rm.dev, rm.bytes);
    } catch (e) {
      if (!(e instanceof MapError)) throw e;
      throw deviceFault(req, "map", e.message, th.clock, m.loc);
    }
    const toHost = m.kind === "to" || m.kind === "tofrom" || m.kind === "firstprivate";
    if (host !== null) {
      rm.host = host;
      if (m.always && toHost) copy(rt, th, rm.host, rm.dev, rm.bytes);
    } else {
      try {
        rm.host = mem.alloc(SP_HOST, rm.bytes);
      } catch (e) {
        if (!(e instanceof OutOfMemory)) throw e;
        throw deviceFault(req, "out-of-memory", `reverse offload map: host buffer of ${rm.bytes} bytes: ${e.message}`, th.clock, m.loc);
      }
      rm.temp = true;
      if (toHost) copy(rt, th, rm.host, rm.dev, rm.bytes);
    }
  }
  if (req.maps.length === 0) return req.args;
  const params = req.callee.params;
  return req.args.map((v, i) => {
    if (typeof v !== "number" || req.callee.values[params[i]!]!.type !== "ptr") return v;
    for (const rm of req.maps) {
      if (rm.bytes > 0 && ptrId(v) === ptrId(rm.dev) && v >= rm.dev && v <= rm.dev + rm.bytes) return rm.host + (v - rm.dev);
    }
    return v;
  });
}

/** Copies host→device per the map kinds and frees the temporary host buffers. */
export function finishMaps(rt: RevRt, req: Request, th: Clocked): void {
  const mem = rt.mem;
  const maps = req.maps;
  for (let i = 0; i < maps.length; i++) {
    const rm = maps[i]!;
    if (rm.bytes <= 0 || rm.host === 0) continue;
    const fromHost = rm.m.kind === "from" || rm.m.kind === "tofrom";
    if (fromHost && (rm.temp || rm.m.always)) {
      // The device storage may have gone (it cannot while its lane waits, but be safe).
      if (mem.isLive(ptrId(rm.dev))) copy(rt, th, rm.dev, rm.host, rm.bytes);
    }
    if (rm.temp && mem.isLive(ptrId(rm.host))) mem.free(ptrId(rm.host));
  }
}

function copy(rt: RevRt, th: Clocked, dst: number, src: number, bytes: number): void {
  const mem = rt.mem;
  const d = mem.base[ptrId(dst)]! + ptrOffset(dst);
  const s = mem.base[ptrId(src)]! + ptrOffset(src);
  mem.copy(d, s, bytes);
  const c = rt.costs.revOffload;
  th.clock += c.copyFixed + Math.ceil(bytes * c.copyPerByte);
}

/** `@fn(1, 2.5, map0+4)`: pointers are shown relative to the request's map sections, or
 *  by space and offset, so the text does not depend on allocation order. */
export function callText(callee: Function, args: ArgValue[], maps: ReqMap[], isPtr: (i: number) => boolean, spaceOf: (p: number) => string): string {
  const parts = args.map((v, i) => {
    if (!isPtr(i) || typeof v !== "number") return String(v);
    if (v === 0) return "null";
    for (let j = 0; j < maps.length; j++) {
      const rm = maps[j]!;
      if (rm.bytes > 0 && ptrId(v) === ptrId(rm.dev) && v >= rm.dev && v <= rm.dev + rm.bytes) return `map${j}+${v - rm.dev}`;
    }
    return `${spaceOf(v)}+${ptrOffset(v)}`;
  });
  return `@${callee.name}(${parts.join(", ")})`;
}
