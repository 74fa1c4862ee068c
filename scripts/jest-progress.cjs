// A Jest reporter beside the default one: while a suite runs, each test that took a while
// (the differential chunks, the C differential, the pack test) prints one line on stderr at
// once, so `npm test` is never silent for minutes — in a terminal and in CI's log alike.
// The default reporter prints a suite's tests only when the whole file is done.
"use strict";

const SLOW_MS = 3000;

class ProgressReporter {
  constructor(_globalConfig, options) {
    this.slowMs = (options && options.slowMs) || SLOW_MS;
    this.started = Date.now();
  }

  onTestCaseResult(test, result) {
    const ms = result.duration ?? 0;
    if (ms < this.slowMs) return;
    const file = test.path.replace(process.cwd() + "/", "");
    const mark = result.status === "passed" ? "ok" : result.status;
    const at = Math.round((Date.now() - this.started) / 1000);
    process.stderr.write(`  [${at}s] ${mark}: ${file} › ${result.fullName} (${(ms / 1000).toFixed(1)} s)\n`);
  }
}

module.exports = ProgressReporter;
