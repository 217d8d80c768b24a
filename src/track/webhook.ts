import { z } from "zod";
import { postSchema, topicSchema } from "../discourse/schemas.ts";
import type { Store } from "../store/store.ts";

export type WebhookOutcome = "stored" | "duplicate" | "ignored";

const postPayload = z.looseObject({ post: postSchema });
const topicPayload = z.looseObject({ topic: topicSchema.partial({ post_stream: true, slug: true, posts_count: true, title: true }) });

/**
 * Applies one verified delivery. Discourse may deliver twice, late or out of order, and a
 * redelivery or retry can carry a new event id: the dedupe key is the event and the post's
 * own version, not the delivery id.
 */
export function ingestWebhook(store: Store, event: string, eventId: string | undefined, body: unknown, now = new Date()): WebhookOutcome {
  if (event.startsWith("topic_")) return ingestTopicEvent(store, event, eventId, body, now);
  if (!event.startsWith("post_")) return "ignored";
  const parsed = postPayload.safeParse(body);
  if (!parsed.success) return "ignored";
  const p = parsed.data.post;
  const topicId = p.topic_id;
  if (topicId === undefined || !store.threads.byTopic(topicId)) return "ignored";
  const key = `${event}:${p.id}:${p.version}:${p.updated_at ?? ""}:${p.deleted_at ?? ""}`;
  return store.transaction((): WebhookOutcome => {
    if (!store.webhooks.record(key, event, eventId, now)) return "duplicate";
    if (event === "post_destroyed") store.posts.markDeleted(p.id, now);
    else store.posts.upsert(p, topicId, now);
    return "stored";
  });
}

/** topic_destroyed takes a thread out of the seminar (and its replies out of digests); topic_recovered brings it back. */
function ingestTopicEvent(store: Store, event: string, eventId: string | undefined, body: unknown, now: Date): WebhookOutcome {
  const parsed = topicPayload.safeParse(body);
  if (!parsed.success) return "ignored";
  const t = parsed.data.topic;
  if (!store.threads.byTopic(t.id)) return "ignored";
  const key = `${event}:${t.id}:${t.deleted_at ?? ""}:${eventId ?? ""}`;
  return store.transaction((): WebhookOutcome => {
    if (!store.webhooks.record(key, event, eventId, now)) return "duplicate";
    if (event === "topic_destroyed") store.threads.markTopicDeleted(t.id, t.deleted_at ?? now.toISOString());
    else if (event === "topic_recovered") store.threads.markTopicRestored(t.id);
    return "stored";
  });
}
