// Jest in native ESM mode; @swc/jest strips types (tsc --noEmit type-checks separately).
//
// Two tiers. `npm test` runs everything under test/ but test/long/: every unit, golden and
// CLI test, every regression program under every guard scheme, and a sample of each
// generated-program campaign, in a few minutes. `npm run test:long` (jest.long.config.js)
// runs the campaigns at full size; .ci/run runs both.
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/long/"],
  // One worker per core (Jest's default leaves one core to itself, which on a two-core
  // machine halves the speed: its main process does little while workers run).
  maxWorkers: "100%",
  // scripts/jest-progress.cjs: a line per slow test as it finishes, so long suites show progress.
  reporters: ["default", "<rootDir>/scripts/jest-progress.cjs"],
  // The longest files first (scripts/jest-sequencer.cjs): on a fresh clone Jest knows no
  // durations and would order by file size.
  testSequencer: "<rootDir>/scripts/jest-sequencer.cjs",
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "es6" } }],
  },
};
