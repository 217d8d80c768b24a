import { describe, expect, it } from "vitest";
import { quotedPost } from "../../src/discourse/quotes.ts";
import { tallyThread, type ReplyFact } from "../../src/digest/tally.ts";

const TOPIC = 7;
const LIMITS = { names: 25, newReplies: 10, topPosts: 3 };

/** A reply of topic 7 on 1 December at `hour`:00 UTC. */
const fact = (postNumber: number, username: string | null, hour: number, extra: Partial<ReplyFact> = {}): ReplyFact => ({
  postId: 100 + postNumber,
  postNumber,
  username,
  replyTo: null,
  createdAt: `2026-12-01T${String(hour).padStart(2, "0")}:00:00.000Z`,
  likes: 0,
  version: 1,
  lastChangedAt: null,
  deletedAt: null,
  quotedPost: null,
  ...extra,
});

const SINCE = "2026-12-01T12:00:00.000Z";

describe("quotedPost", () => {
  it("reads the first quote's post when it quotes this topic, with or without full:true", () => {
    expect(quotedPost('[quote="devils_advocate, post:3, topic:7"]\nFarmers will resist.\n[/quote]\nThey will not.', TOPIC)).toBe(3);
    expect(quotedPost('[quote="ana, post:2, topic:7, full:true"]x[/quote]', TOPIC)).toBe(2);
    expect(quotedPost('[quote="ana, post:2, topic:70"]x[/quote] then [quote="ben, post:3, topic:7"]y[/quote]', TOPIC)).toBeNull();
    expect(quotedPost("no quote here, post:2, topic:7", TOPIC)).toBeNull();
    expect(quotedPost(null, TOPIC)).toBeNull();
  });
});

describe("tallyThread", () => {
  const facts = [
    fact(4, "ana", 9),
    fact(5, "ben", 10, { replyTo: 2, version: 2, lastChangedAt: "2026-12-01T13:00:00.000Z" }),
    fact(6, "cy", 11, { deletedAt: "2026-12-01T14:00:00.000Z" }),
    fact(7, "ana", 13, { likes: 1 }),
    fact(8, "dee", 14, { replyTo: 7 }),
    fact(9, null, 15, { quotedPost: 3 }),
    fact(10, "ben", 16, { quotedPost: 2 }),
    fact(11, "eve", 8, { deletedAt: "2026-12-01T09:00:00.000Z" }),
  ];

  it("counts live, new, edited and deleted replies against the window", () => {
    expect(tallyThread(facts, SINCE, [2, 3], LIMITS).figures).toEqual({ replies: 6, newReplies: 4, edited: 1, deleted: 1 });
    // A first digest has no "before": everything live is new, nothing counts as edited.
    expect(tallyThread(facts, null, [2, 3], LIMITS).figures).toEqual({ replies: 6, newReplies: 6, edited: 0, deleted: 2 });
  });

  it("names participants in order of first live reply, and the new ones by their first reply", () => {
    const t = tallyThread(facts, SINCE, [2, 3], { ...LIMITS, names: 3 });
    expect(t.participants).toEqual({ count: 4, names: ["ana", "ben", "dee"] });
    expect(t.newParticipants).toEqual({ count: 2, names: ["dee", "(deleted user)"] });
    expect([...t.names].sort()).toEqual(["(deleted user)", "ana", "ben", "dee"]);
  });

  it("ranks by likes twice and answers once, earliest first among equals, engaged only for top posts", () => {
    const t = tallyThread(facts, SINCE, [2, 3], LIMITS);
    expect(t.topPosts).toEqual([{ postId: 107, postNumber: 7, replies: 1 }]);
    expect(t.newReplies.map((r) => r.postNumber)).toEqual([7, 8, 9, 10]);
  });

  it("counts an answer to a counterargument by reply or by quote, each person's first", () => {
    const t = tallyThread(facts, SINCE, [2, 3], LIMITS);
    expect(t.repliesToSeeded).toEqual([
      { target: 2, username: "ben", first: 5 },
      { target: 3, username: "(deleted user)", first: 9 },
    ]);
    // A quote of a participant's post answers no counterargument; a deleted answer is no answer.
    expect(tallyThread([fact(12, "fay", 17, { quotedPost: 4 }), fact(13, "gus", 17, { replyTo: 2, deletedAt: SINCE })], SINCE, [2, 3], LIMITS).repliesToSeeded).toEqual([]);
  });
});
