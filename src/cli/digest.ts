import { writeFileSync } from "node:fs";
import path from "node:path";
import { Command } from "commander";
import { makeFolder } from "../files.ts";
import { println, readConfig, type CliContext } from "./context.ts";
import { planArg } from "./plans.ts";
import { runnerDeps, throwFirstFailure } from "./run.ts";

/**
 * `seminar digest <plan|id>`: what is new since the last digest, as Markdown. Without --post it
 * is a preview: no window is recorded, nothing is posted. With --post the digest is built
 * (its window fixed) and posted exactly once, through the runner.
 */
export function digestCommand(ctx: CliContext): Command {
  return new Command("digest")
    .description("build the reply digest of a seminar: what is new since the last digest")
    .argument("<plan.yaml|seminar-id>")
    .option("--out <file>", "write the digest (Markdown) to this file, or - for standard output", "-")
    .option("--post", "record it and post it to the forum, in the seminar's digest topic")
    .option("--dry-run", "only show it, even with --post: nothing recorded, nothing posted")
    .action(async (arg: string, opts: { out: string; post?: boolean; dryRun?: boolean }) => {
      const c = await readConfig(ctx);
      const [{ forumUrl, makeLogger, openStoreFor }, { buildDigest, composeDigest, seminarPage }] = await Promise.all([import("../runtime.ts"), import("../digest/build.ts")]);
      const lp = await planArg(c, arg);
      const posting = !!opts.post && !opts.dryRun;
      const log = makeLogger(c, [], ctx.stderr);
      const forum = posting ? await (await import("./forum.ts")).reachableForum(c, log) : undefined;
      const store = openStoreFor(c, { forForum: posting });
      try {
        const now = new Date();
        let markdown: string;
        let digestId: number | undefined;
        if (posting) {
          digestId = buildDigest(store, lp.plan, { now, forumUrl: forumUrl(c), dashboardUrl: seminarPage({ dashboardUrl: c.PUBLIC_URL }, lp.plan.seminar.id), slot: null, postWanted: true }).id;
          markdown = store.digests.get(digestId)!.markdown;
        } else markdown = composeDigest(store, lp.plan, { now, forumUrl: forumUrl(c), dashboardUrl: seminarPage({ dashboardUrl: c.PUBLIC_URL }, lp.plan.seminar.id) }).markdown;
        if (opts.out === "-") println(ctx.stdout, markdown);
        else {
          makeFolder(path.dirname(path.resolve(opts.out)));
          writeFileSync(opts.out, `${markdown}\n`);
          println(ctx.stderr, `Wrote ${opts.out}`);
        }
        if (posting) {
          const { runDue } = await import("../runner/runner.ts");
          const r = await runDue(await runnerDeps(c, store, forum!, log), { plans: [lp], seminarId: lp.plan.seminar.id, kinds: new Set(["post-digest"]) });
          throwFirstFailure(r, lp.plan.seminar.id);
          const d = store.digests.get(digestId!)!;
          if (d.post_state === "posted") println(ctx.stderr, `Posted to ${forumUrl(c)}/t/${store.seminars.get(lp.plan.seminar.id)?.digest_topic_slug ?? "topic"}/${d.posted_topic_id}`);
          else println(ctx.stderr, "Another process is posting it; it will appear shortly");
        }
      } finally {
        store.close();
      }
    });
}
