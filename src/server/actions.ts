import type { Logger } from "../log.ts";
import { approvePlan } from "../plan/approve.ts";
import type { LoadedPlan } from "../plan/load.ts";
import type { RunOptions, RunReport } from "../runner/runner.ts";
import type { Store } from "../store/store.ts";
import type { TrackResult } from "../track/tracker.ts";

/** What an action did, in a sentence for the page; `ok: false` when it did not do what was asked. */
export interface ActionOutcome {
  ok: boolean;
  message: string;
}

/** The moderator's buttons. The service provides them; the console's routes only call them. */
export interface ModeratorActions {
  /** Releases `threadId` now, if it is still the seminar's next thread. */
  releaseNext(seminarId: string, threadId: string): Promise<ActionOutcome>;
  /** Runs one tracking pass over the seminar's threads. */
  pollNow(seminarId: string): Promise<ActionOutcome>;
  /** Forgets a thread's failure and tries it again at once if it is due. */
  retry(seminarId: string, threadId: string): Promise<ActionOutcome>;
  /** Marks a draft plan approved (in its file) and runs what is then due. */
  approve(seminarId: string): Promise<ActionOutcome>;
  /** Posts the digest `digestId` to the forum, if it is still the seminar's latest and not posted. */
  postLatestDigest(seminarId: string, digestId: number): Promise<ActionOutcome>;
}

/**
 * The service's two lanes, each running one job at a time: an action waits for the run in
 * progress, then runs before the next tick, so it never runs beside a scheduled one.
 * `run` inside the wake lane reloads the plans and runs due work with the options given.
 */
export interface ActionLanes {
  wake<T>(job: (run: (o?: Omit<RunOptions, "plans">) => Promise<RunReport>) => Promise<T>): Promise<T>;
  track<T>(job: (track: (seminarId?: string) => Promise<TrackResult>) => Promise<T>): Promise<T>;
}

export interface ActionDeps {
  store: Store;
  plans: () => readonly LoadedPlan[];
  /** Undefined until the service has started its forum client and lanes. */
  lanes: () => ActionLanes | undefined;
  log: Logger;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The actions over a running service's store, plans and lanes; each writes one log line with its outcome. */
export function moderatorActions(d: ActionDeps): ModeratorActions {
  const plan = (seminarId: string) => d.plans().find((p) => p.plan.seminar.id === seminarId);
  const title = (lp: LoadedPlan, threadId: string) => lp.plan.threads.find((t) => t.id === threadId)?.title ?? threadId;

  /** Runs an action with its checks, and logs its outcome as one line. */
  async function act(action: string, fields: Record<string, unknown>, fn: (lanes: ActionLanes, lp: LoadedPlan) => Promise<ActionOutcome>): Promise<ActionOutcome> {
    const seminarId = String(fields.seminar);
    let outcome: ActionOutcome;
    const lanes = d.lanes();
    const lp = plan(seminarId);
    try {
      if (!lanes) outcome = { ok: false, message: "The service is still starting; try again in a moment." };
      else if (!lp) outcome = { ok: false, message: `No seminar "${seminarId}" is loaded.` };
      else outcome = await fn(lanes, lp);
    } catch (e) {
      outcome = { ok: false, message: `Failed: ${(e as Error).message}` };
    }
    d.log[outcome.ok ? "info" : "warn"]({ action, ...fields, ok: outcome.ok }, `moderator action ${action}: ${outcome.message}`);
    return outcome;
  }

  /** What a release run did to one thread; undefined when it did nothing (the thread was not due). */
  const releaseOutcome = (lp: LoadedPlan, threadId: string, r: RunReport): ActionOutcome | undefined => {
    const name = `“${title(lp, threadId)}”`;
    if (r.released.some((x) => x.threadId === threadId)) return { ok: true, message: `Released ${name}.` };
    const f = r.failed.find((x) => x.threadId === threadId);
    if (f) return { ok: false, message: `${name} was not released: ${f.reason}${f.kind === "transient" && f.retryAt ? ` (tried again from ${f.retryAt.slice(0, 16).replace("T", " ")} UTC)` : ""}` };
    if (r.busy.some((x) => x.threadId === threadId)) return { ok: false, message: `${name} is being released by another process; reload in a moment.` };
    return undefined;
  };

  return {
    releaseNext: (seminarId, threadId) =>
      act("release", { seminar: seminarId, thread: threadId }, (lanes, lp) =>
        lanes.wake(async (run) => {
          if (lp.plan.status === "draft") return { ok: false, message: "This plan is a draft: approve it first." };
          const rows = new Map(d.store.threads.ofSeminar(seminarId).map((r) => [r.thread_id, r]));
          const next = lp.plan.threads.find((t) => !t.skip && rows.get(t.id)?.state !== "published");
          if (rows.get(threadId)?.state === "published") return { ok: true, message: `“${title(lp, threadId)}” is out already.` };
          if (!next || next.id !== threadId) return { ok: false, message: `“${title(lp, threadId)}” is not the next thread${next ? `; “${next.title}” is` : ""}. Reload the page.` };
          if (rows.get(threadId)?.failure === "permanent") return { ok: false, message: `“${next.title}” failed earlier: retry it instead.` };
          const r = await run({ seminarId, kinds: new Set(["release"]), releaseAll: true, threadIds: new Set([threadId]) });
          return releaseOutcome(lp, threadId, r) ?? { ok: false, message: `“${next.title}” was not released; reload the page to see why.` };
        }),
      ),

    pollNow: (seminarId) =>
      act("poll", { seminar: seminarId }, (lanes) =>
        lanes.track(async (track) => {
          const r = await track(seminarId);
          const found = `Polled the forum: ${plural(r.topics, "topic")} read, ${plural(r.newPosts, "new post")}, ${plural(r.changedPosts, "changed post")}, ${plural(r.deletedPosts, "deleted post")}`;
          return r.errors.length ? { ok: false, message: `${found}; ${r.errors.join("; ")}.` } : { ok: true, message: `${found}.` };
        }),
      ),

    retry: (seminarId, threadId) =>
      act("retry", { seminar: seminarId, thread: threadId }, (lanes, lp) =>
        lanes.wake(async (run) => {
          if (!lp.plan.threads.some((t) => t.id === threadId)) return { ok: false, message: `No thread "${threadId}" in this seminar.` };
          if (!d.store.threads.retry(seminarId, threadId)) return { ok: false, message: `“${title(lp, threadId)}” has no failure to retry.` };
          if (lp.plan.status === "draft") return { ok: true, message: `“${title(lp, threadId)}” will be tried again once the plan is approved.` };
          const r = await run({ seminarId, kinds: new Set(["release"]), threadIds: new Set([threadId]) });
          return releaseOutcome(lp, threadId, r) ?? { ok: true, message: `“${title(lp, threadId)}” will be tried again at its release time.` };
        }),
      ),

    approve: (seminarId) =>
      act("approve", { seminar: seminarId }, (lanes, lp) =>
        lanes.wake(async (run) => {
          if (!approvePlan(lp.path)) return { ok: true, message: `${lp.path} was approved already.` };
          const r = await run({ seminarId });
          const now = plan(seminarId);
          if (now?.plan.status !== "approved") return { ok: false, message: `${lp.path} now says approved, but the plans no longer load; see the log.` };
          const released = r.released.map((x) => `“${title(now, x.threadId)}”`);
          return { ok: true, message: `Approved ${lp.path}.${released.length ? ` Released ${released.join(", ")}.` : " Its threads are released on their schedule."}` };
        }),
      ),

    postLatestDigest: (seminarId, digestId) =>
      act("post-digest", { seminar: seminarId, digest: digestId }, (lanes) =>
        lanes.wake(async (run) => {
          const latest = d.store.digests.recent(1, seminarId)[0];
          if (!latest || latest.id !== digestId) return { ok: false, message: "That digest is no longer the latest; reload the page." };
          if (latest.post_state === "posted") return { ok: true, message: "The latest digest is on the forum already." };
          d.store.digests.requestPost(latest.id);
          const r = await run({ seminarId, kinds: new Set(["post-digest"]) });
          if (r.digests.some((x) => x.digestId === latest.id && x.posted)) return { ok: true, message: "Posted the latest digest to the forum." };
          const f = r.failed.find((x) => x.digestId === latest.id);
          return { ok: false, message: f ? `The digest was not posted: ${f.reason}` : "The digest was not posted yet (another process holds it); reload in a moment." };
        }),
      ),
  };
}
