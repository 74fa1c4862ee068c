// The C preprocessor of the front end: #include (the known standard headers, user headers
// from the including file's folder or -I), #define (object- and function-like, # and ##),
// #undef, #if/#ifdef/#ifndef/#elif/#else/#endif with `defined` and integer expressions,
// #error; _OPENMP is defined. Comments are removed and line continuations spliced.
//
// The output keeps one line per logical source line, and `lines[i]` says where output line
// i+1 came from, so diagnostics point into the .c file or the header. `#pragma omp` lines
// have their macros expanded (OpenMP requires it) and are replaced by a C label
// `__omp_pragma_N:` at the same position, so tree-sitter attaches the directive to the
// statement that follows it even where a preprocessor line could not stand (the body of a
// `for` without braces); declarative directives (declare, requires, begin/end) stay
// `#pragma` lines, since labels cannot stand at file scope. `pragmas[N]` holds the text.

import { STD_HEADERS } from "./headers.js";
import { CError } from "./errors.js";
import type { SrcPos } from "./errors.js";

export interface PPOptions {
  /** -D NAME[=VALUE], in order. */
  defines?: readonly string[];
  /** -U NAME, applied after the -D list. */
  undefs?: readonly string[];
  /** -I DIR, searched after the including file's folder. */
  includeDirs?: readonly string[];
  /** Reads a user header; undefined if it does not exist. */
  readFile?: (path: string) => string | undefined;
}

export interface Pragma {
  /** The directive text after `omp`, macros expanded. */
  text: string;
  /** Where the text starts (col of its first character, before expansion). */
  pos: SrcPos;
  /** Where `#pragma` stands. */
  at: SrcPos;
}

export interface PPResult {
  text: string;
  /** Origin of each output line (index = output line - 1): the file and line it came from. */
  lines: SrcPos[];
  /** The same line's position in the main file: the #include line for header code. */
  sites: SrcPos[];
  pragmas: Pragma[];
  /** Where `__attribute__((noinline))` stood (output row and column, 0-based): the lowering
   *  gives the function declared there the IR's `noinline`. */
  noinline: { row: number; col: number }[];
}

interface Macro {
  name: string;
  params: string[] | null; // null: object-like
  variadic: boolean;
  body: Tok[];
}

interface Tok {
  k: "id" | "num" | "str" | "chr" | "punct" | "ws";
  s: string;
  /** Names this token may no longer expand (the macros it came out of). */
  hide?: Set<string>;
}

const DECLARATIVE = /^\s*(declare|requires|begin|end|threadprivate|assumes|allocate\s*\()/;

export function preprocess(text: string, file: string, opts: PPOptions = {}): PPResult {
  return new Preprocessor(opts).run(text, file);
}

/** Macro expansions one logical line may take (exponential definitions end here). */
const MAX_EXPANSIONS = 200000;

class Preprocessor {
  macros = new Map<string, Macro>();
  out: string[] = [];
  lines: SrcPos[] = [];
  sites: SrcPos[] = [];
  pragmas: Pragma[] = [];
  noinline: { row: number; col: number }[] = [];
  once = new Set<string>();
  depth = 0;
  constructor(readonly opts: PPOptions) {
    this.define("_OPENMP", "201811");
    this.define("__STDC__", "1");
    this.define("__STDC_VERSION__", "201112L");
    this.define("__ompir__", "1");
    // GNU spellings of standard keywords.
    for (const [k, v] of [["__inline", "inline"], ["__inline__", "inline"], ["__restrict__", "restrict"], ["__volatile__", "volatile"], ["__const", "const"], ["__signed__", "signed"], ["__extension__", ""]]) this.define(k!, v!);
    for (const d of opts.defines ?? []) {
      const eq = d.indexOf("=");
      const name = eq < 0 ? d : d.slice(0, eq);
      if (!/^[A-Za-z_]\w*$/.test(name)) throw new CError([{ pos: { file: "<command line>", line: 0, col: 0 }, message: `bad macro name '${name}' in -D` }]);
      this.define(name, eq < 0 ? "1" : d.slice(eq + 1));
    }
    for (const u of opts.undefs ?? []) this.macros.delete(u);
  }

  define(name: string, body: string): void {
    this.macros.set(name, { name, params: null, variadic: false, body: tokenize(body).filter((t, i, a) => !(t.k === "ws" && (i === 0 || i === a.length - 1))) });
  }

  run(text: string, file: string): PPResult {
    this.file(text, file, null);
    return { text: this.out.join("\n") + "\n", lines: this.lines, sites: this.sites, pragmas: this.pragmas, noinline: this.noinline };
  }

  /** Processes one file; `site` is the #include line in the main file (for header code). */
  file(text: string, file: string, site: SrcPos | null): void {
    if (++this.depth > 64) throw new CError([{ pos: site ?? { file, line: 1, col: 1 }, message: "#include nested too deeply" }]);
    const logical = splitLogical(stripComments(text, file));
    // Conditional stack: each entry says whether this group is live and whether a branch was taken.
    const cond: { live: boolean; taken: boolean; parentLive: boolean; pos: SrcPos; sawElse: boolean }[] = [];
    const live = (): boolean => cond.length === 0 || cond[cond.length - 1]!.live;
    for (const { line, text: l } of logical) {
      const pos: SrcPos = { file, line, col: 1 };
      const m = /^(\s*)#\s*(\w*)(.*)$/.exec(l);
      if (m) {
        const dir = m[2]!;
        const rest = m[3]!;
        const col = m[1]!.length + 1;
        const at: SrcPos = { file, line, col };
        switch (dir) {
          case "if": case "ifdef": case "ifndef": {
            const parentLive = live();
            let v = false;
            if (parentLive) {
              if (dir === "if") v = this.evalIf(rest, at);
              else {
                const name = /^\s*([A-Za-z_]\w*)\s*$/.exec(rest)?.[1];
                if (name === undefined) throw new CError([{ pos: at, message: `#${dir} expects a macro name` }]);
                v = this.macros.has(name) === (dir === "ifdef");
              }
            }
            cond.push({ live: parentLive && v, taken: v, parentLive, pos: at, sawElse: false });
            break;
          }
          case "elif": case "else": {
            const top = cond[cond.length - 1];
            if (top === undefined) throw new CError([{ pos: at, message: `#${dir} without #if` }]);
            if (top.sawElse) throw new CError([{ pos: at, message: `#${dir} after #else` }]);
            if (dir === "else") {
              top.sawElse = true;
              top.live = top.parentLive && !top.taken;
              top.taken = true;
            } else {
              const v = top.parentLive && !top.taken && this.evalIf(rest, at);
              top.live = v;
              if (v) top.taken = true;
            }
            break;
          }
          case "endif":
            if (cond.pop() === undefined) throw new CError([{ pos: at, message: "#endif without #if" }]);
            break;
          default:
            if (live()) this.directive(dir, rest, at, file, site, l);
        }
        const standIn = this.pendingStandIn;
        this.pendingStandIn = null;
        this.emit(standIn ?? "", site ?? pos, pos);
        continue;
      }
      if (!live()) {
        this.emit("", site ?? pos, pos);
        continue;
      }
      const row = this.out.length;
      this.emit(stripAttributes(this.pragmaOperators(this.expandLine(l, pos), pos, site), pos, (col) => this.noinline.push({ row, col })), site ?? pos, pos);
    }
    if (cond.length > 0) throw new CError([{ pos: cond[cond.length - 1]!.pos, message: "unterminated #if" }]);
    this.depth--;
  }

  emit(text: string, site: SrcPos, pos: SrcPos): void {
    this.out.push(text);
    this.lines.push(pos);
    this.sites.push(site);
  }

  directive(dir: string, rest: string, at: SrcPos, file: string, site: SrcPos | null, whole: string): void {
    switch (dir) {
      case "define": return this.defineDirective(rest, at);
      case "undef": {
        const name = /^\s*([A-Za-z_]\w*)\s*$/.exec(rest)?.[1];
        if (name === undefined) throw new CError([{ pos: at, message: "#undef expects a macro name" }]);
        this.macros.delete(name);
        return;
      }
      case "include": return this.include(rest, at, file, site);
      case "pragma": return this.pragma(rest, at, site, whole);
      case "error": throw new CError([{ pos: at, message: `#error${rest}` }]);
      case "warning": case "line": case "": return;
      default: throw new CError([{ pos: at, message: `'#${dir}' is not supported` }]);
    }
  }

  defineDirective(rest: string, at: SrcPos): void {
    const m = /^\s*([A-Za-z_]\w*)(\(([^)]*)\))?(.*)$/.exec(rest);
    if (!m) throw new CError([{ pos: at, message: "#define expects a macro name" }]);
    const name = m[1]!;
    let params: string[] | null = null;
    let variadic = false;
    if (m[2] !== undefined) {
      params = m[3]!.split(",").map((p) => p.trim()).filter((p) => p !== "");
      if (params.length > 0 && params[params.length - 1] === "...") {
        variadic = true;
        params[params.length - 1] = "__VA_ARGS__";
      }
      for (const p of params) if (!/^[A-Za-z_]\w*$/.test(p)) throw new CError([{ pos: at, message: `bad macro parameter '${p}'` }]);
    }
    const body = tokenize(m[4]!.trim());
    this.macros.set(name, { name, params, variadic, body });
  }

  include(rest: string, at: SrcPos, file: string, site: SrcPos | null): void {
    let spec = rest.trim();
    if (!/^[<"]/.test(spec)) spec = this.expandLine(spec, at).trim();
    const m = /^(<([^>]+)>|"([^"]+)")/.exec(spec);
    if (!m) throw new CError([{ pos: at, message: "#include expects \"FILE\" or <FILE>" }]);
    const name = (m[2] ?? m[3])!;
    const here = site ?? at;
    if (m[3] !== undefined) {
      const dir = file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ".";
      for (const d of [dir, ...(this.opts.includeDirs ?? [])]) {
        const p = d === "." ? name : `${d}/${name}`;
        const text = name.startsWith("/") ? this.opts.readFile?.(name) : this.opts.readFile?.(p);
        if (text !== undefined) {
          const key = name.startsWith("/") ? name : p;
          if (this.once.has(key)) return;
          this.file(text, key, here);
          return;
        }
      }
    }
    const std = STD_HEADERS[name];
    if (std === undefined) {
      throw new CError([{ pos: at, message: m[2] !== undefined ? `header <${name}> is not supported (known: ${Object.keys(STD_HEADERS).join(" ")})` : `cannot find header "${name}"` }]);
    }
    if (this.once.has(`<${name}>`)) return;
    this.once.add(`<${name}>`);
    this.file(std, `<${name}>`, here);
  }

  pragma(rest: string, at: SrcPos, site: SrcPos | null, whole: string): void {
    const m = /^(\s*)(\w+)(.*)$/.exec(rest);
    if (!m) return;
    if (m[2] === "once") {
      this.once.add(at.file);
      return;
    }
    if (m[2] !== "omp") return; // other pragmas are hints a compiler may ignore
    const body = m[3]!;
    const textCol = whole.length - body.length + 1;
    const text = this.expandLine(body, at).trim();
    const n = this.pragmas.length;
    this.pragmas.push({ text, pos: { ...at, col: textCol + (body.length - body.trimStart().length) }, at: site ?? at });
    // Replaces the blank line emit() is about to add with the directive's stand-in.
    const standIn = DECLARATIVE.test(text) ? `#pragma omp ${n}` : `__omp_pragma_${n}: ${/^\s*(barrier|taskwait|flush|target\s+(enter|exit|update)|taskyield)\b/.test(text) ? ";" : ""}`;
    this.pendingStandIn = " ".repeat(Math.max(0, at.col - 1)) + standIn;
  }

  pendingStandIn: string | null = null;

  /**
   * The `_Pragma("…")` operator (C99 6.10.9), after macro expansion (so `#define P(x)
   * _Pragma(#x)` works): the string, destringized, is a `#pragma` line. An `omp` one
   * becomes its stand-in where the operator stood (a label the next statement takes); a
   * declarative one (`declare target`…) must be alone on its line, as its `#pragma omp N`
   * stand-in is a line of its own; other pragmas go.
   */
  pragmaOperators(line: string, pos: SrcPos, site: SrcPos | null): string {
    if (!line.includes("_Pragma")) return line;
    const toks = tokenize(line);
    let out = "";
    let col = 1;
    for (let i = 0; i < toks.length; i++) {
      const t = toks[i]!;
      if (t.k !== "id" || t.s !== "_Pragma") {
        out += t.s;
        col += t.s.length;
        continue;
      }
      const at: SrcPos = { ...pos, col };
      let j = i + 1;
      const skip = (): void => {
        while (toks[j]?.k === "ws") j++;
      };
      skip();
      if (toks[j]?.s !== "(") throw new CError([{ pos: at, message: "_Pragma expects a string literal in parentheses" }]);
      j++;
      skip();
      const str = toks[j];
      if (str?.k !== "str") throw new CError([{ pos: at, message: "_Pragma expects a string literal in parentheses" }]);
      j++;
      skip();
      if (toks[j]?.s !== ")") throw new CError([{ pos: at, message: "_Pragma expects a string literal in parentheses" }]);
      const body = str.s.slice(1, -1).replace(/\\(["\\])/g, "$1");
      const consumed = toks.slice(i, j + 1).map((x) => x.s).join("").length;
      this.pendingStandIn = null;
      this.pragma(" " + body, at, site, "#pragma " + body);
      const standIn = this.pendingStandIn as string | null;
      this.pendingStandIn = null;
      let piece = "";
      if (standIn !== null) {
        piece = standIn.trimStart();
        if (piece.startsWith("#") && (out.trim() !== "" || toks.slice(j + 1).some((x) => x.k !== "ws")))
          throw new CError([{ pos: at, message: "a declarative '_Pragma(\"omp …\")' must stand alone on its line" }]);
      }
      out += piece + " ".repeat(Math.max(0, consumed - piece.length));
      col += consumed;
      i = j;
    }
    return out;
  }

  evalIf(rest: string, at: SrcPos): boolean {
    // `defined X` / `defined(X)` are replaced before expansion, as the standard says.
    const replaced = rest.replace(/\bdefined\s*(\(\s*([A-Za-z_]\w*)\s*\)|([A-Za-z_]\w*))/g, (_m, _a, p: string | undefined, q: string | undefined) => (this.macros.has((p ?? q)!) ? " 1 " : " 0 "));
    const expanded = this.expandLine(replaced, at);
    const toks = tokenize(expanded).filter((t) => t.k !== "ws");
    const ev = new IfEval(toks, at);
    const v = ev.expr();
    if (ev.i < toks.length) throw new CError([{ pos: at, message: `bad #if expression near '${toks[ev.i]!.s}'` }]);
    return v !== 0n;
  }

  expandLine(line: string, pos: SrcPos): string {
    return this.expand(tokenize(line), pos).map((t) => t.s).join("");
  }

  expand(toks: Tok[], pos: SrcPos): Tok[] {
    const out: Tok[] = [];
    // Expansions, not tokens: a long line without macros is not a runaway expansion.
    let expansions = 0;
    const expanded = (): void => {
      if (++expansions > MAX_EXPANSIONS) throw new CError([{ pos, message: `macro expansion too large (more than ${MAX_EXPANSIONS} expansions on one line)` }]);
    };
    const work = toks.slice();
    let i = 0;
    while (i < work.length) {
      const t = work[i]!;
      if (t.k !== "id" || t.hide?.has(t.s)) {
        out.push(t);
        i++;
        continue;
      }
      if (t.s === "__LINE__") { out.push({ k: "num", s: String(pos.line) }); i++; continue; }
      if (t.s === "__FILE__") { out.push({ k: "str", s: JSON.stringify(pos.file) }); i++; continue; }
      const m = this.macros.get(t.s);
      if (m === undefined) {
        out.push(t);
        i++;
        continue;
      }
      const hide = new Set(t.hide ?? []);
      hide.add(m.name);
      if (m.params === null) {
        expanded();
        const body = m.body.map((b) => ({ ...b, hide: new Set([...(b.hide ?? []), ...hide]) }));
        work.splice(i, 1, ...body);
        continue;
      }
      // Function-like: only if followed by '(' (on the same logical line).
      let j = i + 1;
      while (j < work.length && work[j]!.k === "ws") j++;
      if (j >= work.length || work[j]!.s !== "(") {
        out.push(t);
        i++;
        continue;
      }
      const args: Tok[][] = [[]];
      let depth = 0;
      let k = j + 1;
      for (; k < work.length; k++) {
        const a = work[k]!;
        if (a.s === "(") depth++;
        else if (a.s === ")") {
          if (depth === 0) break;
          depth--;
        } else if (a.s === "," && depth === 0 && !(m.variadic && args.length >= m.params.length)) {
          args.push([]);
          continue;
        }
        args[args.length - 1]!.push(a);
      }
      if (k >= work.length) throw new CError([{ pos, message: `unterminated call of macro '${m.name}' (macro arguments must be on one line)` }]);
      const trimmed = args.map(trimWs);
      if (m.params.length === 0 && trimmed.length === 1 && trimmed[0]!.length === 0) trimmed.length = 0;
      if (trimmed.length !== m.params.length && !(m.variadic && trimmed.length === m.params.length - 1)) {
        throw new CError([{ pos, message: `macro '${m.name}' expects ${m.params.length} argument(s), got ${trimmed.length}` }]);
      }
      while (trimmed.length < m.params.length) trimmed.push([]);
      expanded();
      const body = this.substitute(m, trimmed, pos).map((b) => ({ ...b, hide: new Set([...(b.hide ?? []), ...hide]) }));
      work.splice(i, k - i + 1, ...body);
    }
    return out;
  }

  substitute(m: Macro, args: Tok[][], pos: SrcPos): Tok[] {
    const params = m.params!;
    const idx = (t: Tok | undefined): number => (t !== undefined && t.k === "id" ? params.indexOf(t.s) : -1);
    const body = m.body;
    const res: Tok[] = [];
    for (let i = 0; i < body.length; i++) {
      const t = body[i]!;
      if (t.s === "#" && idx(nextNonWs(body, i)) >= 0) {
        const j = nextNonWsIndex(body, i);
        res.push({ k: "str", s: JSON.stringify(args[idx(body[j])]!.map((a) => a.s).join("").replace(/\s+/g, " ")) });
        i = j;
        continue;
      }
      const p = idx(t);
      if (p >= 0) {
        const adjacentPaste = prevNonWs(res)?.s === "##" || nextNonWs(body, i)?.s === "##";
        res.push(...(adjacentPaste ? args[p]! : this.expand(args[p]!, pos)));
        continue;
      }
      res.push(t);
    }
    // ## pastes the tokens on either side.
    const out: Tok[] = [];
    for (let i = 0; i < res.length; i++) {
      const t = res[i]!;
      if (t.s === "##") {
        while (out.length && out[out.length - 1]!.k === "ws") out.pop();
        let j = i + 1;
        while (j < res.length && res[j]!.k === "ws") j++;
        const left = out.pop();
        const right = res[j];
        const pasted = tokenize((left?.s ?? "") + (right?.s ?? ""));
        out.push(...pasted);
        i = j;
        continue;
      }
      out.push(t);
    }
    return out;
  }
}

/** GNU attributes that change a program's meaning (layout, vector types): an error. */
const MEANINGFUL_ATTRIBUTES = new Set(["packed", "aligned", "vector_size", "mode", "transparent_union", "cleanup", "section", "alias", "weak"]);

/**
 * Blanks out `__attribute__((…))` (the grammar does not accept it everywhere GCC does); the
 * attributes are hints to ompir (unused, const, …), except the ones that change meaning,
 * which are errors, and `noinline`, whose column goes to `noinline` (the lowering applies
 * it). Columns are kept (the text is replaced by spaces).
 */
function stripAttributes(line: string, pos: SrcPos, noinline: (col: number) => void): string {
  const re = /\b__attribute(__)?\s*\(\s*\(/g;
  let out = line;
  for (let m = re.exec(out); m !== null; m = re.exec(out)) {
    let depth = 0;
    let j = m.index + m[0].length - 2;
    for (; j < out.length; j++) {
      if (out[j] === "(") depth++;
      else if (out[j] === ")" && --depth === 0) break;
    }
    if (j >= out.length) throw new CError([{ pos: { ...pos, col: m.index + 1 }, message: "unterminated __attribute__ (it must fit on one line)" }]);
    const text = out.slice(m.index, j + 1);
    for (const name of text.slice(m[0].length).matchAll(/\b_{0,2}([A-Za-z_]\w*?)_{0,2}\b\s*(\(|,|\)|$)/g)) {
      if (MEANINGFUL_ATTRIBUTES.has(name[1]!)) throw new CError([{ pos: { ...pos, col: m.index + 1 }, message: `'__attribute__((${name[1]}))' is not supported (it changes the program's meaning)` }]);
      if (name[1] === "noinline") noinline(m.index);
    }
    out = out.slice(0, m.index) + " ".repeat(text.length) + out.slice(j + 1);
  }
  return out;
}

function trimWs(a: Tok[]): Tok[] {
  let s = 0;
  let e = a.length;
  while (s < e && a[s]!.k === "ws") s++;
  while (e > s && a[e - 1]!.k === "ws") e--;
  return a.slice(s, e);
}
function nextNonWsIndex(a: Tok[], i: number): number {
  let j = i + 1;
  while (j < a.length && a[j]!.k === "ws") j++;
  return j;
}
function nextNonWs(a: Tok[], i: number): Tok | undefined {
  return a[nextNonWsIndex(a, i)];
}
function prevNonWs(a: Tok[]): Tok | undefined {
  for (let i = a.length - 1; i >= 0; i--) if (a[i]!.k !== "ws") return a[i];
  return undefined;
}

const TOKEN = /\s+|[A-Za-z_]\w*|\.?\d(?:[eEpP][+-]|[\w.])*|"(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?|##|<<=|>>=|\.\.\.|->|\+\+|--|<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%&|^!~<>=?:;,.()[\]{}#]|./gs;

export function tokenize(s: string): Tok[] {
  const out: Tok[] = [];
  for (const m of s.matchAll(TOKEN)) {
    const x = m[0];
    const c = x[0]!;
    const k: Tok["k"] = /\s/.test(c) ? "ws" : /[A-Za-z_]/.test(c) ? "id" : /[\d.]/.test(c) && x !== "." && x !== "..." ? "num" : c === '"' ? "str" : c === "'" ? "chr" : "punct";
    // Whitespace is kept as written so columns after expansion still match the source line.
    out.push({ k, s: k === "ws" ? x.replace(/[\r\n]/g, " ") : x });
  }
  return out;
}

/** Replaces comments by spaces (newlines kept), outside string and character literals. */
function stripComments(text: string, file: string): string {
  let out = "";
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const c = text[i]!;
    if (c === "\n") line++;
    if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) throw new CError([{ pos: { file, line, col: 1 }, message: "unterminated comment" }]);
      const body = text.slice(i, end + 2);
      out += " " + body.replace(/[^\n]/g, "").replace(/^/, "");
      line += (body.match(/\n/g) ?? []).length;
      i = end + 2;
      continue;
    }
    if (c === "/" && text[i + 1] === "/") {
      // A backslash at the end of the line splices the next one into the comment (line
      // splicing, C11 5.1.1.2 phase 2, comes before comments are removed, phase 3); its
      // newline stays so that lines keep their numbers.
      while (i < n && text[i] !== "\n") i++;
      while (i < n && (text[i - 1] === "\\" || (text[i - 1] === "\r" && text[i - 2] === "\\"))) {
        out += "\n";
        line++;
        i++;
        while (i < n && text[i] !== "\n") i++;
      }
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < n && text[j] !== c && text[j] !== "\n") j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** Splits into logical lines (backslash-newline joined), each with its first physical line. */
function splitLogical(text: string): { line: number; text: string }[] {
  const phys = text.split("\n");
  const out: { line: number; text: string }[] = [];
  for (let i = 0; i < phys.length; i++) {
    const start = i;
    let t = phys[i]!.replace(/\r$/, "");
    while (t.endsWith("\\") && i + 1 < phys.length) {
      t = t.slice(0, -1) + phys[++i]!.replace(/\r$/, "");
    }
    out.push({ line: start + 1, text: t });
    // Keep the line count: joined lines become empty lines.
    for (let k = start + 1; k <= i; k++) out.push({ line: k + 1, text: "" });
  }
  if (out.length && out[out.length - 1]!.text === "" && text.endsWith("\n")) out.pop();
  return out;
}

/** Integer expressions of #if (intmax_t arithmetic). */
class IfEval {
  i = 0;
  constructor(readonly t: Tok[], readonly at: SrcPos) {}
  peek(): string | undefined {
    return this.t[this.i]?.s;
  }
  eat(s: string): boolean {
    if (this.peek() === s) {
      this.i++;
      return true;
    }
    return false;
  }
  fail(): never {
    throw new CError([{ pos: this.at, message: `bad #if expression${this.peek() === undefined ? " (unexpected end)" : ` near '${this.peek()}'`}` }]);
  }
  expr(): bigint {
    const c = this.bin(0);
    if (this.eat("?")) {
      const a = this.expr();
      if (!this.eat(":")) this.fail();
      const b = this.expr();
      return c !== 0n ? a : b;
    }
    return c;
  }
  static PREC: Record<string, number> = { "||": 1, "&&": 2, "|": 3, "^": 4, "&": 5, "==": 6, "!=": 6, "<": 7, ">": 7, "<=": 7, ">=": 7, "<<": 8, ">>": 8, "+": 9, "-": 9, "*": 10, "/": 10, "%": 10 };
  bin(min: number): bigint {
    let l = this.unary();
    for (;;) {
      const op = this.peek();
      const p = op === undefined ? undefined : IfEval.PREC[op];
      if (p === undefined || p <= min) return l;
      this.i++;
      const r = this.bin(p);
      l = this.apply(op!, l, r);
    }
  }
  apply(op: string, l: bigint, r: bigint): bigint {
    const b = (x: boolean): bigint => (x ? 1n : 0n);
    switch (op) {
      case "||": return b(l !== 0n || r !== 0n);
      case "&&": return b(l !== 0n && r !== 0n);
      case "|": return l | r;
      case "^": return l ^ r;
      case "&": return l & r;
      case "==": return b(l === r);
      case "!=": return b(l !== r);
      case "<": return b(l < r);
      case ">": return b(l > r);
      case "<=": return b(l <= r);
      case ">=": return b(l >= r);
      case "<<": return BigInt.asIntN(64, l << r);
      case ">>": return l >> r;
      case "+": return BigInt.asIntN(64, l + r);
      case "-": return BigInt.asIntN(64, l - r);
      case "*": return BigInt.asIntN(64, l * r);
      case "/": case "%":
        if (r === 0n) throw new CError([{ pos: this.at, message: "division by zero in #if" }]);
        return op === "/" ? l / r : l % r;
      default: return this.fail();
    }
  }
  unary(): bigint {
    const s = this.peek();
    if (s === undefined) this.fail();
    if (this.eat("(")) {
      const v = this.expr();
      if (!this.eat(")")) this.fail();
      return v;
    }
    if (this.eat("!")) return this.unary() === 0n ? 1n : 0n;
    if (this.eat("-")) return -this.unary();
    if (this.eat("+")) return this.unary();
    if (this.eat("~")) return ~this.unary();
    const t = this.t[this.i++]!;
    if (t.k === "num") {
      const v = parseIntLiteral(t.s);
      if (v === null) this.i--, this.fail();
      return v!;
    }
    if (t.k === "chr") return BigInt(charValue(t.s));
    if (t.k === "id") return 0n; // identifiers left after expansion are 0
    this.i--;
    return this.fail();
  }
}

/** The value of a C integer literal (suffixes ignored); null if it is not one. */
export function parseIntLiteral(s: string): bigint | null {
  const m = /^(0[xX][0-9a-fA-F]+|0[bB][01]+|0[0-7]*|[1-9]\d*)[uUlL]*$/.exec(s);
  if (!m) return null;
  const d = m[1]!;
  if (/^0[0-7]+$/.test(d)) return BigInt("0o" + d.slice(1));
  return BigInt(d);
}

/** The value of a character literal such as 'a' or '\n'. */
export function charValue(s: string): number {
  const body = s.slice(1, -1);
  if (!body.startsWith("\\")) return body.charCodeAt(0);
  return unescapeC(body).charCodeAt(0);
}

/** C escape sequences to characters (bytes). */
export function unescapeC(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === "x") return String.fromCharCode(parseInt(e.slice(1), 16) & 255);
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8) & 255);
    const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", a: "\x07", b: "\b", f: "\f", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?", e: "\x1b" };
    return map[e] ?? e;
  });
}
