import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";
import type { Document } from "../document/types.ts";

/**
 * One word or mark as wink-nlp reads it: universal part of speech (VERB, AUX, NOUN, PROPN,
 * PRON, ADJ, ADV, ADP, DET, PART, SCONJ, CCONJ, NUM, PUNCT...), lemma, and offsets into the
 * document's text. `negated`: a negation ("not", "never", "n't", "no") governs it, from earlier in
 * its clause, or it is the auxiliary the negation attaches to ("should" in "shouldn't").
 */
export interface Token {
  word: string;
  lower: string;
  pos: string;
  lemma: string;
  start: number;
  end: number;
  negated: boolean;
}

// Part of speech only: sentence boundaries are the document reader's, and negation scope is
// computed below from the tags. Tokenising and tagging are then the whole cost of reading a text.
const nlp = winkNLP(model, ["pos"]);
const its = nlp.its;

const NEGATION = new Set(["not", "n't", "never", "no", "nor"]);

/** Lower case, with typographic apostrophes as ' so "don’t" and "don't" compare equal. */
function fold(word: string): string {
  const l = word.toLowerCase();
  return l.includes("’") || l.includes("‘") ? l.replace(/[‘’]/g, "'") : l;
}

/** Tags a text in one pass; offsets are rebuilt from wink's lossless tokens and spaces. */
export function tagText(text: string, offset = 0): Token[] {
  const tokens = nlp.readDoc(text).tokens();
  const words = tokens.out() as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const pos = tokens.out(its.pos) as string[];
  const lemmas = tokens.out(its.lemma as Parameters<typeof tokens.out>[0]) as string[];
  const out: Token[] = [];
  let at = 0;
  let negating = false;
  for (let i = 0; i < words.length; i++) {
    at += spaces[i]!.length;
    const word = words[i]!;
    // wink's tokens reproduce the text exactly; should one ever not, find it rather than drift.
    if (!text.startsWith(word, at)) {
      const found = text.indexOf(word, at);
      if (found >= 0) at = found;
    }
    const lower = fold(word);
    // Modal verbs are a closed class, which the tagger sometimes misses after a pronoun or a
    // determiner ("Some will/NOUN say"): before a verb, a modal is an auxiliary.
    const p = MODALS.has(lower) && (pos[i + 1] === "VERB" || pos[i + 1] === "AUX") ? "AUX" : pos[i]!;
    if (p === "PUNCT" || p === "SCONJ" || p === "CCONJ") negating = false;
    if (NEGATION.has(lower)) {
      negating = true;
      const prev = out.at(-1);
      if (prev && prev.pos === "AUX") prev.negated = true;
    }
    const lemma = lemmas[i];
    // The model keeps "I'm" as one proper noun, where it splits "we're" and "I'll": split it the
    // same way, so "I'm proposing", "I'm asking" have their subject and auxiliary.
    if (lower === "i'm") {
      const s = offset + at;
      out.push({ word: word.slice(0, 1), lower: "i", pos: "PRON", lemma: "i", start: s, end: s + 1, negated: negating });
      out.push({ word: word.slice(1), lower: "'m", pos: "AUX", lemma: "be", start: s + 1, end: s + word.length, negated: negating });
    } else out.push({ word, lower, pos: p, lemma: lemma ? fold(lemma) : lower, start: offset + at, end: offset + at + word.length, negated: negating });
    at += word.length;
  }
  return out;
}

const MODALS = new Set(["will", "would", "shall", "should", "may", "might", "can", "could", "must"]);

/** The tokens of each of the document's sentences, from one tagging pass over its text. */
export function tagSentences(doc: Document): Token[][] {
  const all = tagText(doc.text);
  const out: Token[][] = doc.sentences.map(() => []);
  let si = 0;
  for (const t of all) {
    while (si < doc.sentences.length && doc.sentences[si]!.end <= t.start) si++;
    const s = doc.sentences[si];
    if (!s) break;
    if (t.start >= s.start) out[si]!.push(t);
  }
  return out;
}

/**
 * Whether each clause opens with a verb in its base form, read as an imperative. A tagger trained
 * on news reads "Record the session" as a noun phrase; given the imperative's implied subject
 * ("you record the session") it can tell a verb ("record", "use", "meter") from a noun ("passage",
 * "findings"). All clauses are tagged in one pass, so the test costs one tagging of their words.
 */
export function verbInitial(clauses: string[]): boolean[] {
  if (!clauses.length) return [];
  const PREFIX = "you ";
  let text = "";
  const starts: number[] = [];
  for (const c of clauses) {
    const clause = c.replace(/\s+/g, " ").trim().split(" ").slice(0, 8).join(" ");
    starts.push(text.length + PREFIX.length);
    text += `${PREFIX}${clause.charAt(0).toLowerCase()}${clause.slice(1)}.\n\n`;
  }
  const tokens = tagText(text);
  let ti = 0;
  return starts.map((at) => {
    while (ti < tokens.length && tokens[ti]!.start < at) ti++;
    const t = tokens[ti];
    if (!t || t.start !== at) return false;
    if (!((t.pos === "VERB" || t.pos === "AUX") && t.lemma === t.lower)) return false;
    // "State began the review": a verb right after it makes the first word the subject, not a command.
    const next = tokens[ti + 1];
    return !(next && (next.pos === "VERB" || next.pos === "AUX") && next.lower !== "n't" && t.lemma !== "do" && t.lemma !== "let" && t.lemma !== "help" && t.lemma !== "be");
  });
}
