import type { IncomingMessage, ServerResponse } from "node:http";
import express, { type Router } from "express";
import { verifyWebhook } from "../discourse/webhook-signature.ts";
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import { webhookIngestor, type WebhookIngestorOptions } from "../track/webhook.ts";

export const WEBHOOK_PATH = "/webhooks/discourse";

/**
 * The largest delivery read. Discourse's largest payloads are post events: `raw` is at most
 * max_post_length (32,000 characters by default; up to 4 bytes each in UTF-8, and JSON escapes),
 * `cooked` is its HTML, typically one to two times longer, plus about 2 KB of fields. 512 KiB holds
 * such a post with room to spare, a tenth of the 5 MB that used to be buffered for anyone.
 */
export const WEBHOOK_BODY_LIMIT = 512 * 1024;

const REQUIRED = ["x-discourse-event", "x-discourse-event-type", "x-discourse-event-id"] as const;
/** Discourse sends JSON text under either content type (the webhook's "content type" setting). */
const CONTENT_TYPES = new Set(["application/json", "application/x-www-form-urlencoded"]);

export interface WebhookRouterOptions {
  store: Store;
  secrets: string[];
  log: Logger;
  onStored?: (event: string) => void;
  /** Bytes; above it a delivery gets 413 (default WEBHOOK_BODY_LIMIT). */
  maxBodyBytes?: number;
  /** Delivery log pruning (tests shorten it). */
  ingest?: WebhookIngestorOptions;
}

/**
 * Discourse's webhook receiver. Everything that can be refused from the request line and headers
 * is refused before a byte of the body is read (content type, encoding, the required headers, a
 * configured secret, a signature header, the declared length), and those answers close the
 * connection, so an unsigned or oversized post costs neither memory nor reading. Then the body is
 * read up to the limit, the signature is checked over its exact bytes, and only then is it parsed
 * and stored; the 200 goes out after the delivery is committed.
 */
export function webhookRouter(o: WebhookRouterOptions | WebhookHandler): Router {
  const handle = typeof o === "function" ? o : webhookHandler(o);
  const router = express.Router();
  router.post(WEBHOOK_PATH, (req, res) => handle(req, res));
  router.all(WEBHOOK_PATH, (_req, res) => void res.status(405).set("allow", "POST").json({ error: "webhooks are POSTed" }));
  return router;
}

/**
 * The receiver as a plain Node handler for POSTs to WEBHOOK_PATH, using nothing of Express: the
 * router above mounts it, and the service's server calls it before Express's routing (app.ts).
 */
export type WebhookHandler = (req: IncomingMessage, res: ServerResponse) => void;

export function webhookHandler(o: WebhookRouterOptions): WebhookHandler {
  const limit = o.maxBodyBytes ?? WEBHOOK_BODY_LIMIT;
  const ingestor = webhookIngestor(o.store, o.ingest);
  const answer = (res: ServerResponse, status: number, body: object, close = false) => {
    const json = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(json), ...(close ? { connection: "close" } : {}) }).end(json);
  };
  return (req, res) => {
    const header = (name: string) => {
      const v = req.headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const refused = refuseEarly(req, o.secrets.length > 0, limit);
    if (refused) {
      if (refused.status === 403) o.log.warn("webhook refused: DISCOURSE_WEBHOOK_SECRET is not set, so deliveries cannot be verified");
      else if (refused.status === 401) o.log.warn({ delivery: header("x-discourse-event-id"), event: header("x-discourse-event") }, "webhook refused: no signature");
      // The body was not read: close rather than let Node drain it for a keep-alive.
      return answer(res, refused.status, { error: refused.error }, true);
    }
    void readBody(req, limit).then((raw) => {
      if (raw === "too-large") return answer(res, 413, { error: `body is larger than ${limit} bytes` }, true);
      if (raw === "aborted") return;
      const event = header("x-discourse-event")!;
      const eventId = header("x-discourse-event-id")!;
      if (!verifyWebhook(o.secrets, raw, header("x-discourse-event-signature"))) {
        o.log.warn({ delivery: eventId, event }, "webhook refused: signature does not match");
        return answer(res, 401, { error: "signature does not match; check the webhook secret" });
      }
      if (event === "ping") return answer(res, 200, { ok: true });
      let body: unknown;
      try {
        body = JSON.parse(raw.toString("utf8"));
      } catch {
        return answer(res, 400, { error: "body is not valid JSON" });
      }
      ingestor.ingest(event, eventId, body).then(
        (outcome) => {
          if (outcome === "stored") o.onStored?.(event);
          answer(res, 200, { ok: true, outcome });
        },
        (e: unknown) => {
          o.log.error({ delivery: eventId, event, err: (e as Error).message }, "webhook could not be stored; polling will catch up");
          answer(res, 500, { error: "could not store the delivery" });
        },
      );
    });
  };
}

/** The refusal the request line and headers already justify, if any. Never looks at the body. */
function refuseEarly(req: IncomingMessage, haveSecret: boolean, limit: number): { status: number; error: string } | undefined {
  const type = (req.headers["content-type"] ?? "").split(";")[0]!.trim().toLowerCase();
  if (!CONTENT_TYPES.has(type)) return { status: 415, error: "Content-Type must be application/json (set it in the webhook's settings)" };
  const encoding = (req.headers["content-encoding"] ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "") return { status: 415, error: `Content-Encoding ${encoding} is not accepted; Discourse sends deliveries uncompressed` };
  const missing = REQUIRED.filter((h) => !req.headers[h]);
  if (missing.length) return { status: 400, error: `missing header${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}` };
  if (!haveSecret) return { status: 403, error: "this service has no webhook secret configured; set DISCOURSE_WEBHOOK_SECRET" };
  if (!req.headers["x-discourse-event-signature"]) return { status: 401, error: "the delivery is not signed; give the webhook a secret in Discourse, the same as DISCOURSE_WEBHOOK_SECRET" };
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit) return { status: 413, error: `body is larger than ${limit} bytes` };
  return undefined;
}

/**
 * The request's body, read by hand up to `limit` bytes. With a Content-Length (Discourse always
 * sends one) the bytes land in one buffer of that size; a chunked body is collected and cut
 * off at the limit.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | "too-large" | "aborted"> {
  return new Promise((resolve) => {
    const declared = req.headers["content-length"] !== undefined ? Number(req.headers["content-length"]) : undefined;
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: Buffer | "too-large" | "aborted") => {
      if (done) return;
      done = true;
      req.off("data", onData);
      resolve(r);
    };
    const onData = (c: Buffer) => {
      size += c.length;
      if (size > limit) return finish("too-large");
      chunks.push(c);
    };
    req.on("data", onData);
    req.once("end", () => finish(chunks.length === 1 && (declared === undefined || chunks[0]!.length === declared) ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once("error", () => finish("aborted"));
    req.once("close", () => finish("aborted"));
  });
}
