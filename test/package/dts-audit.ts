// Reads the declaration files tsc emits (dist/**/*.d.ts) and finds the types a public
// signature uses that the package entry does not export: a consumer could see a value of
// that type (a parameter, a result, a field) but could not name it.
//
// A small reader for tsc's own .d.ts output, not for TypeScript in general: tsc prints one
// top-level statement per line group, starting in column 0, and `import`/`export … from`
// lines in a fixed form. The TypeScript package here is the native compiler (no JS API).

import * as fs from "node:fs";
import * as path from "node:path";

type Kind = "interface" | "type" | "class" | "enum" | "function" | "const";

interface Decl {
  file: string;
  name: string;
  kind: Kind;
  text: string;
}

interface DtsModule {
  decls: Map<string, Decl>;
  /** local name -> [module file or bare specifier, exported name] */
  imports: Map<string, [string, string]>;
  starFrom: string[];
  /** exported name -> [module file or "" for this module, name there] */
  named: Map<string, [string, string]>;
}

const DECL = /^(export\s+)?(?:declare\s+)?(?:abstract\s+)?(interface|type|class|enum|function|const|let)\s+([A-Za-z_$][\w$]*)/;

function stripComments(s: string): string {
  return s.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"])\/\/.*$/gm, "$1");
}

function statements(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const continues = /^[\s})\]]/.test(line) && out.length > 0;
    if (continues) out[out.length - 1] += "\n" + line;
    else out.push(line);
  }
  return out;
}

function resolveSpec(from: string, spec: string): string {
  if (!spec.startsWith(".")) return spec;
  return path.resolve(path.dirname(from), spec.replace(/\.js$/, ".d.ts"));
}

function names(list: string): [string, string][] {
  return list.split(",").map((s) => s.trim()).filter((s) => s !== "").map((s) => {
    const m = /^(?:type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?$/.exec(s);
    if (!m) throw new Error(`dts-audit: cannot read export/import item '${s}'`);
    return [m[1]!, m[2] ?? m[1]!];
  });
}

export class DtsProgram {
  private modules = new Map<string, DtsModule>();

  private load(file: string): DtsModule {
    const cached = this.modules.get(file);
    if (cached) return cached;
    const mod: DtsModule = { decls: new Map(), imports: new Map(), starFrom: [], named: new Map() };
    this.modules.set(file, mod);
    for (const st of statements(stripComments(fs.readFileSync(file, "utf8")))) {
      let m: RegExpExecArray | null;
      if ((m = /^import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)"/.exec(st))) {
        for (const [orig, local] of names(m[1]!)) mod.imports.set(local, [resolveSpec(file, m[2]!), orig]);
      } else if ((m = /^import\s+(?:type\s+)?\*\s+as\s+([\w$]+)\s+from\s+"([^"]+)"/.exec(st))) {
        mod.imports.set(m[1]!, [resolveSpec(file, m[2]!), "*"]);
      } else if ((m = /^export\s+\*\s+from\s+"([^"]+)"/.exec(st))) {
        mod.starFrom.push(resolveSpec(file, m[1]!));
      } else if ((m = /^export\s+(?:type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)"/.exec(st))) {
        for (const [orig, exported] of names(m[1]!)) mod.named.set(exported, [resolveSpec(file, m[2]!), orig]);
      } else if ((m = /^export\s+(?:type\s+)?\{([^}]*)\};?$/.exec(st))) {
        for (const [local, exported] of names(m[1]!)) mod.named.set(exported, ["", local]);
      } else if ((m = DECL.exec(st))) {
        const kind = (m[2] === "let" ? "const" : m[2]) as Kind;
        const prev = mod.decls.get(m[3]!);
        mod.decls.set(m[3]!, { file, name: m[3]!, kind, text: (prev ? prev.text + "\n" : "") + st });
        if (m[1]) mod.named.set(m[3]!, ["", m[3]!]);
      } else if (/^(export\s+)?(declare\s+)?(\{|\}|;|export\s*\{\s*\})/.test(st) || st.startsWith("import ")) {
        // `export {};` and side-effect imports carry no names
      } else {
        throw new Error(`dts-audit: cannot read statement in ${file}:\n${st}`);
      }
    }
    return mod;
  }

  /** The declaration behind `name` as exported (or, with local, declared/imported) by `file`. */
  resolve(file: string, name: string, local = false, seen = new Set<string>()): Decl | "external" | undefined {
    const key = `${file}#${name}#${local}`;
    if (seen.has(key)) return undefined;
    seen.add(key);
    if (!file.startsWith("/")) return "external";
    const mod = this.load(file);
    if (local) {
      const d = mod.decls.get(name);
      if (d) return d;
      const imp = mod.imports.get(name);
      return imp ? this.resolve(imp[0], imp[1], false, seen) : undefined;
    }
    const n = mod.named.get(name);
    if (n) return n[0] === "" ? this.resolve(file, n[1], true, seen) : this.resolve(n[0], n[1], false, seen);
    for (const star of mod.starFrom) {
      const d = this.resolve(star, name, false, seen);
      if (d !== undefined) return d;
    }
    return undefined;
  }

  /** Every exported name of `file` with its declaration. */
  exportsOf(file: string, seen = new Set<string>()): Map<string, Decl> {
    const out = new Map<string, Decl>();
    if (seen.has(file)) return out;
    seen.add(file);
    const mod = this.load(file);
    for (const star of mod.starFrom) for (const [k, v] of this.exportsOf(star, seen)) if (!out.has(k)) out.set(k, v);
    for (const name of mod.named.keys()) {
      const d = this.resolve(file, name);
      if (d !== undefined && d !== "external") out.set(name, d);
    }
    return out;
  }

  /**
   * Types reached from the public declarations of `entry` (through signatures, fields,
   * class members, type aliases) that `entry` does not export, each with a declaration that
   * uses it.
   */
  missingTypes(entry: string): { name: string; file: string; usedBy: string }[] {
    const exported = this.exportsOf(entry);
    const publicDecls = new Set(exported.values());
    const missing = new Map<Decl, string>();
    const work = [...publicDecls];
    const visited = new Set<Decl>(work);
    while (work.length > 0) {
      const d = work.pop()!;
      const body = d.text.replace(/"(?:[^"\\]|\\.)*"/g, '""').replace(/\bprivate\s+[\w$]+;/g, "");
      for (const id of new Set(body.match(/[A-Za-z_$][\w$]*/g) ?? [])) {
        if (id === d.name) continue;
        const target = this.resolve(d.file, id, true);
        if (target === undefined || target === "external") continue;
        if (target.kind === "function" || target.kind === "const") continue;
        if (!publicDecls.has(target) && !missing.has(target)) missing.set(target, `${d.name} (${path.basename(d.file)})`);
        if (!visited.has(target)) {
          visited.add(target);
          work.push(target);
        }
      }
    }
    return [...missing].map(([t, usedBy]) => ({ name: t.name, file: t.file, usedBy }));
  }
}
