/**
 * `seminar digest` at 100,000 stored replies (issue 10, item 7). A store is seeded through its
 * own API with 50 threads x 2,000 replies from 500 participants (replies to counterarguments,
 * quotes, likes, whispers, hidden and deleted posts among them); then the real CLI runs as a child
 * process, and so does the read-everything path it replaces (bench/naive/digest.ts) on the same
 * store. Each is also run on the same plan with no replies, so its startup can be told apart
 * from its digest work (loading the built CLI, reading the plan, opening the store).
 * Peak RSS comes from the child itself (bench/report-usage.mjs). Target: under 1 s and 250 MB
 * for the whole process.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { stringify } from "yaml";
import { composeDigest } from "../src/digest/build.ts";
import type { Plan } from "../src/plan/schema.ts";
import { storePath } from "../src/store/db.ts";
import { openStore, type Store } from "../src/store/store.ts";
import { forumPost, releasedSeminar } from "../tests/store-seed.ts";
import { naiveDigest } from "./naive/digest.ts";

const ROOT = path.resolve(import.meta.dirname, "..");
const THREADS = 50;
const PER_THREAD = Number(process.env.BENCH_DIGEST_REPLIES_PER_THREAD ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const PARTICIPANTS = 500;

const sentence = "A four-day week would change how the service answers the public, and the pilot should measure waiting times as well as sick leave";
const words = sentence.split(" ");

/** Replies as a busy seminar has them: about 700 characters of raw, a cooked copy, some answers and quotes. */
function seedReplies(store: Store, threads: ReturnType<typeof releasedSeminar>["threads"], perThread: number): void {
  const start = Date.parse("2026-12-01T10:00:00.000Z");
  store.transaction(() => {
    threads.forEach(({ topicId, seeded }, ti) => {
      store.posts.upsertPolls(topicId, topicId * 10_000 + 1, [{ name: "stance", voters: 120, options: ["Agree", "Agree with reservations", "Undecided", "Disagree"].map((html, i) => ({ id: String(i), html, votes: 30 })) }], new Date(start));
      for (let i = 0; i < perThread; i++) {
        const n = 10 + i;
        const k = ti * perThread + i;
        const target = seeded[i % seeded.length]!;
        let raw = Array.from({ length: 120 }, (_, w) => words[(k + w * 7) % words.length]).join(" ");
        if (i % 11 === 0) raw = `[quote="devils_advocate, post:${target.postNumber}, topic:${topicId}"]\n${sentence}\n[/quote]\n${raw}`;
        store.posts.upsert(
          forumPost({
            id: topicId * 10_000 + n,
            topicId,
            postNumber: n,
            username: `participant_${(k * 7) % PARTICIPANTS}`,
            raw,
            createdAt: new Date(start + k * 1000).toISOString(),
            replyTo: i % 9 === 0 ? target.postNumber : i % 5 === 0 ? n - 1 : null,
            likes: (k * 13) % 17 === 0 ? k % 7 : 0,
            postType: i % 97 === 0 ? 4 : 1,
            hidden: i % 89 === 0,
            deletedAt: i % 83 === 0 ? new Date(start + k * 1000 + 60_000).toISOString() : null,
          }),
          topicId,
          new Date(start + k * 1000),
        );
      }
    });
  });
}

/** A data dir holding the seminar with `perThread` replies a thread, and its plan file. */
export function seededDataDir(perThread: number): { dir: string; dataDir: string; planFile: string; plan: Plan; seconds: number } {
  const dir = mkdtempSync(path.join(tmpdir(), "bench-digest-"));
  const dataDir = path.join(dir, "data");
  mkdirSync(path.join(dir, "seminars"));
  const t0 = performance.now();
  const store = openStore(storePath(dataDir));
  const { plan, threads } = releasedSeminar(store, { seminarId: "bench", threads: THREADS, counterarguments: 3 });
  seedReplies(store, threads, perThread);
  store.close();
  const planFile = path.join(dir, "seminars", "bench.yaml");
  // The plan file the CLI reads, in the block YAML a moderator edits (a flow/JSON file of the
  // same plan parses about twice as slowly, which a real seminar does not pay).
  writeFileSync(planFile, stringify(plan));
  return { dir, dataDir, planFile, plan, seconds: (performance.now() - t0) / 1000 };
}

interface Run {
  seconds: number;
  maxRssMb: number;
  outputChars: number;
}

function run(args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ["--import", path.join(ROOT, "bench/report-usage.mjs"), ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", ...env },
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - t0) / 1000;
      const usage = /\{"benchUsage":(\{[^}]*\})\}/.exec(err);
      if (code !== 0 || !usage) return reject(new Error(`${args.join(" ")} exited ${code}: ${err.slice(0, 500)}`));
      resolve({ seconds, maxRssMb: (JSON.parse(usage[1]!) as { maxRssMb: number }).maxRssMb, outputChars: out.trimEnd().length });
    });
  });
}

const cli = (d: { dataDir: string; planFile: string }) => run([path.join(ROOT, "bin/seminar.js"), "digest", d.planFile], { SEMINAR_DATA_DIR: d.dataDir, SEMINAR_DIR: path.dirname(d.planFile) });
const naive = (d: { dataDir: string; planFile: string }) => run([path.join(ROOT, "bin/run-ts.js"), path.join(ROOT, "bench/naive/digest.ts"), d.dataDir, d.planFile], {});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** The 1,000-reply digest's size, now and before (issue: 239 KB, refused by Discourse). */
function thousandReplies(): { now: number; naive: number } {
  const store = openStore(":memory:");
  const { plan, threads } = releasedSeminar(store, { seminarId: "small", threads: 5, counterarguments: 3 });
  seedReplies(store, threads, 200);
  const now = composeDigest(store, plan, { now: new Date("2027-01-01T00:00:00Z"), forumUrl: "http://127.0.0.1:4200", dashboardUrl: "http://127.0.0.1:3000/" }).markdown.length;
  const before = naiveDigest(store, plan).markdown.length;
  store.close();
  return { now, naive: before };
}

export async function runDigestBench(): Promise<void> {
  const big = seededDataDir(PER_THREAD);
  const empty = seededDataDir(0);
  try {
    const total = THREADS * PER_THREAD;
    console.log(`digest benchmark: ${THREADS} threads x ${PER_THREAD} replies (${total} stored, ${PARTICIPANTS} participants; seeded in ${big.seconds.toFixed(1)} s); wall time and peak RSS of each child process, median of ${ROUNDS} rounds`);
    const runs = { cliEmpty: [] as Run[], cli: [] as Run[], naiveEmpty: [] as Run[], naive: [] as Run[] };
    for (let i = 0; i < ROUNDS; i++) {
      runs.cliEmpty.push(await cli(empty));
      runs.cli.push(await cli(big));
      runs.naiveEmpty.push(await naive(empty));
      runs.naive.push(await naive(big));
    }
    const m = (rs: Run[]) => ({ s: median(rs.map((r) => r.seconds)), mb: median(rs.map((r) => r.maxRssMb)), chars: median(rs.map((r) => r.outputChars)) });
    const line = (label: string, r: ReturnType<typeof m>, startup?: ReturnType<typeof m>) =>
      console.log(`${label.padEnd(62)} ${r.s.toFixed(2).padStart(7)} s ${r.mb.toFixed(0).padStart(6)} MB ${String(r.chars).padStart(9)} chars${startup ? `   digest work ${(r.s - startup.s).toFixed(2)} s, +${(r.mb - startup.mb).toFixed(0)} MB` : ""}`);
    const [cliEmpty, cliBig, naiveEmpty, naiveBig] = [m(runs.cliEmpty), m(runs.cli), m(runs.naiveEmpty), m(runs.naive)];
    line("seminar digest (real CLI), same plan, no replies: startup", cliEmpty);
    line(`seminar digest (real CLI), ${total} replies`, cliBig, cliEmpty);
    line("naive read-everything path, no replies: startup", naiveEmpty);
    line(`naive read-everything path, ${total} replies`, naiveBig, naiveEmpty);
    console.log(`  wall per round, CLI: ${runs.cli.map((r) => r.seconds.toFixed(2)).join(", ")}; naive: ${runs.naive.map((r) => r.seconds.toFixed(2)).join(", ")}`);
    const store = openStore(storePath(big.dataDir));
    const record = JSON.stringify(composeDigest(store, big.plan, { now: new Date("2027-01-01T00:00:00Z"), forumUrl: "http://127.0.0.1:4200" }).data).length;
    const naiveRecord = naiveDigest(store, big.plan).recordChars;
    store.close();
    console.log(`digest record (data_json) at ${total} replies: ${(record / 1024).toFixed(0)} KB now, ${(naiveRecord / 1048576).toFixed(1)} MB before`);
    const k = thousandReplies();
    console.log(`digest of 1,000 replies from 500 participants: ${k.now} characters now (limit 32,000), ${k.naive} before`);
  } finally {
    rmSync(big.dir, { recursive: true, force: true });
    rmSync(empty.dir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith(`bench${path.sep}digest.ts`)) await runDigestBench();
