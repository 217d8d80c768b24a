import { mkdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * mkdir -p without `recursive: true`: Node 20's recursive mkdir never returns for a path under
 * /proc (it retries ENOENT for ever), so the missing folders are made one at a time and the
 * first refusal is final.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = [];
  let at = path.resolve(dir);
  while (!statSync(at, { throwIfNoEntry: false })) {
    missing.unshift(at);
    const up = path.dirname(at);
    if (up === at) break;
    at = up;
  }
  for (const d of missing) mkdirSync(d);
}
