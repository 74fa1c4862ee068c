// Keeps package-lock.json usable by `npm ci` on every platform.
//
// Native packages (@swc/core, jest's unrs-resolver) list one optional dependency per
// platform. npm writes lock entries only for the platforms whose packages the registry
// serves, and this workplace's registry mirror serves only the ones for this machine; npm 11's
// `npm ci` then refuses the lock ("Missing: @swc/core-darwin-arm64@ from lock file"). This
// script adds a version-only entry for every missing optional dependency: `npm ci` accepts
// the lock, installs the package for the current platform and skips the others.
// Run it after `npm install` changes the lock: node scripts/lock-optional.mjs [--check]
import { readFileSync, writeFileSync } from "node:fs";

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8"));
const pkgs = lock.packages;
const missing = [];
for (const [key, entry] of Object.entries(pkgs)) {
  for (const [dep, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${key === "" ? "" : key + "/"}node_modules/${dep}`;
    if (pkgs[nested] === undefined && pkgs[`node_modules/${dep}`] === undefined) {
      missing.push(dep);
      pkgs[`node_modules/${dep}`] = { version: spec.replace(/^[\^~=]/, ""), ...(entry.dev ? { dev: true } : {}), optional: true };
    }
  }
}
if (process.argv.includes("--check")) {
  if (missing.length) {
    console.error(`package-lock.json lacks entries for ${missing.length} optional dependencies (${missing.slice(0, 3).join(", ")}, ...): run node scripts/lock-optional.mjs`);
    process.exit(1);
  }
} else if (missing.length) {
  const order = (a, b) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0);
  lock.packages = Object.fromEntries(Object.keys(pkgs).sort(order).map((k) => [k, pkgs[k]]));
  writeFileSync(path, JSON.stringify(lock, null, 2) + "\n");
  console.log(`added ${missing.length} optional-dependency entries to package-lock.json`);
}
