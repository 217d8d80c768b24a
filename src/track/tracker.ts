import type { Forum } from "../discourse/forum.ts";
import { DiscourseHttpError } from "../discourse/errors.ts";
import { silentLogger, type Logger } from "../log.ts";
import type { Db } from "../store/db.ts";
import { markDeleted, postsOfTopic, upsertPolls, upsertPost } from "../store/posts.ts";
import { releasedTopics } from "../store/seminars.ts";

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
export async function trackOnce(o: { db: Db; forum: Forum; seminarId?: string; now?: () => Date; log?: Logger }): Promise<TrackResult> {
  const log = o.log ?? silentLogger;
  const now = o.now ?? (() => new Date());
  const result: TrackResult = { topics: 0, newPosts: 0, changedPosts: 0, deletedPosts: 0, errors: [] };
  const seen = new Set<number>();
  for (const t of releasedTopics(o.db, o.seminarId)) {
    if (seen.has(t.topic_id!)) continue;
    seen.add(t.topic_id!);
    try {
      const posts = await o.forum.allPosts(t.topic_id!);
      const ids = new Set(posts.map((p) => p.id));
      const at = now();
      o.db.transaction(() => {
        for (const p of posts) {
          const r = upsertPost(o.db, p, t.topic_id!, at);
          if (r === "new") result.newPosts++;
          else if (r === "changed") result.changedPosts++;
          if (p.post_number === 1 && p.polls?.length) upsertPolls(o.db, t.topic_id!, p.id, p.polls, at);
        }
        for (const known of postsOfTopic(o.db, t.topic_id!)) {
          if (!ids.has(known.post_id) && !known.deleted_at && markDeleted(o.db, known.post_id, at)) result.deletedPosts++;
        }
      })();
      result.topics++;
    } catch (e) {
      if (e instanceof DiscourseHttpError && e.status === 404) {
        // The whole topic is gone (or hidden from us): its posts are no longer in the seminar.
        const at = now();
        for (const known of postsOfTopic(o.db, t.topic_id!)) if (!known.deleted_at && markDeleted(o.db, known.post_id, at)) result.deletedPosts++;
        result.errors.push(`topic ${t.topic_id} (${t.seminar_id}/${t.thread_id}) is no longer on the forum`);
        continue;
      }
      result.errors.push(`topic ${t.topic_id}: ${(e as Error).message}`);
      log.warn({ topicId: t.topic_id, err: (e as Error).message }, "tracking a topic failed; the next run retries");
    }
  }
  log.info({ ...result, errors: result.errors.length }, "tracking run finished");
  return result;
}
