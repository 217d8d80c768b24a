import { z } from "zod";
import { postSchema } from "../discourse/schemas.ts";
import type { Db } from "../store/db.ts";
import { markDeleted, upsertPost } from "../store/posts.ts";

export type WebhookOutcome = "stored" | "duplicate" | "ignored";

const postPayload = z.looseObject({ post: postSchema });

/**
 * Applies one verified delivery. Discourse may deliver twice, late or out of order, and a
 * redelivery or retry can carry a new event id: the dedupe key is the event and the post's
 * own version, not the delivery id.
 */
export function ingestWebhook(db: Db, event: string, eventId: string | undefined, body: unknown, now = new Date()): WebhookOutcome {
  if (!event.startsWith("post_")) return "ignored";
  const parsed = postPayload.safeParse(body);
  if (!parsed.success) return "ignored";
  const p = parsed.data.post;
  const topicId = p.topic_id;
  if (topicId === undefined) return "ignored";
  const ours = db.prepare("SELECT 1 FROM threads WHERE topic_id = ?").get(topicId);
  if (!ours) return "ignored";
  const key = `${event}:${p.id}:${p.version}:${p.updated_at ?? ""}`;
  return db.transaction((): WebhookOutcome => {
    const fresh = db.prepare("INSERT OR IGNORE INTO webhook_deliveries (dedupe_key, event, event_id, received_at) VALUES (?, ?, ?, ?)").run(key, event, eventId ?? null, now.toISOString());
    if (fresh.changes === 0) return "duplicate";
    if (event === "post_destroyed") markDeleted(db, p.id, now);
    else upsertPost(db, p, topicId, now);
    return "stored";
  })();
}
