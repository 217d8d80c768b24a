import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../helpers.ts";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("the store alone speaks SQL", () => {
  it("has no prepare( or exec( on a database outside src/store/ (the sandbox keeps its own forum database)", () => {
    const offenders: string[] = [];
    for (const f of files(path.join(ROOT, "src"))) {
      const rel = path.relative(ROOT, f);
      if (rel.startsWith(`src${path.sep}store${path.sep}`) || rel.startsWith(`src${path.sep}sandbox${path.sep}`)) continue;
      readFileSync(f, "utf8")
        .split("\n")
        .forEach((line, i) => {
          // A regex's .exec(...) is fine; a statement is prepared or executed on something db-like.
          if (/\b(db|database|sqlite|conn)\w*\.(prepare|exec|pragma)\(/i.test(line) || /\.prepare\(\s*[`"']\s*(SELECT|INSERT|UPDATE|DELETE|CREATE)/i.test(line)) offenders.push(`${rel}:${i + 1}`);
        });
    }
    expect(offenders).toEqual([]);
  });
});
