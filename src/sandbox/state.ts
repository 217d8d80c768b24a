import { createHash } from "node:crypto";
import Database from "better-sqlite3";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { cook, parsePolls, pollErrors, type ParsedPoll } from "./cook.ts";
import { bodyErrors, externalIdErrors, prettifyTitle, slugFor, titleErrors } from "./validate.ts";

export interface SUser {
  id: number;
  username: string;
  name: string;
  email: string;
  admin: boolean;
  moderator: boolean;
  trust_level: number;
  active: boolean;
  created_at: string;
}
export interface SCategory {
  id: number;
  name: string;
  slug: string;
  color: string;
  text_color: string;
  description: string | null;
  position: number;
}
export interface STopic {
  id: number;
  title: string;
  slug: string;
  category_id: number;
  user_id: number;
  external_id: string | null;
  tags: string[];
  created_at: string;
  bumped_at: string;
  last_posted_at: string;
  closed: boolean;
  archived: boolean;
  visible: boolean;
  pinned: boolean;
  highest_post_number: number;
  deleted_at: string | null;
}
export interface SPost {
  id: number;
  topic_id: number;
  post_number: number;
  user_id: number;
  raw: string;
  cooked: string;
  created_at: string;
  updated_at: string;
  version: number;
  post_type: number;
  action_code: string | null;
  reply_to_post_number: number | null;
  deleted_at: string | null;
  likes: number[];
  polls: (ParsedPoll & { votes: Record<string, string[]> })[];
}

export interface ForumData {
  users: SUser[];
  categories: SCategory[];
  topics: STopic[];
  posts: SPost[];
  next: { user: number; category: number; topic: number; post: number };
}

/** A Discourse-shaped failure: the route answers `status` with `body` as JSON. */
export class ForumError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String((body.errors as string[] | undefined)?.[0] ?? status));
  }
  static unprocessable(action: string, errors: string[]): ForumError {
    return new ForumError(422, { action, errors });
  }
  static notFound(): ForumError {
    return new ForumError(404, { errors: ["The requested URL or resource could not be found."], error_type: "not_found" });
  }
  static invalidAccess(msg = "You are not permitted to view the requested resource."): ForumError {
    return new ForumError(403, { errors: [msg], error_type: "invalid_access" });
  }
  static invalidParameters(name: string): ForumError {
    return new ForumError(400, { errors: [`param is missing or the value is empty: ${name}`], error_type: "invalid_parameters" });
  }
}

export type ForumEvent =
  | { type: "topic"; event: "topic_created" | "topic_edited" | `topic_${string}_status_updated`; topic: STopic }
  | { type: "post"; event: "post_created" | "post_edited" | "post_destroyed"; post: SPost };

export function emptyData(): ForumData {
  const now = new Date().toISOString();
  return {
    users: [
      { id: -1, username: "system", name: "system", email: "no_email", admin: true, moderator: true, trust_level: 4, active: true, created_at: now },
    ],
    categories: [{ id: 1, name: "Uncategorized", slug: "uncategorized", color: "0088CC", text_color: "FFFFFF", description: null, position: 0 }],
    topics: [],
    posts: [],
    next: { user: 1, category: 2, topic: 1, post: 1 },
  };
}

/**
 * The forum's content and Discourse's rules over it. Persistence is a snapshot of the whole
 * state in one SQLite row, written in the same call as the change: a sandbox holds hundreds of
 * posts, not millions, and a snapshot cannot be half-written.
 */
export class ForumState {
  data: ForumData;
  private db: Database.Database | undefined;
  private recentBodies = new Map<string, number>();
  listeners: ((e: ForumEvent) => void)[] = [];

  constructor(o: { file?: string; now?: () => Date } = {}) {
    this.now = o.now ?? (() => new Date());
    if (o.file) {
      mkdirSync(path.dirname(path.resolve(o.file)), { recursive: true });
      this.db = new Database(o.file);
      this.db.pragma("journal_mode = WAL");
      this.db.exec("CREATE TABLE IF NOT EXISTS forum (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL)");
      const row = this.db.prepare("SELECT json FROM forum WHERE id = 1").get() as { json: string } | undefined;
      this.data = row ? (JSON.parse(row.json) as ForumData) : emptyData();
      if (!row) this.save();
    } else {
      this.data = emptyData();
    }
  }

  readonly now: () => Date;

  save(): void {
    this.db?.prepare("INSERT INTO forum (id, json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json").run(JSON.stringify(this.data));
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
  }

  reset(): void {
    this.data = emptyData();
    this.recentBodies.clear();
    this.save();
  }

  private emit(e: ForumEvent): void {
    for (const l of this.listeners) l(e);
  }

  // Users ------------------------------------------------------------------

  userByName(username: string): SUser | undefined {
    const u = username.toLowerCase();
    return this.data.users.find((x) => x.username.toLowerCase() === u);
  }
  userById(id: number): SUser | undefined {
    return this.data.users.find((x) => x.id === id);
  }

  /** users#create: always 200; failures say so in the body, with errors per field. */
  createUser(p: { name?: string; username?: string; email?: string; password?: string; active?: boolean }): Record<string, unknown> {
    const errors: Record<string, string[]> = {};
    const username = String(p.username ?? "");
    const email = String(p.email ?? "");
    if (!/^[\w.-]{3,20}$/.test(username)) errors.username = ["must be between 3 and 20 characters and use only letters, numbers, dashes, dots and underscores"];
    else if (this.userByName(username)) errors.username = ["must be unique"];
    if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) errors.email = ["is invalid."];
    else if (this.data.users.some((u) => u.email.toLowerCase() === email.toLowerCase())) errors.email = ["has already been taken"];
    if (String(p.password ?? "").length < 10) errors.password = ["is too short (minimum is 10 characters)"];
    if (Object.keys(errors).length) {
      const [field, msgs] = Object.entries(errors)[0]!;
      return { success: false, message: `${field[0]!.toUpperCase()}${field.slice(1)} ${msgs[0]}`, errors, values: { name: p.name ?? "", username, email }, is_developer: false };
    }
    const user: SUser = {
      id: this.data.next.user++,
      username,
      name: String(p.name ?? username),
      email,
      admin: false,
      moderator: false,
      trust_level: 1,
      active: p.active === true,
      created_at: this.now().toISOString(),
    };
    this.data.users.push(user);
    this.save();
    return {
      success: true,
      active: user.active,
      message: user.active ? "Your account is activated and ready to use." : "You’re almost done! We sent an activation mail to the email address you provided.",
      user_id: user.id,
    };
  }

  // Categories ------------------------------------------------------------

  createCategory(actor: SUser, p: { name?: string; slug?: string; color?: string; text_color?: string; description?: string }): SCategory {
    if (!actor.admin) throw ForumError.invalidAccess();
    const name = String(p.name ?? "").trim();
    if (!name) throw ForumError.unprocessable("create_category", ["Name can't be blank"]);
    if (this.data.categories.some((c) => c.name.toLowerCase() === name.toLowerCase())) {
      throw ForumError.unprocessable("create_category", ["Category Name has already been taken"]);
    }
    const slug = p.slug ? String(p.slug) : slugFor(name);
    if (this.data.categories.some((c) => c.slug === slug)) throw ForumError.unprocessable("create_category", ["Slug is already in use"]);
    const cat: SCategory = {
      id: this.data.next.category++,
      name,
      slug,
      color: String(p.color ?? "0088CC").replace(/^#/, ""),
      text_color: String(p.text_color ?? "FFFFFF").replace(/^#/, ""),
      description: p.description ?? null,
      position: this.data.categories.length,
    };
    this.data.categories.push(cat);
    this.save();
    return cat;
  }

  // Topics and posts ------------------------------------------------------

  topic(id: number): STopic | undefined {
    return this.data.topics.find((t) => t.id === id && !t.deleted_at);
  }
  post(id: number): SPost | undefined {
    return this.data.posts.find((p) => p.id === id);
  }
  postsOf(topicId: number): SPost[] {
    return this.data.posts.filter((p) => p.topic_id === topicId).sort((a, b) => a.post_number - b.post_number);
  }

  private isStaff(u: SUser): boolean {
    return u.admin || u.moderator;
  }

  private bodyKey(u: SUser, raw: string): string {
    return `${u.id}:${createHash("sha1").update(raw).digest("hex")}`;
  }

  private checkBody(u: SUser, raw: string | undefined): string[] {
    const at = this.recentBodies.get(this.bodyKey(u, raw ?? ""));
    const recentDuplicate = at !== undefined && this.now().getTime() - at < 5 * 60_000;
    return bodyErrors(raw, { staff: this.isStaff(u), recentDuplicate });
  }

  /** posts#create for a new topic. Topic errors short-circuit body errors, as PostCreator does. */
  createTopic(actor: SUser, p: { title?: string; raw?: string; category?: number; external_id?: string; tags?: string[]; created_at?: string }): SPost {
    const title = p.title === undefined ? undefined : String(p.title);
    const topicErrors = [
      ...titleErrors(title, {
        admin: actor.admin,
        duplicate: (t) => this.data.topics.some((x) => !x.deleted_at && x.title.toLowerCase() === t.toLowerCase()),
      }),
      ...externalIdErrors(p.external_id, (id) => this.data.topics.some((x) => x.external_id?.toLowerCase() === id.toLowerCase())),
    ];
    let categoryId = 1;
    if (p.category !== undefined && p.category !== null && String(p.category) !== "") {
      const cat = this.data.categories.find((c) => c.id === Number(p.category));
      if (!cat) topicErrors.push("Category can't be blank");
      else categoryId = cat.id;
    }
    if (topicErrors.length) throw ForumError.unprocessable("create_post", topicErrors);
    const polls = parsePolls(p.raw ?? "");
    const errors = [...this.checkBody(actor, p.raw), ...pollErrors(polls)];
    if (errors.length) throw ForumError.unprocessable("create_post", errors);

    const now = (p.created_at && !Number.isNaN(Date.parse(p.created_at)) ? new Date(p.created_at) : this.now()).toISOString();
    const prettyTitle = prettifyTitle(title!);
    const topic: STopic = {
      id: this.data.next.topic++,
      title: prettyTitle,
      slug: slugFor(prettyTitle),
      category_id: categoryId,
      user_id: actor.id,
      external_id: p.external_id || null,
      tags: (p.tags ?? []).map(String).slice(0, 5),
      created_at: now,
      bumped_at: now,
      last_posted_at: now,
      closed: false,
      archived: false,
      visible: true,
      pinned: false,
      highest_post_number: 0,
      deleted_at: null,
    };
    this.data.topics.push(topic);
    const post = this.addPost(topic, actor, { raw: p.raw!, polls, at: now });
    this.save();
    this.emit({ type: "topic", event: "topic_created", topic });
    this.emit({ type: "post", event: "post_created", post });
    return post;
  }

  /** posts#create for a reply. */
  createReply(actor: SUser, p: { topic_id?: number; raw?: string; reply_to_post_number?: number | null }): SPost {
    const topic = this.topic(Number(p.topic_id));
    const gone = "Something has gone wrong. Perhaps this topic was closed or deleted while you were looking at it?";
    if (!topic) throw ForumError.unprocessable("create_post", [gone]);
    if ((topic.closed || topic.archived) && !actor.admin && !actor.moderator) throw ForumError.unprocessable("create_post", [gone]);
    const polls = parsePolls(p.raw ?? "");
    const errors = [...this.checkBody(actor, p.raw), ...pollErrors(polls)];
    if (!errors.length && !this.isStaff(actor) && topic.user_id !== actor.id) {
      // force_edit_last_validator: max_consecutive_replies = 3 for non-staff who do not own the topic.
      const regular = this.postsOf(topic.id).filter((x) => x.post_type === 1 && !x.deleted_at);
      let run = 0;
      for (let i = regular.length - 1; i >= 0 && regular[i]!.user_id === actor.id; i--) run++;
      if (run >= 3) errors.push("No more than 3 consecutive replies are allowed. Please edit your previous reply, or wait for someone to reply to you.");
    }
    if (errors.length) throw ForumError.unprocessable("create_post", errors);
    const replyTo = p.reply_to_post_number ? Number(p.reply_to_post_number) : null;
    const post = this.addPost(topic, actor, {
      raw: p.raw!,
      polls,
      at: this.now().toISOString(),
      replyTo: replyTo && this.postsOf(topic.id).some((x) => x.post_number === replyTo) ? replyTo : null,
    });
    topic.bumped_at = post.created_at;
    topic.last_posted_at = post.created_at;
    this.save();
    this.emit({ type: "post", event: "post_created", post });
    return post;
  }

  private addPost(topic: STopic, actor: SUser, o: { raw: string; polls: ParsedPoll[]; at: string; replyTo?: number | null; postType?: number; actionCode?: string }): SPost {
    const raw = o.raw.replace(/[\u00a0\u2000-\u200a\u202f\u205f\u3000]/g, " ").replace(/\s+$/, "");
    const post: SPost = {
      id: this.data.next.post++,
      topic_id: topic.id,
      post_number: ++topic.highest_post_number,
      user_id: actor.id,
      raw,
      cooked: cook(raw),
      created_at: o.at,
      updated_at: o.at,
      version: 1,
      post_type: o.postType ?? 1,
      action_code: o.actionCode ?? null,
      reply_to_post_number: o.replyTo ?? null,
      deleted_at: null,
      likes: [],
      polls: o.polls.map((x) => ({ ...x, votes: {} })),
    };
    this.data.posts.push(post);
    if (raw) this.recentBodies.set(this.bodyKey(actor, raw), this.now().getTime());
    return post;
  }

  updatePost(actor: SUser, id: number, raw: string | undefined): SPost {
    const post = this.post(id);
    if (!post || post.deleted_at) throw ForumError.notFound();
    if (post.user_id !== actor.id && !this.isStaff(actor)) throw ForumError.invalidAccess();
    if (raw === undefined) throw ForumError.invalidParameters("post");
    const errors = bodyErrors(raw, { staff: true, recentDuplicate: false });
    if (errors.length) throw ForumError.unprocessable("update_post", errors);
    if (raw !== post.raw) {
      post.raw = raw.replace(/\s+$/, "");
      post.cooked = cook(post.raw);
      post.version++;
      post.updated_at = this.now().toISOString();
      const oldVotes = new Map(post.polls.map((x) => [x.name, x.votes]));
      post.polls = parsePolls(post.raw).map((x) => ({ ...x, votes: oldVotes.get(x.name) ?? {} }));
      this.save();
      const topic = this.topic(post.topic_id);
      if (post.post_number === 1 && topic) this.emit({ type: "topic", event: "topic_edited", topic });
      this.emit({ type: "post", event: "post_edited", post });
    }
    return post;
  }

  deletePost(actor: SUser, id: number): void {
    const post = this.post(id);
    if (!post || post.deleted_at) throw ForumError.notFound();
    if (post.user_id !== actor.id && !this.isStaff(actor)) throw ForumError.invalidAccess();
    post.deleted_at = this.now().toISOString();
    const topic = this.data.topics.find((t) => t.id === post.topic_id);
    if (post.post_number === 1 && topic) topic.deleted_at = post.deleted_at;
    this.save();
    this.emit({ type: "post", event: "post_destroyed", post });
  }

  /** topics#status: the change plus a small_action post that takes the next post number. */
  setStatus(actor: SUser, topicId: number, status: string, enabled: boolean): void {
    if (!["closed", "pinned", "pinned_globally", "visible", "archived"].includes(status)) {
      throw new ForumError(400, { errors: ["Invalid status"], error_type: "invalid_parameters" });
    }
    if (!this.isStaff(actor)) throw ForumError.invalidAccess();
    const topic = this.topic(topicId);
    if (!topic) throw ForumError.notFound();
    const key = status === "pinned_globally" ? "pinned" : (status as "closed" | "pinned" | "visible" | "archived");
    topic[key] = enabled;
    const post = this.addPost(topic, actor, {
      raw: "",
      polls: [],
      at: this.now().toISOString(),
      postType: 3,
      actionCode: `${status}.${enabled ? "enabled" : "disabled"}`,
    });
    if (status === "closed" && !enabled) topic.bumped_at = post.created_at;
    this.save();
    this.emit({ type: "post", event: "post_created", post });
    this.emit({ type: "topic", event: `topic_${status}_status_updated`, topic });
  }

  like(actor: SUser, postId: number): SPost {
    const post = this.post(postId);
    if (!post || post.deleted_at) throw ForumError.notFound();
    if (post.likes.includes(actor.id)) throw ForumError.invalidAccess();
    post.likes.push(actor.id);
    this.save();
    return post;
  }

  vote(actor: SUser, postId: number, pollName: string, options: string[]) {
    const post = this.post(postId);
    if (!post || post.deleted_at) throw ForumError.notFound();
    const poll = post.polls.find((x) => x.name === pollName);
    if (!poll) throw new ForumError(422, { errors: [`No poll named ${pollName} exists in this post.`] });
    if (poll.status === "closed") throw new ForumError(422, { errors: ["You cannot vote on closed polls."] });
    const valid = new Set(poll.options.map((o) => o.id));
    const chosen = [...new Set(options)].filter((o) => valid.has(o));
    if (chosen.length === 0 || (poll.type === "regular" && chosen.length > 1)) {
      throw new ForumError(422, { errors: ["Requested poll options are invalid."] });
    }
    poll.votes[String(actor.id)] = chosen;
    this.save();
    return { poll, vote: chosen };
  }
}
