import { spawn } from "node:child_process";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";
import { DiscourseClient } from "../src/discourse/client.ts";
import { Forum } from "../src/discourse/forum.ts";
import { Pacer } from "../src/discourse/pacer.ts";
import { silentLogger } from "../src/log.ts";
import type { Plan } from "../src/plan/schema.ts";
import { runDue, type DueKind, type RunEvent, type RunReport } from "../src/runner/runner.ts";
import { startSandbox, type RunningSandbox, type SandboxOptions } from "../src/sandbox/server.ts";
import { openStore, type Store } from "../src/store/store.ts";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
export const API_KEY = "test-api-key-0123456789abcdef";

/**
 * ../shared holds the seed, corpus and Discourse fixtures. A fresh clone without it must still
 * pass, so tests that need it skip (saying why), except under CI=true where it is always there.
 */
export function sharedDir(): string | undefined {
  const dir = path.resolve(ROOT, "..", "shared");
  if (existsSync(dir)) return dir;
  if (process.env.CI === "true") throw new Error(`CI=true but ${dir} is missing`);
  console.log(`skipping: ${dir} is not present (tests that read ../shared need it)`);
  return undefined;
}

const cleanups: (() => Promise<void> | void)[] = [];
/** Registers teardown that runs even when the test fails. */
export function onCleanup(fn: () => Promise<void> | void): void {
  cleanups.push(fn);
}
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

export function tempDir(prefix = "seminar-test-"): string {
  const d = mkdtempSync(path.join(tmpdir(), prefix));
  onCleanup(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

export async function sandbox(o: Partial<SandboxOptions> = {}): Promise<RunningSandbox> {
  const sb = await startSandbox({ apiKey: API_KEY, rateLimit: 0, seed: 42, ...o });
  onCleanup(() => sb.close());
  return sb;
}

export function forumAt(url: string, o: { username?: string; perMinute?: number; timeoutMs?: number; sleep?: (ms: number) => Promise<void> } = {}): Forum {
  return new Forum(
    new DiscourseClient({
      baseUrl: url,
      auth: { kind: "api_key", key: API_KEY, username: o.username ?? "system" },
      pacer: new Pacer(o.perMinute ?? 10_000),
      timeoutMs: o.timeoutMs ?? 5_000,
      sleep: o.sleep,
    }),
  );
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `seminar` binary, as a user would, with its own environment. */
export function runCli(args: string[], o: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LOG_LEVEL: "warn", ...o.env };
    const child = spawn(process.execPath, [path.join(ROOT, "bin/seminar.js"), ...args], { cwd: o.cwd ?? ROOT, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Waits until `check` holds, polling; for webhooks and other asynchronous effects. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 5000): Promise<T> {
  const until = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw last ?? new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A store in memory, closed in teardown. */
export function memoryStore(): Store {
  const s = openStore(":memory:");
  onCleanup(() => s.close());
  return s;
}

/** Runs the due-work runner over one plan, as `seminar publish` (kinds: releases and timers) or as a wake-up. */
export function runPlan(
  store: Store,
  forum: Forum,
  plan: Plan,
  o: { now?: Date; all?: boolean; kinds?: DueKind[]; onEvent?: (e: RunEvent) => void; owner?: string; forumUrl?: string } = {},
): Promise<RunReport> {
  return runDue(
    {
      store,
      forum,
      log: silentLogger,
      forumUrl: o.forumUrl ?? "http://forum.test",
      forumKey: "test-forum",
      apiUsername: "system",
      now: o.now ? () => o.now! : undefined,
      owner: o.owner,
      onEvent: o.onEvent,
    },
    { plans: [{ plan, path: "p.yaml" }], releaseAll: o.all, kinds: new Set(o.kinds ?? ["release", "pin", "unpin", "close"]) },
  );
}

/** A one-thread plan most service and CLI tests share. */
export const DEMO_PLAN = `seminar:
  id: demo
  title: A demo seminar
threads:
  - id: rec-1
    title: Councils should run hourly buses to hospitals
    recommendation: Councils should run hourly buses to hospitals.
    poll:
      question: Where do you stand?
      options: [Agree, Disagree]
    counterarguments:
      - text: Hourly buses would run empty most of the day, at great cost.
      - text: On-demand taxis could serve the same trips for less money.
`;

/** An HTTP server on loopback that keeps every request it gets (for webhook deliveries), closed in teardown. */
export async function webhookReceiver(): Promise<{ url: string; got: { headers: IncomingMessage["headers"]; body: string }[] }> {
  const got: { headers: IncomingMessage["headers"]; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      got.push({ headers: req.headers, body });
      res.end("ok");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  onCleanup(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, got };
}
