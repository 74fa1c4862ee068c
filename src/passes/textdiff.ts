// Unified line diffs for `--print-changed=diff` and filetest mismatches.
//
// The edit script comes from the `diff` package's Myers diff (O(N·D): a few changed lines in a
// long function cost little and give a small diff, whatever the function's size). Only the
// hunk layout (`--- a` / `+++ b` / `@@ -l,n +l,n @@`) is written here, so the text matches
// `diff -u`. A diff with more than MAX_EDITS edits is shown as one replaced region rather
// than searched for: by then a line-by-line diff no longer helps a reader.

import { diffArrays } from "diff";

const MAX_EDITS = 20_000;

export type Op = { op: " " | "-" | "+"; line: string };

/** The edit script turning lines `a` into lines `b` (deletions before insertions in a change). */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  const changes = diffArrays([...a], [...b], { maxEditLength: MAX_EDITS });
  if (changes === undefined) {
    return [...a.map((line) => ({ op: "-" as const, line })), ...b.map((line) => ({ op: "+" as const, line }))];
  }
  const out: Op[] = [];
  let removed: Op[] = [];
  let added: Op[] = [];
  const flush = () => {
    out.push(...removed, ...added);
    removed = [];
    added = [];
  };
  for (const c of changes) {
    if (c.removed) removed.push(...c.value.map((line) => ({ op: "-" as const, line })));
    else if (c.added) added.push(...c.value.map((line) => ({ op: "+" as const, line })));
    else {
      flush();
      out.push(...c.value.map((line) => ({ op: " " as const, line })));
    }
  }
  flush();
  return out;
}

/** `diff -u` text between two texts (`--- before` / `+++ after`, @@ hunks); "" if equal. */
export function unifiedDiff(before: string, after: string, names: [string, string] = ["before", "after"], context = 3): string {
  if (before === after) return "";
  const ops = diffLines(before.replace(/\n$/, "").split("\n"), after.replace(/\n$/, "").split("\n"));
  const lines = [`--- ${names[0]}`, `+++ ${names[1]}`];
  const posA: number[] = [];
  const posB: number[] = [];
  let pa = 1;
  let pb = 1;
  for (const o of ops) {
    posA.push(pa);
    posB.push(pb);
    if (o.op !== "+") pa++;
    if (o.op !== "-") pb++;
  }
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.op === " ") {
      k++;
      continue;
    }
    const start = Math.max(0, k - context);
    let end = k;
    for (;;) {
      while (end < ops.length && ops[end]!.op !== " ") end++;
      let next = end;
      while (next < ops.length && ops[next]!.op === " ") next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else {
        end = Math.min(ops.length, end + context);
        break;
      }
    }
    const hunk = ops.slice(start, end);
    const lenA = hunk.filter((o) => o.op !== "+").length;
    const lenB = hunk.filter((o) => o.op !== "-").length;
    lines.push(`@@ -${lenA === 0 ? posA[start]! - 1 : posA[start]!},${lenA} +${lenB === 0 ? posB[start]! - 1 : posB[start]!},${lenB} @@`);
    for (const o of hunk) lines.push(o.op + o.line);
    k = end;
  }
  return lines.join("\n") + "\n";
}
