#!/usr/bin/env node
// The `seminar` binary: runs src/cli/main.ts, compiled to dist/ (fresh: see build.js). If it
// cannot compile (say, a read-only install), it runs the sources through tsx instead: slower
// to start, never stale.
import { compiledCli } from "./build.js";

let entry;
try {
  entry = await compiledCli();
} catch (e) {
  process.stderr.write(`seminar: could not compile src/ to dist/ (${String(e?.message ?? e).split("\n")[0]}); running the sources through tsx, which starts slower\n`);
  const { register } = await import("tsx/esm/api");
  register();
  entry = new URL("../src/cli/main.ts", import.meta.url).href;
}
const { main } = await import(entry);
process.exitCode = await main(process.argv.slice(2));
