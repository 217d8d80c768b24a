/**
 * The sandbox's create latency in --data mode at 100 and at 50,000 posts, side by side
 * (issue 10: a create at 50,000 posts within 2x of one at 100). Each size gets a fresh SQLite
 * file, seeded in-process, then a running sandbox answers `POST /posts.json` over loopback; the
 * median and p90 of the timed creates are printed, beside what rewriting the whole forum as one
 * JSON snapshot (the format rows replaced) costs at that size.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createReply, createTopic } from "../src/sandbox/forum/posting.ts";
import { startSandbox } from "../src/sandbox/server.ts";
import { ForumState } from "../src/sandbox/state.ts";

const KEY = "bench-sandbox-key-0123456789";
const TIMED = 200;
const POSTS_PER_TOPIC = 100;

function seed(file: string, posts: number): number[] {
  const state = new ForumState({ file });
  const admin = state.userById(-1)!;
  const topicIds: number[] = [];
  // One change: every row goes to SQLite in one transaction, which is how a big forum gets built quickly.
  state.change(() => {
    for (let made = 0; made < posts; ) {
      const first = createTopic(state, admin, { title: `Bench topic number ${topicIds.length} about bus routes`, raw: `Opening post ${made} of the benchmark forum.` });
      topicIds.push(first.topic_id);
      made++;
      for (let i = 1; i < POSTS_PER_TOPIC && made < posts; i++, made++) createReply(state, admin, { topic_id: first.topic_id, raw: `Reply ${made} in the benchmark forum, long enough.` });
    }
  });
  state.close();
  return topicIds;
}

/** What one write cost when the forum was a single JSON snapshot: serialise everything, store one row. */
function snapshotRewriteMs(file: string): number {
  const state = new ForumState({ file });
  const data = { users: [...state.users.values()], categories: [...state.categories.values()], topics: [...state.topics.values()], posts: [...state.posts.values()], next: state.next };
  state.close();
  const db = new Database(path.join(path.dirname(file), "snapshot.sqlite"));
  db.exec("CREATE TABLE IF NOT EXISTS forum (id INTEGER PRIMARY KEY, json TEXT NOT NULL)");
  const put = db.prepare("INSERT INTO forum (id, json) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET json = excluded.json");
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    put.run(JSON.stringify(data));
    times.push(performance.now() - t0);
  }
  db.close();
  return times.sort((a, b) => a - b)[2]!;
}

async function measure(posts: number): Promise<{ median: number; p90: number; snapshot: number }> {
  const dir = mkdtempSync(path.join(tmpdir(), "sandbox-bench-"));
  try {
    const file = path.join(dir, "forum.sqlite");
    const topics = seed(file, posts);
    const snapshot = snapshotRewriteMs(file);
    const sb = await startSandbox({ apiKey: KEY, dataFile: file, rateLimit: 0, replayCache: false });
    const headers = { "Api-Key": KEY, "Api-Username": "system", "Content-Type": "application/json", Accept: "application/json" };
    const create = (i: number) =>
      fetch(`${sb.url}/posts.json`, { method: "POST", headers, body: JSON.stringify({ topic_id: topics[i % topics.length], raw: `Timed reply ${i} at ${posts} posts, long enough.` }) }).then(async (r) => {
        if (r.status !== 200) throw new Error(`create answered ${r.status}: ${await r.text()}`);
      });
    for (let i = 0; i < 20; i++) await create(TIMED + i); // warm up the JIT and the connection
    const times: number[] = [];
    for (let i = 0; i < TIMED; i++) {
      const t0 = performance.now();
      await create(i);
      times.push(performance.now() - t0);
    }
    await sb.close();
    times.sort((a, b) => a - b);
    return { median: times[Math.floor(TIMED / 2)]!, p90: times[Math.floor(TIMED * 0.9)]!, snapshot };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runSandboxBench(): Promise<void> {
  console.log(`sandbox create latency, --data mode: POST /posts.json over loopback, ${TIMED} timed creates per size`);
  console.log(`${"posts".padStart(8)} ${"median ms".padStart(10)} ${"p90 ms".padStart(8)}   ${"snapshot rewrite ms (what rows replaced)".padStart(40)}`);
  const results: [number, Awaited<ReturnType<typeof measure>>][] = [];
  for (const n of [100, 50_000]) {
    const r = await measure(n);
    results.push([n, r]);
    console.log(`${n.toLocaleString("en").padStart(8)} ${r.median.toFixed(2).padStart(10)} ${r.p90.toFixed(2).padStart(8)}   ${r.snapshot.toFixed(1).padStart(40)}`);
  }
  const ratio = results[1]![1].median / results[0]![1].median;
  console.log(`median at 50,000 / median at 100: ${ratio.toFixed(2)}x (target: within 2x)`);
}

if (process.argv[1]?.endsWith("sandbox.ts")) await runSandboxBench();
