import { readSentence } from "./grammar.ts";
import { tagText, type Token } from "./nlp.ts";

export const MAX_TITLE = 80;

/** Words a phrase cannot end on: it would read as cut ("... between South Korea and"). */
const DANGLING_POS = new Set(["ADP", "DET", "CCONJ", "SCONJ", "PART", "AUX", "PRON"]);
const DANGLING_WORDS = new Set(["to", "of", "and", "or", "but", "the", "a", "an", "that", "which", "who", "whose", "as", "than", "so", "such", "not", "no", "more", "most", "both", "either", "very", "all", "its", "their", "our", "your", "his", "her", "this", "these", "those", "each", "every", "any", "some", "rather"]);

/**
 * Where the proposal's action starts: past the ordinal and throat-clearing, the performative
 * ("I recommend that"), the necessity frame ("it is necessary for X to"), so a title states
 * the action. Works on the tagged sentence, not on a list of openings.
 */
function actionStart(ts: Token[]): number {
  let i = 0;
  // Ordinals, labels and discourse markers: "First,", "Second, if they can admit their differences,", "Tip 4.".
  for (let pass = 0; pass < 4; pass++) {
    const comma = ts.findIndex((t, k) => k >= i && k <= i + 14 && t.word === ",");
    const t = ts[i];
    if (!t) break;
    if (/^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|finally|lastly|next|also|and|so|now|meanwhile|then|yes|therefore|thus|moreover|furthermore|rather)$/.test(t.lower) || (t.lower === "number" && ts[i + 1]?.pos === "NUM")) {
      i += t.lower === "number" ? 2 : 1;
      while (ts[i] && /^[,:;.—–-]$/.test(ts[i]!.word)) i++;
      continue;
    }
    // A fronted condition or purpose: "if they can admit their differences,", "to help address this issue,".
    if ((t.lower === "if" || (t.lower === "to" && i > 0) || t.lower === "in" || t.lower === "for" || t.lower === "when" || t.lower === "as") && comma > i && comma - i <= 14) {
      const after = ts[comma + 1];
      if (after && !(after.pos === "VERB" && after.lower.endsWith("ing"))) {
        i = comma + 1;
        continue;
      }
    }
    break;
  }
  // The author's frame: "In my opinion ...", "I think that ...", "it seems to me that ...".
  const frame = /^(?:in my (?:opinion|judgment|view),? |i (?:think|believe|trust|consider)(?: that)? |it seems to me(?: that)? )/.exec(ts.slice(i).map((t) => t.lower).join(" "));
  if (frame) i += frame[0].trim().split(" ").length + (ts[i + frame[0].trim().split(" ").length]?.word === "," ? 1 : 0);
  const rest = ts.slice(i);
  const lower = rest.map((t) => t.lower);
  // "I (therefore) recommend (to the Congress) (that)", "we suggested that", "I am asking the Congress to".
  const perf = rest.findIndex((t, k) => k < 8 && t.pos === "VERB" && /^(?:recommend|urge|propose|suggest|request|advise|renew|favor|favour|commit)$/.test(t.lemma));
  if (perf >= 0 && rest.slice(0, perf).some((t) => t.lower === "i" || t.lower === "we")) {
    let k = perf + 1;
    if (lower[k] === "that") k++;
    else if (lower[k] === "to" && rest[k + 1]?.pos !== "VERB") {
      while (k < rest.length && lower[k] !== "that" && k < perf + 6) k++;
      if (lower[k] === "that") k++;
      else k = perf + 1;
    }
    return i + k;
  }
  const ask = rest.findIndex((t, k) => k < 6 && (t.lemma === "ask" || (t.lemma === "call" && /^(?:on|upon)$/.test(lower[k + 1] ?? ""))));
  if (ask >= 0 && rest.slice(0, ask).some((t) => t.lower === "i" || t.lower === "we")) {
    const to = lower.indexOf("to", ask + 1);
    if (to > ask && to - ask <= 8 && rest[to + 1]?.pos === "VERB") return i + to + 1;
  }
  // "it is important/necessary (for X) to V", "it is my duty to", "there is a need to".
  if (lower[0] === "it" && rest[1]?.lemma === "be") {
    const to = lower.findIndex((w, k) => k > 2 && k < 12 && w === "to" && rest[k + 1]?.pos !== "DET");
    if (to > 0 && (rest[to + 1]?.pos === "VERB" || rest[to + 1]?.pos === "AUX")) return i + to + 1;
    const that = lower.indexOf("that", 2);
    if (that > 0 && that < 8) return i + that + 1;
  }
  // "The first is to meter ...", "Our aim should be to ...": a subject whose complement is an infinitive of action.
  const copula = rest.findIndex((t, k) => k < 6 && t.lemma === "be" && lower[k + 1] === "to" && rest[k + 2]?.pos === "VERB");
  if (copula > 0 && rest.slice(0, copula).every((t) => t.pos !== "VERB" && t.pos !== "PRON")) return i + copula + 2;
  // "we must then refrain", "the two sides must then refrain": the modal's verb phrase, said as an imperative.
  const modal = rest.findIndex((t, k) => k < 10 && t.pos === "AUX" && /^(?:should|must|ought|need)$/.test(t.lower));
  const subject = rest.slice(0, modal);
  if (modal > 0 && lower[0] !== "there" && subject.length <= 3 && subject.every((t) => t.pos === "PRON" || t.pos === "DET" || t.pos === "NOUN" || t.pos === "NUM" || t.pos === "ADJ") && !subject.some((t) => t.pos === "NOUN" && t.word[0] === t.word[0]?.toUpperCase() && t.word[0] !== t.word[0]?.toLowerCase())) {
    let k = modal + 1;
    if (lower[k] === "to") k++;
    while (rest[k] && (rest[k]!.pos === "ADV" || lower[k] === "then") && lower[k] !== "not") k++;
    if (lower[k] === "not" && rest[k + 1]?.lemma === "be") return i + modal; // "should not be seen as": keep the subject
    // "Water rights must be tradable": a passive or a state is said of its subject, which the title keeps.
    if (rest[k]?.lemma === "be") return i;
    if (rest[k]?.pos === "VERB" || rest[k]?.pos === "AUX") return i + k;
  }
  // "I will also sign an order", "we'll build on", "I am proposing a compact".
  if ((lower[0] === "i" || lower[0] === "we") && rest[1]) {
    let k = 1;
    while (rest[k] && (rest[k]!.pos === "AUX" || rest[k]!.pos === "ADV" || lower[k] === "going" || lower[k] === "to" || /^(?:today|tonight|now)$/.test(lower[k]!))) k++;
    if (rest[k]?.pos === "VERB" && k < 6) return i + k;
  }
  return i;
}

/** Nouns that name a proposal: "revive the recommendation of an amendment" is titled by the amendment. */
const PROPOSAL_NOUN = /^(?:recommendation|proposal|suggestion|necessity|need|adoption|enactment|passage)$/;

/**
 * Where the action starts, read from the sentence's grammar (grammar.ts): the complement of the
 * author's performative ("I recommend [that] X", "I ask you to X", "we suggest using X"), the verb
 * phrase of an obligation whose subject is the author, the reader or short ("we must X", "the two
 * sides must then X"), what an obligation is a necessity of ("the necessity of an amendment ..."),
 * the verb of a commitment ("I want to work with both parties to pass ..."). -1 when the reading
 * says nothing; then `actionStart` looks at the sentence's opening.
 */
function readingStart(ts: Token[]): number {
  const r = readSentence(ts);
  const lower = ts.map((t) => t.lower);
  if (r.kind === "performative") {
    let k = r.at + 1;
    while (ts[k] && (ts[k]!.pos === "ADV" || ts[k]!.word === ",")) k++;
    // "to the Congress that ...", "of you to accept ...", "the Congress to enact ...": past whom it is asked of.
    const to = lower.findIndex((w, j) => j >= k && j < k + 8 && w === "to" && ts[j + 1]?.pos === "VERB");
    const that = lower.findIndex((w, j) => j >= k && j < k + 8 && w === "that");
    if (that >= 0 && (to < 0 || that < to) && ts.slice(k, that).every((t) => t.pos !== "VERB")) k = that + 1;
    else if (to >= 0 && ts.slice(k, to).every((t) => t.pos !== "VERB")) k = to + 1;
    // "the recommendation of an amendment ...": the proposal itself.
    if (ts[k]?.pos === "DET" && PROPOSAL_NOUN.test(lower[k + 1] ?? "") && /^(?:of|for)$/.test(lower[k + 2] ?? "")) k += 3;
    return ts[k] ? k : -1;
  }
  if (r.kind === "deontic") {
    const t = ts[r.at]!;
    if (t.pos === "NOUN" && PROPOSAL_NOUN.test(t.lower) && /^(?:of|for)$/.test(lower[r.at + 1] ?? "")) return r.at + 2;
    return -1;
  }
  if (r.kind === "commitment") return r.purposeAt !== undefined && /^(?:want|intend|plan|hope|mean)$/.test(ts[r.at]!.lemma) ? r.purposeAt : r.at;
  return -1;
}

/** The longest prefix of at most `max` characters that ends at a phrase boundary and not on a function word. */
function wholePhrase(words: Token[], text: string, base: number, max: number): string {
  let best = -1;
  for (let k = 0; k < words.length; k++) {
    const t = words[k]!;
    if (t.end - base > max) break;
    const next = words[k + 1];
    if (t.pos === "PUNCT" || DANGLING_POS.has(t.pos) || DANGLING_WORDS.has(t.lower)) continue;
    // "... in order" announces a purpose it would cut off; so does an adjective before its "to" ("free | to recommend").
    if (t.lower === "order" && words[k - 1]?.lower === "in") continue;
    if (t.pos === "ADJ" && next?.lower === "to") continue;
    // End at a boundary: the sentence's end, a comma or dash, or before a preposition, conjunction or clause.
    // A determiner after a noun opens a new phrase or clause ("the serious reality | both countries face").
    const boundary = !next || /^[,;:.!?—–()]$/.test(next.word) || next.pos === "ADP" || next.pos === "CCONJ" || next.pos === "SCONJ" || next.pos === "PART" || (next.pos === "DET" && t.pos === "NOUN") || /^(?:which|who|that|so|because|while|as|to)$/.test(next.lower);
    // Never split a hyphenated word or a name ("South Korea").
    if (boundary && !(next && text.slice(t.end - base, next.start - base) === "" && next.pos !== "PUNCT")) best = k;
  }
  if (best < 0) return "";
  return text.slice(0, words[best]!.end - base);
}

/** Indices of two-word adverbial phrases (a preposition and a bare noun: "in detail", "at once", "by law") after the verb's object starts. */
function adverbials(words: Token[]): number[] {
  const out: number[] = [];
  // After the verb and at least one word of its object ("educate the public | in detail").
  for (let k = 2; k < words.length - 1; k++) {
    const w = words[k]!;
    const n = words[k + 1]!;
    const after = words[k + 2];
    // Not "agency by agency", "step by step": a noun repeated across a preposition is one expression with the first.
    if (n.lower === words[k - 1]?.lower) continue;
    if (w.pos === "ADP" && w.lower !== "of" && n.pos === "NOUN" && n.lower === n.lemma && (!after || (after.pos === "ADP" && after.lower !== "of") || after.pos === "PUNCT" || after.pos === "CCONJ")) out.push(k, k + 1);
  }
  return out;
}

/** Tokens laid end to end again after some were dropped, with offsets into the joined text (plus `base`). */
function retokenise(kept: Token[], base: number): Token[] {
  let at = base;
  return kept.map((w, k) => {
    if (k) at += w.start - kept[k - 1]!.end > 0 && w.pos !== "PUNCT" ? 1 : 0;
    const t = { ...w, start: at, end: at + w.word.length };
    at = t.end;
    return t;
  });
}

/**
 * A phrase too long for a title loses, in turn, its asides (parentheses, dashes) and the
 * modifier of its subject ("Security cooperation [between South Korea and Japan] should not be
 * seen as ..."); failing that it ends at the last phrase boundary that fits.
 */
function shorter(words: Token[], sentence: string, base: number, max: number): string {
  const rest = sentence.slice(base).replace(/[\s.;:,!?]+$/, "");
  let t = rest.replace(/\s*\([^)]*\)/g, "").replace(/\s*[—–]\s[^—–]*?\s[—–]\s*/g, " ").replace(/\s+/g, " ");
  if (t.length <= max) return t;
  // A bare adverbial phrase after the object ("educate the public in detail of ...") says how, not what.
  const bare = adverbials(words);
  if (bare.length) {
    const kept = words.filter((_, k) => !bare.includes(k));
    const text = kept.map((w, k) => (k && w.start > kept[k - 1]!.end && w.pos !== "PUNCT" ? " " : "") + w.word).join("");
    const cut = text.length <= max ? text.replace(/[\s.;:,!?]+$/, "") : wholePhrase(retokenise(kept, base), text, base, max);
    if (cut && cut.split(/\s+/).length >= 3) return cut;
  }
  const modal = words.findIndex((w, k) => k < 12 && w.pos === "AUX" && /^(?:should|must|ought|need)$/.test(w.lower));
  const prep = words.findIndex((w, k) => k > 0 && k < modal && w.pos === "ADP");
  if (modal > 0 && prep > 0) {
    t = (sentence.slice(base, words[prep]!.start).trimEnd() + " " + sentence.slice(words[modal]!.start)).replace(/[\s.;:,!?]+$/, "");
    if (t.length <= max) return t;
    const kept = [...words.slice(0, prep), ...words.slice(modal)];
    const shift = words[modal]!.start - words[prep]!.start - 1;
    const text = sentence.slice(base, words[prep]!.start).trimEnd() + " " + sentence.slice(words[modal]!.start);
    const remapped = kept.map((w, k) => (k < prep ? w : { ...w, start: w.start - shift, end: w.end - shift }));
    const cut = wholePhrase(remapped, text, base, max);
    if (cut.length >= 30) return cut;
  }
  return wholePhrase(words, sentence.slice(base), base, max);
}

/**
 * A thread title: the action the recommendation asks for and its object, as a complete phrase
 * of at most 80 characters, cut only where a phrase ends ("Restore trust so that identity politics
 * do not overwhelm the serious reality" rather than "... the serious reality both…").
 */
export function titleFor(text: string, max = MAX_TITLE): string {
  const first = text.replace(/\s+/g, " ").trim().replace(/\s*\(Recommendation \d+\)\s*/g, " ");
  const sentence = /^.*?[.!?](?=\s+["“‘(]?\p{Lu}|\s*$)/u.exec(first)?.[0] ?? first;
  const tokens = tagText(sentence);
  if (!tokens.length) return sentence.slice(0, max);
  const read = readingStart(tokens);
  const from = read >= 0 ? read : actionStart(tokens);
  const words = tokens.slice(from);
  const base = words[0]?.start ?? 0;
  const rest = sentence.slice(base).replace(/[\s.;:,!?]+$/, "");
  let t = rest.length <= max ? rest : shorter(words, sentence, base, max);
  // A verb and its object ("Run a water bank") is a title however short; a lone word is not.
  if (!t || t.split(/\s+/).length < 2) t = wholePhrase(tokens, sentence, 0, max) || sentence.slice(0, max).replace(/\s+\S*$/, "");
  t = t.replace(/[\s,;:—–-]+$/, "").replace(/^["“'‘(]+/, "");
  // "we recommend budgeting two weeks": the gerund a performative takes is said as the action ("Budget two weeks").
  const head = words[0];
  const gerundObject = read >= 0 && readSentence(tokens).kind === "performative";
  if (gerundObject && head && head.pos === "VERB" && head.lower.endsWith("ing") && head.lemma !== head.lower && t.toLowerCase().startsWith(head.lower)) t = head.lemma + t.slice(head.word.length);
  // An unbalanced bracket or quotation mark left by the cut reads as a fragment.
  if ((t.match(/\(/g)?.length ?? 0) !== (t.match(/\)/g)?.length ?? 0)) t = t.replace(/[()]/g, "").trim();
  if ((t.match(/“/g)?.length ?? 0) !== (t.match(/”/g)?.length ?? 0)) t = t.replace(/[“”]/g, "");
  return t.charAt(0).toUpperCase() + t.slice(1);
}

/**
 * Discourse rejects duplicate titles. Items that share a long opening ("The Secretary of State
 * should ensure that ...") are titled by what differs; remaining repeats are numbered.
 */
export function uniqueTitles(titles: string[], texts: string[] = []): string[] {
  const out = titles.map((t, i) => {
    const twins = titles.map((u, j) => (u === t && j !== i ? j : -1)).filter((j) => j >= 0);
    if (!twins.length || !texts[i]) return t;
    const words = texts[i]!.split(/\s+/);
    let common = words.length;
    for (const j of twins) {
      const other = (texts[j] ?? "").split(/\s+/);
      let k = 0;
      while (k < words.length && words[k] === other[k]) k++;
      common = Math.min(common, k);
    }
    return common >= 4 && common < words.length - 3 ? titleFor(words.slice(common).join(" ")) : t;
  });
  const seen = new Map<string, number>();
  return out.map((t) => {
    const key = t.toLowerCase();
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n === 1) return t;
    // Numbered within the limit: shorten at a phrase boundary first if needed.
    const suffix = ` (${n})`;
    return t.length + suffix.length <= MAX_TITLE ? t + suffix : titleFor(t, MAX_TITLE - suffix.length) + suffix;
  });
}
