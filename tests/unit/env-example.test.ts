import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { ROOT } from "../helpers.ts";

describe(".env.example", () => {
  it("states each variable's default as the schema applies it", () => {
    const text = readFileSync(path.join(ROOT, ".env.example"), "utf8");
    const defaults = loadConfig({}) as unknown as Record<string, unknown>;
    const stated = [...text.matchAll(/^([A-Z_]+)=(.*)$/gm)].filter(([, , v]) => v !== "");
    expect(stated.length).toBeGreaterThan(10);
    for (const [, name, value] of stated) expect([name, String(defaults[name!])]).toEqual([name, value]);
  });

  it("documents QUIET_AFTER_HOURS, which the console's quiet flag reads", () => {
    expect(loadConfig({}).QUIET_AFTER_HOURS).toBe(48);
    expect(loadConfig({ QUIET_AFTER_HOURS: "12" }).QUIET_AFTER_HOURS).toBe(12);
    expect(() => loadConfig({ QUIET_AFTER_HOURS: "soon" })).toThrow(/QUIET_AFTER_HOURS must be a whole number of hours/);
  });
});
