/**
 * Webhook ingestion at a fixed offered load (issue 10, item 7). The service's HTTP app runs in a
 * child process on a temp store with 50 tracked topics; this process offers signed
 * post_created/post_edited deliveries open-loop (each sent at its scheduled time, whatever the
 * answers so far) and times each from its scheduled send to the end of its answer, so a backlog
 * shows up as latency instead of hiding as a lower rate. The naive alternative is the receiver as
 * it was (bench/naive/webhooks.ts), run the same way in the same run. "now" is the service's own
 * listener (src/server/app.ts), which hands deliveries to their handler ahead of Express's routing.
 * Target: at least 1,500 deliveries/s with p99 under 25 ms at 1,500/s offered, none lost.
 *
 * Then: a kill -9 in the middle of a stream (every acknowledged delivery must be in the store
 * afterwards), and the server's peak memory under 60 concurrent unsigned 4.9 MB posts.
 *
 * "in server" is the handler's own time, from parsed headers to the end of the answer: it
 * misses time spent queued before the server reads a request, so the client's p99 is the figure.
 * BENCH_WEBHOOK_RATE, BENCH_WEBHOOK_SECONDS and BENCH_ROUNDS change the load, BENCH_VARIANTS
 * (e.g. "now") the receivers compared; for profiling,
 * BENCH_SERVER_NODE_ARGS="--cpu-prof" passes flags to the server, and BENCH_DEBUG=1 prints p99
 * per half second of the schedule (where a backlog starts and ends).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import http from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import express from "express";
import { signWebhook } from "../src/discourse/webhook-signature.ts";
import { silentLogger } from "../src/log.ts";
import { createServiceApp } from "../src/server/app.ts";
import { openStore } from "../src/store/store.ts";
import { forumPost, releasedSeminar } from "../tests/store-seed.ts";
import { naiveStore, naiveWebhookRouter } from "./naive/webhooks.ts";

const RATE = Number(process.env.BENCH_WEBHOOK_RATE ?? 1500);
const SECONDS = Number(process.env.BENCH_WEBHOOK_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** How often the server checkpoints (from its worker thread), as `serve` should. */
const CHECKPOINT_MS = 1000;
const SECRET = "bench-webhook-secret-0123";
const TOPICS = 50;
const ROOT = path.resolve(import.meta.dirname, "..");

type Variant = "naive" | "now";
const LABEL: Record<Variant, string> = {
  naive: "before: express.raw 5 MB, prepare per call, checkpoint in requests",
  now: "now: ahead of Express, own reader, group commit, worker checkpoint",
};

// ---------------------------------------------------------------- the server (child process)

async function serve(variant: Variant, file: string): Promise<void> {
  const store = variant === "naive" ? naiveStore(file) : openStore(file);
  const app =
    variant === "naive"
      ? express().use(naiveWebhookRouter({ store, secrets: [SECRET] }))
      : createServiceApp({ store, plans: () => [], forumUrl: () => "http://forum.test", webhookSecrets: [SECRET], log: silentLogger });
  // Time inside the server, from the request's headers to the end of its answer: set beside the
  // client's figures, it tells the server's delays from the load generator's and the scheduler's.
  const inside: number[] = [];
  const server = http.createServer((req, res) => {
    const t0 = performance.now();
    res.once("finish", () => inside.push(performance.now() - t0));
    app(req, res);
  });
  // Discourse opens a connection per delivery; the bench keeps them alive to spare the load
  // generator's CPU, and must then not race Node's 5 s idle close (ECONNRESET on a reused socket).
  server.keepAliveTimeout = 60_000;
  if (process.env.BENCH_DEBUG) server.on("clientError", (e: NodeJS.ErrnoException) => console.log(`clientError ${e.code} ${e.message}`));
  server.listen(0, "127.0.0.1", () => {
    const { port } = server.address() as { port: number };
    process.stdout.write(`${JSON.stringify({ port })}\n`);
  });
  // As the service runs it: checkpoints from a worker thread, off the event loop.
  const started = performance.now();
  const checkpointer =
    variant !== "naive"
      ? store.startCheckpointer({ everyMs: CHECKPOINT_MS, onEvent: (e) => process.env.BENCH_DEBUG && console.log(`checkpoint at ${((performance.now() - started) / 1000).toFixed(2)} s: ${JSON.stringify(e)}`) })
      : undefined;
  const lag = monitorEventLoopDelay({ resolution: 5 });
  lag.enable();
  const ready = process.cpuUsage();
  process.on("SIGTERM", () => {
    const u = process.cpuUsage(ready);
    void checkpointer?.stop();
    const measured = inside.slice(-SECONDS * RATE).sort((a, b) => a - b);
    if (process.env.BENCH_DEBUG) console.log(`event loop delay p99 ${(lag.percentile(99) / 1e6).toFixed(1)} ms, max ${(lag.max / 1e6).toFixed(1)} ms`);
    process.stdout.write(`${JSON.stringify({ cpuMs: (u.user + u.system) / 1000, maxRssMb: process.resourceUsage().maxRSS / 1024, insideP50: pct(measured, 50), insideP99: pct(measured, 99) })}\n`);
    server.closeAllConnections();
    server.close();
    store.close();
    process.exit(0);
  });
}

interface ServerUsage {
  cpuMs: number;
  maxRssMb: number;
  /** Server-side latency of the last RATE x SECONDS requests (the measured stream). */
  insideP50: number;
  insideP99: number;
}

interface Server {
  child: ChildProcess;
  port: number;
  /** Stops it; its CPU time and peak RSS. */
  stop(): Promise<ServerUsage>;
}

async function startServer(variant: Variant, file: string): Promise<Server> {
  const child = spawn(process.execPath, [...(process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? []), path.join(ROOT, "bin/run-ts.js"), path.join(ROOT, "bench/webhooks.ts"), "--serve", variant, file], { stdio: ["ignore", "pipe", "inherit"] });
  const all = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  // Only the server's own JSON lines count (node flags such as --trace-gc write there too).
  const lines = {
    async next(): Promise<IteratorResult<string>> {
      for (;;) {
        const r = await all.next();
        if (r.done || r.value.startsWith("{")) return r;
        if (process.env.BENCH_DEBUG) console.log(`server: ${r.value}`);
      }
    },
  };
  const first = await lines.next();
  if (first.done) throw new Error("the bench server did not start");
  const { port } = JSON.parse(first.value) as { port: number };
  return {
    child,
    port,
    async stop() {
      child.kill("SIGTERM");
      const next = await lines.next();
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once("exit", r)));
      return next.done ? { cpuMs: NaN, maxRssMb: NaN, insideP50: NaN, insideP99: NaN } : (JSON.parse(next.value) as ServerUsage);
    },
  };
}

// ---------------------------------------------------------------- the load (this process)

interface Delivery {
  body: Buffer;
  headers: Record<string, string>;
  postId: number;
  topicId: number;
  version: number;
}

const words = "the council should publish every bus timetable in print and online so that people without phones can plan their week too".split(" ");
function text(seed: number, n: number): string {
  let s = "";
  for (let i = 0; s.length < n; i++) s += `${words[(seed * 7 + i * 13) % words.length]} `;
  return s.trim();
}

/** `n` signed deliveries: about 70% new posts and 30% edits of posts created earlier in the stream. */
function makeDeliveries(topics: number[], n: number, idBase: number): Delivery[] {
  const out: Delivery[] = [];
  const created: { postId: number; topicId: number; postNumber: number; version: number }[] = [];
  const nextNumber = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const edit = created.length > 10 && i % 10 >= 7;
    let p: { postId: number; topicId: number; postNumber: number; version: number };
    if (edit) {
      p = created[(i * 31) % created.length]!;
      p.version++;
    } else {
      const topicId = topics[i % topics.length]!;
      const postNumber = nextNumber.get(topicId) ?? 4;
      nextNumber.set(topicId, postNumber + 1);
      p = { postId: idBase + i, topicId, postNumber, version: 1 };
      created.push(p);
    }
    const event = edit ? "post_edited" : "post_created";
    const at = new Date(Date.UTC(2026, 11, 2, 10, 0, 0, i)).toISOString();
    const post = {
      ...forumPost({ id: p.postId, topicId: p.topicId, postNumber: p.postNumber, username: `user_${i % 500}`, raw: text(i, 600), createdAt: at, version: p.version, updatedAt: at }),
      avatar_template: "/user_avatar/forum.example.com/someone/{size}/3_2.png",
      reply_count: 0,
      quote_count: 0,
      reads: 1,
      score: 0,
      topic_slug: "recommendation-number",
      topic_title: "Recommendation number 1 of the seminar",
      category_id: 5,
      display_username: null,
      trust_level: 1,
      user_id: 100 + (i % 500),
      topic_posts_count: p.postNumber,
      topic_filtered_posts_count: p.postNumber,
      topic_archetype: "regular",
      category_slug: "seminars",
    };
    const body = Buffer.from(JSON.stringify({ post }));
    out.push({
      body,
      postId: p.postId,
      topicId: p.topicId,
      version: p.version,
      headers: {
        "content-type": "application/json",
        "content-length": String(body.length),
        "user-agent": "Discourse/3.4.0",
        "x-discourse-instance": "https://forum.example.com",
        "x-discourse-event-id": String(idBase + i),
        "x-discourse-event-type": "post",
        "x-discourse-event": event,
        "x-discourse-event-signature": signWebhook(SECRET, body),
      },
    });
  }
  return out;
}

interface LoadResult {
  offered: number;
  acked: Delivery[];
  failed: number;
  latencies: number[];
  seconds: number;
}

/** Sends each delivery at its time (open loop) and waits for every answer, or for `stopAfterMs`. */
function offer(port: number, ds: Delivery[], rate: number, o: { stopAfterMs?: number } = {}): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const acked: Delivery[] = [];
  const latencies: number[] = [];
  let failed = 0;
  const timeline: [number, number][] = [];
  let settled = 0;
  let sent = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let last = t0;
  return new Promise((resolve) => {
    const done = () => {
      clearInterval(timer);
      agent.destroy();
      if (process.env.BENCH_DEBUG) {
        const c = process.cpuUsage(cpu0);
        console.log(`load generator CPU: ${((c.user + c.system) / 1000 / sent).toFixed(3)} ms per delivery`);
        const bySecond = new Map<number, number[]>();
        for (const [at, ms] of timeline) bySecond.set(Math.floor(at / 500), [...(bySecond.get(Math.floor(at / 500)) ?? []), ms]);
        console.log([...bySecond].map(([s, xs]) => `${s / 2}s:${pct(xs.sort((a, b) => a - b), 99).toFixed(0)}`).join(" "));
      }
      resolve({ offered: sent, acked, failed, latencies, seconds: (last - t0) / 1000 });
    };
    const settle = () => {
      last = performance.now();
      if (++settled === ds.length) done();
    };
    const fire = (d: Delivery, due: number) => {
      const req = http.request({ host: "127.0.0.1", port, method: "POST", path: "/webhooks/discourse", headers: d.headers, agent }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (text += c));
        res.on("end", () => {
          if (res.statusCode === 200 && /"outcome":"(stored|duplicate)"/.test(text)) {
            acked.push(d);
            latencies.push(performance.now() - due);
            if (process.env.BENCH_DEBUG) timeline.push([due - t0, performance.now() - due]);
          } else {
            failed++;
            if (process.env.BENCH_DEBUG) console.log(`failed: ${res.statusCode} ${text.slice(0, 100)}`);
          }
          settle();
        });
        res.on("error", () => (failed++, settle()));
      });
      req.on("error", (e) => {
        if (process.env.BENCH_DEBUG) console.log(`failed: ${e.message}`);
        failed++;
        settle();
      });
      req.end(d.body);
    };
    // A 1 ms tick sends whatever has fallen due; each delivery's clock starts at its due time.
    const timer = setInterval(() => {
      const now = performance.now();
      if (o.stopAfterMs !== undefined && now - t0 > o.stopAfterMs) return done();
      while (sent < ds.length && t0 + (sent * 1000) / rate <= now) fire(ds[sent]!, t0 + (sent++ * 1000) / rate);
    }, 1);
  });
}

/** Acknowledged deliveries missing from the store: the post absent, or older than the acknowledged version. */
function lostAfter(file: string, acked: Delivery[]): number {
  const store = openStore(file);
  try {
    const versions = new Map<number, number>();
    for (let t = 0; t < TOPICS; t++) for (const p of store.posts.ofTopic(1000 + t)) versions.set(p.post_id, p.version);
    return acked.filter((d) => (versions.get(d.postId) ?? 0) < d.version).length;
  } finally {
    store.close();
  }
}

function seededStoreFile(): { dir: string; file: string; topics: number[] } {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-webhooks-"));
  const file = path.join(dir, "seminar.sqlite");
  const store = openStore(file);
  const { threads } = releasedSeminar(store, { threads: TOPICS, topicBase: 1000 });
  store.close();
  return { dir, file, topics: threads.map((t) => t.topicId) };
}

const pct = (xs: number[], p: number) => (xs.length ? xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! : NaN);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface RoundFigures {
  rate: number;
  p50: number;
  p99: number;
  max: number;
  failed: number;
  lost: number;
  cpuPerDelivery: number;
  rssMb: number;
  insideP50: number;
  insideP99: number;
}

async function round(variant: Variant, ds: Delivery[], warmUp: Delivery[]): Promise<RoundFigures> {
  const { dir, file } = seededStoreFile();
  try {
    const server = await startServer(variant, file);
    // A running service is warm: 2 s of the same load first (not measured), then a pause for any backlog to clear.
    await offer(server.port, warmUp, RATE);
    await new Promise((r) => setTimeout(r, 1000));
    const r = await offer(server.port, ds, RATE);
    const usage = await server.stop();
    const lat = r.latencies.sort((a, b) => a - b);
    return { rate: r.acked.length / r.seconds, p50: pct(lat, 50), p99: pct(lat, 99), max: lat.at(-1) ?? NaN, failed: r.failed, lost: lostAfter(file, r.acked), cpuPerDelivery: usage.cpuMs / (ds.length + warmUp.length), rssMb: usage.maxRssMb, insideP50: usage.insideP50, insideP99: usage.insideP99 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Kills the server with SIGKILL halfway through a stream; every delivery it acknowledged must be in the store. */
async function killMidStream(ds: Delivery[]): Promise<{ acked: number; lost: number }> {
  const { dir, file } = seededStoreFile();
  try {
    const server = await startServer("now", file);
    const stream = offer(server.port, ds, RATE, { stopAfterMs: 4000 });
    await new Promise((r) => setTimeout(r, 2000));
    server.child.kill("SIGKILL");
    const r = await stream;
    return { acked: r.acked.length, lost: lostAfter(file, r.acked) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The server's peak RSS after 60 concurrent unsigned posts of 4.9 MB each (the attack). */
async function unsignedFlood(variant: Variant): Promise<{ beforeMb: number; peakMb: number }> {
  const { dir, file } = seededStoreFile();
  try {
    const server = await startServer(variant, file);
    const status = () => readFileSync(`/proc/${server.child.pid}/status`, "utf8");
    const mb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status())?.[1] ?? NaN) / 1024;
    const beforeMb = mb("VmRSS");
    const big = Buffer.alloc(4.9 * 1024 * 1024, "a");
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        new Promise<void>((resolve) => {
          const req = http.request(
            { host: "127.0.0.1", port: server.port, method: "POST", path: "/webhooks/discourse", agent: false, headers: { "content-type": "application/json", "content-length": String(big.length), "x-discourse-event": "post_created", "x-discourse-event-type": "post", "x-discourse-event-id": String(i) } },
            (res) => (res.resume(), res.on("end", () => resolve())),
          );
          // A server that refuses early closes while this is still writing: that is the point.
          req.on("error", () => resolve());
          req.end(big);
        }),
      ),
    );
    const peakMb = mb("VmHWM");
    await server.stop();
    return { beforeMb, peakMb };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runWebhookBench(): Promise<void> {
  const topics = Array.from({ length: TOPICS }, (_, i) => 1000 + i);
  const ds = makeDeliveries(topics, RATE * SECONDS, 1_000_000);
  const bytes = ds.reduce((n, d) => n + d.body.length, 0) / ds.length;
  console.log(
    `webhook benchmark: ${RATE}/s offered open-loop for ${SECONDS} s (${ds.length} signed post_created/post_edited deliveries of ~${Math.round(bytes)} bytes, ${TOPICS} tracked topics, keep-alive); median of ${ROUNDS} rounds, alternating`,
  );
  const figures: Record<Variant, RoundFigures[]> = { naive: [], now: [] };
  const warmUp = makeDeliveries(topics, RATE * 2, 9_000_000);
  for (let i = 0; i < ROUNDS; i++) for (const v of (process.env.BENCH_VARIANTS?.split(",") ?? ["naive", "now"]) as Variant[]) figures[v].push(await round(v, ds, warmUp));
  console.log(`${"".padEnd(68)} ${"acked/s".padStart(8)} ${"p50 ms".padStart(7)} ${"p99 ms".padStart(7)} ${"max ms".padStart(7)} ${"failed".padStart(6)} ${"lost".padStart(5)} ${"CPU ms/dlv".padStart(10)} ${"RSS MB".padStart(7)}  in server: p50, p99 ms`);
  for (const v of ["naive", "now"] as const) {
    const f = figures[v];
    if (!f.length) continue;
    const m = (k: keyof RoundFigures) => median(f.map((x) => x[k]));
    console.log(
      `${LABEL[v].padEnd(68)} ${m("rate").toFixed(0).padStart(8)} ${m("p50").toFixed(1).padStart(7)} ${m("p99").toFixed(1).padStart(7)} ${m("max").toFixed(0).padStart(7)} ${String(m("failed")).padStart(6)} ${String(Math.max(...f.map((x) => x.lost))).padStart(5)} ${m("cpuPerDelivery").toFixed(3).padStart(10)} ${m("rssMb").toFixed(0).padStart(7)}  ${m("insideP50").toFixed(1)}, ${m("insideP99").toFixed(1)}`,
    );
    console.log(`${"".padEnd(68)} p99 per round: ${f.map((x) => x.p99.toFixed(1)).join(", ")}; acked/s per round: ${f.map((x) => x.rate.toFixed(0)).join(", ")}`);
  }
  const k = await killMidStream(makeDeliveries(topics, RATE * 4, 5_000_000));
  console.log(`kill -9 of the server 2 s into a ${RATE}/s stream: ${k.acked} deliveries acknowledged before it, ${k.lost} of them missing from the store afterwards (target 0)`);
  for (const v of ["naive", "now"] as const) {
    const f = await unsignedFlood(v);
    console.log(`60 concurrent unsigned 4.9 MB posts, ${v === "naive" ? "before" : "now   "}: server RSS ${f.beforeMb.toFixed(0)} MB at rest, peak ${f.peakMb.toFixed(0)} MB`);
  }
}

if (process.argv[2] === "--serve") void serve(process.argv[3] as Variant, process.argv[4]!);
else if (process.argv[1]?.endsWith("webhooks.ts")) await runWebhookBench();
