import { randomBytes } from "node:crypto";
import { Router, type Request, type Response } from "express";
import type { Deps } from "../context.ts";
import { parseFaults } from "../faults.ts";
import { vote } from "../forum/actions.ts";
import { destroyPost, recoverPost } from "../forum/destroying.ts";
import { hidePost, unhidePost } from "../forum/moderation.ts";
import { createReply } from "../forum/posting.ts";
import { createParticipant } from "../forum/users.ts";
import { ForumError, type SUser } from "../model.ts";
import { changeSettings, GLOBAL_SETTING_DEFAULTS, SITE_SETTING_DEFAULTS } from "../settings.ts";
import { sameOriginOnly } from "../middleware/same-origin.ts";

export interface ToolHooks {
  listenHost: () => string;
  userApiKeys: Map<string, number>;
  /** Moves the sandbox's clock forward (it never goes back). */
  advanceClock: (seconds: number) => void;
  clockNow: () => Date;
  /** Forgets what the replay cache holds. */
  clearReplay: () => void;
}

/**
 * `/__sandbox/*`: the sandbox's own tools, outside Discourse's namespace. JSON endpoints for
 * tests (faults, settings, clock, reset, user API keys, hiding a post), and the targets of the
 * forms on its HTML pages, through which a person replies, votes, deletes or recovers their own
 * post as any participant name, and moderates (hide, unhide, whisper) as `system`. None of it
 * needs a key, so every write must come from this sandbox's own pages (same-origin.ts).
 */
export function toolsRoutes({ state, settings }: Deps, hooks: ToolHooks): Router {
  const r = Router();
  r.use("/__sandbox", sameOriginOnly(hooks.listenHost));
  const system = () => state.userById(-1)!;

  r.get("/__sandbox/faults", (_req, res) => void res.json(settings.faults));
  r.put("/__sandbox/faults", (req, res) => {
    try {
      const spec = typeof req.body?.spec === "string" ? req.body.spec : "";
      settings.faults = req.body?.reset ? parseFaults(spec) : parseFaults(spec, settings.faults);
      if (typeof req.body?.rate_limit === "number") {
        settings.rateLimit = req.body.rate_limit;
        state.limits.clear("admin_api_min");
      }
      res.json({ faults: settings.faults, rate_limit: settings.rateLimit });
    } catch (e) {
      res.status(400).json({ errors: [(e as Error).message] });
    }
  });
  const settingsTool = (target: object, defaults: object) => (req: Request, res: Response) => {
    if (req.method === "PUT") {
      const errors = changeSettings(target, defaults, (req.body ?? {}) as Record<string, unknown>);
      if (errors.length) return void res.status(422).json({ errors });
    }
    res.json(target);
  };
  r.get("/__sandbox/site_settings", settingsTool(state.site, SITE_SETTING_DEFAULTS));
  r.put("/__sandbox/site_settings", settingsTool(state.site, SITE_SETTING_DEFAULTS));
  r.get("/__sandbox/global_settings", settingsTool(settings.global, GLOBAL_SETTING_DEFAULTS));
  r.put("/__sandbox/global_settings", settingsTool(settings.global, GLOBAL_SETTING_DEFAULTS));
  r.get("/__sandbox/clock", (_req, res) => void res.json({ now: hooks.clockNow().toISOString() }));
  r.put("/__sandbox/clock", (req, res) => {
    const s = Number(req.body?.advance_seconds);
    if (!Number.isFinite(s) || s < 0) return void res.status(400).json({ errors: ["advance_seconds takes a number of seconds >= 0"] });
    hooks.advanceClock(s);
    res.json({ now: hooks.clockNow().toISOString() });
  });
  // User API keys are granted by users through a browser flow on Discourse; here a test asks for one.
  r.post("/__sandbox/user-api-keys", (req, res) => {
    const user = state.userByName(String(req.body?.username ?? ""));
    if (!user) return void res.status(404).json({ errors: ["no such user"] });
    const key = randomBytes(16).toString("hex");
    hooks.userApiKeys.set(key, user.id);
    res.json({ key });
  });
  r.post("/__sandbox/reset", (_req, res) => {
    state.reset();
    hooks.clearReplay();
    res.json({ success: "OK" });
  });
  r.post("/__sandbox/posts/:id/hide", (req, res) => {
    try {
      hidePost(state, Number(req.params.id));
      res.json({ success: "OK" });
    } catch (e) {
      if (e instanceof ForumError) return void res.status(e.status).json(e.body);
      throw e;
    }
  });

  /** The forms act as a named participant, created (active, TL0) on first use. */
  function participant(username: unknown): SUser {
    const name = String(username ?? "").trim();
    if (!/^[\w.-]{3,20}$/.test(name)) throw new Error("Choose a username of 3 to 20 letters, digits, dots, dashes or underscores.");
    return state.userByName(name) ?? createParticipant(state, name);
  }
  /** Runs a form's action, then goes back to the topic page, with the forum's message if it failed. */
  const form = (fn: (req: Request) => number | undefined) => (req: Request, res: Response) => {
    const postTopic = () => state.post(Number(req.body?.post_id))?.topic_id;
    let topicId = Number(req.body?.topic_id) || postTopic();
    try {
      topicId = fn(req) ?? topicId;
      res.redirect(303, `/t/${state.topicWithDeleted(topicId ?? 0)?.slug ?? "topic"}/${topicId}#bottom`);
    } catch (e) {
      const back = topicId ? `/t/${state.topicWithDeleted(topicId)?.slug ?? "topic"}/${topicId}` : "/";
      res.redirect(303, `${back}?error=${encodeURIComponent((e as Error).message)}#reply`);
    }
  };
  const replyTo = (req: Request) => Number(req.body?.reply_to_post_number) || undefined;
  r.post("/__sandbox/reply", form((req) => createReply(state, participant(req.body?.username), { topic_id: Number(req.body?.topic_id), raw: String(req.body?.raw ?? ""), reply_to_post_number: replyTo(req) }).topic_id));
  r.post("/__sandbox/whisper", form((req) => createReply(state, system(), { topic_id: Number(req.body?.topic_id), raw: String(req.body?.raw ?? ""), reply_to_post_number: replyTo(req), whisper: true }).topic_id));
  r.post("/__sandbox/vote", form((req) => void vote(state, participant(req.body?.username), Number(req.body?.post_id), String(req.body?.poll_name ?? "poll"), [String(req.body?.option ?? "")])));
  r.post("/__sandbox/delete", form((req) => void destroyPost(state, participant(req.body?.username), Number(req.body?.post_id))));
  r.post("/__sandbox/recover", form((req) => void recoverPost(state, participant(req.body?.username), Number(req.body?.post_id))));
  r.post("/__sandbox/hide", form((req) => void hidePost(state, Number(req.body?.post_id))));
  r.post("/__sandbox/unhide", form((req) => void unhidePost(state, system(), Number(req.body?.post_id))));
  return r;
}
