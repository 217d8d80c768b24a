/**
 * Requests a tracking cycle costs for 1,000 released threads, beside reading every topic (what
 * tracking did before change detection), and the requests a release costs per thread, beside the
 * old publisher's sequence. Everything runs against an in-process sandbox on loopback; the
 * figures are request counts from the sandbox's own log, so the machine's load does not move them.
 */
import { DiscourseClient } from "../src/discourse/client.ts";
import { Forum } from "../src/discourse/forum.ts";
import { Pacer } from "../src/discourse/pacer.ts";
import { silentLogger } from "../src/log.ts";
import { threadExternalId } from "../src/plan/ids.ts";
import { planSchema, type Plan } from "../src/plan/schema.ts";
import { runDue } from "../src/runner/runner.ts";
import { startSandbox, type RunningSandbox } from "../src/sandbox/server.ts";
import { openStore, type Store } from "../src/store/store.ts";
import { trackOnce } from "../src/track/tracker.ts";

const KEY = "bench-tracking-key-0123456789";
const BUDGET_PER_MINUTE = 50;

function forumFor(sb: RunningSandbox, username = "system"): Forum {
  return new Forum(new DiscourseClient({ baseUrl: sb.url, auth: { kind: "api_key", key: KEY, username }, pacer: new Pacer(1_000_000) }));
}

function planOf(id: string, threads: number, counterarguments: number): Plan {
  return planSchema.parse({
    seminar: { id, title: `Bench ${id}`, category: "bench", counterargument_role: "moderator" },
    threads: Array.from({ length: threads }, (_, i) => ({
      id: `t${i + 1}`,
      title: `Benchmark thread number ${i + 1} of seminar ${id}`,
      recommendation: "Councils should run buses.",
      counterarguments: Array.from({ length: counterarguments }, (_, n) => ({ text: `Counterargument ${n + 1} of thread ${i + 1}: it costs too much.`, source: "lens" })),
    })),
  });
}

async function release(store: Store, forum: Forum, plan: Plan): Promise<void> {
  await runDue(
    { store, forum, log: silentLogger, forumUrl: "http://bench", forumKey: "bench", apiUsername: "system" },
    { plans: [{ plan, path: "bench.yaml" }], releaseAll: true, kinds: new Set(["release"]) },
  );
}

async function counted(sb: RunningSandbox, fn: () => Promise<unknown>): Promise<number> {
  sb.requests.clear();
  await fn();
  return sb.requests.entries.length;
}

async function trackingBench(): Promise<void> {
  const sb = await startSandbox({ apiKey: KEY, rateLimit: 0, replayCache: false, siteSettings: { rate_limit_create_post: 0 } });
  try {
    const forum = forumFor(sb);
    const store = openStore(":memory:");
    const plan = planOf("track", 1000, 0);
    await release(store, forum, plan);
    await forum.createUser({ name: "Pat", username: "pat_q", email: "pat@example.com", password: "a long enough password", active: true });
    await forum.setTrustLevel((await forum.getUser("pat_q"))!.id, 2);
    const naive = await counted(sb, () => trackOnce({ store, forum, mode: "full" }));
    const topic = (i: number) => store.threads.row("track", `t${i}`)!.topic_id!;
    const quiet = await counted(sb, () => trackOnce({ store, forum }));
    for (let i = 1; i <= 10; i++) await forum.createReply({ topic_id: topic(i * 97), raw: `A reply in thread ${i * 97}, long enough to count.` }, { asUser: "pat_q" });
    const ten = await counted(sb, () => trackOnce({ store, forum }));
    const edited = (await forum.createReply({ topic_id: topic(5), raw: "A reply its author edits later, long enough." }, { asUser: "pat_q" })) as { id: number };
    const deleted = (await forum.createReply({ topic_id: topic(6), raw: "A reply its author deletes later, long enough." }, { asUser: "pat_q" })) as { id: number };
    await trackOnce({ store, forum });
    await forum.updatePost(edited.id, "A reply its author edited, long enough to count.", { asUser: "pat_q" });
    await forum.deletePost(deleted.id);
    const both = await counted(sb, () => trackOnce({ store, forum }));
    const sweep = await counted(sb, () => trackOnce({ store, forum, mode: "sweep" }));
    const minutes = (n: number) => `${((n / BUDGET_PER_MINUTE) * 60).toFixed(1)} s at ${BUDGET_PER_MINUTE} requests/min`;
    console.log("Tracking 1,000 released threads: requests per cycle (change detection | reading every topic)");
    console.log(`  nothing changed              ${String(quiet).padStart(5)} | ${naive}   (${minutes(quiet)} | ${minutes(naive)})`);
    console.log(`  10 threads with a new reply  ${String(ten).padStart(5)} | ${naive}   (${minutes(ten)})`);
    console.log(`  one edit and one deletion    ${String(both).padStart(5)} | ${naive}   (the deletion in a recently bumped topic is found; the edit waits for its webhook or the sweep)`);
    console.log(`  slower sweep (25 topics)     ${String(sweep).padStart(5)} |   -     (every TRACK_SWEEP_SCHEDULE, default 30 min)`);
    store.close();
  } finally {
    await sb.close();
  }
}

/** The old publisher's requests for one thread: a lookup before the topic, the topic, a read of what the create answered, a whole read, and a lookup plus a create per reply. */
async function naivePublish(forum: Forum, counterForum: Forum, plan: Plan, threadIndex: number): Promise<void> {
  const t = plan.threads[threadIndex]!;
  const externalId = `naive-${threadExternalId(plan.seminar.id, t.id)}`.slice(0, 50);
  await forum.getTopicByExternalId(externalId);
  const created = (await forum.createTopic({ title: `${t.title} (naive)`, raw: "Opening post of the naive publisher.", external_id: externalId })) as { topic_id: number };
  await forum.getTopic(created.topic_id);
  await forum.allPosts(created.topic_id, { includeDeleted: true });
  for (const ca of t.counterarguments) await counterForum.createReply({ topic_id: created.topic_id, raw: `${ca.text} (naive)` });
}

async function publishBench(): Promise<void> {
  const sb = await startSandbox({ apiKey: KEY, rateLimit: 0, replayCache: false, siteSettings: { rate_limit_create_post: 0 } });
  try {
    const forum = forumFor(sb);
    const store = openStore(":memory:");
    const threads = 20;
    const plan = planOf("pub", threads, 3);
    // The account and category are set up once per forum; the per-thread cost is what repeats.
    await release(store, forum, planOf("warm", 1, 0));
    const ours = await counted(sb, () => release(store, forum, plan));
    const writes = sb.requests.entries.filter((e) => e.method !== "GET").length;
    const rerun = await counted(sb, () => release(store, forum, plan));
    const rerunWrites = sb.requests.entries.filter((e) => e.method !== "GET").length;
    const naive = await counted(sb, async () => {
      for (let i = 0; i < threads; i++) await naivePublish(forum, forumFor(sb, "devils_advocate"), plan, i);
    });
    console.log(`Publishing ${threads} threads x 3 counterarguments: requests per thread (runner | old sequence)`);
    console.log(`  ${(ours / threads).toFixed(2)} (${writes} creates for ${threads + threads * 3} posts, ${ours - writes} reads in the run) | ${(naive / threads).toFixed(2)}`);
    console.log(`  a rerun with nothing due: ${rerun} requests, ${rerunWrites} writes`);
    store.close();
  } finally {
    await sb.close();
  }
}

export async function runTrackingBench(): Promise<void> {
  await trackingBench();
  console.log("");
  await publishBench();
}

if (process.argv[1]?.endsWith("tracking.ts")) await runTrackingBench();
