import { Writable } from "node:stream";
import pino, { type Logger } from "pino";

export type { Logger };

/**
 * Replaces every occurrence of a known secret value with a marker.
 * Short values are ignored: redacting "a" would mangle every line.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (s && s.length >= 6) out = out.split(s).join("[REDACTED]");
  }
  return out;
}

export interface LoggerOptions {
  level?: string;
  /** Secret values that must never reach the output, whatever field they hide in. */
  secrets?: readonly (string | undefined)[];
  /** Where lines go; stderr by default so that `--json` output on stdout stays clean. */
  destination?: NodeJS.WritableStream;
}

/**
 * A pino logger that scrubs secrets from the finished line, not from chosen fields:
 * a key pasted into an error message or a URL is caught as surely as a header.
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const secrets = (opts.secrets ?? []).filter((s): s is string => !!s);
  const dest = opts.destination ?? process.stderr;
  const stream = new Writable({
    write(chunk, _enc, cb) {
      dest.write(redactSecrets(String(chunk), secrets));
      cb();
    },
  });
  return pino(
    {
      level: opts.level ?? "info",
      base: undefined,
      redact: { paths: ["headers['api-key']", "headers['Api-Key']", "apiKey", "secret", "token"], censor: "[REDACTED]" },
    },
    stream,
  );
}

export const silentLogger: Logger = pino({ level: "silent" });
