import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { PROMPTS_DIR } from "../render/template.ts";

/**
 * The moderator-editable templates extraction fills in (prompts/lenses.yaml, prompts/questions.yaml).
 * This is the one place that reads them; extraction itself takes them as arguments.
 */
const lensFile = z.object({
  lenses: z.array(z.object({ id: z.string(), fits: z.array(z.string()), template: z.string() })).min(2),
});
export type Lens = z.infer<typeof lensFile>["lenses"][number];

const questionFile = z.object({
  general: z.array(z.string()).min(1),
  specific: z.array(z.object({ id: z.string(), fits: z.array(z.string()), template: z.string() })).min(1),
  poll: z.object({ question: z.string(), options: z.array(z.string()).min(2) }),
});
export type QuestionTemplates = z.infer<typeof questionFile>;

export function loadLensFile(file = `${PROMPTS_DIR}lenses.yaml`): Lens[] {
  return lensFile.parse(parse(readFileSync(file, "utf8"))).lenses;
}

export function loadQuestionFile(file = `${PROMPTS_DIR}questions.yaml`): QuestionTemplates {
  return questionFile.parse(parse(readFileSync(file, "utf8")));
}

let cached: { lenses: Lens[]; questions: QuestionTemplates } | undefined;
/** The default templates, read once; callers that can should pass their own to `extract`. */
export function defaultPrompts(): { lenses: Lens[]; questions: QuestionTemplates } {
  cached ??= { lenses: loadLensFile(), questions: loadQuestionFile() };
  return cached;
}
