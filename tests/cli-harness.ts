import { Writable } from "node:stream";
import { runSeminar } from "../src/cli/main.ts";
import type { CliContext } from "../src/cli/context.ts";
import type { CliResult } from "./helpers.ts";

/** A stream that keeps what is written to it. */
export function textSink(): { stream: Writable; text: () => string } {
  let text = "";
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

/**
 * Runs a `seminar` command line in this process, as bin/seminar.js would but with its own
 * environment (nothing from process.env or ./.env unless given) and captured output.
 */
export async function seminar(args: string[], o: { env?: Record<string, string>; ctx?: Partial<CliContext> } = {}): Promise<CliResult> {
  const stdout = textSink();
  const stderr = textSink();
  const code = await runSeminar(args, { env: { LOG_LEVEL: "warn", ...o.env }, stdout: stdout.stream, stderr: stderr.stream, ...o.ctx });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
