// Colour and progress for a person at a terminal (never for a pipe or a file).
//
// Colour: severity words (error, warning, note, remark) and locations of the lines the CLI
// writes to standard error, through util.styleText, only when standard error is a terminal;
// NO_COLOR (https://no-color.org) turns it off, FORCE_COLOR=1 on (as Node's own tools do).
// Progress: one line on standard error, for runs longer than PROGRESS_DELAY_MS, rewritten in
// place at most every PROGRESS_EVERY_MS and erased at the end, only when standard error is a
// terminal.

import { styleText } from "node:util";

type Env = Readonly<Record<string, string | undefined>>;

/** Whether to colour a stream: NO_COLOR wins, then FORCE_COLOR, then "is it a terminal". */
export function wantColour(isTTY: boolean | undefined, env: Env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== "0" && force !== "false";
  return isTTY === true && env.TERM !== "dumb";
}

type Format = Parameters<typeof styleText>[0];

const SEVERITY: Record<string, Format> = {
  error: ["bold", "red"],
  "fatal error": ["bold", "red"],
  warning: ["bold", "magenta"],
  note: ["bold", "cyan"],
  remark: ["bold", "blue"],
};

// validateStream: false — we decided already (wantColour); newer Node would otherwise look
// at process.stdout, not at the stream the text goes to.
const paint = (f: Format, s: string): string => (styleText as (f: Format, s: string, o?: object) => string)(f, s, { validateStream: false });

const DIAG = /^(\S[^ ]*?: )(fatal error|error|warning|note|remark)(: )/;
const CARET = /^([ \t]*)(\^~*)$/;

/** `text` (whole lines) with severity words, locations and carets coloured. */
export function colourise(text: string): string {
  return text
    .split("\n")
    .map((line) => {
      let m = DIAG.exec(line);
      if (m) return paint("bold", m[1]!) + paint(SEVERITY[m[2]!]!, m[2]!) + m[3]! + line.slice(m[0].length);
      m = CARET.exec(line);
      if (m) return m[1]! + paint(["bold", "green"], m[2]!);
      return line;
    })
    .join("\n");
}

export const PROGRESS_EVERY_MS = 100;
export const PROGRESS_DELAY_MS = 500;

/**
 * A throttled status line on a terminal: `update` redraws it (`\r`, clear to end of line)
 * at most every PROGRESS_EVERY_MS; `clear` erases it. Text written in between by `write`
 * first erases the line, so diagnostics never mix with it.
 */
export class ProgressLine {
  private shown = false;
  private last = -Infinity;
  private readonly start: number;
  constructor(private readonly write: (s: string) => void, private readonly now: () => number = () => Date.now()) {
    this.start = now();
  }

  /** Redraws the line with `text()` (called only when it is drawn). */
  update(text: () => string): void {
    const t = this.now();
    if (t - this.start < PROGRESS_DELAY_MS || t - this.last < PROGRESS_EVERY_MS) return;
    this.last = t;
    this.write(`\r${text()}\x1b[K`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.write("\r\x1b[K");
    this.shown = false;
  }
}
