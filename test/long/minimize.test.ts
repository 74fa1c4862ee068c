// minimizeProgram on a generated program of the generator's default size (about 400 lines);
// `npm test` shrinks a smaller one (test/tools/minimize.test.ts).

import { test } from "@jest/globals";
import { shrinksGenerated } from "../tools/minimize-cases.js";

test("shrinks a generated program to the instructions a synthetic failure needs", () => {
  shrinksGenerated({});
}, 300_000);
