import { inspect } from "node:util";

/** Base of every failure talking to a forum. Carries the method and path, never headers or keys. */
export class DiscourseClientError extends Error {
  override name = "DiscourseClientError";
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** util.inspect / console.log show only what we chose to keep: no request, no headers. */
  [inspect.custom](): string {
    return `${this.name}: ${this.message}`;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, method: this.method, path: this.path };
  }
}

/** The forum answered with an error status and (usually) Discourse's envelope. */
export class DiscourseHttpError extends DiscourseClientError {
  override name = "DiscourseHttpError";
  constructor(
    method: string,
    path: string,
    readonly status: number,
    readonly errorType: string | undefined,
    readonly errors: readonly string[],
    readonly extras: Readonly<Record<string, unknown>> | undefined,
  ) {
    const detail = errors.length ? errors.join("; ") : `HTTP ${status}`;
    super(`${method} ${path} failed with ${status}${errorType ? ` ${errorType}` : ""}: ${detail}`, method, path);
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status, errorType: this.errorType, errors: this.errors, extras: this.extras };
  }
}

/**
 * 429: the request was not processed. `waitSeconds` comes from Retry-After or extras.wait_seconds;
 * `limitCode` from the Discourse-Rate-Limit-Error-Code header names the bucket that ran out.
 */
export class DiscourseRateLimitError extends DiscourseHttpError {
  override name = "DiscourseRateLimitError";
  constructor(
    method: string,
    path: string,
    readonly waitSeconds: number,
    errors: readonly string[],
    extras?: Record<string, unknown>,
    readonly limitCode?: string,
  ) {
    super(method, path, 429, "rate_limit", errors, extras);
  }

  /**
   * Whether every request from this process must wait. Site-wide and per-key buckets carry an
   * error code: the admin-API bucket, one per site ("admin_api_key_rate_limit",
   * lib/auth/default_current_user_provider.rb), the user-API-key buckets, and the per-IP limits
   * of lib/middleware/request_tracker.rb. The per-user content limits of
   * lib/rate_limiter/on_create_record.rb (create_post, create_topic, first-day replies) carry
   * none: they delay only the user who hit them.
   */
  get sharedBySite(): boolean {
    return this.limitCode !== undefined && /^(admin_api_key_rate_limit|user_api_key_limiter_.*|(ip|id)_\d+_secs_limit)$/.test(this.limitCode);
  }
}

/**
 * No answer: the connection failed or the request timed out. For a write, the forum may or may not
 * have done it: `outcomeUnknown` tells the caller it must look before trying again.
 */
export class DiscourseNetworkError extends DiscourseClientError {
  override name = "DiscourseNetworkError";
  constructor(
    method: string,
    path: string,
    readonly timedOut: boolean,
    readonly outcomeUnknown: boolean,
    cause: unknown,
  ) {
    const why = timedOut ? "timed out" : `could not connect (${describeCause(cause)})`;
    super(
      `${method} ${path} ${why}${timedOut ? "" : "; check DISCOURSE_URL, that the forum is up, and any proxy or firewall in between"}`,
      method,
      path,
      { cause },
    );
  }
}

/** The exchange worked but the body was not what a Discourse forum sends. */
export class DiscourseSchemaError extends DiscourseClientError {
  override name = "DiscourseSchemaError";
  constructor(method: string, path: string, readonly issues: string) {
    super(`${method} ${path} returned an unexpected body: ${issues}`, method, path);
  }
}

function describeCause(cause: unknown): string {
  const c = cause as { code?: string; cause?: { code?: string; message?: string }; message?: string } | undefined;
  return c?.cause?.code ?? c?.code ?? c?.cause?.message ?? c?.message ?? "unknown error";
}

/** A failure whose outcome is unknown for a write: 5xx or no answer. The caller must reconcile. */
export function isOutcomeUnknown(e: unknown): boolean {
  if (e instanceof DiscourseNetworkError) return e.outcomeUnknown;
  return e instanceof DiscourseHttpError && e.status >= 500 && e.errorType !== "read_only";
}
