import type { Document } from "../document/types.ts";
import type { Analysis } from "./analysis.ts";
import { contentWords, ORDINALS } from "./cues.ts";
import type { Reading } from "./grammar.ts";
import type { Token } from "./nlp.ts";
import { describesProposal, ENACTING, fromHeadings, insideQuote, listFacts, nominalAction, proposes, SECTION_HEADING, structuralRecommendations, type FoundRecommendation, type ListFacts } from "./structure.ts";
import type { Unit } from "./units.ts";

/**
 * The evidence a recommendation scorer weighs for each unit: the grammar of the unit (mood,
 * modality, agent, tense, reported speech, performative verbs), where it stands (a list and what
 * its lead-in says, a heading series, an ordinal sequence, a section), and what the structural
 * rules concluded. Every feature is a property of English or of document layout, never a word of
 * a particular document; each is a number, mostly 0 or 1.
 */
export interface Evidence {
  names: string[];
  rows: number[][];
}

interface DocFacts {
  doc: Document;
  a: Analysis;
  lists: Map<number, ListFacts>;
  rules: FoundRecommendation[];
  /** Per block: the heading that governs it, if any. */
  sectionHeading: (string | null)[];
  /** The document presents recommendations in a structure (list, headings, section, ordinals). */
  structured: boolean;
  /** Units where the author performs a recommendation in the present ("I recommend", "we urge"). */
  presentPerformatives: number;
  /** Headings that read as imperatives. */
  imperativeHeadings: number;
  /** Per unit: the share of its content words found in one earlier unit that proposes. */
  restates: number[];
  /** Sentences of an ordinal sequence that a later sentence says were acted on or are not renewed. */
  withdrawn: Set<number>;
  /** List items whose lead-in is a performative that already names the proposal ("I recommend a court ... with jurisdiction over:"). */
  namedLeadIn: Set<number>;
}

const FEATURES: [string, (u: Unit, k: number, units: Unit[], f: DocFacts) => number][] = [
  // The grammar of the unit.
  ["performative", (u) => +(u.reading.kind === "performative")],
  ["performative past form", (u) => +(u.reading.kind === "performative" && pastForm(u.tokens, u.reading.at))],
  ["performative announces a list", (u) => +(u.reading.kind === "performative" && (/:\s*$/.test(u.text) || /\b(?:the following|as follows)\b/i.test(u.text)))],
  ["performative counts proposals", (u) => +(u.reading.kind === "performative" && counts(u.text))],
  ["deontic, author", (u) => +(u.reading.kind === "deontic" && u.reading.agent === "author")],
  ["deontic, another party", (u) => +(u.reading.kind === "deontic" && u.reading.agent === "other")],
  ["deontic, reader", (u) => +(u.reading.kind === "deontic" && u.reading.agent === "reader")],
  ["deontic, no agent", (u) => +(u.reading.kind === "deontic" && u.reading.agent === null)],
  ["deontic by necessity word", (u) => +(u.reading.kind === "deontic" && !/^(?:should|must|ought|need|needs|have|has|shall)$/.test(u.tokens[u.reading.at]?.lower ?? ""))],
  ["imperative", (u) => +(u.reading.kind === "imperative")],
  ["commitment", (u) => +(u.reading.kind === "commitment")],
  ["commitment to enact", (u) => +(u.reading.kind === "commitment" && (ENACTING.has(u.tokens[u.reading.at]?.lemma ?? "") || (u.reading.purposeAt !== undefined && ENACTING.has(u.tokens[u.reading.purposeAt]?.lemma ?? ""))))],
  ["reported", (u) => +u.reading.reported],
  ["past narration", (u) => +u.reading.past],
  ["question", (u) => +u.reading.question],
  ["negated proposal", (u) => +u.reading.negated],
  ["author's opinion frame", (u) => +u.reading.authorial],
  ["quoted", (u) => +(u.reading.kind !== null && (insideQuote(u.tokens, u.reading.at) || u.quoted))],
  ["conditional", (u) => +(u.reading.at > 0 && u.tokens.slice(0, u.reading.at).some((t) => /^(?:if|unless|whether|when)$/.test(t.lower)))],
  ["noun phrase of action", (u) => +nominalAction(u.tokens.slice(leadLength(u.tokens)))],
  ["infinitive fragment", (u) => +(u.tokens[0]?.lower === "to" && u.tokens[1]?.pos === "VERB")],
  ["participle fragment", (u) => +(u.tokens[0]?.pos === "VERB" && u.tokens[0].lower !== u.tokens[0].lemma && !u.reading.kind)],
  ["first person", (u) => +u.tokens.some((t) => t.pos === "PRON" && /^(?:i|we)$/.test(t.lower))],
  ["second person", (u) => +u.tokens.some((t) => t.lower === "you" || t.lower === "your")],
  ["future or conditional modal", (u) => +(u.reading.kind === null && u.tokens.some((t) => t.pos === "AUX" && /^(?:will|would|'ll|shall|can|could|may|might)$/.test(t.lower)))],
  ["short (under 6 words)", (u) => +(words(u.tokens) < 6)],
  ["long (over 50 words)", (u) => +(words(u.tokens) > 50)],
  ["describes the proposal (my plan would ...)", (u) => +describesProposal(u.tokens)],
  ["endorses (this seems to me reasonable)", (u) => +endorses(u.tokens)],
  ["performative names its proposal", (u) => +(u.reading.kind === "performative" && substantiveObject(u.tokens, u.reading.at))],
  // Grammar in its place: an imperative heads a heading or an item, or instructs inside a paragraph.
  ["imperative heading", (u) => +(u.reading.kind === "imperative" && u.kind === "heading")],
  ["imperative list item", (u, _k, _us, f) => +(u.reading.kind === "imperative" && f.doc.blocks[u.block]!.kind === "list-item" && first(u, f))],
  ["imperative in a paragraph", (u, _k, _us, f) => +(u.reading.kind === "imperative" && f.doc.blocks[u.block]!.kind === "text")],
  ["imperative in a paragraph of a structured document", (u, _k, _us, f) => +(u.reading.kind === "imperative" && f.doc.blocks[u.block]!.kind === "text" && f.structured)],
  ["deontic opening a paragraph", (u, _k, _us, f) => +(u.reading.kind === "deontic" && f.doc.blocks[u.block]!.kind === "text" && first(u, f))],
  ["deontic list item", (u, _k, _us, f) => +(u.reading.kind === "deontic" && f.doc.blocks[u.block]!.kind === "list-item")],
  ["performative opening a paragraph", (u, _k, _us, f) => +(u.reading.kind === "performative" && f.doc.blocks[u.block]!.kind === "text" && first(u, f))],
  ["ordinal that proposes", (u, _k, _us, f) => +(u.part === 0 && f.a.ordinals[u.si] !== null && (proposes(u.reading) || describesProposal(u.tokens)))],
  ["ordinal item withdrawn later", (u, _k, _us, f) => +f.withdrawn.has(u.si)],
  ["performative about what was just said (urge that they be enacted)", (u) => +(u.reading.kind === "performative" && anaphoricObject(u.tokens, u.reading.at))],
  ["performative in a subordinate clause (when we ask)", (u) => +(u.reading.kind === "performative" && subordinate(u.tokens, u.reading.at))],
  ["past performative among present ones", (u, _k, _us, f) => +(u.reading.kind === "performative" && pastForm(u.tokens, u.reading.at) && f.presentPerformatives > 0)],
  ["deontic, pronoun agent (they must)", (u) => +(u.reading.kind === "deontic" && u.reading.agent === "other" && pronounSubject(u.tokens, u.reading.at))],
  ["opens with a wh-word", (u) => +/^(?:which|what|how|why|when|who|where|whether)\b/i.test(u.text)],
  ["heading names a year", (u) => +(u.kind === "heading" && /\b(?:1[6-9]|20)\d\d\b/.test(u.text))],
  ["imperative heading in a series", (u, _k, _us, f) => +(u.kind === "heading" && u.reading.kind === "imperative" && f.imperativeHeadings >= 2)],
  ["list under a heading that recommends", (u, _k, _us, f) => +(f.doc.blocks[u.block]!.kind === "list-item" && f.lists.get(u.block)?.underRecommendation === true)],
  ["restates an earlier proposal", (_u, k, _us, f) => f.restates[k]!],
  ["enumeration head counts its items", (u, _k, units) => +((u.kind === "clause" || u.kind === "inline") && countsItems(units, u))],
  ["enumeration vouched by the next sentence", (u, k, units) => +((u.kind === "clause" || u.kind === "inline") && vouchedAfter(units, k))],
  ["enumeration headed by a proposal", (u, k, units) => +((u.kind === "clause" || u.kind === "inline") && headedByProposal(units, k))],
  ["list under a lead-in that names its proposal", (u, _k, _us, f) => +(first(u, f) && f.doc.blocks[u.block]!.kind === "list-item" && f.namedLeadIn.has(u.block))],
  // Where it stands.
  ["heading", (u) => +(u.kind === "heading")],
  ["imperative heading or item", (u, _k, _us, f) => +(u.kind !== "clause" && u.kind !== "inline" && f.a.imperativeBlock[u.block] === true && first(u, f))],
  ["list item", (u, _k, _us, f) => +(f.doc.blocks[u.block]!.kind === "list-item" && first(u, f))],
  ["list lead-in advises", (u, _k, _us, f) => +(first(u, f) && f.lists.get(u.block)?.leadAdvises === true)],
  ["list mostly proposes", (u, _k, _us, f) => (first(u, f) ? (f.lists.get(u.block)?.actionable ?? 0) : 0)],
  ["list reports", (u, _k, _us, f) => +(first(u, f) && f.lists.get(u.block)?.reporting === true)],
  ["list vouched for", (u, _k, _us, f) => +(first(u, f) && f.lists.get(u.block)?.vouched === true)],
  ["ordinal", (u, _k, _us, f) => +(u.part === 0 && f.a.ordinals[u.si] !== null)],
  ["first sentence of its block", (u, _k, _us, f) => +first(u, f)],
  ["later sentence of its block", (u, _k, _us, f) => +(u.kind === "sentence" && !first(u, f))],
  ["inline enumerated part", (u) => +(u.kind === "inline")],
  ["clause after a semicolon", (u) => +(u.kind === "clause")],
  ["announces inline parts", (u) => +(u.kind === "sentence" && u.parts > 1)],
  ["after a colon", (u, k, units, f) => +(precedingText(u, k, units, f).trimEnd().endsWith(":"))],
  ["after a proposing sentence in its block", (u, k, units) => +(k > 0 && units[k - 1]!.block === u.block && proposes(units[k - 1]!.reading))],
  ["marked (Recommendation N)", (u) => +/\(Recommendation \d+\)/.test(u.text)],
  ["in a recommendations section", (u, _k, _us, f) => +SECTION_HEADING.test(f.sectionHeading[u.block] ?? "")],
  ["recap marker", (u) => +(/^\S+(?:\s+\S+)?,\s*(?:then|in short|in sum|again|once more),/i.test(u.text) || /\b(?:to sum up|in conclusion|to summari[sz]e|in summary)\b/i.test(u.text))],
  // What the structural rules concluded.
  ["rule: ordinal sequence", (u, _k, _us, f) => ruled(u, f, "ordinal")],
  ["rule: list", (u, _k, _us, f) => ruled(u, f, "list")],
  ["rule: heading series", (u, _k, _us, f) => ruled(u, f, "heading")],
  ["rule: recommendations section", (u, _k, _us, f) => ruled(u, f, "section")],
  ["rule: prose proposal", (u, _k, _us, f) => ruled(u, f, "prose")],
  ["prose in a structured document", (u, _k, _us, f) => +(f.structured && f.doc.blocks[u.block]!.kind === "text" && !f.rules.some((r) => r.how !== "prose" && u.start < r.end && u.end > r.start))],
];

export const RECOMMENDATION_FEATURES = FEATURES.map(([name]) => name);

export function recommendationEvidence(doc: Document, a: Analysis, units: Unit[], rules: FoundRecommendation[] = structuralRecommendations(doc, a)): Evidence {
  const headings = fromHeadings(doc, a);
  const sectionHeading: (string | null)[] = [];
  let current: string | null = null;
  doc.blocks.forEach((b, i) => {
    if (b.kind === "heading" && i > 0) current = b.text.replace(/\s+/g, " ").trim();
    sectionHeading.push(current);
  });
  const facts: DocFacts = {
    doc,
    a,
    lists: listFacts(doc, a, headings),
    rules,
    sectionHeading,
    // Laid out as advice: lists, headings or a section of recommendations (ordinals are spoken structure).
    structured: rules.filter((r) => r.how === "list" || r.how === "heading" || r.how === "section").length >= 2,
    presentPerformatives: units.filter((u) => u.reading.kind === "performative" && !pastForm(u.tokens, u.reading.at)).length,
    imperativeHeadings: units.filter((u) => u.kind === "heading" && u.reading.kind === "imperative").length,
    restates: [],
    withdrawn: withdrawnOrdinals(doc, a),
    namedLeadIn: namedLeadIns(doc, a),
  };
  const zeros = FEATURES.map(() => 0);
  const live = units.map((u) => !inert(u, facts));
  facts.restates = restatements(units, a, live);
  return { names: RECOMMENDATION_FEATURES, rows: units.map((u, k) => (live[k] ? FEATURES.map(([, f]) => f(u, k, units, facts)) : zeros)) };
}

/**
 * A sentence of a paragraph that the grammar reads as no proposal, that opens with no ordinal, that
 * no rule took and that does not say what a proposal does: no feature can make it a recommendation,
 * so none is computed (all 0, in training as here). Most sentences of a long report are such.
 */
function inert(u: Unit, f: DocFacts): boolean {
  return u.kind === "sentence" && u.parts === 1 && u.reading.kind === null && f.doc.blocks[u.block]!.kind === "text" && f.a.ordinals[u.si] === null && !ruledAny(u, f) && !describesProposal(u.tokens) && !endorses(u.tokens);
}

function ruledAny(u: Unit, f: DocFacts): boolean {
  return ruled(u, f, "ordinal") + ruled(u, f, "list") + ruled(u, f, "heading") + ruled(u, f, "section") + ruled(u, f, "prose") > 0;
}

/** "This seems to me to be a reasonable provision", "I think that wise": the author endorses what was just described. */
function endorses(ts: Token[]): boolean {
  const lower = ts.map((t) => t.lower);
  const anaphor = /^(?:this|that|such|these|it)$/.test(lower[0] ?? "");
  const frame = lower.some((w, i) => (w === "me" && lower[i - 1] === "to") || (/^(?:i|we)$/.test(w) && /^(?:think|believe|consider|deem|regard)$/.test(ts[i + 1]?.lemma ?? "")));
  const evaluative = ts.some((t) => t.pos === "ADJ" && /^(?:reasonable|wise|desirable|proper|just|sound|fair|right|necessary|useful|good|advisable|appropriate|sensible)$/.test(t.lower));
  return anaphor && frame && evaluative && ts.length <= 20;
}

/** A performative whose object is the proposal itself, not an announcement of what follows ("the following measures"). */
function substantiveObject(ts: Token[], at: number): boolean {
  const after = ts.slice(at + 1, at + 6).map((t) => t.lower);
  return !after.includes("following") && !after.includes(":") && ts.length - at > 5;
}

/**
 * "I then recommended: First, ... Fourth, ... The second and third of these recommendations the
 * Congress immediately acted on ... The fourth recommendation I do not deem it necessary to renew."
 * Items of an ordinal sequence that a later sentence refers back to, by ordinal, as done (told in
 * the past) or not renewed (a negated proposal), are not proposed now.
 */
function withdrawnOrdinals(doc: Document, a: Analysis): Set<number> {
  const out = new Set<number>();
  const byValue = new Map<number, number>();
  const ORD = /\b(?:the\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b/gi;
  const VALUE: Record<string, number> = { first: 1, second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10 };
  doc.sentences.forEach((s, i) => {
    const v = a.ordinals[i]!;
    if (v !== null && Number.isFinite(v)) {
      byValue.set(v, i);
      return;
    }
    if (!byValue.size || !/^the\s+(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\b/i.test(s.text)) return;
    const refs = [...s.text.slice(0, 80).matchAll(ORD)].map((m) => VALUE[m[1]!.toLowerCase()]!);
    const r = a.readings[i]!;
    const acted = a.tokens[i]!.some((t) => t.pos === "VERB" && t.lower.endsWith("ed") && t.lower !== t.lemma);
    const done = r.past || acted || a.tokens[i]!.some((t) => (t.lower === "not" || t.lower === "n't") && a.tokens[i]!.some((x) => x.lemma === "renew" || x.lemma === "recommend" || x.lemma === "deem"));
    if (!done) return;
    for (const v of refs) {
      const si = byValue.get(v);
      if (si !== undefined && si < i) out.add(si);
    }
  });
  return out;
}

/** List items whose lead-in performative already states the proposal and ends by announcing the list. */
function namedLeadIns(doc: Document, a: Analysis): Set<number> {
  const out = new Set<number>();
  doc.blocks.forEach((b, bi) => {
    if (b.kind !== "list-item" || doc.blocks[bi - 1]?.kind === "list-item") return;
    const lead = a.blockSentences[bi - 1]?.at(-1);
    if (lead === undefined) return;
    const r = a.readings[lead]!;
    if (r.kind !== "performative" || !/:\s*$/.test(doc.sentences[lead]!.text)) return;
    const ts = a.tokens[lead]!;
    if (!ts.slice(r.at + 1, r.at + 6).some((t) => t.lower === "following") && ts.length - r.at > 8) {
      for (let j = bi; doc.blocks[j]?.kind === "list-item"; j++) out.add(j);
    }
  });
  return out;
}

/** "Three matters of capital importance await ...; the bill ...; the bill ...": the head counts the parts. */
function countsItems(units: Unit[], u: Unit): boolean {
  const head = units.find((x) => x.si === u.si && x.part === 0);
  return !!head && /\b(?:two|three|four|five|six|seven|eight|nine|ten|several)\s+(?:\w+\s+){0,3}?\w+s\b/i.test(head.text);
}

/** The sentence after the enumeration proposes about "these" ("I need not labor my advice that these measures be enacted"). */
function vouchedAfter(units: Unit[], k: number): boolean {
  const si = units[k]!.si;
  const next = units.find((x) => x.si > si);
  return !!next && next.si <= si + 2 && proposes(next.reading) && next.tokens.some((t) => /^(?:these|those|them|they|such)$/.test(t.lower));
}

/** The enumeration's head, or the sentence before it, proposes ("I have favored an authority ... The Corporation is to be: (a) ..."). */
function headedByProposal(units: Unit[], k: number): boolean {
  const u = units[k]!;
  const head = units.find((x) => x.si === u.si && x.part === 0);
  if (head && proposes(head.reading)) return true;
  const before = [...units.slice(0, k)].reverse().find((x) => x.si < u.si);
  return !!before && before.block === u.block && proposes(before.reading);
}

/** How many tokens are words, not punctuation. */
function words(ts: Token[]): number {
  let n = 0;
  for (const t of ts) if (t.pos !== "PUNCT") n++;
  return n;
}

/** The unit is the first of its block (a heading, an item's first sentence, a paragraph's first sentence). */
function first(u: Unit, f: DocFacts): boolean {
  return u.part === 0 && f.a.blockSentences[u.block]![0] === u.si;
}

function ruled(u: Unit, f: DocFacts, how: FoundRecommendation["how"]): number {
  // Rules are in document order: find the first that starts at or after the unit, by bisection.
  const rs = f.rules;
  let lo = 0;
  let hi = rs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rs[mid]!.start < u.start - 2) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < rs.length && rs[i]!.start < u.end; i++) if (rs[i]!.how === how) return 1;
  return 0;
}

function pastForm(ts: Token[], at: number): boolean {
  const t = ts[at];
  if (!t) return false;
  return t.lower !== t.lemma && !t.lower.endsWith("ing") && !t.lower.endsWith("s");
}

function counts(text: string): boolean {
  return /\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|a few|a number of|some)\s+(?:\w+\s+)?(?:reforms|changes|recommendations|steps|measures|proposals|actions|ideas|principles|priorities|options|ways|things)\b/i.test(text) && text.split(/\s+/).length < 14;
}

/** Tokens of an opening ordinal or discourse marker ("First,", "And, finally,"). */
function leadLength(ts: Token[]): number {
  let i = 0;
  while (i < ts.length && i < 4 && (ts[i]!.pos === "PUNCT" || ts[i]!.pos === "CCONJ" || ORDINALS[ts[i]!.lower] !== undefined || /^(?:finally|lastly|number|one|two|three)$/.test(ts[i]!.lower))) i++;
  return i;
}

/** The text just before a unit: the previous unit of its sentence, or the previous block. */
function precedingText(u: Unit, k: number, units: Unit[], f: DocFacts): string {
  if (u.part > 0) return f.doc.text.slice(units[k - 1]?.start ?? u.start, u.start);
  const prev = units[k - 1];
  return prev ? f.doc.text.slice(prev.start, prev.end + 1) : "";
}

/**
 * For each unit, the largest share of its content words that one earlier proposing unit also has:
 * a closing recap or a summary repeats what was proposed. An inverted index keeps it linear.
 */
function restatements(units: Unit[], a: Analysis, live: boolean[]): number[] {
  const index = new Map<string, number[]>();
  return units.map((u, k) => {
    const indexed = proposes(u.reading) || u.kind === "heading";
    if (!live[k] && !indexed) return 0;
    const words = u.parts === 1 && u.kind === "sentence" ? a.words[u.si]! : contentWords(u.text);
    let best = 0;
    if (live[k] && words.size >= 4) {
      const shared = new Map<number, number>();
      for (const w of words) for (const j of index.get(w) ?? []) shared.set(j, (shared.get(j) ?? 0) + 1);
      for (const n of shared.values()) best = Math.max(best, n / words.size);
    }
    if (indexed) for (const w of words) (index.get(w) ?? index.set(w, []).get(w)!).push(k);
    return best;
  });
}

/** The performative's complement refers back: "urge that they be enacted", "my advice that these measures be", "to so provide". */
function anaphoricObject(ts: Token[], at: number): boolean {
  const after = ts.slice(at + 1, at + 5);
  const k = after.findIndex((t) => t.lower !== "that" && t.lower !== "to" && t.pos !== "ADV" && t.word !== ",");
  const head = after[k];
  return !!head && (/^(?:they|them|it|these|those|this|such|so)$/.test(head.lower) || (head.lower === "the" && after[k + 1]?.lower === "same"));
}

/** The performative sits in a subordinate clause ("when we ask our citizens to ..."), not the sentence's own act. */
function subordinate(ts: Token[], at: number): boolean {
  for (let i = at - 1; i >= 0 && i >= at - 4; i--) {
    if (/^(?:when|if|as|because|while|since|unless|whenever|before|after)$/.test(ts[i]!.lower)) return true;
    if (ts[i]!.word === ",") return false;
  }
  return false;
}

/** The deontic's subject is a pronoun standing for someone named earlier ("they must", "it should"). */
function pronounSubject(ts: Token[], at: number): boolean {
  for (let i = at - 1; i >= 0 && i >= at - 3; i--) if (ts[i]!.pos === "PRON") return /^(?:they|he|she|it|these|those)$/.test(ts[i]!.lower);
  return false;
}

export type { Reading };
