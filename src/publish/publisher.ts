import { DiscourseHttpError, isOutcomeUnknown } from "../discourse/errors.ts";
import { isEnqueued, type Forum } from "../discourse/forum.ts";
import type { Post, Topic } from "../discourse/schemas.ts";
import type { Logger } from "../log.ts";
import type { Plan, PlanThread } from "../plan/schema.ts";
import { PermanentFailure } from "../runner/failures.ts";
import type { Store } from "../store/store.ts";
import type { SeededRow } from "../store/threads.ts";
import { prepareForum } from "./provision.ts";
import { counterargumentBody, threadBody, topicMarker } from "./render.ts";

/** A claim older than this belonged to a process that died; so does a topic's half-done release by another store. */
export const CLAIM_LEASE_MS = 10 * 60_000;

export type PublishEvent =
  | { type: "topic_created"; threadId: string; topicId: number; reconciled: boolean }
  | { type: "reply_created"; threadId: string; idx: number; postId: number; reconciled: boolean }
  | { type: "published"; threadId: string; catchUp: boolean };

/** What a release needs from the run: the store, the forum, who we are, and a per-run cache. */
export interface ReleaseContext {
  store: Store;
  forum: Forum;
  log: Logger;
  now: () => Date;
  /** host:pid:uuid of this process, for claims. */
  owner: string;
  ownerIsGone: (claimedBy: string) => boolean;
  /** Per-run memo of what prepareForum learned (category ids, accounts checked). */
  prepared: Map<string, Promise<number | null>>;
  /** The forum's identity, to remember per forum which accounts were set up. */
  forumKey: string;
  onEvent?: (e: PublishEvent) => void;
}

export type ReleaseOutcome = "released" | "busy" | "waiting";

/**
 * Releases one thread, exactly once, whatever crashes or lost answers came before. The thread
 * is claimed in the store before any write; a create is sent without looking first unless the
 * store says an earlier attempt's outcome is unknown (so a normal release costs exactly one
 * create per topic and per reply); the topic carries an external_id and each seeded reply a
 * hidden marker, which is how an attempt in doubt finds what already landed.
 */
export async function releaseThread(ctx: ReleaseContext, plan: Plan, item: { threadId: string; at: number; missed: boolean }): Promise<ReleaseOutcome> {
  const { store, forum, log } = ctx;
  const s = plan.seminar;
  const claim = store.threads.claim(s.id, item.threadId, ctx.owner, ctx.now(), CLAIM_LEASE_MS, ctx.ownerIsGone);
  if (!claim.claimed) {
    log.info({ seminar: s.id, thread: item.threadId, heldBy: claim.heldBy }, "another process is releasing this thread; leaving it to it");
    return "busy";
  }
  const thread = plan.threads.find((t) => t.id === item.threadId)!;
  const categoryId = await prepareForum(ctx, plan);
  let row = store.threads.row(s.id, item.threadId)!;

  let topic: Topic | null = null;
  if (row.topic_id === null) {
    const found = await createTopicOnce(ctx, plan, thread, row.external_id, categoryId, claim.inDoubt);
    topic = found.topic;
    store.threads.recordTopic(s.id, thread.id, { topicId: found.topicId, slug: found.slug, firstPostId: found.firstPostId, createdHere: found.createdHere });
    ctx.onEvent?.({ type: "topic_created", threadId: thread.id, topicId: found.topicId, reconciled: found.reconciled });
    log.info({ seminar: s.id, thread: thread.id, topicId: found.topicId, reconciled: found.reconciled }, "thread topic created");
    row = store.threads.row(s.id, item.threadId)!;
  }
  const topicId = row.topic_id!;

  const seeded = store.threads.seeded(s.id, thread.id).filter((x) => x.idx < thread.counterarguments.length);
  const missing = seeded.filter((x) => x.post_id === null);
  if (missing.length) {
    let onForum: Map<string, { id: number; post_number: number }> | undefined;
    const look = async () => (onForum = await seededRepliesOnForum(forum, topicId, s.counterargument_poster));
    if (!row.created_here) {
      // Another store (a second service on this forum, or this one before its store was lost)
      // made the topic. If it is young, its owner is still at work: posting now would double its replies.
      topic ??= await forum.getTopic(topicId);
      const lastActivity = Date.parse(topic.last_posted_at ?? topic.created_at ?? "") || 0;
      if (ctx.now().getTime() - lastActivity < CLAIM_LEASE_MS) {
        log.warn({ seminar: s.id, thread: thread.id, topicId }, "another service released this topic moments ago (is a second service with its own store running against this forum?); leaving its replies to it");
        throw new OtherPublisherActive(new Date(lastActivity + CLAIM_LEASE_MS));
      }
      await look();
    } else if (missing.some((x) => x.attempted_at !== null)) {
      await look();
    }
    for (const x of missing) {
      const known = onForum?.get(x.marker);
      const post = known ? { ...known, reconciled: true } : await createSeededReply(ctx, plan, thread, topicId, x, seeded.length, look);
      store.threads.recordSeededReply(s.id, thread.id, x.idx, post);
      ctx.onEvent?.({ type: "reply_created", threadId: thread.id, idx: x.idx, postId: post.id, reconciled: post.reconciled });
    }
  }
  store.threads.markReleased(s.id, thread.id, { at: ctx.now(), scheduledFor: item.at, catchUp: item.missed });
  ctx.onEvent?.({ type: "published", threadId: thread.id, catchUp: item.missed });
  log.info({ seminar: s.id, thread: thread.id, topicId, catchUp: item.missed }, "thread released");
  return "released";
}

/** Another store's service is mid-release of this topic: not a failure of ours, a wait. */
export class OtherPublisherActive extends Error {
  override name = "OtherPublisherActive";
  constructor(readonly until: Date) {
    super(`another service is releasing this topic; checking again after ${until.toISOString()}`);
  }
}

async function createTopicOnce(
  ctx: ReleaseContext,
  plan: Plan,
  thread: PlanThread,
  externalId: string,
  categoryId: number | null,
  inDoubt: boolean,
): Promise<{ topicId: number; slug: string | null; firstPostId: number | null; createdHere: boolean; reconciled: boolean; topic: Topic | null }> {
  const { forum } = ctx;
  const fromTopic = (t: Topic, createdHere: boolean) => ({ topicId: t.id, slug: t.slug, firstPostId: t.post_stream.posts[0]?.id ?? null, createdHere, reconciled: true, topic: t });
  if (inDoubt) {
    // An earlier attempt sent this create and never learned how it went: look before writing.
    const t = await forum.getTopicByExternalId(externalId);
    if (t) return fromTopic(t, true);
  }
  const released = plan.threads.filter((t) => !t.skip);
  let created;
  try {
    created = await forum.createTopic(
      {
        title: thread.title,
        raw: `${threadBody(plan, thread, released.indexOf(thread), released.length)}\n\n${topicMarker(externalId)}`,
        external_id: externalId,
        ...(categoryId !== null ? { category: categoryId } : {}),
        ...(plan.seminar.tags.length ? { tags: plan.seminar.tags } : {}),
      },
      { asUser: plan.seminar.poster },
    );
  } catch (e) {
    // A lost answer may hide a topic that landed; a 422 may mean our external_id is taken
    // (another service, or a rerun after a lost store). One lookup settles both, without
    // reading the forum's (translated) message.
    const unknown = isOutcomeUnknown(e);
    if (!unknown && !(e instanceof DiscourseHttpError && e.status === 422)) throw e;
    const t = await forum.getTopicByExternalId(externalId);
    if (t) return fromTopic(t, unknown);
    if (!unknown) {
      throw new PermanentFailure(`${(e as Error).message} (if a deleted topic still holds external_id ${externalId}, restore it on the forum or give the thread another id)`);
    }
    throw e;
  }
  if (isEnqueued(created)) throw new PermanentFailure(`the forum queued "${thread.title}" for approval; approve it in the review queue, then retry the thread`);
  const post = created as Post;
  if (!post.topic_id) throw new PermanentFailure(`the forum did not say which topic it created for ${thread.id}`);
  return { topicId: post.topic_id, slug: post.topic_slug ?? null, firstPostId: post.id, createdHere: true, reconciled: false, topic: null };
}

async function createSeededReply(
  ctx: ReleaseContext,
  plan: Plan,
  thread: PlanThread,
  topicId: number,
  x: SeededRow,
  total: number,
  look: () => Promise<Map<string, { id: number; post_number: number }>>,
): Promise<{ id: number; post_number: number; reconciled: boolean }> {
  const { store, forum } = ctx;
  const s = plan.seminar;
  store.threads.markSeededAttempt(s.id, thread.id, x.idx, ctx.now());
  try {
    const created = await forum.createReply({ topic_id: topicId, raw: counterargumentBody(x.text, x.source, x.idx, total, x.marker) }, { asUser: s.counterargument_poster });
    if (isEnqueued(created)) throw new PermanentFailure(`the forum queued a counterargument of "${thread.title}" for approval; approve it, then retry the thread`);
    return { id: (created as Post).id, post_number: (created as Post).post_number, reconciled: false };
  } catch (e) {
    if (!isOutcomeUnknown(e)) {
      store.threads.clearSeededAttempt(s.id, thread.id, x.idx);
      throw e;
    }
    const found = (await look()).get(x.marker);
    if (!found) throw e;
    return { ...found, reconciled: true };
  }
}

/**
 * Seeded replies already on the forum, found by the marker at the end of their raw. Only posts
 * by the counterargument account count, and the earliest wins: a participant who quotes a whole
 * seeded reply (Discourse's composer copies the raw, marker included) must never take its place.
 * A deleted one the forum still lists counts as posted.
 */
export async function seededRepliesOnForum(forum: Forum, topicId: number, poster: string): Promise<Map<string, { id: number; post_number: number }>> {
  const out = new Map<string, { id: number; post_number: number }>();
  const ours = poster.toLowerCase();
  const posts = (await forum.allPosts(topicId, { includeDeleted: true })).sort((a, b) => a.post_number - b.post_number);
  for (const p of posts) {
    if ((p.username ?? "").toLowerCase() !== ours) continue;
    const m = /<!-- (discourse-seminar:[\w-]+\/[\w-]+\/ca-\d+) -->\s*$/.exec(p.raw ?? "");
    if (m && !out.has(m[1]!)) out.set(m[1]!, { id: p.id, post_number: p.post_number });
  }
  return out;
}
