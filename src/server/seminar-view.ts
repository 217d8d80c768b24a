import type { LoadedPlan } from "../plan/load.ts";
import type { PlanThread } from "../plan/schema.ts";
import { seminarStatus, type SeminarStatus, type ThreadStatus } from "../status.ts";
import type { StoredDigest } from "../store/digests.ts";
import type { Store } from "../store/store.ts";
import type { LedgerEntry, ParticipantCount, PollResult } from "../store/views.ts";
import { foldIntoDays, type DayCount } from "./pages/chart.ts";
import { dayStart, daysBetween, localDay } from "./pages/time.ts";

/** How many names the page shows per thread, and per counterargument, before "and N more". */
export const PEOPLE_SHOWN = 6;
export const ANSWERERS_SHOWN = 5;
/** How many digests the page lists (the latest open, the rest as one line each). */
export const DIGESTS_LISTED = 10;
/** The chart covers the seminar since its first release, at most CHART_DAYS and at least CHART_MIN_DAYS back. */
export const CHART_DAYS = 30;
export const CHART_MIN_DAYS = 7;

export interface ThreadView {
  status: ThreadStatus;
  plan: PlanThread | undefined;
  replies: number;
  participants: number;
  lastReplyAt: string | null;
  people: ParticipantCount[];
  ledger: LedgerEntry[];
  polls: PollResult[];
  /** Released, and no participant's reply for quietAfterHours (counting from the release when there is none). */
  quiet: boolean;
}

export interface SeminarView {
  seminar: SeminarStatus;
  forumUrl: string;
  now: number;
  quietAfterHours: number;
  threads: ThreadView[];
  /** The thread "release the next thread now" would release, if any. */
  next: ThreadStatus | undefined;
  perDay: DayCount[];
  digests: StoredDigest[];
}

/** The thread a moderator's "release now" means: the first, in plan order, that is neither out nor skipped. */
export function nextThread(s: SeminarStatus): ThreadStatus | undefined {
  return s.threads.find((t) => t.state !== "published" && t.state !== "skipped");
}

/** Everything the seminar page shows, gathered from the status model and the store's bounded views. */
export function seminarView(store: Store, lp: LoadedPlan, o: { forumUrl: string; now: number; quietAfterHours: number }): SeminarView {
  const seminar = seminarStatus(store, [lp], o.forumUrl)[0]!;
  const id = seminar.id;
  const tz = seminar.timezone;
  const activity = new Map(store.views.threadActivity(id).map((a) => [a.threadId, a]));
  const group = <T extends { threadId: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(r.threadId, [...(m.get(r.threadId) ?? []), r]);
    return m;
  };
  const people = group(store.views.topParticipants(id, PEOPLE_SHOWN));
  const ledger = group(store.views.ledger(id, ANSWERERS_SHOWN));
  const polls = group(store.views.polls(id));
  const quietMs = o.quietAfterHours * 3_600_000;
  const threads = seminar.threads.map((t): ThreadView => {
    const a = activity.get(t.id);
    const lastReplyAt = a?.lastReplyAt ?? null;
    const released = t.state === "published" && t.releasedAt !== null && !t.topicDeleted;
    const lastSign = Math.max(t.releasedAt ? Date.parse(t.releasedAt) : 0, lastReplyAt ? Date.parse(lastReplyAt) : 0);
    return {
      status: t,
      plan: lp.plan.threads.find((p) => p.id === t.id),
      replies: a?.replies ?? 0,
      participants: a?.participants ?? 0,
      lastReplyAt,
      people: people.get(t.id) ?? [],
      ledger: ledger.get(t.id) ?? [],
      polls: polls.get(t.id) ?? [],
      quiet: released && o.now - lastSign >= quietMs,
    };
  });
  const releases = seminar.threads.map((t) => (t.releasedAt ? Date.parse(t.releasedAt) : Number.POSITIVE_INFINITY));
  const first = Math.min(...releases);
  let perDay: DayCount[] = [];
  if (Number.isFinite(first)) {
    const today = localDay(o.now, tz);
    const earliest = localDay(o.now - (CHART_DAYS - 1) * 86_400_000, tz);
    const latest = localDay(o.now - (CHART_MIN_DAYS - 1) * 86_400_000, tz);
    const from = [[localDay(first, tz), earliest].sort().at(-1)!, latest].sort()[0]!;
    const days = daysBetween(from, today);
    perDay = foldIntoDays(store.views.repliesPerQuarterHour(id, new Date(dayStart(from, tz)).toISOString()), days, tz);
  }
  return {
    seminar,
    forumUrl: o.forumUrl,
    now: o.now,
    quietAfterHours: o.quietAfterHours,
    threads,
    next: nextThread(seminar),
    perDay,
    digests: store.digests.recent(DIGESTS_LISTED, id),
  };
}
