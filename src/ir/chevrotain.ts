// chevrotain, imported in one place so token types and parsers always come from one copy.
// The package's entry point (lib/src/api.js) pulls in a few hundred small ES modules (its
// own and lodash-es), whose loading costs 0.3-1 s at every start; the same release built into
// one file (lib/chevrotain.mjs) loads in under 0.1 s. The `ompir` command runs a bundle of
// itself that contains that file (scripts/bundle-cli.mjs), or, unbundled, redirects this
// import to it with a module resolve hook (bin/chevrotain-hook.js); the library keeps a
// plain static import, so `require("ompir")` and bundlers work (no top-level await).

export { createToken, EmbeddedActionsParser, EOF, Lexer, tokenLabel } from "chevrotain";
