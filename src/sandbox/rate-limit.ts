/**
 * Discourse's RateLimiter (lib/rate_limiter.rb): a sliding-window log per key, as it keeps in
 * Redis. An action is allowed while fewer than `max` stamps are younger than `secs`; the wait
 * is `secs` minus the age of the oldest stamp. One store serves every limiter of a forum (the
 * admin-API bucket, per-IP limits, per-user create limits), on the forum's clock.
 */
export class RateLimits {
  private stamps = new Map<string, number[]>();
  constructor(private readonly now: () => number) {}

  private live(key: string, secs: number): number[] {
    const t = this.now();
    const live = (this.stamps.get(key) ?? []).filter((s) => t - s < secs * 1000);
    if (live.length) this.stamps.set(key, live);
    else this.stamps.delete(key);
    return live;
  }

  /** Seconds to wait before `key` may act again, or 0. Records nothing. */
  wait(key: string, max: number, secs: number): number {
    const live = this.live(key, secs);
    if (live.length < max) return 0;
    return Math.max(1, Math.ceil((secs * 1000 - (this.now() - live[live.length - max]!)) / 1000));
  }

  performed(key: string): void {
    const list = this.stamps.get(key) ?? [];
    list.push(this.now());
    this.stamps.set(key, list);
  }

  /** Checks and records in one step: returns the wait (nothing recorded) or 0 (recorded). */
  hit(key: string, max: number, secs: number): number {
    const w = this.wait(key, max, secs);
    if (w === 0) this.performed(key);
    return w;
  }

  /** RateLimiter#rollback!: forgets the newest stamp. */
  rollback(key: string): void {
    this.stamps.get(key)?.pop();
  }

  clear(prefix = ""): void {
    if (!prefix) return this.stamps.clear();
    for (const k of [...this.stamps.keys()]) if (k.startsWith(prefix)) this.stamps.delete(k);
  }
}

/** RateLimiter::LimitExceeded#description's time_left (lib/rate_limiter/limit_exceeded.rb, server.en.yml rate_limiter). */
export function timeLeft(seconds: number): string {
  const n = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  if (seconds <= 3) return "a few seconds";
  if (seconds < 60) return n(seconds, "second");
  if (seconds < 3600) return n(Math.floor(seconds / 60), "minute");
  return n(Math.floor(seconds / 3600), "hour");
}

/** rate_limiter.by_type messages (config/locales/server.en.yml); others get too_many_requests. */
const BY_TYPE: Record<string, string> = {
  first_day_replies_per_day:
    "We appreciate your enthusiasm, keep it up! That said, for the safety of our community, you’ve reached the maximum number of replies a new user can create on their first day. Please wait %{time_left} and you’ll be able to create more replies.",
  first_day_topics_per_day:
    "We appreciate your enthusiasm! That said, for the safety of our community, you’ve reached the maximum number of topics a new user can create on their first day. Please wait %{time_left} and you’ll be able to create more new topics.",
  create_topic: "You’re creating topics a bit too quickly. Please wait %{time_left} before trying again.",
  create_post: "You’re replying a bit too quickly. Please wait %{time_left} before trying again.",
  topics_per_day: "You’ve reached the maximum new topics allowed per day. You can create more new topics in %{time_left}.",
};

export function rateLimitMessage(wait: number, type?: string): string {
  const template = (type && BY_TYPE[type.replace(/-/g, "_")]) || "You’ve performed this action too many times. Please wait %{time_left} before trying again.";
  return template.replace("%{time_left}", timeLeft(wait));
}

/** application_controller's 429 body for RateLimiter::LimitExceeded. */
export function rateLimitBody(wait: number, type?: string) {
  return {
    errors: [rateLimitMessage(wait, type)],
    error_type: "rate_limit",
    extras: { wait_seconds: wait, time_left: timeLeft(wait) },
  };
}
