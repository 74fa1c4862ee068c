// SrcLoc, the IR's one-number location: every line, column and file reads back as written,
// whether it packs or goes to the table of wide locations.
import { describe, expect, test } from "@jest/globals";
import { NO_LOC, NO_SRC_LOC, packLoc, srcCol, srcFile, srcLine, srcLoc, srcLocString, toLoc } from "../../src/ir/loc.js";

describe("SrcLoc", () => {
  test("no location is 0 and reads back as NO_LOC", () => {
    expect(srcLoc(NO_LOC)).toBe(NO_SRC_LOC);
    expect(toLoc(NO_SRC_LOC)).toBe(NO_LOC);
    expect(srcLocString("a.oir", NO_SRC_LOC)).toBe("a.oir");
  });

  test("lines, columns and files round-trip, packed or not", () => {
    const cases = [
      { line: 1, col: 1 }, { line: 7, col: 511 }, { line: 7, col: 512 }, { line: 4_194_303, col: 511 },
      { line: 4_194_304, col: 1 }, { line: 12, col: 5, file: "prog.c" }, { line: 0, col: 9 }, { line: 3, col: 100_000 },
      { line: 65_535, col: 511, file: "prog.c" }, { line: 65_536, col: 1, file: "prog.c" }, { line: 2, col: 512, file: "prog.c" },
      { line: 1, col: 1, file: "" }, { line: 1, col: 1, file: "a:1:2" },
      // More file names than pack: the later ones go to the table.
      ...Array.from({ length: 40 }, (_, i) => ({ line: 7, col: 3, file: `h${i}.h` })),
    ];
    for (const c of cases) {
      const s = srcLoc(c);
      expect(toLoc(s)).toEqual(c);
      expect([srcLine(s), srcCol(s), srcFile(s)]).toEqual([c.line, c.col, c.file]);
      expect(Number.isInteger(s) && Math.abs(s) <= 2 ** 31 - 1).toBe(true);
    }
    expect(srcLocString("a.oir", packLoc(12, 5, "prog.c"))).toBe("prog.c:12:5");
    expect(srcLocString("a.oir", packLoc(12, 5))).toBe("a.oir:12:5");
  });

  test("equal locations are equal numbers (wide ones are kept once)", () => {
    expect(packLoc(3, 4)).toBe(packLoc(3, 4));
    expect(packLoc(3, 4, "h.h")).toBe(packLoc(3, 4, "h.h"));
    expect(packLoc(3, 4, "h.h")).not.toBe(packLoc(3, 4, "g.h"));
    expect(packLoc(3, 4, "h.h")).not.toBe(packLoc(3, 4));
    expect(packLoc(3, 4, "")).not.toBe(packLoc(3, 4));
    expect(packLoc(70_000, 4, "h.h")).toBe(packLoc(70_000, 4, "h.h"));
  });
});
