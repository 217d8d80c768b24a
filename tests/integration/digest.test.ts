import { describe, expect, it } from "vitest";
import { buildDigest, lastDigest, postDigest } from "../../src/digest/build.ts";
import { planSchema } from "../../src/plan/schema.ts";
import { publishDue } from "../../src/publish/publisher.ts";
import { openDb } from "../../src/store/db.ts";
import { trackOnce } from "../../src/track/tracker.ts";
import { forumAt, onCleanup, sandbox } from "../helpers.ts";

const plan = planSchema.parse({
  seminar: { id: "dg", title: "Digest seminar" },
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

describe("digests", () => {
  it("start where the last one ended, and post into one digest topic", async () => {
    const sb = await sandbox();
    const db = openDb(":memory:");
    onCleanup(() => void db.close());
    const admin = forumAt(sb.url);
    await publishDue({ db, forum: admin, plan, planPath: "p.yaml", all: true });
    const topicId = (await admin.latestTopics()).topic_list.topics[0]!.id;
    await admin.createUser({ name: "Ana", username: "ana_b", email: "ana@example.com", password: "a long enough password", active: true });
    await admin.createReply({ topic_id: topicId, raw: "Empty buses are the price of a service people can rely on.", reply_to_post_number: 2 }, { asUser: "ana_b" });
    const stance = (await admin.getTopic(topicId)).post_stream.posts[0]!.polls![0]!;
    await admin.vote((await admin.getTopic(topicId)).post_stream.posts[0]!.id, "stance", [stance.options[0]!.id], { asUser: "ana_b" });
    await trackOnce({ db, forum: admin });

    const first = buildDigest(db, plan, { forumUrl: sb.url, now: new Date(Date.now() + 1000) });
    expect(first.data.totals.newReplies).toBe(1);
    expect(first.data.threads[0]!.counterarguments[0]!.answeredBy).toEqual(["ana_b"]);
    expect(first.data.threads[0]!.poll).toEqual({ voters: 1, options: [{ text: "Agree", votes: 1 }, { text: "Disagree", votes: 0 }] });
    const posted = await postDigest(db, admin, plan, first);

    const second = buildDigest(db, plan, { forumUrl: sb.url, now: new Date(Date.now() + 2000) });
    expect(second.since).toBe(first.until);
    expect(second.data.totals.newReplies).toBe(0);
    const again = await postDigest(db, admin, plan, second);
    expect(again.topicId).toBe(posted.topicId);
    expect(lastDigest(db, "dg")!.posted_post_id).toBe(again.postId);
    const digestTopic = await admin.getTopic(posted.topicId);
    expect(digestTopic.post_stream.posts).toHaveLength(2);
    expect(digestTopic.post_stream.posts[0]!.cooked).toContain("Reply digest");
  });
});
