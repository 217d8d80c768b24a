import { existsSync, readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import type { Config } from "../config.ts";
import { UserError } from "../errors.ts";

/**
 * Everything a command may touch of the outside world. bin/seminar.js passes the process's own
 * (see `processContext`); tests pass an env object and streams they read back.
 */
export interface CliContext {
  /** The environment: never read `process.env` in a command. */
  env: Record<string, string | undefined>;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** A `.env` file whose variables fill in what `env` lacks (the binary passes ./.env; tests none). */
  dotEnvFile?: string;
  /** Resolves when a long-running command (serve, sandbox) should stop; without it they run until killed. */
  untilStopped?: () => Promise<void>;
}

/** Writes one line (adding the newline if missing). */
export function println(stream: NodeJS.WritableStream, line: string): void {
  stream.write(line.endsWith("\n") ? line : `${line}\n`);
}

/** `ctx.env` with the `.env` file's variables beneath it: variables already set win, as with dotenv. */
export function envOf(ctx: CliContext): Record<string, string | undefined> {
  const file = ctx.dotEnvFile;
  if (!file || !existsSync(file)) return ctx.env;
  let fromFile: Record<string, string | undefined>;
  try {
    fromFile = parseEnv(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UserError(`${file}: could not be read as a .env file (${(e as Error).message}); use KEY=value lines`);
  }
  return { ...fromFile, ...ctx.env };
}

/** The configuration, validated; loaded on demand so that commands without one stay fast. */
export async function readConfig(ctx: CliContext): Promise<Config> {
  const { loadConfig } = await import("../config.ts");
  return loadConfig(envOf(ctx));
}

/** Waits until the command should stop: the context's signal, or never. */
export function untilStopped(ctx: CliContext): Promise<void> {
  return ctx.untilStopped?.() ?? new Promise<void>(() => {});
}
