import type { Plan } from "../plan/schema.ts";
import type { Db } from "./db.ts";

export interface ThreadRow {
  seminar_id: string;
  thread_id: string;
  position: number;
  title: string;
  release_at: string | null;
  external_id: string;
  state: "pending" | "claimed" | "topic_created" | "published";
  claimed_at: string | null;
  claimed_by: string | null;
  topic_id: number | null;
  topic_slug: string | null;
  first_post_id: number | null;
  published_at: string | null;
  catch_up: number;
  last_error: string | null;
}

export interface SeededRow {
  seminar_id: string;
  thread_id: string;
  idx: number;
  marker: string;
  text: string;
  source: string;
  post_id: number | null;
  post_number: number | null;
}

/** Topic external_id: Discourse allows 50 characters of [\w-]; ids are capped so this fits. */
export function externalIdFor(seminarId: string, threadId: string): string {
  return `ds-${seminarId}-${threadId}`;
}

export function markerFor(seminarId: string, threadId: string, idx: number): string {
  return `discourse-seminar:${seminarId}/${threadId}/ca-${idx + 1}`;
}

/**
 * Records the plan as loaded. Release state is never touched here: editing a plan cannot
 * un-release a thread. The first time a seminar is seen anchors its "first-run" schedule.
 */
export function syncPlan(db: Db, plan: Plan, planPath: string, now: Date): { firstSeenAt: string } {
  return db.transaction(() => {
    const s = plan.seminar;
    db.prepare(
      `INSERT INTO seminars (id, title, plan_path, plan_json, first_seen_at, loaded_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(id) DO UPDATE SET title = excluded.title, plan_path = excluded.plan_path, plan_json = excluded.plan_json, loaded_at = excluded.loaded_at`,
    ).run(s.id, s.title, planPath, JSON.stringify(plan), now.toISOString(), now.toISOString());
    const upsert = db.prepare(
      `INSERT INTO threads (seminar_id, thread_id, position, title, external_id) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(seminar_id, thread_id) DO UPDATE SET position = excluded.position,
         title = CASE WHEN threads.state = 'pending' THEN excluded.title ELSE threads.title END`,
    );
    const seed = db.prepare(
      `INSERT INTO seeded_posts (seminar_id, thread_id, idx, marker, text, source) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(seminar_id, thread_id, idx) DO UPDATE SET text = CASE WHEN seeded_posts.post_id IS NULL THEN excluded.text ELSE seeded_posts.text END,
         source = CASE WHEN seeded_posts.post_id IS NULL THEN excluded.source ELSE seeded_posts.source END`,
    );
    plan.threads.forEach((t, i) => {
      upsert.run(s.id, t.id, i, t.title, externalIdFor(s.id, t.id));
      t.counterarguments.forEach((c, j) => seed.run(s.id, t.id, j, markerFor(s.id, t.id, j), c.text, c.source));
    });
    const row = db.prepare("SELECT first_seen_at FROM seminars WHERE id = ?").get(s.id) as { first_seen_at: string };
    return { firstSeenAt: row.first_seen_at };
  })();
}

export function threadRow(db: Db, seminarId: string, threadId: string): ThreadRow | undefined {
  return db.prepare("SELECT * FROM threads WHERE seminar_id = ? AND thread_id = ?").get(seminarId, threadId) as ThreadRow | undefined;
}

export function threadsOf(db: Db, seminarId: string): ThreadRow[] {
  return db.prepare("SELECT * FROM threads WHERE seminar_id = ? ORDER BY position").all(seminarId) as ThreadRow[];
}

export function seededOf(db: Db, seminarId: string, threadId: string): SeededRow[] {
  return db.prepare("SELECT * FROM seeded_posts WHERE seminar_id = ? AND thread_id = ? ORDER BY idx").all(seminarId, threadId) as SeededRow[];
}

export function releasedTopics(db: Db, seminarId?: string): ThreadRow[] {
  return (
    seminarId
      ? db.prepare("SELECT * FROM threads WHERE topic_id IS NOT NULL AND seminar_id = ? ORDER BY seminar_id, position").all(seminarId)
      : db.prepare("SELECT * FROM threads WHERE topic_id IS NOT NULL ORDER BY seminar_id, position").all()
  ) as ThreadRow[];
}
