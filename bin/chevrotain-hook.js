// A module resolve hook (node:module register): `import "chevrotain"` loads the package's
// single-file bundle (lib/chevrotain.mjs, same release) instead of its few hundred modules,
// which saves 0.3-1 s at every start of the command (src/ir/chevrotain.ts).
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (specifier !== "chevrotain") return r;
  // r.url is .../chevrotain/lib/src/api.js; the bundle sits at lib/.
  return { ...r, url: new URL("../chevrotain.mjs", r.url).href };
}
