import OpenAI from "openai";
import { z } from "zod";
import { loadPrompt, renderTemplate } from "../render/template.ts";
import type { Counterargument } from "./counterarguments.ts";
import type { Extraction } from "./index.ts";

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
  rec: { text: string; context: string; title?: string },
  documentTitle: string | null,
  existing: string[],
  count: number,
): Promise<Counterargument[]> {
  if (count <= 0) return [];
  const client = new OpenAI({ apiKey: o.apiKey, baseURL: o.baseURL, timeout: o.timeoutMs ?? 30_000, maxRetries: 1 });
  const prompt = renderTemplate(loadPrompt("llm-counterarguments.md"), {
    title: documentTitle ?? "(untitled)",
    recommendation: rec.text,
    rtitle: rec.title ?? "",
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

/** What `withLlmCounterarguments` asks the model for one recommendation; injectable for tests. */
export type AskModel = (rec: { text: string; context: string; title: string }, documentTitle: string | null, existing: string[], count: number) => Promise<Counterargument[]>;

/**
 * Whether a model's counterargument answers this recommendation: it quotes at least four
 * consecutive words of it, or names it by its title, or shares three of its content words.
 */
export function citesRecommendation(counter: string, rec: { text: string; title: string }): boolean {
  const words = (s: string) => s.toLowerCase().replace(/[‘’]/g, "'").replace(/[^\p{L}\p{N}' ]+/gu, " ").split(/\s+/).filter(Boolean);
  const c = ` ${words(counter).join(" ")} `;
  const r = words(rec.text);
  for (let i = 0; i + 4 <= r.length; i++) if (c.includes(` ${r.slice(i, i + 4).join(" ")} `)) return true;
  if (c.includes(` ${words(rec.title).join(" ")} `)) return true;
  const STOP = new Set(["the", "and", "that", "this", "with", "for", "from", "should", "would", "could", "must", "will", "they", "their", "what", "which", "have", "been", "more", "than"]);
  const rs = new Set(r.filter((w) => w.length > 3 && !STOP.has(w)));
  return new Set(words(counter).filter((w) => rs.has(w))).size >= 3;
}

/**
 * Replaces each thread's lens counterarguments with model-written ones; the document's own
 * objections stay. Every model counterargument must cite the recommendation it answers
 * (`citesRecommendation`); one that does not is dropped and its place keeps its lens. A model
 * failure is returned as a warning, and the extraction keeps its lenses: nothing is written.
 */
export async function withLlmCounterarguments(
  x: Extraction,
  opts: LlmOptions & { ask?: AskModel; secrets?: string[] },
): Promise<{ extraction: Extraction; warning?: string }> {
  const ask: AskModel = opts.ask ?? ((rec, title, existing, count) => llmCounterarguments(opts, rec, title, existing, count));
  const recommendations = [];
  const dropped: string[] = [];
  for (const [i, r] of x.recommendations.entries()) {
    const fromDoc = r.counterarguments.filter((ca) => ca.source === "document");
    const lenses = r.counterarguments.filter((ca) => ca.source !== "document");
    if (!lenses.length) {
      recommendations.push(r);
      continue;
    }
    let written: Counterargument[];
    try {
      written = await ask(r, x.document.title, fromDoc.map((ca) => ca.text), lenses.length);
    } catch (e) {
      let why = (e as Error).message.split("\n")[0]!;
      for (const s of opts.secrets ?? [opts.apiKey]) if (s) why = why.split(s).join("[redacted]");
      return { extraction: { ...x, recommendations: [...recommendations, ...x.recommendations.slice(i)] }, warning: `no model-written counterarguments (${why}); the draft keeps its lens questions` };
    }
    const cited = written.filter((ca) => citesRecommendation(ca.text, r)).slice(0, lenses.length);
    if (cited.length < written.length) dropped.push(r.id);
    recommendations.push({ ...r, counterarguments: [...fromDoc, ...cited, ...lenses.slice(cited.length)] });
  }
  const warning = dropped.length ? `model counterarguments that did not cite their recommendation were left out (${dropped.join(", ")}); those places keep their lens questions` : undefined;
  return { extraction: { ...x, recommendations }, ...(warning ? { warning } : {}) };
}
