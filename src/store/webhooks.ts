import type { Sql } from "./db.ts";

/** The log of webhook deliveries applied, by dedupe key, so a redelivery is recognised. */
export class WebhookDeliveryRecords {
  constructor(private readonly sql: Sql) {}

  /** True when the delivery is new (and now recorded); false for a duplicate. */
  record(dedupeKey: string, event: string, eventId: string | undefined, now: Date): boolean {
    return this.sql("INSERT OR IGNORE INTO webhook_deliveries (dedupe_key, event, event_id, received_at) VALUES (?, ?, ?, ?)").run(dedupeKey, event, eventId ?? null, now.toISOString()).changes === 1;
  }

  /**
   * Forgets deliveries older than `before`. Discourse retries for at most a few hours
   * (emit_web_hook_event.rb: 4 retries, the last after 125 minutes), so a week of keys is plenty.
   */
  prune(before: Date): number {
    return this.sql("DELETE FROM webhook_deliveries WHERE received_at < ?").run(before.toISOString()).changes;
  }

  count(): number {
    return (this.sql("SELECT COUNT(*) AS n FROM webhook_deliveries").get() as { n: number }).n;
  }
}
