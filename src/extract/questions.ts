import { contentWords } from "./cues.ts";
import type { QuestionTemplates } from "./prompts.ts";
import { tagText } from "./nlp.ts";

/**
 * Who a recommendation asks to act, when it names someone: the subject of its modal ("the
 * Secretary of State should", "the two sides must"), or the one asked ("I recommend that the
 * Congress enact"). Not the subject of a passive ("cooperation should not be seen as ..."): that
 * is what is acted on.
 */
export function agentOf(text: string): string | null {
  const sentence = text.split(/(?<=[.!?])\s+/)[0] ?? text;
  const ts = tagText(sentence);
  const modal = ts.findIndex((t) => t.pos === "AUX" && /^(?:should|must|ought|shall)$/.test(t.lower));
  const that = ts.findIndex((t, k) => t.lower === "that" && /^(?:recommend|urge|propose|suggest|ask)$/.test(ts[k - 1]?.lemma ?? ""));
  let end = modal;
  let start = -1;
  if (that >= 0) {
    start = that + 1;
    end = ts.findIndex((t, k) => k > start && (t.pos === "VERB" || t.pos === "AUX"));
  } else if (modal > 0) {
    start = modal - 1;
    while (start > 0 && /^(?:NOUN|PROPN|DET|ADJ|ADP|CCONJ|NUM)$/.test(ts[start - 1]!.pos) && ts[start - 1]!.word !== ",") start--;
    // "should (not) be seen as ...": a passive's subject is acted on.
    let v = modal + 1;
    while (ts[v] && (ts[v]!.pos === "ADV" || ts[v]!.lower === "not" || ts[v]!.pos === "PART")) v++;
    const participle = ts[v + 1];
    if (ts[v]?.lemma === "be" && participle?.pos === "VERB" && participle.lower !== participle.lemma && !participle.lower.endsWith("ing")) return null;
  }
  if (start < 0 || end <= start) return null;
  const phrase = ts.slice(start, end);
  while (phrase.length && (phrase[0]!.pos === "ADP" || phrase[0]!.pos === "CCONJ")) phrase.shift();
  if (!phrase.length || !phrase.some((t) => t.pos === "NOUN" || t.pos === "PROPN") || phrase.length > 10) return null;
  if (phrase.some((t) => t.pos === "PRON" && /^(?:i|we|you|it|they|there)$/.test(t.lower))) return null;
  const first = phrase[0]!;
  const s = sentence.slice(first.start, phrase.at(-1)!.end);
  // "The Secretary" reads "the Secretary" inside a sentence; a name or an acronym keeps its capital.
  if (first.pos === "DET") return s.charAt(0).toLowerCase() + s.slice(1);
  return first.pos === "PROPN" || /^\p{Lu}{2,}$/u.test(first.word) ? s : `the ${s}`;
}

/**
 * The thread's questions: the general ones, then those specific to what the recommendation asks
 * (who must act, at what cost, by when), each naming it by its title.
 */
export function questionsFor(rec: { text: string; title: string; agent: string | null }, t: QuestionTemplates): string[] {
  const words = contentWords(rec.text);
  const fill = (s: string) => s.replace(/\{title\}/g, rec.title).replace(/\{agent\}/g, rec.agent ?? "someone");
  const specific = t.specific.filter((q) => q.fits.some((f) => words.has([...contentWords(f)][0] ?? f)) && (q.template.includes("{agent}") ? rec.agent !== null : true));
  const chosen = specific.length ? specific.slice(0, 2) : t.specific.filter((q) => !q.template.includes("{agent}")).slice(0, 1);
  const general = t.general.map(fill);
  return [general[0]!, ...chosen.map((q) => fill(q.template)), ...general.slice(1)];
}
