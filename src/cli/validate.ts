import { Command } from "commander";
import { println, type CliContext } from "./context.ts";

/** `seminar validate <plan>`: one line saying what the plan holds, or its first problem as file:line. */
export function validateCommand(ctx: CliContext): Command {
  return new Command("validate")
    .description("check a plan; errors name file:line and the field")
    .argument("<plan.yaml>")
    .action(async (file: string) => {
      const { loadPlan } = await import("../plan/load.ts");
      const { plan } = loadPlan(file);
      const counterarguments = plan.threads.reduce((n, t) => n + t.counterarguments.length, 0);
      println(ctx.stdout, `${file}: ok, seminar "${plan.seminar.id}" with ${plan.threads.length} threads (${counterarguments} counterarguments)`);
    });
}
