import { describe, expect, it } from "vitest";
import { buildDigest, composeDigest, digestInput } from "../../src/digest/build.ts";
import { computeDigest } from "../../src/digest/compute.ts";
import { DIGEST_MAX_CHARS } from "../../src/digest/fit.ts";
import { memoryStore } from "../helpers.ts";
import { forumPost, releasedSeminar } from "../store-seed.ts";

const day = (d: number) => new Date(`2026-12-0${d}T10:00:00.000Z`);

/**
 * One thread with two seeded counterarguments (posts 2 and 3) and replies that exercise every
 * rule: a reply to a counterargument, a quote of one, likes and answers, a whisper, a hidden
 * post, a deletion, an edit. The window starts on day 5.
 */
function seminarWithReplies() {
  const store = memoryStore();
  const { plan, threads } = releasedSeminar(store, { counterarguments: 2 });
  const { topicId } = threads[0]!;
  const put = (n: number, username: string, d: number, extra: Partial<Parameters<typeof forumPost>[0]> = {}, seenOn = d) =>
    store.posts.upsert(forumPost({ id: 500 + n, topicId, postNumber: n, username, raw: `Reply ${n} by ${username}, about meters.`, createdAt: day(d).toISOString(), ...extra }), topicId, day(seenOn));
  put(4, "ana", 1, { replyTo: 2 });
  put(5, "ben", 2, { raw: `[quote="devils_advocate, post:3, topic:${topicId}"]\nFarmers will resist.\n[/quote]\nThey will not.` });
  put(6, "ana", 6, { likes: 3 });
  put(7, "cy", 6, { postType: 4, raw: "A whisper among staff: ana is wrong.", likes: 9 });
  put(8, "dee", 6, { hidden: true, replyTo: 3, raw: "Flagged and hidden text.", likes: 9 });
  put(9, "eve", 2, { deletedAt: day(7).toISOString() });
  put(10, "fay", 1);
  put(10, "fay", 1, { version: 2, raw: "Reply 10 by fay, edited on day 6." }, 6);
  put(11, "gus", 8, { replyTo: 6 });
  return { store, plan, topicId };
}

describe("digests read from the store", () => {
  it("count, rank and ledger as before, from bounded queries", () => {
    const { store, plan, topicId } = seminarWithReplies();
    const d = computeDigest(digestInput(store, plan, { since: day(5).toISOString(), until: day(9), forumUrl: "https://forum.example.com" }));
    const t = d.threads[0]!;
    expect([t.totalReplies, t.newReplyCount, t.editedReplies, t.deletedReplies]).toEqual([5, 2, 1, 1]);
    expect([t.participants, t.participantCount, t.newParticipants, t.newParticipantCount]).toEqual([["ana", "ben", "fay", "gus"], 4, ["gus"], 1]);
    expect(t.newReplies.map((r) => [r.postNumber, r.likes, r.replies])).toEqual([
      [6, 3, 1],
      [11, 0, 0],
    ]);
    expect(t.topPosts.map((r) => r.postNumber)).toEqual([6]);
    expect(t.counterarguments.map((c) => [c.status, c.answeredBy])).toEqual([
      ["answered", ["ana"]],
      ["answered", ["ben"]],
    ]);
    expect(t.url).toBe(`https://forum.example.com/t/recommendation-number-1/${topicId}`);
    expect(d.totals).toEqual({ threads: 1, newReplies: 2, participants: 4, standingCounterarguments: 0 });
  });

  it("never counts nor quotes whispers and hidden posts", () => {
    const { store, plan } = seminarWithReplies();
    const { markdown, data } = composeDigest(store, plan, { now: day(9), forumUrl: "https://forum.example.com" });
    for (const text of ["whisper", "Flagged", "cy", "dee"]) expect(markdown).not.toContain(text);
    expect(JSON.stringify(data)).not.toMatch(/whisper|Flagged|"dee"|"cy"/);
  });

  it("with no earlier digest, everything live is new and nothing is an edit", () => {
    const { store, plan } = seminarWithReplies();
    const t = composeDigest(store, plan, { now: day(9), forumUrl: "https://forum.example.com" }).data.threads[0]!;
    expect([t.newReplyCount, t.editedReplies, t.deletedReplies, t.newParticipantCount]).toEqual([5, 0, 1, 4]);
  });

  it("posts 1,000+ replies from 500 participants in one post that still says the totals, and records only bounded lists", () => {
    const store = memoryStore();
    const { plan, threads } = releasedSeminar(store, { threads: 5, counterarguments: 3 });
    store.transaction(() => {
      threads.forEach(({ topicId, seeded }, ti) => {
        for (let i = 0; i < 250; i++) {
          const n = 10 + i;
          const user = `participant_number_${(ti * 250 + i) % 500}`;
          store.posts.upsert(
            forumPost({ id: topicId * 1000 + n, topicId, postNumber: n, username: user, raw: `I have thought about this one for a while, and ${"here is why at length ".repeat(12)}`, createdAt: day(3).toISOString(), replyTo: i % 7 === 0 ? seeded[i % 3]!.postNumber : null, likes: i % 13 }),
            topicId,
            day(3),
          );
        }
      });
    });
    const { id } = buildDigest(store, plan, { now: day(9), forumUrl: "https://forum.example.com", slot: null, postWanted: true, dashboardUrl: "http://127.0.0.1:3000/" });
    const stored = store.digests.get(id)!;
    expect(stored.markdown.length).toBeLessThanOrEqual(DIGEST_MAX_CHARS);
    expect(stored.markdown).toContain("**1250** new replies across 5 released threads; 500 participants so far");
    expect(stored.markdown).toContain("[the dashboard](http://127.0.0.1:3000/)");
    // The record keeps figures and the few replies shown, not the 1,250 replies.
    expect(stored.data.threads.map((t) => [t.newReplyCount, t.newReplies.length, t.participantCount])).toEqual(Array(5).fill([250, 10, 250]));
    expect(JSON.stringify(stored.data).length).toBeLessThan(60_000);
  });
});
