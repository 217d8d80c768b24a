import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { ctx, type Deps } from "../context.ts";

/** PostsController#create_params: what may reach the post manager, API-only extras included. */
const CREATE_PARAMS = [
  "raw", "topic_id", "archetype", "category", "target_recipients", "reply_to_post_number", "auto_track",
  "typing_duration_msecs", "composer_open_duration_msecs", "visible", "unlist_topic", "draft_key", "composer_version", "locale",
  "skip_validations", "import_mode", "embed_url", "created_at", "external_id", "image_sizes", "meta_data", "topic_custom_fields",
  "is_warning", "no_bump", "shared_draft", "whisper", "title", "tags",
];

const WINDOW_MS = 120_000;

/**
 * PostsController#signature_for: SHA1 over the create params the controller permitted, plus
 * the ones it adds (ip_address, user_agent, referrer) and the acting user's id. Keys the
 * client added that Discourse does not permit do not change the signature.
 */
export function replaySignature(body: Record<string, unknown>, o: { userId: number; ip: string; userAgent?: string; referrer?: string }): string {
  const params: [string, unknown][] = CREATE_PARAMS.filter((k) => body[k] !== undefined || body[`${k}[]`] !== undefined).map((k) => [k, body[k] ?? body[`${k}[]`]]);
  params.push(["ip_address", o.ip], ["user_agent", o.userAgent ?? null], ["referrer", o.referrer ?? null], ["user", o.userId]);
  params.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return `post##${createHash("sha1").update(JSON.stringify(params)).digest("hex")}`;
}

/**
 * The API's replay window (app/controllers/posts_controller.rb wraps #create for API keys in
 * lib/distributed_memoizer.rb: memoize(signature_for(params), 120)): an identical create by the same user within 120 s gets the
 * first answer (the same post, or the same 422) and creates nothing. Answers that raised (429,
 * 403, 400) are not kept. Off with `startSandbox({ replayCache: false })`, so that exactly-once
 * tests prove the client's own discipline.
 */
export function replayCache({ state, settings }: Deps) {
  const cache = new Map<string, { at: number; status: number; body: unknown }>();
  const middleware = (req: Request, res: Response, next: NextFunction) => {
    const c = ctx(res);
    if (!settings.replayCache || !c.viaApiKey || !c.actor) return next();
    const now = state.now().getTime();
    for (const [k, v] of cache) if (now - v.at >= WINDOW_MS) cache.delete(k);
    const key = replaySignature((req.body ?? {}) as Record<string, unknown>, { userId: c.actor.id, ip: String(res.locals.ip ?? ""), userAgent: req.get("user-agent"), referrer: req.get("referer") });
    const hit = cache.get(key);
    if (hit) return void res.status(hit.status).json(hit.body);
    const json = res.json.bind(res);
    res.json = ((body: unknown) => {
      if (res.statusCode === 200 || res.statusCode === 422) cache.set(key, { at: state.now().getTime(), status: res.statusCode, body });
      return json(body);
    }) as typeof res.json;
    next();
  };
  return Object.assign(middleware, { clear: () => cache.clear() });
}
