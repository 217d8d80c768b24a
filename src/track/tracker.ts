import type { Forum } from "../discourse/forum.ts";
import { DiscourseHttpError } from "../discourse/errors.ts";
import type { Post, Topic } from "../discourse/schemas.ts";
import { silentLogger, type Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import type { TrackedTopic } from "../store/threads.ts";

export interface TrackResult {
  /** Topics read in full this run. */
  topics: number;
  newPosts: number;
  changedPosts: number;
  deletedPosts: number;
  /** Requests this run sent (what change detection saves). */
  requests: number;
  errors: string[];
}

export interface TrackOptions {
  store: Store;
  forum: Forum;
  seminarId?: string;
  now?: () => Date;
  log?: Logger;
  /**
   * "cycle": what changed, from two listings, then only changed topics read (the schedule's run).
   * "full": every live topic read whole (edits, deletions, poll votes), as `seminar track --full`,
   * a digest and a moderator's "poll now" do.
   * "sweep": the slower reconciliation: the topics read longest ago, `sweepBatch` of them.
   */
  mode?: "cycle" | "full" | "sweep";
  /** Topics not closed... closed for longer than this are no longer polled (webhooks still count). */
  closedForMs?: number;
  /** At most this many topics read whole in one cycle, so a cycle fits its schedule. */
  maxFullReads?: number;
  sweepBatch?: number;
}

const LATEST_PAGE = 50; // /posts.json answers 50 posts a page (posts_controller.rb#latest)
const MAX_POST_PAGES = 10;
const MAX_LIST_PAGES = 10;
const CURSOR_KEY = "track:posts-cursor";

/**
 * Brings the store in line with the forum. Polling is the source of truth; webhooks only make
 * it sooner. A scheduled cycle does not read every topic: it asks the forum what changed
 * (new posts site-wide since a cursor, one page of each seminar category's topic list, most
 * recently bumped first) and reads in full only the topics whose counts disagree with what it
 * saw last. Edits and deletions deep in quiet topics arrive by webhook, or at the next sweep.
 */
export async function trackOnce(o: TrackOptions): Promise<TrackResult> {
  const log = o.log ?? silentLogger;
  const now = o.now ?? (() => new Date());
  const mode = o.mode ?? "cycle";
  const { store } = o;
  const result: TrackResult = { topics: 0, newPosts: 0, changedPosts: 0, deletedPosts: 0, requests: 0, errors: [] };
  const forum = o.forum;
  const sentBefore = forum.client.requestsSent;
  const closedFor = o.closedForMs ?? 7 * 86_400_000;
  const all = store.threads.tracked(o.seminarId);
  const live = all.filter((t) => !(t.closed_at && Date.parse(t.closed_at) < now().getTime() - closedFor));
  if (!live.length) return result;
  const byTopic = new Map(live.map((t) => [t.topic_id, t]));

  const toRead = new Set<number>();
  if (mode === "full") live.forEach((t) => toRead.add(t.topic_id));
  else if (mode === "sweep") {
    [...live].sort((a, b) => (a.last_full_read_at ?? "").localeCompare(b.last_full_read_at ?? "")).slice(0, o.sweepBatch ?? 25).forEach((t) => toRead.add(t.topic_id));
  } else {
    let fresh: Map<number, number>;
    try {
      fresh = await newPostsSinceCursor(o, forum, byTopic, now(), result);
      await compareListings(o, forum, live, fresh, now(), toRead);
    } catch (e) {
      result.errors.push(`listing what changed: ${(e as Error).message}`);
      log.warn({ err: (e as Error).message }, "could not list what changed; the next run tries again");
      return result;
    }
    // Never read: the first cycle after a release (or a lost store) reads them whole.
    for (const t of live) if (t.seen_posts_count === null) toRead.add(t.topic_id);
    // Where participants are active, one more request reads the rest: poll votes and edits, which
    // no listing shows. A quiet cycle stays at two requests; ten busy threads cost ten more.
    for (const topicId of fresh.keys()) toRead.add(topicId);
  }

  const cap = mode === "cycle" ? (o.maxFullReads ?? 30) : Number.POSITIVE_INFINITY;
  const order = [...toRead].sort((a, b) => (byTopic.get(a)!.last_full_read_at ?? "").localeCompare(byTopic.get(b)!.last_full_read_at ?? ""));
  for (const topicId of order.slice(0, cap)) await readWhole(o, forum, byTopic.get(topicId)!, now, result, log);
  if (order.length > cap) log.info({ waiting: order.length - cap }, "more topics to read than one cycle allows; the rest follow next cycle");
  // Other jobs share the client, so this counts their requests too when they overlap: a diagnostic, not a bill.
  result.requests = forum.client.requestsSent - sentBefore;
  log.info({ ...result, mode, errors: result.errors.length }, "tracking run finished");
  return result;
}

/**
 * New posts since the last cycle, newest first, from /posts.json (50 a page, raw included).
 * Returns how many each tracked topic gained. The cursor only moves past what was seen; when
 * the pages run out before it (a burst elsewhere on the forum), the listing comparison that
 * follows finds the topics whose counts no longer add up.
 */
async function newPostsSinceCursor(o: TrackOptions, forum: Forum, byTopic: Map<number, TrackedTopic>, at: Date, result: TrackResult): Promise<Map<number, number>> {
  const { store } = o;
  const fresh = new Map<number, number>();
  const cursorText = store.meta.get(CURSOR_KEY);
  const cursor = cursorText === undefined ? null : Number(cursorText);
  let before: number | undefined;
  let newest = cursor ?? 0;
  for (let page = 0; page < MAX_POST_PAGES; page++) {
    const posts = (await forum.latestPosts({ before })).latest_posts;
    if (!posts.length) break;
    newest = Math.max(newest, ...posts.map((p) => p.id));
    if (cursor === null) break; // first cycle: only learn where "now" is; unread topics are read whole
    const unseen = posts.filter((p) => p.id > cursor);
    store.transaction(() => {
      for (const p of unseen) {
        if (p.topic_id === undefined || !byTopic.has(p.topic_id)) continue;
        const r = store.posts.upsert(p, p.topic_id, at);
        if (r === "new") {
          result.newPosts++;
          fresh.set(p.topic_id, (fresh.get(p.topic_id) ?? 0) + 1);
        } else if (r === "changed") result.changedPosts++;
      }
    });
    if (unseen.length < posts.length || posts.length < LATEST_PAGE) break;
    before = Math.min(...posts.map((p) => p.id)) - 1;
  }
  store.meta.set(CURSOR_KEY, String(newest));
  return fresh;
}

/**
 * One page (or a few) of each seminar category's topic list, most recently bumped first:
 * a topic whose posts_count no longer equals what was seen plus what just arrived lost a post
 * (a deletion) or gained one /posts.json does not show (a whisper, a small action): read it.
 */
async function compareListings(o: TrackOptions, forum: Forum, live: TrackedTopic[], fresh: Map<number, number>, at: Date, toRead: Set<number>): Promise<void> {
  const { store } = o;
  const groups = new Map<string, { category: { id: number; slug: string } | null; topics: Map<number, TrackedTopic> }>();
  for (const t of live) {
    const key = t.category_id !== null && t.category_slug ? `c${t.category_id}` : "latest";
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { category: t.category_id !== null && t.category_slug ? { id: t.category_id, slug: t.category_slug } : null, topics: new Map() }));
    g.topics.set(t.topic_id, t);
  }
  for (const [key, g] of groups) {
    const watermark = store.meta.get(`track:bumped:${key}`) ?? "";
    let newestBump = watermark;
    for (let page = 0; page < MAX_LIST_PAGES; page++) {
      const list = (g.category ? await forum.categoryTopics(g.category, { page }) : await forum.latestTopics({ page })).topic_list;
      let older = false;
      for (const item of list.topics) {
        const bumped = item.bumped_at ?? "";
        if (bumped > newestBump) newestBump = bumped;
        // Pinned topics lead the list whatever their age: they say nothing about where to stop.
        if (!item.pinned && bumped && bumped <= watermark) older = true;
        const t = g.topics.get(item.id);
        if (!t || item.posts_count === undefined) continue;
        if (item.closed !== undefined) store.threads.recordClosed(t.topic_id, item.closed, at);
        const expected = t.seen_posts_count === null ? null : t.seen_posts_count + (fresh.get(t.topic_id) ?? 0);
        const missingNew = item.highest_post_number !== undefined && item.highest_post_number > store.posts.highestPostNumber(t.topic_id);
        if (expected === null || expected !== item.posts_count || missingNew) toRead.add(t.topic_id);
        else store.threads.recordSeen(t.topic_id, { postsCount: item.posts_count, highestPostNumber: item.highest_post_number ?? null, bumpedAt: item.bumped_at ?? null });
      }
      // The first listing only learns where "now" is: topics never seen are read whole anyway.
      if (older || !watermark || !list.more_topics_url || !list.topics.length) break;
    }
    if (newestBump !== watermark) store.meta.set(`track:bumped:${key}`, newestBump);
  }
}

/** Reads one topic whole and reconciles: new and edited posts stored, posts gone marked deleted, poll results kept. */
async function readWhole(o: TrackOptions, forum: Forum, t: TrackedTopic, now: () => Date, result: TrackResult, log: Logger): Promise<void> {
  const { store } = o;
  let whole: { topic: Topic; posts: Post[] };
  try {
    whole = await forum.wholeTopic(t.topic_id);
  } catch (e) {
    if (e instanceof DiscourseHttpError && e.status === 404) {
      // The whole topic is gone (or hidden from us): it has left the seminar.
      if (store.threads.markTopicDeleted(t.topic_id, now().toISOString())) result.errors.push(`topic ${t.topic_id} (${t.seminar_id}/${t.thread_id}) is no longer on the forum`);
      return;
    }
    result.errors.push(`topic ${t.topic_id}: ${(e as Error).message}`);
    log.warn({ topicId: t.topic_id, err: (e as Error).message }, "tracking a topic failed; the next run retries");
    return;
  }
  const { topic, posts } = whole;
  const at = now();
  // Staff (our key) still read a deleted topic: it answers 200 with deleted_at. It has left the seminar.
  if (topic.deleted_at) {
    if (store.threads.markTopicDeleted(t.topic_id, topic.deleted_at)) result.errors.push(`topic ${t.topic_id} (${t.seminar_id}/${t.thread_id}) was deleted on the forum`);
    return;
  }
  const present = posts.filter((p) => !p.deleted_at || p.post_number === 1);
  const ids = new Set(present.map((p) => p.id));
  store.transaction(() => {
    for (const p of present) {
      const r = store.posts.upsert(p, t.topic_id, at);
      if (r === "new") result.newPosts++;
      else if (r === "changed") result.changedPosts++;
      if (p.post_number === 1 && p.polls?.length) store.posts.upsertPolls(t.topic_id, p.id, p.polls, at);
    }
    for (const known of store.posts.idsOfTopic(t.topic_id)) {
      if (!ids.has(known.post_id) && !known.deleted_at && store.posts.markDeleted(known.post_id, at)) result.deletedPosts++;
    }
    store.threads.recordSeen(t.topic_id, { postsCount: topic.posts_count, highestPostNumber: topic.highest_post_number ?? null, bumpedAt: topic.bumped_at ?? null, fullReadAt: at });
    if (topic.closed !== undefined) store.threads.recordClosed(t.topic_id, topic.closed, at);
  });
  result.topics++;
}
