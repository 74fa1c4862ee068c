// The progress reporter of `npm test` (scripts/jest-progress.cjs): one stderr line per slow
// test as it finishes, none for fast ones.
import { createRequire } from "node:module";
import { expect, jest, test } from "@jest/globals";

const require = createRequire(import.meta.url);
const Reporter = require("../../scripts/jest-progress.cjs") as new (g: unknown, o?: { slowMs?: number }) => {
  onTestCaseResult(test: { path: string }, result: { duration?: number; status: string; fullName: string }): void;
};

test("a slow test prints a line at once, a fast one nothing", () => {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => {
    lines.push(String(s));
    return true;
  });
  try {
    const r = new Reporter({}, { slowMs: 1000 });
    r.onTestCaseResult({ path: `${process.cwd()}/test/differential.test.ts` }, { duration: 4200, status: "passed", fullName: "seeds 1-50" });
    r.onTestCaseResult({ path: `${process.cwd()}/test/x.test.ts` }, { duration: 20, status: "passed", fullName: "quick" });
    r.onTestCaseResult({ path: `${process.cwd()}/test/c.test.ts` }, { duration: 1500, status: "failed", fullName: "gcc agrees" });
  } finally {
    spy.mockRestore();
  }
  expect(lines.map((l) => l.replace(/^ {2}\[\d+s\] /, ""))).toEqual([
    "ok: test/differential.test.ts › seeds 1-50 (4.2 s)\n",
    "failed: test/c.test.ts › gcc agrees (1.5 s)\n",
  ]);
});
