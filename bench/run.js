// `npm run bench`: runs every benchmark table in one process and prints them. Each bench/*.js
// module exports `run(): Promise<string>`; ratios are measured within one run (see README).
const tables = ["./compute.js", "./launch.js", "./compile.js", "./revoffload.js", "./spmd.js", "./cc.js"];
for (const path of tables) {
  let mod;
  try {
    mod = await import(path);
  } catch (e) {
    if (e && e.code === "ERR_MODULE_NOT_FOUND" && String(e.message).includes(path.slice(2))) continue;
    throw e;
  }
  process.stdout.write((await mod.run()) + "\n");
}
