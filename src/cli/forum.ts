import type { Config } from "../config.ts";
import type { Forum } from "../discourse/forum.ts";
import { UserError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { forumFor, forumUrl } from "../runtime.ts";

/** The forum a command talks to; fails early, in one line, when there is none to talk to. */
export async function reachableForum(c: Config, log: Logger): Promise<Forum> {
  if (c.useSandbox) {
    const up = await fetch(`${forumUrl(c)}/latest.json`, { signal: AbortSignal.timeout(2000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (!up) {
      throw new UserError(
        `no forum to talk to: DISCOURSE_URL is unset and the sandbox forum is not running at ${forumUrl(c)}; start it with "npm start" (or "seminar sandbox"), or set DISCOURSE_URL`,
      );
    }
  }
  return forumFor(c, log);
}
