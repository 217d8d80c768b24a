import type { Sql } from "./db.ts";

/**
 * What the moderator's console reads, as bounded queries over one seminar: every one starts
 * from the seminar's threads, reaches posts through the `posts_topic` index, and returns
 * aggregates or a capped list, never a topic's posts. Read-only: nothing here writes.
 *
 * A participant's reply is a live (not deleted), visible (not hidden by flags), regular post
 * after the opening one that is not one of our seeded counterarguments: the digest's rule.
 */
const LIVE_REPLY = `p.post_number > 1 AND p.post_type = 1 AND p.deleted_at IS NULL AND p.hidden = 0
  AND p.post_id NOT IN (SELECT post_id FROM seeded_posts WHERE seminar_id = @seminar AND post_id IS NOT NULL)`;

export interface ThreadActivity {
  threadId: string;
  replies: number;
  participants: number;
  /** The newest live reply's creation time (ISO), or null. */
  lastReplyAt: string | null;
}

export interface ParticipantCount {
  threadId: string;
  username: string | null;
  replies: number;
}

export interface LedgerEntry {
  threadId: string;
  idx: number;
  text: string;
  source: string;
  /** The seeded reply on the forum, once posted. */
  postNumber: number | null;
  /** The first participants who answered it (by reply or quote), in order, with their first answer. */
  answers: { username: string | null; postNumber: number }[];
  /** How many participants answered it in all (`answers` is capped). */
  answeredByCount: number;
}

export interface PollResult {
  threadId: string;
  name: string;
  voters: number;
  options: { html: string; votes: number | null }[];
  /** When the tracker last read it: the results are as of then. */
  fetchedAt: string;
}

export interface ReplyBucket {
  /** Start of a 15-minute bucket (UTC, ISO): fine enough for any time zone's midnight. */
  at: string;
  replies: number;
}

export class ViewRecords {
  constructor(private readonly sql: Sql) {}

  /** Replies, distinct participants and the last reply, per released thread. */
  threadActivity(seminarId: string): ThreadActivity[] {
    return this.sql(
      `SELECT t.thread_id AS threadId, COUNT(*) AS replies, COUNT(DISTINCT p.username) AS participants, MAX(p.created_at) AS lastReplyAt
       FROM threads t JOIN posts p ON p.topic_id = t.topic_id
       WHERE t.seminar_id = @seminar AND t.topic_id IS NOT NULL AND ${LIVE_REPLY}
       GROUP BY t.thread_id`,
    ).all({ seminar: seminarId }) as ThreadActivity[];
  }

  /** The most active participants of each thread, at most `perThread` of them. */
  topParticipants(seminarId: string, perThread: number): ParticipantCount[] {
    return this.sql(
      `SELECT threadId, username, replies FROM (
         SELECT t.thread_id AS threadId, p.username AS username, COUNT(*) AS replies,
           ROW_NUMBER() OVER (PARTITION BY t.thread_id ORDER BY COUNT(*) DESC, MIN(p.post_number)) AS rn
         FROM threads t JOIN posts p ON p.topic_id = t.topic_id
         WHERE t.seminar_id = @seminar AND t.topic_id IS NOT NULL AND ${LIVE_REPLY}
         GROUP BY t.thread_id, p.username)
       WHERE rn <= @cap ORDER BY threadId, rn`,
    ).all({ seminar: seminarId, cap: perThread }) as ParticipantCount[];
  }

  /**
   * Each seeded counterargument and who answered it, live, as the digest counts it: a reply to
   * it, or a reply to the topic that quotes it first (what a reply quotes is noted when it is
   * stored: src/discourse/quotes.ts).
   */
  ledger(seminarId: string, answersPerCounterargument: number): LedgerEntry[] {
    const seeded = this.sql(
      `SELECT s.thread_id AS threadId, s.idx, s.text, s.source, s.post_number AS postNumber
       FROM seeded_posts s JOIN threads t ON t.seminar_id = s.seminar_id AND t.thread_id = s.thread_id
       WHERE s.seminar_id = ? ORDER BY t.position, s.idx`,
    ).all(seminarId) as Omit<LedgerEntry, "answers" | "answeredByCount">[];
    const answers = this.sql(
      `SELECT threadId, idx, username, postNumber, answerers FROM (
         SELECT s.thread_id AS threadId, s.idx, p.username AS username, MIN(p.post_number) AS postNumber,
           COUNT(*) OVER (PARTITION BY s.thread_id, s.idx) AS answerers,
           ROW_NUMBER() OVER (PARTITION BY s.thread_id, s.idx ORDER BY MIN(p.post_number)) AS rn
         FROM seeded_posts s
         JOIN threads t ON t.seminar_id = s.seminar_id AND t.thread_id = s.thread_id
         JOIN posts p ON p.topic_id = t.topic_id
         WHERE s.seminar_id = @seminar AND s.post_number IS NOT NULL AND t.topic_id IS NOT NULL AND ${LIVE_REPLY}
           AND COALESCE(p.reply_to_post_number, p.quoted_post_number) = s.post_number
         GROUP BY s.thread_id, s.idx, p.username)
       WHERE rn <= @cap ORDER BY threadId, idx, rn`,
    ).all({ seminar: seminarId, cap: answersPerCounterargument }) as { threadId: string; idx: number; username: string | null; postNumber: number; answerers: number }[];
    const key = (threadId: string, idx: number) => `${threadId}\u0000${idx}`;
    const byEntry = new Map<string, typeof answers>();
    for (const a of answers) {
      const k = key(a.threadId, a.idx);
      byEntry.set(k, [...(byEntry.get(k) ?? []), a]);
    }
    return seeded.map((s) => {
      const found = byEntry.get(key(s.threadId, s.idx)) ?? [];
      return { ...s, answers: found.map((a) => ({ username: a.username, postNumber: a.postNumber })), answeredByCount: found[0]?.answerers ?? 0 };
    });
  }

  /** The polls of the seminar's opening posts, as the last tracking run read them (reached by post id: polls has no topic index). */
  polls(seminarId: string): PollResult[] {
    return (
      this.sql(
        `SELECT t.thread_id AS threadId, q.name, q.voters, q.options_json, q.fetched_at AS fetchedAt
         FROM threads t JOIN posts p ON p.topic_id = t.topic_id AND p.post_number = 1 JOIN polls q ON q.post_id = p.post_id
         WHERE t.seminar_id = ? AND t.topic_id IS NOT NULL ORDER BY t.position, q.name`,
      ).all(seminarId) as (Omit<PollResult, "options"> & { options_json: string })[]
    ).map(({ options_json, ...r }) => ({ ...r, options: JSON.parse(options_json) as PollResult["options"] }));
  }

  /**
   * Participants' replies since `sinceIso`, counted per 15 minutes (UTC). The caller folds the
   * buckets into days of the seminar's time zone: every zone's offset is a multiple of 15
   * minutes, and SQLite knows no zones. At most 96 rows a day, however busy the seminar.
   * Times are read as the forum writes them (ISO 8601 in UTC, `2026-11-30T09:05:00.000Z`).
   */
  repliesPerQuarterHour(seminarId: string, sinceIso: string): ReplyBucket[] {
    return this.sql(
      `SELECT substr(p.created_at, 1, 14) || printf('%02d', (CAST(substr(p.created_at, 15, 2) AS INTEGER) / 15) * 15) || ':00Z' AS at, COUNT(*) AS replies
       FROM threads t JOIN posts p ON p.topic_id = t.topic_id
       WHERE t.seminar_id = @seminar AND t.topic_id IS NOT NULL AND p.created_at >= @since AND ${LIVE_REPLY}
       GROUP BY at ORDER BY at`,
    ).all({ seminar: seminarId, since: sinceIso }) as ReplyBucket[];
  }
}
