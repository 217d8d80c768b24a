/**
 * The webhook receiver as it was before issue 10, kept for the benchmark only, so the gain is
 * measured against the real thing in the same run: express.raw buffers up to 5 MB before any
 * check, every statement is prepared again on each call, and SQLite checkpoints inside
 * whichever commit crosses its default 1,000 pages.
 */
import express, { type Request, type Response, type Router } from "express";
import { verifyWebhook } from "../../src/discourse/webhook-signature.ts";
import { openDb } from "../../src/store/db.ts";
import { PostRecords } from "../../src/store/posts.ts";
import { Store } from "../../src/store/store.ts";
import { ThreadRecords } from "../../src/store/threads.ts";
import { WebhookDeliveryRecords } from "../../src/store/webhooks.ts";
import { ingestWebhook } from "../../src/track/webhook.ts";

const REQUIRED = ["x-discourse-event", "x-discourse-event-type", "x-discourse-event-id"] as const;

export function naiveWebhookRouter(o: { store: Store; secrets: string[] }): Router {
  const router = express.Router();
  router.post("/webhooks/discourse", express.raw({ type: () => true, limit: "5mb" }), (req: Request, res: Response) => {
    const type = req.get("content-type") ?? "";
    if (!/application\/json|application\/x-www-form-urlencoded/.test(type)) return void res.status(415).json({ error: "Content-Type must be application/json" });
    const missing = REQUIRED.filter((h) => !req.get(h));
    if (missing.length) return void res.status(400).json({ error: `missing headers: ${missing.join(", ")}` });
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from("");
    const event = req.get("x-discourse-event")!;
    const eventId = req.get("x-discourse-event-id")!;
    if (!verifyWebhook(o.secrets, raw, req.get("x-discourse-event-signature"))) return void res.status(401).json({ error: "signature does not match" });
    if (event === "ping") return void res.json({ ok: true });
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return void res.status(400).json({ error: "body is not valid JSON" });
    }
    try {
      res.json({ ok: true, outcome: ingestWebhook(o.store, event, eventId, body) });
    } catch {
      res.status(500).json({ error: "could not store the delivery" });
    }
  });
  return router;
}

/** A store whose records prepare their statements on every call, with SQLite's default checkpointing. */
export function naiveStore(file: string): Store {
  const db = openDb(file);
  db.pragma("wal_autocheckpoint = 1000");
  const store = new Store(db, file);
  const prepareEachTime = (text: string) => db.prepare(text);
  Object.assign(store, {
    posts: new PostRecords(prepareEachTime),
    threads: new ThreadRecords(prepareEachTime, (fn) => store.transaction(fn)),
    webhooks: new WebhookDeliveryRecords(prepareEachTime),
  });
  return store;
}
