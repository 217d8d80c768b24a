import { Command } from "commander";
import { println, readConfig, type CliContext } from "./context.ts";

/** `seminar track`: one pass over every released thread's replies into the store. */
export function trackCommand(ctx: CliContext): Command {
  return new Command("track")
    .description("fetch new, edited and deleted replies of every released thread into the store")
    .option("--once", "run once and exit (the default; the service tracks on a schedule)")
    .action(async () => {
      const c = await readConfig(ctx);
      const [{ reachableForum }, { makeLogger }, { openDb, storePath }, { trackOnce }] = await Promise.all([
        import("./forum.ts"),
        import("../runtime.ts"),
        import("../store/db.ts"),
        import("../track/tracker.ts"),
      ]);
      const log = makeLogger(c, [], ctx.stderr);
      const forum = await reachableForum(c, log);
      const db = openDb(storePath(c.SEMINAR_DATA_DIR));
      try {
        const r = await trackOnce({ db, forum, log });
        println(ctx.stdout, `tracked ${r.topics} topics: ${r.newPosts} new, ${r.changedPosts} changed, ${r.deletedPosts} deleted posts`);
        for (const e of r.errors) println(ctx.stdout, `warning: ${e}`);
      } finally {
        db.close();
      }
    });
}
