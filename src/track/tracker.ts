import type { Forum } from "../discourse/forum.ts";
import { DiscourseHttpError } from "../discourse/errors.ts";
import { silentLogger, type Logger } from "../log.ts";
import type { Store } from "../store/store.ts";

export interface TrackResult {
  topics: number;
  newPosts: number;
  changedPosts: number;
  deletedPosts: number;
  errors: string[];
}

/**
 * Reads every released topic whole and brings the store in line: new posts added, edits
 * (version, raw, likes) applied, posts gone from the stream marked deleted. Polling is the
 * source of truth; webhooks only make it sooner.
 */
export async function trackOnce(o: { store: Store; forum: Forum; seminarId?: string; now?: () => Date; log?: Logger }): Promise<TrackResult> {
  const log = o.log ?? silentLogger;
  const now = o.now ?? (() => new Date());
  const { store } = o;
  const result: TrackResult = { topics: 0, newPosts: 0, changedPosts: 0, deletedPosts: 0, errors: [] };
  const seen = new Set<number>();
  for (const t of store.threads.withTopics(o.seminarId)) {
    const topicId = t.topic_id!;
    if (seen.has(topicId)) continue;
    seen.add(topicId);
    try {
      const topic = await o.forum.getTopic(topicId);
      // Staff (our key) still read a deleted topic: it answers 200 with deleted_at. It has left the seminar.
      if (topic.deleted_at) {
        if (store.threads.markTopicDeleted(topicId, topic.deleted_at)) result.errors.push(`topic ${topicId} (${t.seminar_id}/${t.thread_id}) was deleted on the forum`);
        continue;
      }
      const posts = await o.forum.allPosts(topicId);
      const ids = new Set(posts.map((p) => p.id));
      const at = now();
      store.transaction(() => {
        for (const p of posts) {
          const r = store.posts.upsert(p, topicId, at);
          if (r === "new") result.newPosts++;
          else if (r === "changed") result.changedPosts++;
          if (p.post_number === 1 && p.polls?.length) store.posts.upsertPolls(topicId, p.id, p.polls, at);
        }
        for (const known of store.posts.idsOfTopic(topicId)) {
          if (!ids.has(known.post_id) && !known.deleted_at && store.posts.markDeleted(known.post_id, at)) result.deletedPosts++;
        }
      });
      result.topics++;
    } catch (e) {
      if (e instanceof DiscourseHttpError && e.status === 404) {
        // The whole topic is gone (or hidden from us): it has left the seminar.
        if (store.threads.markTopicDeleted(topicId, now().toISOString())) result.errors.push(`topic ${topicId} (${t.seminar_id}/${t.thread_id}) is no longer on the forum`);
        continue;
      }
      result.errors.push(`topic ${topicId}: ${(e as Error).message}`);
      log.warn({ topicId, err: (e as Error).message }, "tracking a topic failed; the next run retries");
    }
  }
  log.info({ ...result, errors: result.errors.length }, "tracking run finished");
  return result;
}
