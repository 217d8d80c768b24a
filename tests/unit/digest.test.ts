import { describe, expect, it } from "vitest";
import { computeDigest, NAMES_KEPT, type DigestInput, type ReplyRow, type ThreadInput } from "../../src/digest/compute.ts";
import { DIGEST_MAX_CHARS, fitDigestMarkdown } from "../../src/digest/fit.ts";
import { neutralise, renderDigestHtml, renderDigestMarkdown } from "../../src/digest/render.ts";

const row = (n: number, username: string, extra: Partial<ReplyRow> = {}): ReplyRow => ({
  postId: 100 + n,
  postNumber: n,
  username,
  raw: `Post number ${n} by ${username}`,
  cooked: null,
  replyTo: null,
  createdAt: `2026-12-0${Math.min(9, n)}T10:00:00.000Z`,
  likes: 0,
  replies: 0,
  ...extra,
});

function thread(extra: Partial<ThreadInput> = {}): ThreadInput {
  return {
    threadId: "rec-1",
    title: "Meter every well",
    topicId: 7,
    slug: "meter-every-well",
    seeded: [
      { idx: 0, text: "Meters cost too much.", postId: 102, postNumber: 2 },
      { idx: 1, text: "Farmers will resist.", postId: 103, postNumber: 3 },
    ],
    figures: { replies: 3, newReplies: 3, edited: 0, deleted: 0 },
    participants: { count: 2, names: ["ana", "ben"] },
    newParticipants: { count: 2, names: ["ana", "ben"] },
    newReplies: [row(4, "ana"), row(5, "ben"), row(6, "ana")],
    topPosts: [],
    repliesToSeeded: [],
    poll: { voters: 3, options: [{ text: "Agree", votes: 2 }, { text: "Disagree", votes: 1 }] },
    ...extra,
  };
}

function input(threads: ThreadInput[], o: Partial<DigestInput> = {}): DigestInput {
  return { seminarId: "s", title: "Water seminar", since: null, until: "2026-12-10T00:00:00.000Z", forumUrl: "https://forum.example.com", counterargumentPoster: "devils_advocate", participants: 2, threads, ...o };
}

describe("computeDigest", () => {
  it("states the store's counts, and totals them across threads", () => {
    const d = computeDigest(input([thread(), thread({ threadId: "rec-2", figures: { replies: 9, newReplies: 4, edited: 1, deleted: 2 } })], { participants: 5 }));
    expect(d.threads.map((t) => [t.totalReplies, t.newReplyCount, t.editedReplies, t.deletedReplies])).toEqual([
      [3, 3, 0, 0],
      [9, 4, 1, 2],
    ]);
    expect(d.totals).toEqual({ threads: 2, newReplies: 7, participants: 5, standingCounterarguments: 4 });
  });

  it("marks a counterargument answered when someone answered it, the others standing", () => {
    const d = computeDigest(
      input([
        thread({
          repliesToSeeded: [
            { target: 2, username: "ana", first: 4 },
            { target: 3, username: "ben", first: 5 },
          ],
        }),
      ]),
    );
    expect(d.threads[0]!.counterarguments.map((c) => [c.status, c.answeredBy])).toEqual([
      ["answered", ["ana"]],
      ["answered", ["ben"]],
    ]);
    const none = computeDigest(input([thread()]));
    expect(none.threads[0]!.counterarguments.every((c) => c.status === "standing")).toBe(true);
    expect(none.totals.standingCounterarguments).toBe(2);
  });

  it("lists who answered in the order they did, a few names and the count", () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ target: 2, username: `user${i}`, first: 100 - i }));
    const c = computeDigest(input([thread({ repliesToSeeded: [...many, { target: 2, username: "first_quoter", first: 1 }] })])).threads[0]!.counterarguments[0]!;
    expect(c.answeredByCount).toBe(41);
    expect(c.answeredBy).toHaveLength(NAMES_KEPT);
    expect(c.answeredBy.slice(0, 3)).toEqual(["first_quoter", "user39", "user38"]);
  });

  it("keeps only engaged top posts, and builds each shown reply's excerpt once", () => {
    const liked = row(6, "ana", { likes: 3, raw: '[quote="x, post:2, topic:7"]quoted[/quote] Meters pay for themselves [poll]x[/poll]' });
    const t = computeDigest(input([thread({ newReplies: [liked, row(4, "ben")], topPosts: [liked, row(5, "cy")] })])).threads[0]!;
    expect(t.topPosts.map((p) => p.username)).toEqual(["ana"]);
    expect(t.topPosts[0]).toBe(t.newReplies[0]);
    expect(t.newReplies[0]!.excerpt).toBe("Meters pay for themselves");
    expect(t.newReplies[0]!.answers).toBe(2);
  });
});

describe("rendering digests", () => {
  const hostile = row(4, "mallory", { raw: "Hey @everyone and @admins, click [here](https://evil.example) <img src=x onerror=alert(1)>" });
  const d = computeDigest(input([thread({ newReplies: [hostile] })]));

  it("quotes forum text back without pinging anyone or smuggling markup", () => {
    const md = renderDigestMarkdown(d);
    expect(md).not.toMatch(/@everyone|@admins/);
    expect(md).toContain("@\u200beveryone");
    expect(md).not.toContain("[here](https://evil.example)");
    expect(md).not.toContain("<img");
    expect(md).toContain("**Poll** (3 voters): Agree 2 · Disagree 1");
  });

  it("escapes forum text in the dashboard's HTML, and states the count of new replies, not of those kept", () => {
    const html = renderDigestHtml(d);
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("3 new, 3 in all");
  });

  it("neutralises mentions and Markdown, and leaves plain words alone", () => {
    expect(neutralise("mail me@x.org, @bob")).toBe("mail me@\u200bx.org, @\u200bbob");
    expect(neutralise("a_b *c*")).toBe("a\\_b \\*c\\*");
    expect(neutralise("plain words")).toBe("plain words");
  });

  it("names how many it leaves out, and where the rest is", () => {
    const names = Array.from({ length: NAMES_KEPT }, (_, i) => `person${i}`);
    const big = computeDigest(
      input([thread({ figures: { replies: 900, newReplies: 700, edited: 0, deleted: 0 }, participants: { count: 300, names }, newParticipants: { count: 40, names }, newReplies: Array.from({ length: 10 }, (_, i) => row(10 + i, `p${i}`)) })], {
        dashboardUrl: "http://127.0.0.1:3000/",
      }),
    );
    const md = renderDigestMarkdown(big);
    expect(md).toContain("Participants: 300: person0, person1");
    expect(md).toContain("and 275 more");
    expect(md).toContain("**New replies** (the 10 most liked and answered of 700)");
    expect(md).toContain("[the dashboard](http://127.0.0.1:3000/)");
  });
});

describe("fitting a digest into one forum post", () => {
  /** 50 threads, each with long names, ten long new replies and three answered counterarguments. */
  const huge = computeDigest(
    input(
      Array.from({ length: 50 }, (_, i) =>
        thread({
          threadId: `rec-${i}`,
          title: `A recommendation with a long title that goes on for a while, number ${i}`,
          figures: { replies: 2000, newReplies: 1000, edited: 5, deleted: 2 },
          participants: { count: 500, names: Array.from({ length: NAMES_KEPT }, (_, j) => `participant_with_a_long_name_${j}`) },
          newParticipants: { count: 100, names: Array.from({ length: NAMES_KEPT }, (_, j) => `newcomer_with_a_long_name_${j}`) },
          newReplies: Array.from({ length: 10 }, (_, j) => row(10 + j, `writer_${j}`, { raw: "A long considered reply ".repeat(20), likes: j })),
          topPosts: Array.from({ length: 3 }, (_, j) => row(30 + j, `star_${j}`, { raw: "A much liked reply ".repeat(20), likes: 50 })),
          repliesToSeeded: Array.from({ length: 60 }, (_, j) => ({ target: 2 + (j % 2), username: `answerer_${j}`, first: 40 + j })),
        }),
      ),
      { participants: 500, dashboardUrl: "http://127.0.0.1:3000/" },
    ),
  );

  it("lowers the detail until it fits, always stating the totals", () => {
    expect(renderDigestMarkdown(huge).length).toBeGreaterThan(DIGEST_MAX_CHARS);
    const md = fitDigestMarkdown(huge);
    expect(md.length).toBeLessThanOrEqual(DIGEST_MAX_CHARS);
    expect(md).toContain("**50000** new replies across 50 released threads; 500 participants so far");
    for (let i = 0; i < 50; i++) expect(md).toContain(`number ${i}`);
    expect(md).toContain("[the dashboard](http://127.0.0.1:3000/)");
  });

  it("leaves a digest that fits as it is", () => {
    const small = computeDigest(input([thread()]));
    expect(fitDigestMarkdown(small)).toBe(renderDigestMarkdown(small));
  });

  it("cuts, saying so, what no level of detail can fit", () => {
    const absurd = { ...huge, threads: Array.from({ length: 40 }, () => huge.threads).flat() };
    const md = fitDigestMarkdown(absurd, 5_000);
    expect(md.length).toBeLessThanOrEqual(5_000);
    expect(md).toContain("**50000** new replies");
  });
});
