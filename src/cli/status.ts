import { Command } from "commander";
import type { SeminarStatus } from "../status.ts";
import { println, readConfig, type CliContext } from "./context.ts";

/** `seminar status`: every seminar in SEMINAR_DIR with its threads' states, times and replies. */
export function statusCommand(ctx: CliContext): Command {
  return new Command("status")
    .description("seminars, threads, release times and reply counts")
    .option("--json", "print JSON")
    .action(async (opts: { json?: boolean }) => {
      const c = await readConfig(ctx);
      const [{ forumUrl, loadPlans, openStoreFor }, { seminarStatus }] = await Promise.all([import("../runtime.ts"), import("../status.ts")]);
      const plans = loadPlans(c.SEMINAR_DIR);
      const store = openStoreFor(c);
      let s: SeminarStatus[];
      try {
        s = seminarStatus(store, plans, forumUrl(c));
      } finally {
        store.close();
      }
      if (opts.json) return void println(ctx.stdout, JSON.stringify(s, null, 2));
      if (!s.length) return void println(ctx.stdout, `no seminar plans in ${c.SEMINAR_DIR}`);
      for (const sem of s) {
        println(ctx.stdout, `${sem.id}  ${sem.title}  (${sem.planPath}${sem.status === "draft" ? `; a draft: seminar approve ${sem.planPath}` : ""})`);
        for (const t of sem.threads) println(ctx.stdout, threadLine(t));
      }
    });
}

function threadLine(t: SeminarStatus["threads"][number]): string {
  const when = (t.releaseAt ?? "-").slice(0, 16).padEnd(16);
  const counts = `${String(t.replies).padStart(3)} replies ${String(t.participants).padStart(3)} people`;
  return `  ${t.id.padEnd(8)} ${t.state.padEnd(13)} ${when} ${counts}  ${t.title}${t.url ? `  ${t.url}` : ""}${t.lastError && t.state !== "published" ? `\n           ${t.failure === "permanent" ? "failed (seminar retry once fixed)" : "last error"}: ${t.lastError}` : ""}`;
}
