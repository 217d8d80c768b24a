import { describe, expect, it } from "vitest";
import { composeDigest } from "../../src/digest/build.ts";
import { planSchema } from "../../src/plan/schema.ts";
import { parseFaults } from "../../src/sandbox/faults.ts";
import { nextOccurrences, parseCron } from "../../src/schedule/cron.ts";
import { trackOnce } from "../../src/track/tracker.ts";
import { forumAt, memoryStore, runPlan, sandbox } from "../helpers.ts";

const plan = planSchema.parse({
  seminar: { id: "dg", title: "Digest seminar", digest: { schedule: "0 18 * * 5", post: true } },
  threads: [
    {
      id: "rec-1",
      title: "Councils should run hourly buses to hospitals",
      recommendation: "Councils should run hourly buses to hospitals.",
      poll: { question: "Where do you stand?", options: ["Agree", "Disagree"] },
      counterarguments: [{ text: "Hourly buses would run empty most of the day, at great cost." }],
    },
  ],
});

/** The next two Friday 18:00 UTC slots after the real clock (the sandbox stamps posts with it). */
const [friday, nextFriday] = nextOccurrences(parseCron("0 18 * * 5"), "UTC", Date.now() + 60_000, 2) as [number, number];
const at = (t: number, minutes = 1) => new Date(t + minutes * 60_000);
const ALL = ["release", "digest", "post-digest"] as const;

async function seminarWithAReply(o: { faults?: string } = {}) {
  const sb = await sandbox({ replayCache: false });
  const store = memoryStore();
  const admin = forumAt(sb.url);
  await runPlan(store, admin, plan, { kinds: ["release"], now: new Date() });
  const topicId = store.threads.row("dg", "rec-1")!.topic_id!;
  await admin.createUser({ name: "Ana", username: "ana_b", email: "ana@example.com", password: "a long enough password", active: true });
  await admin.createReply({ topic_id: topicId, raw: "Empty buses are the price of a service people can rely on.", reply_to_post_number: 2 }, { asUser: "ana_b" });
  const first = (await admin.getTopic(topicId)).post_stream.posts[0]!;
  await admin.vote(first.id, "stance", [first.polls![0]!.options[0]!.id], { asUser: "ana_b" });
  await trackOnce({ store, forum: admin });
  if (o.faults) sb.settings.faults = parseFaults(o.faults);
  return { sb, store, admin, topicId };
}

async function digestPosts(sb: { url: string }, store: ReturnType<typeof memoryStore>) {
  const topicId = store.seminars.get("dg")!.digest_topic_id;
  if (!topicId) return [];
  return (await forumAt(sb.url).getTopic(topicId, { includeRaw: true })).post_stream.posts;
}

describe("digests", () => {
  it("are written at their slot, start where the last one ended, and go into one digest topic", async () => {
    const { sb, store, admin } = await seminarWithAReply();
    expect((await runPlan(store, admin, plan, { kinds: [...ALL], now: at(friday, -5) })).digests).toEqual([]);
    const r = await runPlan(store, admin, plan, { kinds: [...ALL], now: at(friday) });
    expect(r.digests).toEqual([{ seminarId: "dg", digestId: expect.any(Number), posted: true }]);
    const first = store.digests.last("dg")!;
    expect(first.data.totals.newReplies).toBe(1);
    expect(first.data.threads[0]!.counterarguments[0]!.answeredBy).toEqual(["ana_b"]);
    expect(first.data.threads[0]!.poll).toEqual({ voters: 1, options: [{ text: "Agree", votes: 1 }, { text: "Disagree", votes: 0 }] });
    // The same slot again: nothing new.
    expect((await runPlan(store, admin, plan, { kinds: [...ALL], now: at(friday, 30) })).digests).toEqual([]);
    await runPlan(store, admin, plan, { kinds: [...ALL], now: at(nextFriday) });
    const second = store.digests.last("dg")!;
    expect(second.since).toBe(first.until);
    expect(second.data.totals.newReplies).toBe(0);
    const posts = await digestPosts(sb, store);
    expect(posts).toHaveLength(2);
    expect(posts[0]!.cooked).toContain("Reply digest");
  });

  it("posts a digest whose post failed at the next wake-up, with its whole window", async () => {
    const { sb, store, admin } = await seminarWithAReply({ faults: "500:1" });
    const r = await runPlan(store, admin, plan, { kinds: [...ALL], now: at(friday) });
    expect(r.failed[0]).toMatchObject({ item: "post-digest", kind: "transient" });
    const built = store.digests.last("dg")!;
    expect(built.post_state).toBe("pending");
    sb.settings.faults = parseFaults("");
    // Before the back-off ends nothing is tried; after it, the same digest goes out.
    expect((await runPlan(store, admin, plan, { kinds: [...ALL], now: at(friday, 1.5) })).digests).toEqual([]);
    await runPlan(store, admin, plan, { kinds: [...ALL], now: at(friday, 5) });
    const posted = store.digests.get(built.id)!;
    expect(posted.post_state).toBe("posted");
    expect(posted.since).toBe(built.since);
    const posts = await digestPosts(sb, store);
    expect(posts).toHaveLength(1);
    expect(posts[0]!.raw).toContain("Empty buses are the price");
  });

  it("never posts a digest twice, even after the store is lost", async () => {
    const { sb, store, admin } = await seminarWithAReply();
    await runPlan(store, admin, plan, { kinds: [...ALL], now: at(friday) });
    expect(await digestPosts(sb, store)).toHaveLength(1);
    const topicId = store.seminars.get("dg")!.digest_topic_id!;
    const fresh = memoryStore();
    await runPlan(fresh, admin, plan, { kinds: [...ALL], now: at(friday, 2) });
    expect(fresh.digests.last("dg")!.post_state).toBe("posted");
    expect((await admin.getTopic(topicId)).post_stream.posts).toHaveLength(1);
  });

  it("a preview records no window and posts nothing", async () => {
    const { sb, store } = await seminarWithAReply();
    const preview = composeDigest(store, plan, { now: at(friday), forumUrl: sb.url });
    expect(preview.data.totals.newReplies).toBe(1);
    expect(store.digests.last("dg")).toBeUndefined();
    expect(sb.requests.entries.filter((r) => r.method === "POST" && r.path.startsWith("/posts") && r.user === "system")).toHaveLength(1);
  });
});
