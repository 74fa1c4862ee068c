// Fresh names: the one service that invents names for module symbols, values and blocks.
// Every pass that adds a named entity asks here instead of formatting its own name, and all
// three kinds follow one rule (`firstFree`): `base` itself if free, else the first free
// `base.1`, `base.2`, …; a name handed out is reserved at once.
//
// - Module symbols (`freshSymbol`): functions and globals share one namespace (the parser
//   resolves `@x` against both), so a name a pass invents must differ from every function and
//   global, including the user's: a user global called `@k.bcast.2` must not collide with a
//   broadcast slot the guard builder adds. The set of taken symbols is cached per module and
//   kept current by addGlobal/addFunction (noteSymbol).
// - Values and blocks (`functionNames`): names are per function, values and blocks apart
//   (the printer writes `%x` and `^x`). The set is taken from the function's arenas when the
//   namer is made (dead entities included, so a name never comes back), and a pass keeps one
//   namer for as long as it adds names to that function.
// The printer still disambiguates duplicates at print time (a pass may set any name); names
// from here simply never need it.

/** The first of `base`, `base.1`, `base.2`, … not in `taken`; it is added to `taken`. */
export function firstFree(taken: Set<string>, base: string): string {
  return nextFree(taken, new Map(), base);
}

/**
 * firstFree for a `taken` set that only grows, with `suffixes` remembering the last suffix
 * given for each base (0: the bare base): every name before it is taken and stays taken, so
 * the search starts there, and n copies of one name cost O(n), not O(n²).
 */
function nextFree(taken: Set<string>, suffixes: Map<string, number>, base: string): string {
  let n = suffixes.get(base) ?? 0;
  let name = n === 0 ? base : `${base}.${n}`;
  while (taken.has(name)) name = `${base}.${++n}`;
  suffixes.set(base, n);
  taken.add(name);
  return name;
}

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
  let suffixes = lastSuffix.get(m);
  if (suffixes === undefined) lastSuffix.set(m, (suffixes = new Map()));
  return nextFree(symbols(m), suffixes, base);
}

/** The part of a function this service reads. */
interface Named {
  readonly values: readonly { readonly name: string | null }[];
  readonly blocks: readonly { readonly name: string | null }[];
}

/** Fresh value and block names for one function; `null` asks for no name and gets none. */
export interface FunctionNames {
  value(base: string | null): string | null;
  block(base: string | null): string | null;
}

/** A namer for f's values and blocks, reserving every name f's arenas hold now. */
export function functionNames(f: Named): FunctionNames {
  const values = new Set<string>();
  const blocks = new Set<string>();
  for (const v of f.values) if (v.name !== null) values.add(v.name);
  for (const b of f.blocks) if (b.name !== null) blocks.add(b.name);
  const valueSuffixes = new Map<string, number>();
  const blockSuffixes = new Map<string, number>();
  return {
    value: (base) => (base === null ? null : nextFree(values, valueSuffixes, base)),
    block: (base) => (base === null ? null : nextFree(blocks, blockSuffixes, base)),
  };
}

/** Per module, the last suffix freshSymbol gave each base (0: the bare base). */
const lastSuffix = new WeakMap<Symbols, Map<string, number>>();
