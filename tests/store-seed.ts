/**
 * Released seminars written straight into a store, through its own API and without a forum:
 * what webhook and digest tests (and the benchmarks) start from. No test framework imports, so
 * bench/ can use it too.
 */
import type { Post } from "../src/discourse/schemas.ts";
import { planSchema, type Plan } from "../src/plan/schema.ts";
import type { Store } from "../src/store/store.ts";

export interface SeededThread {
  threadId: string;
  topicId: number;
  slug: string;
  /** The seeded counterarguments as posted: post ids and numbers 2, 3, ... */
  seeded: { postId: number; postNumber: number }[];
}

/** A plan of `threads` threads with `counterarguments` each, as if released on the forum (topics `topicBase + i`). */
export function releasedSeminar(
  store: Store,
  o: { seminarId?: string; threads?: number; counterarguments?: number; topicBase?: number; poster?: string; at?: Date } = {},
): { plan: Plan; threads: SeededThread[]; posterName: string } {
  const seminarId = o.seminarId ?? "sem";
  const n = o.threads ?? 1;
  const k = o.counterarguments ?? 2;
  const topicBase = o.topicBase ?? 1000;
  const at = o.at ?? new Date("2026-12-01T09:00:00.000Z");
  const poster = o.poster ?? "devils_advocate";
  const plan = planSchema.parse({
    seminar: { id: seminarId, title: `Seminar ${seminarId}`, counterargument_poster: poster },
    threads: Array.from({ length: n }, (_, i) => ({
      id: `rec-${i + 1}`,
      title: `Recommendation number ${i + 1} of the seminar`,
      recommendation: `Recommendation ${i + 1}.`,
      poll: { question: "Where do you stand?", options: ["Agree", "Disagree"] },
      counterarguments: Array.from({ length: k }, (_, j) => ({ text: `Objection ${j + 1} to recommendation ${i + 1}: “it would cost more than it saves, by the document's own figures”.` })),
    })),
  });
  store.seminars.syncPlan(plan, `${seminarId}.yaml`, at);
  const threads = plan.threads.map((t, i): SeededThread => {
    const topicId = topicBase + i;
    const slug = `recommendation-number-${i + 1}`;
    const firstPostId = topicId * 10_000 + 1;
    store.threads.recordTopic(seminarId, t.id, { topicId, slug, firstPostId, createdHere: true });
    store.posts.upsert(forumPost({ id: firstPostId, topicId, postNumber: 1, username: "system", raw: t.recommendation, createdAt: at.toISOString() }), topicId, at);
    const seeded = t.counterarguments.map((c, j) => {
      const post = { postId: firstPostId + 1 + j, postNumber: 2 + j };
      store.threads.recordSeededReply(seminarId, t.id, j, { id: post.postId, post_number: post.postNumber });
      store.posts.upsert(forumPost({ id: post.postId, topicId, postNumber: post.postNumber, username: poster, raw: c.text, createdAt: at.toISOString() }), topicId, at);
      return post;
    });
    store.threads.markReleased(seminarId, t.id, { at, scheduledFor: null, catchUp: false });
    return { threadId: t.id, topicId, slug, seeded };
  });
  return { plan, threads, posterName: poster };
}

/** A post as Discourse's JSON (webhook payload or topic read) shows it. */
export function forumPost(p: {
  id: number;
  topicId: number;
  postNumber: number;
  username: string | null;
  raw: string;
  createdAt: string;
  replyTo?: number | null;
  likes?: number;
  postType?: number;
  hidden?: boolean;
  deletedAt?: string | null;
  version?: number;
  updatedAt?: string;
}): Post {
  return {
    id: p.id,
    topic_id: p.topicId,
    post_number: p.postNumber,
    post_type: p.postType ?? 1,
    username: p.username,
    name: null,
    created_at: p.createdAt,
    updated_at: p.updatedAt ?? p.createdAt,
    cooked: `<p>${p.raw.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</p>`,
    raw: p.raw,
    reply_to_post_number: p.replyTo ?? null,
    version: p.version ?? 1,
    deleted_at: p.deletedAt ?? null,
    hidden: p.hidden ?? false,
    actions_summary: p.likes ? [{ id: 2, count: p.likes }] : [],
  } as Post;
}
