import type { Document } from "../document/types.ts";
import type { Analysis } from "./analysis.ts";
import type { Evidence } from "./features.ts";
import { SAYING } from "./grammar.ts";
import type { Token } from "./nlp.ts";
import { answeredQuestion, isObjectorSubject, OBJECTION_NOUN, OBJECTORS, OPPOSING, QUANTIFIERS, speakerLabel, type ObjectionUnit } from "./objections.ts";
import { insideQuote, proposes } from "./structure.ts";

/**
 * The evidence an objection scorer weighs for each unit: who the sentence attributes a view to
 * (critics, "some", an agency, "you hear people say"), whether a claim follows or only a mention,
 * concessions and risks the author grants, questions the author answers, and what the author does
 * in the sentence (proposes, narrates). Properties of English and of argument, not of a document.
 */
interface Ctx {
  doc: Document;
  a: Analysis;
  u: ObjectionUnit;
  ts: Token[];
}

const CONTRAST = /^(?:but|however|yet|still|nevertheless|on the other hand|of course|now)\b/i;
const CONCESSION = /^(?:(?:now|and|but|so),?\s+)?(?:admittedly|granted|to be sure|of course|it is true|it's true|true,|it may be (?:conceded|admitted|said|urged|objected|argued)|it must be (?:admitted|conceded)|i (?:admit|concede|grant|acknowledge))\b/i;
/** Epistemic hedges that grant a point before answering it: "may seem", "might appear", "it may be thought". */
const HEDGE = /\b(?:may|might|could) (?:well )?(?:seem|appear|be thought|be argued|be said|be objected)\b/i;

const FEATURES: [string, (c: Ctx) => number][] = [
  ["claim attributed to objectors", (c) => +(c.u.kind === "claim")],
  ["scene naming objectors", (c) => +(c.u.kind === "scene")],
  ["claim after a scene", (c) => +(c.u.scene >= 0)],
  ["objectors introduced earlier in the paragraph", (c) => +(c.u.frame >= 0 && c.u.frame !== c.u.si && c.u.scene < 0)],
  ["question the author answers", (c) => +answeredQuestion(c.doc, c.a, c.u.si)],
  ["question", (c) => +(c.ts.at(-1)?.word === "?" || c.ts.at(-2)?.word === "?")],
  ["labelled claim (Myth:, Objection:)", (c) => +/^(?:myth|claim|objection|concern|criticism|counterargument)\s*:/i.test(sentence(c))],
  ["concession", (c) => +CONCESSION.test(sentence(c).replace(/[‘’]/g, "'"))],
  ["objector noun", (c) => +c.ts.some((t) => OBJECTORS.test(t.lower))],
  ["objection noun", (c) => +c.ts.some((t) => OBJECTION_NOUN.test(t.lower))],
  ["risk or difficulty noun", (c) => +c.ts.some((t) => t.pos === "NOUN" && /^(?:risks?|drawbacks?|downsides?|dangers?|difficult(?:y|ies)|costs?|burdens?)$/.test(t.lower))],
  ["quantifier subject of saying", (c) => +c.ts.some((t, i) => (t.pos === "VERB" || t.pos === "NOUN") && (SAYING.has(t.lemma) || OPPOSING.has(t.lemma)) && isObjectorSubject(c.ts, i) && c.ts.slice(Math.max(0, i - 4), i).some((x) => QUANTIFIERS.test(x.lower)))],
  ["verb of opposing", (c) => +c.ts.some((t) => t.pos === "VERB" && OPPOSING.has(t.lemma))],
  ["third party says", (c) => +c.ts.some((t, i) => t.pos === "VERB" && SAYING.has(t.lemma) && !firstPersonBefore(c.ts, i))],
  ["hear people say", (c) => +c.ts.some((t, i) => t.lemma === "hear" && c.ts.slice(i + 1, i + 4).some((x) => QUANTIFIERS.test(x.lower) || OBJECTORS.test(x.lower)))],
  ["author knows or recognizes", (c) => +c.ts.some((t, i) => /^(?:i|we)$/.test(t.lower) && /^(?:know|understand|recognize|recognise|hear|acknowledge|realize|realise|appreciate)$/.test(c.ts[i + 1]?.lemma ?? ""))],
  ["agency does not concur", (c) => +c.ts.some((t) => (t.lemma === "concur" || t.lemma === "agree") && t.negated)],
  ["disagrees", (c) => +c.ts.some((t) => t.lemma === "disagree" && t.pos === "VERB")],
  ["direct speech (said, well, ...)", (c) => +c.ts.some((t, i) => t.pos === "VERB" && SAYING.has(t.lemma) && /^[,“":]$/.test(c.ts[i + 1]?.word ?? ""))],
  ["opens with a contrast", (c) => +CONTRAST.test(sentence(c))],
  ["next sentence opens with a contrast", (c) => {
    const next = c.doc.sentences[c.u.si + 1];
    return +(!!next && next.block === c.u.block && CONTRAST.test(next.text));
  }],
  ["quoted", (c) => +(c.ts.some((t) => t.word === "“" || t.word === '"') || insideQuote(c.ts, c.ts.length - 1))],
  ["author proposes", (c) => +(proposes(c.a.readings[c.u.si]!) && c.a.readings[c.u.si]!.agent !== "other")],
  ["past narration", (c) => +c.a.readings[c.u.si]!.past],
  ["would or could", (c) => +c.ts.some((t) => t.pos === "AUX" && /^(?:would|could|might|may)$/.test(t.lower))],
  ["negated", (c) => +c.ts.some((t) => t.lower === "not" || t.lower === "n't" || t.lower === "never")],
  ["first person", (c) => +c.ts.some((t) => t.pos === "PRON" && /^(?:i|we)$/.test(t.lower))],
  ["second person", (c) => +c.ts.some((t) => t.lower === "you")],
  ["list item", (c) => +(c.doc.blocks[c.u.block]!.kind === "list-item")],
  ["a third party states something about the proposal", (c) => +(c.ts.some((t, i) => t.pos === "VERB" && SAYING.has(t.lemma) && !firstPersonBefore(c.ts, i) && c.ts.slice(i + 1, i + 6).some((x, k, xs) => /^(?:recommendations?|proposals?|plan|bill|legislation|amendment|reform|provision)$/.test(x.lower) && /^(?:our|my|this|the|such)$/.test(xs[k - 1]?.lower ?? c.ts[i]!.lower))))],
  ["difficulty or impossibility", (c) => +c.ts.some((t) => /^(?:difficult|impossible|impossibility|costly|risky|dangerous|burdensome|unworkable|impractical|unreliable|meaningless|doubtful|unconstitutional)$/.test(t.lower))],
  ["hedged concession (may seem)", (c) => +HEDGE.test(sentence(c))],
  ["stance noun (reluctance, distrust, opposition)", (c) => +c.ts.some((t) => t.pos === "NOUN" && /^(?:reluctance|distrust|mistrust|opposition|resistance|hostility|skepticism|scepticism|suspicion|objection|complaint|criticism|fear|alarm)$/.test(t.lower))],
  ["a view named by its noun (the suggestion that)", (c) => +c.ts.some((t, i) => t.pos === "NOUN" && /^(?:suggestion|claim|argument|contention|assertion|charge|idea|notion|complaint)$/.test(t.lower) && c.ts[i + 1]?.lower === "that" && !/^(?:my|our)$/.test(c.ts[i - 1]?.lower ?? ""))],
  ["about the proposal (our recommendation, this plan)", (c) => +c.ts.some((t, i) => /^(?:recommendations?|proposals?|plan|bill|legislation|amendment|reform|provision)$/.test(t.lower) && /^(?:our|my|this|the|these|such)$/.test(c.ts[i - 1]?.lower ?? ""))],
  ["attribution in the past tense (said, reported)", (c) => +c.ts.some((t, i) => t.pos === "VERB" && SAYING.has(t.lemma) && t.lower !== t.lemma && /ed$|said|told|thought|felt|held|wrote$/.test(t.lower) && !firstPersonBefore(c.ts, i))],
  ["attribution in the present tense (say, argue)", (c) => +c.ts.some((t, i) => (t.pos === "VERB" || t.pos === "NOUN") && SAYING.has(t.lemma) && (t.lower === t.lemma || /s$/.test(t.lower)) && !firstPersonBefore(c.ts, i) && i > 0)],
  ["long (over 45 words)", (c) => +(c.ts.length > 55)],
];

export const OBJECTION_FEATURES = FEATURES.map(([name]) => name);

/**
 * Words without which a sentence that the grammar does not read as a claim or a scene reports no
 * objection: verbs of opposing, nouns of objection and risk, concessions, hedges. A sentence with
 * none of them, no reading as claim or scene and no question is not a candidate: its features are
 * all 0 (a plain "officials said ..." is a finding, not an objection).
 */
let cues: Set<string> | undefined;
// Built on first use: OPPOSING comes from objections.ts, which imports this module.
const CUES = () => (cues ??= new Set([...OPPOSING, "true", "sure", "granted", "admittedly", "myth", "concur", "agree", "disagree", "seem", "appear", "risk", "difficulty", "difficult", "impossible", "impossibility", "danger", "reluctance", "distrust", "opposition", "resistance", "suggestion", "argument", "concern", "worry", "fear", "complaint", "objection", "criticism", "critic", "opponent", "doubtful", "burden", "cost", "hurt", "harm", "disturb"]));

function candidate(u: ObjectionUnit, ts: Token[]): boolean {
  if (u.kind !== null || ts.at(-1)?.word === "?" || ts.at(-2)?.word === "?") return true;
  const set = CUES();
  return ts.some((t) => set.has(t.lemma) || set.has(t.lower));
}

export function objectionEvidence(doc: Document, a: Analysis, units: ObjectionUnit[]): Evidence {
  const zeros = FEATURES.map(() => 0);
  return {
    names: OBJECTION_FEATURES,
    rows: units.map((u) => {
      const ts = a.tokens[u.si]!;
      if (!candidate(u, ts)) return zeros;
      const c: Ctx = { doc, a, u, ts };
      return FEATURES.map(([, f]) => f(c));
    }),
  };
}

/** The sentence's text without a speaker's label ("RR: ..."). */
function sentence(c: Ctx): string {
  const text = c.doc.sentences[c.u.si]!.text;
  const k = speakerLabel(c.ts);
  return k ? text.slice(c.ts[k]!.start - c.ts[0]!.start) : text;
}

function firstPersonBefore(ts: Token[], i: number): boolean {
  for (let j = i - 1; j >= 0 && j >= i - 4; j--) if (ts[j]!.pos === "PRON" && /^(?:i|we)$/.test(ts[j]!.lower)) return true;
  return false;
}
