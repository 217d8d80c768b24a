import type { LoadedPlan } from "./plan/load.ts";
import { releaseTimes } from "./schedule/releases.ts";
import type { Db } from "./store/db.ts";
import { threadsOf } from "./store/seminars.ts";

export interface SeminarStatus {
  id: string;
  title: string;
  planPath: string;
  threads: {
    id: string;
    title: string;
    state: string;
    releaseAt: string | null;
    topicId: number | null;
    url: string | null;
    replies: number;
    participants: number;
    lastError: string | null;
  }[];
}

/** One view of every seminar for `seminar status`, the JSON API and the dashboard. */
/**
 * `projectFrom`: for a seminar the store has not seen yet, project its release times as if it
 * were first seen then (what `publish --dry-run` shows); without it they are left unknown.
 */
export function seminarStatus(db: Db, plans: LoadedPlan[], forumUrl: string, o: { projectFrom?: number } = {}): SeminarStatus[] {
  return plans.map(({ plan, path }) => {
    const rows = new Map(threadsOf(db, plan.seminar.id).map((r) => [r.thread_id, r]));
    const firstSeen = (db.prepare("SELECT first_seen_at FROM seminars WHERE id = ?").get(plan.seminar.id) as { first_seen_at: string } | undefined)?.first_seen_at;
    const anchor = firstSeen ? Date.parse(firstSeen) : o.projectFrom;
    const times = new Map(anchor !== undefined ? releaseTimes(plan, anchor).map((r) => [r.threadId, r.at]) : []);
    const counts = db.prepare(
      `SELECT COUNT(*) AS replies, COUNT(DISTINCT username) AS participants FROM posts
       WHERE topic_id = ? AND post_number > 1 AND post_type = 1 AND deleted_at IS NULL
         AND post_id NOT IN (SELECT post_id FROM seeded_posts WHERE post_id IS NOT NULL)`,
    );
    return {
      id: plan.seminar.id,
      title: plan.seminar.title,
      planPath: path,
      threads: plan.threads.map((t) => {
        const r = rows.get(t.id);
        const at = times.get(t.id);
        const c = r?.topic_id ? (counts.get(r.topic_id) as { replies: number; participants: number }) : { replies: 0, participants: 0 };
        return {
          id: t.id,
          title: t.title,
          state: t.skip ? "skipped" : (r?.state ?? "not loaded"),
          releaseAt: at !== undefined && Number.isFinite(at) ? new Date(at).toISOString() : null,
          topicId: r?.topic_id ?? null,
          url: r?.topic_id ? `${forumUrl}/t/${r.topic_slug ?? "topic"}/${r.topic_id}` : null,
          replies: c.replies,
          participants: c.participants,
          lastError: r?.last_error ?? null,
        };
      }),
    };
  });
}
