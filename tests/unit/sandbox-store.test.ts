import Database from "better-sqlite3";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createReply, createTopic } from "../../src/sandbox/forum/posting.ts";
import { ForumState, emptyRows } from "../../src/sandbox/state.ts";
import { tempDir } from "../helpers.ts";

describe("sandbox rows in --data mode", () => {
  it("writes each post as a row and reads the forum back after a restart", () => {
    const file = path.join(tempDir(), "forum.sqlite");
    const a = new ForumState({ file });
    const admin = a.userById(-1)!;
    const first = createTopic(a, admin, { title: "A topic that must outlive its process", raw: "Body of the topic, long enough." });
    createReply(a, admin, { topic_id: first.topic_id, raw: "A reply that must outlive it too." });
    a.close();
    const db = new Database(file, { readonly: true });
    expect((db.prepare("SELECT COUNT(*) AS n FROM posts").get() as { n: number }).n).toBe(2);
    db.close();
    const b = new ForumState({ file });
    expect(b.postsOf(first.topic_id).map((p) => p.post_number)).toEqual([1, 2]);
    expect(b.next.post).toBe(3);
    b.close();
  });

  it("moves a file written as one JSON snapshot into rows", () => {
    const file = path.join(tempDir(), "old.sqlite");
    const db = new Database(file);
    const rows = emptyRows("2026-01-01T00:00:00.000Z");
    const old = { ...rows, users: rows.users.map(({ first_post_created_at: _f, ...u }) => u), next: { user: 1, category: 2, topic: 1, post: 1 } };
    db.exec("CREATE TABLE forum (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)");
    db.prepare("INSERT INTO forum (id, json) VALUES (1, ?)").run(JSON.stringify(old));
    db.close();
    const state = new ForumState({ file });
    expect(state.userByName("system")?.first_post_created_at).toBeNull();
    state.close();
    const after = new Database(file, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE name = 'forum'").get()).toBeUndefined();
    after.close();
  });
});
