import type { Sql } from "./db.ts";

export interface LockHolder {
  owner: string;
  host: string;
  pid: number;
  command: string;
  started_at: string;
  heartbeat_at: string;
}

/**
 * One writer process per data dir (`serve`, `publish`). The lock is a row, taken in a write
 * transaction, so two processes starting together cannot both win. A holder is believed alive
 * while `isAlive` says so (same machine: its pid exists) or its heartbeat is recent (another
 * machine sharing the folder).
 */
export class InstanceLock {
  constructor(
    private readonly sql: Sql,
    private readonly tx: <T>(fn: () => T) => T,
  ) {}

  holder(): LockHolder | undefined {
    return this.sql("SELECT owner, host, pid, command, started_at, heartbeat_at FROM instance_lock WHERE id = 1").get() as LockHolder | undefined;
  }

  /** Takes the lock, or returns whoever holds it. */
  acquire(me: Omit<LockHolder, "heartbeat_at" | "started_at">, now: Date, isAlive: (h: LockHolder) => boolean): { acquired: true } | { acquired: false; holder: LockHolder } {
    return this.tx(() => {
      const h = this.holder();
      if (h && h.owner !== me.owner && isAlive(h)) return { acquired: false as const, holder: h };
      this.sql(
        `INSERT INTO instance_lock (id, owner, host, pid, command, started_at, heartbeat_at) VALUES (1, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET owner = excluded.owner, host = excluded.host, pid = excluded.pid, command = excluded.command, started_at = excluded.started_at, heartbeat_at = excluded.heartbeat_at`,
      ).run(me.owner, me.host, me.pid, me.command, now.toISOString(), now.toISOString());
      return { acquired: true as const };
    });
  }

  heartbeat(owner: string, now: Date): void {
    this.sql("UPDATE instance_lock SET heartbeat_at = ? WHERE owner = ?").run(now.toISOString(), owner);
  }

  release(owner: string): void {
    this.sql("DELETE FROM instance_lock WHERE owner = ?").run(owner);
  }
}

/** Small facts about the store itself, such as which forum it belongs to. */
export class MetaRecords {
  constructor(private readonly sql: Sql) {}

  get(key: string): string | undefined {
    return (this.sql("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined)?.value;
  }

  set(key: string, value: string): void {
    this.sql("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(key, value);
  }
}
