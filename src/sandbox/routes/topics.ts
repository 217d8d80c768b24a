import { Router, type NextFunction, type Request, type Response } from "express";
import { ctx, requireUser, route, toArray, type Deps } from "../context.ts";
import { destroyTopic, recoverTopic } from "../forum/destroying.ts";
import { setStatus } from "../forum/moderation.ts";
import { isStaff } from "../forum/trust.ts";
import { renderLatestPage, renderTopicPage } from "../html.ts";
import { ForumError, type STopic, type SUser } from "../model.ts";
import { serializePost, topicFigures } from "../serialize/post.ts";
import { CHUNK_SIZE, PRINT_CHUNK_SIZE, serializeTopic } from "../serialize/topic.ts";
import { canSeePost, canSeeTopic, visiblePosts } from "../serialize/visibility.ts";
import type { ForumState } from "../state.ts";
import { topicList } from "./topic-list.ts";

/** A topic the viewer may open: staff also open deleted ones, which carry deleted_at. */
function topicFor(state: ForumState, id: number, viewer: SUser | undefined): STopic {
  const t = state.topicWithDeleted(id);
  if (!t || !canSeeTopic(viewer, t)) throw ForumError.notFound();
  return t;
}

/**
 * topics_controller#show with ?print=true: chunks of 1,000 posts, at most
 * max_prints_per_hour_per_user prints an hour for everyone but admins (a 422 "slow down" beyond).
 */
function printChunk(state: ForumState, viewer: SUser | undefined): number {
  const max = state.site.max_prints_per_hour_per_user;
  if (max <= 0) throw ForumError.invalidAccess();
  if (!viewer?.admin && !isStaff(viewer)) {
    const wait = state.limits.hit(`${viewer?.id ?? "anon"}:print-topic-per-hour`, max, 3600);
    if (wait > 0) throw new ForumError(422, { errors: ["You’ve performed this action too many times, please try again later."] });
  }
  return PRINT_CHUNK_SIZE;
}

/** Topic reads, status, deletion and the topic lists, as app/controllers/topics_controller.rb and list_controller.rb answer them. */
export function topicsRoutes({ state }: Deps): Router {
  const r = Router();

  r.get(["/", "/latest"], (req, res, next) => {
    if (!ctx(res).wantsJson) return void res.type("html").send(renderLatestPage(state));
    route((rq, rs) => topicList(state, rq, rs, () => true))(req, res, next);
  });

  // topics#show_by_external_id: Topic.find_by(external_id:) is an exact, case-sensitive match
  // among undeleted topics, then a 301 to the topic's canonical URL.
  r.get("/t/external_id/:externalId", route((req, res) => {
    const id = String(req.params.externalId);
    const t = [...state.topics.values()].find((x) => !x.deleted_at && x.external_id === id);
    if (!t) throw ForumError.notFound();
    res.redirect(301, `/t/${t.slug}/${t.id}.json`);
  }));

  // topics#posts: `post_ids[]` (any deleted ones too, for staff), or `post_number` with `asc`
  // for the 20 after or before it, or else the first chunk.
  r.get("/t/:id/posts", route((req, res) => {
    const viewer = ctx(res).actor;
    const t = topicFor(state, Number(req.params.id), viewer);
    const figures = topicFigures(state, t.id, viewer);
    const ids = toArray(req.query.post_ids ?? req.query["post_ids[]"]).map(Number);
    let posts;
    if (ids.length) {
      posts = state.postsOf(t.id).filter((p) => ids.includes(p.id) && canSeePost(state, viewer, p));
    } else if (req.query.post_number !== undefined) {
      const n = Number(req.query.post_number);
      const stream = visiblePosts(state, t, viewer);
      posts = req.query.asc === "false" ? stream.filter((p) => p.post_number < n).slice(-CHUNK_SIZE) : stream.filter((p) => p.post_number > n).slice(0, CHUNK_SIZE);
    } else {
      posts = visiblePosts(state, t, viewer).slice(0, CHUNK_SIZE);
    }
    return { post_stream: { posts: posts.map((p) => serializePost(state, p, viewer, { raw: !!req.query.include_raw, topic: t, figures })) }, id: t.id };
  }));

  r.put("/t/:id/status", route((req, res) => {
    const status = req.body?.status;
    if (!status) throw ForumError.parameterMissing("status");
    if (req.body?.enabled === undefined) throw ForumError.parameterMissing("enabled");
    setStatus(state, requireUser(res), Number(req.params.id), String(status), String(req.body.enabled) === "true");
    return { success: "OK", topic_status_update: null };
  }));

  r.delete("/t/:id", route((req, res) => {
    destroyTopic(state, requireUser(res), Number(req.params.id));
    res.status(200).end();
  }));
  r.put("/t/:id/recover", route((req, res) => {
    recoverTopic(state, requireUser(res), Number(req.params.id));
    res.status(200).end();
  }));

  const showTopic = (req: Request, res: Response, next: NextFunction) => {
    const p = req.params as Record<string, string>;
    const id = Number(p.id ?? p.slugOrId);
    if (!ctx(res).wantsJson) {
      const t = state.topic(id);
      if (!t) return void res.status(404).type("html").send("<h1>Not found</h1>");
      return void res.type("html").send(renderTopicPage(state, t, typeof req.query.error === "string" ? req.query.error : undefined));
    }
    route(() => {
      const viewer = ctx(res).actor;
      const t = topicFor(state, id, viewer);
      if (p.slug && p.slug !== t.slug) return void res.redirect(301, `/t/${t.slug}/${t.id}.json`);
      const chunk = req.query.print ? printChunk(state, viewer) : CHUNK_SIZE;
      const page = Number(req.query.page) || 1;
      if (page < 1 || (page - 1) * chunk >= Math.max(1, t.highest_post_number)) throw ForumError.notFound();
      return serializeTopic(state, t, viewer, { raw: !!req.query.include_raw, page, chunk });
    })(req, res, next);
  };
  r.get("/t/:slugOrId", (req, res, next) => (/^\d+$/.test(String(req.params.slugOrId)) ? showTopic(req, res, next) : next()));
  r.get("/t/:slug/:id", (req, res, next) => (/^\d+$/.test(String(req.params.id)) ? showTopic(req, res, next) : next()));
  return r;
}
