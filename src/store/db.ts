import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { UserError } from "../errors.ts";
import { migrations } from "./migrations.ts";

export type Db = Database.Database;

/**
 * Opens (creating if needed) the service's SQLite store and brings its schema up to date.
 * WAL mode lets the CLI read while `serve` writes; busy_timeout covers the brief write overlap.
 */
export function openDb(file: string): Db {
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  let db: Db;
  try {
    db = new Database(file);
  } catch (e) {
    throw new UserError(`${file}: cannot open the store (${(e as Error).message}); check SEMINAR_DATA_DIR`);
  }
  db.pragma("journal_mode = WAL");
  db.pragma("busy_timeout = 5000");
  db.pragma("foreign_keys = ON");
  migrate(db);
  return db;
}

export function migrate(db: Db): void {
  const current = db.pragma("user_version", { simple: true }) as number;
  if (current > migrations.length) {
    throw new UserError(
      `the store was written by a newer discourse-seminar (schema ${current}, this one knows ${migrations.length}); upgrade the tool`,
    );
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]!);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

export function storePath(dataDir: string): string {
  return path.join(dataDir, "seminar.sqlite");
}
