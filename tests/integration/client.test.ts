import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { DiscourseClient } from "../../src/discourse/client.ts";
import { DiscourseHttpError, DiscourseNetworkError, DiscourseRateLimitError, isOutcomeUnknown } from "../../src/discourse/errors.ts";
import { Forum } from "../../src/discourse/forum.ts";
import { Pacer } from "../../src/discourse/pacer.ts";
import { createLogger } from "../../src/log.ts";
import { parseFaults } from "../../src/sandbox/faults.ts";
import { API_KEY, forumAt, onCleanup, sandbox } from "../helpers.ts";

/** A scripted server: answers from a list and counts what arrived. */
async function scripted(handler: (n: number, req: import("node:http").IncomingMessage, res: import("node:http").ServerResponse) => void) {
  let n = 0;
  const server: Server = createServer((req, res) => handler(n++, req, res));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  onCleanup(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, count: () => n };
}

const noSleep = async () => {};

describe("DiscourseClient", () => {
  it("paces a 429 storm: after a site-wide 429 no request leaves before its Retry-After, and none is lost", async () => {
    const sb = await sandbox({ faults: parseFaults("429:0.5") });
    // A fake clock that moves only when the pacer sleeps: the test asserts the waits it computed, not wall time.
    let clock = 0;
    const events: { kind: "send" | "429"; at: number }[] = [];
    const pacer = new Pacer(10_000, () => clock, async (ms) => void (clock += ms));
    const forum = new Forum(
      new DiscourseClient({
        baseUrl: sb.url,
        auth: { kind: "api_key", key: API_KEY, username: "system" },
        pacer,
        fetch: async (url, init) => {
          events.push({ kind: "send", at: clock });
          const res = await fetch(url, init);
          if (res.status === 429) events.push({ kind: "429", at: clock });
          return res;
        },
      }),
    );
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) => forum.createTopic({ title: `Topic number ${i} in the storm test`, raw: `Body of topic ${i}, long enough to pass.` })),
    );
    expect(results).toHaveLength(8);
    const storms = events.filter((e) => e.kind === "429");
    expect(storms.length).toBeGreaterThan(0);
    // Every request sent after a 429 was seen waited out that 429's Retry-After (1 s).
    events.forEach((e, i) => {
      if (e.kind !== "send") return;
      for (const earlier of events.slice(0, i)) if (earlier.kind === "429") expect(e.at).toBeGreaterThanOrEqual(earlier.at + 1000);
    });
    sb.settings.faults = parseFaults("");
    const list = (await (await fetch(`${sb.url}/latest.json`)).json()) as { topic_list: { topics: unknown[] } };
    expect(list.topic_list.topics).toHaveLength(8);
  });

  it("holds only the user whose own bucket ran out (a 429 without a site-wide error code)", async () => {
    const s = await scripted((n, req, res) => {
      const user = req.headers["api-username"];
      if (user === "slow" && n === 0) res.writeHead(429, { "content-type": "application/json", "retry-after": "30" }).end(JSON.stringify({ errors: ["You’re replying a bit too quickly."], error_type: "rate_limit", extras: { wait_seconds: 30 } }));
      else res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    let clock = 0;
    const pacer = new Pacer(10_000, () => clock, async (ms) => void (clock += ms));
    const slept: number[] = [];
    const client = new DiscourseClient({ baseUrl: s.url, auth: { kind: "api_key", key: API_KEY, username: "system" }, pacer, sleep: async (ms) => void slept.push(ms) });
    await client.post("/posts.json", { schema: z.unknown(), body: { raw: "x" }, asUser: "slow" });
    // The slow user's retry waited about 30 s; the pacer (everyone's budget) was never paused.
    expect(slept.some((ms) => ms > 25_000)).toBe(true);
    expect(pacer.delayFor(clock)).toBe(0);
    const before = slept.length;
    await client.get("/latest.json", { schema: z.unknown() });
    expect(slept.length).toBe(before);
  });

  it("reads Retry-After, or extras.wait_seconds from a JSON 429, or a text/plain 429", async () => {
    const s = await scripted((n, _req, res) => {
      if (n === 0) res.writeHead(429, { "content-type": "text/plain", "retry-after": "7" }).end("Slow down, too many requests from this IP address.\nPlease retry again in 7 seconds.");
      else res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
    const pacer = new Pacer(1000);
    const client = new DiscourseClient({ baseUrl: s.url, auth: { kind: "none" }, pacer, maxRateLimitWaits: 0 });
    const err = await client.get("/latest.json", { schema: z.unknown() }).catch((e) => e);
    expect(err).toBeInstanceOf(DiscourseRateLimitError);
    expect((err as DiscourseRateLimitError).waitSeconds).toBe(7);
    const s2 = await scripted((_n, _req, res) => res.writeHead(429, { "content-type": "application/json" }).end(JSON.stringify({ errors: ["Slow down"], error_type: "rate_limit", extras: { wait_seconds: 12 } })));
    const c2 = new DiscourseClient({ baseUrl: s2.url, auth: { kind: "none" }, pacer, maxRateLimitWaits: 0 });
    expect(((await c2.get("/x.json", { schema: z.unknown() }).catch((e) => e)) as DiscourseRateLimitError).waitSeconds).toBe(12);
  });

  it("holds every caller after a 429, since the forum's budget is shared", () => {
    let now = 0;
    const pacer = new Pacer(60, () => now);
    pacer.pause(5000);
    expect(pacer.delayFor(now)).toBe(5000);
    now = 6000;
    expect(pacer.delayFor(now)).toBe(0);
  });

  it("keeps under the per-minute budget", async () => {
    let now = 0;
    const pacer = new Pacer(3, () => now, async (ms) => void (now += ms));
    for (let i = 0; i < 3; i++) await pacer.take();
    expect(pacer.delayFor(now)).toBe(60_000);
    await pacer.take();
    expect(now).toBe(60_000);
  });

  it("retries reads after 5xx and timeouts", async () => {
    const s = await scripted((n, _req, res) => {
      if (n === 0) res.writeHead(502, { "content-type": "text/html" }).end("<h1>Bad gateway</h1>");
      else if (n === 1) setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), 300);
      else res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ latest_posts: [] }));
    });
    const client = new DiscourseClient({ baseUrl: s.url, auth: { kind: "none" }, pacer: new Pacer(1000), timeoutMs: 100, sleep: noSleep });
    const r = await new Forum(client).latestPosts();
    expect(r.latest_posts).toEqual([]);
    expect(s.count()).toBe(3);
  });

  it("does not repeat a POST that timed out, and says its outcome is unknown", async () => {
    const s = await scripted((_n, _req, res) => setTimeout(() => res.writeHead(200, { "content-type": "application/json" }).end("{}"), 400));
    const client = new DiscourseClient({ baseUrl: s.url, auth: { kind: "api_key", key: API_KEY, username: "system" }, pacer: new Pacer(1000), timeoutMs: 100, sleep: noSleep });
    const err = await new Forum(client).createReply({ topic_id: 1, raw: "a reply that is long enough" }).catch((e) => e);
    expect(err).toBeInstanceOf(DiscourseNetworkError);
    expect((err as DiscourseNetworkError).timedOut).toBe(true);
    expect(isOutcomeUnknown(err)).toBe(true);
    expect(s.count()).toBe(1);
  });

  it("does not repeat a POST answered 500", async () => {
    const s = await scripted((_n, _req, res) => res.writeHead(500, { "content-type": "application/json" }).end('{"status":500,"error":"Internal Server Error"}'));
    const client = new DiscourseClient({ baseUrl: s.url, auth: { kind: "api_key", key: API_KEY, username: "system" }, pacer: new Pacer(1000), sleep: noSleep });
    const err = await new Forum(client).createTopic({ title: "A title long enough", raw: "and a body long enough too" }).catch((e) => e);
    expect(isOutcomeUnknown(err)).toBe(true);
    expect(s.count()).toBe(1);
  });

  it("reports read-only mode clearly and does not retry it", async () => {
    const sb = await sandbox({ faults: parseFaults("readonly:1") });
    const err = await forumAt(sb.url).createTopic({ title: "A title long enough", raw: "and a body long enough too" }).catch((e) => e);
    expect(err).toBeInstanceOf(DiscourseHttpError);
    expect((err as DiscourseHttpError).status).toBe(503);
    expect((err as DiscourseHttpError).errorType).toBe("read_only");
    expect((err as Error).message).toMatch(/read only mode/);
    expect(isOutcomeUnknown(err)).toBe(false);
  });

  it("builds its message from Discourse's errors[] and keeps status, error_type and extras", async () => {
    const sb = await sandbox();
    const err = (await forumAt(sb.url, { username: "nobody" }).getTopic(1).catch((e) => e)) as DiscourseHttpError;
    expect(err.status).toBe(403);
    expect(err.errorType).toBe("invalid_access");
    expect(err.message).toContain("The API username or key is invalid.");
  });

  it("follows the 301 of /t/external_id/ on the same host only", async () => {
    const sb = await sandbox();
    const forum = forumAt(sb.url);
    await forum.createTopic({ title: "A topic with an external id", raw: "Body of the topic with an id.", external_id: "ext-1" });
    expect((await forum.getTopicByExternalId("ext-1"))?.title).toBe("A topic with an external id");
    expect(await forum.getTopicByExternalId("missing")).toBeNull();
    const s = await scripted((_n, _req, res) => res.writeHead(301, { location: "http://evil.invalid/t/x/1.json" }).end());
    const client = new DiscourseClient({ baseUrl: s.url, auth: { kind: "api_key", key: API_KEY, username: "system" }, pacer: new Pacer(1000) });
    await expect(new Forum(client).getTopicByExternalId("x")).rejects.toThrow(/another host/);
  });

  it("never shows the key in errors, inspection or logs", async () => {
    const secret = "sk-live-do-not-print-0123456789";
    const lines: string[] = [];
    const log = createLogger({ level: "trace", secrets: [secret], destination: new Writable({ write(c, _e, cb) { lines.push(String(c)); cb(); } }) });
    const s = await scripted((_n, req, res) => {
      // A hostile or buggy server echoing the request headers back must not leak them either.
      res.writeHead(422, { "content-type": "application/json" }).end(JSON.stringify({ errors: [`bad request ${JSON.stringify(req.headers)}`] }));
    });
    const client = new DiscourseClient({ baseUrl: s.url, auth: { kind: "api_key", key: secret, username: "system" }, pacer: new Pacer(1000), log });
    const err = await client.get("/t/1.json", { schema: z.unknown() }).catch((e) => e);
    log.error({ err, client }, `failed: ${(err as Error).message}`);
    const shown = [inspect(err), inspect(client), JSON.stringify(err), JSON.stringify(client), String(err), lines.join("")];
    for (const text of shown) expect(text).not.toContain(secret);
    expect((err as Error).message).toContain("[REDACTED]");
    expect(inspect(client)).not.toContain(secret);
  });
});

describe("DiscourseClient with a user API key", () => {
  it("acts as the user who granted the key", async () => {
    const sb = await sandbox();
    await forumAt(sb.url).createUser({ name: "Kim", username: "kim_q", email: "kim@example.com", password: "long enough password", active: true });
    const { key } = (await (await fetch(`${sb.url}/__sandbox/user-api-keys`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ username: "kim_q" }) })).json()) as { key: string };
    const forum = new Forum(new DiscourseClient({ baseUrl: sb.url, auth: { kind: "user_api_key", key }, pacer: new Pacer(1000) }));
    const created = await forum.createTopic({ title: "A topic posted with a user API key", raw: "Body of the topic, long enough." });
    expect((created as { username: string }).username).toBe("kim_q");
    const bad = new Forum(new DiscourseClient({ baseUrl: sb.url, auth: { kind: "user_api_key", key: "nope" }, pacer: new Pacer(1000) }));
    await expect(bad.createTopic({ title: "A topic that must be refused", raw: "Body of the topic, long enough." })).rejects.toMatchObject({ status: 403 });
  });
});
