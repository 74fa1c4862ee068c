#!/usr/bin/env node
// The longest functions of src/: lines from a function's header to its closing brace.
// TypeScript 7 (the native compiler in node_modules) has no JavaScript API, so this is a small
// scanner: it skips comments, strings and template text, counts braces, and calls a `{` a
// function body when the code before it (since the last `;`, `{` or `}`) is a `function`
// header, a method header `name(…): T` or ends in `=>`. Nested functions count on their own
// too (an outer function's lines include its nested ones).
// Usage: node scripts/longest-functions.mjs [count=10] [dir=src]
import fs from "node:fs";
import path from "node:path";

const count = Number(process.argv[2] ?? 10);
const root = process.argv[3] ?? "src";
const KEYWORDS = new Set(["if", "for", "while", "switch", "catch", "with", "return", "else", "do", "try", "finally"]);

function files(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : p.endsWith(".ts") && !p.endsWith(".d.ts") ? [p] : [];
  });
}

/** The function's name if `header` (code before a `{`) opens a function body, else null. */
function functionName(header) {
  const h = header.replace(/\s+/g, " ").trim();
  let m = /\bfunction\s*\*?\s*([\w$]*)\s*(<[^]*>)?\s*\(/.exec(h);
  if (m) return m[1] || nameFromBinding(h.slice(0, m.index)) || "<function>";
  if (/=>\s*$/.test(h)) return nameFromBinding(h) ?? "<arrow>";
  m = /^(?:(?:export|public|private|protected|static|async|override|get|set|readonly)\s+)*([\w$]+)\s*(<[^]*>)?\s*\([^]*\)\s*(:[^]*)?$/.exec(h);
  if (m && /^(?:export\s+)?(?:async\s+)?function\b/.test(h)) return m[1];
  if (m && !KEYWORDS.has(m[1])) return m[1];
  return null;
}

function nameFromBinding(h) {
  const m = /(?:const|let|var)\s+([\w$]+)\s*(?::[^=]*)?=/.exec(h) ?? /([\w$]+)\s*:\s*(?:async\s*)?\(?[^:]*$/.exec(h);
  return m ? m[1] : null;
}

/** Code with comments, string and template text blanked (newlines kept). */
function codeOnly(src) {
  let out = "";
  let i = 0;
  const blank = (s) => s.replace(/[^\n]/g, " ");
  while (i < src.length) {
    const c = src[i];
    if (c === "/" && src[i + 1] === "/") {
      const j = src.indexOf("\n", i);
      const end = j < 0 ? src.length : j;
      out += blank(src.slice(i, end));
      i = end;
    } else if (c === "/" && src[i + 1] === "*") {
      const end = src.indexOf("*/", i + 2) + 2;
      out += blank(src.slice(i, end));
      i = end;
    } else if (c === '"' || c === "'" || c === "`") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) {
        if (src[j] === "\\") j++;
        else if (c === "`" && src[j] === "$" && src[j + 1] === "{") {
          // A template substitution: skip to its matching brace (substitutions rarely nest).
          let depth = 0;
          for (j++; j < src.length; j++) {
            if (src[j] === "{") depth++;
            else if (src[j] === "}" && --depth === 0) break;
          }
        }
        j++;
      }
      out += c + blank(src.slice(i + 1, j)) + c;
      i = j + 1;
    } else if (c === "/" && /[=(,:;!&|?{}\[\n]\s*$/.test(out.slice(-20)) ) {
      // A regular expression literal.
      let j = i + 1;
      let cls = false;
      while (j < src.length && (cls || src[j] !== "/")) {
        if (src[j] === "\\") j++;
        else if (src[j] === "[") cls = true;
        else if (src[j] === "]") cls = false;
        j++;
      }
      out += blank(src.slice(i, j + 1));
      i = j + 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const found = [];
for (const file of files(root)) {
  const code = codeOnly(fs.readFileSync(file, "utf8"));
  const stack = [];
  let header = "";
  let headerLine = 1;
  let line = 1;
  for (const c of code) {
    if (c === "\n") line++;
    if (c === "{" && /:\s*$/.test(header) && functionName(header + "T") !== null) {
      // An object type in a function's return type (`): { a: T } {`): the header goes on after it.
      stack.push({ typeOf: header + "{", headerLine });
      header = "";
    } else if (c === "{") {
      const name = functionName(header);
      stack.push(name === null ? null : { name, line: headerLine });
      header = "";
    } else if (c === "}") {
      const open = stack.pop();
      if (open && "typeOf" in open) {
        header = open.typeOf + "}";
        headerLine = open.headerLine;
        continue;
      }
      if (open) found.push({ lines: line - open.line + 1, name: open.name, where: `${file}:${open.line}` });
      header = "";
    } else if (c === ";") {
      header = "";
    } else {
      if (header.trim() === "" && c.trim() !== "") headerLine = line;
      header += c;
    }
  }
}
found.sort((a, b) => b.lines - a.lines || a.where.localeCompare(b.where));
for (const f of found.slice(0, count)) console.log(`${String(f.lines).padStart(5)}  ${f.name.padEnd(28)} ${f.where}`);
