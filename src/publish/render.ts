import type { Plan, PlanThread } from "../plan/schema.ts";
import { loadPrompt, renderTemplate } from "../render/template.ts";

const SOURCE_LABEL: Record<string, string> = {
  document: "an objection reported in the document",
  lens: "a devil's advocate question",
  moderator: "from the moderator",
  llm: "a generated devil's advocate question",
};

/** The poll markup Discourse's poll plugin reads; names are fixed so results can be found again. */
export function pollMarkup(poll: NonNullable<PlanThread["poll"]>): string {
  const options = poll.options.map((o) => `* ${o.replace(/\n/g, " ")}`).join("\n");
  return `[poll name=stance type=regular results=always public=false chartType=bar]\n# ${poll.question.replace(/\n/g, " ")}\n${options}\n[/poll]`;
}

export function threadBody(plan: Plan, thread: PlanThread, position: number, total: number): string {
  const source = [plan.source.title, plan.source.author ? `by ${plan.source.author}` : ""].filter(Boolean).join(" ");
  const quoted = thread.recommendation.replace(/\n+/g, "\n>\n> ");
  return renderTemplate(loadPrompt("thread.md"), {
    number: position + 1,
    total,
    source,
    recommendation: quoted,
    context: thread.context,
    questions: thread.questions.map((q, i) => `${i + 1}. ${q}`).join("\n"),
    poll: thread.poll ? pollMarkup(thread.poll) : "",
  });
}

/** A hidden marker ends every seeded reply: it is how a retry finds a post that already landed. */
export function counterargumentBody(text: string, source: string, position: number, total: number, marker: string): string {
  const body = renderTemplate(loadPrompt("counterargument.md"), {
    number: position + 1,
    total,
    source_label: SOURCE_LABEL[source] ?? source,
    text,
  });
  return `${body}\n\n<!-- ${marker} -->`;
}

export function topicMarker(externalId: string): string {
  return `<!-- discourse-seminar:${externalId} -->`;
}
