import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RequestHandler } from "express";
import type { Db } from "../store/db.ts";

export type StoreHealth = { ok: true } | { ok: false; why: string };

/**
 * Whether the store can still record what the service does. SELECT 1 alone answers yes long after
 * the data directory is deleted (SQLite keeps writing to the unlinked file) or made read-only
 * (the open file stays writable until the next start), so this checks, in a few system calls:
 * the database file is still there, its folder still takes new files (SQLite's journal, the
 * next start's WAL), and the connection may write (a write, rolled back, so nothing changes).
 */
export function storeHealth(db: Db): StoreHealth {
  if (db.name !== ":memory:") {
    if (!existsSync(db.name)) return { ok: false, why: `the store's file ${db.name} is gone (was the data directory deleted?)` };
    const probe = path.join(path.dirname(db.name), `.health-${process.pid}`);
    try {
      writeFileSync(probe, "");
      rmSync(probe, { force: true });
    } catch (e) {
      return { ok: false, why: `the data directory ${path.dirname(db.name)} does not accept new files (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
    }
  }
  const rollback = new Error("rollback");
  try {
    db.transaction(() => {
      db.pragma(`user_version = ${Number(db.pragma("user_version", { simple: true }))}`);
      throw rollback;
    }).immediate();
  } catch (e) {
    if (e !== rollback) return { ok: false, why: `the store refuses writes (${(e as Error).message})` };
  }
  return { ok: true };
}

/** GET /health: 200 while the store is usable, else 503 saying why. */
export function healthHandler(o: { db: Db; seminars: () => number }): RequestHandler {
  return (_req, res) => {
    const h = storeHealth(o.db);
    if (h.ok) return void res.json({ ok: true, db: "ok", seminars: o.seminars() });
    res.status(503).json({ ok: false, db: "unusable", why: h.why, seminars: o.seminars() });
  };
}
