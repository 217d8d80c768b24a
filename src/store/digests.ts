import type { Digest } from "../digest/compute.ts";
import type { FailureKind } from "./threads.ts";
import type { Sql } from "./db.ts";

export type DigestPostState = "none" | "pending" | "posted" | "failed";

export interface StoredDigest {
  id: number;
  seminar_id: string;
  /** Unique: `<seminar>/<slot ISO>` for a scheduled digest, `<seminar>/at-<until ISO>` for one asked for by hand. */
  key: string;
  /** The schedule occurrence it was written for; null when asked for by hand. */
  slot: string | null;
  created_at: string;
  since: string | null;
  until: string;
  markdown: string;
  data: Digest;
  post_state: DigestPostState;
  post_attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  posted_topic_id: number | null;
  posted_post_id: number | null;
}

type DigestDbRow = Omit<StoredDigest, "data"> & { data_json: string; claimed_by: string | null; claimed_at: string | null };

const toDigest = ({ data_json, claimed_by: _c, claimed_at: _a, ...r }: DigestDbRow): StoredDigest => ({ ...r, data: JSON.parse(data_json) as Digest });

/**
 * A digest is built, then (if wanted) posted: two recorded states. The window is fixed when it
 * is built, so a post that fails is retried with the same window and no reply falls between two
 * digests; the key makes a second build of the same digest a no-op.
 */
export class DigestRecords {
  constructor(private readonly sql: Sql) {}

  last(seminarId: string): StoredDigest | undefined {
    const r = this.sql("SELECT * FROM digests WHERE seminar_id = ? ORDER BY id DESC LIMIT 1").get(seminarId) as DigestDbRow | undefined;
    return r ? toDigest(r) : undefined;
  }

  /** Where the next digest's window starts: the end of the last one, without reading its body. */
  lastUntil(seminarId: string): string | null {
    return (this.sql("SELECT until FROM digests WHERE seminar_id = ? ORDER BY id DESC LIMIT 1").get(seminarId) as { until: string } | undefined)?.until ?? null;
  }

  /**
   * The latest moment a digest already covers for the schedule: a scheduled digest counts for its
   * slot, one made by hand for its end. A slot at or before it needs no digest of its own.
   */
  watermark(seminarId: string): string | null {
    return (this.sql("SELECT MAX(COALESCE(slot, until)) AS w FROM digests WHERE seminar_id = ?").get(seminarId) as { w: string | null }).w;
  }

  recent(limit = 20, seminarId?: string): StoredDigest[] {
    const rows = seminarId
      ? this.sql("SELECT * FROM digests WHERE seminar_id = ? ORDER BY id DESC LIMIT ?").all(seminarId, limit)
      : this.sql("SELECT * FROM digests ORDER BY id DESC LIMIT ?").all(limit);
    return (rows as DigestDbRow[]).map(toDigest);
  }

  get(id: number): StoredDigest | undefined {
    const r = this.sql("SELECT * FROM digests WHERE id = ?").get(id) as DigestDbRow | undefined;
    return r ? toDigest(r) : undefined;
  }

  byKey(key: string): StoredDigest | undefined {
    const r = this.sql("SELECT * FROM digests WHERE key = ?").get(key) as DigestDbRow | undefined;
    return r ? toDigest(r) : undefined;
  }

  /** Records a built digest; undefined when one with the same key exists already. */
  recordBuilt(d: { seminarId: string; key: string; slot: string | null; since: string | null; until: string; markdown: string; data: Digest; postWanted: boolean; now: Date }): number | undefined {
    const res = this.sql(
      `INSERT OR IGNORE INTO digests (seminar_id, key, slot, created_at, since, until, markdown, data_json, post_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(d.seminarId, d.key, d.slot, d.now.toISOString(), d.since, d.until, d.markdown, JSON.stringify(d.data), d.postWanted ? "pending" : "none");
    return res.changes === 1 ? Number(res.lastInsertRowid) : undefined;
  }

  /** Digests waiting to be posted (including failed ones, for the dashboard to show). */
  unposted(seminarId?: string): StoredDigest[] {
    const rows = seminarId
      ? this.sql("SELECT * FROM digests WHERE post_state IN ('pending', 'failed') AND seminar_id = ? ORDER BY id").all(seminarId)
      : this.sql("SELECT * FROM digests WHERE post_state IN ('pending', 'failed') ORDER BY id").all();
    return (rows as DigestDbRow[]).map(toDigest);
  }

  /** The posting state of digests not on the forum yet, without their bodies: what the due-work model needs. */
  unpostedStates(seminarId: string): { id: number; post_state: DigestPostState; next_attempt_at: string | null }[] {
    return this.sql("SELECT id, post_state, next_attempt_at FROM digests WHERE post_state IN ('pending', 'failed') AND seminar_id = ? ORDER BY id").all(seminarId) as {
      id: number;
      post_state: DigestPostState;
      next_attempt_at: string | null;
    }[];
  }

  /** A moderator asks for a digest to be posted (again, after a permanent failure). */
  requestPost(id: number): boolean {
    return this.sql("UPDATE digests SET post_state = 'pending', next_attempt_at = NULL, last_error = NULL WHERE id = ? AND post_state != 'posted'").run(id).changes === 1;
  }

  /** Takes the digest for one posting attempt; false while someone else's live claim holds it. */
  claimPost(id: number, owner: string, now: Date, leaseMs: number): { claimed: boolean; inDoubt: boolean } {
    const before = this.sql("SELECT post_attempts, claimed_by FROM digests WHERE id = ?").get(id) as { post_attempts: number; claimed_by: string | null } | undefined;
    const res = this.sql(
      `UPDATE digests SET claimed_by = ?, claimed_at = ?, post_attempts = post_attempts + 1
       WHERE id = ? AND post_state IN ('pending', 'failed') AND (claimed_by IS NULL OR claimed_by = ? OR claimed_at < ?)`,
    ).run(owner, now.toISOString(), id, owner, new Date(now.getTime() - leaseMs).toISOString());
    return { claimed: res.changes === 1, inDoubt: (before?.post_attempts ?? 0) > 0 || before?.claimed_by !== null };
  }

  markPosted(id: number, topicId: number, postId: number | null): void {
    this.sql("UPDATE digests SET post_state = 'posted', posted_topic_id = ?, posted_post_id = ?, last_error = NULL, next_attempt_at = NULL, claimed_by = NULL WHERE id = ?").run(topicId, postId, id);
  }

  markPostFailed(id: number, f: { reason: string; kind: FailureKind; nextAttemptAt: Date | null }): void {
    this.sql("UPDATE digests SET post_state = ?, last_error = ?, next_attempt_at = ?, claimed_by = NULL WHERE id = ?").run(
      f.kind === "permanent" ? "failed" : "pending",
      f.reason,
      f.nextAttemptAt?.toISOString() ?? null,
      id,
    );
  }
}
