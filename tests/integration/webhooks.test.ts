import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { describe, expect, it } from "vitest";
import { signWebhook } from "../../src/discourse/webhook-signature.ts";
import { silentLogger } from "../../src/log.ts";
import { WEBHOOK_PATH, webhookHandler, webhookRouter, type WebhookRouterOptions } from "../../src/server/webhooks.ts";
import { webhookIngestor } from "../../src/track/webhook.ts";
import path from "node:path";
import { openStore } from "../../src/store/store.ts";
import type { CheckpointEvent } from "../../src/store/checkpointer.ts";
import { eventually, memoryStore, onCleanup, tempDir } from "../helpers.ts";
import { forumPost, releasedSeminar } from "../store-seed.ts";

const SECRET = "webhook-secret-for-tests";

async function receiver(o: Partial<WebhookRouterOptions> = {}) {
  const store = memoryStore();
  const { threads } = releasedSeminar(store);
  const app = express();
  app.use(webhookRouter({ store, secrets: [SECRET], log: silentLogger, ...o }));
  const server = await new Promise<http.Server>((resolve) => {
    const s = app.listen(0, "127.0.0.1", () => resolve(s));
  });
  onCleanup(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
  return { store, port: (server.address() as AddressInfo).port, topicId: threads[0]!.topicId };
}

const headersFor = (event: string, body: string, extra: Record<string, string> = {}) => ({
  "content-type": "application/json",
  "x-discourse-event": event,
  "x-discourse-event-type": event.split("_")[0]!,
  "x-discourse-event-id": "41",
  "x-discourse-event-signature": signWebhook(SECRET, body),
  "content-length": String(Buffer.byteLength(body)),
  ...extra,
});

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * Sends the request line and headers only, never the body, and waits for the answer: a
 * response proves the server decided without reading the body it was promised.
 */
function headersOnly(port: number, headers: Record<string, string>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method: "POST", path: WEBHOOK_PATH, headers, agent: false }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => {
        resolve({ status: res.statusCode!, headers: res.headers, body });
        req.destroy();
      });
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

/** Sends a whole request, with `chunks` written one by one (chunked encoding when no content-length is given). */
function send(port: number, headers: Record<string, string>, chunks: (string | Buffer)[], method = "POST"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path: WEBHOOK_PATH, headers, agent: false }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    for (const c of chunks) req.write(c);
    req.end();
  });
}

const postBody = (topicId: number, o: { id?: number; raw?: string; version?: number } = {}) =>
  JSON.stringify({ post: forumPost({ id: o.id ?? 5001, topicId, postNumber: 4, username: "ana", raw: o.raw ?? "Buses every hour would change my week.", createdAt: "2026-12-02T10:00:00.000Z", version: o.version }) });

describe("the webhook receiver", () => {
  it("refuses on the headers alone, before reading the body, and closes the connection", async () => {
    const { port } = await receiver();
    const big = { "content-length": String(4_900_000) };
    const h = headersFor("post_created", "{}", big);
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ ...h, "content-type": "text/plain" }, 415, /Content-Type/],
      [{ ...h, "content-encoding": "gzip" }, 415, /Content-Encoding gzip/],
      [Object.fromEntries(Object.entries(h).filter(([k]) => k !== "x-discourse-event-id")), 400, /x-discourse-event-id/],
      [Object.fromEntries(Object.entries(h).filter(([k]) => k !== "x-discourse-event-signature")), 401, /not signed/],
      [h, 413, /larger than 524288 bytes/],
    ];
    for (const [headers, status, error] of cases) {
      const a = await headersOnly(port, headers);
      expect([a.status, a.body]).toEqual([status, expect.stringMatching(error)]);
      expect(a.headers.connection).toBe("close");
    }
  });

  it("refuses every delivery when no secret is configured, before reading", async () => {
    const { port } = await receiver({ secrets: [] });
    expect((await headersOnly(port, headersFor("post_created", "{}", { "content-length": "1000" }))).status).toBe(403);
  });

  it("answers 413 when a body without a declared length runs past the limit", async () => {
    const { port } = await receiver({ maxBodyBytes: 1024 });
    const { "content-length": _drop, ...chunked } = headersFor("post_created", "x");
    const a = await send(port, { ...chunked, "transfer-encoding": "chunked" }, ["{".padEnd(800, " "), "".padEnd(800, " ")]);
    expect(a.status).toBe(413);
  });

  it("accepts a gzip-free identity encoding and a charset parameter", async () => {
    const { port, store, topicId } = await receiver();
    const body = postBody(topicId);
    const a = await send(port, headersFor("post_created", body, { "content-type": "application/json; charset=utf-8", "content-encoding": "identity" }), [body]);
    expect(a.status).toBe(200);
    expect(store.posts.ofTopic(topicId).map((p) => p.post_id)).toContain(5001);
  });

  it("has stored the delivery when it answers 200, JSON or form-encoded, and knows a redelivery", async () => {
    const { port, store, topicId } = await receiver();
    const body = postBody(topicId);
    const first = await send(port, headersFor("post_created", body), [body]);
    expect([first.status, JSON.parse(first.body)]).toEqual([200, { ok: true, outcome: "stored" }]);
    expect(store.posts.ofTopic(topicId).find((p) => p.post_id === 5001)?.raw).toBe("Buses every hour would change my week.");
    // Discourse's "x-www-form-urlencoded" setting sends the same JSON text, signed the same way.
    const again = await send(port, headersFor("post_created", body, { "content-type": "application/x-www-form-urlencoded", "x-discourse-event-id": "42" }), [body]);
    expect(JSON.parse(again.body)).toEqual({ ok: true, outcome: "duplicate" });
    const edit = postBody(topicId, { raw: "Buses every hour would change my week, and my mother's.", version: 2 });
    expect(JSON.parse((await send(port, headersFor("post_edited", edit), [edit])).body).outcome).toBe("stored");
    expect(store.posts.ofTopic(topicId).find((p) => p.post_id === 5001)?.version).toBe(2);
    expect(store.webhooks.count()).toBe(2);
  });

  it("checks the signature over the exact bytes, then the JSON", async () => {
    const { port, store, topicId } = await receiver();
    const body = postBody(topicId);
    const tampered = body.replace("every hour", "every week");
    expect((await send(port, headersFor("post_created", body), [tampered])).status).toBe(401);
    expect(store.posts.ofTopic(topicId).some((p) => p.post_id === 5001)).toBe(false);
    expect((await send(port, headersFor("post_created", "{nope"), ["{nope"])).status).toBe(400);
  });

  it("ignores posts of topics that are not tracked", async () => {
    const { port } = await receiver();
    const body = postBody(999_999);
    expect(JSON.parse((await send(port, headersFor("post_created", body), [body])).body).outcome).toBe("ignored");
  });

  it("works as a plain Node handler, without Express", async () => {
    const store = memoryStore();
    const topicId = releasedSeminar(store).threads[0]!.topicId;
    const handle = webhookHandler({ store, secrets: [SECRET], log: silentLogger });
    const server = await new Promise<http.Server>((resolve) => {
      const s = http.createServer(handle).listen(0, "127.0.0.1", () => resolve(s));
    });
    onCleanup(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
    const port = (server.address() as AddressInfo).port;
    const body = postBody(topicId);
    expect(JSON.parse((await send(port, headersFor("post_created", body), [body])).body)).toEqual({ ok: true, outcome: "stored" });
    expect((await headersOnly(port, { ...headersFor("post_created", body), "content-encoding": "gzip" })).status).toBe(415);
  });

  it("answers other methods with 405", async () => {
    const { port } = await receiver();
    const a = await send(port, {}, [], "GET");
    expect([a.status, a.headers.allow]).toEqual([405, "POST"]);
  });
});

describe("the delivery log", () => {
  const setup = (o: Parameters<typeof webhookIngestor>[1]) => {
    const store = memoryStore();
    const topicId = releasedSeminar(store).threads[0]!.topicId;
    const ingestor = webhookIngestor(store, o);
    const deliver = (id: number, event = "post_created") => ingestor.ingest(event, String(id), JSON.parse(postBody(topicId, { id })));
    return { store, ingestor, deliver, topicId };
  };
  /** Lets the prune scheduled after a batch run. */
  const turn = () => new Promise((r) => setImmediate(r));

  it("forgets keys past the retention every few deliveries, a bounded batch at a time", async () => {
    let clock = new Date("2026-12-01T00:00:00.000Z");
    const { store, ingestor, deliver } = setup({ pruneEvery: 3, pruneLimit: 2, retentionMs: 60_000, now: () => clock });
    for (let i = 0; i < 4; i++) expect(await deliver(6000 + i)).toBe("stored");
    await turn();
    // The 3rd delivery pruned, but nothing was old yet.
    expect([store.webhooks.count(), ingestor.pruned]).toEqual([4, 0]);
    clock = new Date(clock.getTime() + 120_000);
    await deliver(6004);
    await deliver(6005); // the 6th prunes: at most 2 of the 4 old keys
    await turn();
    expect([store.webhooks.count(), ingestor.pruned]).toEqual([4, 2]);
    for (let i = 6; i < 9; i++) await deliver(6000 + i); // the 9th prunes the other 2
    await turn();
    expect([store.webhooks.count(), ingestor.pruned]).toEqual([5, 4]);
    // A forgotten key is a fresh delivery again: the price of a bounded log, and upsert keeps it harmless.
    expect(await deliver(6000)).toBe("stored");
  });

  it("commits the deliveries of one turn together, each settling only after the commit, a failure alone", async () => {
    const { store, deliver, topicId } = setup({});
    const seen: number[] = [];
    const all = [deliver(7001), deliver(7002), deliver(7001), deliver(7003, "post_destroyed")].map((p, i) => p.then((o) => (seen.push(i), o)));
    // Nothing is settled, nor written, before the batch's turn comes.
    await Promise.resolve();
    expect([seen, store.posts.ofTopic(topicId).filter((p) => p.post_id > 7000 && p.post_id < 9000)]).toEqual([[], []]);
    expect(await Promise.all(all)).toEqual(["stored", "stored", "duplicate", "stored"]);
    expect(store.posts.ofTopic(topicId).filter((p) => p.post_id > 7000 && p.post_id < 9000).map((p) => p.post_id)).toEqual([7001, 7002]);
  });

  it("rejects every delivery of a batch whose commit fails, so none is acknowledged", async () => {
    const { store, deliver } = setup({});
    const pending = [deliver(8001), deliver(8002)];
    store.close();
    for (const p of pending) await expect(p).rejects.toThrow();
  });
});

describe("checkpoints", () => {
  it("copy the WAL into the database from a worker thread, not inside commits", async () => {
    const store = openStore(path.join(tempDir(), "seminar.sqlite"));
    onCleanup(() => store.close());
    releasedSeminar(store, { threads: 20 });
    const events: CheckpointEvent[] = [];
    const checkpointer = store.startCheckpointer({ everyMs: 20, onEvent: (e) => events.push(e) });
    onCleanup(() => checkpointer.stop());
    // The seeding above left pages in the WAL (the commits themselves no longer checkpoint them).
    await eventually(() => events.some((e) => e.type === "checkpoint" && e.copiedPages! > 0));
    expect(events.filter((e) => e.type === "error")).toEqual([]);
    await checkpointer.stop();
    expect(store.checkpoint().walPages).toBeGreaterThanOrEqual(0);
  });
});
