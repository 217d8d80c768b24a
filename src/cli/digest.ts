import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import type { Config } from "../config.ts";
import { UserError } from "../errors.ts";
import type { LoadedPlan } from "../plan/load.ts";
import { println, readConfig, type CliContext } from "./context.ts";

/** `seminar digest <plan|id>`: what is new since the last digest, as Markdown; posted with --post. */
export function digestCommand(ctx: CliContext): Command {
  return new Command("digest")
    .description("build the reply digest of a seminar: what is new since the last digest")
    .argument("<plan.yaml|seminar-id>")
    .option("--out <file>", "write the digest (Markdown) to this file, or - for standard output", "-")
    .option("--post", "also post it to the forum, in the seminar's digest topic")
    .option("--dry-run", "show the digest without recording it (the next digest starts from the same point)")
    .action(async (arg: string, opts: { out: string; post?: boolean; dryRun?: boolean }) => {
      const c = await readConfig(ctx);
      const [{ forumUrl, makeLogger }, { openDb, storePath }, { buildDigest, postDigest }] = await Promise.all([
        import("../runtime.ts"),
        import("../store/db.ts"),
        import("../digest/build.ts"),
      ]);
      const lp = await planArg(c, arg);
      const db = openDb(storePath(c.SEMINAR_DATA_DIR));
      try {
        const d = buildDigest(db, lp.plan, { forumUrl: forumUrl(c), dryRun: opts.dryRun });
        if (opts.out === "-") println(ctx.stdout, d.markdown);
        else {
          mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
          writeFileSync(opts.out, `${d.markdown}\n`);
          println(ctx.stderr, `Wrote ${opts.out}`);
        }
        if (opts.post) {
          const { reachableForum } = await import("./forum.ts");
          const forum = await reachableForum(c, makeLogger(c, [], ctx.stderr));
          const r = await postDigest(db, forum, lp.plan, d);
          println(ctx.stderr, `Posted to ${forumUrl(c)}/t/${r.topicId}`);
        }
      } finally {
        db.close();
      }
    });
}

/** A plan path, or the id of a seminar whose plan is in SEMINAR_DIR. */
async function planArg(c: Config, arg: string): Promise<LoadedPlan> {
  const [{ loadPlan }, { loadPlans }] = await Promise.all([import("../plan/load.ts"), import("../runtime.ts")]);
  if (existsSync(arg) || /\.ya?ml$/.test(arg)) return loadPlan(arg);
  const found = loadPlans(c.SEMINAR_DIR).find((p) => p.plan.seminar.id === arg);
  if (!found) throw new UserError(`${arg}: neither a plan file nor the id of a seminar in ${c.SEMINAR_DIR}; give a plan path or run "seminar status"`);
  return found;
}
