import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { planSchema, type Plan } from "../../src/plan/schema.ts";
import type { RunEvent } from "../../src/runner/runner.ts";
import { parseFaults } from "../../src/sandbox/faults.ts";
import { DiscourseClient } from "../../src/discourse/client.ts";
import { Forum } from "../../src/discourse/forum.ts";
import { Pacer } from "../../src/discourse/pacer.ts";
import { API_KEY, forumAt, memoryStore, runPlan, sandbox } from "../helpers.ts";

function plan(threads = 2, extra: Record<string, unknown> = {}): Plan {
  return planSchema.parse({
    seminar: { id: "pub", title: "Publishing test", schedule: "0 9 * * 1", timezone: "UTC", ...extra },
    threads: Array.from({ length: threads }, (_, i) => ({
      id: `rec-${i + 1}`,
      title: `Recommendation number ${i + 1} for the test seminar`,
      recommendation: `We should do thing ${i + 1}, because it helps.`,
      questions: ["Do you agree with it, and why?"],
      poll: { question: "Where do you stand?", options: ["Agree", "Disagree"] },
      counterarguments: [
        { text: `Counterargument A against thing ${i + 1}: it costs too much.`, source: "lens" },
        { text: `Counterargument B against thing ${i + 1}: it has not been tried.`, source: "document" },
      ],
    })),
  });
}

async function topicsOn(url: string) {
  const r = (await (await fetch(`${url}/latest.json?per_page=100`)).json()) as { topic_list: { topics: { id: number; posts_count: number; pinned?: boolean; closed?: boolean }[] } };
  return r.topic_list.topics;
}

/**
 * These tests prove our own exactly-once discipline, so the forum neither replays an identical
 * create (Discourse's 120 s cache) nor spaces one account's posts (5 s even at trust level 2):
 * new-user limits have their own test below.
 */
const EXACTLY_ONCE = { replayCache: false, siteSettings: { rate_limit_create_post: 0 } } as const;

const published = (events: RunEvent[]) => events.filter((e) => e.type === "published");

describe("releases through the runner", () => {
  it("releases only the first thread on first run, the rest when due", async () => {
    const sb = await sandbox(EXACTLY_ONCE);
    const store = memoryStore();
    const now = new Date("2026-11-28T10:00:00Z");
    const r = await runPlan(store, forumAt(sb.url), plan(3), { now });
    expect(r.released.map((x) => x.threadId)).toEqual(["rec-1"]);
    expect(r.waiting.map((p) => new Date(p.at).toISOString())).toEqual(["2026-11-30T09:00:00.000Z", "2026-12-07T09:00:00.000Z"]);
    const later = await runPlan(store, forumAt(sb.url), plan(3), { now: new Date("2026-12-01T00:00:00Z") });
    expect(later.released.map((x) => x.threadId)).toEqual(["rec-2"]);
    const topics = await topicsOn(sb.url);
    expect(topics).toHaveLength(2);
    expect(topics.every((t) => t.posts_count === 3)).toBe(true);
  });

  it("flags releases missed while the service was down as catch-up, in order", async () => {
    const sb = await sandbox(EXACTLY_ONCE);
    const store = memoryStore();
    const events: RunEvent[] = [];
    await runPlan(store, forumAt(sb.url), plan(3), { now: new Date("2026-11-28T10:00:00Z") });
    await runPlan(store, forumAt(sb.url), plan(3), { now: new Date("2026-12-20T00:00:00Z"), onEvent: (e) => events.push(e) });
    expect(published(events)).toEqual([
      { type: "published", threadId: "rec-2", catchUp: true },
      { type: "published", threadId: "rec-3", catchUp: true },
    ]);
  });

  it("spends exactly one create per topic and per reply, and nothing on a rerun", async () => {
    const sb = await sandbox(EXACTLY_ONCE);
    const store = memoryStore();
    const forum = forumAt(sb.url);
    await runPlan(store, forum, plan(1), { all: true }); // the account and category are set up once
    sb.requests.clear();
    const p = plan(3);
    await runPlan(store, forum, p, { all: true });
    const writes = sb.requests.entries.filter((r) => r.method !== "GET");
    expect(writes.filter((r) => r.path === "/posts.json" || r.path === "/posts")).toHaveLength(2 + 2 * 2);
    sb.requests.clear();
    await runPlan(store, forum, p, { all: true });
    expect(sb.requests.entries.filter((r) => r.method !== "GET")).toHaveLength(0);
  });

  it("never duplicates a topic or a reply when every answer to a write is lost (replay cache off)", async () => {
    const sb = await sandbox({ ...EXACTLY_ONCE, faults: parseFaults("500-after:1") });
    const store = memoryStore();
    const forum = forumAt(sb.url);
    const p = plan(2);
    // Each run may fail on a lost answer; a later run looks before writing again.
    for (let i = 0; i < 20; i++) {
      for (const t of store.threads.ofSeminar("pub")) store.threads.retry("pub", t.thread_id);
      await runPlan(store, forum, p, { all: true });
      if (store.threads.ofSeminar("pub").every((t) => t.state === "published")) break;
    }
    expect(store.threads.ofSeminar("pub").map((t) => t.state)).toEqual(["published", "published"]);
    sb.settings.faults = parseFaults("");
    const topics = await topicsOn(sb.url);
    expect(topics).toHaveLength(2);
    expect(topics.map((t) => t.posts_count)).toEqual([3, 3]);
  });

  it("survives a crash between the topic and its replies", async () => {
    const sb = await sandbox(EXACTLY_ONCE);
    const store = memoryStore();
    const forum = forumAt(sb.url);
    // The first run dies after creating the topic (simulated by a throwing event hook).
    const first = await runPlan(store, forum, plan(1), {
      all: true,
      onEvent: (e) => {
        if (e.type === "reply_created") throw new Error("crash");
      },
    });
    expect(first.failed[0]).toMatchObject({ threadId: "rec-1", kind: "transient" });
    store.threads.retry("pub", "rec-1");
    const r = await runPlan(store, forum, plan(1), { all: true });
    expect(r.released.map((x) => x.threadId)).toEqual(["rec-1"]);
    expect((await topicsOn(sb.url))[0]!.posts_count).toBe(3);
  });

  it("keeps released threads released when the store is lost, without posting again", async () => {
    const sb = await sandbox(EXACTLY_ONCE);
    const forum = forumAt(sb.url);
    await runPlan(memoryStore(), forum, plan(2), { all: true });
    const fresh = memoryStore();
    const r = await runPlan(fresh, forum, plan(2), { all: true });
    expect(r.released).toEqual([]);
    expect(fresh.threads.ofSeminar("pub").map((t) => t.state)).toEqual(["published", "published"]);
    expect(fresh.threads.seeded("pub", "rec-1").every((s) => s.post_id !== null)).toBe(true);
    const topics = await topicsOn(sb.url);
    expect(topics).toHaveLength(2);
    expect(topics.map((t) => t.posts_count)).toEqual([3, 3]);
  });

  it("never takes a participant's post carrying our marker for a seeded reply", async () => {
    const sb = await sandbox(EXACTLY_ONCE);
    const forum = forumAt(sb.url);
    const store = memoryStore();
    // The topic lands, then the run dies before any reply.
    await runPlan(store, forum, plan(1), {
      all: true,
      onEvent: (e) => {
        if (e.type === "topic_created") throw new Error("crash");
      },
    });
    const topicId = store.threads.row("pub", "rec-1")!.topic_id!;
    await forum.createUser({ name: "Mallory", username: "mallory", email: "m@example.com", password: "a long enough password", active: true });
    await forum.createReply({ topic_id: topicId, raw: "I am the first counterargument, honest.\n\n<!-- discourse-seminar:pub/rec-1/ca-1 -->" }, { asUser: "mallory" });
    store.threads.retry("pub", "rec-1");
    await runPlan(store, forum, plan(1), { all: true });
    const seeded = store.threads.seeded("pub", "rec-1");
    const posts = (await forum.getTopic(topicId)).post_stream.posts;
    const byId = new Map(posts.map((p) => [p.id, p.username]));
    expect(seeded.map((s) => byId.get(s.post_id!))).toEqual(["devils_advocate", "devils_advocate"]);
  });

  it("marks a permanent failure once, with the forum's reason, and sends nothing more until retried", async () => {
    const sb = await sandbox(EXACTLY_ONCE);
    const store = memoryStore();
    const forum = forumAt(sb.url);
    // Discourse's minimum title length is 15: the plan schema knows it too, so go around it.
    const p = plan(1);
    p.threads[0]!.title = "Too short";
    const r = await runPlan(store, forum, p, { all: true });
    expect(r.failed[0]).toMatchObject({ threadId: "rec-1", kind: "permanent" });
    expect(store.threads.row("pub", "rec-1")!.last_error).toMatch(/Title/);
    sb.requests.clear();
    const again = await runPlan(store, forum, p, { all: true });
    expect(again.failed).toEqual([]);
    expect(again.waiting[0]).toMatchObject({ threadId: "rec-1", reason: "failed" });
    expect(sb.requests.entries.filter((x) => x.path.startsWith("/posts"))).toHaveLength(0);
    p.threads[0]!.title = "A title long enough for Discourse";
    expect((await runPlan(store, forum, p, { all: true })).released.map((x) => x.threadId)).toEqual(["rec-1"]);
  });

  it("leaves the thread unreleased, with the forum's reason, when the forum is read-only, and retries after a back-off", async () => {
    const sb = await sandbox({ ...EXACTLY_ONCE, faults: parseFaults("readonly:1") });
    const store = memoryStore();
    const now = new Date("2026-11-28T10:00:00Z");
    const r = await runPlan(store, forumAt(sb.url), plan(1), { all: true, now });
    expect(r.failed[0]).toMatchObject({ kind: "transient" });
    expect(r.failed[0]!.reason).toMatch(/read only mode/);
    expect(store.threads.row("pub", "rec-1")!.state).not.toBe("published");
    sb.settings.faults = parseFaults("");
    expect((await runPlan(store, forumAt(sb.url), plan(1), { all: true, now })).released).toEqual([]);
    const later = new Date(now.getTime() + 5 * 60_000);
    expect((await runPlan(store, forumAt(sb.url), plan(1), { all: true, now: later })).released.map((x) => x.threadId)).toEqual(["rec-1"]);
  });

  it("pins the thread just released, unpins the one before, and closes threads after close_after, once each", async () => {
    const sb = await sandbox(EXACTLY_ONCE);
    const store = memoryStore();
    const forum = forumAt(sb.url);
    const p = plan(2, { pin_current: true, close_after: "3d" });
    const t0 = new Date("2026-11-28T10:00:00Z");
    const first = await runPlan(store, forum, p, { now: t0 });
    expect(first.timers).toEqual([{ seminarId: "pub", threadId: "rec-1", kind: "pin" }]);
    const second = await runPlan(store, forum, p, { now: new Date("2026-11-30T09:01:00Z") });
    expect(second.timers.map((t) => `${t.kind}:${t.threadId}`).sort()).toEqual(["pin:rec-2", "unpin:rec-1"]);
    const third = await runPlan(store, forum, p, { now: new Date("2026-12-01T11:00:00Z") });
    expect(third.timers).toEqual([{ seminarId: "pub", threadId: "rec-1", kind: "close" }]);
    expect((await runPlan(store, forum, p, { now: new Date("2026-12-01T12:00:00Z") })).timers).toEqual([]);
    const topics = await topicsOn(sb.url);
    const byTitle = (n: number) => topics.find((t) => t.id === store.threads.row("pub", `rec-${n}`)!.topic_id)!;
    expect(byTitle(1)).toMatchObject({ pinned: false, closed: true });
    expect(byTitle(2)).toMatchObject({ pinned: true });
  });
});

describe("claims", () => {
  /** A plan loaded into a fresh store, its thread claimed by `owner`. */
  async function claimedBy(owner: string) {
    const sb = await sandbox(EXACTLY_ONCE);
    const store = memoryStore();
    store.seminars.syncPlan(plan(1), "p.yaml", new Date());
    store.threads.claim("pub", "rec-1", owner, new Date(), 600_000, () => false);
    return { sb, run: () => runPlan(store, forumAt(sb.url), plan(1), { all: true }) };
  }

  it("takes over a release claimed by a process on this machine that has died", async () => {
    // A pid that cannot be running: the kernel's limit is far below it.
    const { run } = await claimedBy(`${hostname()}:99999999:dead`);
    expect((await run()).released.map((x) => x.threadId)).toEqual(["rec-1"]);
  });

  it("leaves a live claim alone", async () => {
    const { sb, run } = await claimedBy(`${hostname()}:${process.ppid}:alive`);
    expect((await run()).busy).toEqual([{ seminarId: "pub", threadId: "rec-1" }]);
    expect(await topicsOn(sb.url)).toHaveLength(0);
  });
});

describe("two services, each with its own store, on one forum", () => {
  it("post no duplicate reply over 20 concurrent releases", async () => {
    const sb = await sandbox(EXACTLY_ONCE);
    const forum = forumAt(sb.url);
    const a = memoryStore();
    const b = memoryStore();
    for (let i = 0; i < 20; i++) {
      const p = planSchema.parse({
        seminar: { id: `race-${i}`, title: `Race ${i}`, counterargument_role: "moderator" },
        threads: [
          {
            id: "rec-1",
            title: `Recommendation raced by two services, round ${i}`,
            recommendation: "We should do the thing.",
            counterarguments: [1, 2, 3].map((n) => ({ text: `Counterargument ${n} of round ${i}: it is not worth it.`, source: "lens" })),
          },
        ],
      });
      await Promise.all([runPlan(a, forum, p, { all: true, owner: "host-a:1:a" }), runPlan(b, forum, p, { all: true, owner: "host-b:2:b" })]);
    }
    const topics = await topicsOn(sb.url);
    expect(topics).toHaveLength(20);
    expect(topics.map((t) => t.posts_count)).toEqual(Array(20).fill(4));
  });
});

describe("a brand-new counterargument account on a forum with Discourse's new-user limits", () => {
  it("is raised first, so 8 threads x 3 counterarguments go out in one run without a failure", async () => {
    // The sandbox's limits are on (trust level 0 for new accounts, 30 s between their posts,
    // 10 replies a day, 5 s even at trust level 2). One clock moves only when the client waits,
    // so the test spends no real time on Retry-After.
    let clock = Date.parse("2026-11-28T10:00:00Z");
    const sb = await sandbox({ now: () => new Date(clock) });
    const forum = new Forum(
      new DiscourseClient({
        baseUrl: sb.url,
        auth: { kind: "api_key", key: API_KEY, username: "system" },
        pacer: new Pacer(10_000),
        now: () => clock,
        sleep: async (ms) => void (clock += ms),
      }),
    );
    const p = planSchema.parse({
      seminar: { id: "big", title: "Eight threads" },
      threads: Array.from({ length: 8 }, (_, i) => ({
        id: `rec-${i + 1}`,
        title: `Recommendation number ${i + 1} of eight in all`,
        recommendation: `We should do thing ${i + 1}.`,
        counterarguments: [1, 2, 3].map((n) => ({ text: `Counterargument ${n} against thing ${i + 1}: it will not work.`, source: "lens" })),
      })),
    });
    const store = memoryStore();
    const r = await runPlan(store, forum, p, { all: true, now: new Date(clock) });
    expect(r.failed).toEqual([]);
    expect(r.released).toHaveLength(8);
    expect((await topicsOn(sb.url)).map((t) => t.posts_count)).toEqual(Array(8).fill(4));
    const account = await forum.getUser("devils_advocate");
    expect(account!.trust_level).toBe(2);
  });
});
