import { Command } from "commander";
import { println, type CliContext } from "./context.ts";

/** `seminar approve <plan>`: validate a drafted plan, then mark it approved so that its threads are released. */
export function approveCommand(ctx: CliContext): Command {
  return new Command("approve")
    .description("check a drafted plan, then mark it approved so that its threads are released")
    .argument("<plan.yaml>")
    .action(async (file: string) => {
      const [{ loadPlan }, { approvePlan }] = await Promise.all([import("../plan/load.ts"), import("../plan/approve.ts")]);
      const { plan } = loadPlan(file);
      const changed = approvePlan(file);
      println(ctx.stdout, changed ? `${file}: approved; seminar "${plan.seminar.id}" releases on its schedule (${plan.threads.length} threads)` : `${file}: already approved`);
    });
}
