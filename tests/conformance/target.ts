import { randomBytes } from "node:crypto";
import { startSandbox, type RunningSandbox } from "../../src/sandbox/server.ts";

/**
 * Where the conformance suite runs: always the sandbox, and also a real forum when
 * DISCOURSE_LIVE_URL and DISCOURSE_LIVE_API_KEY are set (an "All users" admin key; use a
 * staging forum: the suite creates users, a category, topics and posts there).
 */
export interface Target {
  name: string;
  url: string;
  key: string;
  admin: string;
  sandbox?: RunningSandbox;
  close(): Promise<void>;
}

/**
 * A real forum: DISCOURSE_LIVE_URL and DISCOURSE_LIVE_API_KEY, or (as the service is configured)
 * DISCOURSE_URL and DISCOURSE_API_KEY. The suite writes to it, so it says where it is going.
 */
function liveTarget() {
  const url = process.env.DISCOURSE_LIVE_URL ?? process.env.DISCOURSE_URL;
  const key = process.env.DISCOURSE_LIVE_API_KEY ?? (process.env.DISCOURSE_LIVE_URL ? undefined : process.env.DISCOURSE_API_KEY);
  if (!url || !key) return undefined;
  return { url: url.replace(/\/+$/, ""), key, admin: process.env.DISCOURSE_LIVE_API_USERNAME ?? process.env.DISCOURSE_API_USERNAME ?? "system" };
}

export const LIVE = liveTarget();

if (LIVE) console.log(`live conformance: running against ${LIVE.url} as ${LIVE.admin} (it creates users, a category, topics and posts there)`);
else console.log("live conformance: skipped (set DISCOURSE_URL and DISCOURSE_API_KEY, or DISCOURSE_LIVE_URL and DISCOURSE_LIVE_API_KEY, to run it against a real forum)");

export const TARGETS: { name: string; start: () => Promise<Target> }[] = [
  {
    name: "sandbox",
    start: async () => {
      const key = `conformance-${randomBytes(8).toString("hex")}`;
      // A clock that moves 1 ms each time it is read: time-based rules (5 s, 30 s, 24 h) then
      // depend on PUT /__sandbox/clock, never on how fast a busy machine answers.
      let tick = Date.now();
      const sb = await startSandbox({ apiKey: key, rateLimit: 0, seed: 7, now: () => new Date(tick++) });
      return { name: "sandbox", url: sb.url, key, admin: "system", sandbox: sb, close: () => sb.close() };
    },
  },
  ...(LIVE ? [{ name: "live", start: async () => ({ name: "live", ...LIVE, close: async () => {} }) }] : []),
];

/** A unique suffix so runs against a real forum never collide with earlier ones. */
export const uid = () => randomBytes(4).toString("hex");

export class Http {
  constructor(readonly t: Target) {}
  headers(as?: string, extra: Record<string, string> = {}) {
    return { "Api-Key": this.t.key, "Api-Username": as ?? this.t.admin, Accept: "application/json", ...extra };
  }
  async json(method: string, path: string, body?: unknown, as?: string) {
    const res = await fetch(this.t.url + path, {
      method,
      headers: this.headers(as, body === undefined ? {} : { "Content-Type": "application/json" }),
      body: body === undefined ? undefined : JSON.stringify(body),
      redirect: "manual",
    });
    const text = await res.text();
    let data: any = undefined;
    try {
      data = text ? JSON.parse(text) : undefined;
    } catch {
      data = text;
    }
    return { status: res.status, headers: res.headers, data };
  }
  anon(path: string) {
    return fetch(this.t.url + path, { headers: { Accept: "application/json" }, redirect: "manual" });
  }
  /**
   * Moves the sandbox's clock on (PUT /__sandbox/clock); a real forum's clock cannot be moved,
   * so there it answers false and a test stops at what it could check without waiting.
   */
  async advance(seconds: number): Promise<boolean> {
    if (!this.t.sandbox) return false;
    const res = await fetch(`${this.t.url}/__sandbox/clock`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ advance_seconds: seconds }) });
    return res.ok;
  }
  /** A new account, as an admin's API call makes one: active, at the forum's default trust level. */
  async newUser(prefix = "u"): Promise<{ username: string; id: number }> {
    const username = `${prefix}_${uid()}`;
    const r = await this.json("POST", "/users.json", { name: username, username, email: `${username}@example.com`, password: `pw-${uid()}-${uid()}`, active: true, approved: true });
    if (r.data?.success !== true) throw new Error(`could not create ${username}: ${JSON.stringify(r.data)}`);
    return { username, id: r.data.user_id };
  }
}
