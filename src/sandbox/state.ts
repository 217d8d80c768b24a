import type { ForumEvent, SCategory, SPost, STopic, SUser } from "./model.ts";
import { RateLimits } from "./rate-limit.ts";
import { SITE_SETTING_DEFAULTS, type SiteSettings } from "./settings.ts";
import { RowStore, type Kind, type NextIds, type Rows } from "./store.ts";

export { ForumError, POST_TYPES, type ForumEvent, type SCategory, type SPost, type STopic, type SUser } from "./model.ts";

export function emptyRows(now: string): Rows {
  return {
    users: [
      { id: -1, username: "system", name: "system", email: "no_email", admin: true, moderator: true, trust_level: 4, active: true, created_at: now, first_post_created_at: null },
    ],
    categories: [{ id: 1, name: "Uncategorized", slug: "uncategorized", color: "0088CC", text_color: "FFFFFF", description: null, position: 0, parent_category_id: null }],
    topics: [],
    posts: [],
    next: { user: 1, category: 2, topic: 1, post: 1 },
  };
}

/**
 * The forum's records, indexed in memory, with the site's settings, its clock and its
 * rate-limit store (what Discourse keeps in Redis). Changes go through `change()`, which writes
 * the touched rows (in `--data` mode) and then announces the events, so a webhook never
 * describes something that was not stored. Discourse's rules live in ./forum/, as functions of
 * this state.
 */
export class ForumState {
  readonly users = new Map<number, SUser>();
  private readonly usersByName = new Map<string, SUser>();
  readonly categories = new Map<number, SCategory>();
  readonly topics = new Map<number, STopic>();
  readonly posts = new Map<number, SPost>();
  private readonly byTopic = new Map<number, SPost[]>();
  /** Post ids in creation order (ids only grow), for `/posts.json` pages. */
  private postIds: number[] = [];
  next: NextIds = { user: 1, category: 2, topic: 1, post: 1 };
  readonly site: SiteSettings;
  readonly limits: RateLimits;
  /** Recently posted bodies per user (unique_post_validator's Redis keys). */
  readonly recentBodies = new Map<string, number>();
  listeners: ((e: ForumEvent) => void)[] = [];
  readonly now: () => Date;

  private store: RowStore | undefined;
  private changed: Map<Kind, Map<number, SUser | SCategory | STopic | SPost>> | undefined;
  private events: ForumEvent[] = [];

  constructor(o: { file?: string; now?: () => Date; siteSettings?: Partial<SiteSettings> } = {}) {
    this.now = o.now ?? (() => new Date());
    this.site = { ...SITE_SETTING_DEFAULTS, ...o.siteSettings };
    this.limits = new RateLimits(() => this.now().getTime());
    if (o.file) this.store = new RowStore(o.file);
    const rows = this.store?.load();
    if (rows) this.index(rows);
    else this.change(() => this.seed());
  }

  private seed(): void {
    const rows = emptyRows(this.now().toISOString());
    this.index(rows);
    for (const u of rows.users) this.touch("users", u);
    for (const c of rows.categories) this.touch("categories", c);
  }

  private index(rows: Rows): void {
    this.users.clear();
    this.usersByName.clear();
    this.categories.clear();
    this.topics.clear();
    this.posts.clear();
    this.byTopic.clear();
    this.postIds = [];
    for (const u of rows.users) this.addUser(u);
    for (const c of rows.categories) this.categories.set(c.id, c);
    for (const t of rows.topics) this.topics.set(t.id, t);
    for (const p of rows.posts) this.addPost(p);
    this.next = { ...rows.next };
  }

  /**
   * Runs one change: records touched inside it are written together, then its events are
   * delivered. Nested calls join the outer one.
   */
  change<T>(fn: () => T): T {
    if (this.changed) return fn();
    this.changed = new Map();
    let out: T;
    try {
      out = fn();
      if (this.changed.size) this.store?.write(this.changed, this.next);
    } finally {
      this.changed = undefined;
    }
    const events = this.events;
    this.events = [];
    for (const e of events) for (const l of this.listeners) l(e);
    return out;
  }

  /** Marks a record as changed by the current `change()`. */
  touch(kind: Kind, rec: SUser | SCategory | STopic | SPost): void {
    if (!this.changed) throw new Error("ForumState.touch outside change()");
    let m = this.changed.get(kind);
    if (!m) this.changed.set(kind, (m = new Map()));
    m.set(rec.id, rec);
  }

  emit(e: ForumEvent): void {
    this.events.push(e);
  }

  close(): void {
    this.store?.close();
    this.store = undefined;
  }

  /** Empties the forum (and its rate limits) back to a fresh install. */
  reset(): void {
    this.store?.clear();
    this.recentBodies.clear();
    this.limits.clear();
    this.change(() => this.seed());
  }

  // Users ------------------------------------------------------------------

  addUser(u: SUser): void {
    this.users.set(u.id, u);
    this.usersByName.set(u.username.toLowerCase(), u);
  }
  userByName(username: string): SUser | undefined {
    return this.usersByName.get(username.toLowerCase());
  }
  userById(id: number): SUser | undefined {
    return this.users.get(id);
  }

  // Topics and posts --------------------------------------------------------

  /** A topic that is not deleted. */
  topic(id: number): STopic | undefined {
    const t = this.topics.get(id);
    return t && !t.deleted_at ? t : undefined;
  }
  topicWithDeleted(id: number): STopic | undefined {
    return this.topics.get(id);
  }
  post(id: number): SPost | undefined {
    return this.posts.get(id);
  }
  /** Every post of a topic, deleted ones and whispers included, by post number. */
  postsOf(topicId: number): readonly SPost[] {
    return this.byTopic.get(topicId) ?? [];
  }
  postCount(): number {
    return this.postIds.length;
  }
  /** Posts newest first, starting at id `before` (inclusive) when given. */
  *postsNewestFirst(before?: number): Generator<SPost> {
    let i = this.postIds.length - 1;
    if (before !== undefined) {
      let lo = 0;
      let hi = this.postIds.length - 1;
      i = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if (this.postIds[mid]! <= before) {
          i = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
    }
    for (; i >= 0; i--) yield this.posts.get(this.postIds[i]!)!;
  }

  addPost(p: SPost): void {
    this.posts.set(p.id, p);
    this.postIds.push(p.id);
    let list = this.byTopic.get(p.topic_id);
    if (!list) this.byTopic.set(p.topic_id, (list = []));
    list.push(p);
  }
}
