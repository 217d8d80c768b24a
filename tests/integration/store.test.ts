import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { UserError } from "../../src/errors.ts";
import { openStoreFor } from "../../src/runtime.ts";
import { tempDir } from "../helpers.ts";

describe("the store of a data dir", () => {
  it("remembers which forum it belongs to and refuses another, in one line", () => {
    const dir = tempDir();
    const sandboxConfig = loadConfig({ SEMINAR_DATA_DIR: dir });
    openStoreFor(sandboxConfig, { forForum: true }).close();
    const real = loadConfig({ SEMINAR_DATA_DIR: dir, DISCOURSE_URL: "https://forum.example.com", DISCOURSE_API_KEY: "key-123456" });
    expect(() => openStoreFor(real, { forForum: true })).toThrow(UserError);
    expect(() => openStoreFor(real, { forForum: true })).toThrow(/holds the seminars of the embedded sandbox forum, not of https:\/\/forum\.example\.com/);
    // Reading (status, validate) is still allowed.
    openStoreFor(real).close();
  });

  it("says what is wrong when SEMINAR_DATA_DIR names a file, or the store is not a database", () => {
    const dir = tempDir();
    const file = path.join(dir, "a-file");
    writeFileSync(file, "x");
    expect(() => openStoreFor(loadConfig({ SEMINAR_DATA_DIR: file }))).toThrow(/names a file, not a folder/);
    const data = path.join(dir, "data");
    mkdirSync(data);
    writeFileSync(path.join(data, "seminar.sqlite"), "this is not sqlite at all, just some text that is long enough to look like a header");
    expect(() => openStoreFor(loadConfig({ SEMINAR_DATA_DIR: data }))).toThrow(/not a usable discourse-seminar store/);
  });
});
