import { Command } from "commander";
import type { Config } from "../config.ts";
import { DiscourseClientError } from "../discourse/errors.ts";
import type { LoadedPlan } from "../plan/load.ts";
import { println, readConfig, type CliContext } from "./context.ts";

/** `seminar publish <plan>`: releases what is due (everything with --now), or says what it would do. */
export function publishCommand(ctx: CliContext): Command {
  return new Command("publish")
    .description("release the threads that are due (all of them with --now)")
    .argument("<plan.yaml>")
    .option("--now", "release every thread now, whatever the schedule says")
    .option("--dry-run", "say what would be released, and write nothing")
    .action(async (file: string, opts: { now?: boolean; dryRun?: boolean }) => {
      const c = await readConfig(ctx);
      const { loadPlan } = await import("../plan/load.ts");
      const lp = loadPlan(file);
      if (opts.dryRun) return dryRun(ctx, c, lp, !!opts.now);
      const [{ reachableForum }, { makeLogger }, { openDb, storePath }, { publishDue }] = await Promise.all([
        import("./forum.ts"),
        import("../runtime.ts"),
        import("../store/db.ts"),
        import("../publish/publisher.ts"),
      ]);
      const log = makeLogger(c, [], ctx.stderr);
      const forum = await reachableForum(c, log);
      const db = openDb(storePath(c.SEMINAR_DATA_DIR));
      try {
        const r = await publishDue({ db, forum, plan: lp.plan, planPath: lp.path, all: opts.now, log });
        for (const id of r.published) println(ctx.stdout, `released ${id}`);
        for (const p of r.pending) println(ctx.stdout, `scheduled ${p.threadId} for ${Number.isFinite(p.at) ? new Date(p.at).toISOString() : "never"}`);
        if (!r.published.length && !r.failed.length) println(ctx.stdout, "nothing due");
        if (r.failed.length) throw new DiscourseClientError(`could not release ${r.failed[0]!.threadId}: ${r.failed[0]!.error}`, "POST", "/posts.json");
      } finally {
        db.close();
      }
    });
}

/** One line per thread: released, would release (now), or scheduled, with its time. */
async function dryRun(ctx: CliContext, c: Config, lp: LoadedPlan, all: boolean): Promise<void> {
  const [{ forumUrl }, { openDb, storePath }, { seminarStatus }] = await Promise.all([import("../runtime.ts"), import("../store/db.ts"), import("../status.ts")]);
  const db = openDb(storePath(c.SEMINAR_DATA_DIR));
  const now = Date.now();
  let status;
  try {
    [status] = seminarStatus(db, [lp], forumUrl(c), { projectFrom: now });
  } finally {
    db.close();
  }
  for (const t of status!.threads.filter((x) => x.state !== "skipped")) {
    const thread = lp.plan.threads.find((x) => x.id === t.id)!;
    const at = t.releaseAt ? Date.parse(t.releaseAt) : Number.POSITIVE_INFINITY;
    const verdict = t.state === "published" ? "released " : all || at <= now ? "would release" : "scheduled";
    println(ctx.stdout, `${verdict}  ${t.releaseAt ?? "never"}  ${t.id}  ${t.title} (+${thread.counterarguments.length} counterarguments)`);
  }
}
