import { describe, expect, it } from "vitest";
import { composeDigest } from "../../src/digest/build.ts";
import { ingestWebhook } from "../../src/track/webhook.ts";
import { forumPost, releasedSeminar } from "../store-seed.ts";
import { memoryStore } from "../helpers.ts";

const at = new Date("2026-12-02T10:00:00.000Z");

describe("what the forum does to a seminar, as the store and digests see it", () => {
  it("takes a destroyed topic out of the seminar (and its replies out of digests), and brings a recovered one back", () => {
    const store = memoryStore();
    const { plan, threads } = releasedSeminar(store, { threads: 2 });
    const t = threads[0]!;
    store.posts.upsert(forumPost({ id: 9001, topicId: t.topicId, postNumber: 5, username: "ana", raw: "A participant's reply in the first thread.", createdAt: at.toISOString() }), t.topicId, at);
    expect(composeDigest(store, plan, { now: at, forumUrl: "http://f" }).data.threads).toHaveLength(2);
    const topic = { id: t.topicId, title: "Recommendation number 1 of the seminar", deleted_at: at.toISOString() };
    expect(ingestWebhook(store, "topic_destroyed", "1", { topic }, at)).toBe("stored");
    const after = composeDigest(store, plan, { now: at, forumUrl: "http://f" });
    expect(after.data.threads.map((x) => x.threadId)).toEqual(["rec-2"]);
    expect(after.markdown).not.toContain("A participant's reply in the first thread");
    expect(ingestWebhook(store, "topic_recovered", "2", { topic: { ...topic, deleted_at: null } }, at)).toBe("stored");
    expect(composeDigest(store, plan, { now: at, forumUrl: "http://f" }).data.threads).toHaveLength(2);
  });

  it("never quotes a hidden post or a whisper, and follows a post's deletion and recovery", () => {
    const store = memoryStore();
    const { plan, threads } = releasedSeminar(store);
    const t = threads[0]!;
    const post = (id: number, raw: string, o: Partial<Parameters<typeof forumPost>[0]> = {}) =>
      forumPost({ id, topicId: t.topicId, postNumber: id - 8990, username: `user${id}`, raw, createdAt: at.toISOString(), ...o });
    for (const p of [post(9001, "Visible reply everyone can read."), post(9002, "Flagged and hidden reply text.", { hidden: true }), post(9003, "Staff whisper about moderation.", { postType: 4 })]) {
      ingestWebhook(store, "post_created", undefined, { post: p }, at);
    }
    const md = composeDigest(store, plan, { now: at, forumUrl: "http://f" }).markdown;
    expect(md).toContain("Visible reply everyone can read");
    expect(md).not.toContain("Flagged and hidden");
    expect(md).not.toContain("Staff whisper");
    const gone = { ...post(9001, "Visible reply everyone can read."), deleted_at: at.toISOString(), version: 2, updated_at: "2026-12-02T10:05:00.000Z" };
    ingestWebhook(store, "post_destroyed", undefined, { post: gone }, at);
    expect(composeDigest(store, plan, { now: at, forumUrl: "http://f" }).data.threads[0]!.totalReplies).toBe(0);
    const back = { ...gone, deleted_at: null, version: 3, updated_at: "2026-12-02T10:10:00.000Z" };
    ingestWebhook(store, "post_recovered", undefined, { post: back }, at);
    expect(composeDigest(store, plan, { now: at, forumUrl: "http://f" }).data.threads[0]!.totalReplies).toBe(1);
  });
});
