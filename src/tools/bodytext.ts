// Function bodies as text, for the random program generators (test/gen/generate.ts,
// src/tools/genkernels.ts): blocks of lines, fresh value and block names, and the values in
// scope. Structured generation (a value is usable only where it was defined) keeps the
// output in SSA form with dominance by construction.

export interface Val<T extends string = string> {
  name: string; // with %
  type: T;
}

export class BodyText<T extends string> {
  private blocks: string[][] = [];
  private cur: string[] | null = null;
  private counter = 0;
  scope: Val<T>[] = [];

  fresh(prefix = "v"): string {
    return `%${prefix}${this.counter++}`;
  }
  label(prefix = "b"): string {
    return `^${prefix}${this.counter++}`;
  }
  open(label: string, params: Val<T>[] = []): void {
    if (this.cur !== null) throw new Error("generator: block left open");
    const ps = params.map((p) => `${p.name}: ${p.type}`).join(", ");
    this.cur = [params.length ? `${label}(${ps}):` : `${label}:`];
    this.blocks.push(this.cur);
  }
  emit(line: string): void {
    this.cur!.push("  " + line);
  }
  /** Emits `%x = <rhs>`; %x joins the scope unless `inScope` is false. */
  def(type: T, rhs: string, prefix = "v", inScope = true): Val<T> {
    const v = { name: this.fresh(prefix), type };
    this.emit(`${v.name} = ${rhs}`);
    if (inScope) this.scope.push(v);
    return v;
  }
  terminate(line: string): void {
    this.emit(line);
    this.cur = null;
  }
  text(): string {
    return this.blocks.map((b) => b.join("\n")).join("\n");
  }
}

/** Integer binary operators that never fault (no division). */
export const INT_OPS = ["add", "sub", "mul", "and", "or", "xor", "smin", "smax", "umin", "umax"] as const;
