import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import cron, { type ScheduledTask } from "node-cron";
import type { Config } from "./config.ts";
import { UserError } from "./errors.ts";
import type { Logger } from "./log.ts";
import type { LoadedPlan } from "./plan/load.ts";
import { runDue, type RunEvent, type RunOptions, type RunReport } from "./runner/runner.ts";
import { forumFor, forumKey, forumUrl, loadPlans, lockDataDir, makeLogger, openStoreFor, sandboxCredentials } from "./runtime.ts";
import { startSandbox, type RunningSandbox } from "./sandbox/server.ts";
import { moderatorActions, type ActionLanes } from "./server/actions.ts";
import { createServiceApp } from "./server/app.ts";
import { assertSafeListen } from "./server/host-guard.ts";
import { trackOnce, type TrackResult } from "./track/tracker.ts";

export interface RunningService {
  url: string;
  sandboxUrl?: string;
  close(): Promise<void>;
  /** Runs the due work now, as a wake-up from the schedule would (tests and dashboard actions use it). */
  wake(): Promise<RunReport | undefined>;
  /** Runs one tracking pass now: a cycle (what changed), a sweep, or a full read. */
  track(mode?: TrackMode): Promise<TrackResult | undefined>;
  /** wake, then track. */
  tick(): Promise<void>;
}

type TrackMode = "cycle" | "sweep" | "full";

export interface ServiceOptions {
  log?: Logger;
  logDestination?: NodeJS.WritableStream;
  out?: (line: string) => void;
  /** The clock; tests move it. */
  now?: () => Date;
  /** false: no node-cron timers, only explicit wake()/track() calls (tests drive the clock). */
  schedules?: boolean;
  onEvent?: (e: RunEvent) => void;
}

/**
 * A lane runs one job at a time. A tick that finds its lane busy is skipped, and says so:
 * piling runs up behind a slow one would only make them later and the forum busier. A
 * moderator's action instead waits its turn (`queue`), and its errors reach the caller.
 */
function lane(name: string, log: Logger) {
  let running: Promise<unknown> | undefined;
  const start = <T>(fn: () => Promise<T>): Promise<T> => {
    const p = fn();
    const settled = p.then(
      () => undefined,
      () => undefined,
    );
    running = settled;
    void settled.then(() => {
      if (running === settled) running = undefined;
    });
    return p;
  };
  return {
    run<T>(fn: () => Promise<T>): Promise<T | undefined> {
      if (running) {
        log.info({ job: name }, "the previous run is still going; skipping this tick");
        return running.then(() => undefined);
      }
      return start(fn).catch((e: unknown) => {
        log.error({ job: name, err: (e as Error).message }, "job failed; it runs again on its next schedule");
        return undefined;
      });
    },
    async queue<T>(fn: () => Promise<T>): Promise<T> {
      while (running) await running;
      return start(fn);
    },
    idle: async () => void (await running),
  };
}

/**
 * The long-running service, as wiring only: the store (locked to this process), the embedded
 * sandbox when no forum is configured, the HTTP server, and two node-cron timers that wake the
 * runner (releases, moderator timers, digests) and the tracker. What is due is computed from
 * the plans and the store each time, so a restart catches up and repeats nothing.
 */
export async function startService(config: Config, o: ServiceOptions = {}): Promise<RunningService> {
  assertSafeListen(config);
  const out = o.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const now = o.now ?? (() => new Date());
  const creds = config.useSandbox ? sandboxCredentials(config.SEMINAR_DATA_DIR) : undefined;
  const log = o.log ?? makeLogger(config, [], o.logDestination);
  let plans: LoadedPlan[] = loadPlans(config.SEMINAR_DIR);
  const store = openStoreFor(config, { forForum: true });
  let lock: ReturnType<typeof lockDataDir>;
  try {
    lock = lockDataDir(store, config, "serve", now());
  } catch (e) {
    store.close();
    throw e;
  }
  // Undone in reverse: timers stop, running jobs finish, servers close, then the lock and the store.
  const cleanup: (() => Promise<void> | void)[] = [() => store.close(), () => lock.release()];
  // Checkpoints run on a worker's timer, never inside a webhook's commit (see src/store/checkpointer.ts).
  const checkpointer = store.startCheckpointer({ everyMs: 1000, onEvent: (e) => e.type === "error" && log.warn({ err: e.message }, "WAL checkpoint failed; the next one retries") });
  cleanup.push(() => checkpointer.stop());
  const undo = async () => {
    for (const c of cleanup.reverse()) await c();
  };

  try {
    const secrets = [config.DISCOURSE_WEBHOOK_SECRET, creds?.webhookSecret].filter((s): s is string => !!s);
    let baseForumUrl = forumUrl(config);
    // The HTTP server starts first: the sandbox needs its real port to deliver webhooks to it.
    // The console's actions wait for the lanes, which need the forum, which needs that port.
    let lanes: ActionLanes | undefined;
    const actions = moderatorActions({ store, plans: () => plans, lanes: () => lanes, log });
    const app = createServiceApp({
      store,
      plans: () => plans,
      forumUrl: () => baseForumUrl,
      webhookSecrets: secrets,
      dashboardToken: config.DASHBOARD_TOKEN,
      log,
      actions,
      quietAfterHours: config.QUIET_AFTER_HOURS,
      now,
    });
    const server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.PORT, config.HOST, (err?: Error) => (err ? reject(err) : resolve(s)));
      s.once("error", reject);
    }).catch((e: NodeJS.ErrnoException) => {
      throw e.code === "EADDRINUSE" ? new UserError(`port ${config.PORT} is in use; stop what uses it or set PORT`) : e;
    });
    cleanup.push(async () => {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    });
    const port = (server.address() as AddressInfo).port;

    let sandbox: RunningSandbox | undefined;
    if (creds) {
      sandbox = await startSandbox({
        port: config.SANDBOX_PORT,
        apiKey: creds.apiKey,
        dataFile: path.join(config.SEMINAR_DATA_DIR, "sandbox.sqlite"),
        webhooks: [{ url: `http://${config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST}:${port}/webhooks/discourse`, secret: creds.webhookSecret }],
        log: log.child({ component: "sandbox" }),
      }).catch((e: NodeJS.ErrnoException) => {
        throw e.code === "EADDRINUSE" ? new UserError(`port ${config.SANDBOX_PORT} is in use, so the sandbox forum cannot start; stop what uses it or set SANDBOX_PORT`) : e;
      });
      const sb = sandbox;
      cleanup.push(() => sb.close());
      baseForumUrl = sandbox.url;
    }
    const forum = forumFor(config, log, { sandboxUrl: sandbox?.url });
    const url = `http://${config.HOST}:${port}`;

    const reloadPlans = () => {
      try {
        plans = loadPlans(config.SEMINAR_DIR);
      } catch (e) {
        // Keep the last good plans: a half-edited file must not stop a running seminar.
        log.error({ err: (e as Error).message }, "a plan no longer loads; keeping the last good version");
      }
    };
    const closedForMs = config.TRACK_CLOSED_AFTER_DAYS * 86_400_000;
    const track = (seminarId?: string, mode: TrackMode = "cycle") => trackOnce({ store, forum, seminarId, log, now, mode, closedForMs });
    const runWake = (extra: Omit<RunOptions, "plans"> = {}) => {
      reloadPlans();
      lock.heartbeat(now());
      return runDue(
        {
          store,
          forum,
          log,
          forumUrl: baseForumUrl,
          forumKey: forumKey(config),
          apiUsername: config.DISCOURSE_API_USERNAME,
          dashboardUrl: config.PUBLIC_URL,
          now,
          onEvent: o.onEvent,
          // A digest reads everything of its seminar first: edits and poll votes no cycle lists.
          beforeDigest: (seminarId) => track(seminarId, "full"),
        },
        { plans, ...extra },
      );
    };
    const trackLane = lane("track", log);
    const wakeLane = lane("wake", log);
    // One lane for every kind of tracking run (cycle, sweep, full), so two never overlap.
    const scheduledTrack = (mode: TrackMode = "cycle") => trackLane.run(() => track(undefined, mode));
    const wakeJob = async () => {
      const report = await runWake();
      for (const id of report.drafts) log.info({ seminar: id }, 'this plan is a draft: nothing of it is released until a moderator runs "seminar approve <plan>"');
      return report;
    };
    const scheduledWake = () => wakeLane.run(wakeJob);
    // A moderator's "poll now" reads the seminar whole: poll votes and edits are what they are after.
    lanes = { wake: (job) => wakeLane.queue(() => job(runWake)), track: (job) => trackLane.queue(() => job((seminarId) => track(seminarId, "full"))) };

    cleanup.push(() => wakeLane.idle(), () => trackLane.idle());
    const tasks: ScheduledTask[] = [];
    if (o.schedules !== false) {
      tasks.push(
        cron.schedule(config.PUBLISH_SCHEDULE, () => scheduledWake(), { name: "wake" }),
        cron.schedule(config.TRACK_SCHEDULE, () => scheduledTrack("cycle"), { name: "track" }),
        cron.schedule(config.TRACK_SWEEP_SCHEDULE, () => scheduledTrack("sweep"), { name: "sweep" }),
      );
      cleanup.push(async () => {
        for (const t of tasks) await t.destroy();
      });
    }

    if (sandbox) out(`Sandbox forum:  ${sandbox.url}  (a local Discourse-compatible forum; open it to reply as a participant)`);
    else out(`Forum:          ${baseForumUrl}`);
    out(`Service:        ${url}  (dashboard${config.DASHBOARD_TOKEN ? ", needs ?token=DASHBOARD_TOKEN" : ""}; JSON at ${url}/api/seminars)`);
    out(`Webhooks:       ${url}/webhooks/discourse`);
    out(`Seminars:       ${plans.length ? plans.map((p) => `${p.plan.seminar.id} (${p.plan.threads.length} threads${p.plan.status === "draft" ? ", draft" : ""})`).join(", ") : `none in ${config.SEMINAR_DIR}`}`);

    // Catch up first: whatever fell due while the service was down (releases, timers, a missed
    // digest) is done before anything new, then replies are brought up to date.
    const first = await scheduledWake();
    // What waits for a person is said once, here, as well as in the log and on the dashboard.
    for (const f of first?.failed.filter((x) => x.kind === "permanent") ?? []) out(`Held:           ${f.seminarId}${f.threadId ? `/${f.threadId}` : ""}: ${f.reason}`);
    for (const id of first?.drafts ?? []) out(`Draft:          ${id} is not released until approved (seminar approve <plan>)`);
    await scheduledTrack();
    out("Ready. Press Ctrl-C to stop.");

    let closed = false;
    return {
      url,
      sandboxUrl: sandbox?.url,
      // Asked for, so they wait their turn rather than being skipped like a scheduled tick.
      wake: () => wakeLane.queue(wakeJob),
      track: (mode: TrackMode = "cycle") => trackLane.queue(() => track(undefined, mode)),
      async tick() {
        await wakeLane.queue(wakeJob);
        await trackLane.queue(() => track());
      },
      async close() {
        if (closed) return;
        closed = true;
        await undo();
      },
    };
  } catch (e) {
    await undo();
    throw e;
  }
}
