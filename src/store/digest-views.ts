import type { ReplyRow } from "../digest/compute.ts";
import type { ReplyFact } from "../digest/tally.ts";
import type { Sql } from "./db.ts";

/**
 * A participant's reply, as digests count it: not the opening post, a regular post (no whisper,
 * small action or moderator note), not hidden by flags, not one of our seeded counterarguments;
 * deleted or not (the window's deletions are counted). `@seeded` is a JSON array of post ids; `@topic` the topic id.
 */
const REPLY = `topic_id = @topic AND post_number > 1 AND post_type = 1 AND hidden = 0 AND post_id NOT IN (SELECT value FROM json_each(@seeded))`;
type FactRow = [number, number, string | null, number | null, string, number, number, string | null, string | null, number | null];


/**
 * What a digest reads: the bookkeeping of every reply of a thread in one pass over the covering
 * index `posts_digest` (no reply text: what a reply quotes was noted at ingest; src/digest/tally.ts
 * counts and ranks from it), and text only for the few replies shown.
 */
export class DigestViews {
  constructor(private readonly sql: Sql) {}

  /** The thread's replies as digests count them (deleted ones too, for the window's deletions), in post order. */
  replyFacts(topicId: number, seededIds: readonly number[]): ReplyFact[] {
    // Rows as arrays, made into objects here: better-sqlite3 builds an object row at about twice
    // the cost, and a digest reads every reply of every thread (bench/digest.ts).
    const rows = this.sql(
      `SELECT post_id, post_number, username, reply_to_post_number, created_at, likes, version, last_changed_at, deleted_at, quoted_post_number
       FROM posts WHERE ${REPLY} ORDER BY post_number`,
    )
      .raw(true)
      .all({ topic: topicId, seeded: JSON.stringify(seededIds) }) as FactRow[];
    return rows.map(([postId, postNumber, username, replyTo, createdAt, likes, version, lastChangedAt, deletedAt, quotedPost]) => ({ postId, postNumber, username, replyTo, createdAt, likes, version, lastChangedAt, deletedAt, quotedPost }));
  }

  /** The replies a digest shows, with their text, by post id. */
  repliesById(topicId: number, postIds: readonly number[]): Omit<ReplyRow, "replies">[] {
    if (!postIds.length) return [];
    return this.sql(
      `SELECT post_id AS postId, post_number AS postNumber, username, raw, cooked, reply_to_post_number AS replyTo, created_at AS createdAt, likes
       FROM posts WHERE topic_id = @topic AND post_id IN (SELECT value FROM json_each(@ids))`,
    ).all({ topic: topicId, ids: JSON.stringify(postIds) }) as Omit<ReplyRow, "replies">[];
  }
}
