import type { Plan } from "../plan/schema.ts";
import type { Store } from "../store/store.ts";
import { computeDigest, NAMES_KEPT, NEW_REPLIES_KEPT, TOP_POSTS_KEPT, type Digest, type DigestInput, type ReplyRow, type ThreadInput } from "./compute.ts";
import { fitDigestMarkdown } from "./fit.ts";
import { tallyThread, type RankedReply } from "./tally.ts";

/**
 * Gathers the store's view of one seminar for computeDigest, reading only what a digest shows:
 * each thread's replies are counted and ranked from their bookkeeping (tally.ts, one pass over an
 * index, no text), and reply text is read only for the few replies shown. Memory follows the
 * largest thread, not the seminar.
 */
export function digestInput(store: Store, plan: Plan, o: { since: string | null; until: Date; forumUrl: string; dashboardUrl?: string | null }): DigestInput {
  const rows = store.threads.withTopics(plan.seminar.id);
  const views = store.digestViews;
  const since = o.since;
  const everyone = new Set<string>();
  const limits = { names: NAMES_KEPT, newReplies: NEW_REPLIES_KEPT, topPosts: TOP_POSTS_KEPT };
  const threads = rows.map((t): ThreadInput => {
    const topicId = t.topic_id!;
    const seeded = store.threads.seeded(t.seminar_id, t.thread_id).map((s) => ({ idx: s.idx, text: s.text, postId: s.post_id, postNumber: s.post_number }));
    const seededIds = seeded.map((s) => s.postId).filter((x): x is number => x !== null);
    const poll = store.posts.pollsOfTopic(topicId).find((p) => p.name === "stance");
    const tally = tallyThread(
      views.replyFacts(topicId, seededIds),
      since,
      seeded.map((s) => s.postNumber).filter((x): x is number => x !== null),
      limits,
    );
    for (const name of tally.names) everyone.add(name);
    // Text is read for the replies shown, once each even when a reply is both new and a top post.
    const shown = [...tally.newReplies, ...tally.topPosts];
    const text = new Map(views.repliesById(topicId, [...new Set(shown.map((r) => r.postId))]).map((r) => [r.postId, r]));
    const withText = (rs: RankedReply[]): ReplyRow[] => rs.map((r) => ({ ...text.get(r.postId)!, replies: r.replies }));
    return {
      threadId: t.thread_id,
      title: t.title,
      topicId,
      slug: t.topic_slug,
      seeded,
      figures: tally.figures,
      participants: tally.participants,
      newParticipants: tally.newParticipants,
      newReplies: withText(tally.newReplies),
      topPosts: withText(tally.topPosts),
      repliesToSeeded: tally.repliesToSeeded,
      poll: poll ? { voters: poll.voters, options: poll.options.map((x) => ({ text: x.html.replace(/<[^>]+>/g, ""), votes: x.votes })) } : null,
    };
  });
  return {
    seminarId: plan.seminar.id,
    title: plan.seminar.title,
    since,
    until: o.until.toISOString(),
    forumUrl: o.forumUrl,
    dashboardUrl: o.dashboardUrl ?? null,
    counterargumentPoster: plan.seminar.counterargument_poster,
    participants: everyone.size,
    threads,
  };
}

export interface ComposedDigest {
  since: string | null;
  until: string;
  data: Digest;
  markdown: string;
}

export interface DigestOptions {
  now: Date;
  forumUrl: string;
  /** The service's dashboard, linked for the figures a post has no room for (the service knows its URL). */
  dashboardUrl?: string | null;
}

/**
 * What is new since the last recorded digest, up to `now`: computed, rendered to fit one forum
 * post (fitDigestMarkdown), not recorded.
 */
export function composeDigest(store: Store, plan: Plan, o: DigestOptions): ComposedDigest {
  const since = store.digests.lastUntil(plan.seminar.id);
  const data = computeDigest(digestInput(store, plan, { since, until: o.now, forumUrl: o.forumUrl, dashboardUrl: o.dashboardUrl }));
  return { since, until: o.now.toISOString(), data, markdown: fitDigestMarkdown(data) };
}

/** A scheduled digest is named by its slot, one asked for by hand by its end: the key a rerun finds again. */
export function digestKey(seminarId: string, o: { slot: number | null; until: string }): string {
  return o.slot !== null ? `${seminarId}/${new Date(o.slot).toISOString()}` : `${seminarId}/at-${o.until}`;
}

/**
 * Builds and records a digest: its window is fixed from here on. Returns its id, or the id of
 * the digest already recorded under the same key (a second build of one slot is a no-op).
 */
export function buildDigest(store: Store, plan: Plan, o: DigestOptions & { slot: number | null; postWanted: boolean }): { id: number; fresh: boolean } {
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

/** The seminar's console page at the dashboard's public address, or null when forum readers cannot reach it. */
export function seminarPage(deps: { dashboardUrl?: string }, seminarId: string): string | null {
  return deps.dashboardUrl ? `${deps.dashboardUrl}/seminars/${encodeURIComponent(seminarId)}` : null;
}
