import { Router } from "express";
import { ctx, requireUser, route, toArray, truthy, type Deps } from "../context.ts";
import { like } from "../forum/actions.ts";
import { destroyPost, recoverPost } from "../forum/destroying.ts";
import { updatePost } from "../forum/editing.ts";
import { unhidePost } from "../forum/moderation.ts";
import { createReply, createTopic, INVALID_WHISPER } from "../forum/posting.ts";
import { isWhisperer } from "../forum/trust.ts";
import { ForumError, POST_TYPES } from "../model.ts";
import { serializePost } from "../serialize/post.ts";
import { canSeePost, canSeeTopic } from "../serialize/visibility.ts";
import type { replayCache } from "../middleware/replay-cache.ts";

/** app/controllers/posts_controller.rb: create (behind the replay cache), latest, show, update, destroy, recover, unhide; likes. */
export function postsRoutes({ state }: Deps, replay: ReturnType<typeof replayCache>): Router {
  const r = Router();

  r.post("/posts", replay, route((req, res) => {
    const actor = requireUser(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    // create_params: whisper=true only for whisperers (403 invalid_whisper_access).
    const whisper = truthy(body.whisper);
    if (whisper && !isWhisperer(state, actor)) throw ForumError.invalidAccess(INVALID_WHISPER);
    const isTopic = body.topic_id === undefined || body.topic_id === "";
    let post;
    try {
      post = isTopic
        ? createTopic(state, actor, {
            title: body.title as string | undefined,
            raw: body.raw as string | undefined,
            category: body.category,
            external_id: body.external_id === undefined ? undefined : String(body.external_id),
            tags: toArray(body.tags ?? body["tags[]"]).map(String),
            created_at: body.created_at as string | undefined,
          })
        : createReply(state, actor, {
            topic_id: Number(body.topic_id),
            raw: body.raw as string | undefined,
            reply_to_post_number: body.reply_to_post_number ? Number(body.reply_to_post_number) : null,
            whisper,
          });
    } catch (e) {
      // backwards_compatible_json: validation failures answer 422 with the action.
      if (e instanceof ForumError && e.status === 422) return void res.status(422).json(e.body);
      throw e;
    }
    return { ...serializePost(state, post, actor, { raw: true }), draft_sequence: 0 };
  }));

  // posts#latest: the newest 50 regular, unhidden posts of listed topics; `before` is inclusive.
  r.get("/posts", route((req, res) => {
    const viewer = ctx(res).actor;
    const before = Number(req.query.before);
    const out = [];
    for (const p of state.postsNewestFirst(before > 0 ? before : undefined)) {
      if (out.length >= 50) break;
      if (p.deleted_at || p.hidden || p.post_type !== POST_TYPES.regular) continue;
      const t = state.topic(p.topic_id);
      if (!t?.visible) continue;
      const text = p.cooked.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
      out.push({
        ...serializePost(state, p, viewer, { raw: true, topic: t }),
        topic_title: t.title, topic_html_title: t.title, category_id: t.category_id,
        excerpt: text.length > 300 ? `${text.slice(0, 300)}&hellip;` : text, truncated: text.length > 300,
      });
    }
    return { latest_posts: out };
  }));

  r.get("/posts/:id", route((req, res) => {
    const viewer = ctx(res).actor;
    const p = state.post(Number(req.params.id));
    const t = p && state.topicWithDeleted(p.topic_id);
    if (!p || !t || !canSeeTopic(viewer, t) || !canSeePost(state, viewer, p)) throw ForumError.notFound();
    return serializePost(state, p, viewer, { raw: true });
  }));

  r.put("/posts/:id", route((req, res) => {
    const post = req.body?.post;
    const raw = post && typeof post === "object" ? (post as Record<string, unknown>).raw : undefined;
    const p = updatePost(state, requireUser(res), Number(req.params.id), raw === undefined ? undefined : String(raw));
    return { post: { ...serializePost(state, p, ctx(res).actor, { raw: true }), draft_sequence: 0 } };
  }));

  r.delete("/posts/:id", route((req, res) => {
    destroyPost(state, requireUser(res), Number(req.params.id));
    // posts#destroy renders no body.
    res.status(200).end();
  }));

  r.put("/posts/:id/recover", route((req, res) => serializePost(state, recoverPost(state, requireUser(res), Number(req.params.id)), ctx(res).actor, { raw: true })));

  r.put("/posts/:id/unhide", route((req, res) => {
    unhidePost(state, requireUser(res), Number(req.params.id));
    res.status(200).end();
  }));

  r.post("/post_actions", route((req, res) => {
    if (Number(req.body?.post_action_type_id) !== 2) throw ForumError.invalidParameters("post_action_type_id");
    const p = like(state, requireUser(res), Number(req.body?.id));
    return serializePost(state, p, ctx(res).actor);
  }));
  return r;
}
