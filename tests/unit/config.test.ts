import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { configSchema, loadConfig } from "../../src/config.ts";
import { UserError } from "../../src/errors.ts";
import { ROOT } from "../helpers.ts";

describe("loadConfig", () => {
  it("runs on no configuration at all, with the sandbox", () => {
    const c = loadConfig({});
    expect(c.useSandbox).toBe(true);
    expect(c.PORT).toBe(3000);
    expect(c.DISCOURSE_API_USERNAME).toBe("system");
    expect(c.SEMINAR_DIR).toBe("./seminars");
    expect(c.SEMINAR_DATA_DIR).toBe("./data");
  });

  it("treats empty values as unset, as a copied .env.example has them", () => {
    expect(loadConfig({ DISCOURSE_URL: "", DISCOURSE_WEBHOOK_SECRET: "" }).useSandbox).toBe(true);
  });

  it("names every bad variable on one line without echoing values", () => {
    let err: unknown;
    try {
      loadConfig({ PORT: "eighty", DISCOURSE_URL: "ftp://x", DISCOURSE_WEBHOOK_SECRET: "tiny-s3cr" });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as Error).message;
    expect(msg).not.toContain("\n");
    expect(msg).toMatch(/PORT must be a port number/);
    expect(msg).toMatch(/DISCOURSE_URL must be an http\(s\) URL/);
    expect(msg).toMatch(/DISCOURSE_WEBHOOK_SECRET must be at least 12 characters/);
    expect(msg).not.toContain("tiny-s3cr");
  });

  it("refuses a remote forum over http, and credentials inside the URL, without echoing them", () => {
    expect(() => loadConfig({ DISCOURSE_URL: "http://forum.example.com", DISCOURSE_API_KEY: "k" })).toThrow(/DISCOURSE_URL must use https:\/\//);
    expect(() => loadConfig({ DISCOURSE_URL: "http://127.0.0.1:4200", DISCOURSE_API_KEY: "k" })).not.toThrow();
    expect(() => loadConfig({ DISCOURSE_URL: "http://localhost:4200", DISCOURSE_API_KEY: "k" })).not.toThrow();
    let msg = "";
    try {
      loadConfig({ DISCOURSE_URL: "https://admin:hunter2-secret@forum.example.com", DISCOURSE_API_KEY: "k" });
    } catch (e) {
      msg = (e as Error).message;
    }
    expect(msg).toMatch(/DISCOURSE_URL must not carry a user name or password/);
    expect(msg).not.toContain("hunter2");
  });

  it("asks for the API key when a forum is named", () => {
    expect(() => loadConfig({ DISCOURSE_URL: "https://forum.example.com" })).toThrow(/DISCOURSE_API_KEY is required/);
  });

  it(".env.example documents exactly the variables the schema reads", () => {
    const text = readFileSync(path.join(ROOT, ".env.example"), "utf8");
    const documented = [...text.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]).sort();
    expect(documented).toEqual(Object.keys(configSchema.shape).sort());
  });
});
