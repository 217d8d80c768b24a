import type { Plan } from "../plan/schema.ts";
import type { Store } from "../store/store.ts";
import { computeDigest, type Digest, type DigestInput } from "./compute.ts";
import { renderDigestMarkdown } from "./render.ts";

/** Gathers the store's view of one seminar for computeDigest. */
export function digestInput(store: Store, plan: Plan, o: { since: string | null; until: Date; forumUrl: string }): DigestInput {
  const rows = store.threads.withTopics(plan.seminar.id);
  return {
    seminarId: plan.seminar.id,
    title: plan.seminar.title,
    since: o.since,
    until: o.until.toISOString(),
    forumUrl: o.forumUrl,
    counterargumentPoster: plan.seminar.counterargument_poster,
    threads: rows.map((t) => {
      const poll = store.posts.pollsOfTopic(t.topic_id!).find((p) => p.name === "stance");
      return {
        threadId: t.thread_id,
        title: t.title,
        topicId: t.topic_id!,
        slug: t.topic_slug,
        seeded: store.threads.seeded(t.seminar_id, t.thread_id).map((s) => ({ idx: s.idx, text: s.text, postId: s.post_id, postNumber: s.post_number })),
        posts: store.posts.ofTopic(t.topic_id!).map((p) => ({
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
          hidden: p.hidden === 1,
          version: p.version,
          lastChangedAt: p.last_changed_at,
          firstSeenAt: p.first_seen_at,
        })),
        poll: poll ? { voters: poll.voters, options: poll.options.map((o) => ({ text: o.html.replace(/<[^>]+>/g, ""), votes: o.votes })) } : null,
      };
    }),
  };
}

export interface ComposedDigest {
  since: string | null;
  until: string;
  data: Digest;
  markdown: string;
}

/** What is new since the last recorded digest, up to `now`: computed, rendered, not recorded. */
export function composeDigest(store: Store, plan: Plan, o: { now: Date; forumUrl: string }): ComposedDigest {
  const since = store.digests.lastUntil(plan.seminar.id);
  const data = computeDigest(digestInput(store, plan, { since, until: o.now, forumUrl: o.forumUrl }));
  return { since, until: o.now.toISOString(), data, markdown: renderDigestMarkdown(data) };
}

/** A scheduled digest is named by its slot, one asked for by hand by its end: the key a rerun finds again. */
export function digestKey(seminarId: string, o: { slot: number | null; until: string }): string {
  return o.slot !== null ? `${seminarId}/${new Date(o.slot).toISOString()}` : `${seminarId}/at-${o.until}`;
}

/**
 * Builds and records a digest: its window is fixed from here on. Returns its id, or the id of
 * the digest already recorded under the same key (a second build of one slot is a no-op).
 */
export function buildDigest(store: Store, plan: Plan, o: { now: Date; forumUrl: string; slot: number | null; postWanted: boolean }): { id: number; fresh: boolean } {
  const d = composeDigest(store, plan, o);
  const key = digestKey(plan.seminar.id, { slot: o.slot, until: d.until });
  const id = store.digests.recordBuilt({
    seminarId: plan.seminar.id,
    key,
    slot: o.slot !== null ? new Date(o.slot).toISOString() : null,
    since: d.since,
    until: d.until,
    markdown: d.markdown,
    data: d.data,
    postWanted: o.postWanted,
    now: o.now,
  });
  return id !== undefined ? { id, fresh: true } : { id: store.digests.byKey(key)!.id, fresh: false };
}
