import { DiscourseHttpError, DiscourseNetworkError, DiscourseRateLimitError, DiscourseSchemaError, isOutcomeUnknown } from "../discourse/errors.ts";

export interface Classified {
  kind: "permanent" | "transient";
  reason: string;
  /** When to try again (transient only). */
  retryAt: Date | null;
  /** The forum answered, so the write did not happen: nothing on the forum to look for. */
  outcomeKnown: boolean;
}

/** Thrown for a failure that no retry can fix without a person: the plan or the forum must change. */
export class PermanentFailure extends Error {
  override name = "PermanentFailure";
}

const BACKOFF_BASE_MS = 60_000;
const BACKOFF_MAX_MS = 60 * 60_000;

/**
 * Decides, from the status and Discourse's error_type (never from message text, which is
 * translated on most forums), whether a failed action is worth retrying by itself.
 * - 429: transient; retry when the forum says.
 * - no answer, 5xx, read-only mode: transient; back off, doubling from a minute to an hour, with jitter
 *   so two services do not retry in step.
 * - any other 4xx (validation 422, 403 not allowed, 400 bad parameter, 404 gone), an unexpected body,
 *   or our own refusal: permanent; the thread waits for `seminar retry` or a plan change.
 */
export function classifyFailure(e: unknown, attempts: number, now: Date, random: () => number = Math.random): Classified {
  const reason = (e as Error)?.message ?? String(e);
  const backoff = () => {
    const base = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempts - 1));
    return base * (0.8 + 0.4 * random());
  };
  if (e instanceof DiscourseRateLimitError) {
    return { kind: "transient", reason, retryAt: new Date(now.getTime() + Math.max(e.waitSeconds * 1000, BACKOFF_BASE_MS * (0.8 + 0.4 * random()))), outcomeKnown: true };
  }
  if (e instanceof DiscourseNetworkError) return { kind: "transient", reason, retryAt: new Date(now.getTime() + backoff()), outcomeKnown: !e.outcomeUnknown };
  if (e instanceof DiscourseHttpError && (e.status >= 500 || e.errorType === "read_only")) {
    return { kind: "transient", reason, retryAt: new Date(now.getTime() + backoff()), outcomeKnown: !isOutcomeUnknown(e) };
  }
  if (e instanceof DiscourseHttpError || e instanceof DiscourseSchemaError || e instanceof PermanentFailure) {
    return { kind: "permanent", reason, retryAt: null, outcomeKnown: true };
  }
  // A bug of ours or something unforeseen: retry later rather than stop the seminar for good.
  return { kind: "transient", reason, retryAt: new Date(now.getTime() + backoff()), outcomeKnown: false };
}
