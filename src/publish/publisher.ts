import { randomBytes, randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { DiscourseHttpError, isOutcomeUnknown } from "../discourse/errors.ts";
import { isEnqueued, type Forum } from "../discourse/forum.ts";
import type { Post } from "../discourse/schemas.ts";
import { silentLogger, type Logger } from "../log.ts";
import type { Plan } from "../plan/schema.ts";
import { releaseTimes } from "../schedule/releases.ts";
import type { Db } from "../store/db.ts";
import { seededOf, syncPlan, threadRow, type ThreadRow } from "../store/seminars.ts";
import { counterargumentBody, threadBody, topicMarker } from "./render.ts";

/** A lease longer than any publish: a claim older than this belonged to a process that died. */
const CLAIM_LEASE_MS = 10 * 60_000;
/** host:pid:uuid, so a restart on the same machine can tell that the claim's owner is gone. */
const PROCESS_ID = `${hostname()}:${process.pid}:${randomUUID()}`;

export interface PublishOptions {
  db: Db;
  forum: Forum;
  plan: Plan;
  planPath: string;
  now?: Date;
  /** Release every thread now, whatever its schedule. */
  all?: boolean;
  log?: Logger;
  /** Fired after each step; tests await these instead of sleeping. */
  onEvent?: (e: PublishEvent) => void;
}

export type PublishEvent =
  | { type: "topic_created"; threadId: string; topicId: number; reconciled: boolean }
  | { type: "reply_created"; threadId: string; idx: number; postId: number; reconciled: boolean }
  | { type: "published"; threadId: string; catchUp: boolean };

export interface PublishResult {
  published: string[];
  pending: { threadId: string; at: number }[];
  failed: { threadId: string; error: string }[];
}

/**
 * Releases the threads that are due, each exactly once. The store is the record of what ran:
 * a thread is claimed in a transaction before any forum write, the topic carries an external_id
 * and every seeded reply a hidden marker, so a crash or a lost answer is settled by looking
 * on the forum before writing again, never by posting blindly a second time.
 */
export async function publishDue(o: PublishOptions): Promise<PublishResult> {
  const now = o.now ?? new Date();
  const log = o.log ?? silentLogger;
  const { firstSeenAt } = syncPlan(o.db, o.plan, o.planPath, now);
  const times = releaseTimes(o.plan, Date.parse(firstSeenAt));
  const result: PublishResult = { published: [], pending: [], failed: [] };
  let categoryId: number | null | undefined;
  for (const r of times) {
    const row = threadRow(o.db, o.plan.seminar.id, r.threadId)!;
    if (row.state === "published") continue;
    if (!o.all && r.at > now.getTime()) {
      result.pending.push({ threadId: r.threadId, at: r.at });
      continue;
    }
    // A release more than an hour late was missed while the service was down: say so.
    const catchUp = !o.all && now.getTime() - r.at > 3_600_000;
    try {
      if (categoryId === undefined) categoryId = await prepareForum(o);
      await publishThread(o, row, catchUp, categoryId, log);
      result.published.push(r.threadId);
    } catch (e) {
      const msg = (e as Error).message;
      o.db.prepare("UPDATE threads SET last_error = ? WHERE seminar_id = ? AND thread_id = ?").run(msg, o.plan.seminar.id, r.threadId);
      log.error({ seminar: o.plan.seminar.id, thread: r.threadId, err: msg }, "release failed; it will be retried");
      result.failed.push({ threadId: r.threadId, error: msg });
      // Later threads wait: releasing thread 3 before thread 2 would scramble the seminar's order.
      break;
    }
  }
  return result;
}

/** Whether a claim belongs to a process on this machine that no longer runs (a crash or a kill). */
function ownerIsGone(claimedBy: string | null): boolean {
  const [host, pid] = (claimedBy ?? "").split(":");
  if (!claimedBy || host !== hostname() || !pid || Number(pid) === process.pid) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ESRCH";
  }
}

function claim(db: Db, row: ThreadRow, now: Date): boolean {
  const current = db.prepare("SELECT claimed_by FROM threads WHERE seminar_id = ? AND thread_id = ?").get(row.seminar_id, row.thread_id) as { claimed_by: string | null };
  if (ownerIsGone(current.claimed_by)) {
    // Take the claim over only if nobody else did in the meantime.
    db.prepare("UPDATE threads SET claimed_by = NULL WHERE seminar_id = ? AND thread_id = ? AND claimed_by = ?").run(row.seminar_id, row.thread_id, current.claimed_by);
  }
  const res = db
    .prepare(
      `UPDATE threads SET state = CASE WHEN state = 'pending' THEN 'claimed' ELSE state END, claimed_at = ?, claimed_by = ?
       WHERE seminar_id = ? AND thread_id = ? AND state != 'published'
         AND (claimed_by IS NULL OR claimed_by = ? OR claimed_at < ?)`,
    )
    .run(now.toISOString(), PROCESS_ID, row.seminar_id, row.thread_id, PROCESS_ID, new Date(now.getTime() - CLAIM_LEASE_MS).toISOString());
  return res.changes === 1;
}

/** The category and the counterargument account must exist before the first topic; returns the category id. */
async function prepareForum(o: PublishOptions): Promise<number | null> {
  const s = o.plan.seminar;
  if (!(await o.forum.getUser(s.counterargument_poster))) {
    const res = await o.forum
      .createUser({
        name: "Devil's Advocate",
        username: s.counterargument_poster,
        email: `${s.counterargument_poster}@discourse-seminar.invalid`,
        password: randomBytes(24).toString("base64url"),
        active: true,
        approved: true,
      })
      .catch((e: unknown) => {
        if (e instanceof DiscourseHttpError && e.status === 403) {
          throw new Error(
            `the API key may not create users, so the counterargument account "${s.counterargument_poster}" does not exist; create it on the forum (Admin > Users) or use an admin key with global scope`,
          );
        }
        throw e;
      });
    if (!res.success) {
      throw new Error(
        `could not create the counterargument account "${s.counterargument_poster}" (${res.message ?? "refused"}); create it on the forum or set seminar.counterargument_poster to an existing user`,
      );
    }
  }
  if (!s.category) return null;
  const existing = (await o.forum.listCategories()).find((c) => c.slug === s.category);
  if (existing) return existing.id;
  // Older Discourse versions require color and text_color when creating a category.
  const created = await o.forum
    .createCategory({ name: s.category.replace(/-/g, " ").replace(/^./, (c) => c.toUpperCase()), slug: s.category, color: "0088CC", text_color: "FFFFFF" })
    .catch((e: unknown) => {
      if (e instanceof DiscourseHttpError && e.status === 403) {
        throw new Error(`there is no category "${s.category}" and the API key may not create one; create it on the forum or change seminar.category`);
      }
      throw e;
    });
  return created.id;
}

async function publishThread(o: PublishOptions, row: ThreadRow, catchUp: boolean, categoryId: number | null, log: Logger): Promise<void> {
  const { db, forum, plan } = o;
  const s = plan.seminar;
  if (!claim(db, row, o.now ?? new Date())) {
    throw new Error(`thread ${row.thread_id} is being released by another process; try again in a few minutes`);
  }
  const index = plan.threads.findIndex((t) => t.id === row.thread_id);
  const thread = plan.threads[index]!;
  const total = plan.threads.filter((t) => !t.skip).length;
  let topicId = row.topic_id;

  if (topicId === null) {
    let topic = await forum.getTopicByExternalId(row.external_id);
    let reconciled = !!topic;
    if (!topic) {
      try {
        const created = await forum.createTopic(
          {
            title: thread.title,
            raw: `${threadBody(plan, thread, plan.threads.filter((t) => !t.skip).indexOf(thread), total)}\n\n${topicMarker(row.external_id)}`,
            external_id: row.external_id,
            ...(categoryId !== null ? { category: categoryId } : {}),
            ...(s.tags.length ? { tags: s.tags } : {}),
          },
          { asUser: s.poster },
        );
        if (isEnqueued(created)) throw new Error(`the forum queued "${thread.title}" for approval; approve it in the review queue, then publish again`);
        topicId = (created as Post).topic_id ?? null;
      } catch (e) {
        const taken = e instanceof DiscourseHttpError && e.errors.some((m) => /External has already been taken/i.test(m));
        if (!isOutcomeUnknown(e) && !taken) throw e;
        // The create may have landed: look before anything else is written.
        topic = await forum.getTopicByExternalId(row.external_id);
        if (!topic) throw e;
        reconciled = true;
      }
      if (topic) topicId = topic.id;
    } else {
      topicId = topic.id;
    }
    if (!topicId) throw new Error(`the forum did not say which topic it created for ${row.thread_id}`);
    const t = topic ?? (await forum.getTopic(topicId));
    db.prepare("UPDATE threads SET state = 'topic_created', topic_id = ?, topic_slug = ?, first_post_id = ?, last_error = NULL WHERE seminar_id = ? AND thread_id = ?").run(
      topicId,
      t.slug,
      t.post_stream.posts[0]?.id ?? null,
      row.seminar_id,
      row.thread_id,
    );
    o.onEvent?.({ type: "topic_created", threadId: row.thread_id, topicId, reconciled });
    log.info({ seminar: s.id, thread: row.thread_id, topicId, reconciled }, "thread topic created");
  }

  const seeded = seededOf(db, row.seminar_id, row.thread_id).filter((x) => x.idx < thread.counterarguments.length);
  if (seeded.some((x) => x.post_id === null)) {
    let onForum = await markersOnForum(forum, topicId);
    const record = db.prepare("UPDATE seeded_posts SET post_id = ?, post_number = ? WHERE seminar_id = ? AND thread_id = ? AND idx = ?");
    for (const x of seeded) {
      if (x.post_id !== null) continue;
      let post = onForum.get(x.marker);
      let reconciled = !!post;
      if (!post) {
        try {
          const created = await forum.createReply(
            { topic_id: topicId, raw: counterargumentBody(x.text, x.source, x.idx, seeded.length, x.marker) },
            { asUser: s.counterargument_poster },
          );
          if (isEnqueued(created)) throw new Error(`the forum queued a counterargument of "${thread.title}" for approval; approve it, then publish again`);
          post = { id: (created as Post).id, post_number: (created as Post).post_number };
        } catch (e) {
          if (!isOutcomeUnknown(e)) throw e;
          onForum = await markersOnForum(forum, topicId);
          post = onForum.get(x.marker);
          if (!post) throw e;
          reconciled = true;
        }
      }
      record.run(post.id, post.post_number, x.seminar_id, x.thread_id, x.idx);
      o.onEvent?.({ type: "reply_created", threadId: row.thread_id, idx: x.idx, postId: post.id, reconciled });
    }
  }
  db.prepare("UPDATE threads SET state = 'published', published_at = ?, catch_up = ?, last_error = NULL, claimed_by = NULL WHERE seminar_id = ? AND thread_id = ?").run(
    (o.now ?? new Date()).toISOString(),
    catchUp ? 1 : 0,
    row.seminar_id,
    row.thread_id,
  );
  o.onEvent?.({ type: "published", threadId: row.thread_id, catchUp });
  log.info({ seminar: s.id, thread: row.thread_id, topicId, catchUp }, "thread released");
}

/** Seeded replies already on the forum, found by the marker at the end of their raw; a deleted one the forum still lists counts as posted. */
async function markersOnForum(forum: Forum, topicId: number): Promise<Map<string, { id: number; post_number: number }>> {
  const out = new Map<string, { id: number; post_number: number }>();
  for (const p of await forum.allPosts(topicId, { includeDeleted: true })) {
    const m = /<!-- (discourse-seminar:[\w-]+\/[\w-]+\/ca-\d+) -->/.exec(p.raw ?? "");
    if (m) out.set(m[1]!, { id: p.id, post_number: p.post_number });
  }
  return out;
}
