// The filetest file format (docs/TESTING.md), Cranelift style:
//
//   ; test cat                      <- one or more test lines at the top
//   ; test opt inline,simplify      (`;;` notes and blank lines may sit between them)
//   <input module>
//   ; ----- cat                     <- at the end, one expectation section per test line
//   ; <expected output line>           that has one: `; x` is the line "x", `;` alone an
//   ;                                  empty line (so "a\n" is `; a` then `;`)
//
// `;;` lines are human notes, ignored everywhere. The input is the file up to the first
// section header, so the module's line numbers are the file's. Splicing rewrites only the
// expectation region; the input part is kept byte for byte.
//
// A header line `; input: <path>` (relative to the repository root) takes the input from
// that file instead, so golden tests of the examples point at examples/*.oir rather than
// keeping copies that must be kept in sync; diagnostics then name that file.

export interface TestLine {
  kind: string;
  options: string[];
  /** `kind options...` with single spaces: the key of its expectation section. */
  key: string;
  line: number; // 1-based
}

export interface Section {
  key: string;
  /** The expected output, lines joined with "\n". */
  expected: string;
  line: number; // 1-based line of the header
}

export interface Filetest {
  tests: TestLine[];
  /** `; input: <path>`: the input lives in that file (relative to the repository root). */
  inputFile: string | null;
  /** The file minus the expectation region. */
  input: string;
  sections: Section[];
  /** Lines of the expectation region that are neither section lines nor notes. */
  problems: string[];
}

const TEST_LINE = /^;\s*test\s+(\S.*?)\s*$/;
const INPUT_LINE = /^;\s*input:\s*(\S+)\s*$/;
const HEADER = /^; -----\s+(\S.*?)\s*$/;

export function testKey(kind: string, options: readonly string[]): string {
  return [kind, ...options].join(" ");
}

function splitLines(text: string): string[] {
  const lines = text.split("\n");
  return lines.map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

export function parseFiletest(text: string): Filetest {
  const lines = splitLines(text);
  const tests: TestLine[] = [];
  let inputFile: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const m = TEST_LINE.exec(l);
    const inp = INPUT_LINE.exec(l);
    if (inp && !l.startsWith(";;")) {
      inputFile = inp[1]!;
    } else if (m && !l.startsWith(";;")) {
      const [kind, ...options] = m[1]!.split(/\s+/);
      tests.push({ kind: kind!, options, key: testKey(kind!, options), line: i + 1 });
    } else if (l.trim() === "" || l.startsWith(";;")) {
      continue;
    } else break;
  }

  const start = lines.findIndex((l) => HEADER.test(l));
  // Trailing blank lines are not input, so splicing a section in never changes the input.
  const input = (start < 0 ? text : lines.slice(0, start).join("\n")).replace(/\s*$/, "\n");
  const sections: Section[] = [];
  const problems: string[] = [];
  if (start >= 0) {
    let cur: { key: string; line: number; body: string[] } | null = null;
    const close = () => {
      if (cur) sections.push({ key: cur.key, line: cur.line, expected: cur.body.join("\n") });
    };
    for (let i = start; i < lines.length; i++) {
      const l = lines[i]!;
      const h = HEADER.exec(l);
      if (h) {
        close();
        cur = { key: h[1]!.split(/\s+/).join(" "), line: i + 1, body: [] };
      } else if (l.startsWith(";;")) {
        continue;
      } else if (l === ";") {
        cur!.body.push("");
      } else if (l.startsWith("; ")) {
        cur!.body.push(l.slice(2));
      } else if (l.trim() === "") {
        continue; // blank lines between sections and at the end of the file
      } else {
        problems.push(`line ${i + 1}: not an expectation line (every line after '; -----' must start with ';'): ${l}`);
      }
    }
    close();
  }
  return { tests, inputFile, input, sections, problems };
}

/** Renders one section; throws if an output line would read back as a section header. */
export function renderSection(key: string, output: string): string {
  const out = [`; ----- ${key}`];
  for (const l of output.split("\n")) {
    if (HEADER.test("; " + l)) throw new Error(`output line looks like a section header and cannot be stored: ${l}`);
    out.push(l === "" ? ";" : `; ${l}`);
  }
  return out.join("\n") + "\n";
}

/**
 * The file with section `key` set to `output`, the input part untouched. Sections are
 * written in test-line order; sections matching no test line are dropped.
 */
export function spliceSection(text: string, key: string, output: string): string {
  const ft = parseFiletest(text);
  const have = new Map(ft.sections.map((s) => [s.key, s.expected] as const));
  have.set(key, output);
  const seen = new Set<string>();
  let region = "";
  for (const t of ft.tests) {
    if (seen.has(t.key)) continue;
    seen.add(t.key);
    const body = have.get(t.key);
    if (body !== undefined) region += renderSection(t.key, body);
  }
  if (!seen.has(key)) region += renderSection(key, output); // a key with no test line: keep what was asked
  return ft.input.replace(/\s*$/, "\n") + "\n" + region;
}
