import { describe, expect, it } from "vitest";
import type { Post } from "../../src/discourse/schemas.ts";
import { parsePlan } from "../../src/plan/load.ts";
import { openDb, statementCache } from "../../src/store/db.ts";
import { Store } from "../../src/store/store.ts";
import { ViewRecords } from "../../src/store/views.ts";
import { memoryStore, onCleanup } from "../helpers.ts";

const NOW = new Date("2026-12-01T12:00:00Z");

function plan(id: string, threads = 2) {
  const list = Array.from({ length: threads }, (_, i) => `  - id: rec-${i + 1}
    title: Thread number ${i + 1} of seminar ${id}
    recommendation: Something to discuss.
    counterarguments:
      - text: The first objection, long enough for Discourse.
      - text: The second objection, long enough for Discourse.
`).join("");
  return parsePlan(`seminar:\n  id: ${id}\n  title: Seminar ${id}\nthreads:\n${list}`, `${id}.yaml`);
}

let nextPostId = 1;
function post(p: Partial<Post> & { post_number: number }): Post {
  return { id: nextPostId++, post_type: 1, username: "someone", created_at: NOW.toISOString(), cooked: "", raw: "A reply of some length.", version: 1, reply_to_post_number: null, ...p } as Post;
}

/** A released thread on topic `topicId` with its opening post and two seeded counterarguments (#2, #3). */
function release(store: Store, seminarId: string, threadId: string, topicId: number) {
  store.threads.recordTopic(seminarId, threadId, { topicId, slug: "t", firstPostId: null, createdHere: true });
  store.threads.markReleased(seminarId, threadId, { at: NOW, scheduledFor: NOW.getTime(), catchUp: false });
  store.posts.upsert(post({ post_number: 1, username: "system" }), topicId, NOW);
  for (const idx of [0, 1]) {
    const p = post({ post_number: idx + 2, username: "devils_advocate" });
    store.threads.recordSeededReply(seminarId, threadId, idx, { id: p.id, post_number: p.post_number });
    store.posts.upsert(p, topicId, NOW);
  }
}

function seminar(store: Store, id = "civic") {
  store.seminars.syncPlan(plan(id), `${id}.yaml`, NOW);
  release(store, id, "rec-1", 10);
  return id;
}

describe("the console's views of the store", () => {
  it("count a thread's participants' live replies, leaving out seeded, deleted, hidden and small-action posts", () => {
    const store = memoryStore();
    const id = seminar(store);
    store.posts.upsert(post({ post_number: 4, username: "ann", created_at: "2026-12-01T09:00:00.000Z" }), 10, NOW);
    store.posts.upsert(post({ post_number: 5, username: "ann", created_at: "2026-12-01T10:00:00.000Z" }), 10, NOW);
    store.posts.upsert(post({ post_number: 6, username: "bo", created_at: "2026-12-01T11:00:00.000Z" }), 10, NOW);
    store.posts.upsert(post({ post_number: 7, username: "cy", deleted_at: "2026-12-01T11:30:00.000Z" }), 10, NOW);
    store.posts.upsert(post({ post_number: 8, username: "di", hidden: true }), 10, NOW);
    store.posts.upsert(post({ post_number: 9, username: "system", post_type: 3 }), 10, NOW);
    expect(store.views.threadActivity(id)).toEqual([{ threadId: "rec-1", replies: 3, participants: 2, lastReplyAt: "2026-12-01T11:00:00.000Z" }]);
    expect(store.views.topParticipants(id, 1)).toEqual([{ threadId: "rec-1", username: "ann", replies: 2 }]);
  });

  it("find who answered each counterargument, by reply or by quote in the same topic, live replies only", () => {
    const store = memoryStore();
    const id = seminar(store);
    store.posts.upsert(post({ post_number: 4, username: "ann", reply_to_post_number: 2 }), 10, NOW);
    store.posts.upsert(post({ post_number: 5, username: "bo", raw: '[quote="devils_advocate, post:3, topic:10, full:true"]\nx\n[/quote]\nNo.' }), 10, NOW);
    // Not answers: a quote of another topic's #3, a quote of #33, a deleted reply to #3, a reply by the seeding account itself.
    store.posts.upsert(post({ post_number: 6, username: "cy", raw: '[quote="x, post:3, topic:11"]\ny\n[/quote]' }), 10, NOW);
    store.posts.upsert(post({ post_number: 7, username: "cy", raw: '[quote="x, post:33, topic:10"]\ny\n[/quote]' }), 10, NOW);
    store.posts.upsert(post({ post_number: 8, username: "di", reply_to_post_number: 3, deleted_at: NOW.toISOString() }), 10, NOW);
    // A reply to another reply answers that reply, whatever it quotes: the digest counts it so too.
    store.posts.upsert(post({ post_number: 9, username: "ed", reply_to_post_number: 4, raw: '[quote="devils_advocate, post:3, topic:10"]\nx\n[/quote]\nYes.' }), 10, NOW);
    const ledger = store.views.ledger(id, 5);
    expect(ledger.map((c) => [c.threadId, c.idx, c.postNumber, c.answeredByCount, c.answers])).toEqual([
      ["rec-1", 0, 2, 1, [{ username: "ann", postNumber: 4 }]],
      ["rec-1", 1, 3, 1, [{ username: "bo", postNumber: 5 }]],
      ["rec-2", 0, null, 0, []],
      ["rec-2", 1, null, 0, []],
    ]);
  });

  it("cap the answerers listed but count them all", () => {
    const store = memoryStore();
    const id = seminar(store);
    for (let i = 0; i < 7; i++) store.posts.upsert(post({ post_number: 4 + i, username: `user${i}`, reply_to_post_number: 2 }), 10, NOW);
    const [first] = store.views.ledger(id, 3);
    expect(first!.answeredByCount).toBe(7);
    expect(first!.answers.map((a) => a.username)).toEqual(["user0", "user1", "user2"]);
  });

  it("count replies per quarter hour since a moment, for folding into local days", () => {
    const store = memoryStore();
    const id = seminar(store);
    for (const [n, at] of [[4, "2026-11-29T23:44:59.000Z"], [5, "2026-11-29T23:45:00.000Z"], [6, "2026-11-29T23:59:00.000Z"], [7, "2026-11-20T10:00:00.000Z"]] as const) {
      store.posts.upsert(post({ post_number: n, created_at: at }), 10, NOW);
    }
    expect(store.views.repliesPerQuarterHour(id, "2026-11-25T00:00:00.000Z")).toEqual([
      { at: "2026-11-29T23:30:00Z", replies: 1 },
      { at: "2026-11-29T23:45:00Z", replies: 2 },
    ]);
  });

  it("read only the seminar's own topics through indexes, even with 100,000 posts stored", () => {
    const db = openDb(":memory:");
    onCleanup(() => {
      db.close();
    });
    const texts = new Set<string>();
    const cache = statementCache(db);
    const views = new ViewRecords((text) => (texts.add(text), cache(text)));
    // The Store over the same connection, to write the fixture.
    const store = new Store(db, ":memory:");
    const id = seminar(store, "small");
    store.seminars.syncPlan(plan("big", 5), "big.yaml", NOW);
    store.transaction(() => {
      for (let t = 1; t <= 5; t++) {
        release(store, "big", `rec-${t}`, 100 + t);
        for (let n = 4; n < 4 + 20_000; n++) store.posts.upsert(post({ post_number: n, username: `u${n % 300}`, reply_to_post_number: n % 7 ? null : 2 }), 100 + t, NOW);
      }
    });
    store.posts.upsert(post({ post_number: 4, username: "ann", reply_to_post_number: 2 }), 10, NOW);
    expect(views.threadActivity(id)).toEqual([{ threadId: "rec-1", replies: 1, participants: 1, lastReplyAt: NOW.toISOString() }]);
    expect(views.ledger(id, 5)[0]!.answers).toEqual([{ username: "ann", postNumber: 4 }]);
    views.topParticipants(id, 5);
    views.polls(id);
    views.repliesPerQuarterHour(id, "2026-11-01T00:00:00.000Z");
    expect(texts.size).toBeGreaterThanOrEqual(6);
    for (const text of texts) {
      const explain = db.prepare(`EXPLAIN QUERY PLAN ${text}`);
      const rows = text.includes("@seminar") ? explain.all({ seminar: id, cap: 5, since: "2026-11-01" }) : explain.all(id);
      const plan = (rows as { detail: string }[]).map((r) => r.detail);
      // Posts, polls and threads are reached by index (SEARCH), never read whole (SCAN).
      expect(plan.filter((d) => /^SCAN (p|q|t|posts|polls|threads)\b/.test(d)), text).toEqual([]);
    }
  });
});
