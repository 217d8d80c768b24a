import path from "node:path";
import { Command } from "commander";
import type { Config } from "../config.ts";
import { UserError } from "../errors.ts";
import type { LoadedPlan } from "../plan/load.ts";
import { println, readConfig, type CliContext } from "./context.ts";
import { runnerDeps, throwFirstFailure } from "./run.ts";

/** `seminar publish <plan>`: releases what is due (everything with --now), or says what it would do. */
export function publishCommand(ctx: CliContext): Command {
  return new Command("publish")
    .description("release the threads that are due (all of them with --now)")
    .argument("<plan.yaml>")
    .option("--now", "release every thread now, whatever the schedule says")
    .option("--dry-run", "say what would be released, and write nothing")
    .action(async (file: string, opts: { now?: boolean; dryRun?: boolean }) => {
      const c = await readConfig(ctx);
      const [{ loadPlan }, { checkPlansApart, loadPlans }] = await Promise.all([import("../plan/load.ts"), import("../runtime.ts")]);
      const lp = loadPlan(file);
      // The plan must not clash with the others in SEMINAR_DIR: they share one forum.
      checkPlansApart([...loadPlans(c.SEMINAR_DIR).filter((p) => path.resolve(p.path) !== path.resolve(lp.path)), lp]);
      if (opts.dryRun) return dryRun(ctx, c, lp, !!opts.now);
      if (lp.plan.status === "draft") throw new UserError(`${file}: this plan is a draft, so nothing is released; read it, then run "seminar approve ${file}"`);
      const [{ reachableForum }, { makeLogger, openStoreFor, lockDataDir }, { runDue }] = await Promise.all([
        import("./forum.ts"),
        import("../runtime.ts"),
        import("../runner/runner.ts"),
      ]);
      const log = makeLogger(c, [], ctx.stderr);
      const forum = await reachableForum(c, log);
      const store = openStoreFor(c, { forForum: true });
      try {
        const lock = lockDataDir(store, c, "publish");
        try {
          const r = await runDue(await runnerDeps(c, store, forum, log), { plans: [lp], kinds: new Set(["release", "pin", "unpin", "close"]), releaseAll: opts.now });
          for (const x of r.released) println(ctx.stdout, `released ${x.threadId}`);
          for (const w of r.waiting) {
            const when = Number.isFinite(w.at) ? new Date(w.at).toISOString() : "never";
            println(ctx.stdout, w.reason === "failed" ? `held ${w.threadId} until retried (seminar retry)` : `${w.reason === "retrying" ? "retrying" : "scheduled"} ${w.threadId} for ${when}`);
          }
          for (const b of r.busy) println(ctx.stdout, `busy ${b.threadId} (another process is releasing it)`);
          if (!r.released.length && !r.failed.length) println(ctx.stdout, "nothing due");
          throwFirstFailure(r, lp.plan.seminar.id);
        } finally {
          lock.release();
        }
      } finally {
        store.close();
      }
    });
}

/** One line per thread: released, would release (now), or scheduled, with its time. */
async function dryRun(ctx: CliContext, c: Config, lp: LoadedPlan, all: boolean): Promise<void> {
  const [{ forumUrl, openStoreFor }, { seminarStatus }] = await Promise.all([import("../runtime.ts"), import("../status.ts")]);
  const store = openStoreFor(c);
  const now = Date.now();
  let status;
  try {
    [status] = seminarStatus(store, [lp], forumUrl(c), { projectFrom: now });
  } finally {
    store.close();
  }
  const draft = lp.plan.status === "draft";
  if (draft) println(ctx.stdout, `${lp.path} is a draft: nothing is released until you run "seminar approve ${lp.path}"`);
  for (const t of status!.threads.filter((x) => x.state !== "skipped")) {
    const thread = lp.plan.threads.find((x) => x.id === t.id)!;
    const at = t.releaseAt ? Date.parse(t.releaseAt) : Number.POSITIVE_INFINITY;
    const verdict = t.state === "published" ? "released " : draft ? "draft    " : all || at <= now ? "would release" : "scheduled";
    println(ctx.stdout, `${verdict}  ${t.releaseAt ?? "never"}  ${t.id}  ${t.title} (+${thread.counterarguments.length} counterarguments)`);
  }
}
