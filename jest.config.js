// Jest in native ESM mode; @swc/jest strips types (tsc --noEmit type-checks separately).
export default {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // scripts/jest-progress.cjs: a line per slow test as it finishes, so long suites show progress.
  reporters: ["default", "<rootDir>/scripts/jest-progress.cjs"],
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: {
    "^.+\\.ts$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "es6" } }],
  },
};
