// Bad input to parseModule: lexer, parser, name and literal-type errors. Each case asserts
// every diagnostic's exact message and line:col. (Verifier rules have their own tests.)

import { describe, expect, test } from "@jest/globals";
import { DiagnosticError, formatDiagnostic } from "../src/ir/diagnostics.js";
import { parseModule } from "../src/ir/parse.js";
import { printModule } from "../src/ir/printer.js";
import { ALL_CONSTRUCTS } from "./parser-samples.js";

/** The diagnostics of a failing parse as `line:col: message`. */
function diagnose(src: string): string[] {
  try {
    parseModule(src, "bad.oir");
  } catch (e) {
    if (!(e instanceof DiagnosticError)) throw e;
    return e.diagnostics.map((d) => `${d.loc.line}:${d.loc.col}: ${d.message}`);
  }
  throw new Error("expected the parse to fail");
}

/** Wraps instruction lines in a host function `@f(%p: ptr, %n: i32)` whose body starts on line 3. */
function host(...lines: string[]): string {
  return ["host @f(%p: ptr, %n: i32) {", "^entry:", ...lines, "  ret", "}"].join("\n");
}

type Case = [name: string, src: string, expected: string[]];

const LEXER: Case[] = [
  ["stray character", host("  $x = add i32 1, 2"), ["3:3: unexpected character '$'"]],
  ["every stray character is reported", host("  %x = add i32 1, 2 # two", "  ` also"), ["3:21: unexpected character '#'", "4:3: unexpected character '`'"]],
  ["a run of stray characters", host("  ~~~"), ["3:3: unexpected characters \"~~~\""]],
  ["control character", host("  \u0001"), ["3:3: unexpected character U+0001"]],
  ["unterminated string", host('  print "abc'), ["3:9: unterminated string literal"]],
  ["unknown escape", host('  trap "a\\qb"'), ["3:10: unknown escape '\\q' in string literal"]],
  ["short hex escape", host('  trap "\\x4"'), ["3:9: escape \\x needs two hex digits"]],
];

const PARSER: Case[] = [
  ["missing ')' in a signature", "host @f( {\n^e:\n  ret\n}", ["1:10: expected ')' but found '{'"]],
  ["missing ',' between operands", host("  %x = add i32 1 2"), ["3:18: expected ',' but found '2'"]],
  ["unknown type", host("  %x = add i33 1, 2"), ["3:12: expected type but found 'i33'"]],
  ["unknown instruction", host("  %x = frob i32 1, 2"), ["3:8: expected an instruction but found 'frob'"]],
  ["unknown OpenMP operation", host("  omp.critical"), ["3:3: expected an instruction, a block label or '}' but found 'omp.critical'"]],
  ["missing operand", host("  %x = add i32 1,"), ["4:3: expected an operand but found 'ret'"]],
  ["bad memory space", "global @g : globl i32", ["1:13: expected memory space but found 'globl'"]],
  ["instruction before the first block label", "host @f() {\n  ret\n}", ["2:3: expected a block label (^name) but found 'ret'"]],
  ["function without blocks", "host @f() {\n}", ["2:1: expected a block label (^name) but found '}'"]],
  ["garbage at top level", "global @g : global i32\nfoo", ["2:1: expected a top-level item ('global', 'requires', 'declare', 'device', 'host' or 'kernel') but found 'foo'"]],
  ["EOF in the middle of a function", "host @f() {\n^e:\n  ret", ["3:5: expected an instruction, a block label or '}' at end of input"]],
  ["EOF in the middle of an instruction", "host @f() {\n^e:\n  %x = add i32 1,", ["3:17: expected an operand at end of input"]],
  ["EOF after a comment", "host @f() {\n^e:\n  br ^e ; loop forever\n", ["3:7: expected an instruction, a block label or '}' at end of input"]],
  ["map without a kind", host("  omp.target_enter_data map(f32 %p[0:1])"), ["3:29: expected map kind but found 'f32'"]],
  ["cast without 'to'", host("  %x = sext i32 %n i64"), ["3:20: expected 'to' but found 'i64'"]],
  ["block label without ':'", "host @f() {\n^e\n  ret\n}", ["3:3: expected ':' but found 'ret'"]],
];

const NAMES: Case[] = [
  ["undefined value", host("  %x = add i32 %y, 1"), ["3:16: undefined value %y"]],
  ["duplicate value", host("  %x = add i32 1, 1", "  %x = add i32 1, 1"), ["4:3: redefinition of value %x (first defined at 3:3)"]],
  ["duplicate parameter", "host @f(%a: i32, %a: i32) {\n^e:\n  ret\n}", ["1:18: redefinition of value %a (first defined at 1:9)"]],
  ["result shadowing a block parameter", "host @f() {\n^e:\n  br ^b(1)\n^b(%v: i32):\n  %v = add i32 %v, 1\n  ret\n}", ["5:3: redefinition of value %v (first defined at 4:4)"]],
  ["undefined block", host("  br ^nowhere"), ["3:6: undefined block ^nowhere"]],
  ["duplicate block", "host @f() {\n^e:\n  br ^e\n^e:\n  ret\n}", ["4:1: redefinition of block ^e (first defined at 2:1)"]],
  ["undefined function", host("  call @g()"), ["3:8: undefined function @g"]],
  ["duplicate function", "host @f() {\n^e:\n  ret\n}\ndeclare device @f()", ["5:16: redefinition of @f (first defined at 1:1)"]],
  ["duplicate global", "global @g : global i32\nglobal @g : shared i32", ["2:8: redefinition of @g (first defined at 1:1)"]],
  ["global and function share a namespace", "global @f : global i32\ndeclare host @f()", ["2:14: redefinition of @f (first defined at 1:1)"]],
  ["undefined global operand", host("  %x = load i32, host @nothing"), ["3:23: undefined global or function @nothing"]],
  ["calling a global", "global @g : global i32\n" + host("  call @g()"), ["4:8: @g is a global, not a function"]],
  ["every name error is reported, in source order", host("  %x = add i32 %a, %b", "  br ^c"), [
    "3:16: undefined value %a", "3:20: undefined value %b", "4:6: undefined block ^c",
  ]],
];

const TYPES: Case[] = [
  ["float literal for an integer", host("  %x = add i32 1.5, 2"), ["3:16: literal 1.5 does not fit type i32"]],
  ["bool literal for a float", host("  %x = fadd f32 true, 2"), ["3:17: literal true does not fit type f32"]],
  ["integer too large", host("  %x = add i8 300, 2"), ["3:15: literal 300 does not fit type i8"]],
  ["integer too small", host("  %x = add i32 -2147483649, 2"), ["3:16: literal -2147483649 does not fit type i32"]],
  ["i1 literal other than 0/1", host("  %x = select i32 2, 1, 2"), ["3:19: literal 2 does not fit type i1"]],
  ["null for an integer", host("  store i32 null, global %p"), ["3:13: literal null does not fit type i32"]],
  ["integer for a pointer", host("  %x = load i32, global 0"), ["3:25: literal 0 does not fit type ptr"]],
  ["float overflowing f32", host("  %x = fadd f32 1e39, 1.0"), ["3:17: literal 1e39 does not fit type f32"]],
  ["float where an integer is needed", host("  %q = gep f32, %p, 1.5"), ["3:21: literal 1.5 is not an integer"]],
  ["literal typed by the callee's parameter", "declare host @g(f64)\n" + host("  call @g(true)"), ["4:11: literal true does not fit type f64"]],
  ["literal typed by the block's parameter", "host @f() {\n^e:\n  br ^b(2.5)\n^b(%v: i32):\n  ret\n}", ["3:9: literal 2.5 does not fit type i32"]],
  ["literal typed by the return type", "host @f() -> i1 {\n^e:\n  ret 5\n}", ["3:7: literal 5 does not fit type i1"]],
  ["too many arguments", "declare host @g(i32)\n" + host("  call @g(1, 2)"), ["4:8: @g expects 1 argument, got 2"]],
  ["too few block arguments", "host @f() {\n^e:\n  br ^b(1)\n^b(%x: i32, %y: i32):\n  ret\n}", ["3:6: ^b expects 2 arguments, got 1"]],
  ["region arity", "device @r(%a: ptr) {\n^e:\n  ret\n}\nkernel @k() generic {\n^e:\n  omp.parallel @r()\n  ret\n}", ["7:16: @r expects 1 argument, got 0"]],
  ["indirect call signature", host("  call_indirect %p(1) : (i32, i32) -> void"), ["3:3: call_indirect signature has 2 parameters, got 1 argument"]],
  ["callee set naming a function twice", "host @g() {\n^e:\n  ret\n}\n" + host("  call_indirect %p() : () -> void callees(@g, @g)"), ["7:47: @g is listed twice in the callee set"]],
  ["callee set naming an undefined function", host("  call_indirect %p() : () -> void callees(@nope)"), ["3:43: undefined function @nope"]],
  ["omp.target of a non-kernel", "declare device @d()\n" + host("  omp.target @d()"), ["4:14: omp.target needs a kernel, but @d is a device function"]],
  ["omp.parallel of a kernel", "kernel @k() generic {\n^e:\n  omp.parallel @k()\n  ret\n}", ["3:16: omp.parallel needs a device function, but @k is a kernel"]],
  ["omp.reverse_offload of a device function", "declare device @d()\nkernel @k() generic {\n^e:\n  omp.reverse_offload @d()\n  ret\n}", ["4:23: omp.reverse_offload needs a host function, but @d is a device function"]],
  ["result on an instruction without one", host("  %x = store i32 1, host %p"), ["3:3: 'store' does not produce a value"]],
  ["result of a void call", "declare host @g()\n" + host("  %x = call @g()"), ["4:3: 'call' does not produce a value: the callee returns void"]],
  ["unnamed pure result", host("  add i32 1, 2"), ["3:3: 'add' needs a result name: %name = add ..."]],
  ["unnamed clock reading", host("  omp.wtime"), ["3:3: 'omp.wtime' needs a result name: %name = omp.wtime ..."]],
  ["result on a plain instruction without one", host("  %x = exit 0"), ["3:3: 'exit' does not produce a value"]],
  ["unknown attribute", "declare host @g() readnone fast", ["1:28: unknown attribute 'fast'"]],
  ["unknown assumption", "declare host @g() assume(\"omp_no_magic\")", ["1:26: unknown assumption \"omp_no_magic\" (known: omp_no_openmp, omp_no_parallelism, ompx_spmd_amenable)"]],
  ["assumption without a string", "declare host @g() assume", ["1:19: attribute 'assume' needs a string argument, as in assume(\"omp_no_openmp\")"]],
  ["flag attribute with an argument", "declare host @g() nosync(1)", ["1:26: attribute 'nosync' takes no argument"]],
  ["kernel without a mode", "kernel @k() {\n^e:\n  ret\n}", ["1:8: kernel @k needs a mode: generic or spmd"]],
  ["kernel returning a value", "kernel @k() -> i32 spmd {\n^e:\n  ret\n}", ["1:8: kernel @k cannot return a value"]],
  ["mode on a device function", "declare device @d() generic", ["1:16: only kernels have a mode; @d is a device function"]],
  ["too many initializers", "global @g : global i32 x 2 = [1, 2, 3]", ["1:37: too many initializers: @g has 2 elements"]],
  ["zero-element global", "global @g : global i32 x 0", ["1:26: element count 0 of @g must be between 1 and 2147483647"]],
  ["undef in an initializer", "global @g : global i32 = undef", ["1:26: undef is not allowed in a global initializer"]],
];

describe("lexer errors", () => {
  test.each(LEXER)("%s", (_name, src, expected) => expect(diagnose(src)).toEqual(expected));
});
describe("parse errors", () => {
  test.each(PARSER)("%s", (_name, src, expected) => expect(diagnose(src)).toEqual(expected));
});
describe("name errors", () => {
  test.each(NAMES)("%s", (_name, src, expected) => expect(diagnose(src)).toEqual(expected));
});
describe("type, arity and attribute errors", () => {
  test.each(TYPES)("%s", (_name, src, expected) => expect(diagnose(src)).toEqual(expected));
});

describe("diagnostic objects", () => {
  test("carry the file, severity and token length, and render with a caret", () => {
    const src = host("  %x = add i32 %missing, 1");
    try {
      parseModule(src, "dir/bad.oir");
      throw new Error("parsed");
    } catch (e) {
      if (!(e instanceof DiagnosticError)) throw e;
      const [d] = e.diagnostics;
      expect(d).toMatchObject({ file: "dir/bad.oir", severity: "error", length: 8 });
      expect(formatDiagnostic(d!, src)).toBe(
        "dir/bad.oir:3:16: error: undefined value %missing\n" +
        "  %x = add i32 %missing, 1\n" +
        "               ^~~~~~~~",
      );
      expect(e.message).toBe("dir/bad.oir:3:16: error: undefined value %missing");
    }
  });

  test("the default file name is <input>", () => {
    expect(() => parseModule("@")).toThrow("<input>:1:1: error: unexpected character '@'");
  });

  test("lexer errors stop before parsing; parse errors before resolving", () => {
    // A lexer error and a parse error: only the lexer's is reported.
    expect(diagnose("host @f( $ {")).toEqual(["1:10: unexpected character '$'"]);
    // A parse error and a name error: only the parse error.
    expect(diagnose(host("  %x = add i32 %nope, 1", "  %y = add i32 1,"))).toEqual(["5:3: expected an operand but found 'ret'"]);
  });
});

describe("robustness", () => {
  // Truncations and deterministic mutations of a module with every construct: each ends in
  // a DiagnosticError (never another exception), and whatever parses prints canonically.
  test("truncated and mutated input never crashes the parser", () => {
    const src = ALL_CONSTRUCTS;
    const pieces = ["%", "@", "^", "(", ")", ",", ":", "=", "1", "-", "\"", "i32", "ptr", "map(", "x", "\n", "}", "{", "0x", "1.5", "true", "undef"];
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const inputs: string[] = [];
    for (let i = 0; i < src.length; i += 11) inputs.push(src.slice(0, i));
    for (let k = 0; k < 1500; k++) {
      const i = rnd(src.length);
      const j = i + 1 + rnd(8);
      const r = rnd(3);
      inputs.push(r === 0 ? src.slice(0, i) + src.slice(j) : r === 1 ? src.slice(0, i) + pieces[rnd(pieces.length)] + src.slice(i) : src.slice(0, i) + src.slice(j, j + 5) + src.slice(i));
    }
    let parsed = 0;
    for (const text of inputs) {
      try {
        const once = printModule(parseModule(text));
        expect(printModule(parseModule(once))).toBe(once);
        parsed++;
      } catch (e) {
        if (!(e instanceof DiagnosticError)) throw new Error(`crash on ${JSON.stringify(text)}: ${String(e)}`);
        expect(e.diagnostics.length).toBeGreaterThan(0);
        for (const d of e.diagnostics) expect(d.loc.line).toBeGreaterThan(0);
      }
    }
    expect(parsed).toBeGreaterThan(0);
  });
});
