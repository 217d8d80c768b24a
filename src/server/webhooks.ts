import express, { type Request, type Response, type Router } from "express";
import { verifyWebhook } from "../discourse/webhook-signature.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import { ingestWebhook } from "../track/webhook.ts";

const REQUIRED = ["x-discourse-event", "x-discourse-event-type", "x-discourse-event-id"] as const;

/**
 * Discourse's webhook receiver, in the order that keeps it safe: method and content type,
 * the required headers, the signature over the raw bytes, and only then JSON.
 */
export function webhookRouter(o: { store: Store; secrets: string[]; log: Logger; onStored?: (event: string) => void }): Router {
  const router = express.Router();
  router.post("/webhooks/discourse", express.raw({ type: () => true, limit: "5mb" }), (req: Request, res: Response) => {
    const type = req.get("content-type") ?? "";
    if (!/application\/json|application\/x-www-form-urlencoded/.test(type)) {
      return void res.status(415).json({ error: "Content-Type must be application/json (set it in the webhook's settings)" });
    }
    const missing = REQUIRED.filter((h) => !req.get(h));
    if (missing.length) return void res.status(400).json({ error: `missing header${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}` });
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.from("");
    const event = req.get("x-discourse-event")!;
    const eventId = req.get("x-discourse-event-id")!;
    const log = o.log.child({ delivery: eventId, event });
    if (o.secrets.length === 0) {
      log.warn("webhook refused: DISCOURSE_WEBHOOK_SECRET is not set, so deliveries cannot be verified");
      return void res.status(403).json({ error: "this service has no webhook secret configured; set DISCOURSE_WEBHOOK_SECRET" });
    }
    if (!verifyWebhook(o.secrets, raw, req.get("x-discourse-event-signature"))) {
      log.warn("webhook refused: bad or missing signature");
      return void res.status(401).json({ error: "signature does not match; check the webhook secret" });
    }
    if (event === "ping") return void res.json({ ok: true });
    let body: unknown;
    try {
      body = JSON.parse(raw.toString("utf8"));
    } catch {
      return void res.status(400).json({ error: "body is not valid JSON" });
    }
    try {
      const outcome = ingestWebhook(o.store, event, eventId, body);
      log.debug({ outcome }, "webhook handled");
      if (outcome === "stored") o.onStored?.(event);
      res.json({ ok: true, outcome });
    } catch (e) {
      log.error({ err: (e as Error).message }, "webhook could not be stored; polling will catch up");
      res.status(500).json({ error: "could not store the delivery" });
    }
  });
  return router;
}
