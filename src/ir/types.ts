// Scalar types, address spaces and typed entity ids of the ompir IR.
//
// Entities are numeric ids into per-function (or per-module) arenas, in the manner of
// Cranelift's entity references: compact, comparable with ===, usable as array indices,
// and kept apart by TypeScript brands so a BlockId is never passed where a ValueId is meant.

export type Type = "i1" | "i8" | "i16" | "i32" | "i64" | "f32" | "f64" | "ptr";
export const TYPES: readonly Type[] = ["i1", "i8", "i16", "i32", "i64", "f32", "f64", "ptr"];

/** A function's return type: a scalar or nothing. */
export type RetType = Type | "void";

export function isIntType(t: Type): boolean {
  return t === "i1" || t === "i8" || t === "i16" || t === "i32" || t === "i64";
}
export function isFloatType(t: Type): boolean {
  return t === "f32" || t === "f64";
}

/** Size in bytes of a value of type `t` in memory (i1 occupies a byte; pointers 8). */
export function sizeOf(t: Type): number {
  switch (t) {
    case "i1":
    case "i8":
      return 1;
    case "i16":
      return 2;
    case "i32":
    case "f32":
      return 4;
    case "i64":
    case "f64":
    case "ptr":
      return 8;
    default:
      return assertNever(t);
  }
}

/** Bit width of an integer type. */
export function bitWidth(t: Type): number {
  switch (t) {
    case "i1":
      return 1;
    case "i8":
      return 8;
    case "i16":
      return 16;
    case "i32":
    case "f32":
      return 32;
    case "i64":
    case "f64":
    case "ptr":
      return 64;
    default:
      return assertNever(t);
  }
}

/**
 * Memory spaces. `host` is the host's memory; `global` is device memory visible to all
 * teams; `shared` is per team (CUDA __shared__, AMDGPU LDS); `local` is per thread.
 */
export type Space = "host" | "global" | "shared" | "local";
export const SPACES: readonly Space[] = ["host", "global", "shared", "local"];

export type ValueId = number & { readonly __brand: "ValueId" };
export type BlockId = number & { readonly __brand: "BlockId" };
export type InstId = number & { readonly __brand: "InstId" };
export type FuncId = number & { readonly __brand: "FuncId" };
export type GlobalId = number & { readonly __brand: "GlobalId" };

/** Marks "no value" (an instruction without a result). */
export const NO_VALUE = -1 as ValueId;

export function assertNever(x: never): never {
  throw new Error(`internal error: unexpected ${JSON.stringify(x)}`);
}
