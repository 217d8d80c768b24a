import OpenAI from "openai";
import { z } from "zod";
import { loadPrompt, renderTemplate } from "../render/template.ts";
import type { Counterargument } from "./counterarguments.ts";

export interface LlmOptions {
  apiKey: string;
  model: string;
  baseURL?: string;
  timeoutMs?: number;
}

const answer = z.object({ counterarguments: z.array(z.string().trim().min(20).max(1200)) });

/**
 * Counterarguments written by a language model, for a moderator who asks for them
 * (`seminar draft --llm`). It never stands in for the document's own objections: it replaces
 * lens templates only, and any failure leaves the draft as the rules made it.
 */
export async function llmCounterarguments(
  o: LlmOptions,
  rec: { text: string; context: string },
  documentTitle: string | null,
  existing: string[],
  count: number,
): Promise<Counterargument[]> {
  if (count <= 0) return [];
  const client = new OpenAI({ apiKey: o.apiKey, baseURL: o.baseURL, timeout: o.timeoutMs ?? 30_000, maxRetries: 1 });
  const prompt = renderTemplate(loadPrompt("llm-counterarguments.md"), {
    title: documentTitle ?? "(untitled)",
    recommendation: rec.text,
    context: rec.context || "(none)",
    existing: existing.length ? existing.map((e) => `- ${e}`).join("\n") : "(none)",
    count,
  });
  const res = await client.chat.completions.create({
    model: o.model,
    messages: [{ role: "user", content: prompt }],
    response_format: { type: "json_object" },
    temperature: 0.7,
  });
  const content = res.choices[0]?.message?.content ?? "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw new Error("the model did not answer with JSON");
  }
  const ok = answer.safeParse(parsed);
  if (!ok.success) throw new Error("the model's answer did not list counterarguments");
  return ok.data.counterarguments.slice(0, count).map((text) => ({ text: text.replace(/\s+/g, " "), source: "llm" as const }));
}
