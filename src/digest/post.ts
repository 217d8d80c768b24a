import { DiscourseHttpError, isOutcomeUnknown } from "../discourse/errors.ts";
import { isEnqueued, type Forum } from "../discourse/forum.ts";
import type { Post } from "../discourse/schemas.ts";
import type { Logger } from "../log.ts";
import { digestMarker, digestTopicExternalId } from "../plan/ids.ts";
import type { Plan } from "../plan/schema.ts";
import { PermanentFailure } from "../runner/failures.ts";
import type { Store } from "../store/store.ts";

/** A digest claim older than this belonged to a process that died mid-post. */
const DIGEST_LEASE_MS = 10 * 60_000;

export interface DigestPostContext {
  store: Store;
  forum: Forum;
  log: Logger;
  now: () => Date;
  owner: string;
  /** The account digests are posted as (the plan's poster, else the API key's user). */
  poster: string;
}

/**
 * Posts a built digest into the seminar's digest topic, exactly once. The post ends with a
 * hidden marker naming the digest's key; before writing, the last posts of the topic are read
 * and a post by our own account carrying the key means it is already there (a lost answer, a
 * lost store, a second service). Only our account is trusted with the marker: anyone can quote it.
 */
export async function postDigest(ctx: DigestPostContext, plan: Plan, digestId: number): Promise<"posted" | "found" | "busy"> {
  const { store, forum, log } = ctx;
  const d = store.digests.get(digestId);
  if (!d || d.post_state === "posted") return "found";
  if (!store.digests.claimPost(digestId, ctx.owner, ctx.now(), DIGEST_LEASE_MS).claimed) return "busy";
  const marker = digestMarker(d.key);
  const raw = `${d.markdown}\n\n<!-- ${marker} -->`;
  const s = plan.seminar;

  let topicId = store.seminars.get(s.id)?.digest_topic_id ?? null;
  if (topicId === null) {
    const t = await forum.getTopicByExternalId(digestTopicExternalId(s.id));
    // Digests posted before external ids were unambiguous live where the store last put one.
    topicId = t?.id ?? store.digests.recent(50, s.id).find((x) => x.posted_topic_id !== null)?.posted_topic_id ?? null;
    if (t) store.seminars.setDigestTopic(s.id, t.id, t.slug);
  }

  if (topicId !== null) {
    const already = await findMarkedPost(forum, topicId, marker, ctx.poster);
    if (already) {
      store.digests.markPosted(digestId, topicId, already);
      log.info({ seminar: s.id, digest: d.key, postId: already }, "digest was already on the forum; not posting it again");
      return "found";
    }
    const created = await forum.createReply({ topic_id: topicId, raw }, { asUser: s.poster });
    if (isEnqueued(created)) throw new PermanentFailure("the forum queued the digest for approval; approve it in the review queue");
    store.digests.markPosted(digestId, topicId, (created as Post).id);
  } else {
    const externalId = digestTopicExternalId(s.id);
    try {
      const created = await forum.createTopic({ title: `Reply digests: ${s.title}`.slice(0, 250), raw, external_id: externalId }, { asUser: s.poster });
      if (isEnqueued(created)) throw new PermanentFailure("the forum queued the digest topic for approval; approve it in the review queue");
      const post = created as Post;
      store.seminars.setDigestTopic(s.id, post.topic_id!, post.topic_slug ?? null);
      store.digests.markPosted(digestId, post.topic_id!, post.id);
    } catch (e) {
      if (!isOutcomeUnknown(e) && !(e instanceof DiscourseHttpError && e.status === 422)) throw e;
      const t = await forum.getTopicByExternalId(externalId);
      if (!t) throw e;
      store.seminars.setDigestTopic(s.id, t.id, t.slug);
      // Ours (a lost answer) or another service's topic: either way the marker tells whether this digest is in it.
      const already = await findMarkedPost(forum, t.id, marker, ctx.poster);
      if (!already) throw e;
      store.digests.markPosted(digestId, t.id, already);
      return "found";
    }
  }
  log.info({ seminar: s.id, digest: d.key }, "digest posted");
  return "posted";
}

/** The id of the post by `poster` in the topic's last posts that ends with the marker, if any. */
async function findMarkedPost(forum: Forum, topicId: number, marker: string, poster: string): Promise<number | null> {
  const tail = `<!-- ${marker} -->`;
  for (const p of await forum.lastPosts(topicId, 40)) {
    if ((p.username ?? "").toLowerCase() === poster.toLowerCase() && (p.raw ?? "").trimEnd().endsWith(tail)) return p.id;
  }
  return null;
}
