import { describe, expect, it } from "vitest";
import { planSchema } from "../../src/plan/schema.ts";
import { trackOnce } from "../../src/track/tracker.ts";
import { forumAt, memoryStore, runPlan, sandbox } from "../helpers.ts";

/** A seminar of `n` released threads in one category, tracked once, with a participant ready to reply. */
async function trackedSeminar(n: number) {
  const sb = await sandbox({ replayCache: false, siteSettings: { rate_limit_create_post: 0 } });
  const forum = forumAt(sb.url);
  const store = memoryStore();
  const plan = planSchema.parse({
    seminar: { id: "trk", title: "Tracking", category: "seminars", counterargument_role: "moderator" },
    threads: Array.from({ length: n }, (_, i) => ({ id: `t-${i + 1}`, title: `Tracked thread number ${i + 1} of the seminar`, recommendation: "Do it." })),
  });
  await runPlan(store, forum, plan, { all: true });
  await forum.createUser({ name: "Pat", username: "pat_q", email: "pat@example.com", password: "a long enough password", active: true });
  // As a trusted participant, so the test is about tracking and not about new-user limits.
  const pat = (await forum.getUser("pat_q"))!;
  await forum.setTrustLevel(pat.id, 2);
  const first = await trackOnce({ store, forum, mode: "full" });
  expect(first.topics).toBe(n);
  const topic = (i: number) => store.threads.row("trk", `t-${i}`)!.topic_id!;
  const cycle = async () => {
    sb.requests.clear();
    const r = await trackOnce({ store, forum });
    return { r, sent: sb.requests.entries.length };
  };
  return { sb, forum, store, topic, cycle };
}

describe("tracking by change detection", () => {
  it("spends two requests on a cycle where nothing changed, and one more per thread with new replies", async () => {
    const t = await trackedSeminar(40);
    expect((await t.cycle()).sent).toBeLessThanOrEqual(2);
    for (const i of [3, 17, 40]) await t.forum.createReply({ topic_id: t.topic(i), raw: `A participant's reply in thread ${i}, with enough words.` }, { asUser: "pat_q" });
    const { r, sent } = await t.cycle();
    expect(r.newPosts).toBe(3);
    // The two listings, then each busy thread read whole (for poll votes and edits beside the new posts).
    expect(sent).toBeLessThanOrEqual(2 + 3);
    for (const i of [3, 17, 40]) expect(t.store.posts.ofTopic(t.topic(i)).some((p) => p.username === "pat_q")).toBe(true);
  });

  it("reads a recently bumped topic whole when a post disappeared from it", async () => {
    const t = await trackedSeminar(5);
    const reply = await t.forum.createReply({ topic_id: t.topic(2), raw: "A reply that its author will soon regret writing." }, { asUser: "pat_q" });
    await t.cycle();
    await t.forum.deletePost((reply as { id: number }).id);
    const { r } = await t.cycle();
    expect(r.deletedPosts).toBe(1);
    expect(t.store.posts.ofTopic(t.topic(2)).find((p) => p.post_id === (reply as { id: number }).id)!.deleted_at).not.toBeNull();
  });

  it("finds an edit deep in a quiet topic at the sweep, which reads the topics read longest ago", async () => {
    const t = await trackedSeminar(3);
    const reply = await t.forum.createReply({ topic_id: t.topic(1), raw: "First thoughts on the recommendation, to be edited." }, { asUser: "pat_q" });
    await t.cycle();
    await t.forum.updatePost((reply as { id: number }).id, "Second thoughts on the recommendation, after editing.", { asUser: "pat_q" });
    expect((await t.cycle()).r.changedPosts).toBe(0);
    const swept = await trackOnce({ store: t.store, forum: t.forum, mode: "sweep", sweepBatch: 3 });
    expect(swept.changedPosts).toBe(1);
    expect(t.store.posts.ofTopic(t.topic(1)).find((p) => p.post_id === (reply as { id: number }).id)!.raw).toContain("Second thoughts");
  });

  it("stops polling threads closed for longer than the limit", async () => {
    const t = await trackedSeminar(2);
    await t.forum.updateTopicStatus(t.topic(1), "closed", true);
    await t.cycle(); // sees it closed
    t.sb.requests.clear();
    const r = await trackOnce({ store: t.store, forum: t.forum, mode: "full", closedForMs: 0, now: () => new Date(Date.now() + 1000) });
    expect(r.topics).toBe(1);
  });
});
