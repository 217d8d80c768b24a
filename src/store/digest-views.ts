import type { ReplyRow } from "../digest/compute.ts";
import type { Sql } from "./db.ts";

/**
 * A participant's live reply, as digests count it: not the opening post, a regular post (no
 * whisper, small action or moderator note), not hidden by flags, not one of our seeded
 * counterarguments. `@seeded` is a JSON array of post ids; `@topic` the topic id.
 */
const REPLY = `topic_id = @topic AND post_number > 1 AND post_type = 1 AND hidden = 0 AND post_id NOT IN (SELECT value FROM json_each(@seeded))`;
const LIVE = `${REPLY} AND deleted_at IS NULL`;
/** Grouping aliases must not be a column name: posts has \`name\` (the display name), which GROUP BY would take instead. */
const NAME = `COALESCE(username, '(deleted user)')`;

export interface ThreadFigures {
  /** Live replies in all. */
  replies: number;
  /** Live replies created in the window. */
  newReplies: number;
  /** Live replies created before the window and changed in it. */
  edited: number;
  /** Replies deleted in the window. */
  deleted: number;
}

/**
 * What a digest reads, each query bounded by the window or by what the digest shows: counts and
 * distinct participants are computed by SQLite over the covering index `posts_digest` (no reply
 * text is read for them), and text is read only for the few replies shown and for replies that
 * quote a post of the thread.
 */
export class DigestViews {
  constructor(private readonly sql: Sql) {}

  figures(topicId: number, seededIds: readonly number[], since: string | null): ThreadFigures {
    return this.sql(
      `SELECT
         COALESCE(SUM(deleted_at IS NULL), 0) AS replies,
         COALESCE(SUM(deleted_at IS NULL AND (@since IS NULL OR created_at > @since)), 0) AS newReplies,
         COALESCE(SUM(deleted_at IS NULL AND version > 1 AND last_changed_at > @since AND created_at <= @since), 0) AS edited,
         COALESCE(SUM(deleted_at IS NOT NULL AND (@since IS NULL OR deleted_at > @since)), 0) AS deleted
       FROM posts WHERE ${REPLY}`,
    ).get({ topic: topicId, seeded: JSON.stringify(seededIds), since }) as ThreadFigures;
  }

  /**
   * The thread's participants in order of first reply, at most `limit` names, and how many there
   * are in all; with `onlyNew`, those whose first live reply falls in the window.
   */
  participants(topicId: number, seededIds: readonly number[], o: { since: string | null; onlyNew: boolean; limit: number }): { count: number; names: string[] } {
    const rows = this.sql(
      `SELECT who AS name, COUNT(*) OVER () AS count FROM (
         SELECT ${NAME} AS who, MIN(post_number) AS first, MIN(created_at) AS firstAt FROM posts WHERE ${LIVE} GROUP BY who
       ) WHERE NOT @onlyNew OR @since IS NULL OR firstAt > @since ORDER BY first LIMIT @limit`,
    ).all({ topic: topicId, seeded: JSON.stringify(seededIds), since: o.since, onlyNew: o.onlyNew ? 1 : 0, limit: o.limit }) as { name: string; count: number }[];
    return { count: rows[0]?.count ?? 0, names: rows.map((r) => r.name) };
  }

  /**
   * The `limit` live replies with the most likes (twice) and replies, earliest first among equals;
   * with `since`, only those created after it. `engagedOnly` leaves out replies nobody liked or answered.
   */
  topReplies(topicId: number, seededIds: readonly number[], o: { since?: string | null; newOnly: boolean; engagedOnly: boolean; limit: number }): ReplyRow[] {
    return this.sql(
      `WITH live AS (SELECT post_id, post_number, likes, reply_to_post_number, created_at FROM posts WHERE ${LIVE}),
       answered AS (SELECT reply_to_post_number AS n, COUNT(*) AS c FROM live WHERE reply_to_post_number IS NOT NULL GROUP BY reply_to_post_number),
       ranked AS (
         SELECT live.post_id, live.post_number, live.likes * 2 + COALESCE(answered.c, 0) AS score, COALESCE(answered.c, 0) AS replies
         FROM live LEFT JOIN answered ON answered.n = live.post_number
         WHERE (NOT @newOnly OR @since IS NULL OR live.created_at > @since) AND (NOT @engagedOnly OR live.likes + COALESCE(answered.c, 0) > 0)
         ORDER BY score DESC, live.post_number LIMIT @limit
       )
       SELECT p.post_id AS postId, p.post_number AS postNumber, p.username, p.raw, p.cooked, p.reply_to_post_number AS replyTo, p.created_at AS createdAt, p.likes, ranked.replies
       FROM ranked JOIN posts p ON p.post_id = ranked.post_id ORDER BY ranked.score DESC, ranked.post_number`,
    ).all({ topic: topicId, seeded: JSON.stringify(seededIds), since: o.since ?? null, newOnly: o.newOnly ? 1 : 0, engagedOnly: o.engagedOnly ? 1 : 0, limit: o.limit }) as ReplyRow[];
  }

  /** Who replied to each of `targets` (post numbers), with each one's first such reply: the ledger's direct answers. */
  repliesTo(topicId: number, seededIds: readonly number[], targets: readonly number[]): { target: number; username: string; first: number }[] {
    if (!targets.length) return [];
    return this.sql(
      `SELECT target, who AS username, first FROM (
         SELECT reply_to_post_number AS target, ${NAME} AS who, MIN(post_number) AS first FROM posts
         WHERE ${LIVE} AND reply_to_post_number IN (SELECT value FROM json_each(@targets)) GROUP BY target, who
       ) ORDER BY first`,
    ).all({ topic: topicId, seeded: JSON.stringify(seededIds), targets: JSON.stringify(targets) }) as { target: number; username: string; first: number }[];
  }

  /**
   * Live replies to the topic itself whose text quotes a post of this topic: the only replies
   * whose text the ledger needs. The partial index `posts_quoting` holds just the posts with a
   * quote, so the rest are never read; the caller matches the quote exactly.
   */
  quotingReplies(topicId: number, seededIds: readonly number[]): { postNumber: number; username: string; raw: string }[] {
    return this.sql(
      // CAST: a JS number is bound as a REAL, which would concatenate as "1000.0".
      `SELECT post_number AS postNumber, ${NAME} AS username, raw FROM posts INDEXED BY posts_quoting
       WHERE instr(raw, '[quote="') > 0 AND ${LIVE} AND reply_to_post_number IS NULL AND instr(raw, ', topic:' || CAST(@topic AS INTEGER)) > 0 ORDER BY post_number`,
    ).all({ topic: topicId, seeded: JSON.stringify(seededIds) }) as { postNumber: number; username: string; raw: string }[];
  }

  /** Distinct participants across several topics (a seminar's), seeded replies left out. */
  participantsAcross(topicIds: readonly number[], seededIds: readonly number[]): number {
    return (
      this.sql(
        `SELECT COUNT(DISTINCT ${NAME}) AS n FROM posts WHERE topic_id IN (SELECT value FROM json_each(@topics))
         AND post_number > 1 AND post_type = 1 AND hidden = 0 AND deleted_at IS NULL AND post_id NOT IN (SELECT value FROM json_each(@seeded))`,
      ).get({ topics: JSON.stringify(topicIds), seeded: JSON.stringify(seededIds) }) as { n: number }
    ).n;
  }
}
