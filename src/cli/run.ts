import type { Config } from "../config.ts";
import { DiscourseClientError } from "../discourse/errors.ts";
import type { Forum } from "../discourse/forum.ts";
import type { Logger } from "../log.ts";
import type { RunnerDeps, RunReport } from "../runner/runner.ts";
import type { Store } from "../store/store.ts";

/** What the runner needs from a command's configuration. */
export async function runnerDeps(c: Config, store: Store, forum: Forum, log: Logger): Promise<RunnerDeps> {
  const { forumKey, forumUrl } = await import("../runtime.ts");
  return { store, forum, log, forumUrl: forumUrl(c), forumKey: forumKey(c), apiUsername: c.DISCOURSE_API_USERNAME, dashboardUrl: c.PUBLIC_URL };
}

/** A run that failed says so in one line (exit 1), with what to do for a failure that waits for a person. */
export function throwFirstFailure(r: RunReport, seminarId: string): void {
  const f = r.failed[0];
  if (!f) return;
  const what = f.threadId ? `release ${f.threadId}` : f.digestId ? "post the digest" : "prepare the seminar";
  const next = f.kind === "permanent" ? `; fix it, then run "seminar retry ${seminarId}${f.threadId ? ` ${f.threadId}` : ""}"` : "; it will be tried again";
  throw new DiscourseClientError(`could not ${what}: ${f.reason}${next}`, "POST", "/posts.json");
}
