import path from "node:path";
import { Document as YamlDocument } from "yaml";
import type { Extraction } from "../extract/index.ts";
import { defaultPrompts, type QuestionTemplates } from "../extract/prompts.ts";
import type { Plan } from "./schema.ts";

export function seminarIdFor(name: string): string {
  const id = name.toLowerCase().replace(/\.[a-z]+$/, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 25).replace(/-+$/, "");
  return id.length >= 2 ? id : "seminar";
}

/** Turns an extraction into a plan a moderator edits: every field filled, nothing released yet. */
export function planFromExtraction(x: Extraction, o: { documentPath: string; category?: string; timezone?: string; planDir?: string; questions?: QuestionTemplates }): Plan {
  const poll = (o.questions ?? defaultPrompts().questions).poll;
  const title = x.document.title ?? path.basename(o.documentPath).replace(/\.[^.]+$/, "");
  return {
    // Inert until a moderator has read it: `seminar approve` flips it.
    status: "draft",
    seminar: {
      id: seminarIdFor(path.basename(o.documentPath)),
      title: `Seminar: ${title}`,
      ...(o.category ? { category: o.category } : {}),
      timezone: o.timezone ?? "UTC",
      schedule: "0 9 * * 1",
      starts: "first-run",
      counterargument_poster: "devils_advocate",
      counterargument_role: "trust-level-2",
      tags: [],
      pin_current: false,
      digest: { schedule: "0 18 * * 5", post: false },
    },
    source: {
      document: o.planDir ? path.relative(o.planDir, path.resolve(o.documentPath)) : o.documentPath,
      title: x.document.title,
      author: x.document.author,
    },
    threads: x.recommendations.map((r) => ({
      id: r.id,
      title: r.title.length >= 15 ? r.title : `Recommendation: ${r.title}`,
      recommendation: r.text,
      context: r.context || undefined,
      source_line: r.line,
      questions: r.questions,
      poll: { question: poll.question, options: [...poll.options] },
      counterarguments: r.counterarguments.map((c) => ({ text: c.text, source: c.source })),
      skip: false,
    })),
  };
}

const HEADER = ` Seminar plan drafted by discourse-seminar. It is a draft: nothing is released until you have
 read and edited it, then approved it with
   seminar approve <this file>
 after which "seminar publish" (or a running "npm start") releases it on its schedule.
 Each thread becomes one topic; each counterargument one reply by counterargument_poster.
 schedule is cron in the seminar's timezone: one thread per occurrence, in the order below.
 starts: "first-run" releases the first thread as soon as the service first sees the plan.`;

/** The plan as YAML, with comments that show where each thread came from in the document. */
export function renderPlanYaml(plan: Plan, x?: Extraction): string {
  const doc = new YamlDocument(plan);
  doc.commentBefore = HEADER;
  plan.threads.forEach((_t, i) => {
    const node = doc.getIn(["threads", i], true) as { commentBefore?: string } | undefined;
    const r = x?.recommendations[i];
    if (node && r) {
      const excerpt = r.text.length > 100 ? `${r.text.slice(0, 100)}…` : r.text;
      node.commentBefore = ` Thread ${i + 1}: from line ${r.line} of the document (found as ${r.how}): ${excerpt.replace(/\n/g, " ")}`;
    }
  });
  if (!plan.threads.length) doc.comment = " The document states no recommendations: add threads by hand.";
  return doc.toString({ lineWidth: 100, blockQuote: "literal" });
}
