import { Command } from "commander";
import { println, readConfig, type CliContext } from "./context.ts";

/** `seminar track`: one tracking pass into the store: what changed, or (--full) every released topic whole. */
export function trackCommand(ctx: CliContext): Command {
  return new Command("track")
    .description("fetch new, edited and deleted replies of released threads into the store")
    .option("--once", "run once and exit (the default; the service tracks on a schedule)")
    .option("--full", "read every released topic whole (edits, deletions, poll votes), not only what changed")
    .action(async (opts: { full?: boolean }) => {
      const c = await readConfig(ctx);
      const [{ reachableForum }, { makeLogger, openStoreFor }, { trackOnce }] = await Promise.all([import("./forum.ts"), import("../runtime.ts"), import("../track/tracker.ts")]);
      const log = makeLogger(c, [], ctx.stderr);
      const forum = await reachableForum(c, log);
      const store = openStoreFor(c, { forForum: true });
      try {
        const r = await trackOnce({ store, forum, log, mode: opts.full ? "full" : "cycle", closedForMs: c.TRACK_CLOSED_AFTER_DAYS * 86_400_000 });
        println(ctx.stdout, `tracked: ${r.newPosts} new, ${r.changedPosts} changed, ${r.deletedPosts} deleted posts (${r.topics} topics read whole, ${r.requests} requests)`);
        for (const e of r.errors) println(ctx.stdout, `warning: ${e}`);
      } finally {
        store.close();
      }
    });
}
