import path from "node:path";
import { Command, CommanderError } from "commander";
import { DiscourseClientError } from "../discourse/errors.ts";
import { UserError } from "../errors.ts";
import { envOf, println, type CliContext } from "./context.ts";
import { approveCommand } from "./approve.ts";
import { digestCommand } from "./digest.ts";
import { draftCommand } from "./draft.ts";
import { publishCommand } from "./publish.ts";
import { retryCommand } from "./retry.ts";
import { sandboxCommand } from "./sandbox.ts";
import { serveCommand } from "./serve.ts";
import { statusCommand } from "./status.ts";
import { trackCommand } from "./track.ts";
import { validateCommand } from "./validate.ts";

/**
 * Every command, in the order help lists them. A command file imports only commander and light
 * helpers at its top; whatever is heavy (pdfjs, openai, express, better-sqlite3, zod) it imports
 * inside its action, so `seminar --help` and `seminar validate` never load what they do not use.
 */
const COMMANDS = [draftCommand, validateCommand, approveCommand, publishCommand, retryCommand, trackCommand, digestCommand, statusCommand, serveCommand, sandboxCommand];

export function buildProgram(ctx: CliContext): Command {
  const program = new Command("seminar")
    .description("Turn a policy document into a moderated seminar on a Discourse forum.")
    .version("0.1.0")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void ctx.stdout.write(s),
      writeErr: (s) => void ctx.stderr.write(s),
      outputError: (s, write) => write(`${s.split("\n").filter(Boolean)[0]!}\n`),
      getOutHelpWidth: () => (ctx.stdout as { columns?: number }).columns ?? 80,
      getErrHelpWidth: () => (ctx.stderr as { columns?: number }).columns ?? 80,
    });
  for (const command of COMMANDS) program.addCommand(command(ctx).copyInheritedSettings(program));
  return program;
}

/**
 * Runs one command line (the arguments after `seminar`) and returns its exit code. The only place
 * that turns errors into exit codes and messages: one line each, never a stack trace; 2 for what
 * the user can fix, 1 for a forum failure or a bug.
 */
export async function runSeminar(argv: readonly string[], ctx: CliContext): Promise<number> {
  const program = buildProgram(ctx);
  try {
    if (!argv.length) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) return ["commander.helpDisplayed", "commander.version", "commander.help"].includes(e.code) ? 0 : 2;
    // SQLite's own refusals (a full disk, a damaged store) are the user's to fix: one line, exit 2.
    const fromStore = (e as { code?: unknown })?.code && String((e as { code: unknown }).code).startsWith("SQLITE_") ? (await import("../store/db.ts")).storeError(e) : undefined;
    const err = fromStore ?? e;
    const message = String((err as Error)?.message ?? err).split("\n")[0]!;
    const [line, code] =
      err instanceof UserError || err instanceof DiscourseClientError
        ? [message, err instanceof UserError ? 2 : 1]
        : [`unexpected error: ${message} (please report it)`, 1];
    println(ctx.stderr, `seminar: ${await withoutSecrets(line, ctx)}`);
    return code;
  }
}

/** Scrubs the configured secrets from an error line (a message may quote a URL or a header). */
async function withoutSecrets(line: string, ctx: CliContext): Promise<string> {
  const [{ SECRET_VARIABLES }, { redactSecrets }] = await Promise.all([import("../config.ts"), import("../log.ts")]);
  let env = ctx.env;
  try {
    env = envOf(ctx);
  } catch {
    // An unreadable .env leaves the environment's own secrets to scrub.
  }
  return redactSecrets(line, SECRET_VARIABLES.map((k) => env[k]));
}

/** The context of the real binary: this process's environment, streams, ./.env and signals. */
export function processContext(): CliContext {
  return {
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    dotEnvFile: path.resolve(".env"),
    untilStopped: () =>
      new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      }),
  };
}

/** What bin/seminar.js calls. */
export function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  return runSeminar(argv, processContext());
}
