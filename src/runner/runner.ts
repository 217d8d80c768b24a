import { buildDigest, seminarPage } from "../digest/build.ts";
import { postDigest } from "../digest/post.ts";
import type { Forum } from "../discourse/forum.ts";
import type { Logger } from "../log.ts";
import type { LoadedPlan } from "../plan/load.ts";
import type { Plan } from "../plan/schema.ts";
import { OtherPublisherActive, releaseThread, type PublishEvent } from "../publish/publisher.ts";
import { reconcileSeminar } from "../publish/reconcile.ts";
import { runTimer } from "../publish/timers.ts";
import { dueWork, type DueItem, type DueWork } from "../schedule/due.ts";
import type { Store } from "../store/store.ts";
import { classifyFailure, type Classified } from "./failures.ts";
import { PROCESS_ID, ownerIsGone } from "./owner.ts";
import { snapshots } from "./snapshot.ts";

export type DueKind = DueItem["kind"];

export interface RunnerDeps {
  store: Store;
  forum: Forum;
  log: Logger;
  /** The forum's base URL, for links in digests. */
  forumUrl: string;
  /** What identifies the forum (its URL, or the sandbox's data file). */
  forumKey: string;
  /** The account digests are posted as when a plan names no poster. */
  apiUsername: string;
  /** The dashboard's address as forum readers can reach it (PUBLIC_URL); digests link a seminar's page there. */
  dashboardUrl?: string;
  now?: () => Date;
  owner?: string;
  random?: () => number;
  onEvent?: (e: RunEvent) => void;
  /** Runs before a digest is built, to bring the store up to date (the service tracks the seminar). */
  beforeDigest?: (seminarId: string) => Promise<unknown>;
}

export type RunEvent =
  | PublishEvent
  | { type: "timer"; seminarId: string; threadId: string; kind: "pin" | "unpin" | "close" }
  | { type: "digest_built"; seminarId: string; digestId: number; missed: boolean }
  | { type: "digest_posted"; seminarId: string; digestId: number; found: boolean }
  | { type: "failed"; seminarId: string; item: DueKind; threadId?: string; digestId?: number; failure: Classified };

export interface RunOptions {
  plans: readonly LoadedPlan[];
  /** Only these kinds of work (default: all). */
  kinds?: ReadonlySet<DueKind>;
  /** Only this seminar. */
  seminarId?: string;
  /** Release every thread now (`publish --now`), or with `threadIds`, those threads now. */
  releaseAll?: boolean;
  /** Only these threads' releases (a moderator's "release the next thread now"). */
  threadIds?: ReadonlySet<string>;
}

export interface RunReport {
  released: { seminarId: string; threadId: string; catchUp: boolean }[];
  failed: { seminarId: string; item: DueKind; threadId?: string; digestId?: number; reason: string; kind: "permanent" | "transient"; retryAt: string | null }[];
  busy: { seminarId: string; threadId: string }[];
  timers: { seminarId: string; threadId: string; kind: string }[];
  digests: { seminarId: string; digestId: number; posted: boolean }[];
  waiting: DueWork["waiting"];
  drafts: string[];
}

/** Releases first; moderator timers once the threads they concern exist; digests last, over what was just released. */
const PHASES: readonly (readonly DueKind[])[] = [["release"], ["pin", "unpin", "close"], ["digest"], ["post-digest"]];

/**
 * The one runner of due work: `serve`'s wake-ups, `seminar publish` and `seminar digest` all
 * come here. It records the plans, asks `dueWork` what is due, and for each item claims it in
 * the store, acts through the forum, and records the outcome (a failure classified as permanent,
 * which waits for a person, or transient, which backs off). It never decides what is due itself.
 */
export async function runDue(deps: RunnerDeps, o: RunOptions): Promise<RunReport> {
  const now = deps.now ?? (() => new Date());
  const owner = deps.owner ?? PROCESS_ID;
  const report: RunReport = { released: [], failed: [], busy: [], timers: [], digests: [], waiting: [], drafts: [] };
  const plans = o.plans.filter((p) => !o.seminarId || p.plan.seminar.id === o.seminarId);
  const byId = new Map(plans.map((p) => [p.plan.seminar.id, p.plan]));
  const approved: Plan[] = [];
  for (const lp of plans) {
    const { isNew } = deps.store.seminars.syncPlan(lp.plan, lp.path, now());
    if (lp.plan.status === "draft") continue;
    approved.push(lp.plan);
    if ((isNew || !deps.store.seminars.get(lp.plan.seminar.id)!.reconciled_at) && wants(o, "release")) {
      try {
        await reconcileSeminar(deps, lp.plan);
      } catch (e) {
        deps.log.warn({ seminar: lp.plan.seminar.id, err: (e as Error).message }, "could not check the forum for this seminar's topics yet; releases wait for the next run");
        report.failed.push({ seminarId: lp.plan.seminar.id, item: "release", reason: (e as Error).message, kind: "transient", retryAt: null });
        byId.delete(lp.plan.seminar.id);
      }
    }
  }
  const ctx = {
    store: deps.store,
    forum: deps.forum,
    log: deps.log,
    now,
    owner,
    ownerIsGone,
    prepared: new Map<string, Promise<number | null>>(),
    forumKey: deps.forumKey,
    onEvent: deps.onEvent as ((e: PublishEvent) => void) | undefined,
  };
  const blocked = new Set<string>();

  for (const phase of PHASES) {
    const kinds = phase.filter((k) => wants(o, k));
    if (!kinds.length) continue;
    const live = plans.map((p) => p.plan).filter((p) => byId.has(p.seminar.id));
    const work = dueWork(live, snapshots(deps.store, live), now().getTime(), { releaseAll: o.releaseAll });
    if (phase[0] === "release") {
      report.waiting = work.waiting;
      report.drafts = work.drafts;
    }
    for (const item of work.items) {
      if (!kinds.includes(item.kind)) continue;
      if (item.kind === "release" && o.threadIds && !o.threadIds.has(item.threadId)) continue;
      const plan = byId.get(item.seminarId)!;
      // A seminar whose release failed in this run releases nothing after it, in order.
      if (item.kind === "release" && blocked.has(item.seminarId)) continue;
      try {
        await runItem(deps, ctx, plan, item, report);
      } catch (e) {
        const threadId = "threadId" in item ? item.threadId : undefined;
        const digestId = item.kind === "post-digest" ? item.digestId : undefined;
        const attempts = threadId ? (deps.store.threads.row(item.seminarId, threadId)?.attempts ?? 1) : digestId ? (deps.store.digests.get(digestId)?.post_attempts ?? 1) : 1;
        const failure: Classified =
          e instanceof OtherPublisherActive
            ? { kind: "transient", reason: e.message, retryAt: e.until, outcomeKnown: true }
            : classifyFailure(e, attempts, now(), deps.random);
        if (item.kind === "release") {
          blocked.add(item.seminarId);
          deps.store.threads.markFailed(item.seminarId, item.threadId, { reason: failure.reason, kind: failure.kind, nextAttemptAt: failure.retryAt, outcomeKnown: failure.outcomeKnown });
        } else if (item.kind === "post-digest") {
          deps.store.digests.markPostFailed(item.digestId, { reason: failure.reason, kind: failure.kind, nextAttemptAt: failure.retryAt });
        }
        const level = failure.kind === "permanent" ? "error" : "warn";
        deps.log[level](
          { seminar: item.seminarId, work: item.kind, thread: threadId, digest: digestId, err: failure.reason, retryAt: failure.retryAt?.toISOString() },
          failure.kind === "permanent" ? "failed; it waits until the plan changes or a moderator retries it (seminar retry)" : "failed; it will be tried again",
        );
        report.failed.push({ seminarId: item.seminarId, item: item.kind, threadId, digestId, reason: failure.reason, kind: failure.kind, retryAt: failure.retryAt?.toISOString() ?? null });
        deps.onEvent?.({ type: "failed", seminarId: item.seminarId, item: item.kind, threadId, digestId, failure });
      }
    }
  }
  return report;
}

function wants(o: RunOptions, kind: DueKind): boolean {
  return !o.kinds || o.kinds.has(kind);
}

async function runItem(deps: RunnerDeps, ctx: Parameters<typeof releaseThread>[0], plan: Plan, item: DueItem, report: RunReport): Promise<void> {
  switch (item.kind) {
    case "release": {
      const outcome = await releaseThread(ctx, plan, item);
      if (outcome === "released") report.released.push({ seminarId: item.seminarId, threadId: item.threadId, catchUp: item.missed });
      else report.busy.push({ seminarId: item.seminarId, threadId: item.threadId });
      return;
    }
    case "pin":
    case "unpin":
    case "close":
      await runTimer(ctx, item);
      report.timers.push({ seminarId: item.seminarId, threadId: item.threadId, kind: item.kind });
      deps.onEvent?.({ type: "timer", seminarId: item.seminarId, threadId: item.threadId, kind: item.kind });
      return;
    case "digest": {
      if (deps.beforeDigest) {
        await deps.beforeDigest(item.seminarId).catch((e: unknown) => deps.log.warn({ seminar: item.seminarId, err: (e as Error).message }, "could not bring replies up to date before the digest; it uses what the store has"));
      }
      const { id, fresh } = buildDigest(deps.store, plan, { now: ctx.now(), forumUrl: deps.forumUrl, dashboardUrl: seminarPage(deps, item.seminarId), slot: item.slot, postWanted: item.post });
      if (fresh) {
        deps.log.info({ seminar: item.seminarId, digest: id, missed: item.missed }, item.missed ? "digest written (its time passed while the service was down)" : "digest written");
        deps.onEvent?.({ type: "digest_built", seminarId: item.seminarId, digestId: id, missed: item.missed });
      }
      report.digests.push({ seminarId: item.seminarId, digestId: id, posted: false });
      return;
    }
    case "post-digest": {
      const outcome = await postDigest({ ...ctx, poster: plan.seminar.poster ?? deps.apiUsername }, plan, item.digestId);
      if (outcome === "busy") return;
      const entry = report.digests.find((d) => d.digestId === item.digestId);
      if (entry) entry.posted = true;
      else report.digests.push({ seminarId: item.seminarId, digestId: item.digestId, posted: true });
      deps.onEvent?.({ type: "digest_posted", seminarId: item.seminarId, digestId: item.digestId, found: outcome === "found" });
      return;
    }
  }
}
