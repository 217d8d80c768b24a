import { describe, expect, it } from "vitest";
import { computeDigest, type DigestInput } from "../../src/digest/compute.ts";
import { neutralise, renderDigestHtml, renderDigestMarkdown } from "../../src/digest/render.ts";

type P = DigestInput["threads"][number]["posts"][number];
const post = (n: number, username: string, extra: Partial<P> = {}): P => ({
  postId: 100 + n,
  postNumber: n,
  postType: 1,
  username,
  raw: `Post number ${n} by ${username}`,
  cooked: null,
  replyTo: null,
  createdAt: `2026-12-0${Math.min(9, n)}T10:00:00.000Z`,
  likes: 0,
  deletedAt: null,
  version: 1,
  lastChangedAt: `2026-12-0${Math.min(9, n)}T10:00:00.000Z`,
  firstSeenAt: `2026-12-0${Math.min(9, n)}T10:00:00.000Z`,
  ...extra,
});

function input(posts: P[], since: string | null = null): DigestInput {
  return {
    seminarId: "s",
    title: "Water seminar",
    since,
    until: "2026-12-10T00:00:00.000Z",
    forumUrl: "https://forum.example.com",
    counterargumentPoster: "devils_advocate",
    threads: [
      {
        threadId: "rec-1",
        title: "Meter every well",
        topicId: 7,
        slug: "meter-every-well",
        seeded: [
          { idx: 0, text: "Meters cost too much.", postId: 102, postNumber: 2 },
          { idx: 1, text: "Farmers will resist.", postId: 103, postNumber: 3 },
        ],
        posts,
        poll: { voters: 3, options: [{ text: "Agree", votes: 2 }, { text: "Disagree", votes: 1 }] },
      },
    ],
  };
}

const base = [post(1, "system"), post(2, "devils_advocate"), post(3, "devils_advocate")];

describe("computeDigest", () => {
  it("counts replies and participants, leaving out the seeded posts", () => {
    const d = computeDigest(input([...base, post(4, "ana", { replyTo: 2 }), post(5, "ben"), post(6, "ana")]));
    const t = d.threads[0]!;
    expect(t.totalReplies).toBe(3);
    expect(t.participants).toEqual(["ana", "ben"]);
    expect(d.totals.newReplies).toBe(3);
  });

  it("marks a counterargument answered by a reply to it or a quote of it, the others standing", () => {
    const quote = post(5, "ben", { raw: '[quote="devils_advocate, post:3, topic:7"]\nFarmers will resist.\n[/quote]\nThey will not.' });
    const d = computeDigest(input([...base, post(4, "ana", { replyTo: 2 }), quote]));
    expect(d.threads[0]!.counterarguments.map((c) => [c.status, c.answeredBy])).toEqual([["answered", ["ana"]], ["answered", ["ben"]]]);
    const none = computeDigest(input([...base, post(4, "ana")]));
    expect(none.threads[0]!.counterarguments.every((c) => c.status === "standing")).toBe(true);
    expect(none.totals.standingCounterarguments).toBe(2);
  });

  it("reports only what is new since the last digest, with edits and deletions", () => {
    const d = computeDigest(
      input(
        [
          ...base,
          post(4, "ana", { createdAt: "2026-12-01T00:00:00.000Z", version: 2, lastChangedAt: "2026-12-06T00:00:00.000Z" }),
          post(5, "ben", { createdAt: "2026-12-02T00:00:00.000Z", deletedAt: "2026-12-07T00:00:00.000Z" }),
          post(6, "cy", { createdAt: "2026-12-08T00:00:00.000Z" }),
        ],
        "2026-12-05T00:00:00.000Z",
      ),
    );
    const t = d.threads[0]!;
    expect(t.newReplies.map((r) => r.username)).toEqual(["cy"]);
    expect(t.editedReplies).toBe(1);
    expect(t.deletedReplies).toBe(1);
    expect(t.newParticipants).toEqual(["cy"]);
  });

  it("ranks top posts by likes and replies", () => {
    const d = computeDigest(input([...base, post(4, "ana", { likes: 1 }), post(5, "ben", { likes: 3 }), post(6, "cy", { replyTo: 4 })]));
    expect(d.threads[0]!.topPosts.map((p) => p.username)).toEqual(["ben", "ana"]);
  });
});

describe("rendering digests", () => {
  const hostile = post(4, "mallory", { raw: "Hey @everyone and @admins, click [here](https://evil.example) <img src=x onerror=alert(1)>" });
  const d = computeDigest(input([...base, hostile]));

  it("quotes forum text back without pinging anyone or smuggling markup", () => {
    const md = renderDigestMarkdown(d);
    expect(md).not.toMatch(/@everyone|@admins/);
    expect(md).toContain("@\u200beveryone");
    expect(md).not.toContain("[here](https://evil.example)");
    expect(md).not.toContain("<img");
    expect(md).toContain("**Poll** (3 voters): Agree 2 · Disagree 1");
  });

  it("escapes forum text in the dashboard's HTML", () => {
    const html = renderDigestHtml(d);
    expect(html).not.toContain("<img src=x");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });

  it("neutralises mentions and Markdown, and leaves plain words alone", () => {
    expect(neutralise("mail me@x.org, @bob")).toBe("mail me@\u200bx.org, @\u200bbob");
    expect(neutralise("a_b *c*")).toBe("a\\_b \\*c\\*");
    expect(neutralise("plain words")).toBe("plain words");
  });
});
