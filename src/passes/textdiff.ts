// Unified line diffs for `--print-changed=diff` and filetest mismatches. Common prefix and suffix are trimmed first
// (a pass usually changes a few lines of a function), then an LCS table aligns the middle;
// a middle too big for the table is shown as one replaced region.

const MAX_TABLE = 4_000_000;

export type Op = { op: " " | "-" | "+"; line: string };

function middleDiff(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_TABLE) return [...a.map((line) => ({ op: "-" as const, line })), ...b.map((line) => ({ op: "+" as const, line }))];
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const out: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) (out.push({ op: " ", line: a[i]! }), i++, j++);
    else if (j >= m || (i < n && lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) out.push({ op: "-", line: a[i++]! });
    else out.push({ op: "+", line: b[j++]! });
  }
  return out;
}

/** The edit script turning lines `a` into lines `b` (deletions before insertions in a change). */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let pre = 0;
  while (pre < a.length && pre < b.length && a[pre] === b[pre]) pre++;
  let suf = 0;
  while (suf < a.length - pre && suf < b.length - pre && a[a.length - 1 - suf] === b[b.length - 1 - suf]) suf++;
  return [
    ...a.slice(0, pre).map((line) => ({ op: " " as const, line })),
    ...middleDiff(a.slice(pre, a.length - suf), b.slice(pre, b.length - suf)),
    ...a.slice(a.length - suf).map((line) => ({ op: " " as const, line })),
  ];
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
