import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SECRET_VARIABLES, type Config } from "./config.ts";
import { DiscourseClient } from "./discourse/client.ts";
import { Forum } from "./discourse/forum.ts";
import { UserError } from "./errors.ts";
import { createLogger, type Logger } from "./log.ts";
import { loadPlan, type LoadedPlan } from "./plan/load.ts";

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
  mkdirSync(dataDir, { recursive: true });
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
  const ids = new Map<string, string>();
  for (const p of plans) {
    const other = ids.get(p.plan.seminar.id);
    if (other) throw new UserError(`${p.path}: seminar.id "${p.plan.seminar.id}" is also used by ${other}; give each seminar its own id`);
    ids.set(p.plan.seminar.id, p.path);
  }
  return plans;
}
