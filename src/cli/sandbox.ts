import { Command, Option } from "commander";
import { UserError } from "../errors.ts";
import { println, untilStopped, type CliContext } from "./context.ts";

interface SandboxCliOptions {
  port: number;
  apiKey: string;
  memory?: boolean;
  data?: string;
  rateLimit: number | false;
  webhook?: string;
  webhookSecret?: string;
  faults?: string;
  seed?: number;
}

/** `seminar sandbox`: only the sandbox forum, on 127.0.0.1, until it is asked to stop. */
export function sandboxCommand(ctx: CliContext): Command {
  return new Command("sandbox")
    .description("run only the sandbox forum on 127.0.0.1 (a Discourse-compatible server for tests and demos)")
    .requiredOption("--port <n>", "port to listen on (0 picks a free one)", portArg)
    .requiredOption("--api-key <key>", "the admin API key it accepts, for any existing user")
    .addOption(new Option("--memory", "keep the forum in memory only (the default)").conflicts("data"))
    .option("--data <file>", "keep the forum in this SQLite file")
    .option("--rate-limit <n>", "admin API requests per minute (Discourse's default is 60)", (v) => intArg("--rate-limit", v), 60)
    .option("--no-rate-limit", "turn rate limiting off")
    .option("--webhook <url>", "deliver webhooks to this URL")
    .option("--webhook-secret <secret>", "sign webhooks with this secret")
    .option("--faults <spec>", "inject faults, e.g. 429:0.2,500:0.1,latency:50,webhook-drop:0.1,readonly:1")
    .option("--seed <n>", "seed for fault injection", (v) => intArg("--seed", v))
    .action(async (opts: SandboxCliOptions) => {
      if (opts.apiKey.length < 8) throw new UserError("--api-key: use at least 8 characters");
      const [{ parseFaults }, { startSandbox }] = await Promise.all([import("../sandbox/faults.ts"), import("../sandbox/server.ts")]);
      const sb = await startSandbox({
        port: opts.port,
        apiKey: opts.apiKey,
        dataFile: opts.data,
        rateLimit: opts.rateLimit === false ? 0 : opts.rateLimit,
        faults: opts.faults ? parseFaults(opts.faults) : undefined,
        webhooks: opts.webhook ? [{ url: opts.webhook, secret: opts.webhookSecret }] : [],
        seed: opts.seed,
      }).catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") throw new UserError(`--port ${opts.port}: already in use; choose another port or 0`);
        throw e;
      });
      println(ctx.stdout, sb.url);
      await untilStopped(ctx);
      await sb.close();
    });
}

function intArg(name: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UserError(`${name}: "${v}" is not a whole number`);
  return Number(v);
}

function portArg(v: string): number {
  const n = intArg("--port", v);
  if (n > 65535) throw new UserError(`--port: ${n} is not a port number (0-65535)`);
  return n;
}
