import { createHash, randomBytes } from "node:crypto";
import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "../log.ts";
import { parseFaults, type Faults } from "./faults.ts";
import { renderLatestPage, renderTopicPage } from "./html.ts";
import { SlidingWindow, rateLimitBody, timeLeft } from "./rate-limit.ts";
import { serializePost, serializeTopic, serializeTopicListItem, serializeUser, serializeUserDetail, visiblePosts } from "./serialize.ts";
import { ForumError, type ForumState, type SUser } from "./state.ts";

export interface SandboxSettings {
  apiKey: string;
  /** Admin-API requests per minute for the whole site; 0 turns the limit off. */
  rateLimit: number;
  faults: Faults;
  random: () => number;
  /** Discourse's 120 s replay of an identical API create; tests of our exactly-once turn it off. */
  replayCache?: boolean;
  /** Every request, for tests to assert on. */
  requests?: { method: string; path: string; user?: string; status: number }[];
}

type Ctx = { actor?: SUser; viaApiKey: boolean; wantsJson: boolean };
const ctx = (res: Response) => res.locals as Ctx;

const INVALID_KEY = "You are not permitted to view the requested resource. The API username or key is invalid.";
const READ_ONLY = "The site is in read only mode. Interactions are disabled.";

/** The sandbox's HTTP surface: Discourse's routes and envelopes, plus `/__sandbox/*` for tests and people. */
export function createSandboxApp(state: ForumState, settings: SandboxSettings, log: Logger) {
  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "extended");
  const adminBucket = new SlidingWindow(settings.rateLimit || Number.MAX_SAFE_INTEGER, 60);
  const postBucket = new SlidingWindow(1, 5);
  const topicBucket = new SlidingWindow(1, 15);
  const idempotency = new Map<string, { at: number; status: number; body: unknown }>();
  const userApiKeys = new Map<string, number>();

  app.use((req, res, next) => {
    res.on("finish", () => settings.requests?.push({ method: req.method, path: req.originalUrl.split("?")[0]!, user: ctx(res).actor?.username, status: res.statusCode }));
    next();
  });
  app.use(express.json({ limit: "2mb" }));
  app.use(express.urlencoded({ extended: true, limit: "2mb" }));

  // `/t/1.json` and `/t/1` with Accept: application/json are the same request to Discourse.
  app.use((req, res, next) => {
    const url = new URL(req.url, "http://x");
    const json = url.pathname.endsWith(".json");
    if (json) {
      url.pathname = url.pathname.slice(0, -5);
      req.url = url.pathname + url.search;
    }
    ctx(res).wantsJson = json || (req.get("accept") ?? "").includes("application/json") || req.method !== "GET";
    next();
  });

  // Our own namespace, outside Discourse's: fault settings, reset, and the participant's reply form.
  app.get("/__sandbox/faults", (_req, res) => void res.json(settings.faults));
  app.put("/__sandbox/faults", (req, res) => {
    try {
      const spec = typeof req.body?.spec === "string" ? req.body.spec : "";
      settings.faults = req.body?.reset ? parseFaults(spec) : parseFaults(spec, settings.faults);
      if (typeof req.body?.rate_limit === "number") {
        settings.rateLimit = req.body.rate_limit;
        adminBucket.max = req.body.rate_limit || Number.MAX_SAFE_INTEGER;
        adminBucket.clear();
      }
      res.json({ faults: settings.faults, rate_limit: settings.rateLimit });
    } catch (e) {
      res.status(400).json({ errors: [(e as Error).message] });
    }
  });
  // User API keys are granted by users through a browser flow on Discourse; here a test asks for one.
  app.post("/__sandbox/user-api-keys", (req, res) => {
    const user = state.userByName(String(req.body?.username ?? ""));
    if (!user) return void res.status(404).json({ errors: ["no such user"] });
    const key = randomBytes(16).toString("hex");
    userApiKeys.set(key, user.id);
    res.json({ key });
  });
  app.post("/__sandbox/reset", (_req, res) => {
    state.reset();
    idempotency.clear();
    adminBucket.clear();
    postBucket.clear();
    topicBucket.clear();
    res.json({ success: "OK" });
  });
  app.post("/__sandbox/reply", (req, res) => {
    const topicId = Number(req.body?.topic_id);
    const back = `/t/${state.topic(topicId)?.slug ?? "topic"}/${topicId}`;
    try {
      const user = participant(String(req.body?.username ?? ""));
      const replyTo = Number(req.body?.reply_to_post_number) || undefined;
      state.createReply(user, { topic_id: topicId, raw: String(req.body?.raw ?? ""), reply_to_post_number: replyTo });
      res.redirect(303, `${back}#bottom`);
    } catch (e) {
      const msg = e instanceof ForumError ? e.message : (e as Error).message;
      res.redirect(303, `${back}?error=${encodeURIComponent(msg)}#reply`);
    }
  });
  app.post("/__sandbox/vote", (req, res) => {
    const postId = Number(req.body?.post_id);
    const post = state.post(postId);
    const back = post ? `/t/${state.topic(post.topic_id)?.slug ?? "topic"}/${post.topic_id}` : "/";
    try {
      state.vote(participant(String(req.body?.username ?? "")), postId, String(req.body?.poll_name ?? "poll"), [String(req.body?.option ?? "")]);
      res.redirect(303, back);
    } catch (e) {
      res.redirect(303, `${back}?error=${encodeURIComponent((e as Error).message)}`);
    }
  });

  /** The HTML forms act as a named participant, creating them on first use. */
  function participant(username: string): SUser {
    const name = username.trim();
    if (!/^[\w.-]{3,20}$/.test(name)) throw new Error("Choose a username of 3 to 20 letters, digits, dots, dashes or underscores.");
    const existing = state.userByName(name);
    if (existing) return existing;
    const r = state.createUser({ username: name, name, email: `${name.toLowerCase()}@sandbox.invalid`, password: randomBytes(12).toString("hex"), active: true });
    return state.userById(Number(r.user_id))!;
  }

  // Authentication, as DefaultCurrentUserProvider does it for API keys.
  app.use((req, res, next) => {
    const key = req.get("api-key");
    const userApiKey = req.get("user-api-key");
    if (userApiKey !== undefined) {
      const user = state.userById(userApiKeys.get(userApiKey) ?? Number.NaN);
      if (!user || !user.active) return void res.status(403).json({ errors: [INVALID_KEY], error_type: "invalid_access" });
      ctx(res).actor = user;
      return next();
    }
    if (key === undefined) return next();
    const username = req.get("api-username");
    const user = username ? state.userByName(username) : undefined;
    if (!safeEqual(key, settings.apiKey) || !user || !user.active) {
      return void res.status(403).json({ errors: [INVALID_KEY], error_type: "invalid_access" });
    }
    ctx(res).actor = user;
    ctx(res).viaApiKey = true;
    next();
  });

  // The site-wide admin-API bucket, then injected faults; both only for API-key traffic and JSON.
  app.use((req, res, next) => {
    const c = ctx(res);
    if (c.viaApiKey && settings.rateLimit > 0) {
      const wait = adminBucket.hit("admin_api_min");
      if (wait > 0) {
        res.set("Retry-After", String(wait)).set("Discourse-Rate-Limit-Error-Code", "admin_api_key_rate_limit");
        return void res.status(429).json(rateLimitBody(wait));
      }
    }
    if (!c.wantsJson) return next();
    const f = settings.faults;
    const go = () => {
      if (f.readonly && req.method !== "GET") {
        return void res.status(503).json({ errors: [READ_ONLY], error_type: "read_only" });
      }
      const r = settings.random();
      if (r < f["429"]) {
        res.set("Retry-After", "1").set("Discourse-Rate-Limit-Error-Code", "admin_api_key_rate_limit");
        return void res.status(429).json(rateLimitBody(1));
      }
      if (r < f["429"] + f["500"]) return void res.status(500).json({ status: 500, error: "Internal Server Error" });
      if (r < f["429"] + f["500"] + f["503"]) return void res.status(503).type("text/plain").send("503 Service Unavailable");
      if (req.method !== "GET" && settings.random() < f["500-after"]) {
        // Let the write happen, then lose the answer: the client cannot know it landed.
        const json = res.json.bind(res);
        res.json = (() => json.call(res.status(500), { status: 500, error: "Internal Server Error" })) as typeof res.json;
      }
      next();
    };
    if (f.latency > 0) setTimeout(go, f.latency);
    else go();
  });

  const requireUser = (res: Response): SUser => {
    const a = ctx(res).actor;
    if (!a) throw new ForumError(403, { errors: ["You need to be logged in to do that."], error_type: "not_logged_in" });
    return a;
  };
  const route =
    (fn: (req: Request, res: Response) => unknown) =>
    (req: Request, res: Response, next: NextFunction) => {
      try {
        const out = fn(req, res);
        if (out !== undefined && !res.headersSent) res.json(out);
      } catch (e) {
        if (e instanceof ForumError) return void res.status(e.status).json(e.body);
        next(e);
      }
    };

  // Session challenge some clients fetch before creating a user.
  app.get("/session/hp", route(() => ({ value: randomBytes(16).toString("hex"), challenge: randomBytes(16).toString("hex").split("").reverse().join("") })));

  // Users
  app.post("/users", route((req) => state.createUser(req.body ?? {})));
  const showUser = route((req, res) => {
    const u = state.userByName(String(req.params.username));
    if (!u) throw ForumError.notFound();
    return { user_badges: [], user: serializeUserDetail(state, u, ctx(res).actor) };
  });
  app.get("/u/:username", showUser);
  app.get("/users/:username", showUser);

  // Admin (minimal; staff only)
  const requireAdmin = (res: Response): SUser => {
    const a = requireUser(res);
    if (!a.admin) throw ForumError.invalidAccess();
    return a;
  };
  app.get("/admin/users/:id", route((req, res) => {
    requireUser(res);
    if (!ctx(res).actor?.admin && !ctx(res).actor?.moderator) throw ForumError.invalidAccess();
    const u = state.userById(Number(req.params.id));
    if (!u) throw ForumError.notFound();
    return { id: u.id, username: u.username, active: u.active, admin: u.admin, moderator: u.moderator, trust_level: u.trust_level, suspended_till: null, silenced_till: null };
  }));
  app.put("/admin/users/:id/trust_level", route((req, res) => {
    requireAdmin(res);
    const u = state.userById(Number(req.params.id));
    if (!u) throw ForumError.notFound();
    u.trust_level = Number(req.body?.level);
    state.save();
    return { admin_user: { id: u.id, trust_level: u.trust_level } };
  }));
  app.put("/admin/users/:id/grant_moderation", route((req, res) => {
    requireAdmin(res);
    const u = state.userById(Number(req.params.id));
    if (!u) throw ForumError.notFound();
    u.moderator = true;
    state.save();
    return { admin_user: { id: u.id, moderator: true } };
  }));

  // Categories
  const categoryJson = (c: ForumState["data"]["categories"][number], full = false) => {
    const topics = state.data.topics.filter((t) => t.category_id === c.id && !t.deleted_at);
    const base = {
      id: c.id, name: c.name, color: c.color, text_color: c.text_color, style_type: "square", emoji: null, icon: null, slug: c.slug,
      topic_count: topics.length, post_count: topics.reduce((n, t) => n + visiblePosts(state, t).length, 0),
      position: c.position, description: c.description, description_text: c.description, description_excerpt: c.description,
      topic_url: null, read_restricted: false, permission: 1, notification_level: 1, can_edit: true,
      topic_template: null, topic_title_placeholder: null, has_children: false, subcategory_count: null,
      sort_order: null, sort_ascending: null, show_subcategory_list: false, num_featured_topics: 3, default_view: null,
      subcategory_list_style: "rows_with_featured_topics", default_top_period: "all", default_list_filter: "all",
      minimum_required_tags: 0, navigate_to_first_post_after_read: false,
      topics_day: 0, topics_week: 0, topics_month: 0, topics_year: 0, topics_all_time: topics.length,
      subcategory_ids: [], parent_category_id: null,
      uploaded_logo: null, uploaded_logo_dark: null, uploaded_background: null, uploaded_background_dark: null,
    };
    if (!full) return base;
    return {
      ...base, custom_fields: {}, required_tag_groups: [], read_only_banner: null, available_groups: [], auto_close_hours: null,
      auto_close_based_on_last_post: false, allow_unlimited_owner_edits_on_first_post: false, default_slow_mode_seconds: null,
      group_permissions: [{ permission_type: 1, group_name: "everyone", group_id: 0 }], email_in: null, email_in_allow_strangers: false,
      mailinglist_mirror: false, all_topics_wiki: false, can_delete: true, allow_badges: true, topic_featured_link_allowed: true,
      search_priority: 0, topic_posting_review_group_ids: [], reply_posting_review_group_ids: [],
    };
  };
  app.get("/categories", route(() => ({ category_list: { can_create_category: true, can_create_topic: true, categories: state.data.categories.map((c) => categoryJson(c)) } })));
  app.post("/categories", route((req, res) => ({ category: categoryJson(state.createCategory(requireUser(res), req.body ?? {}), true) })));
  app.get("/c/:id/show", route((req) => {
    const c = state.data.categories.find((x) => x.id === Number(req.params.id));
    if (!c) throw ForumError.notFound();
    return { category: categoryJson(c, true) };
  }));
  const categoryTopics = route((req, res) => {
    const p = req.params as Record<string, string>;
    const c = state.data.categories.find((x) => x.id === Number(p.id)) ?? state.data.categories.find((x) => x.slug === p.slug && !p.id);
    if (!c) throw ForumError.notFound();
    return topicList(req, res, (t) => t.category_id === c.id);
  });
  app.get("/c/:slug/:id", categoryTopics);
  app.get("/c/:slug/:id/l/latest", categoryTopics);

  // Topic lists
  function topicList(req: Request, res: Response, filter: (t: ForumState["data"]["topics"][number]) => boolean) {
    const perPage = Math.min(100, Math.max(1, Number(req.query.per_page) || 30));
    const page = Math.max(0, Number(req.query.page) || 0);
    const all = state.data.topics
      .filter((t) => !t.deleted_at && t.visible && filter(t))
      .sort((a, b) => (b.pinned ? 1 : 0) - (a.pinned ? 1 : 0) || b.bumped_at.localeCompare(a.bumped_at) || b.id - a.id);
    const topics = all.slice(page * perPage, (page + 1) * perPage);
    const userIds = [...new Set(topics.flatMap((t) => visiblePosts(state, t).map((p) => p.user_id)))];
    const more = all.length > (page + 1) * perPage;
    return {
      users: userIds.map((id) => state.userById(id)).filter(Boolean).map((u) => ({ id: u!.id, username: u!.username, name: u!.name, avatar_template: u ? serializeUser(u).avatar_template : "" })),
      primary_groups: [],
      topic_list: {
        can_create_topic: !!ctx(res).actor,
        per_page: perPage,
        ...(more ? { more_topics_url: `${req.path}?page=${page + 1}` } : {}),
        top_tags: [],
        topics: topics.map((t) => serializeTopicListItem(state, t)),
      },
    };
  }
  app.get(["/", "/latest"], (req, res, next) => {
    if (!ctx(res).wantsJson) return void res.type("html").send(renderLatestPage(state));
    route((rq, rs) => topicList(rq, rs, () => true))(req, res, next);
  });

  // Topics
  app.get("/t/external_id/:externalId", route((req, res) => {
    const id = String(req.params.externalId).toLowerCase();
    const t = state.data.topics.find((x) => !x.deleted_at && x.external_id?.toLowerCase() === id);
    if (!t) throw ForumError.notFound();
    res.redirect(301, `/t/${t.slug}/${t.id}.json`);
  }));
  app.get("/t/:id/posts", route((req, res) => {
    const t = state.topic(Number(req.params.id));
    if (!t) throw ForumError.notFound();
    const ids = toArray(req.query.post_ids).map(Number);
    const staff = !!(ctx(res).actor?.admin || ctx(res).actor?.moderator);
    const posts = state.postsOf(t.id).filter((p) => ids.includes(p.id) && (!p.deleted_at || staff || p.post_number === 1));
    return { post_stream: { posts: posts.map((p) => serializePost(state, p, ctx(res).actor, { raw: !!req.query.include_raw, topic: t })) }, id: t.id };
  }));
  app.put("/t/:id/status", route((req, res) => {
    const status = req.body?.status;
    if (!status) throw ForumError.invalidParameters("status");
    state.setStatus(requireUser(res), Number(req.params.id), String(status), String(req.body?.enabled) === "true");
    return { success: "OK", topic_status_update: null };
  }));
  const showTopic = (req: Request, res: Response, next: NextFunction) => {
    const p = req.params as Record<string, string>;
    const id = Number(p.id ?? p.slugOrId);
    const t = state.topic(id);
    if (!ctx(res).wantsJson) {
      if (!t) return void res.status(404).type("html").send("<h1>Not found</h1>");
      return void res.type("html").send(renderTopicPage(state, t, typeof req.query.error === "string" ? req.query.error : undefined));
    }
    route(() => {
      if (!t) throw ForumError.notFound();
      if (p.slug && p.slug !== t.slug) return void res.redirect(301, `/t/${t.slug}/${t.id}.json`);
      return serializeTopic(state, t, ctx(res).actor, { raw: !!req.query.include_raw, page: Number(req.query.page) || 1 });
    })(req, res, next);
  };
  app.get("/t/:slugOrId", (req, res, next) => (/^\d+$/.test(String(req.params.slugOrId)) ? showTopic(req, res, next) : next()));
  app.get("/t/:slug/:id", (req, res, next) => (/^\d+$/.test(String(req.params.id)) ? showTopic(req, res, next) : next()));

  // Posts
  app.post("/posts", (req, res, next) => {
    const c = ctx(res);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const key = c.viaApiKey && c.actor && settings.replayCache !== false ? idempotencyKey(c.actor, body, req.get("user-agent")) : undefined;
    const now = Date.now();
    for (const [k, v] of idempotency) if (now - v.at > 120_000) idempotency.delete(k);
    const cached = key ? idempotency.get(key) : undefined;
    // An identical API create within 120 s answers as the first one did and creates nothing.
    if (cached) return void res.status(cached.status).json(cached.body);
    route((_rq, rs) => {
      const actor = requireUser(rs);
      const isTopic = body.topic_id === undefined || body.topic_id === "";
      if (settings.rateLimit > 0 && !actor.admin && !actor.moderator) {
        const wait = (isTopic ? topicBucket : postBucket).hit(`${actor.id}`);
        if (wait > 0) {
          const msg = isTopic
            ? `You’re creating topics a bit too quickly. Please wait ${timeLeft(wait)} before trying again.`
            : `You’re replying a bit too quickly. Please wait ${timeLeft(wait)} before trying again.`;
          rs.set("Retry-After", String(wait));
          return void rs.status(429).json(rateLimitBody(wait, msg));
        }
      }
      let out;
      try {
        const post = isTopic
          ? state.createTopic(actor, {
              title: body.title as string | undefined,
              raw: body.raw as string | undefined,
              category: body.category === undefined ? undefined : Number(body.category),
              external_id: body.external_id === undefined ? undefined : String(body.external_id),
              tags: toArray(body.tags ?? body["tags[]"]).map(String),
              created_at: body.created_at as string | undefined,
            })
          : state.createReply(actor, {
              topic_id: Number(body.topic_id),
              raw: body.raw as string | undefined,
              reply_to_post_number: body.reply_to_post_number ? Number(body.reply_to_post_number) : null,
            });
        out = { status: 200, body: { ...serializePost(state, post, actor, { raw: true }), draft_sequence: 0 } };
      } catch (e) {
        if (!(e instanceof ForumError) || e.status !== 422) throw e;
        out = { status: 422, body: e.body };
      }
      if (key) idempotency.set(key, { at: Date.now(), ...out });
      rs.status(out.status).json(out.body);
    })(req, res, next);
  });
  app.get("/posts", route((req, res) => {
    const before = Number(req.query.before);
    const posts = state.data.posts
      .filter((p) => !p.deleted_at && p.post_type === 1 && (!(before > 0) || p.id <= before))
      .filter((p) => state.topic(p.topic_id)?.visible)
      .sort((a, b) => b.id - a.id)
      .slice(0, 50);
    return {
      latest_posts: posts.map((p) => {
        const t = state.topic(p.topic_id)!;
        const text = p.cooked.replace(/<[^>]+>/g, "").replace(/\s+/g, " ").trim();
        return {
          ...serializePost(state, p, ctx(res).actor, { raw: true, topic: t }),
          topic_title: t.title, topic_html_title: t.title, category_id: t.category_id,
          excerpt: text.length > 300 ? `${text.slice(0, 300)}&hellip;` : text, truncated: text.length > 300,
        };
      }),
    };
  }));
  app.get("/posts/:id", route((req, res) => {
    const p = state.post(Number(req.params.id));
    const staff = !!(ctx(res).actor?.admin || ctx(res).actor?.moderator);
    if (!p || (p.deleted_at && !staff) || !state.data.topics.some((t) => t.id === p.topic_id)) throw ForumError.notFound();
    return serializePost(state, p, ctx(res).actor, { raw: true });
  }));
  app.put("/posts/:id", route((req, res) => {
    const raw = req.body?.post?.raw ?? req.body?.raw;
    const p = state.updatePost(requireUser(res), Number(req.params.id), raw === undefined ? undefined : String(raw));
    return { post: { ...serializePost(state, p, ctx(res).actor, { raw: true }), draft_sequence: 0 } };
  }));
  app.delete("/posts/:id", route((req, res) => {
    state.deletePost(requireUser(res), Number(req.params.id));
    // posts#destroy renders no body.
    res.status(200).end();
  }));
  app.post("/post_actions", route((req, res) => {
    if (Number(req.body?.post_action_type_id) !== 2) throw ForumError.invalidParameters("post_action_type_id");
    const p = state.like(requireUser(res), Number(req.body?.id));
    return serializePost(state, p, ctx(res).actor);
  }));

  // Polls
  app.put("/polls/vote", route((req, res) => {
    const r = state.vote(requireUser(res), Number(req.body?.post_id), String(req.body?.poll_name ?? "poll"), toArray(req.body?.options).map(String));
    const post = state.post(Number(req.body?.post_id))!;
    const poll = serializePost(state, post, ctx(res).actor).polls!.find((p) => p.name === r.poll.name)!;
    return { poll, vote: r.vote };
  }));

  app.use((_req, res) => {
    if (ctx(res).wantsJson) return void res.status(404).json({ errors: ["The requested URL or resource could not be found."], error_type: "not_found" });
    res.status(404).type("html").send("<h1>Not found</h1>");
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { status?: number; type?: string; message?: string };
    if (e.type === "entity.parse.failed") {
      return void res.status(400).json({ errors: ["The JSON body could not be parsed."], error_type: "invalid_parameters" });
    }
    log.error({ err: e.message }, "sandbox route failed");
    res.status(500).json({ status: 500, error: "Internal Server Error" });
  });
  return app;
}

function toArray(v: unknown): unknown[] {
  if (v === undefined || v === null || v === "") return [];
  return Array.isArray(v) ? v : [v];
}

function safeEqual(a: string, b: string): boolean {
  const x = createHash("sha256").update(a).digest();
  const y = createHash("sha256").update(b).digest();
  return x.equals(y);
}

function idempotencyKey(actor: SUser, body: Record<string, unknown>, ua: string | undefined): string {
  const canonical = JSON.stringify(Object.keys(body).sort().map((k) => [k, body[k]]));
  return createHash("sha256").update(`${actor.id}\n${ua ?? ""}\n${canonical}`).digest("hex");
}

