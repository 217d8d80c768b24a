import express from "express";
import { renderDigestHtml } from "../digest/render.ts";
import type { Logger } from "../log.ts";
import type { LoadedPlan } from "../plan/load.ts";
import { escapeHtml as e } from "../render/html.ts";
import { seminarStatus } from "../status.ts";
import type { Store } from "../store/store.ts";
import { requireToken } from "./auth.ts";
import { jsonErrorHandler } from "./errors.ts";
import { healthHandler } from "./health.ts";
import { webhookRouter } from "./webhooks.ts";

export interface ServiceAppOptions {
  store: Store;
  plans: () => LoadedPlan[];
  forumUrl: () => string;
  webhookSecrets: string[];
  dashboardToken?: string;
  log: Logger;
  onWebhook?: (event: string) => void;
}

/** The service's HTTP surface: health, Discourse webhooks, a JSON API and the dashboard. */
export function createServiceApp(o: ServiceAppOptions) {
  const app = express();
  app.disable("x-powered-by");
  app.get("/health", healthHandler({ store: o.store, seminars: () => o.plans().length }));
  // Mounted before any JSON parser: the signature is over the raw bytes.
  app.use(webhookRouter({ store: o.store, secrets: o.webhookSecrets, log: o.log, onStored: o.onWebhook }));

  const auth = requireToken(o.dashboardToken);
  app.get("/api/seminars", auth, (_req, res) => void res.json({ seminars: seminarStatus(o.store, o.plans(), o.forumUrl()) }));
  app.get("/api/seminars/:id", auth, (req, res) => {
    const s = seminarStatus(o.store, o.plans(), o.forumUrl()).find((x) => x.id === req.params.id);
    if (!s) return void res.status(404).json({ error: `no seminar "${req.params.id}"` });
    res.json(s);
  });
  app.get("/api/digests", auth, (_req, res) => void res.json({ digests: o.store.digests.recent().map(({ markdown: _m, ...d }) => d) }));
  app.get("/", auth, (_req, res) => void res.type("html").send(dashboard(o)));
  app.use((_req, res) => void res.status(404).json({ error: "not found" }));
  app.use(jsonErrorHandler(o.log));
  return app;
}

function dashboard(o: ServiceAppOptions): string {
  const seminars = seminarStatus(o.store, o.plans(), o.forumUrl());
  const digests = o.store.digests.recent(5);
  const rows = seminars
    .map(
      (s) => `<h2>${e(s.title)} <small>${e(s.id)}</small></h2><table><tr><th>Thread</th><th>State</th><th>Release (UTC)</th><th>Replies</th><th>Participants</th></tr>${s.threads
        .map(
          (t) =>
            `<tr><td>${t.url ? `<a href="${e(t.url)}">${e(t.title)}</a>` : e(t.title)}${t.lastError ? `<div class="err">${e(t.lastError)}</div>` : ""}</td><td>${e(t.state)}</td><td>${e(t.releaseAt?.slice(0, 16).replace("T", " ") ?? "-")}</td><td>${t.replies}</td><td>${t.participants}</td></tr>`,
        )
        .join("")}</table>`,
    )
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>discourse-seminar</title>
<meta http-equiv="refresh" content="60"><style>body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em}table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eee;padding:.3em;text-align:left}small{color:#888;font-weight:normal}.err{color:#b00;font-size:.85em}section{border-left:3px solid #08c;padding-left:1em;margin:1em 0}.standing{color:#b50}</style></head>
<body><h1>discourse-seminar</h1><p>Forum: <a href="${e(o.forumUrl())}">${e(o.forumUrl())}</a> · <a href="/api/seminars">JSON</a></p>
${rows || "<p>No seminar plans loaded. Put a plan in the seminars folder (see <code>seminar draft</code>).</p>"}
<h2>Latest digests</h2>${digests.length ? digests.map((d) => `<article>${renderDigestHtml(d.data)}</article>`).join("<hr>") : "<p>No digest yet: run <code>seminar digest &lt;plan&gt;</code> or wait for the schedule.</p>"}
</body></html>`;
}
