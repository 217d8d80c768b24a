import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { parseFaults } from "../../src/sandbox/faults.ts";
import { planSchema, type Plan } from "../../src/plan/schema.ts";
import { publishDue, type PublishEvent } from "../../src/publish/publisher.ts";
import { openDb } from "../../src/store/db.ts";
import { threadsOf } from "../../src/store/seminars.ts";
import { forumAt, onCleanup, sandbox } from "../helpers.ts";

/**
 * These tests are about publishing exactly once, not about Discourse's new-user limits, which the
 * sandbox now enforces by default (TL0 accounts: 30 s between posts, 10 replies a day). Here new
 * accounts start at trust level 2 with no pause between posts, as an admin may configure a forum.
 */
const SEASONED_FORUM = { siteSettings: { default_trust_level: 2, rate_limit_create_post: 0 } };

function plan(threads = 2): Plan {
  return planSchema.parse({
    seminar: { id: "pub", title: "Publishing test", schedule: "0 9 * * 1", timezone: "UTC" },
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

function db() {
  const d = openDb(":memory:");
  onCleanup(() => void d.close());
  return d;
}

async function topicsOn(url: string) {
  const r = (await (await fetch(`${url}/latest.json?per_page=100`)).json()) as { topic_list: { topics: { id: number; posts_count: number }[] } };
  return r.topic_list.topics;
}

describe("publishDue", () => {
  it("releases only the first thread on first run, the rest when due", async () => {
    const sb = await sandbox(SEASONED_FORUM);
    const d = db();
    const now = new Date("2026-11-28T10:00:00Z");
    const r = await publishDue({ db: d, forum: forumAt(sb.url), plan: plan(3), planPath: "p.yaml", now });
    expect(r.published).toEqual(["rec-1"]);
    expect(r.pending.map((p) => new Date(p.at).toISOString())).toEqual(["2026-11-30T09:00:00.000Z", "2026-12-07T09:00:00.000Z"]);
    const later = await publishDue({ db: d, forum: forumAt(sb.url), plan: plan(3), planPath: "p.yaml", now: new Date("2026-12-01T00:00:00Z") });
    expect(later.published).toEqual(["rec-2"]);
    const topics = await topicsOn(sb.url);
    expect(topics).toHaveLength(2);
    expect(topics.every((t) => t.posts_count === 3)).toBe(true);
  });

  it("flags releases missed while the service was down as catch-up, in order", async () => {
    const sb = await sandbox(SEASONED_FORUM);
    const d = db();
    const events: PublishEvent[] = [];
    await publishDue({ db: d, forum: forumAt(sb.url), plan: plan(3), planPath: "p.yaml", now: new Date("2026-11-28T10:00:00Z") });
    await publishDue({ db: d, forum: forumAt(sb.url), plan: plan(3), planPath: "p.yaml", now: new Date("2026-12-20T00:00:00Z"), onEvent: (e) => events.push(e) });
    expect(events.filter((e) => e.type === "published")).toEqual([
      { type: "published", threadId: "rec-2", catchUp: true },
      { type: "published", threadId: "rec-3", catchUp: true },
    ]);
  });

  it("never duplicates a topic or a reply when every answer to a write is lost", async () => {
    const sb = await sandbox({ ...SEASONED_FORUM, replayCache: false, faults: parseFaults("500-after:1") });
    const d = db();
    const forum = forumAt(sb.url);
    const p = plan(2);
    // Each run may fail on a lost answer; the next run looks before writing again.
    for (let i = 0; i < 12; i++) {
      const r = await publishDue({ db: d, forum, plan: p, planPath: "p.yaml", all: true });
      if (r.failed.length === 0 && threadsOf(d, "pub").every((t) => t.state === "published")) break;
    }
    expect(threadsOf(d, "pub").map((t) => t.state)).toEqual(["published", "published"]);
    sb.settings.faults = parseFaults("");
    const topics = await topicsOn(sb.url);
    expect(topics).toHaveLength(2);
    expect(topics.map((t) => t.posts_count)).toEqual([3, 3]);
  });

  it("survives a crash between the topic and its replies", async () => {
    const sb = await sandbox(SEASONED_FORUM);
    const d = db();
    const forum = forumAt(sb.url);
    // The first run dies after creating the topic (simulated by a throwing event hook).
    await expect(
      publishDue({ db: d, forum, plan: plan(1), planPath: "p.yaml", all: true, onEvent: (e) => { if (e.type === "reply_created") throw new Error("crash"); } }),
    ).resolves.toMatchObject({ failed: [{ threadId: "rec-1" }] });
    const r = await publishDue({ db: d, forum, plan: plan(1), planPath: "p.yaml", all: true });
    expect(r.published).toEqual(["rec-1"]);
    expect((await topicsOn(sb.url))[0]!.posts_count).toBe(3);
  });

  it("finds a topic created by an earlier run whose store was lost", async () => {
    const sb = await sandbox(SEASONED_FORUM);
    await publishDue({ db: db(), forum: forumAt(sb.url), plan: plan(1), planPath: "p.yaml", all: true });
    const fresh = db();
    const events: PublishEvent[] = [];
    await publishDue({ db: fresh, forum: forumAt(sb.url), plan: plan(1), planPath: "p.yaml", all: true, onEvent: (e) => events.push(e) });
    expect(events[0]).toMatchObject({ type: "topic_created", reconciled: true });
    expect(events.filter((e) => e.type === "reply_created").every((e) => e.type === "reply_created" && e.reconciled)).toBe(true);
    expect(await topicsOn(sb.url)).toHaveLength(1);
  });

  it("leaves the thread unreleased, with the forum's reason, when the forum is read-only", async () => {
    const sb = await sandbox({ ...SEASONED_FORUM, faults: parseFaults("readonly:1") });
    const d = db();
    const r = await publishDue({ db: d, forum: forumAt(sb.url), plan: plan(1), planPath: "p.yaml", all: true });
    expect(r.failed[0]!.error).toMatch(/read only mode/);
    expect(threadsOf(d, "pub")[0]!.state).not.toBe("published");
    sb.settings.faults = parseFaults("");
    expect((await publishDue({ db: d, forum: forumAt(sb.url), plan: plan(1), planPath: "p.yaml", all: true })).published).toEqual(["rec-1"]);
  });
});

describe("claims", () => {
  /** A plan loaded into a fresh store, its thread claimed by `owner`. */
  async function claimedBy(owner: string) {
    const sb = await sandbox(SEASONED_FORUM);
    const d = db();
    const { syncPlan } = await import("../../src/store/seminars.ts");
    syncPlan(d, plan(1), "p.yaml", new Date());
    d.prepare("UPDATE threads SET state = 'claimed', claimed_by = ?, claimed_at = ? WHERE thread_id = 'rec-1'").run(owner, new Date().toISOString());
    return { sb, run: () => publishDue({ db: d, forum: forumAt(sb.url), plan: plan(1), planPath: "p.yaml", all: true }) };
  }

  it("takes over a release claimed by a process on this machine that has died", async () => {
    // A pid that cannot be running: the kernel's limit is far below it.
    const { run } = await claimedBy(`${hostname()}:99999999:dead`);
    expect((await run()).published).toEqual(["rec-1"]);
  });

  it("leaves a live claim alone", async () => {
    const { sb, run } = await claimedBy(`${hostname()}:${process.ppid}:alive`);
    expect((await run()).failed[0]!.error).toMatch(/being released by another process/);
    expect(await topicsOn(sb.url)).toHaveLength(0);
  });
});
