import { statSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { quotedPost } from "../discourse/quotes.ts";
import { UserError } from "../errors.ts";
import { makeFolder } from "../files.ts";
import { migrations } from "./migrations.ts";

export type Db = Database.Database;
export type Statement = Database.Statement;

/**
 * Prepares each SQL text once per connection. Record modules ask for their statements through
 * it on every call, so hot paths (a webhook a millisecond) never pay for a prepare.
 */
export type Sql = (text: string) => Statement;

export function statementCache(db: Db): Sql {
  const cache = new Map<string, Statement>();
  return (text) => {
    let s = cache.get(text);
    if (!s) {
      s = db.prepare(text);
      cache.set(text, s);
    }
    return s;
  };
}

/**
 * Opens (creating if needed) the service's SQLite store and brings its schema up to date.
 * WAL mode lets the CLI read while `serve` writes; busy_timeout covers the brief write overlap.
 * Every way the file or its folder can be unusable becomes one line that says what to do.
 */
export function openDb(file: string): Db {
  if (file !== ":memory:") ensureFolder(path.dirname(path.resolve(file)));
  let db: Db;
  try {
    db = new Database(file);
  } catch (e) {
    throw new UserError(`${file}: cannot open the store (${(e as Error).message}); check SEMINAR_DATA_DIR`);
  }
  try {
    db.pragma("journal_mode = WAL");
    // Checkpoints belong to a timer (Store.startCheckpointer), not to whichever commit crosses SQLite's
    // default of 1,000 WAL pages: under load that commit is a webhook request, which would wait
    // for the copy and its fsyncs. The raised limit stays as a backstop for a process that runs
    // no timer (a long CLI command); journal_size_limit shrinks a WAL a burst grew, once copied.
    db.pragma("wal_autocheckpoint = 16384");
    db.pragma("journal_size_limit = 67108864");
    db.pragma("busy_timeout = 5000");
    db.pragma("foreign_keys = ON");
    // Migration 7 fills what stored replies quote with the same parser ingest uses.
    db.function("discourse_quoted_post", { deterministic: true }, (raw: unknown, topicId: unknown) => quotedPost(typeof raw === "string" ? raw : null, Number(topicId)));
    migrate(db);
  } catch (e) {
    db.close();
    throw storeError(e, file) ?? e;
  }
  return db;
}

function ensureFolder(dir: string): void {
  let st;
  try {
    st = statSync(dir, { throwIfNoEntry: false });
  } catch (e) {
    throw new UserError(`${dir}: the data folder cannot be read (${(e as NodeJS.ErrnoException).code}); set SEMINAR_DATA_DIR to a folder you can write`);
  }
  if (st && !st.isDirectory()) throw new UserError(`${dir}: SEMINAR_DATA_DIR names a file, not a folder; point it at a folder (it is created if missing)`);
  if (st) return;
  try {
    makeFolder(dir);
  } catch (e) {
    throw new UserError(`${dir}: the data folder cannot be created (${(e as NodeJS.ErrnoException).code}); set SEMINAR_DATA_DIR to a folder you can write`);
  }
}

/**
 * SQLite's own failures that the user can fix, as one line; undefined for anything else.
 * The CLI and the service both call this, so a full disk reads the same wherever it strikes.
 */
export function storeError(e: unknown, file?: string): UserError | undefined {
  const code = (e as { code?: string })?.code ?? "";
  const where = file ? `${file}: ` : "the store: ";
  if (code === "SQLITE_FULL") return new UserError(`${where}the disk is full; free some space, then run the command again (nothing was half-written)`);
  if (code === "SQLITE_NOTADB" || code.startsWith("SQLITE_CORRUPT")) {
    return new UserError(`${where}this is not a usable discourse-seminar store (damaged, or not SQLite); move it aside and start again, or restore it from a backup`);
  }
  if (code.startsWith("SQLITE_READONLY") || code === "SQLITE_PERM") return new UserError(`${where}the store cannot be written; check the permissions of SEMINAR_DATA_DIR`);
  if (code.startsWith("SQLITE_CANTOPEN")) return new UserError(`${where}the store cannot be opened; check that SEMINAR_DATA_DIR exists and can be written`);
  if (code.startsWith("SQLITE_IOERR")) return new UserError(`${where}the disk refused a read or write (${code}); check the disk and SEMINAR_DATA_DIR`);
  if (code === "SQLITE_BUSY") return new UserError(`${where}another process holds the store too long; stop it or try again`);
  return undefined;
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
