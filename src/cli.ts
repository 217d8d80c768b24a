import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Command, CommanderError, Option } from "commander";
import { loadConfig, loadDotEnv, type Config } from "./config.ts";
import { buildDigest, composeDigest } from "./digest/build.ts";
import { DiscourseClientError } from "./discourse/errors.ts";
import type { Forum } from "./discourse/forum.ts";
import { readDocument } from "./document/read.ts";
import { UserError } from "./errors.ts";
import { storeError } from "./store/db.ts";
import { extract, type Extraction } from "./extract/index.ts";
import { llmCounterarguments } from "./extract/llm.ts";
import { redactSecrets } from "./log.ts";
import { planFromExtraction, renderPlanYaml } from "./plan/draft.ts";
import { loadPlan, type LoadedPlan } from "./plan/load.ts";
import { approvePlan } from "./plan/approve.ts";
import { runDue, type RunReport } from "./runner/runner.ts";
import { checkPlansApart, forumFor, forumKey, forumUrl, loadPlans, lockDataDir, makeLogger, openStoreFor } from "./runtime.ts";
import { parseFaults } from "./sandbox/faults.ts";
import { startSandbox } from "./sandbox/server.ts";
import { startService } from "./service.ts";
import { seminarStatus } from "./status.ts";
import { trackOnce } from "./track/tracker.ts";

const out = (s: string) => process.stdout.write(s.endsWith("\n") ? s : `${s}\n`);

function config(): Config {
  loadDotEnv();
  return loadConfig(process.env);
}

/** Fails early, in one line, when the CLI has no forum to talk to. */
async function reachableForum(c: Config): Promise<Forum> {
  const log = makeLogger(c);
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

/**
 * Replaces lens templates with model-written counterarguments; the document's own objections
 * stay. A failure is a warning, not an error: the rule-based draft is still a good draft.
 */
async function addLlmCounterarguments(x: Extraction, c: Config): Promise<void> {
  if (!c.OPENAI_API_KEY) throw new UserError("--llm needs OPENAI_API_KEY (and optionally OPENAI_MODEL, OPENAI_BASE_URL); see .env.example");
  const opts = { apiKey: c.OPENAI_API_KEY, model: c.OPENAI_MODEL, baseURL: c.OPENAI_BASE_URL };
  for (const r of x.recommendations) {
    const fromDoc = r.counterarguments.filter((ca) => ca.source === "document");
    const want = r.counterarguments.length - fromDoc.length;
    try {
      const llm = await llmCounterarguments(opts, r, x.document.title, fromDoc.map((ca) => ca.text), want);
      if (llm.length === want) r.counterarguments = [...fromDoc, ...llm];
    } catch (e) {
      const why = redactSecrets((e as Error).message.split("\n")[0]!, [c.OPENAI_API_KEY]);
      process.stderr.write(`warning: no model-written counterarguments (${why}); the draft keeps its lens questions\n`);
      return;
    }
  }
}

function planArg(c: Config, arg: string): LoadedPlan {
  if (existsSync(arg) || /\.ya?ml$/.test(arg)) return loadPlan(arg);
  const found = loadPlans(c.SEMINAR_DIR).find((p) => p.plan.seminar.id === arg);
  if (!found) throw new UserError(`${arg}: neither a plan file nor the id of a seminar in ${c.SEMINAR_DIR}; give a plan path or run "seminar status"`);
  return found;
}

export function buildProgram(): Command {
  const program = new Command("seminar")
    .description("Turn a policy document into a moderated seminar on a Discourse forum.")
    .version("0.1.0")
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: (s, write) => write(s.split("\n").filter(Boolean)[0]! + "\n") });

  program
    .command("draft")
    .description("read a document and write a seminar plan (YAML with guiding comments), or print the extraction as JSON")
    .argument("<document>", "a .txt, .md, .html or .pdf document")
    .option("-o, --output <plan.yaml>", "write the plan to this file (default: print it)")
    .option("--category <slug>", "Discourse category slug for the seminar's topics")
    .option("--json", "print the extraction as JSON instead of a plan")
    .option("--force", "overwrite an existing plan file")
    .option("--llm", "ask a language model (OPENAI_API_KEY) for counterarguments where the document reports none")
    .action(async (document: string, opts: { output?: string; category?: string; json?: boolean; force?: boolean; llm?: boolean }) => {
      const doc = await readDocument(document);
      const x = extract(doc);
      if (opts.llm) await addLlmCounterarguments(x, config());
      if (opts.json) {
        const { path: _p, ...docInfo } = x.document;
        out(JSON.stringify({
          document: docInfo,
          recommendations: x.recommendations.map((r) => ({ id: r.id, title: r.title, text: r.text, start: r.start, end: r.end, line: r.line, structure: r.how, counterarguments: r.counterarguments.map((ca) => ({ text: ca.text, source: ca.source })) })),
          objections: x.objections.map((ob) => ({ text: ob.text, start: ob.start, end: ob.end, line: ob.line })),
        }, null, 2));
        return;
      }
      const planDir = opts.output ? path.dirname(path.resolve(opts.output)) : process.cwd();
      const plan = planFromExtraction(x, { documentPath: document, category: opts.category, planDir });
      const yaml = renderPlanYaml(plan, x);
      if (!opts.output) return void out(yaml);
      if (existsSync(opts.output) && !opts.force) throw new UserError(`${opts.output}: already exists; choose another name or pass --force to overwrite it`);
      mkdirSync(planDir, { recursive: true });
      writeFileSync(opts.output, yaml);
      process.stderr.write(`Wrote ${opts.output}: ${plan.threads.length} threads from ${x.recommendations.length} recommendations, ${x.objections.length} objections. Next: seminar validate ${opts.output}\n`);
    });

  program
    .command("validate")
    .description("check a plan; errors name file:line and the field")
    .argument("<plan.yaml>")
    .action((file: string) => {
      const { plan } = loadPlan(file);
      out(`${file}: ok, seminar "${plan.seminar.id}" with ${plan.threads.length} threads (${plan.threads.reduce((n, t) => n + t.counterarguments.length, 0)} counterarguments)`);
    });

  program
    .command("publish")
    .description("release the threads that are due (all of them with --now)")
    .argument("<plan.yaml>")
    .option("--now", "release every thread now, whatever the schedule says")
    .option("--dry-run", "say what would be released, and write nothing")
    .action(async (file: string, opts: { now?: boolean; dryRun?: boolean }) => {
      const c = config();
      const lp = loadPlan(file);
      checkPlansApart([...loadPlans(c.SEMINAR_DIR).filter((p) => path.resolve(p.path) !== path.resolve(lp.path)), lp]);
      if (opts.dryRun) {
        const store = openStoreFor(c);
        const now = Date.now();
        const [status] = seminarStatus(store, [lp], forumUrl(c), { projectFrom: now });
        store.close();
        if (lp.plan.status === "draft") out(`${file} is a draft: nothing would be released until you run "seminar approve ${file}"`);
        for (const t of status!.threads.filter((x) => x.state !== "skipped")) {
          const thread = lp.plan.threads.find((x) => x.id === t.id)!;
          const at = t.releaseAt ? Date.parse(t.releaseAt) : Number.POSITIVE_INFINITY;
          const verdict = t.state === "published" ? "released " : lp.plan.status === "draft" ? "draft    " : opts.now || at <= now ? "would release" : "scheduled";
          out(`${verdict}  ${t.releaseAt ?? "never"}  ${t.id}  ${t.title} (+${thread.counterarguments.length} counterarguments)`);
        }
        return;
      }
      if (lp.plan.status === "draft") throw new UserError(`${file}: this plan is a draft, so nothing is released; read it, then run "seminar approve ${file}"`);
      const forum = await reachableForum(c);
      const store = openStoreFor(c, { forForum: true });
      try {
        const lock = lockDataDir(store, c, "publish");
        try {
          const r = await runDue(runnerDeps(c, store, forum), { plans: [lp], kinds: new Set(["release", "pin", "unpin", "close"]), releaseAll: opts.now });
          for (const x of r.released) out(`released ${x.threadId}`);
          for (const w of r.waiting) out(`${w.reason === "scheduled" ? "scheduled" : w.reason === "retrying" ? "retrying" : "held"} ${w.threadId} ${w.reason === "failed" ? "until retried (seminar retry)" : `for ${Number.isFinite(w.at) ? new Date(w.at).toISOString() : "never"}`}`);
          for (const b of r.busy) out(`busy ${b.threadId} (another process is releasing it)`);
          if (!r.released.length && !r.failed.length) out("nothing due");
          throwFirstFailure(r, lp.plan.seminar.id);
        } finally {
          lock.release();
        }
      } finally {
        store.close();
      }
    });

  program
    .command("retry")
    .description("let a failed thread (or digest post) be tried again at the next release run")
    .argument("<plan.yaml|seminar-id>")
    .argument("[thread-id]", "the thread (default: every failed thread of the seminar)")
    .action((arg: string, threadId: string | undefined) => {
      const c = config();
      const lp = planArg(c, arg);
      const store = openStoreFor(c);
      try {
        const id = lp.plan.seminar.id;
        const threads = threadId ? [threadId] : store.threads.ofSeminar(id).filter((t) => t.failure).map((t) => t.thread_id);
        if (threadId && !lp.plan.threads.some((t) => t.id === threadId)) throw new UserError(`${threadId}: no such thread in ${lp.path}; the ids are ${lp.plan.threads.map((t) => t.id).join(", ")}`);
        const reset = threads.filter((t) => store.threads.retry(id, t));
        const digests = threadId ? [] : store.digests.unposted(id).filter((d) => d.post_state === "failed" && store.digests.requestPost(d.id));
        if (!reset.length && !digests.length) return void out(`nothing to retry in ${id}: no failed thread${threadId ? ` ${threadId}` : ""}`);
        for (const t of reset) out(`will retry ${t} at the next release run`);
        if (digests.length) out(`will post ${digests.length} failed digest${digests.length > 1 ? "s" : ""} again`);
      } finally {
        store.close();
      }
    });

  program
    .command("approve")
    .description("check a drafted plan, then mark it approved so that its threads are released")
    .argument("<plan.yaml>")
    .action((file: string) => {
      const { plan } = loadPlan(file);
      const changed = approvePlan(file);
      out(changed ? `${file}: approved; seminar "${plan.seminar.id}" will release on its schedule` : `${file}: already approved`);
    });

  program
    .command("track")
    .description("fetch new, edited and deleted replies of every released thread into the store")
    .option("--once", "run once and exit (the default; the service tracks on a schedule)")
    .option("--full", "read every released topic whole (edits, deletions, poll votes), not only what changed")
    .action(async (opts: { full?: boolean }) => {
      const c = config();
      const forum = await reachableForum(c);
      const store = openStoreFor(c, { forForum: true });
      try {
        const r = await trackOnce({ store, forum, log: makeLogger(c), mode: opts.full ? "full" : "cycle", closedForMs: c.TRACK_CLOSED_AFTER_DAYS * 86_400_000 });
        out(`tracked ${r.topics} topics: ${r.newPosts} new, ${r.changedPosts} changed, ${r.deletedPosts} deleted posts`);
        for (const e of r.errors) out(`warning: ${e}`);
      } finally {
        store.close();
      }
    });

  program
    .command("digest")
    .description("build the reply digest of a seminar: what is new since the last digest")
    .argument("<plan.yaml|seminar-id>")
    .option("--out <file>", "write the digest (Markdown) to this file, or - for standard output", "-")
    .option("--post", "also post it to the forum, in the seminar's digest topic")
    .option("--dry-run", "show the digest without recording it (the next digest starts from the same point)")
    .action(async (arg: string, opts: { out: string; post?: boolean; dryRun?: boolean }) => {
      const c = config();
      const lp = planArg(c, arg);
      const posting = opts.post && !opts.dryRun;
      const forum = posting ? await reachableForum(c) : undefined;
      const store = openStoreFor(c, { forForum: posting });
      try {
        const now = new Date();
        // A preview records no window and posts nothing: the next digest starts from the same point.
        let markdown: string;
        let digestId: number | undefined;
        if (posting) {
          digestId = buildDigest(store, lp.plan, { now, forumUrl: forumUrl(c), slot: null, postWanted: true }).id;
          markdown = store.digests.get(digestId)!.markdown;
        } else markdown = composeDigest(store, lp.plan, { now, forumUrl: forumUrl(c) }).markdown;
        if (opts.out === "-") out(markdown);
        else {
          mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
          writeFileSync(opts.out, `${markdown}\n`);
          process.stderr.write(`Wrote ${opts.out}\n`);
        }
        if (posting) {
          const r = await runDue(runnerDeps(c, store, forum!), { plans: [lp], seminarId: lp.plan.seminar.id, kinds: new Set(["post-digest"]) });
          throwFirstFailure(r, lp.plan.seminar.id);
          const d = store.digests.get(digestId!)!;
          if (d.post_state === "posted") process.stderr.write(`Posted to ${forumUrl(c)}/t/${store.seminars.get(lp.plan.seminar.id)?.digest_topic_slug ?? "topic"}/${d.posted_topic_id}\n`);
          else process.stderr.write("Another process is posting it; it will appear shortly\n");
        }
      } finally {
        store.close();
      }
    });

  program
    .command("status")
    .description("seminars, threads, release times and reply counts")
    .option("--json", "print JSON")
    .action((opts: { json?: boolean }) => {
      const c = config();
      const plans = loadPlans(c.SEMINAR_DIR);
      const store = openStoreFor(c);
      try {
        const s = seminarStatus(store, plans, forumUrl(c));
        if (opts.json) return void out(JSON.stringify(s, null, 2));
        if (!s.length) return void out(`no seminar plans in ${c.SEMINAR_DIR}`);
        for (const sem of s) {
          out(`${sem.id}  ${sem.title}  (${sem.planPath}${sem.status === "draft" ? ", draft: run seminar approve" : ""})`);
          for (const t of sem.threads) {
            out(`  ${t.id.padEnd(8)} ${t.state.padEnd(13)} ${(t.releaseAt ?? "-").slice(0, 16).padEnd(16)} ${String(t.replies).padStart(3)} replies ${String(t.participants).padStart(3)} people  ${t.title}${t.url ? `  ${t.url}` : ""}${t.lastError ? `\n           last error: ${t.lastError}` : ""}`);
          }
        }
      } finally {
        store.close();
      }
    });

  program
    .command("serve")
    .description("run the service: scheduled releases, tracking and digests, webhooks, dashboard (and the sandbox forum when DISCOURSE_URL is unset)")
    .action(async () => {
      const svc = await startService(config());
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.stdout.write("Stopping…\n");
          void svc.close().then(resolve);
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });

  program
    .command("sandbox")
    .description("run only the sandbox forum on 127.0.0.1 (a Discourse-compatible server for tests and demos)")
    .requiredOption("--port <n>", "port to listen on (0 picks a free one)", (v) => portArg(v))
    .requiredOption("--api-key <key>", "the admin API key it accepts, for any existing user")
    .addOption(new Option("--memory", "keep the forum in memory only (the default)").conflicts("data"))
    .option("--data <file>", "keep the forum in this SQLite file")
    .option("--rate-limit <n>", "admin API requests per minute (Discourse's default is 60)", (v) => intArg("--rate-limit", v), 60)
    .option("--no-rate-limit", "turn rate limiting off")
    .option("--webhook <url>", "deliver webhooks to this URL")
    .option("--webhook-secret <secret>", "sign webhooks with this secret")
    .option("--faults <spec>", "inject faults, e.g. 429:0.2,500:0.1,latency:50,webhook-drop:0.1,readonly:1")
    .option("--seed <n>", "seed for fault injection", (v) => intArg("--seed", v))
    .action(async (opts: { port: number; apiKey: string; memory?: boolean; data?: string; rateLimit: number | false; webhook?: string; webhookSecret?: string; faults?: string; seed?: number }) => {
      if (opts.apiKey.length < 8) throw new UserError("--api-key: use at least 8 characters");
      const sb = await startSandbox({
        port: opts.port,
        apiKey: opts.apiKey,
        dataFile: opts.data,
        rateLimit: opts.rateLimit === false ? 0 : opts.rateLimit,
        faults: opts.faults ? parseFaults(opts.faults) : undefined,
        webhooks: opts.webhook ? [{ url: opts.webhook, secret: opts.webhookSecret }] : [],
        seed: opts.seed,
      }).catch((e) => {
        if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") throw new UserError(`--port ${opts.port}: already in use; choose another port or 0`);
        throw e;
      });
      out(sb.url);
      await new Promise<void>((resolve) => {
        const stop = () => void sb.close().then(resolve);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });

  return program;
}

function runnerDeps(c: Config, store: ReturnType<typeof openStoreFor>, forum: Forum) {
  return { store, forum, log: makeLogger(c), forumUrl: forumUrl(c), forumKey: forumKey(c), apiUsername: c.DISCOURSE_API_USERNAME };
}

/** A run that failed says so in one line (exit 1), with what to do for a failure that waits for a person. */
function throwFirstFailure(r: RunReport, seminarId: string): void {
  const f = r.failed[0];
  if (!f) return;
  const what = f.threadId ? `release ${f.threadId}` : f.digestId ? "post the digest" : "prepare the seminar";
  const next = f.kind === "permanent" ? `; fix it, then run "seminar retry ${seminarId}${f.threadId ? ` ${f.threadId}` : ""}"` : "; it will be tried again";
  throw new DiscourseClientError(`could not ${what}: ${f.reason}${next}`, "POST", "/posts.json");
}

function intArg(name: string, v: string): number {
  if (!/^\d+$/.test(v)) throw new UserError(`${name}: "${v}" is not a whole number`);
  return Number(v);
}
function portArg(v: string): number {
  const n = intArg("--port", v);
  if (n > 65535) throw new UserError(`--port: ${n} is not a port number (0-65535)`);
  return n;
}

/** The only place that turns errors into exit codes: 2 for what the user can fix, 1 for the rest. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof UserError) {
      process.stderr.write(`seminar: ${e.message}\n`);
      return 2;
    }
    if (e instanceof DiscourseClientError) {
      process.stderr.write(`seminar: ${e.message}\n`);
      return 1;
    }
    const fromStore = storeError(e);
    if (fromStore) {
      process.stderr.write(`seminar: ${fromStore.message}\n`);
      return 2;
    }
    process.stderr.write(`seminar: unexpected error: ${(e as Error)?.message ?? String(e)} (please report it)\n`);
    return 1;
  }
}

const code = await main(process.argv);
process.exitCode = code;
