// Fresh names for the module's `@` namespace. Functions and globals share one namespace (the
// parser resolves `@x` against both), so a name a pass invents must differ from every
// function and global, including the user's: a user global called `@k.bcast.2` must not
// collide with a broadcast slot the guard builder adds. Every pass that adds a symbol asks
// here instead of formatting its own name.

/** The part of a module this service reads (structural, so ir.ts can call in without a cycle). */
interface Symbols {
  readonly globals: readonly { readonly name: string }[];
  readonly functions: readonly { readonly name: string }[];
}

const taken = new WeakMap<Symbols, Set<string>>();

function symbols(m: Symbols): Set<string> {
  let s = taken.get(m);
  if (s === undefined) {
    s = new Set();
    for (const g of m.globals) s.add(g.name);
    for (const f of m.functions) s.add(f.name);
    taken.set(m, s);
  }
  return s;
}

/** Records a symbol added to m (addGlobal and addFunction call this). */
export function noteSymbol(m: Symbols, name: string): void {
  taken.get(m)?.add(name);
}

/**
 * `base` itself if no function or global of m has that name, else `base.1`, `base.2`, …
 * — the first that is free. The name is reserved at once, so two calls never return the same
 * name even before the symbol is added.
 */
export function freshSymbol(m: Symbols, base: string): string {
  const s = symbols(m);
  let suffixes = lastSuffix.get(m);
  if (suffixes === undefined) lastSuffix.set(m, (suffixes = new Map()));
  // Names are only ever added, so the next free suffix of `base` is past the last one given.
  let n = suffixes.get(base) ?? 0;
  let name = n === 0 ? base : `${base}.${n}`;
  while (s.has(name)) name = `${base}.${++n}`;
  suffixes.set(base, n);
  s.add(name);
  return name;
}

/** Per module, the last suffix freshSymbol gave each base (0: the bare base). */
const lastSuffix = new WeakMap<Symbols, Map<string, number>>();
