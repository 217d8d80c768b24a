/** A sliding-window log, as Discourse's RateLimiter keeps in Redis: allowed while fewer than `max` stamps are younger than `secs`. */
export class SlidingWindow {
  private stamps = new Map<string, number[]>();
  constructor(
    public max: number,
    readonly secs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a hit and returns 0, or returns the seconds to wait without recording. */
  hit(key: string): number {
    const t = this.now();
    const live = (this.stamps.get(key) ?? []).filter((s) => t - s < this.secs * 1000);
    if (live.length >= this.max) {
      this.stamps.set(key, live);
      return Math.max(1, Math.ceil((this.secs * 1000 - (t - live[0]!)) / 1000));
    }
    live.push(t);
    this.stamps.set(key, live);
    return 0;
  }

  clear(): void {
    this.stamps.clear();
  }
}

/** RateLimiter#time_left wording (lib/rate_limiter/limit_exceeded.rb), singular and plural. */
export function timeLeft(seconds: number): string {
  const n = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;
  if (seconds <= 3) return "a few seconds";
  if (seconds < 60) return n(seconds, "second");
  if (seconds < 3600) return n(Math.floor(seconds / 60), "minute");
  return n(Math.floor(seconds / 3600), "hour");
}

export function rateLimitBody(wait: number, message?: string) {
  return {
    errors: [message ?? `You’ve performed this action too many times. Please wait ${timeLeft(wait)} before trying again.`],
    error_type: "rate_limit",
    extras: { wait_seconds: wait, time_left: timeLeft(wait) },
  };
}
