import type { Plan } from "../plan/schema.ts";
import { nextOccurrences, parseCron, zonedTimeToUtc } from "./cron.ts";

export interface Release {
  threadId: string;
  at: number;
}

function parseLocal(s: string, tz: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?$/.exec(s)!;
  return zonedTimeToUtc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0), tz);
}

/**
 * When each thread is due, as a pure function of the plan and the moment the service first
 * saw the seminar. Threads with `release_at` keep it; the others take the schedule's
 * occurrences in plan order. With `starts: first-run`, the first of them is due at once.
 */
export function releaseTimes(plan: Plan, firstSeenAt: number): Release[] {
  const s = plan.seminar;
  const cron = parseCron(s.schedule);
  const threads = plan.threads.filter((t) => !t.skip);
  const scheduled = threads.filter((t) => !t.release_at);
  const firstRun = s.starts === "first-run";
  const from = firstRun ? firstSeenAt + 60_000 : parseLocal(s.starts, s.timezone);
  const slots = nextOccurrences(cron, s.timezone, from, scheduled.length);
  if (firstRun) slots.unshift(firstSeenAt);
  let k = 0;
  return threads.map((t) => ({ threadId: t.id, at: t.release_at ? parseLocal(t.release_at, s.timezone) : (slots[k++] ?? Number.POSITIVE_INFINITY) }));
}
