// What both readers of `.oir` text share and neither needs chevrotain for: line starts
// (LineMap), string literal escapes, integer literal values. The fast reader (fastparse.ts)
// and the chevrotain one (lexer.ts, parser.ts) must agree on these to the character.

import type { Loc } from "./loc.js";

// ---------------------------------------------------------------------------------------
// Positions from offsets

/**
 * Line starts of a text, counted as chevrotain's full position tracking counted them: a line
 * ends at `\n`, `\r\n` or a lone `\r` between tokens; a `\r` inside a comment or a string
 * literal is not a line break (those tokens may not span lines). One Int32Array entry per
 * line; `loc(offset)` is amortised O(1) for offsets visited in increasing order.
 */
/** A byte-order mark (U+FEFF) that some editors write at the start of a file, read as a
 *  space: the same offsets, lines and columns, and no "unexpected character" (clang skips it
 *  in C too). Every reader's entry (parse.ts, read.ts) passes its text through this. */
export function bomAsSpace(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? " " + text.slice(1) : text;
}

/** The characters LineMap's scan stops at: line ends, comment and string starts. */
const LINE_SPECIAL = /[\n\r;"]/g;

export class LineMap {
  private readonly starts: Int32Array;
  private readonly count: number;
  private cursor = 0;

  constructor(text: string) {
    let starts = new Int32Array(1024);
    let n = 1; // starts[0] = 0
    const push = (o: number): void => {
      if (n === starts.length) {
        const bigger = new Int32Array(starts.length * 2);
        bigger.set(starts);
        starts = bigger;
      }
      starts[n++] = o;
    };
    const len = text.length;
    let i = 0;
    while (i < len) {
      // To the next character that matters, by regular expression: a loop per character runs
      // before V8 optimises it, and costs several times more.
      LINE_SPECIAL.lastIndex = i;
      if (!LINE_SPECIAL.test(text)) break;
      i = LINE_SPECIAL.lastIndex - 1;
      const c = text.charCodeAt(i);
      if (c === 10) {
        push(++i);
      } else if (c === 13) {
        i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
        push(i);
      } else if (c === 59) {
        // `;` comment: up to the next \n (which the next round counts).
        const nl = text.indexOf("\n", i);
        i = nl < 0 ? len : nl;
      } else {
        // A string literal (StringLit or UnterminatedString): ends after `"`, before a \n,
        // or after a backslash that escapes nothing (`\\.` does not match line terminators).
        i++;
        while (i < len) {
          const d = text.charCodeAt(i);
          if (d === 34) {
            i++;
            break;
          }
          if (d === 10) break;
          if (d === 92) {
            const e = i + 1 < len ? text.charCodeAt(i + 1) : -1;
            if (e === -1 || e === 10 || e === 13 || e === 0x2028 || e === 0x2029) {
              i++; // the trailing `\\?` of UnterminatedString; the token ends here
              break;
            }
            i += 2;
            continue;
          }
          i++;
        }
      }
    }
    this.starts = starts;
    this.count = n;
  }

  /** The 1-based line and column of `offset`. */
  loc(offset: number): Loc {
    const s = this.starts;
    let c = this.cursor;
    if (!(s[c]! <= offset && (c + 1 === this.count || s[c + 1]! > offset))) {
      if (s[c]! <= offset && c + 2 < this.count && s[c + 2]! > offset) {
        c++;
      } else {
        let lo = 0;
        let hi = this.count - 1;
        while (lo < hi) {
          const mid = (lo + hi + 1) >>> 1;
          if (s[mid]! <= offset) lo = mid;
          else hi = mid - 1;
        }
        c = lo;
      }
      this.cursor = c;
    }
    return { line: c + 1, col: offset - s[c]! + 1 };
  }
}

/** Parses an integer literal image (decimal or 0x hex, optional minus sign). */
export function parseIntImage(image: string): bigint {
  const neg = image.startsWith("-");
  const v = BigInt(neg ? image.slice(1) : image);
  return neg ? -v : v;
}

// ---------------------------------------------------------------------------------------
// String literals: escapes \n \t \r \0 \\ \" \xHH. The printer writes the same set.

/** Decodes a string token (quotes included), or describes its first bad escape
 *  (offset from the opening quote). */
export function decodeString(image: string): string | { offset: number; length: number; message: string } {
  let out = "";
  for (let i = 1; i < image.length - 1; i++) {
    const c = image[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = image[i + 1]!;
    switch (e) {
      case "n": out += "\n"; break;
      case "t": out += "\t"; break;
      case "r": out += "\r"; break;
      case "0": out += "\0"; break;
      case "\\": out += "\\"; break;
      case "\"": out += "\""; break;
      case "x": {
        const hex = image.slice(i + 2, i + 4);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) return { offset: i, length: 2, message: "escape \\x needs two hex digits" };
        out += String.fromCharCode(parseInt(hex, 16));
        i += 2;
        break;
      }
      default:
        return { offset: i, length: 2, message: `unknown escape '\\${e}' in string literal` };
    }
    i++;
  }
  return out;
}

/** The quoted form of `s`, using only the escapes decodeString reads. */
export function encodeString(s: string): string {
  let out = "\"";
  for (const c of s) {
    const code = c.codePointAt(0)!;
    if (c === "\\") out += "\\\\";
    else if (c === "\"") out += "\\\"";
    else if (c === "\n") out += "\\n";
    else if (c === "\t") out += "\\t";
    else if (c === "\r") out += "\\r";
    else if (code < 0x20 || code === 0x7f) out += "\\x" + code.toString(16).padStart(2, "0");
    else out += c;
  }
  return out + "\"";
}
