import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { UserError } from "../../src/errors.ts";
import { openStoreFor } from "../../src/runtime.ts";
import { openDb, storePath } from "../../src/store/db.ts";
import { migrations } from "../../src/store/migrations.ts";
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

  it("notes what replies stored by an older version quote, when it upgrades the store", () => {
    const data = tempDir();
    const file = storePath(data);
    mkdirSync(data, { recursive: true });
    // A store as schema 6 left it, with a reply quoting a post of its topic and one quoting another topic.
    const old = new Database(file);
    for (const m of migrations.slice(0, 6)) old.exec(m);
    old.pragma("user_version = 6");
    const insert = old.prepare(
      `INSERT INTO posts (post_id, topic_id, post_number, post_type, username, raw, cooked, created_at, version, likes, first_seen_at, last_changed_at)
       VALUES (?, 7, ?, 1, 'ana', ?, '', '2026-12-01T10:00:00.000Z', 1, 0, '2026-12-01T10:00:00.000Z', '2026-12-01T10:00:00.000Z')`,
    );
    insert.run(104, 4, '[quote="devils_advocate, post:3, topic:7"]\nFarmers will resist.\n[/quote]\nThey will not.');
    insert.run(105, 5, '[quote="ben, post:3, topic:70, full:true"]elsewhere[/quote]');
    insert.run(106, 6, "no quote");
    old.close();
    const db = openDb(file);
    expect(db.prepare("SELECT post_number, quoted_post_number FROM posts ORDER BY post_number").all()).toEqual([
      { post_number: 4, quoted_post_number: 3 },
      { post_number: 5, quoted_post_number: null },
      { post_number: 6, quoted_post_number: null },
    ]);
    db.close();
  });
});
