import { z } from "zod";
import { UserError } from "./errors.ts";
import { parseCron } from "./schedule/cron.ts";

const optionalUrl = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v.replace(/\/+$/, "")))
  .pipe(z.url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://forum.example.com" }).optional());

const optionalSecret = z
  .string()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const cronString = z
  .string()
  .trim()
  .superRefine((v, ctx) => {
    try {
      parseCron(v);
    } catch (e) {
      ctx.addIssue({ code: "custom", message: `is not valid: ${(e as Error).message}` });
    }
  });

const positiveInt = (what: string) =>
  z.coerce.number({ error: `must be ${what}` }).int({ error: `must be ${what}` }).positive({ error: `must be ${what}` });

/**
 * Every variable the service reads, with its default stated once.
 * `.env.example` documents the same list; tests/unit/config.test.ts keeps the two in step.
 */
const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The forum's address. The API key travels in a header on every request, so beyond this
 * machine only https will do; and a user:password@ in the URL would be echoed into logs, errors
 * and digest links. Neither message repeats the value.
 */
const forumUrlSchema = optionalUrl.superRefine((v, ctx) => {
  if (v === undefined) return;
  const u = new URL(v);
  if (u.username || u.password) ctx.addIssue({ code: "custom", message: "must not carry a user name or password (the API key goes in DISCOURSE_API_KEY)" });
  else if (u.protocol === "http:" && !LOOPBACK.test(u.hostname)) ctx.addIssue({ code: "custom", message: "must use https:// for a forum beyond this machine (over http the API key would travel in clear)" });
  else if (u.search || u.hash) ctx.addIssue({ code: "custom", message: "must be the forum's base address, without ?query or #fragment" });
});

export const configSchema = z.object({
  DISCOURSE_URL: forumUrlSchema.optional(),
  DISCOURSE_API_KEY: optionalSecret,
  DISCOURSE_API_USERNAME: z.string().trim().min(1).default("system"),
  DISCOURSE_WEBHOOK_SECRET: optionalSecret.pipe(
    z.string().min(12, { error: "must be at least 12 characters (Discourse refuses shorter webhook secrets)" }).optional(),
  ),
  DISCOURSE_RATE_LIMIT_PER_MINUTE: positiveInt("a whole number of requests per minute, e.g. 50").default(50),
  DISCOURSE_TIMEOUT_MS: positiveInt("a whole number of milliseconds, e.g. 15000").default(15000),
  DASHBOARD_TOKEN: optionalSecret,
  PUBLIC_URL: optionalUrl.optional(),
  PORT: z.coerce
    .number({ error: "must be a port number from 1 to 65535" })
    .int({ error: "must be a port number from 1 to 65535" })
    .min(0, { error: "must be a port number from 1 to 65535" })
    .max(65535, { error: "must be a port number from 1 to 65535" })
    .default(3000),
  HOST: z.string().trim().min(1).default("127.0.0.1"),
  SANDBOX_PORT: z.coerce
    .number({ error: "must be a port number from 0 to 65535 (0 picks a free one)" })
    .int()
    .min(0)
    .max(65535)
    .default(4200),
  SEMINAR_DIR: z.string().trim().min(1).default("./seminars"),
  SEMINAR_DATA_DIR: z.string().trim().min(1).default("./data"),
  TRACK_SCHEDULE: cronString.default("*/2 * * * *"),
  TRACK_SWEEP_SCHEDULE: cronString.default("*/30 * * * *"),
  TRACK_CLOSED_AFTER_DAYS: positiveInt("a whole number of days, e.g. 7").default(7),
  PUBLISH_SCHEDULE: cronString.default("* * * * *"),
  QUIET_AFTER_HOURS: positiveInt("a whole number of hours, e.g. 48").default(48),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
    error: "must be one of fatal, error, warn, info, debug, trace, silent",
  }).default("info"),
  OPENAI_API_KEY: optionalSecret,
  OPENAI_MODEL: z.string().trim().min(1).default("gpt-4o-mini"),
  OPENAI_BASE_URL: optionalUrl.optional(),
  LOG_FORMAT: z.enum(["json", "pretty", "auto"], { error: "must be json, pretty or auto" }).default("auto"),
});

export type Config = z.infer<typeof configSchema> & {
  /** True when no DISCOURSE_URL is set and the embedded sandbox forum is used. */
  useSandbox: boolean;
};

/** Names of the variables whose values must never be printed. */
export const SECRET_VARIABLES = ["DISCOURSE_API_KEY", "DISCOURSE_WEBHOOK_SECRET", "DASHBOARD_TOKEN", "OPENAI_API_KEY"] as const;

/**
 * Reads the configuration from `env` (a parameter, so tests pass their own).
 * Every bad variable gets its own line; the error never echoes a value, since it may be a secret.
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const known = Object.fromEntries(
    Object.keys(configSchema.shape).map((k) => [k, env[k]]).filter(([, v]) => v !== undefined),
  );
  const parsed = configSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${String(i.path[0] ?? "config")} ${i.message}`);
    throw new UserError(`bad configuration: ${lines.join("; ")} (see .env.example)`);
  }
  const c = parsed.data;
  if (c.DISCOURSE_URL && !c.DISCOURSE_API_KEY) {
    throw new UserError(
      "bad configuration: DISCOURSE_API_KEY is required when DISCOURSE_URL is set (create an admin API key in Discourse: Admin > Advanced > API keys)",
    );
  }
  return { ...c, useSandbox: !c.DISCOURSE_URL };
}
