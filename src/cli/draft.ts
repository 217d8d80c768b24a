import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Command, Option } from "commander";
import { UserError } from "../errors.ts";
import { makeFolder } from "../files.ts";
import type { Extraction } from "../extract/index.ts";
import { isValidTimeZone } from "../schedule/cron.ts";
import { println, readConfig, type CliContext } from "./context.ts";

interface DraftOptions {
  output?: string;
  category?: string;
  timezone: string;
  json?: boolean;
  force?: boolean;
  llm?: boolean;
}

/** `seminar draft <document>`: a plan (YAML with guiding comments), or the extraction as JSON. */
export function draftCommand(ctx: CliContext): Command {
  const zone = machineTimeZone();
  return new Command("draft")
    .description("read a document and write a seminar plan (YAML with guiding comments), or print the extraction as JSON")
    .argument("<document>", "a .txt, .md, .html or .pdf document")
    .option("-o, --output <plan.yaml>", "write the plan to this file (default: print it)")
    .option("--category <slug>", "Discourse category slug for the seminar's topics (created if missing; \"parent/child\" for a subcategory)", "seminars")
    .addOption(
      new Option("--timezone <IANA zone>", "time zone of the plan's schedule, e.g. Europe/London")
        .default(zone ?? "UTC", zone ? `${zone}, this machine's zone` : "UTC, as this machine names no IANA zone")
        .argParser(timeZoneArg),
    )
    .option("--json", "print the extraction as JSON instead of a plan")
    .option("--force", "overwrite an existing plan file")
    .option("--llm", "ask a language model (OPENAI_API_KEY) for counterarguments where the document reports none")
    .action(async (document: string, opts: DraftOptions) => {
      const [{ readDocument }, { extract }] = await Promise.all([import("../document/read.ts"), import("../extract/index.ts")]);
      const x = extract(await readDocument(document));
      if (!opts.json && !x.recommendations.length) {
        throw new UserError(`${document}: no recommendations found, so no plan was written; a seminar needs at least one (--json shows what was found)`);
      }
      let drafted = x;
      if (opts.llm) {
        const c = await readConfig(ctx);
        if (!c.OPENAI_API_KEY) throw new UserError("--llm needs OPENAI_API_KEY (and optionally OPENAI_MODEL, OPENAI_BASE_URL); see .env.example");
        const { withLlmCounterarguments } = await import("../extract/llm.ts");
        // A failure is a warning, not an error: the rule-based draft is still a good draft.
        const r = await withLlmCounterarguments(x, { apiKey: c.OPENAI_API_KEY, model: c.OPENAI_MODEL, baseURL: c.OPENAI_BASE_URL });
        if (r.warning) println(ctx.stderr, `warning: ${r.warning}`);
        drafted = r.extraction;
      }
      if (opts.json) return void println(ctx.stdout, JSON.stringify((await import("../extract/json.ts")).extractionJson(drafted), null, 2));
      await writePlan(ctx, document, drafted, opts);
    });
}

async function writePlan(ctx: CliContext, document: string, x: Extraction, opts: DraftOptions): Promise<void> {
  const { planFromExtraction, renderPlanYaml } = await import("../plan/draft.ts");
  const planDir = opts.output ? path.dirname(path.resolve(opts.output)) : process.cwd();
  const plan = planFromExtraction(x, { documentPath: document, category: opts.category, timezone: opts.timezone, planDir });
  const yaml = renderPlanYaml(plan, x);
  if (!opts.output) return void println(ctx.stdout, yaml);
  if (existsSync(opts.output) && !opts.force) throw new UserError(`${opts.output}: already exists; choose another name or pass --force to overwrite it`);
  makeFolder(planDir);
  writeFileSync(opts.output, yaml);
  println(
    ctx.stderr,
    `Wrote ${opts.output}: ${plan.threads.length} threads from ${x.recommendations.length} recommendations, ${x.objections.length} objections. Next: seminar validate ${opts.output}`,
  );
}

/** This machine's IANA zone, if it names a valid one (TZ may be unset, or something Intl cannot use). */
export function machineTimeZone(): string | undefined {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone as string | undefined;
  return zone && isValidTimeZone(zone) ? zone : undefined;
}

function timeZoneArg(v: string): string {
  if (!isValidTimeZone(v)) throw new UserError(`--timezone: "${v}" is not an IANA time zone; use one such as Europe/London, America/New_York or UTC`);
  return v;
}
