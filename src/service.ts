import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import cron, { type ScheduledTask } from "node-cron";
import type { Config } from "./config.ts";
import { buildDigest, lastDigest, postDigest } from "./digest/build.ts";
import { parseCron, previousOccurrence } from "./schedule/cron.ts";
import { UserError } from "./errors.ts";
import type { Logger } from "./log.ts";
import type { LoadedPlan } from "./plan/load.ts";
import { publishDue } from "./publish/publisher.ts";
import { forumFor, forumUrl, loadPlans, makeLogger, sandboxCredentials } from "./runtime.ts";
import { startSandbox, type RunningSandbox } from "./sandbox/server.ts";
import { createServiceApp } from "./server/app.ts";
import { openDb, storePath } from "./store/db.ts";
import { trackOnce } from "./track/tracker.ts";

export interface RunningService {
  url: string;
  sandboxUrl?: string;
  close(): Promise<void>;
  /** Runs one publish-and-track pass now (tests and the start-up catch-up use it). */
  tick(): Promise<void>;
}

/**
 * The long-running service: the embedded sandbox when no forum is configured, the HTTP server,
 * and node-cron jobs. Timers only wake the service; what is due comes from the plans and
 * the store, so a restart catches up on whatever was missed and repeats nothing.
 */
export async function startService(config: Config, o: { log?: Logger; logDestination?: NodeJS.WritableStream; out?: (line: string) => void } = {}): Promise<RunningService> {
  const out = o.out ?? ((l: string) => process.stdout.write(`${l}\n`));
  const creds = config.useSandbox ? sandboxCredentials(config.SEMINAR_DATA_DIR) : undefined;
  const log = o.log ?? makeLogger(config, [], o.logDestination);
  let plans: LoadedPlan[] = loadPlans(config.SEMINAR_DIR);
  const db = openDb(storePath(config.SEMINAR_DATA_DIR));

  const secrets = [config.DISCOURSE_WEBHOOK_SECRET, creds?.webhookSecret].filter((s): s is string => !!s);
  let baseForumUrl = forumUrl(config);
  // The HTTP server starts first: the sandbox needs its real port to deliver webhooks to it.
  const app = createServiceApp({ db, plans: () => plans, forumUrl: () => baseForumUrl, webhookSecrets: secrets, dashboardToken: config.DASHBOARD_TOKEN, log });
  let server: Server;
  try {
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.PORT, config.HOST, (err?: Error) => (err ? reject(err) : resolve(s)));
      s.once("error", reject);
    });
  } catch (e) {
    db.close();
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") throw new UserError(`port ${config.PORT} is in use; stop what uses it or set PORT`);
    throw e;
  }
  const port = (server.address() as AddressInfo).port;

  let sandbox: RunningSandbox | undefined;
  if (creds) {
    try {
      sandbox = await startSandbox({
        port: config.SANDBOX_PORT,
        apiKey: creds.apiKey,
        dataFile: path.join(config.SEMINAR_DATA_DIR, "sandbox.sqlite"),
        webhooks: [{ url: `http://${config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST}:${port}/webhooks/discourse`, secret: creds.webhookSecret }],
        log: log.child({ component: "sandbox" }),
      });
    } catch (e) {
      server.closeAllConnections();
      server.close();
      db.close();
      if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") {
        throw new UserError(`port ${config.SANDBOX_PORT} is in use, so the sandbox forum cannot start; stop what uses it or set SANDBOX_PORT`);
      }
      throw e;
    }
    baseForumUrl = sandbox.url;
  }
  const forum = forumFor(config, log, { sandboxUrl: sandbox?.url });
  const url = `http://${config.HOST}:${port}`;
  if (!config.DASHBOARD_TOKEN && !/^(?:127\.\d+\.\d+\.\d+|localhost|::1)$/.test(config.HOST)) {
    log.warn({ host: config.HOST }, "the dashboard and JSON API are reachable beyond this machine without a token; set DASHBOARD_TOKEN");
  }

  // One job at a time: publish, track and digest share the forum's budget and the store.
  let chain: Promise<unknown> = Promise.resolve();
  const serial = (name: string, fn: () => Promise<unknown>) => {
    const run = chain.then(fn).catch((e) => log.error({ job: name, err: (e as Error).message }, "job failed; it runs again on its next schedule"));
    chain = run;
    return run;
  };
  const fixedTasks: ScheduledTask[] = [];
  // One digest task per seminar, keyed by what it runs on, so an edited plan reschedules it.
  const digestTasks = new Map<string, { key: string; task: ScheduledTask }>();
  const syncDigestTasks = () => {
    const wanted = new Map(plans.map((p) => [p.plan.seminar.id, `${p.plan.seminar.digest.schedule}|${p.plan.seminar.timezone}`]));
    for (const [id, t] of digestTasks) {
      if (wanted.get(id) !== t.key) {
        void t.task.destroy();
        digestTasks.delete(id);
      }
    }
    for (const p of plans) {
      const id = p.plan.seminar.id;
      if (digestTasks.has(id)) continue;
      const task = cron.schedule(p.plan.seminar.digest.schedule, () => void digestFor(id), { name: `digest-${id}`, timezone: p.plan.seminar.timezone, noOverlap: true });
      digestTasks.set(id, { key: wanted.get(id)!, task });
    }
  };
  const reloadPlans = () => {
    try {
      plans = loadPlans(config.SEMINAR_DIR);
      syncDigestTasks();
    } catch (e) {
      // Keep the last good plans: a half-edited file must not stop a running seminar.
      log.error({ err: (e as Error).message }, "a plan no longer loads; keeping the last good version");
    }
  };
  const publishAll = () =>
    serial("publish", async () => {
      reloadPlans();
      for (const p of plans) {
        const r = await publishDue({ db, forum, plan: p.plan, planPath: p.path, log });
        for (const id of r.published) log.info({ seminar: p.plan.seminar.id, thread: id }, "released");
      }
    });
  const trackAll = () => serial("track", () => trackOnce({ db, forum, log }));
  const digestFor = (seminarId: string) =>
    serial("digest", async () => {
      const p = plans.find((x) => x.plan.seminar.id === seminarId);
      if (!p) return;
      await trackOnce({ db, forum, seminarId, log });
      const d = buildDigest(db, p.plan, { forumUrl: baseForumUrl });
      if (p.plan.seminar.digest.post) await postDigest(db, forum, p.plan, d);
      log.info({ seminar: seminarId, newReplies: d.data.totals.newReplies }, "digest written");
    });

  fixedTasks.push(
    cron.schedule(config.PUBLISH_SCHEDULE, () => void publishAll(), { name: "publish", noOverlap: true }),
    cron.schedule(config.TRACK_SCHEDULE, () => void trackAll(), { name: "track", noOverlap: true }),
  );
  syncDigestTasks();

  if (sandbox) out(`Sandbox forum:  ${sandbox.url}  (a local Discourse-compatible forum; open it to reply as a participant)`);
  else out(`Forum:          ${baseForumUrl}`);
  out(`Service:        ${url}  (dashboard${config.DASHBOARD_TOKEN ? ", needs ?token=DASHBOARD_TOKEN" : ""}; JSON at ${url}/api/seminars)`);
  out(`Webhooks:       ${url}/webhooks/discourse`);
  out(`Seminars:       ${plans.length ? plans.map((p) => `${p.plan.seminar.id} (${p.plan.threads.length} threads)`).join(", ") : `none in ${config.SEMINAR_DIR}`}`);

  const tick = async () => {
    await publishAll();
    await trackAll();
  };
  // Catch up first: whatever fell due while the service was down is released before anything new,
  // and a digest whose time passed while it was down is written now.
  await tick();
  for (const p of plans) {
    const due = previousOccurrence(parseCron(p.plan.seminar.digest.schedule), p.plan.seminar.timezone, Date.now());
    const last = lastDigest(db, p.plan.seminar.id);
    const released = db.prepare("SELECT 1 FROM threads WHERE seminar_id = ? AND topic_id IS NOT NULL").get(p.plan.seminar.id);
    if (due !== undefined && released && (!last || Date.parse(last.until) < due)) {
      log.info({ seminar: p.plan.seminar.id, missed: new Date(due).toISOString() }, "writing a digest missed while the service was down");
      await digestFor(p.plan.seminar.id);
    }
  }
  out("Ready. Press Ctrl-C to stop.");

  let closed = false;
  return {
    url,
    sandboxUrl: sandbox?.url,
    tick,
    async close() {
      if (closed) return;
      closed = true;
      for (const t of [...fixedTasks, ...[...digestTasks.values()].map((d) => d.task)]) await t.destroy();
      await chain.catch(() => undefined);
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
      await sandbox?.close();
      db.close();
    },
  };
}
