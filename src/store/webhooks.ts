import type { Sql } from "./db.ts";

/** The log of webhook deliveries applied, by dedupe key, so a redelivery is recognised. */
export class WebhookDeliveryRecords {
  constructor(private readonly sql: Sql) {}

  /** Whether a topic belongs to a seminar thread: the first question of every delivery, answered from the index alone. */
  tracksTopic(topicId: number): boolean {
    return this.sql("SELECT 1 FROM threads WHERE topic_id = ? LIMIT 1").get(topicId) !== undefined;
  }

  /** True when the delivery is new (and now recorded); false for a duplicate. */
  record(dedupeKey: string, event: string, eventId: string | undefined, now: Date): boolean {
    return this.sql("INSERT OR IGNORE INTO webhook_deliveries (dedupe_key, event, event_id, received_at) VALUES (?, ?, ?, ?)").run(dedupeKey, event, eventId ?? null, now.toISOString()).changes === 1;
  }

  /**
   * Forgets deliveries older than `before`, at most `limit` of them (oldest first, through the
   * received_at index), so a call made between two webhook requests never holds the event loop
   * for long; callers that prune more often than old keys arrive keep the log bounded anyway.
   * Discourse retries for at most a few hours (emit_web_hook_event.rb: 4 retries, the last after
   * 125 minutes), so a week of keys is plenty.
   */
  prune(before: Date, limit = 1000): number {
    return this.sql(
      "DELETE FROM webhook_deliveries WHERE rowid IN (SELECT rowid FROM webhook_deliveries WHERE received_at < ? ORDER BY received_at LIMIT ?)",
    ).run(before.toISOString(), limit).changes;
  }

  count(): number {
    return (this.sql("SELECT COUNT(*) AS n FROM webhook_deliveries").get() as { n: number }).n;
  }
}
