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
  /** "json" for machines, "pretty" for people; default: pretty when writing to a terminal. */
  format?: "json" | "pretty";
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
  const pretty = (opts.format ?? ((dest as { isTTY?: boolean }).isTTY ? "pretty" : "json")) === "pretty";
  const stream = new Writable({
    write(chunk, _enc, cb) {
      const line = String(chunk);
      dest.write(redactSecrets(pretty ? prettyLine(line) : line, secrets));
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

const LEVELS: Record<number, string> = { 10: "TRACE", 20: "DEBUG", 30: "INFO", 40: "WARN", 50: "ERROR", 60: "FATAL" };

/** One pino JSON line as "12:00:01 INFO message key=value". */
export function prettyLine(line: string): string {
  try {
    const { level, time, msg, ...rest } = JSON.parse(line) as Record<string, unknown>;
    const when = new Date(Number(time)).toISOString().slice(11, 19);
    const fields = Object.entries(rest)
      .map(([k, v]) => `${k}=${typeof v === "string" ? (/\s/.test(v) ? JSON.stringify(v) : v) : JSON.stringify(v)}`)
      .join(" ");
    return `${when} ${(LEVELS[Number(level)] ?? "INFO").padEnd(5)} ${String(msg ?? "")}${fields ? `  ${fields}` : ""}\n`;
  } catch {
    return line;
  }
}

export const silentLogger: Logger = pino({ level: "silent" });
