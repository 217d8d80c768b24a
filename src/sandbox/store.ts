import Database from "better-sqlite3";
import { makeFolder } from "../files.ts";
import path from "node:path";
import type { SCategory, SPost, STopic, SUser } from "./model.ts";

export interface NextIds {
  user: number;
  category: number;
  topic: number;
  post: number;
}

export interface Rows {
  users: SUser[];
  categories: SCategory[];
  topics: STopic[];
  posts: SPost[];
  next: NextIds;
}

export type Kind = "users" | "categories" | "topics" | "posts";
type Row = SUser | SCategory | STopic | SPost;

/**
 * The `--data` file: one SQLite row per user, category, topic and post, so a write costs the
 * rows it changes, whatever the forum's size (it used to rewrite one JSON snapshot of the whole
 * forum on every write: 12 ms a post at 100 posts, 1.4 s at 50,000). Each record is stored as
 * JSON in its row; the columns beside it are the ones the sandbox looks records up by.
 */
export class RowStore {
  private readonly db: Database.Database;
  private readonly upsert: Record<Kind, Database.Statement>;
  private readonly setNext: Database.Statement;

  constructor(file: string) {
    makeFolder(path.dirname(path.resolve(file)));
    this.db = new Database(file);
    this.db.pragma("journal_mode = WAL");
    // WAL with NORMAL is durable across a crash of this process, which is all a sandbox needs.
    this.db.pragma("synchronous = NORMAL");
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS categories (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS topics (id INTEGER PRIMARY KEY, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS posts (id INTEGER PRIMARY KEY, topic_id INTEGER NOT NULL, data TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS next_ids (kind TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `);
    this.upsert = {
      users: this.db.prepare("INSERT INTO users (id, data) VALUES (@id, @data) ON CONFLICT(id) DO UPDATE SET data = excluded.data"),
      categories: this.db.prepare("INSERT INTO categories (id, data) VALUES (@id, @data) ON CONFLICT(id) DO UPDATE SET data = excluded.data"),
      topics: this.db.prepare("INSERT INTO topics (id, data) VALUES (@id, @data) ON CONFLICT(id) DO UPDATE SET data = excluded.data"),
      posts: this.db.prepare("INSERT INTO posts (id, topic_id, data) VALUES (@id, @topic_id, @data) ON CONFLICT(id) DO UPDATE SET data = excluded.data"),
    };
    this.setNext = this.db.prepare("INSERT INTO next_ids (kind, value) VALUES (?, ?) ON CONFLICT(kind) DO UPDATE SET value = excluded.value");
    this.migrateSnapshot();
  }

  /** Everything, for the in-memory indexes built at start. */
  load(): Rows | undefined {
    const next = Object.fromEntries((this.db.prepare("SELECT kind, value FROM next_ids").all() as { kind: string; value: number }[]).map((r) => [r.kind, r.value]));
    if (!("user" in next)) return undefined;
    const all = <T>(table: Kind) => (this.db.prepare(`SELECT data FROM ${table} ORDER BY id`).all() as { data: string }[]).map((r) => JSON.parse(r.data) as T);
    return { users: all("users"), categories: all("categories"), topics: all("topics"), posts: all("posts"), next: next as unknown as NextIds };
  }

  /** Writes the changed rows and the id counters in one transaction. */
  write(changed: Map<Kind, Map<number, Row>>, next: NextIds): void {
    this.db.transaction(() => {
      for (const [kind, rows] of changed) {
        for (const r of rows.values()) this.upsert[kind].run({ id: r.id, topic_id: (r as SPost).topic_id ?? null, data: JSON.stringify(r) });
      }
      for (const [k, v] of Object.entries(next)) this.setNext.run(k, v);
    })();
  }

  clear(): void {
    this.db.exec("DELETE FROM users; DELETE FROM categories; DELETE FROM topics; DELETE FROM posts; DELETE FROM next_ids;");
  }

  close(): void {
    this.db.close();
  }

  /** Files written by earlier versions hold one JSON snapshot in `forum`; move it into rows once. */
  private migrateSnapshot(): void {
    const has = this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'forum'").get();
    if (!has) return;
    const row = this.db.prepare("SELECT json FROM forum WHERE id = 1").get() as { json: string } | undefined;
    this.db.transaction(() => {
      if (row) {
        const old = JSON.parse(row.json) as Rows;
        const changed = new Map<Kind, Map<number, Row>>();
        for (const kind of ["users", "categories", "topics", "posts"] as const) {
          changed.set(kind, new Map((old[kind] as Row[]).map((r) => [r.id, upgrade(kind, r)])));
        }
        this.write(changed, old.next);
      }
      this.db.exec("DROP TABLE forum");
    })();
  }
}

/** Fields added since the snapshot format, with the values an old record implies. */
function upgrade(kind: Kind, r: Row): Row {
  const defaults: Record<Kind, Record<string, unknown>> = {
    users: { first_post_created_at: null },
    categories: { parent_category_id: null },
    topics: { deleted_by_id: null },
    posts: { deleted_by_id: null, user_deleted: false, hidden: false, hidden_at: null, hidden_reason_id: null, revisions: [] },
  };
  return Object.assign({}, defaults[kind], r) as Row;
}
