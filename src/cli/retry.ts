import { Command } from "commander";
import { UserError } from "../errors.ts";
import { println, readConfig, type CliContext } from "./context.ts";
import { planArg } from "./plans.ts";

/** `seminar retry <plan|id> [thread]`: a thread (or digest post) held by a permanent failure may be tried again. */
export function retryCommand(ctx: CliContext): Command {
  return new Command("retry")
    .description("let a failed thread (or failed digest posts) be tried again at the next run")
    .argument("<plan.yaml|seminar-id>")
    .argument("[thread-id]", "the thread (default: every failed thread and digest post of the seminar)")
    .action(async (arg: string, threadId: string | undefined) => {
      const c = await readConfig(ctx);
      const lp = await planArg(c, arg);
      if (threadId && !lp.plan.threads.some((t) => t.id === threadId)) {
        throw new UserError(`${threadId}: no such thread in ${lp.path}; its threads are ${lp.plan.threads.map((t) => t.id).join(", ")}`);
      }
      const { openStoreFor } = await import("../runtime.ts");
      const store = openStoreFor(c);
      try {
        const id = lp.plan.seminar.id;
        const threads = threadId ? [threadId] : store.threads.ofSeminar(id).filter((t) => t.failure).map((t) => t.thread_id);
        const reset = threads.filter((t) => store.threads.retry(id, t));
        const digests = threadId ? [] : store.digests.unposted(id).filter((d) => d.post_state === "failed" && store.digests.requestPost(d.id));
        if (!reset.length && !digests.length) return void println(ctx.stdout, `nothing to retry in ${id}: no failed ${threadId ? `thread ${threadId}` : "thread or digest"}`);
        for (const t of reset) println(ctx.stdout, `will retry ${t} at the next run (seminar publish, or the service within a minute)`);
        if (digests.length) println(ctx.stdout, `will post ${digests.length} failed digest${digests.length > 1 ? "s" : ""} again`);
      } finally {
        store.close();
      }
    });
}
