import type { Config } from "../config.ts";
import { UserError } from "../errors.ts";
import type { Extraction } from "../extract/index.ts";
import { llmCounterarguments } from "../extract/llm.ts";
import { redactSecrets } from "../log.ts";
import { println } from "./context.ts";

/**
 * Replaces lens templates with model-written counterarguments; the document's own objections
 * stay. A failure is a warning, not an error: the rule-based draft is still a good draft.
 */
export async function addLlmCounterarguments(x: Extraction, c: Config, stderr: NodeJS.WritableStream): Promise<void> {
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
      println(stderr, `warning: no model-written counterarguments (${why}); the draft keeps its lens questions`);
      return;
    }
  }
}
