// Jest's order of test files: the longest first, so neither core idles at the end of a run
// while the other finishes a long suite. Jest orders by the durations it cached on earlier
// runs, and by file size without them — which on a fresh clone (CI) started the C campaign's
// two 3-minute files last and left one core idle for about a minute. Durations come from
// Jest's cache when it has them, else from scripts/test-durations.json (measured on an idle
// machine; a file not listed counts as 1 s). Failed files still go first, as Jest does.
"use strict";

const path = require("node:path");
const Sequencer = require("@jest/test-sequencer").default;
const recorded = require("./test-durations.json").seconds;

const root = path.resolve(__dirname, "..");

class LongestFirst extends Sequencer {
  sort(tests) {
    const seconds = (t) => {
      const cached = this.time(t);
      if (cached != null) return cached / 1000;
      return recorded[path.relative(root, t.path).split(path.sep).join("/")] ?? 1;
    };
    const s = new Map(tests.map((t) => [t, seconds(t)]));
    return [...tests].sort((a, b) => {
      const fa = this.hasFailed(a);
      const fb = this.hasFailed(b);
      if (fa !== fb) return fa ? -1 : 1;
      return s.get(b) - s.get(a) || (a.path < b.path ? -1 : 1);
    });
  }
}

module.exports = LongestFirst;
