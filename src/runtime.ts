import { randomBytes } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { makeFolder } from "./files.ts";
import path from "node:path";
import { SECRET_VARIABLES, type Config } from "./config.ts";
import { DiscourseClient } from "./discourse/client.ts";
import { Forum } from "./discourse/forum.ts";
import { UserError } from "./errors.ts";
import { createLogger, type Logger } from "./log.ts";
import { loadPlan, type LoadedPlan } from "./plan/load.ts";
import { threadExternalId, digestTopicExternalId } from "./plan/ids.ts";
import { PROCESS_ID, processIsAlive } from "./runner/owner.ts";
import { storePath } from "./store/db.ts";
import { openStore, type Store } from "./store/store.ts";
import { hostname } from "node:os";

/** Credentials of the embedded sandbox, made once and kept beside the store so restarts agree. */
export interface SandboxCredentials {
  apiKey: string;
  webhookSecret: string;
}

const credentialsFile = (dataDir: string) => path.join(dataDir, "sandbox-credentials.json");

/** The credentials if the sandbox has made them; never creates them. */
function existingSandboxCredentials(dataDir: string): SandboxCredentials | undefined {
  const file = credentialsFile(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as SandboxCredentials) : undefined;
}

export function sandboxCredentials(dataDir: string): SandboxCredentials {
  const existing = existingSandboxCredentials(dataDir);
  if (existing) return existing;
  const file = credentialsFile(dataDir);
  makeFolder(dataDir);
  const creds = { apiKey: randomBytes(32).toString("hex"), webhookSecret: randomBytes(24).toString("hex") };
  writeFileSync(file, JSON.stringify(creds, null, 2), { mode: 0o600 });
  return creds;
}

/** A logger that scrubs every secret this configuration knows, the sandbox's own included. */
export function makeLogger(config: Config, extraSecrets: string[] = [], destination?: NodeJS.WritableStream): Logger {
  const c = config.useSandbox ? existingSandboxCredentials(config.SEMINAR_DATA_DIR) : undefined;
  if (c) extraSecrets = [...extraSecrets, c.apiKey, c.webhookSecret];
  return createLogger({
    level: config.LOG_LEVEL,
    format: config.LOG_FORMAT === "auto" ? undefined : config.LOG_FORMAT,
    destination,
    secrets: [...SECRET_VARIABLES.map((k) => config[k] as string | undefined), ...extraSecrets],
  });
}

/** The forum the CLI and service talk to: DISCOURSE_URL, or the embedded sandbox's address. */
export function forumFor(config: Config, log: Logger, o: { sandboxUrl?: string } = {}): Forum {
  if (config.DISCOURSE_URL) {
    return new Forum(
      new DiscourseClient({
        baseUrl: config.DISCOURSE_URL,
        auth: { kind: "api_key", key: config.DISCOURSE_API_KEY!, username: config.DISCOURSE_API_USERNAME },
        timeoutMs: config.DISCOURSE_TIMEOUT_MS,
        requestsPerMinute: config.DISCOURSE_RATE_LIMIT_PER_MINUTE,
        log,
      }),
    );
  }
  const creds = sandboxCredentials(config.SEMINAR_DATA_DIR);
  return new Forum(
    new DiscourseClient({
      baseUrl: o.sandboxUrl ?? `http://127.0.0.1:${config.SANDBOX_PORT}`,
      auth: { kind: "api_key", key: creds.apiKey, username: config.DISCOURSE_API_USERNAME },
      timeoutMs: config.DISCOURSE_TIMEOUT_MS,
      requestsPerMinute: config.DISCOURSE_RATE_LIMIT_PER_MINUTE,
      log,
    }),
  );
}

export function forumUrl(config: Config, sandboxUrl?: string): string {
  return config.DISCOURSE_URL ?? sandboxUrl ?? `http://127.0.0.1:${config.SANDBOX_PORT}`;
}

/** Every plan in SEMINAR_DIR. A broken plan stops the start with its file and line. */
export function loadPlans(dir: string): LoadedPlan[] {
  if (!existsSync(dir)) return [];
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  const plans = files.map((f) => loadPlan(path.join(dir, f)));
  checkPlansApart(plans);
  return plans;
}

/**
 * Plans share one forum, so what they name there must not meet: a seminar id, or any external
 * id one of them would give a topic. One line names both files.
 */
export function checkPlansApart(plans: readonly LoadedPlan[]): void {
  const owners = new Map<string, string>();
  const claim = (key: string, p: LoadedPlan, what: string) => {
    const other = owners.get(key);
    if (other && other !== p.path) throw new UserError(`${p.path}: ${what} is also used by ${other}; give each seminar its own seminar.id`);
    owners.set(key, p.path);
  };
  for (const p of plans) {
    const id = p.plan.seminar.id;
    claim(`seminar:${id}`, p, `seminar.id "${id}"`);
    claim(`ext:${digestTopicExternalId(id)}`, p, `the digest topic's external_id of seminar "${id}"`);
    for (const t of p.plan.threads) claim(`ext:${threadExternalId(id, t.id)}`, p, `the external_id of thread "${t.id}"`);
  }
}

/** What identifies the forum a store belongs to: the embedded sandbox, or the forum's URL. */
export function forumKey(config: Config): string {
  if (!config.DISCOURSE_URL) return "embedded-sandbox";
  const u = new URL(config.DISCOURSE_URL);
  return `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, "")}`;
}

/**
 * Opens the store of SEMINAR_DATA_DIR. With `forForum`, the store remembers which forum it
 * belongs to and refuses another: threads released on one forum would otherwise count as
 * released on the next, and tracking would mark their posts deleted.
 */
export function openStoreFor(config: Config, o: { forForum?: boolean } = {}): Store {
  const store = openStore(storePath(config.SEMINAR_DATA_DIR));
  if (o.forForum) {
    try {
      const key = forumKey(config);
      const known = store.meta.get("forum");
      if (known === undefined) store.meta.set("forum", key);
      else if (known !== key) {
        const describe = (k: string) => (k === "embedded-sandbox" ? "the embedded sandbox forum" : k);
        throw new UserError(
          `SEMINAR_DATA_DIR ${config.SEMINAR_DATA_DIR} holds the seminars of ${describe(known)}, not of ${describe(key)}; keep one data folder per forum (set SEMINAR_DATA_DIR to another folder)`,
        );
      }
    } catch (e) {
      store.close();
      throw e;
    }
  }
  return store;
}

/**
 * Takes the data dir's single-instance lock for a writing command (`serve`, `publish`), or
 * fails in one line naming the process that holds it. Each holder has its own id, so even a
 * second service started inside the same process is refused.
 */
let locks = 0;
export function lockDataDir(store: Store, config: Config, command: string, now = new Date()): { release: () => void; heartbeat: (at: Date) => void } {
  const me = { owner: `${PROCESS_ID}:lock-${++locks}`, host: hostname(), pid: process.pid, command };
  const alive = (h: { host: string; pid: number; heartbeat_at: string }) =>
    h.host === hostname() ? processIsAlive(h.pid) : Date.now() - Date.parse(h.heartbeat_at) < 2 * 60_000;
  const r = store.lock.acquire(me, now, alive);
  if (!r.acquired) {
    const h = r.holder;
    throw new UserError(
      `${config.SEMINAR_DATA_DIR} is in use by "seminar ${h.command}" (pid ${h.pid} on ${h.host}, since ${h.started_at.slice(0, 16).replace("T", " ")} UTC); stop it first, or use the dashboard's actions while it runs`,
    );
  }
  return { release: () => store.lock.release(me.owner), heartbeat: (at) => store.lock.heartbeat(me.owner, at) };
}
