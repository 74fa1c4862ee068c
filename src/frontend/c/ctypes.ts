// C types of the subset, their sizes (LP64, as gcc on x86-64 and clang for NVPTX/AMDGPU)
// and their IR types, plus C's integer promotions and usual arithmetic conversions.

import type { Type } from "../../ir/types.js";

export interface StructInfo {
  name: string;
  union: boolean;
  fields: { name: string; type: CType; offset: number }[];
  size: number;
  align: number;
  complete: boolean;
}

export type CType =
  | { k: "void" }
  | { k: "int"; size: 1 | 2 | 4 | 8; signed: boolean; bool?: true }
  | { k: "float"; size: 4 | 8 }
  | { k: "ptr"; to: CType }
  | { k: "array"; of: CType; n: number | null }
  | { k: "struct"; s: StructInfo }
  | { k: "func"; ret: CType; params: CType[] | null; variadic: boolean };

export const VOID: CType = { k: "void" };
export const CHAR: CType = { k: "int", size: 1, signed: true };
export const SHORT: CType = { k: "int", size: 2, signed: true };
export const INT: CType = { k: "int", size: 4, signed: true };
export const UINT: CType = { k: "int", size: 4, signed: false };
export const LONG: CType = { k: "int", size: 8, signed: true };
export const ULONG: CType = { k: "int", size: 8, signed: false };
export const BOOL: CType = { k: "int", size: 1, signed: false, bool: true };
export const FLOAT: CType = { k: "float", size: 4 };
export const DOUBLE: CType = { k: "float", size: 8 };

export function ptrTo(t: CType): CType {
  return { k: "ptr", to: t };
}

export function isInt(t: CType): t is Extract<CType, { k: "int" }> {
  return t.k === "int";
}
export function isFloat(t: CType): t is Extract<CType, { k: "float" }> {
  return t.k === "float";
}
export function isArith(t: CType): boolean {
  return t.k === "int" || t.k === "float";
}
export function isScalar(t: CType): boolean {
  return t.k === "int" || t.k === "float" || t.k === "ptr";
}

export function sizeofC(t: CType): number {
  switch (t.k) {
    case "void": return 1;
    case "int": case "float": return t.size;
    case "ptr": return 8;
    case "array": return (t.n ?? 0) * sizeofC(t.of);
    case "struct": return t.s.size;
    case "func": return 1;
  }
}

export function alignofC(t: CType): number {
  switch (t.k) {
    case "array": return alignofC(t.of);
    case "struct": return t.s.align;
    case "void": case "func": return 1;
    default: return sizeofC(t);
  }
}

/** The IR type of a scalar C type. */
export function irType(t: CType): Type {
  switch (t.k) {
    case "int": return t.size === 1 ? "i8" : t.size === 2 ? "i16" : t.size === 4 ? "i32" : "i64";
    case "float": return t.size === 4 ? "f32" : "f64";
    case "ptr": case "array": case "func": return "ptr";
    default: throw new Error(`internal error: no IR type for ${typeName(t)}`);
  }
}

/** Integer promotion: types narrower than int become int. */
export function promote(t: CType): CType {
  if (t.k === "int" && t.size < 4) return INT;
  return t;
}

/** The common type of the usual arithmetic conversions. */
export function usualArith(a: CType, b: CType): CType {
  if (a.k === "float" || b.k === "float") {
    const sa = a.k === "float" ? a.size : 0;
    const sb = b.k === "float" ? b.size : 0;
    return Math.max(sa, sb) === 8 ? DOUBLE : FLOAT;
  }
  const x = promote(a) as Extract<CType, { k: "int" }>;
  const y = promote(b) as Extract<CType, { k: "int" }>;
  if (x.signed === y.signed) return x.size >= y.size ? x : y;
  const [u, s] = x.signed ? [y, x] : [x, y];
  if (u.size >= s.size) return u;
  return s; // the signed type is wider, so it holds every value of the unsigned one
}

export function sameType(a: CType, b: CType): boolean {
  if (a.k !== b.k) return false;
  switch (a.k) {
    case "int": return a.size === (b as typeof a).size && a.signed === (b as typeof a).signed && !!a.bool === !!(b as typeof a).bool;
    case "float": return a.size === (b as typeof a).size;
    case "ptr": return true;
    case "array": return sameType(a.of, (b as typeof a).of);
    case "struct": return a.s === (b as typeof a).s;
    default: return true;
  }
}

export function typeName(t: CType): string {
  switch (t.k) {
    case "void": return "void";
    case "int":
      if (t.bool) return "_Bool";
      return (t.signed ? "" : "unsigned ") + (t.size === 1 ? "char" : t.size === 2 ? "short" : t.size === 4 ? "int" : "long");
    case "float": return t.size === 4 ? "float" : "double";
    case "ptr": return typeName(t.to) + " *";
    case "array": return `${typeName(t.of)}[${t.n ?? ""}]`;
    case "struct": return `${t.s.union ? "union" : "struct"} ${t.s.name}`;
    case "func": return `${typeName(t.ret)} (...)`;
  }
}

/** The innermost element type of nested arrays. */
export function leafElem(t: CType): CType {
  while (t.k === "array") t = t.of;
  return t;
}
