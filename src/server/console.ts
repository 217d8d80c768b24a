import express, { type NextFunction, type Request, type RequestHandler, type Response } from "express";
import type { Logger } from "../log.ts";
import type { LoadedPlan } from "../plan/load.ts";
import { seminarStatus } from "../status.ts";
import type { Store } from "../store/store.ts";
import type { ActionOutcome, ModeratorActions } from "./actions.ts";
import { renderIndexPage } from "./pages/index-page.ts";
import { page, PAGE_HEADERS } from "./pages/layout.ts";
import { renderDigestPage, renderSeminarPage } from "./pages/seminar-page.ts";
import { seminarView } from "./seminar-view.ts";
import { requireCsrf, Sessions } from "./session.ts";

export interface ConsoleOptions {
  store: Store;
  plans: () => readonly LoadedPlan[];
  forumUrl: () => string;
  /** The token check (requireToken), applied to every page and action. */
  auth: RequestHandler;
  actions?: ModeratorActions;
  quietAfterHours?: number;
  now?: () => Date;
  log: Logger;
}

const ACTIONS = ["release", "poll", "retry", "approve", "post-digest"] as const;
type ActionName = (typeof ACTIONS)[number];

/**
 * The moderator's console: `/` lists the seminars, `/seminars/:id` is one seminar's page,
 * `/seminars/:id/digests/:n` one digest, and `POST /seminars/:id/actions/<action>` the buttons
 * (token and CSRF token checked, then post/redirect/get with the outcome as a flash message).
 */
export function consoleRouter(o: ConsoleOptions): express.Router {
  const r = express.Router();
  const sessions = new Sessions();
  const now = () => (o.now ?? (() => new Date()))().getTime();
  const html = (res: Response, status: number, body: string) => void res.status(status).set(PAGE_HEADERS).type("html").send(body);
  const notFound = (res: Response, what: string) => html(res, 404, page({ title: "Not found", body: `<h1>Not found</h1><p>${what}</p><p><a href="/">All seminars</a></p>` }));
  const findPlan = (id: string) => o.plans().find((p) => p.plan.seminar.id === id);

  r.get("/", o.auth, (req, res) => {
    const sid = sessions.id(req, res);
    const seminars = seminarStatus(o.store, o.plans(), o.forumUrl()).map((s) => ({
      seminar: s,
      replies: o.store.views.threadActivity(s.id).reduce((n, a) => n + a.replies, 0),
    }));
    html(res, 200, renderIndexPage({ seminars, forumUrl: o.forumUrl(), now: now(), flash: sessions.takeFlash(sid) }));
  });

  r.get("/seminars/:id", o.auth, (req, res) => {
    const lp = findPlan(String(req.params.id));
    if (!lp) return notFound(res, "No seminar of that id is loaded.");
    const sid = sessions.id(req, res);
    const view = seminarView(o.store, lp, { forumUrl: o.forumUrl(), now: now(), quietAfterHours: o.quietAfterHours ?? 48 });
    html(res, 200, renderSeminarPage(view, { csrf: sessions.csrfToken(sid), flash: sessions.takeFlash(sid) }));
  });

  r.get("/seminars/:id/digests/:digestId", o.auth, (req, res) => {
    const lp = findPlan(String(req.params.id));
    const digest = lp ? o.store.digests.get(Number(req.params.digestId)) : undefined;
    if (!lp || !digest || digest.seminar_id !== lp.plan.seminar.id) return notFound(res, "No such digest.");
    const s = lp.plan.seminar;
    html(res, 200, renderDigestPage({ seminarId: s.id, seminarTitle: s.title, timezone: s.timezone, forumUrl: o.forumUrl(), digest }));
  });

  r.post("/seminars/:id/actions/:action", o.auth, express.urlencoded({ extended: false, limit: "8kb" }), requireCsrf(sessions), async (req: Request, res: Response, next: NextFunction) => {
    try {
      const id = String(req.params.id);
      const action = String(req.params.action) as ActionName;
      if (!ACTIONS.includes(action)) return notFound(res, "No such action.");
      if (!findPlan(id)) return notFound(res, "No seminar of that id is loaded.");
      const field = (name: string) => (typeof req.body?.[name] === "string" ? (req.body[name] as string) : "");
      const outcome: ActionOutcome = o.actions ? await run(o.actions, action, id, field) : { ok: false, message: "Actions are not available in this process." };
      sessions.setFlash(res.locals.sessionId as string, outcome);
      res.redirect(303, `/seminars/${encodeURIComponent(id)}#flash`);
    } catch (e) {
      next(e);
    }
  });

  return r;
}

function run(a: ModeratorActions, action: ActionName, seminarId: string, field: (name: string) => string): Promise<ActionOutcome> {
  switch (action) {
    case "release":
      return a.releaseNext(seminarId, field("thread"));
    case "poll":
      return a.pollNow(seminarId);
    case "retry":
      return a.retry(seminarId, field("thread"));
    case "approve":
      return a.approve(seminarId);
    case "post-digest":
      return a.postLatestDigest(seminarId, Number(field("digest")));
  }
}
