import { createHash } from "node:crypto";
import { seededMarker, threadExternalId } from "../plan/ids.ts";
import type { Plan, PlanThread } from "../plan/schema.ts";
import type { Sql } from "./db.ts";

export interface SeminarRow {
  id: string;
  title: string;
  plan_path: string;
  plan_json: string;
  first_seen_at: string;
  loaded_at: string;
  digest_topic_id: number | null;
  digest_topic_slug: string | null;
  reconciled_at: string | null;
  category_id: number | null;
  category_slug: string | null;
}

/**
 * What a release of this thread would write: when it changes, a permanent failure is worth
 * another try (the moderator fixed the title, the category, the account...).
 */
export function releaseHash(plan: Plan, t: PlanThread): string {
  const s = plan.seminar;
  const what = [t.title, t.recommendation, t.context, t.questions, t.poll, t.counterarguments, s.category, s.tags, s.poster, s.counterargument_poster];
  return createHash("sha256").update(JSON.stringify(what)).digest("hex").slice(0, 16);
}

export class SeminarRecords {
  constructor(
    private readonly sql: Sql,
    private readonly tx: <T>(fn: () => T) => T,
  ) {}

  get(id: string): SeminarRow | undefined {
    return this.sql("SELECT * FROM seminars WHERE id = ?").get(id) as SeminarRow | undefined;
  }

  all(): SeminarRow[] {
    return this.sql("SELECT * FROM seminars ORDER BY id").all() as SeminarRow[];
  }

  /**
   * Records the plan as loaded. Release state is never touched here: editing a plan cannot
   * un-release a thread. The first time a seminar is seen anchors its "first-run" schedule.
   * A thread never claimed takes the current external_id scheme; one that may have reached the
   * forum keeps the id it was sent with.
   */
  syncPlan(plan: Plan, planPath: string, now: Date): { firstSeenAt: string; isNew: boolean } {
    return this.tx(() => {
      const s = plan.seminar;
      const isNew = !this.get(s.id);
      this.sql(
        `INSERT INTO seminars (id, title, plan_path, plan_json, first_seen_at, loaded_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(id) DO UPDATE SET title = excluded.title, plan_path = excluded.plan_path, plan_json = excluded.plan_json, loaded_at = excluded.loaded_at`,
      ).run(s.id, s.title, planPath, JSON.stringify(plan), now.toISOString(), now.toISOString());
      const upsert = this.sql(
        `INSERT INTO threads (seminar_id, thread_id, position, title, external_id, plan_hash) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(seminar_id, thread_id) DO UPDATE SET position = excluded.position,
           title = CASE WHEN threads.state = 'pending' THEN excluded.title ELSE threads.title END,
           external_id = CASE WHEN threads.state = 'pending' AND threads.topic_id IS NULL THEN excluded.external_id ELSE threads.external_id END,
           failure = CASE WHEN threads.failure = 'permanent' AND threads.plan_hash IS NOT excluded.plan_hash THEN NULL ELSE threads.failure END,
           next_attempt_at = CASE WHEN threads.failure = 'permanent' AND threads.plan_hash IS NOT excluded.plan_hash THEN NULL ELSE threads.next_attempt_at END,
           plan_hash = excluded.plan_hash`,
      );
      const seed = this.sql(
        `INSERT INTO seeded_posts (seminar_id, thread_id, idx, marker, text, source) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(seminar_id, thread_id, idx) DO UPDATE SET
           marker = CASE WHEN seeded_posts.post_id IS NULL AND seeded_posts.attempted_at IS NULL THEN excluded.marker ELSE seeded_posts.marker END,
           text = CASE WHEN seeded_posts.post_id IS NULL THEN excluded.text ELSE seeded_posts.text END,
           source = CASE WHEN seeded_posts.post_id IS NULL THEN excluded.source ELSE seeded_posts.source END`,
      );
      plan.threads.forEach((t, i) => {
        upsert.run(s.id, t.id, i, t.title, threadExternalId(s.id, t.id), releaseHash(plan, t));
        t.counterarguments.forEach((c, j) => seed.run(s.id, t.id, j, seededMarker(s.id, t.id, j), c.text, c.source));
      });
      return { firstSeenAt: this.get(s.id)!.first_seen_at, isNew };
    });
  }

  /** After a lost store, the forum knows better when the seminar began: its first topic's date. */
  setFirstSeen(id: string, at: string): void {
    this.sql("UPDATE seminars SET first_seen_at = ? WHERE id = ?").run(at, id);
  }

  markReconciled(id: string, at: Date): void {
    this.sql("UPDATE seminars SET reconciled_at = ? WHERE id = ?").run(at.toISOString(), id);
  }

  /** The category the seminar's topics are created in: tracking lists it to see what changed. */
  setCategory(id: string, categoryId: number, slug: string): void {
    this.sql("UPDATE seminars SET category_id = ?, category_slug = ? WHERE id = ? AND (category_id IS NOT ? OR category_slug IS NOT ?)").run(categoryId, slug, id, categoryId, slug);
  }

  setDigestTopic(id: string, topicId: number, slug: string | null): void {
    this.sql("UPDATE seminars SET digest_topic_id = ?, digest_topic_slug = ? WHERE id = ?").run(topicId, slug, id);
  }
}
