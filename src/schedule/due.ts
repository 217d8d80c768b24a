import { durationMs, type Plan } from "../plan/schema.ts";
import { parseCron, previousOccurrence } from "./cron.ts";
import { releaseTimes } from "./releases.ts";

/**
 * What is due, as a pure function of the plans, what the store says has run, and the time.
 * Timers only wake the service; every decision about releases, moderator timers and digests is
 * made here, so it is one unit test away, and a restart (or a rewound clock) recomputes the
 * same answer from the same record instead of trusting a timer that fired.
 */

export type TimerKind = "pin" | "unpin" | "close";

export interface ThreadSnapshot {
  released: boolean;
  releasedAt: number | null;
  failure: "permanent" | "transient" | null;
  nextAttemptAt: number | null;
  topicDeleted: boolean;
  timers: ReadonlySet<TimerKind>;
}

export interface SeminarSnapshot {
  /** When the service first saw the seminar: the anchor of `starts: first-run`. */
  firstSeenAt: number;
  threads: ReadonlyMap<string, ThreadSnapshot>;
  /** The latest moment a digest already covers (see DigestRecords.watermark). */
  digestWatermark: number | null;
  /** Built digests the forum has not got yet; `failed` ones wait for a moderator. */
  unpostedDigests: readonly { id: number; nextAttemptAt: number | null; failed: boolean }[];
}

export type DueItem =
  | { kind: "release"; seminarId: string; threadId: string; at: number; missed: boolean }
  | { kind: TimerKind; seminarId: string; threadId: string; at: number; missed: boolean }
  | { kind: "digest"; seminarId: string; slot: number; missed: boolean; post: boolean }
  | { kind: "post-digest"; seminarId: string; digestId: number };

export type WaitReason = "scheduled" | "failed" | "retrying";

export interface DueWork {
  items: DueItem[];
  /** Threads not released yet, and why. */
  waiting: { seminarId: string; threadId: string; at: number; reason: WaitReason }[];
  /** Seminars whose plan is still a draft: nothing of theirs is done. */
  drafts: string[];
}

export interface DueOptions {
  /** Release every thread now, whatever its schedule (`publish --now`). */
  releaseAll?: boolean;
}

/** A release or timer more than this late was missed while the service was down: it is flagged as catch-up. */
export const MISSED_AFTER_MS = 3_600_000;

export function dueWork(plans: readonly Plan[], snapshots: ReadonlyMap<string, SeminarSnapshot>, now: number, o: DueOptions = {}): DueWork {
  const work: DueWork = { items: [], waiting: [], drafts: [] };
  for (const plan of plans) {
    const id = plan.seminar.id;
    if (plan.status === "draft") {
      work.drafts.push(id);
      continue;
    }
    const snap = snapshots.get(id) ?? { firstSeenAt: now, threads: new Map(), digestWatermark: null, unpostedDigests: [] };
    releasesDue(plan, snap, now, o, work);
    timersDue(plan, snap, now, work);
    digestsDue(plan, snap, now, work);
  }
  return work;
}

function releasesDue(plan: Plan, snap: SeminarSnapshot, now: number, o: DueOptions, work: DueWork): void {
  const seminarId = plan.seminar.id;
  for (const r of releaseTimes(plan, snap.firstSeenAt)) {
    const t = snap.threads.get(r.threadId);
    if (t?.released) continue;
    // A failed thread holds the ones after it: releasing thread 3 before thread 2 would scramble the seminar.
    if (t?.failure === "permanent") {
      work.waiting.push({ seminarId, threadId: r.threadId, at: r.at, reason: "failed" });
      break;
    }
    if (t?.failure === "transient" && t.nextAttemptAt !== null && t.nextAttemptAt > now) {
      work.waiting.push({ seminarId, threadId: r.threadId, at: t.nextAttemptAt, reason: "retrying" });
      break;
    }
    if (!o.releaseAll && r.at > now) {
      work.waiting.push({ seminarId, threadId: r.threadId, at: r.at, reason: "scheduled" });
      continue;
    }
    work.items.push({ kind: "release", seminarId, threadId: r.threadId, at: r.at, missed: !o.releaseAll && now - r.at > MISSED_AFTER_MS });
  }
}

function timersDue(plan: Plan, snap: SeminarSnapshot, now: number, work: DueWork): void {
  const seminarId = plan.seminar.id;
  const position = new Map(plan.threads.map((t, i) => [t.id, i]));
  const released = [...snap.threads.entries()]
    .filter(([id, t]) => t.released && t.releasedAt !== null && !t.topicDeleted && position.has(id))
    .sort(([a, x], [b, y]) => x.releasedAt! - y.releasedAt! || position.get(a)! - position.get(b)!);
  if (plan.seminar.pin_current && released.length) {
    const [newestId, newest] = released.at(-1)!;
    if (!newest.timers.has("pin")) work.items.push({ kind: "pin", seminarId, threadId: newestId, at: newest.releasedAt!, missed: false });
    for (const [id, t] of released.slice(0, -1)) {
      if (t.timers.has("pin") && !t.timers.has("unpin")) work.items.push({ kind: "unpin", seminarId, threadId: id, at: newest.releasedAt!, missed: false });
    }
  }
  if (plan.seminar.close_after) {
    const after = durationMs(plan.seminar.close_after);
    for (const [id, t] of released) {
      const at = t.releasedAt! + after;
      if (at <= now && !t.timers.has("close")) work.items.push({ kind: "close", seminarId, threadId: id, at, missed: now - at > MISSED_AFTER_MS });
    }
  }
}

function digestsDue(plan: Plan, snap: SeminarSnapshot, now: number, work: DueWork): void {
  const seminarId = plan.seminar.id;
  const slot = previousOccurrence(parseCron(plan.seminar.digest.schedule), plan.seminar.timezone, now);
  const releasedBy = (t: number) => [...snap.threads.values()].some((x) => x.released && x.releasedAt !== null && x.releasedAt <= t);
  // Only the latest slot is written: after a week away, one digest covers the whole gap.
  if (slot !== undefined && slot >= snap.firstSeenAt && (snap.digestWatermark === null || slot > snap.digestWatermark) && releasedBy(slot)) {
    work.items.push({ kind: "digest", seminarId, slot, missed: now - slot > MISSED_AFTER_MS, post: plan.seminar.digest.post });
  }
  for (const d of snap.unpostedDigests) {
    if (!d.failed && (d.nextAttemptAt === null || d.nextAttemptAt <= now)) work.items.push({ kind: "post-digest", seminarId, digestId: d.id });
  }
}
