import type { Sql } from "./db.ts";

export type ThreadState = "pending" | "claimed" | "topic_created" | "published";
export type FailureKind = "permanent" | "transient";

export interface ThreadRow {
  seminar_id: string;
  thread_id: string;
  position: number;
  title: string;
  release_at: string | null;
  external_id: string;
  state: ThreadState;
  claimed_at: string | null;
  claimed_by: string | null;
  topic_id: number | null;
  topic_slug: string | null;
  first_post_id: number | null;
  published_at: string | null;
  catch_up: number;
  last_error: string | null;
  failure: FailureKind | null;
  attempts: number;
  next_attempt_at: string | null;
  plan_hash: string | null;
  scheduled_for: string | null;
  created_here: number;
  topic_deleted_at: string | null;
  /** What tracking last saw in the forum's topic list: a change there means the topic needs reading. */
  seen_posts_count: number | null;
  seen_highest_post_number: number | null;
  seen_bumped_at: string | null;
  last_full_read_at: string | null;
  /** When tracking (or our close_after timer) first saw the topic closed. */
  closed_at: string | null;
}

/** A released topic as tracking needs it, with the category its seminar's topics live in. */
export interface TrackedTopic {
  seminar_id: string;
  thread_id: string;
  topic_id: number;
  seen_posts_count: number | null;
  seen_highest_post_number: number | null;
  last_full_read_at: string | null;
  closed_at: string | null;
  category_id: number | null;
  category_slug: string | null;
}

export interface SeededRow {
  seminar_id: string;
  thread_id: string;
  idx: number;
  marker: string;
  text: string;
  source: string;
  post_id: number | null;
  post_number: number | null;
  attempted_at: string | null;
}

export type TimerKind = "pin" | "unpin" | "close";
export interface TimerRow {
  seminar_id: string;
  thread_id: string;
  kind: TimerKind;
  done_at: string;
}

export interface ClaimOutcome {
  claimed: boolean;
  /** An earlier attempt sent a create whose outcome nobody recorded: look on the forum before writing. */
  inDoubt: boolean;
  /** Who holds it, when `claimed` is false. */
  heldBy?: string;
}

/**
 * A thread's release, as named state changes: pending → claimed → topic_created → published.
 * Failures are recorded beside the state, never instead of it, so a thread whose topic exists
 * resumes at its replies; a permanent failure holds the thread until a retry or a plan change.
 */
export class ThreadRecords {
  constructor(
    private readonly sql: Sql,
    private readonly tx: <T>(fn: () => T) => T,
  ) {}

  row(seminarId: string, threadId: string): ThreadRow | undefined {
    return this.sql("SELECT * FROM threads WHERE seminar_id = ? AND thread_id = ?").get(seminarId, threadId) as ThreadRow | undefined;
  }

  ofSeminar(seminarId: string): ThreadRow[] {
    return this.sql("SELECT * FROM threads WHERE seminar_id = ? ORDER BY position").all(seminarId) as ThreadRow[];
  }

  /** Threads whose topic exists on the forum (and was not deleted there), in seminar order. */
  withTopics(seminarId?: string): ThreadRow[] {
    return (
      seminarId
        ? this.sql("SELECT * FROM threads WHERE topic_id IS NOT NULL AND topic_deleted_at IS NULL AND seminar_id = ? ORDER BY position").all(seminarId)
        : this.sql("SELECT * FROM threads WHERE topic_id IS NOT NULL AND topic_deleted_at IS NULL ORDER BY seminar_id, position").all()
    ) as ThreadRow[];
  }

  /** The thread a forum topic belongs to (indexed: webhooks ask this for every delivery). */
  byTopic(topicId: number): ThreadRow | undefined {
    return this.sql("SELECT * FROM threads WHERE topic_id = ? LIMIT 1").get(topicId) as ThreadRow | undefined;
  }

  seeded(seminarId: string, threadId: string): SeededRow[] {
    return this.sql("SELECT * FROM seeded_posts WHERE seminar_id = ? AND thread_id = ? ORDER BY idx").all(seminarId, threadId) as SeededRow[];
  }

  /** Post ids of every seeded reply of a topic's thread: they are ours, not participants'. */
  seededPostIds(topicId: number): number[] {
    return (
      this.sql("SELECT s.post_id FROM seeded_posts s JOIN threads t USING (seminar_id, thread_id) WHERE t.topic_id = ? AND s.post_id IS NOT NULL").all(topicId) as { post_id: number }[]
    ).map((r) => r.post_id);
  }

  /**
   * Takes the thread for one release attempt. A live claim by someone else wins; a claim older
   * than the lease, or held by a process that `ownerIsGone` says has died, is taken over.
   */
  claim(seminarId: string, threadId: string, owner: string, now: Date, leaseMs: number, ownerIsGone: (claimedBy: string) => boolean): ClaimOutcome {
    return this.tx(() => {
      const r = this.row(seminarId, threadId);
      if (!r || r.state === "published") return { claimed: false, inDoubt: false };
      const stale = r.claimed_at !== null && Date.parse(r.claimed_at) < now.getTime() - leaseMs;
      if (r.claimed_by && r.claimed_by !== owner && !stale && !ownerIsGone(r.claimed_by)) return { claimed: false, inDoubt: false, heldBy: r.claimed_by };
      this.sql(
        `UPDATE threads SET state = CASE WHEN state = 'pending' THEN 'claimed' ELSE state END, claimed_at = ?, claimed_by = ?, attempts = attempts + 1
         WHERE seminar_id = ? AND thread_id = ?`,
      ).run(now.toISOString(), owner, seminarId, threadId);
      return { claimed: true, inDoubt: r.state !== "pending" };
    });
  }

  recordTopic(seminarId: string, threadId: string, t: { topicId: number; slug: string | null; firstPostId: number | null; createdHere: boolean }): void {
    this.sql(
      `UPDATE threads SET state = CASE WHEN state = 'published' THEN state ELSE 'topic_created' END, topic_id = ?, topic_slug = ?, first_post_id = ?, created_here = ?
       WHERE seminar_id = ? AND thread_id = ?`,
    ).run(t.topicId, t.slug, t.firstPostId, t.createdHere ? 1 : 0, seminarId, threadId);
  }

  /** Written before a reply's create is sent: if the answer is lost, the next attempt knows to look first. */
  markSeededAttempt(seminarId: string, threadId: string, idx: number, now: Date): void {
    this.sql("UPDATE seeded_posts SET attempted_at = ? WHERE seminar_id = ? AND thread_id = ? AND idx = ?").run(now.toISOString(), seminarId, threadId, idx);
  }

  clearSeededAttempt(seminarId: string, threadId: string, idx: number): void {
    this.sql("UPDATE seeded_posts SET attempted_at = NULL WHERE seminar_id = ? AND thread_id = ? AND idx = ? AND post_id IS NULL").run(seminarId, threadId, idx);
  }

  recordSeededReply(seminarId: string, threadId: string, idx: number, post: { id: number; post_number: number }): void {
    this.sql("UPDATE seeded_posts SET post_id = ?, post_number = ? WHERE seminar_id = ? AND thread_id = ? AND idx = ?").run(post.id, post.post_number, seminarId, threadId, idx);
  }

  markReleased(seminarId: string, threadId: string, o: { at: Date; scheduledFor: number | null; catchUp: boolean }): void {
    this.sql(
      `UPDATE threads SET state = 'published', published_at = ?, scheduled_for = ?, catch_up = ?, last_error = NULL, failure = NULL, next_attempt_at = NULL, claimed_by = NULL
       WHERE seminar_id = ? AND thread_id = ?`,
    ).run(o.at.toISOString(), o.scheduledFor !== null && Number.isFinite(o.scheduledFor) ? new Date(o.scheduledFor).toISOString() : null, o.catchUp ? 1 : 0, seminarId, threadId);
  }

  /**
   * Records a failed attempt and lets go of the claim. When the forum answered (nothing can have
   * been created), a thread that had no topic goes back to pending, so the next attempt need not
   * look before it writes; an unknown outcome leaves it claimed: in doubt.
   */
  markFailed(seminarId: string, threadId: string, f: { reason: string; kind: FailureKind; nextAttemptAt: Date | null; outcomeKnown: boolean }): void {
    this.sql(
      `UPDATE threads SET last_error = ?, failure = ?, next_attempt_at = ?, claimed_by = NULL,
         state = CASE WHEN ? AND state = 'claimed' THEN 'pending' ELSE state END
       WHERE seminar_id = ? AND thread_id = ?`,
    ).run(f.reason, f.kind, f.nextAttemptAt?.toISOString() ?? null, f.outcomeKnown ? 1 : 0, seminarId, threadId);
  }

  /** A moderator's "try again": the failure is forgotten, the attempt count kept. */
  retry(seminarId: string, threadId: string): boolean {
    return this.sql("UPDATE threads SET failure = NULL, next_attempt_at = NULL WHERE seminar_id = ? AND thread_id = ? AND failure IS NOT NULL").run(seminarId, threadId).changes === 1;
  }

  markTopicDeleted(topicId: number, at: string): boolean {
    return this.sql("UPDATE threads SET topic_deleted_at = ? WHERE topic_id = ? AND topic_deleted_at IS NULL").run(at, topicId).changes > 0;
  }

  markTopicRestored(topicId: number): boolean {
    return this.sql("UPDATE threads SET topic_deleted_at = NULL WHERE topic_id = ? AND topic_deleted_at IS NOT NULL").run(topicId).changes > 0;
  }

  /** Every live released topic, with its seminar's category, for a tracking cycle. */
  tracked(seminarId?: string): TrackedTopic[] {
    const q = `SELECT t.seminar_id, t.thread_id, t.topic_id, t.seen_posts_count, t.seen_highest_post_number, t.last_full_read_at, t.closed_at, s.category_id, s.category_slug
       FROM threads t JOIN seminars s ON s.id = t.seminar_id
       WHERE t.topic_id IS NOT NULL AND t.topic_deleted_at IS NULL`;
    return (seminarId ? this.sql(`${q} AND t.seminar_id = ? ORDER BY t.seminar_id, t.position`).all(seminarId) : this.sql(`${q} ORDER BY t.seminar_id, t.position`).all()) as TrackedTopic[];
  }

  /** Records what the topic list said of a topic; `fullRead` when the whole topic was read too. */
  recordSeen(topicId: number, seen: { postsCount: number; highestPostNumber: number | null; bumpedAt: string | null; fullReadAt?: Date }): void {
    this.sql(
      `UPDATE threads SET seen_posts_count = ?, seen_highest_post_number = ?, seen_bumped_at = COALESCE(?, seen_bumped_at),
         last_full_read_at = COALESCE(?, last_full_read_at) WHERE topic_id = ?`,
    ).run(seen.postsCount, seen.highestPostNumber, seen.bumpedAt, seen.fullReadAt?.toISOString() ?? null, topicId);
  }

  /** The first time the topic was seen closed (or reopened: null again). */
  recordClosed(topicId: number, closed: boolean, at: Date): void {
    if (closed) this.sql("UPDATE threads SET closed_at = COALESCE(closed_at, ?) WHERE topic_id = ?").run(at.toISOString(), topicId);
    else this.sql("UPDATE threads SET closed_at = NULL WHERE topic_id = ? AND closed_at IS NOT NULL").run(topicId);
  }

  timers(seminarId: string): TimerRow[] {
    return this.sql("SELECT * FROM thread_timers WHERE seminar_id = ?").all(seminarId) as TimerRow[];
  }

  recordTimer(seminarId: string, threadId: string, kind: TimerKind, at: Date): void {
    this.sql("INSERT OR IGNORE INTO thread_timers (seminar_id, thread_id, kind, done_at) VALUES (?, ?, ?, ?)").run(seminarId, threadId, kind, at.toISOString());
  }
}
