import http, { type IncomingMessage, type Server, type ServerResponse } from "node:http";
import express from "express";
import type { Logger } from "../log.ts";
import type { LoadedPlan } from "../plan/load.ts";
import { seminarStatus } from "../status.ts";
import type { Store } from "../store/store.ts";
import type { ModeratorActions } from "./actions.ts";
import { requireToken } from "./auth.ts";
import { jsonErrorHandler } from "./errors.ts";
import { healthHandler } from "./health.ts";
import { consoleRouter } from "./console.ts";
import { hostGuard } from "./host-guard.ts";
import { WEBHOOK_PATH, webhookHandler, webhookRouter } from "./webhooks.ts";

export interface ServiceAppOptions {
  store: Store;
  plans: () => LoadedPlan[];
  forumUrl: () => string;
  webhookSecrets: string[];
  dashboardToken?: string;
  log: Logger;
  onWebhook?: (event: string) => void;
  /** The moderator's buttons on the console (the service provides them). */
  actions?: ModeratorActions;
  quietAfterHours?: number;
  now?: () => Date;
}

/** A request listener with Express's `listen(port, host, done)`, whose `done` also receives a listen error. */
export interface ServiceApp {
  (req: IncomingMessage, res: ServerResponse): void;
  listen(port: number, host: string, done?: (err?: Error) => void): Server;
}

/** The service's HTTP surface: health, Discourse webhooks, a JSON API and the moderator's console. */
export function createServiceApp(o: ServiceAppOptions): ServiceApp {
  const webhook = webhookHandler({ store: o.store, secrets: o.webhookSecrets, log: o.log, onStored: o.onWebhook });
  const app = express();
  app.disable("x-powered-by");
  app.get("/health", healthHandler({ store: o.store, seminars: () => o.plans().length }));
  // Mounted before any JSON parser: the signature is over the raw bytes. Deliveries normally
  // skip Express altogether (below); the router answers other methods, and a URL with a query.
  app.use(webhookRouter(webhook));

  // Everything after the (signed) webhooks answers only to loopback host names when no token is set.
  app.use(hostGuard(o.dashboardToken));
  const auth = requireToken(o.dashboardToken);
  app.get("/api/seminars", auth, (_req, res) => void res.json({ seminars: seminarStatus(o.store, o.plans(), o.forumUrl()) }));
  app.get("/api/seminars/:id", auth, (req, res) => {
    const s = seminarStatus(o.store, o.plans(), o.forumUrl()).find((x) => x.id === req.params.id);
    if (!s) return void res.status(404).json({ error: `no seminar "${req.params.id}"` });
    res.json(s);
  });
  app.get("/api/digests", auth, (_req, res) => void res.json({ digests: o.store.digests.recent().map(({ markdown: _m, ...d }) => d) }));
  app.use(consoleRouter({ ...o, auth }));
  app.use((_req, res) => void res.status(404).json({ error: "not found" }));
  app.use(jsonErrorHandler(o.log));

  // Discourse's deliveries go straight to their handler: at 1,500 a second Express's routing was
  // a third of each delivery's CPU and most of its p99 latency (bench/webhooks.ts).
  const listener = ((req: IncomingMessage, res: ServerResponse) => {
    if (req.method !== "POST" || req.url !== WEBHOOK_PATH) return void app(req, res);
    try {
      webhook(req, res);
    } catch (e) {
      // What Express's router would have done with a throw: log it, answer one line of JSON.
      o.log.error({ err: (e as Error).message }, "webhook handler failed");
      if (!res.headersSent) res.writeHead(500, { "content-type": "application/json; charset=utf-8", connection: "close" }).end(JSON.stringify({ error: "internal error" }));
    }
  }) as ServiceApp;
  listener.listen = (port, host, done) => {
    const server = http.createServer(listener);
    if (!done) return server.listen(port, host);
    let called = false;
    const once = (err?: Error) => {
      if (called) return;
      called = true;
      done(err);
    };
    server.once("error", once);
    return server.listen(port, host, () => once());
  };
  return listener;
}
