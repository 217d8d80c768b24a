import type { z } from "zod";
import { silentLogger, type Logger } from "../log.ts";
import {
  DiscourseHttpError,
  DiscourseNetworkError,
  DiscourseRateLimitError,
  DiscourseSchemaError,
} from "./errors.ts";
import { errorEnvelopeSchema } from "./schemas.ts";
import { Pacer, pacerFor } from "./pacer.ts";

/** Who the requests act as. A discriminated union so a half-configured auth cannot be built. */
export type Auth =
  | { kind: "none" }
  | { kind: "api_key"; key: string; username: string }
  | { kind: "user_api_key"; key: string; clientId?: string };

export interface ClientOptions {
  baseUrl: string;
  auth: Auth;
  /** Per-request timeout; each attempt gets its own. */
  timeoutMs?: number;
  /** The site-wide budget; Discourse allows 60 admin-API requests a minute by default. */
  requestsPerMinute?: number;
  /** Attempts for a read after a 5xx, timeout or connection error. */
  readAttempts?: number;
  /** 429s a single request may wait out before giving up. */
  maxRateLimitWaits?: number;
  /** Longest Retry-After we honour before failing instead. */
  maxWaitSeconds?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** The clock for per-user waits (tests pair it with `sleep`). */
  now?: () => number;
  pacer?: Pacer;
  log?: Logger;
  userAgent?: string;
}

export interface RequestOptions<T extends z.ZodType> {
  query?: Record<string, string | number | boolean | readonly (string | number)[] | undefined>;
  body?: Record<string, unknown>;
  schema: T;
  /** Act as another user with the same (All users) admin key. */
  asUser?: string;
  /**
   * Safe to repeat after an unknown outcome (5xx, timeout). True for GET. A POST is never
   * repeated blindly: the caller must look first (see src/publish/).
   */
  idempotent?: boolean;
}

export const USER_AGENT = `discourse-seminar/0.1.0 (Node.js ${process.versions.node})`;

/**
 * One request pipeline: pace, send, classify, and repeat only where repeating is safe.
 * 429 is always waited out and repeated, because Discourse did not process the request.
 */
export class DiscourseClient {
  readonly baseUrl: string;
  private readonly opts: Required<Omit<ClientOptions, "pacer" | "log" | "fetch" | "sleep" | "now" | "auth" | "baseUrl">>;
  private readonly auth: Auth;
  private readonly fetchImpl: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private readonly pacer: Pacer;
  private readonly log: Logger;
  /** Requests sent so far (each attempt counts): what a job spent of the forum's budget. */
  requestsSent = 0;
  /** Until when each user's own writes wait, after a 429 from one of that user's buckets. */
  private readonly userPausedUntil = new Map<string, number>();

  constructor(options: ClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.auth = options.auth;
    this.opts = {
      timeoutMs: options.timeoutMs ?? 15_000,
      requestsPerMinute: options.requestsPerMinute ?? 50,
      readAttempts: options.readAttempts ?? 4,
      maxRateLimitWaits: options.maxRateLimitWaits ?? 20,
      // Longer waits (a daily limit) fail the call; the next scheduled run tries again.
      maxWaitSeconds: options.maxWaitSeconds ?? 120,
      userAgent: options.userAgent ?? USER_AGENT,
    };
    this.fetchImpl = options.fetch ?? globalThis.fetch;
    this.sleep = options.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = options.now ?? Date.now;
    this.pacer = options.pacer ?? pacerFor(new URL(this.baseUrl).origin, this.opts.requestsPerMinute);
    this.log = options.log ?? silentLogger;
  }

  /** The key stays private: inspecting a client shows where it points, not how it gets in. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return `DiscourseClient(${this.baseUrl}, ${this.auth.kind})`;
  }
  toJSON(): Record<string, unknown> {
    return { baseUrl: this.baseUrl, auth: this.auth.kind };
  }

  get username(): string | undefined {
    return this.auth.kind === "api_key" ? this.auth.username : undefined;
  }

  get<T extends z.ZodType>(path: string, o: Omit<RequestOptions<T>, "body">): Promise<z.infer<T>> {
    return this.request("GET", path, { idempotent: true, ...o });
  }
  post<T extends z.ZodType>(path: string, o: RequestOptions<T>): Promise<z.infer<T>> {
    return this.request("POST", path, o);
  }
  put<T extends z.ZodType>(path: string, o: RequestOptions<T>): Promise<z.infer<T>> {
    return this.request("PUT", path, o);
  }
  delete<T extends z.ZodType>(path: string, o: RequestOptions<T>): Promise<z.infer<T>> {
    return this.request("DELETE", path, o);
  }

  async request<T extends z.ZodType>(method: string, path: string, o: RequestOptions<T>): Promise<z.infer<T>> {
    const idempotent = o.idempotent ?? method === "GET";
    let rateLimitWaits = 0;
    let failures = 0;
    for (;;) {
      try {
        const body = await this.send(method, path, o);
        const parsed = o.schema.safeParse(body);
        if (!parsed.success) {
          throw new DiscourseSchemaError(method, path, summariseIssues(parsed.error));
        }
        return parsed.data;
      } catch (e) {
        if (e instanceof DiscourseRateLimitError) {
          rateLimitWaits++;
          if (rateLimitWaits > this.opts.maxRateLimitWaits || e.waitSeconds > this.opts.maxWaitSeconds) throw e;
          const ms = Math.max(1, e.waitSeconds) * 1000;
          if (e.sharedBySite) this.pacer.pause(ms);
          else this.userPausedUntil.set(this.actingUser(o), Math.max(this.userPausedUntil.get(this.actingUser(o)) ?? 0, this.now() + ms));
          this.log.warn({ method, path, waitSeconds: e.waitSeconds, bucket: e.sharedBySite ? e.limitCode : "one user", user: e.sharedBySite ? undefined : this.actingUser(o) }, "forum rate limit hit; waiting before retrying");
          continue;
        }
        const transient =
          e instanceof DiscourseNetworkError ||
          (e instanceof DiscourseHttpError && [500, 502, 503, 504].includes(e.status) && e.errorType !== "read_only");
        if (transient && idempotent && ++failures < this.opts.readAttempts) {
          const ms = 250 * 2 ** (failures - 1);
          this.log.warn({ method, path, attempt: failures, err: (e as Error).message }, "retrying read after failure");
          await this.sleep(ms);
          continue;
        }
        throw e;
      }
    }
  }

  private actingUser(o: RequestOptions<z.ZodType>): string {
    if (this.auth.kind === "api_key") return (o.asUser ?? this.auth.username).toLowerCase();
    return "";
  }

  private async send(method: string, path: string, o: RequestOptions<z.ZodType>, redirects = 0): Promise<unknown> {
    // A user whose own bucket ran out waits alone; everyone else goes on.
    const userWait = (this.userPausedUntil.get(this.actingUser(o)) ?? 0) - this.now();
    if (userWait > 0) await this.sleep(userWait);
    const url = new URL(this.baseUrl + path);
    for (const [k, v] of Object.entries(o.query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) url.searchParams.append(`${k}[]`, String(item));
      else url.searchParams.set(k, String(v));
    }
    const headers: Record<string, string> = {
      Accept: "application/json",
      "User-Agent": this.opts.userAgent,
    };
    if (this.auth.kind === "api_key") {
      headers["Api-Key"] = this.auth.key;
      headers["Api-Username"] = o.asUser ?? this.auth.username;
    } else if (this.auth.kind === "user_api_key") {
      headers["User-Api-Key"] = this.auth.key;
      if (this.auth.clientId) headers["User-Api-Client-Id"] = this.auth.clientId;
    }
    let payload: string | undefined;
    if (o.body !== undefined) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(o.body);
    }

    await this.pacer.take();
    this.requestsSent++;
    const started = Date.now();
    let res: Response;
    try {
      res = await this.fetchImpl(url, {
        method,
        headers,
        body: payload,
        // Redirects are followed by hand: fetch would resend Api-Key to whatever host a 301 names.
        redirect: "manual",
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (cause) {
      const timedOut = (cause as Error)?.name === "TimeoutError" || (cause as Error)?.name === "AbortError";
      // A refused connection never reached the forum; a timeout or reset might have.
      const code = (cause as { cause?: { code?: string } })?.cause?.code;
      const neverSent = code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "EAI_AGAIN";
      throw new DiscourseNetworkError(method, path, timedOut, method !== "GET" && !neverSent, cause);
    }
    this.log.debug({ method, path, status: res.status, ms: Date.now() - started }, "forum request");

    if (res.status === 301 || res.status === 302 || res.status === 307 || res.status === 308) {
      const location = res.headers.get("location");
      await res.body?.cancel();
      if (!location || redirects >= 3) throw new DiscourseHttpError(method, path, res.status, undefined, ["redirect without a usable Location"], undefined);
      const target = new URL(location, url);
      if (target.origin !== new URL(this.baseUrl).origin) {
        throw new DiscourseHttpError(method, path, res.status, undefined, [`refusing to follow a redirect to another host (${target.origin})`], undefined);
      }
      let next = target.pathname.replace(this.basePath(), "");
      if (!next.endsWith(".json")) next += ".json";
      // The original parameters (include_raw, say) still apply to where the forum sends us.
      const q = Object.fromEntries(target.searchParams);
      return this.send("GET", next, { ...o, query: { ...o.query, ...q } }, redirects + 1);
    }

    const text = await res.text();
    const contentType = res.headers.get("content-type") ?? "";
    let json: unknown;
    if (contentType.includes("json") && text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    if (res.ok) {
      // Some actions (DELETE /posts/{id}) answer 200 with an empty body.
      if (json === undefined && text.trim() === "") return {};
      if (json === undefined) throw new DiscourseSchemaError(method, path, `expected JSON, got ${contentType || "no content type"}`);
      return json;
    }
    const env = errorEnvelopeSchema.safeParse(json);
    const envelope = env.success ? env.data : {};
    // A server (or proxy) that echoes the request back must not carry the key into our errors.
    const errors = (envelope.errors ?? (text && !contentType.includes("html") ? [firstLine(text)] : [])).map((m) => this.scrub(m));
    if (res.status === 429) {
      const retryAfter = res.headers.get("retry-after");
      const header = retryAfter === null ? Number.NaN : Number(retryAfter);
      const fromExtras = Number((envelope.extras as { wait_seconds?: unknown } | undefined)?.wait_seconds);
      const wait = Number.isFinite(header) && header >= 0 ? header : Number.isFinite(fromExtras) ? fromExtras : 10;
      throw new DiscourseRateLimitError(method, path, wait, errors, envelope.extras ?? undefined, res.headers.get("discourse-rate-limit-error-code") ?? undefined);
    }
    throw new DiscourseHttpError(method, path, res.status, envelope.error_type, errors, envelope.extras ?? undefined);
  }

  private scrub(text: string): string {
    const key = this.auth.kind === "none" ? undefined : this.auth.key;
    return key ? text.split(key).join("[REDACTED]") : text;
  }

  private basePath(): string {
    return new URL(this.baseUrl).pathname.replace(/\/$/, "");
  }
}

function firstLine(text: string): string {
  return text.split("\n")[0]!.slice(0, 200);
}

function summariseIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
}

