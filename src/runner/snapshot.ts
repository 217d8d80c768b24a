import type { Plan } from "../plan/schema.ts";
import type { SeminarSnapshot, ThreadSnapshot, TimerKind } from "../schedule/due.ts";
import type { Store } from "../store/store.ts";

const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));

/** The store's record of a seminar, as the plain values dueWork decides on. */
export function seminarSnapshot(store: Store, plan: Plan): SeminarSnapshot {
  const id = plan.seminar.id;
  const seminar = store.seminars.get(id);
  const timers = new Map<string, Set<TimerKind>>();
  for (const t of store.threads.timers(id)) {
    let set = timers.get(t.thread_id);
    if (!set) timers.set(t.thread_id, (set = new Set()));
    set.add(t.kind);
  }
  const threads = new Map<string, ThreadSnapshot>(
    store.threads.ofSeminar(id).map((r) => [
      r.thread_id,
      {
        released: r.state === "published",
        releasedAt: ms(r.published_at),
        failure: r.failure,
        nextAttemptAt: ms(r.next_attempt_at),
        topicDeleted: r.topic_deleted_at !== null,
        timers: timers.get(r.thread_id) ?? new Set(),
      },
    ]),
  );
  return {
    firstSeenAt: seminar ? Date.parse(seminar.first_seen_at) : Date.now(),
    threads,
    digestWatermark: ms(store.digests.watermark(id)),
    unpostedDigests: store.digests.unpostedStates(id).map((d) => ({ id: d.id, nextAttemptAt: ms(d.next_attempt_at), failed: d.post_state === "failed" })),
  };
}

export function snapshots(store: Store, plans: readonly Plan[]): Map<string, SeminarSnapshot> {
  return new Map(plans.map((p) => [p.seminar.id, seminarSnapshot(store, p)]));
}
