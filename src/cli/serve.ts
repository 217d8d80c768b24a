import { Command } from "commander";
import { println, readConfig, untilStopped, type CliContext } from "./context.ts";

/** `seminar serve` (what `npm start` runs): the service until it is asked to stop. */
export function serveCommand(ctx: CliContext): Command {
  return new Command("serve")
    .description("run the service: scheduled releases, tracking and digests, webhooks, dashboard (and the sandbox forum when DISCOURSE_URL is unset)")
    .action(async () => {
      const c = await readConfig(ctx);
      const { startService } = await import("../service.ts");
      const svc = await startService(c, { logDestination: ctx.stderr, out: (line) => println(ctx.stdout, line) });
      await untilStopped(ctx);
      println(ctx.stdout, "Stopping…");
      await svc.close();
    });
}
