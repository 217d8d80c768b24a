import type { LoadedPlan } from "./plan/load.ts";
import { releaseTimes } from "./schedule/releases.ts";
import type { Store } from "./store/store.ts";

export interface ThreadStatus {
  id: string;
  title: string;
  /** pending, claimed, topic_created, published; "failed" when a permanent failure holds it; skipped; not loaded. */
  state: string;
  /** When the schedule puts it (ISO), or null. */
  releaseAt: string | null;
  /** When it was actually released (ISO), or null. */
  releasedAt: string | null;
  catchUp: boolean;
  topicId: number | null;
  url: string | null;
  replies: number;
  participants: number;
  lastReplyAt: string | null;
  lastError: string | null;
  failure: "permanent" | "transient" | null;
  nextAttemptAt: string | null;
  topicDeleted: boolean;
}

export interface SeminarStatus {
  id: string;
  title: string;
  planPath: string;
  status: "draft" | "approved";
  timezone: string;
  threads: ThreadStatus[];
}

/**
 * One view of every seminar for `seminar status`, the JSON API and the dashboard.
 * `projectFrom`: for a seminar the store has not seen yet, project its release times as if it
 * were first seen then (what `publish --dry-run` shows); without it they are left unknown.
 */
export function seminarStatus(store: Store, plans: readonly LoadedPlan[], forumUrl: string, o: { projectFrom?: number } = {}): SeminarStatus[] {
  return plans.map(({ plan, path }) => {
    const rows = new Map(store.threads.ofSeminar(plan.seminar.id).map((r) => [r.thread_id, r]));
    const firstSeen = store.seminars.get(plan.seminar.id)?.first_seen_at;
    const anchor = firstSeen ? Date.parse(firstSeen) : o.projectFrom;
    const times = new Map(anchor !== undefined ? releaseTimes(plan, anchor).map((r) => [r.threadId, r.at]) : []);
    return {
      id: plan.seminar.id,
      title: plan.seminar.title,
      planPath: path,
      status: plan.status,
      timezone: plan.seminar.timezone,
      threads: plan.threads.map((t): ThreadStatus => {
        const r = rows.get(t.id);
        const at = r?.scheduled_for ? Date.parse(r.scheduled_for) : times.get(t.id);
        const c = r?.topic_id ? store.posts.replyCounts(r.topic_id, store.threads.seededPostIds(r.topic_id)) : { replies: 0, participants: 0, lastReplyAt: null };
        return {
          id: t.id,
          title: t.title,
          state: t.skip ? "skipped" : r?.failure === "permanent" && r.state !== "published" ? "failed" : (r?.state ?? "not loaded"),
          releaseAt: at !== undefined && Number.isFinite(at) ? new Date(at).toISOString() : null,
          releasedAt: r?.state === "published" ? r.published_at : null,
          catchUp: r?.catch_up === 1,
          topicId: r?.topic_id ?? null,
          url: r?.topic_id ? `${forumUrl}/t/${r.topic_slug ?? "topic"}/${r.topic_id}` : null,
          replies: c.replies,
          participants: c.participants,
          lastReplyAt: c.lastReplyAt,
          lastError: r?.last_error ?? null,
          failure: r?.failure ?? null,
          nextAttemptAt: r?.next_attempt_at ?? null,
          topicDeleted: !!r?.topic_deleted_at,
        };
      }),
    };
  });
}
