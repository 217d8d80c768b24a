import type { Forum } from "../discourse/forum.ts";
import type { Logger } from "../log.ts";
import type { TimerKind } from "../schedule/due.ts";
import type { Store } from "../store/store.ts";

/**
 * A moderator timer on a released thread: pin it (pin_current), unpin it when the next one
 * is pinned, or close it (close_after). Each is an idempotent status change on the forum,
 * recorded once done, so a crash in between only repeats a harmless request.
 */
export async function runTimer(ctx: { store: Store; forum: Forum; log: Logger; now: () => Date }, item: { kind: TimerKind; seminarId: string; threadId: string }): Promise<void> {
  const row = ctx.store.threads.row(item.seminarId, item.threadId);
  if (!row?.topic_id) return;
  const [status, enabled] = item.kind === "close" ? (["closed", true] as const) : (["pinned", item.kind === "pin"] as const);
  await ctx.forum.updateTopicStatus(row.topic_id, status, enabled);
  ctx.store.threads.recordTimer(item.seminarId, item.threadId, item.kind, ctx.now());
  ctx.log.info({ seminar: item.seminarId, thread: item.threadId, topicId: row.topic_id, action: item.kind }, `thread ${item.kind === "close" ? "closed" : item.kind === "pin" ? "pinned" : "unpinned"}`);
}
