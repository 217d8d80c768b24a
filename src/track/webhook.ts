import { z } from "zod";
import { postSchema, topicSchema } from "../discourse/schemas.ts";
import type { Store } from "../store/store.ts";

export type WebhookOutcome = "stored" | "duplicate" | "ignored";

const postPayload = z.looseObject({ post: postSchema });
const topicPayload = z.looseObject({ topic: topicSchema.partial({ post_stream: true, slug: true, posts_count: true, title: true }) });

/**
 * Applies one verified delivery, in one transaction: when this returns, the delivery is
 * committed (in the WAL, which survives a killed process), so the caller may acknowledge it.
 * Discourse may deliver twice, late or out of order, and a redelivery or retry can carry a new
 * event id: the dedupe key is the event and the post's own version, not the delivery id.
 */
export function ingestWebhook(store: Store, event: string, eventId: string | undefined, body: unknown, now = new Date()): WebhookOutcome {
  if (event.startsWith("topic_")) return ingestTopicEvent(store, event, eventId, body, now);
  if (!event.startsWith("post_")) return "ignored";
  const parsed = postPayload.safeParse(body);
  if (!parsed.success) return "ignored";
  const p = parsed.data.post;
  const topicId = p.topic_id;
  if (topicId === undefined || !store.webhooks.tracksTopic(topicId)) return "ignored";
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
  if (!store.webhooks.tracksTopic(t.id)) return "ignored";
  const key = `${event}:${t.id}:${t.deleted_at ?? ""}:${eventId ?? ""}`;
  return store.transaction((): WebhookOutcome => {
    if (!store.webhooks.record(key, event, eventId, now)) return "duplicate";
    if (event === "topic_destroyed") store.threads.markTopicDeleted(t.id, t.deleted_at ?? now.toISOString());
    else if (event === "topic_recovered") store.threads.markTopicRestored(t.id);
    return "stored";
  });
}

/** How long a delivery's dedupe key is kept: Discourse's last retry comes about 2.5 hours after the event. */
export const DELIVERY_RETENTION_MS = 7 * 24 * 60 * 60_000;

export interface WebhookIngestorOptions {
  /** Prune the delivery log after this many stored deliveries (default 500). */
  pruneEvery?: number;
  /** At most this many keys forgotten per prune (default 1,000: twice what arrives in between, so the log cannot outgrow it). */
  pruneLimit?: number;
  retentionMs?: number;
  /** Most deliveries committed together (default 256); more wait for the next turn of the event loop. */
  maxBatch?: number;
  /**
   * Commits at most once per this many milliseconds while deliveries keep coming (default 2).
   * A delivery that finds the store idle for longer is committed at the end of the current
   * turn of the event loop, so the window only ever delays deliveries that arrive in a stream.
   */
  batchWindowMs?: number;
  now?: () => Date;
}

interface Pending {
  event: string;
  eventId: string | undefined;
  body: unknown;
  resolve: (o: WebhookOutcome) => void;
  reject: (e: unknown) => void;
}

/**
 * Ingests deliveries with group commit: those that arrive together are stored in one
 * transaction (each in a savepoint of its own, so one bad delivery fails alone), and each promise
 * settles after that transaction has committed, so a 200 is never sent for a delivery a crash
 * could lose. A commit's cost is mostly its WAL pages and locks (about 0.1 ms here, whatever it
 * holds), so under a stream commits are spaced `batchWindowMs` apart and each carries a few
 * deliveries; alone, a delivery waits no longer than the current turn of the event loop.
 *
 * Every `pruneEvery` stored deliveries, keys older than the retention are forgotten, a bounded
 * batch at a time and after the answers have been sent: the log stays bounded without a timer
 * of its own, and a service that receives nothing has nothing to prune.
 */
export function webhookIngestor(store: Store, o: WebhookIngestorOptions = {}) {
  const every = o.pruneEvery ?? 500;
  const limit = o.pruneLimit ?? 1000;
  const retention = o.retentionMs ?? DELIVERY_RETENTION_MS;
  const maxBatch = o.maxBatch ?? 256;
  const windowMs = o.batchWindowMs ?? 2;
  const now = o.now ?? (() => new Date());
  let queue: Pending[] = [];
  let scheduled = false;
  let lastFlush = -Infinity;
  let stored = 0;
  let pruned = 0;

  const prune = () => {
    try {
      pruned += store.webhooks.prune(new Date(now().getTime() - retention), limit);
    } catch {
      // A busy or failing store shows in the next delivery's answer; housekeeping can wait.
    }
  };

  const flush = () => {
    scheduled = false;
    lastFlush = performance.now();
    const batch = queue.splice(0, maxBatch);
    if (queue.length) schedule();
    const at = now();
    const results: ({ ok: true; outcome: WebhookOutcome } | { ok: false; error: unknown })[] = [];
    try {
      store.transaction(() => {
        for (const d of batch) {
          try {
            results.push({ ok: true, outcome: ingestWebhook(store, d.event, d.eventId, d.body, at) });
          } catch (error) {
            results.push({ ok: false, error });
          }
        }
      });
    } catch (error) {
      // The commit itself failed (disk full, store gone): none of the batch is stored.
      for (const d of batch) d.reject(error);
      return;
    }
    const before = stored;
    batch.forEach((d, i) => {
      const r = results[i]!;
      if (!r.ok) return d.reject(r.error);
      if (r.outcome === "stored") stored++;
      d.resolve(r.outcome);
    });
    if (Math.floor(stored / every) > Math.floor(before / every)) setImmediate(prune);
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    const wait = lastFlush + windowMs - performance.now();
    if (wait >= 1 && queue.length < maxBatch) setTimeout(flush, wait);
    else setImmediate(flush);
  };

  return {
    /** Settles once the delivery is committed (or refused); reject means it was not stored. */
    ingest(event: string, eventId: string | undefined, body: unknown): Promise<WebhookOutcome> {
      return new Promise((resolve, reject) => {
        queue.push({ event, eventId, body, resolve, reject });
        schedule();
      });
    },
    /** Keys forgotten so far (for tests and logs). */
    get pruned() {
      return pruned;
    },
  };
}
export type WebhookIngestor = ReturnType<typeof webhookIngestor>;
