import { isOutcomeUnknown } from "../discourse/errors.ts";
import { isEnqueued, type Forum } from "../discourse/forum.ts";
import type { Post } from "../discourse/schemas.ts";
import type { Plan } from "../plan/schema.ts";
import type { Db } from "../store/db.ts";
import { pollsOfTopic, postsOfTopic } from "../store/posts.ts";
import { seededOf, threadsOf } from "../store/seminars.ts";
import { computeDigest, type Digest, type DigestInput } from "./compute.ts";
import { renderDigestMarkdown } from "./render.ts";

export interface StoredDigest {
  id: number;
  seminar_id: string;
  created_at: string;
  since: string | null;
  until: string;
  markdown: string;
  data: Digest;
  posted_topic_id: number | null;
  posted_post_id: number | null;
}

export function lastDigest(db: Db, seminarId: string): StoredDigest | undefined {
  const row = db.prepare("SELECT * FROM digests WHERE seminar_id = ? ORDER BY id DESC LIMIT 1").get(seminarId) as (Omit<StoredDigest, "data"> & { data_json: string }) | undefined;
  return row ? { ...row, data: JSON.parse(row.data_json) as Digest } : undefined;
}

export function recentDigests(db: Db, limit = 20): StoredDigest[] {
  return (db.prepare("SELECT * FROM digests ORDER BY id DESC LIMIT ?").all(limit) as (Omit<StoredDigest, "data"> & { data_json: string })[]).map((r) => ({ ...r, data: JSON.parse(r.data_json) as Digest }));
}

/** Gathers the store's view of one seminar for computeDigest. */
export function digestInput(db: Db, plan: Plan, o: { since: string | null; until: Date; forumUrl: string }): DigestInput {
  const rows = threadsOf(db, plan.seminar.id).filter((t) => t.topic_id !== null);
  return {
    seminarId: plan.seminar.id,
    title: plan.seminar.title,
    since: o.since,
    until: o.until.toISOString(),
    forumUrl: o.forumUrl,
    counterargumentPoster: plan.seminar.counterargument_poster,
    threads: rows.map((t) => {
      const poll = pollsOfTopic(db, t.topic_id!).find((p) => p.name === "stance");
      return {
        threadId: t.thread_id,
        title: t.title,
        topicId: t.topic_id!,
        slug: t.topic_slug,
        seeded: seededOf(db, t.seminar_id, t.thread_id).map((s) => ({ idx: s.idx, text: s.text, postId: s.post_id, postNumber: s.post_number })),
        posts: postsOfTopic(db, t.topic_id!).map((p) => ({
          postId: p.post_id,
          postNumber: p.post_number,
          postType: p.post_type,
          username: p.username,
          raw: p.raw,
          cooked: p.cooked,
          replyTo: p.reply_to_post_number,
          createdAt: p.created_at,
          likes: p.likes,
          deletedAt: p.deleted_at,
          version: p.version,
          lastChangedAt: p.last_changed_at,
          firstSeenAt: p.first_seen_at,
        })),
        poll: poll ? { voters: poll.voters, options: poll.options.map((o) => ({ text: o.html.replace(/<[^>]+>/g, ""), votes: o.votes })) } : null,
      };
    }),
  };
}

/**
 * Builds the digest of what is new since the last one and, unless `dryRun`, records it so the
 * next digest starts where this one ends.
 */
export function buildDigest(db: Db, plan: Plan, o: { now?: Date; forumUrl: string; dryRun?: boolean }): StoredDigest {
  const now = o.now ?? new Date();
  const since = lastDigest(db, plan.seminar.id)?.until ?? null;
  const data = computeDigest(digestInput(db, plan, { since, until: now, forumUrl: o.forumUrl }));
  const markdown = renderDigestMarkdown(data);
  const row = { seminar_id: plan.seminar.id, created_at: now.toISOString(), since, until: now.toISOString(), markdown, data, posted_topic_id: null, posted_post_id: null };
  if (o.dryRun) return { id: 0, ...row };
  const res = db
    .prepare("INSERT INTO digests (seminar_id, created_at, since, until, markdown, data_json) VALUES (?, ?, ?, ?, ?, ?)")
    .run(row.seminar_id, row.created_at, row.since, row.until, markdown, JSON.stringify(data));
  return { id: Number(res.lastInsertRowid), ...row };
}

/**
 * Posts a digest as a reply in the seminar's digest topic, made once (by external_id) and
 * reused. A lost answer is not retried blindly: the digest row keeps no post id and the
 * caller is told, so a moderator never finds the same digest twice.
 */
export async function postDigest(db: Db, forum: Forum, plan: Plan, digest: StoredDigest): Promise<{ topicId: number; postId: number | null }> {
  const externalId = `ds-${plan.seminar.id}-digests`;
  let topic = await forum.getTopicByExternalId(externalId);
  let topicId = topic?.id;
  let postId: number | null = null;
  if (!topicId) {
    try {
      const created = await forum.createTopic({
        title: `Reply digests: ${plan.seminar.title}`.slice(0, 250),
        raw: `${digest.markdown}\n\n<!-- discourse-seminar:digest:${digest.id} -->`,
        external_id: externalId,
      });
      if (isEnqueued(created)) throw new Error("the forum queued the digest for approval");
      topicId = (created as Post).topic_id!;
      postId = (created as Post).id;
    } catch (e) {
      if (!isOutcomeUnknown(e)) throw e;
      topic = await forum.getTopicByExternalId(externalId);
      if (!topic) throw e;
      topicId = topic.id;
      postId = topic.post_stream.posts[0]?.id ?? null;
    }
  } else {
    const created = await forum.createReply({ topic_id: topicId, raw: `${digest.markdown}\n\n<!-- discourse-seminar:digest:${digest.id} -->` });
    if (isEnqueued(created)) throw new Error("the forum queued the digest for approval");
    postId = (created as Post).id;
  }
  if (digest.id) db.prepare("UPDATE digests SET posted_topic_id = ?, posted_post_id = ? WHERE id = ?").run(topicId, postId, digest.id);
  return { topicId, postId };
}
