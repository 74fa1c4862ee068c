// A unified line diff (LCS by dynamic programming), for filetest mismatches. Expected
// outputs are small, so the O(n·m) table is fine and keeps the code obvious.

export type Edit = { op: " " | "-" | "+"; line: string };

/** The edit script turning `a` into `b`: deletions before insertions within a change. */
export function diffLines(a: readonly string[], b: readonly string[]): Edit[] {
  const n = a.length;
  const m = b.length;
  // lcs[i][j] = LCS length of a[i..] and b[j..], flattened.
  const w = m + 1;
  const lcs = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i * w + j] = a[i] === b[j] ? lcs[(i + 1) * w + j + 1]! + 1 : Math.max(lcs[(i + 1) * w + j]!, lcs[i * w + j + 1]!);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      edits.push({ op: " ", line: a[i]! });
      i++;
      j++;
    } else if (j >= m || (i < n && lcs[(i + 1) * w + j]! >= lcs[i * w + j + 1]!)) {
      edits.push({ op: "-", line: a[i]! });
      i++;
    } else {
      edits.push({ op: "+", line: b[j]! });
      j++;
    }
  }
  return edits;
}

/** `diff -u` style text (`--- expected`, `+++ actual`, `@@` hunks); "" if equal. */
export function unifiedDiff(expected: string, actual: string, context = 3, names: [string, string] = ["expected", "actual"]): string {
  if (expected === actual) return "";
  const edits = diffLines(expected.split("\n"), actual.split("\n"));
  const out = [`--- ${names[0]}`, `+++ ${names[1]}`];
  // Positions (1-based) in a and b before each edit.
  const posA: number[] = [];
  const posB: number[] = [];
  let pa = 1;
  let pb = 1;
  for (const e of edits) {
    posA.push(pa);
    posB.push(pb);
    if (e.op !== "+") pa++;
    if (e.op !== "-") pb++;
  }
  let k = 0;
  while (k < edits.length) {
    if (edits[k]!.op === " ") {
      k++;
      continue;
    }
    // Grow a hunk while changes are within 2*context lines of each other.
    let start = Math.max(0, k - context);
    let end = k;
    for (;;) {
      while (end < edits.length && edits[end]!.op !== " ") end++;
      let next = end;
      while (next < edits.length && edits[next]!.op === " ") next++;
      if (next < edits.length && next - end <= 2 * context) end = next;
      else {
        end = Math.min(edits.length, end + context);
        break;
      }
    }
    const hunk = edits.slice(start, end);
    const lenA = hunk.filter((e) => e.op !== "+").length;
    const lenB = hunk.filter((e) => e.op !== "-").length;
    const startA = lenA === 0 ? posA[start]! - 1 : posA[start]!;
    const startB = lenB === 0 ? posB[start]! - 1 : posB[start]!;
    out.push(`@@ -${startA},${lenA} +${startB},${lenB} @@`);
    for (const e of hunk) out.push(e.op + e.line);
    k = end;
    start = end;
  }
  return out.join("\n");
}
