import { describe, expect, it } from "vitest";
import { buildDigest } from "../../src/digest/build.ts";
import { neutralise, renderDigestHtml, renderDigestMarkdown } from "../../src/digest/render.ts";
import type { Post } from "../../src/discourse/schemas.ts";
import { parsePlan } from "../../src/plan/load.ts";
import { foldIntoDays, replyChartSvg } from "../../src/server/pages/chart.ts";
import { renderIndexPage } from "../../src/server/pages/index-page.ts";
import { renderSeminarPage } from "../../src/server/pages/seminar-page.ts";
import { daysBetween } from "../../src/server/pages/time.ts";
import { seminarView } from "../../src/server/seminar-view.ts";
import type { Store } from "../../src/store/store.ts";
import { expectInert, HOSTILE } from "../inert.ts";
import { memoryStore } from "../helpers.ts";

const RELEASED = new Date("2026-11-30T09:00:00Z");
let ids = 1;
const post = (p: Partial<Post> & { post_number: number }): Post =>
  ({ id: ids++, post_type: 1, username: "ann", created_at: RELEASED.toISOString(), cooked: "", raw: "A considered reply.", version: 1, reply_to_post_number: null, ...p }) as Post;

function planText(o: { title?: string; counterargument?: string; timezone?: string } = {}) {
  return `seminar:
  id: civic
  title: ${JSON.stringify(o.title ?? "Civic seminar")}
  timezone: ${o.timezone ?? "Europe/London"}
  schedule: "0 9 * * 1"
threads:
  - id: rec-1
    title: ${JSON.stringify(o.title ?? "Councils should run hourly buses")}
    recommendation: Councils should run hourly buses.
    poll:
      question: Where do you stand?
      options: [Agree, Disagree]
    counterarguments:
      - text: ${JSON.stringify(o.counterargument ?? "Hourly buses would run empty most of the day.")}
      - text: On-demand taxis could serve the same trips for less.
  - id: rec-2
    title: Councils should print their timetables
    recommendation: Councils should print their timetables.
`;
}

/** rec-1 released at RELEASED on topic 10, with its two counterarguments as #2 and #3. */
function released(store: Store, text = planText()) {
  const plan = parsePlan(text, "civic.yaml");
  store.seminars.syncPlan(plan, "civic.yaml", new Date("2026-11-29T09:00:00Z"));
  store.threads.recordTopic("civic", "rec-1", { topicId: 10, slug: "hourly-buses", firstPostId: null, createdHere: true });
  store.threads.markReleased("civic", "rec-1", { at: RELEASED, scheduledFor: Date.parse("2026-11-30T09:00:00Z"), catchUp: false });
  const opening = post({ post_number: 1, username: "system" });
  store.posts.upsert(opening, 10, RELEASED);
  store.posts.upsertPolls(10, opening.id, [{ name: "stance", voters: 3, options: [{ id: "a", html: "Agree", votes: 2 }, { id: "d", html: "Disagree", votes: 1 }] }], RELEASED);
  for (const idx of [0, 1]) {
    const p = post({ post_number: idx + 2, username: "devils_advocate" });
    store.threads.recordSeededReply("civic", "rec-1", idx, { id: p.id, post_number: p.post_number });
    store.posts.upsert(p, 10, RELEASED);
  }
  return { plan, path: "civic.yaml" };
}

const view = (store: Store, lp: ReturnType<typeof released>, now: string, quietAfterHours = 48) =>
  seminarView(store, lp, { forumUrl: "http://127.0.0.1:4200", now: Date.parse(now), quietAfterHours });

describe("the seminar page", () => {
  it("shows the live ledger: who answered which counterargument, linking to the posts, and which still stand", () => {
    const store = memoryStore();
    const lp = released(store);
    store.posts.upsert(post({ post_number: 4, username: "bo_lee", reply_to_post_number: 3, created_at: "2026-11-30T10:00:00.000Z" }), 10, RELEASED);
    const v = view(store, lp, "2026-11-30T12:00:00Z");
    // The chart shows at least a week, ending today in the seminar's zone.
    expect(v.perDay.map((d) => d.day)).toEqual(["2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-28", "2026-11-29", "2026-11-30"]);
    expect(v.perDay.at(-1)!.replies).toBe(1);
    const html = renderSeminarPage(v, { csrf: "tok" });
    expect(html).toContain('answered</span> by <a href="http://127.0.0.1:4200/t/hourly-buses/10/4">bo_lee</a>: <a href="http://127.0.0.1:4200/t/hourly-buses/10/3">');
    expect(html).toMatch(/standing<\/span> <a href="http:\/\/127\.0\.0\.1:4200\/t\/hourly-buses\/10\/2">“Hourly buses would run empty/);
    expect(html).toContain("(1 standing)");
    expect(html).toMatch(/<strong>1<\/strong> reply<\/li><li><strong>1<\/strong> participant/);
    expect(html).toContain("Poll: Where do you stand?");
    expect(html).toMatch(/3 voters, as of <time datetime="2026-11-30T09:00:00.000Z">Mon, 30 Nov 2026, 09:00<\/time>/);
    expectInert(html);
  });

  it("puts the timeline in the seminar's zone, telling a release ahead of its slot from one on time", () => {
    const store = memoryStore();
    const lp = released(store);
    store.threads.recordTopic("civic", "rec-2", { topicId: 11, slug: "timetables", firstPostId: null, createdHere: true });
    // Released early (a moderator's "release now"): its slot was 7 Dec, 09:00 London.
    store.threads.markReleased("civic", "rec-2", { at: new Date("2026-12-01T15:30:00Z"), scheduledFor: Date.parse("2026-12-07T09:00:00Z"), catchUp: false });
    const html = renderSeminarPage(view(store, lp, "2026-12-01T16:00:00Z"), { csrf: "tok" });
    expect(html).toContain("Released <time datetime=\"2026-12-01T15:30:00.000Z\">Tue, 1 Dec 2026, 15:30</time> · scheduled for <time datetime=\"2026-12-07T09:00:00.000Z\">Mon, 7 Dec 2026, 09:00</time>");
    expect(html).toMatch(/timetables<\/a><\/strong> <span class="badge info">early/);
    expect(html).toMatch(/hourly-buses\/10">Councils should run hourly buses<\/a><\/strong> <span class="badge ok">on time/);
  });

  it("shows only the failure that holds a thread now, with the forum's reason and a retry button", () => {
    const store = memoryStore();
    const lp = released(store);
    store.threads.markFailed("civic", "rec-2", { reason: "an old error from another forum", kind: "transient", nextAttemptAt: null, outcomeKnown: true });
    store.threads.retry("civic", "rec-2");
    let html = renderSeminarPage(view(store, lp, "2026-12-01T16:00:00Z"), { csrf: "tok" });
    expect(html).not.toContain("an old error from another forum");
    store.threads.markFailed("civic", "rec-2", { reason: `POST /posts.json: 422 Title has already been used ${HOSTILE.script}`, kind: "permanent", nextAttemptAt: null, outcomeKnown: true });
    html = renderSeminarPage(view(store, lp, "2026-12-01T16:00:00Z"), { csrf: "tok" });
    expect(html).toContain("<strong>Failed</strong>: POST /posts.json: 422 Title has already been used &lt;script&gt;");
    expect(html).toMatch(/action="\/seminars\/civic\/actions\/retry"><input type="hidden" name="csrf" value="tok"><input type="hidden" name="thread" value="rec-2"><button type="submit" class="secondary">Retry this thread/);
    expect(html).not.toContain("/actions/release");
    expect(html).toContain("failed and holds the ones after it");
    expectInert(html);
  });

  it("flags a thread quiet once no one has replied for QUIET_AFTER_HOURS, counting from its release or last reply", () => {
    const store = memoryStore();
    const lp = released(store);
    const quiet = (now: string, hours = 48) => view(store, lp, now, hours).threads[0]!.quiet;
    expect(quiet("2026-12-02T08:59:00Z")).toBe(false);
    expect(quiet("2026-12-02T09:00:00Z")).toBe(true);
    expect(quiet("2026-11-30T21:00:00Z", 12)).toBe(true);
    store.posts.upsert(post({ post_number: 4, created_at: "2026-12-01T09:00:00.000Z" }), 10, RELEASED);
    expect(quiet("2026-12-02T09:00:00Z")).toBe(false);
    expect(quiet("2026-12-03T09:00:00Z")).toBe(true);
    expect(renderSeminarPage(view(store, lp, "2026-12-03T09:00:00Z"), { csrf: "t" })).toContain('<span class="badge warn">quiet: no reply for 2 days</span>');
    // A thread not yet released is never quiet.
    expect(view(store, lp, "2027-01-01T00:00:00Z").threads[1]!.quiet).toBe(false);
  });

  it("keeps every forum-sourced string inert: markup, handlers, javascript: links, bidi controls, NUL", () => {
    const store = memoryStore();
    const hostile = `${HOSTILE.script} ${HOSTILE.onerror} ${HOSTILE.bidi} ${HOSTILE.nul}`;
    const lp = released(store, planText({ title: `Buses ${HOSTILE.script} ${HOSTILE.bidi}`, counterargument: `See ${HOSTILE.js} and ${HOSTILE.onerror} ${HOSTILE.nul}` }));
    store.threads.recordTopic("civic", "rec-1", { topicId: 10, slug: '"><script>alert(1)</script>', firstPostId: null, createdHere: true });
    store.posts.upsert(post({ post_number: 4, username: `mallory\u202Eevil`, reply_to_post_number: 2, raw: hostile }), 10, RELEASED);
    store.posts.upsert(post({ post_number: 5, username: `<b>x</b>${HOSTILE.nul}`, raw: `[${HOSTILE.js}](${HOSTILE.js}) ${hostile}` }), 10, RELEASED);
    store.posts.upsertPolls(10, store.posts.ofTopic(10)[0]!.post_id, [{ name: "stance", voters: 1, options: [{ id: "a", html: HOSTILE.onerror, votes: 1 }, { id: "b", html: `<a href="${HOSTILE.js}">x</a>`, votes: 0 }] }], RELEASED);
    store.threads.markFailed("civic", "rec-2", { reason: hostile, kind: "permanent", nextAttemptAt: null, outcomeKnown: true });
    // The latest digest (shown open) was built with links that are not http(s).
    buildDigest(store, lp.plan, { now: new Date("2026-12-01T00:00:00Z"), forumUrl: "http://127.0.0.1:4200", slot: null, postWanted: false });
    buildDigest(store, lp.plan, { now: new Date("2026-12-02T00:00:00Z"), forumUrl: HOSTILE.js, slot: null, postWanted: false });
    const v = view(store, lp, "2026-12-02T12:00:00Z");
    const html = renderSeminarPage(v, { csrf: "tok", flash: { ok: false, message: hostile } });
    expectInert(html);
    expect(html).toContain("mallory"); // the name stays readable, only its control characters go
    expect(html).toContain("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;");
    expectInert(renderIndexPage({ seminars: [{ seminar: v.seminar, replies: 2 }], forumUrl: "http://127.0.0.1:4200", now: v.now, flash: { ok: true, message: hostile } }));
    // The digest, alone and as Markdown for the forum, loses NUL and bidi controls too.
    const digest = store.digests.recent(1, "civic")[0]!;
    expectInert(renderDigestHtml(digest.data));
    expect(renderDigestMarkdown(digest.data)).not.toMatch(/[\u0000\u202A-\u202E\u2066-\u2069]/);
    expect(neutralise(`a\u0000b\u202Ec\u2067d`)).toBe("abcd");
  });

  it("lists the digests with only the latest one open", () => {
    const store = memoryStore();
    const lp = released(store);
    for (const day of ["2026-12-01", "2026-12-02", "2026-12-03"]) buildDigest(store, lp.plan, { now: new Date(`${day}T18:00:00Z`), forumUrl: "http://127.0.0.1:4200", slot: null, postWanted: false });
    const html = renderSeminarPage(view(store, lp, "2026-12-04T12:00:00Z"), { csrf: "tok" });
    expect(html.match(/<details open>/g)).toHaveLength(1);
    expect(html.match(/<h2>Reply digest:/g)).toHaveLength(1);
    expect(html).toMatch(/<details open><summary>Latest: Digest of <time datetime="2026-12-03T18:00:00.000Z">/);
    expect(html.match(/href="\/seminars\/civic\/digests\/\d+"/g)).toHaveLength(2);
    expect(html).toMatch(/action="\/seminars\/civic\/actions\/post-digest"><input type="hidden" name="csrf" value="tok"><input type="hidden" name="digest" value="3">/);
  });
});

describe("replies per day", () => {
  it("folds UTC quarter hours into the seminar's local days, including half-hour zones and DST", () => {
    const buckets = [
      { at: "2026-11-29T18:15:00Z", replies: 1 }, // 23:45 in Kolkata (+5:30): the 29th
      { at: "2026-11-29T18:30:00Z", replies: 2 }, // 00:00 in Kolkata: the 30th
    ];
    expect(foldIntoDays(buckets, daysBetween("2026-11-29", "2026-11-30"), "Asia/Kolkata")).toEqual([
      { day: "2026-11-29", replies: 1 },
      { day: "2026-11-30", replies: 2 },
    ]);
    // London on 29 March 2026 (clocks go forward at 01:00 UTC): 23:30 UTC is already the 30th.
    expect(foldIntoDays([{ at: "2026-03-29T23:30:00Z", replies: 4 }], ["2026-03-29", "2026-03-30"], "Europe/London")).toEqual([
      { day: "2026-03-29", replies: 0 },
      { day: "2026-03-30", replies: 4 },
    ]);
  });

  it("draws one bar a day with its count, and describes the chart for screen readers", () => {
    const svg = replyChartSvg([
      { day: "2026-11-30", replies: 3 },
      { day: "2026-12-01", replies: 0 },
      { day: "2026-12-02", replies: 6 },
    ]);
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain("<title>2 Dec: 6 replies</title>");
    expect(svg).toContain('aria-label="Replies per day, 30 Nov to 2 Dec: 9 in all, most on 2 Dec (6)"');
    expectInert(svg);
  });
});
