/**
 * A sliding-window request budget: at most `perMinute` requests start in any 60 s,
 * the way Discourse counts its admin-API bucket. One pacer per forum origin is shared by
 * every client in the process (`pacerFor`), because the forum's budget is per site.
 */
export class Pacer {
  private starts: number[] = [];
  private pausedUntil = 0;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    public perMinute: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {}

  /** How long a request starting now would have to wait. Pure; tests read it instead of timing. */
  delayFor(at: number): number {
    const windowStart = at - 60_000;
    const recent = this.starts.filter((t) => t > windowStart);
    let wait = Math.max(0, this.pausedUntil - at);
    if (recent.length >= this.perMinute) {
      const oldest = recent[recent.length - this.perMinute]!;
      wait = Math.max(wait, oldest + 60_000 - at);
    }
    return wait;
  }

  /** Resolves when the caller may send; calls are served in arrival order. */
  take(): Promise<void> {
    const turn = this.queue.then(async () => {
      for (;;) {
        const wait = this.delayFor(this.now());
        if (wait <= 0) break;
        await this.sleep(wait);
      }
      const t = this.now();
      this.starts.push(t);
      if (this.starts.length > this.perMinute * 2) this.starts = this.starts.slice(-this.perMinute);
    });
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** A 429 means the site's bucket is empty for everyone: hold every caller, not just the one that hit it. */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
  }
}

const pacers = new Map<string, Pacer>();

export function pacerFor(origin: string, perMinute: number): Pacer {
  let p = pacers.get(origin);
  if (!p) {
    p = new Pacer(perMinute);
    pacers.set(origin, p);
  } else if (perMinute < p.perMinute) {
    // Two configurations for one forum: the stricter budget is the one that keeps us under the limit.
    p.perMinute = perMinute;
  }
  return p;
}

function defaultSleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
