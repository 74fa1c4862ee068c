// chevrotain, loaded from its single-file bundle when it can be found. The package's entry
// point (lib/src/api.js) pulls in a few hundred small ES modules (its own and lodash-es),
// whose loading costs 0.3-1 s at every start of `ompir`; the bundle (lib/chevrotain.mjs, the
// same release built into one file) loads in under 0.1 s. Every user of chevrotain in src/
// imports it from here, so token types and parsers always come from one copy.

import type * as Chevrotain from "chevrotain";

async function load(): Promise<typeof Chevrotain> {
  try {
    // import.meta.resolve gives .../chevrotain/lib/src/api.js; the bundle sits at lib/.
    const api = import.meta.resolve("chevrotain");
    return (await import(new URL("../chevrotain.mjs", api).href)) as typeof Chevrotain;
  } catch {
    return await import("chevrotain");
  }
}

const chevrotain = await load();

export const { createToken, EmbeddedActionsParser, EOF, Lexer, tokenLabel } = chevrotain;
