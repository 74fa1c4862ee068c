// .oir highlighting for CodeMirror, read from the TextMate grammar the editors use
// (editors/oir.tmLanguage.json): its match and begin/end rules run as a StreamLanguage, so
// the playground and VS Code colour the same tokens. The grammar's regexes use only what
// JavaScript's RegExp accepts too (lookbehind, classes, anchors).

import { StreamLanguage } from "@codemirror/language";
import type { StringStream } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import type { Tag } from "@lezer/highlight";
import grammar from "../../editors/oir.tmLanguage.json";

interface TmRule {
  include?: string;
  match?: string;
  begin?: string;
  end?: string;
  name?: string;
  captures?: Record<string, { name: string }>;
  beginCaptures?: Record<string, { name: string }>;
  patterns?: TmRule[];
}

/** A compiled rule: a single-token match, or a region with its own rules until `end`. */
interface Rule {
  re: RegExp;
  scope: string;
  region: Region | null;
}

interface Region {
  end: RegExp;
  scope: string;
  rules: Rule[];
}

const repository = (grammar as unknown as { repository: Record<string, TmRule> }).repository;

/** The scope a token gets: the rule's own, else its first capture's (declarations). */
function scopeOf(r: TmRule): string {
  return r.name ?? r.captures?.["1"]?.name ?? r.beginCaptures?.["1"]?.name ?? "";
}

function compile(rules: readonly TmRule[], seen: Set<string> = new Set()): Rule[] {
  const out: Rule[] = [];
  for (const r of rules) {
    if (r.include !== undefined) {
      const key = r.include.replace(/^#/, "");
      const target = repository[key];
      if (target === undefined || seen.has(key)) continue;
      // A self-include (loc(...) nests) reuses the region being built.
      out.push(...compile([target], new Set([...seen, key])));
    } else if (r.patterns !== undefined && r.match === undefined && r.begin === undefined) {
      out.push(...compile(r.patterns, seen));
    } else if (r.match !== undefined) {
      out.push({ re: new RegExp(r.match, "y"), scope: scopeOf(r), region: null });
    } else if (r.begin !== undefined && r.end !== undefined) {
      const region: Region = { end: new RegExp(r.end, "y"), scope: r.name ?? "", rules: [] };
      out.push({ re: new RegExp(r.begin, "y"), scope: scopeOf(r), region });
      region.rules = compile(r.patterns ?? [], seen);
    }
  }
  return out;
}

const top = compile((grammar as unknown as { patterns: TmRule[] }).patterns);

/** TextMate scope → highlight tag (longest prefix wins). */
const TAGS: [string, Tag][] = [
  ["comment", tags.lineComment],
  ["string", tags.string],
  ["constant.character.escape", tags.escape],
  ["constant.numeric", tags.number],
  ["constant.language", tags.atom],
  ["storage.type.function", tags.definitionKeyword],
  ["storage.type", tags.typeName],
  ["storage.modifier", tags.modifier],
  ["keyword.control", tags.controlKeyword],
  ["keyword.other.location", tags.meta],
  ["keyword", tags.keyword],
  ["entity.name.function", tags.function(tags.variableName)],
  ["entity.name.label", tags.labelName],
  ["variable", tags.variableName],
  ["invalid", tags.invalid],
  ["punctuation", tags.punctuation],
  ["meta.location", tags.meta],
];

/** The StreamLanguage token name of a scope: `tm<i>` for TAGS[i] (names must not hold dots). */
function tokenName(scope: string): string | null {
  let best: string | null = null;
  let len = -1;
  TAGS.forEach(([prefix], i) => {
    if ((scope === prefix || scope.startsWith(prefix + ".")) && prefix.length > len) {
      best = `tm${i}`;
      len = prefix.length;
    }
  });
  return best;
}

interface State {
  /** Open regions, innermost last. */
  stack: Region[];
}

/** Tries `re` at the stream's position; advances over the match (-1: no match). */
function eat(stream: StringStream, re: RegExp): number {
  re.lastIndex = stream.pos;
  const m = re.exec(stream.string);
  if (m === null) return -1;
  stream.pos += m[0].length;
  return m[0].length;
}

export const oirLanguage = StreamLanguage.define<State>({
  name: "oir",
  startState: () => ({ stack: [] }),
  copyState: (s) => ({ stack: [...s.stack] }),
  token(stream, state) {
    let region = state.stack[state.stack.length - 1];
    // A region ends at its `end` (a zero-width one, like a string's `$`, just closes it).
    while (region !== undefined) {
      const n = eat(stream, region.end);
      if (n < 0) break;
      state.stack.pop();
      if (n > 0) return tokenName(region.scope);
      region = state.stack[state.stack.length - 1];
    }
    let token: string | null = null;
    let matched = false;
    for (const rule of region?.rules ?? top) {
      if (eat(stream, rule.re) <= 0) continue;
      if (rule.region !== null) state.stack.push(rule.region);
      token = tokenName(rule.scope || rule.region?.scope || "");
      matched = true;
      break;
    }
    if (!matched) {
      stream.next();
      token = region === undefined ? null : tokenName(region.scope);
    }
    // Close regions whose end is the end of the line.
    for (let r = state.stack[state.stack.length - 1]; r !== undefined && stream.eol() && eat(stream, r.end) === 0; r = state.stack[state.stack.length - 1]) state.stack.pop();
    return token;
  },
  tokenTable: Object.fromEntries(TAGS.map(([, t], i) => [`tm${i}`, t])),
  languageData: { commentTokens: { line: ";" } },
});
