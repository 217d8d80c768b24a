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
import { webhookRouter } from "./webhooks.ts";

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

/** The service's HTTP surface: health, Discourse webhooks, a JSON API and the moderator's console. */
export function createServiceApp(o: ServiceAppOptions) {
  const app = express();
  app.disable("x-powered-by");
  app.get("/health", healthHandler({ store: o.store, seminars: () => o.plans().length }));
  // Mounted before any JSON parser: the signature is over the raw bytes.
  app.use(webhookRouter({ store: o.store, secrets: o.webhookSecrets, log: o.log, onStored: o.onWebhook }));

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
  return app;
}
