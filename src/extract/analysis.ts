import type { Document } from "../document/types.ts";
import { contentWords, ordinalCue, ORDINALS } from "./cues.ts";
import { clauseStart, readSentence, type Reading } from "./grammar.ts";
import { tagSentences, verbInitial, type Token } from "./nlp.ts";

/**
 * The grammar of a whole document, computed once and shared by the detectors: each sentence's
 * tokens and reading, and for each heading or list item whether it reads as an imperative.
 */
export interface Analysis {
  tokens: Token[][];
  readings: Reading[];
  /** Per block: its text, without a label ("Step 2:", "Tip 4.", "1)"), opens with an imperative. */
  imperativeBlock: boolean[];
  /** Per block: the indices of its sentences, in order. */
  blockSentences: number[][];
  /** Per sentence: the ordinal that opens it ("Second, ..." is 2, "Finally," Infinity), or null. */
  ordinals: (number | null)[];
  /** Per sentence: its content words (cues.ts `contentWords`). */
  words: Set<string>[];
}

/**
 * A label before a heading or item: "Step 2:", "Tip 4.", "Play 3 —", "Principle IV.", "1)", "II.",
 * "(b)". A capitalised word and a number or numeral, then a separator; the word is any noun.
 */
export const ITEM_LABEL = /^(?:\p{Lu}\p{Ll}+\s+)?(?:\d{1,2}|[IVXL]{1,5}|[A-Za-z])\s*(?:[:.)—–]|\s-)\s*(?=\S)/u;

/** Text without its item label. */
export function unlabelled(text: string): string {
  const m = ITEM_LABEL.exec(text);
  return m ? text.slice(m[0].length) : text;
}

/** Words that say where a fronted adverbial ends: "Instead of X, use Y", "If in doubt, ask". */
function mainClauseStart(tokens: Token[]): number {
  const from = clauseStart(tokens);
  const first = tokens[from];
  if (first && (first.pos === "ADP" || first.pos === "SCONJ" || first.lower === "instead")) {
    const comma = tokens.findIndex((t, k) => k > from && t.word === ",");
    let at = comma + 1;
    while (at < tokens.length && /^["”’']$/.test(tokens[at]!.word)) at++;
    if (comma > from && at < tokens.length && comma - from <= 15) return at;
  }
  return from;
}

export function analyse(doc: Document): Analysis {
  const tokens = tagSentences(doc);
  const text = (ts: Token[], from: number) => (ts[from] ? doc.text.slice(ts[from]!.start, ts.at(-1)!.end) : "");
  // One batch for every clause whose mood matters: each sentence's main clause, and each heading or item.
  const mainStarts = tokens.map(mainClauseStart);
  const sentenceClauses = tokens.map((ts, i) => text(ts, mainStarts[i]!));
  // "Clearly define the purpose": a manner adverb before the verb does not change the mood.
  const blockClauses = doc.blocks.map((b) => (b.kind === "text" ? "" : unlabelled(b.text.replace(/\s+/g, " ").trim()).replace(/^\p{Lu}\p{Ll}+ly\s+(?=\p{Ll})/u, "")));
  // Only a clause whose first word could be a verb in its base form needs the imperative test;
  // the rest ("The ...", "States reported ...", "We ...") are not commands, and are not tagged twice.
  const firstTokenOfBlock = blockFirstTokens(doc, tokens);
  // A sentence whose tagging already opens its clause with a base-form verb, not followed by another
  // verb, is read as imperative without a second tagging; only nouns and names ("Record", "Use"/PROPN)
  // need the "you" test.
  const plainVerb = (ts: Token[], at: number) => {
    const t = ts[at];
    const next = ts[at + 1];
    return !!t && t.pos === "VERB" && t.lemma === t.lower.toLowerCase() && !(next && (next.pos === "VERB" || next.pos === "AUX") && next.lower !== "n't");
  };
  const decided = sentenceClauses.map((c, i) => baseFormOpening(tokens[i]![mainStarts[i]!]) && !formulaic(c) && plainVerb(tokens[i]!, mainStarts[i]!));
  const candidates = [
    ...sentenceClauses.map((c, i) => !decided[i] && baseFormOpening(tokens[i]![mainStarts[i]!]) && !formulaic(c)),
    ...blockClauses.map((c, i) => c !== "" && (verbal(firstTokenOfBlock[i]) || adjectiveBeforeObject(firstTokenOfBlock[i], tokens))),
  ];
  const clauses = [...sentenceClauses, ...blockClauses];
  const tested = verbInitial(clauses.filter((_, i) => candidates[i]));
  const verbs: boolean[] = [];
  let k = 0;
  for (let i = 0; i < clauses.length; i++) verbs.push(candidates[i] ? tested[k++]! : i < decided.length && decided[i]!);
  const readings = tokens.map((ts, i) => readSentence(ts, verbs[i]!));
  const blockSentences: number[][] = doc.blocks.map(() => []);
  doc.sentences.forEach((s, i) => blockSentences[s.block]!.push(i));
  const imperativeBlock = doc.blocks.map(
    (b, i) =>
      b.kind !== "text" &&
      verbs[tokens.length + i]! &&
      blockClauses[i]!.split(/\s+/).length >= 2 &&
      !formulaic(blockClauses[i]!) &&
      (verbal(firstTokenOfBlock[i]) || adjectiveBeforeObject(firstTokenOfBlock[i], tokens)) &&
      !sectionName(b.text, blockClauses[i]!) &&
      !declarative(tokens[blockSentences[i]![0] ?? -1]),
  );
  const ordinals = doc.sentences.map((s, i) => ordinalCue(s.text) ?? bareOrdinal(doc, i));
  return { tokens, readings, imperativeBlock, blockSentences, ordinals, words: doc.sentences.map((s) => contentWords(s.text)) };
}

/**
 * "First. To encourage them ... Secondly. To multiply ...": an ordinal written as a sentence of its
 * own, followed in its paragraph by the item it numbers.
 */
function bareOrdinal(doc: Document, i: number): number | null {
  const m = /^(?:and,?\s+)?(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|finally|lastly)(?:ly)?\s*[.:]$/i.exec(doc.sentences[i]!.text.trim());
  if (!m || doc.sentences[i + 1]?.block !== doc.sentences[i]!.block) return null;
  const w = m[1]!.toLowerCase();
  return w === "finally" || w === "lastly" ? Infinity : (ORDINALS[w] ?? null);
}

/** The sentence that carries an ordinal's item: the next one when the ordinal stands alone ("First."). */
export function ordinalContent(doc: Document, i: number): number {
  return /^(?:and,?\s+)?\p{L}+\s*[.:]$/u.test(doc.sentences[i]!.text.trim()) && doc.sentences[i + 1]?.block === doc.sentences[i]!.block ? i + 1 : i;
}

/**
 * In the text as written, the first word was read as a verb or a noun ("Use"/PROPN, "Record"/NOUN),
 * not as an adjective or determiner ("Key points when ...", "Human impact"): the "you" test only
 * decides between a verb and a noun.
 */
function verbal(t: Token | undefined): boolean {
  return !!t && (t.pos === "VERB" || t.pos === "AUX" || t.pos === "NOUN" || t.pos === "PROPN");
}

/**
 * "Welcome newcomers with a guide", "Open the data": a word the tagger reads as an adjective when it
 * opens a heading, followed by a noun phrase it could govern (a determiner, a pronoun, a plural
 * noun); the "you" test then decides whether it is a verb. "Human impact" has no such object.
 */
function adjectiveBeforeObject(t: Token | undefined, tokens: Token[][]): boolean {
  if (!t || t.pos !== "ADJ" || /ly$/.test(t.lower)) return false;
  for (const ts of tokens) {
    const k = ts.indexOf(t);
    if (k < 0) continue;
    const next = ts[k + 1];
    return !!next && (next.pos === "DET" || next.pos === "PRON" || (next.pos === "NOUN" && next.lower !== next.lemma));
  }
  return false;
}

/**
 * "Time, observation, and experience have confirmed these convictions": a finite auxiliary after the
 * first word, before any other verb, agrees with a subject the first words form; the line states.
 */
function declarative(ts: Token[] | undefined): boolean {
  if (!ts) return false;
  for (let k = 1; k < ts.length; k++) {
    const t = ts[k]!;
    if (t.pos === "VERB") return false;
    if (t.pos === "AUX" && /^(?:has|have|had|is|are|was|were)$/.test(t.lower)) return true;
  }
  return false;
}

/** A verb or noun in its base form, not an acronym: "Use", "Record", "Meter", not "States" or "HHS". */
function baseFormOpening(t: Token | undefined): boolean {
  return verbal(t) && t!.lemma === t!.lower && !/^\p{Lu}{2,}$/u.test(t!.word);
}

/** Each heading's or item's first token after its label, from the sentence tagging. */
function blockFirstTokens(doc: Document, tokens: Token[][]): (Token | undefined)[] {
  const out: (Token | undefined)[] = doc.blocks.map(() => undefined);
  doc.sentences.forEach((s, i) => {
    if (out[s.block] !== undefined) return;
    const b = doc.blocks[s.block]!;
    const labelEnd = b.start + (b.text.length - unlabelled(b.text).length);
    out[s.block] = tokens[i]!.find((t) => t.start >= labelEnd && !(t.pos === "ADV" && t.lower.endsWith("ly")));
  });
  return out;
}

/**
 * An unlabelled heading in Title Case whose second word is a preposition or a capitalised noun
 * ("Bail in the Federal System", "State Practice") names a section; a labelled one ("2) Allow
 * Telecommuting To Support ...") is read as the item it numbers.
 */
function sectionName(raw: string, clause: string): boolean {
  if (raw.trim() !== clause) return false;
  const words = clause.split(/\s+/);
  const content = words.filter((w) => w.length > 3);
  const titleCase = content.every((w) => /^[\p{Lu}\d]/u.test(w));
  return titleCase && (/^(?:in|on|of|for|at|under|and|with)$/i.test(words[1] ?? "") || /^\p{Lu}/u.test(words[1] ?? "")) && words.length <= 6;
}

/** Imperatives that steer the reader through the text rather than advise: "See figure 2.", "Thank you." */
function formulaic(clause: string): boolean {
  // "Welcome to the team" greets; "Welcome newcomers with a guide" advises.
  return /^(?:see|thank|note|imagine|let me|let us|let's|excuse|pardon|say)\b|^welcome(?:\s+(?:to|back|aboard|home)\b|\s*[.!,]|$)/i.test(clause.replace(/[‘’]/g, "'"));
}
