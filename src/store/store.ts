import { existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DigestRecords } from "./digests.ts";
import { DigestViews } from "./digest-views.ts";
import { startCheckpointer, type CheckpointEvent, type Checkpointer } from "./checkpointer.ts";
import { openDb, statementCache, storeError, type Db } from "./db.ts";
import { InstanceLock, MetaRecords } from "./instance.ts";
import { PostRecords } from "./posts.ts";
import { SeminarRecords } from "./seminars.ts";
import { ThreadRecords } from "./threads.ts";
import { ViewRecords } from "./views.ts";
import { WebhookDeliveryRecords } from "./webhooks.ts";

/**
 * The service's store: the only place that speaks SQL. One record module per kind of thing,
 * each exposing named state changes; `transaction` groups several into one atomic step.
 */
export class Store {
  readonly seminars: SeminarRecords;
  readonly threads: ThreadRecords;
  readonly posts: PostRecords;
  readonly digests: DigestRecords;
  readonly digestViews: DigestViews;
  readonly webhooks: WebhookDeliveryRecords;
  readonly lock: InstanceLock;
  readonly meta: MetaRecords;
  /** Read-only, bounded queries for the moderator's console. */
  readonly views: ViewRecords;

  constructor(
    private readonly db: Db,
    readonly file: string,
  ) {
    const sql = statementCache(db);
    const tx = <T>(fn: () => T): T => this.transaction(fn);
    this.seminars = new SeminarRecords(sql, tx);
    this.threads = new ThreadRecords(sql, tx);
    this.posts = new PostRecords(sql);
    this.digests = new DigestRecords(sql);
    this.digestViews = new DigestViews(sql);
    this.webhooks = new WebhookDeliveryRecords(sql);
    this.lock = new InstanceLock(sql, tx);
    this.meta = new MetaRecords(sql);
    this.views = new ViewRecords(sql);
  }

  /** Runs `fn` atomically; nested calls join the outer transaction (better-sqlite3 uses savepoints). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * Whether the store can still record what the service does. A query alone answers yes long
   * after the data directory is deleted (SQLite keeps writing to the unlinked file) or made
   * read-only (the open file stays writable until the next start), so this checks, in a few
   * system calls: the file is still there, its folder still takes new files (SQLite's journal,
   * the next start's WAL), and a write goes through. Cheap enough for /health.
   */
  health(): { ok: true } | { ok: false; why: string } {
    if (this.file !== ":memory:") {
      if (!existsSync(this.file)) return { ok: false, why: `the store's file ${this.file} is gone (was the data directory deleted?)` };
      const probe = path.join(path.dirname(this.file), `.health-${process.pid}`);
      try {
        writeFileSync(probe, "");
        rmSync(probe, { force: true });
      } catch (e) {
        return { ok: false, why: `the data directory ${path.dirname(this.file)} does not accept new files (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` };
      }
    }
    try {
      this.db.transaction(() => this.meta.set("health_checked_at", new Date().toISOString())).immediate();
      return { ok: true };
    } catch (e) {
      return { ok: false, why: `the store refuses writes (${storeError(e)?.message ?? (e as Error).message})` };
    }
  }

  /**
   * Copies what the WAL holds into the database file, without waiting for readers or writers
   * (PASSIVE). It runs on the caller's thread, fsyncs included: fine for a quiet process; a busy
   * service runs `startCheckpointer` instead.
   */
  checkpoint(): { walPages: number; copiedPages: number } {
    const [r] = this.db.pragma("wal_checkpoint(PASSIVE)") as { busy: number; log: number; checkpointed: number }[];
    return { walPages: Math.max(0, r?.log ?? 0), copiedPages: Math.max(0, r?.checkpointed ?? 0) };
  }

  /**
   * Checkpoints every `everyMs` from a worker thread with its own connection, so a busy
   * service's event loop never waits for the bulk of the copy and its fsyncs. What `serve`
   * should run.
   *
   * SQLite only starts the WAL over when a checkpoint has copied every frame and no write came
   * in between, which a worker racing a stream of commits never achieves: the WAL would grow to
   * the backstop and the checkpoint there would run inside a commit, with an fsync of everything
   * written since. So after each of the worker's checkpoints this connection copies the few
   * frames committed meanwhile (and syncs only those), and the next commit starts the WAL over.
   */
  startCheckpointer(o: { everyMs?: number; onEvent?: (e: CheckpointEvent) => void } = {}): Checkpointer {
    return startCheckpointer(this.file, {
      everyMs: o.everyMs,
      onEvent: (e) => {
        if (e.type === "checkpoint" && this.db.open) {
          try {
            this.checkpoint();
          } catch {
            // Busy or closing: the next round catches up.
          }
        }
        o.onEvent?.(e);
      },
    });
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

export function openStore(file: string): Store {
  return new Store(openDb(file), file);
}
