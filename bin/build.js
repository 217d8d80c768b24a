#!/usr/bin/env node
// Builds the CLI into dist/seminar-<hash>/ so that `seminar` starts without a TypeScript loader
// (tsx alone costs a quarter of a second) and without resolving hundreds of small module files
// (zod and yaml are most of what `seminar validate` loads). bin/seminar.js calls `compiledCli()`
// on every start: it hashes the sources (a few ms) and builds when no build matches them, so a
// pull never runs stale code. `npm install` (prepare) and `npm run build` build ahead of time.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const SRC = path.join(ROOT, "src");
const DIST = path.join(ROOT, "dist");
const ENTRY = path.join(SRC, "cli/main.ts");
/**
 * Pure-JS packages bundled in, because the fast commands load them at start. Every other package
 * stays an import resolved from node_modules at run time: native addons (better-sqlite3), packages
 * that load files or workers by path (pino, pdfjs-dist), and those only slow commands use.
 */
const BUNDLED = ["commander", "zod", "yaml"];
const KEEP_OLD_BUILDS_MS = 24 * 3600_000;

/** A hash of everything a build depends on. Content, not mtimes: a checkout may keep mtimes. */
function buildHash() {
  const h = createHash("sha256").update(ROOT).update("\0");
  const files = readdirSync(SRC, { recursive: true }).map(String).filter((f) => f.endsWith(".ts")).sort();
  for (const f of files) h.update(f).update("\0").update(readFileSync(path.join(SRC, f))).update("\0");
  // This recipe, tsconfig.json (esbuild reads it) and the bundled packages' versions.
  const others = [fileURLToPath(import.meta.url), path.join(ROOT, "tsconfig.json"), ...BUNDLED.map((p) => path.join(ROOT, "node_modules", p, "package.json"))];
  for (const f of others) h.update(readFileSync(f)).update("\0");
  return h.digest("hex").slice(0, 16);
}

const buildDir = (hash) => path.join(DIST, `seminar-${hash}`);

/**
 * Bundles src/cli/main.ts with code splitting: each `await import()` in a command becomes its own
 * chunk, so a command still loads only what it uses. The build is written to a temporary folder
 * and renamed into place, so a concurrent start sees a whole build or none.
 */
async function build(hash) {
  const esbuild = await import("esbuild");
  const result = await esbuild.build({
    entryPoints: [ENTRY],
    outdir: buildDir(hash),
    bundle: true,
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    write: false,
    logLevel: "silent",
    // Bundled CommonJS (yaml) may require() Node's own modules.
    banner: { js: 'import { createRequire as __seminarRequire } from "node:module"; const require = __seminarRequire(import.meta.url);' },
    plugins: [
      {
        name: "seminar",
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (a) => (BUNDLED.some((p) => a.path === p || a.path.startsWith(`${p}/`)) ? undefined : { path: a.path, external: true }));
          // A module's own URL stays its source file's, so paths relative to it (the prompts/
          // folder) hold wherever its chunk lands.
          b.onLoad({ filter: /\.ts$/ }, async (a) => ({
            contents: (await readFile(a.path, "utf8")).replaceAll("import.meta.url", JSON.stringify(pathToFileURL(a.path).href)),
            loader: "ts",
          }));
        },
      },
    ],
  });
  const tmp = path.join(DIST, `.building-${hash}-${process.pid}`);
  for (const f of result.outputFiles) {
    const file = path.join(tmp, path.relative(buildDir(hash), f.path));
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, f.contents);
  }
  try {
    renameSync(tmp, buildDir(hash));
  } catch (e) {
    // Another start built the same sources first: theirs is as good as ours.
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(path.join(buildDir(hash), "main.js"))) throw e;
  }
  removeOldBuilds(hash);
  return result.outputFiles.filter((f) => f.path.endsWith(".js")).length;
}

/**
 * Keeps the two latest other builds for a day, for processes still running them (a command may
 * import a chunk seconds after it starts); drops the rest, and abandoned temporary folders.
 */
function removeOldBuilds(current) {
  const now = Date.now();
  const others = readdirSync(DIST)
    .filter((n) => /^(seminar-|\.building-)/.test(n) && n !== `seminar-${current}`)
    .map((n) => ({ dir: path.join(DIST, n), age: now - statSync(path.join(DIST, n)).mtimeMs, building: n.startsWith(".") }))
    .sort((a, b) => a.age - b.age);
  let kept = 0;
  for (const o of others) {
    const keep = o.building ? o.age < 3600_000 : o.age < KEEP_OLD_BUILDS_MS && kept++ < 2;
    if (!keep) rmSync(o.dir, { recursive: true, force: true });
  }
}

/** The URL of the built CLI's entry, building it first if no build matches the sources. */
export async function compiledCli() {
  const hash = buildHash();
  if (!existsSync(path.join(buildDir(hash), "main.js"))) await build(hash);
  return pathToFileURL(path.join(buildDir(hash), "main.js")).href;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = performance.now();
  const hash = buildHash();
  rmSync(buildDir(hash), { recursive: true, force: true });
  const n = await build(hash);
  console.log(`built the CLI into dist/seminar-${hash}/ (${n} files) in ${Math.round(performance.now() - started)} ms`);
}
