import type { Forum } from "../discourse/forum.ts";
import type { Topic } from "../discourse/schemas.ts";
import type { Logger } from "../log.ts";
import type { Plan } from "../plan/schema.ts";
import type { Store } from "../store/store.ts";

/** The external_id scheme before ids were length-prefixed; topics released then still carry it. */
const legacyExternalId = (seminarId: string, threadId: string) => `ds-${seminarId}-${threadId}`;

/**
 * The first time a store sees a seminar, the forum may already hold its topics (the store was
 * lost, or the data dir is new). Looks up the thread that would have been released first; only
 * if it exists are the others looked up, so a new seminar costs one or two reads, once.
 * Found topics are recorded as released by another store, with their seeded replies as far as
 * the opening chunk shows them; the publisher finishes what is missing.
 */
export async function reconcileSeminar(ctx: { store: Store; forum: Forum; log: Logger }, plan: Plan): Promise<number> {
  const { store, forum, log } = ctx;
  const s = plan.seminar;
  const candidates = plan.threads.filter((t) => !t.skip);
  const first = candidates.find((t) => !t.release_at) ?? candidates[0];
  const order = first ? [first, ...candidates.filter((t) => t !== first)] : [];
  let found = 0;
  let earliest: string | null = null;
  for (const t of order) {
    const row = store.threads.row(s.id, t.id);
    if (!row || row.topic_id !== null) continue;
    const topic = (await forum.getTopicByExternalId(row.external_id)) ?? (await forum.getTopicByExternalId(legacyExternalId(s.id, t.id)));
    if (!topic) {
      // Nothing of the first thread on the forum: the seminar was never released here.
      if (t === first && !t.release_at) break;
      continue;
    }
    found++;
    recordFound(store, plan, t.id, topic);
    if (topic.created_at && (earliest === null || topic.created_at < earliest)) earliest = topic.created_at;
  }
  if (found) {
    log.warn({ seminar: s.id, topics: found }, "the forum already had topics of this seminar that the store did not know (a lost or new store); they stay released");
    const seminar = store.seminars.get(s.id)!;
    if (s.starts === "first-run" && earliest && earliest < seminar.first_seen_at) store.seminars.setFirstSeen(s.id, earliest);
  }
  store.seminars.markReconciled(s.id, new Date());
  return found;
}

function recordFound(store: Store, plan: Plan, threadId: string, topic: Topic): void {
  const s = plan.seminar;
  store.transaction(() => {
    store.threads.recordTopic(s.id, threadId, { topicId: topic.id, slug: topic.slug, firstPostId: topic.post_stream.posts[0]?.id ?? null, createdHere: false });
    const poster = s.counterargument_poster.toLowerCase();
    const seeded = store.threads.seeded(s.id, threadId);
    const byMarker = new Map(seeded.map((x) => [x.marker, x]));
    let complete = true;
    const posts = [...topic.post_stream.posts].sort((a, b) => a.post_number - b.post_number);
    const filled = new Set<string>();
    for (const p of posts) {
      if ((p.username ?? "").toLowerCase() !== poster) continue;
      const m = /<!-- (discourse-seminar:[\w-]+\/[\w-]+\/ca-\d+) -->\s*$/.exec(p.raw ?? "");
      const x = m ? byMarker.get(m[1]!) : undefined;
      if (x && !filled.has(x.marker)) {
        filled.add(x.marker);
        store.threads.recordSeededReply(s.id, threadId, x.idx, p);
      }
    }
    const wanted = plan.threads.find((t) => t.id === threadId)!.counterarguments.length;
    complete = seeded.filter((x) => x.idx < wanted).every((x) => filled.has(x.marker) || x.post_id !== null);
    if (complete) store.threads.markReleased(s.id, threadId, { at: new Date(topic.created_at ?? Date.now()), scheduledFor: null, catchUp: false });
  });
}
