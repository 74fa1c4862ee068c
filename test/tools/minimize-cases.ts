// minimizeProgram on a generated program, shared by test/tools/minimize.test.ts (`npm test`,
// a smaller program) and test/long/minimize.test.ts (the generator's default size).

import { expect } from "@jest/globals";
import { isValidProgram, minimizeProgram } from "../../src/tools/minimize.js";
import type { GenericOptions } from "../gen/kernels.js";
import { generateGenericProgram } from "../gen/kernels.js";
import { NO_SHAPES } from "../../src/tools/genkernels.js";

/** Shrinks a program to what a synthetic failure needs: every candidate tried verifies, the
 *  result still fails, is a third of the size or less, and is 1-minimal in its lines. */
export function shrinksGenerated(gen: GenericOptions): void {
  // The synthetic "failure": the program still stores to team-shared memory and still
  // launches a kernel with a parallel region. A program without the adversarial shapes (they
  // make programs larger than this test's budget of effort), the first from seed 7 that has them.
  const fails = (t: string) => /store i32 [^\n]*, shared /.test(t) && /omp\.parallel /.test(t) && /omp\.target /.test(t);
  const opts = { ...gen, shapes: NO_SHAPES };
  let seed = 7;
  while (!fails(generateGenericProgram(seed, opts))) seed++;
  const text = generateGenericProgram(seed, opts);
  const seen: string[] = [];
  const r = minimizeProgram(text, (t) => (seen.push(t), fails(t)));
  expect(fails(r.text)).toBe(true);
  expect(isValidProgram(r.text)).toBe(true);
  expect(seen.every(isValidProgram)).toBe(true);
  expect(r.linesAfter).toBeLessThan(r.linesBefore / 3);
  // Every remaining instruction line is needed: dropping any one is invalid or passes.
  const lines = r.text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s+\S/.test(lines[i]!)) continue;
    const cand = lines.filter((_, j) => j !== i).join("\n");
    expect(isValidProgram(cand) && fails(cand)).toBe(false);
  }
}
