import { likeCount, type Poll, type Post } from "../discourse/schemas.ts";
import { quotedPost } from "../discourse/quotes.ts";
import type { Sql } from "./db.ts";

export interface PostRow {
  post_id: number;
  topic_id: number;
  post_number: number;
  post_type: number;
  username: string | null;
  name: string | null;
  raw: string | null;
  cooked: string | null;
  reply_to_post_number: number | null;
  created_at: string;
  updated_at: string | null;
  version: number;
  likes: number;
  deleted_at: string | null;
  /** Flagged and hidden by the community: staff still see it, but a digest must not quote it. */
  hidden: number;
  /** The post of this topic its raw quotes first, if any (src/discourse/quotes.ts). */
  quoted_post_number: number | null;
  first_seen_at: string;
  last_changed_at: string;
}

export interface PollRow {
  topic_id: number;
  post_id: number;
  name: string;
  voters: number;
  options: { html: string; votes: number | null }[];
  fetched_at: string;
}

export type UpsertOutcome = "new" | "changed" | "same";

/** Every post seen in a released topic, kept as the forum last showed it, and the polls of opening posts. */
export class PostRecords {
  constructor(private readonly sql: Sql) {}

  /**
   * Stores a post as the forum showed it. Returns "new", "changed" or "same", so callers can
   * count what a run learned. An older copy (a late webhook) never overwrites a newer one.
   */
  upsert(p: Post, topicId: number, now: Date): UpsertOutcome {
    const existing = this.sql("SELECT * FROM posts WHERE post_id = ?").get(p.id) as PostRow | undefined;
    const deletedAt = p.deleted_at ?? (p.user_deleted ? (p.updated_at ?? now.toISOString()) : null);
    const row = {
      post_id: p.id,
      topic_id: topicId,
      post_number: p.post_number,
      post_type: p.post_type,
      username: p.username ?? null,
      name: p.name ?? null,
      raw: p.raw ?? existing?.raw ?? null,
      cooked: p.cooked,
      reply_to_post_number: p.reply_to_post_number,
      created_at: p.created_at,
      updated_at: p.updated_at ?? null,
      version: p.version,
      likes: p.actions_summary ? likeCount(p) : (existing?.likes ?? 0),
      deleted_at: deletedAt,
      hidden: p.hidden ? 1 : 0,
    };
    const quoted = quotedPost(row.raw, topicId);
    if (!existing) {
      this.sql(
        `INSERT INTO posts (post_id, topic_id, post_number, post_type, username, name, raw, cooked, reply_to_post_number, created_at, updated_at, version, likes, deleted_at, hidden, quoted_post_number, first_seen_at, last_changed_at)
         VALUES (@post_id, @topic_id, @post_number, @post_type, @username, @name, @raw, @cooked, @reply_to_post_number, @created_at, @updated_at, @version, @likes, @deleted_at, @hidden, @quoted, @now, @now)`,
      ).run({ ...row, quoted, now: now.toISOString() });
      return "new";
    }
    if (existing.version > row.version || (existing.updated_at && row.updated_at && existing.updated_at > row.updated_at)) return "same";
    const changed =
      existing.version !== row.version || existing.raw !== row.raw || existing.cooked !== row.cooked || existing.likes !== row.likes || existing.deleted_at !== row.deleted_at || existing.username !== row.username || existing.hidden !== row.hidden;
    if (!changed) return "same";
    this.sql(
      `UPDATE posts SET post_number = @post_number, post_type = @post_type, username = @username, name = @name, raw = @raw, cooked = @cooked,
         reply_to_post_number = @reply_to_post_number, updated_at = @updated_at, version = @version, likes = @likes, deleted_at = @deleted_at, hidden = @hidden,
         quoted_post_number = @quoted, last_changed_at = @now
       WHERE post_id = @post_id`,
    ).run({ ...row, quoted, now: now.toISOString() });
    return "changed";
  }

  markDeleted(postId: number, now: Date): boolean {
    return this.sql("UPDATE posts SET deleted_at = ?, last_changed_at = ? WHERE post_id = ? AND deleted_at IS NULL").run(now.toISOString(), now.toISOString(), postId).changes === 1;
  }

  ofTopic(topicId: number): PostRow[] {
    return this.sql("SELECT * FROM posts WHERE topic_id = ? ORDER BY post_number").all(topicId) as PostRow[];
  }

  /** The highest post number stored for a topic (0 when none). */
  highestPostNumber(topicId: number): number {
    return (this.sql("SELECT COALESCE(MAX(post_number), 0) AS n FROM posts WHERE topic_id = ?").get(topicId) as { n: number }).n;
  }

  /** Ids and deletion marks of a topic's posts: what a reconciliation compares, without the text. */
  idsOfTopic(topicId: number): { post_id: number; deleted_at: string | null }[] {
    return this.sql("SELECT post_id, deleted_at FROM posts WHERE topic_id = ?").all(topicId) as { post_id: number; deleted_at: string | null }[];
  }

  /** Participants' live replies of a topic, seeded ones left out: the counts status and pages show, counted by SQLite over the covering index. */
  replyCounts(topicId: number, seededIds: readonly number[]): { replies: number; participants: number; lastReplyAt: string | null } {
    return this.sql(
      `SELECT COUNT(*) AS replies, COUNT(DISTINCT username) AS participants, MAX(created_at) AS lastReplyAt FROM posts
       WHERE topic_id = @topic AND post_number > 1 AND post_type = 1 AND deleted_at IS NULL AND hidden = 0
         AND post_id NOT IN (SELECT value FROM json_each(@seeded))`,
    ).get({ topic: topicId, seeded: JSON.stringify(seededIds) }) as { replies: number; participants: number; lastReplyAt: string | null };
  }

  upsertPolls(topicId: number, postId: number, polls: Poll[], now: Date): void {
    const stmt = this.sql(
      `INSERT INTO polls (topic_id, post_id, name, voters, options_json, fetched_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(post_id, name) DO UPDATE SET voters = excluded.voters, options_json = excluded.options_json, fetched_at = excluded.fetched_at`,
    );
    for (const p of polls) stmt.run(topicId, postId, p.name, p.voters, JSON.stringify(p.options.map((o) => ({ html: o.html, votes: o.votes ?? null }))), now.toISOString());
  }

  pollsOfTopic(topicId: number): PollRow[] {
    return (this.sql("SELECT * FROM polls WHERE topic_id = ?").all(topicId) as (Omit<PollRow, "options"> & { options_json: string })[]).map(({ options_json, ...r }) => ({
      ...r,
      options: JSON.parse(options_json) as PollRow["options"],
    }));
  }
}
