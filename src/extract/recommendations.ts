import { norm } from "../document/read.ts";
import type { Document, Sentence } from "../document/types.ts";
import { contentWords, isDirective, isImperative, isPastNarrative, normalizeQuotes, ordinalCue } from "./cues.ts";

export type Structure = "ordinal" | "list" | "heading" | "section" | "prose";

export interface FoundRecommendation {
  text: string;
  start: number;
  end: number;
  how: Structure;
  /** Index of the block the item starts in. */
  block: number;
}

/**
 * Finds the author's recommendations. Each detector looks for one way documents present them;
 * their findings are merged in document order, one item per place, restatements dropped.
 */
export function findRecommendations(doc: Document): FoundRecommendation[] {
  const found = [...fromSections(doc), ...fromLists(doc), ...fromHeadings(doc), ...fromOrdinals(doc), ...fromProse(doc)];
  const PRIORITY: Structure[] = ["section", "list", "heading", "ordinal", "prose"];
  found.sort((a, b) => a.start - b.start || PRIORITY.indexOf(a.how) - PRIORITY.indexOf(b.how));
  const kept: FoundRecommendation[] = [];
  for (const f of found) {
    const prev = kept.at(-1);
    if (prev && f.start < prev.end) continue;
    if (f.how === "prose" && isRestatement(f, kept)) continue;
    kept.push(f);
  }
  return kept;
}

/** The item from its first sentence on, within its block, until the next item or about 60 words. */
function itemFrom(doc: Document, si: number, how: Structure, stopAtOrdinal = true): FoundRecommendation {
  const first = doc.sentences[si]!;
  let end = first.end;
  let words = first.text.split(/\s+/).length;
  for (let j = si + 1; j < doc.sentences.length; j++) {
    const s = doc.sentences[j]!;
    if (s.block !== first.block || words >= 45) break;
    if (stopAtOrdinal && ordinalCue(s.text) !== null) break;
    // Another first-person proposal starts an item of its own.
    const lower = normalizeQuotes(s.text).toLowerCase();
    if (PROSE.test(lower) || INTENT.test(lower)) break;
    words += s.text.split(/\s+/).length;
    end = s.end;
  }
  return { text: norm(doc.text.slice(first.start, end)), start: first.start, end, how, block: first.block };
}

function sentencesOfBlock(doc: Document, block: number): number[] {
  const out: number[] = [];
  doc.sentences.forEach((s, i) => s.block === block && out.push(i));
  return out;
}

// "First, ... Second, ... Finally, ..." ------------------------------------------------

const INTRO_CUE = /\b(recommend|propos|suggest|urge|announc|steps|actions|measures|priorities|following|elements|ways|must|should|need to|way forward|agenda|plan|changes|reforms|solutions|fixes)\w*/;

const REPORTED =
  /\b(?:court|courts|judge|statute|act|law|regulation|rule|guidance|agency|agencies|department|handbook|report|study|studies|researchers|officials|commission|panel)\s+(?:has\s+|had\s+)?(?:held|holds|found|finds|requires?|required|provides?|provided|states?|stated|says?|said|set\s+out|sets\s+out|established|establishes|identified|identifies|listed|lists|described|describes|outlined|outlines)\b/;

function fromOrdinals(doc: Document): FoundRecommendation[] {
  const cands = doc.sentences.map((s, i) => ({ i, v: ordinalCue(s.text), s })).filter((c) => c.v !== null) as { i: number; v: number; s: Sentence }[];
  const chains: { i: number; v: number; s: Sentence }[][] = [];
  for (const c of cands) {
    if (c.v === 1) {
      chains.push([c]);
      continue;
    }
    const open = [...chains].reverse().find((ch) => {
      const last = ch.at(-1)!;
      return last.v !== Infinity && (c.v === Infinity ? ch.length >= 2 : last.v === c.v - 1) && c.s.block - last.s.block <= 12;
    });
    if (open) open.push(c);
  }
  const out: FoundRecommendation[] = [];
  for (const ch of chains) {
    if (ch.length < 2) continue;
    const items = ch.map((c) => itemFrom(doc, c.i, "ordinal"));
    if (items.filter((it) => isPastNarrative(it.text)).length > items.length / 2) continue;
    const directive = items.filter((it) => isDirective(it.text)).length;
    const firstSentence = ch[0]!.s;
    const before = doc.sentences.filter((s) => s.end <= firstSentence.start && s.block >= firstSentence.block - 1).slice(-2);
    const introCue = before.some((s) => INTRO_CUE.test(normalizeQuotes(s.text).toLowerCase()));
    // "The Court set out a two-part test. First, the defendant must ..." reports someone else's rule.
    if (before.some((s) => REPORTED.test(normalizeQuotes(s.text).toLowerCase()))) continue;
    if (directive >= Math.ceil(items.length / 2) || (introCue && directive >= 1)) out.push(...items);
  }
  return out;
}

// Numbered and bulleted lists under an introduction that announces proposals -----------

const LIST_INTRO = /\b(recommend\w*|propos\w*|suggest\w*|urge|steps|actions|measures|priorities|lessons|tips|advice|should|must|need to|call for|ways to|what (?:we|you) can do)\b/;

function fromLists(doc: Document): FoundRecommendation[] {
  const out: FoundRecommendation[] = [];
  for (const group of listGroups(doc)) {
    const items = group.map((i) => doc.blocks[i]!);
    const intro = doc.blocks[group[0]! - 1];
    if (items.length < 2 || !intro) continue;
    const cue = LIST_INTRO.test(normalizeQuotes(intro.text).toLowerCase());
    const actionable = items.filter((b) => isImperative(b.text) || isDirective(b.text)).length;
    // Without an announcing introduction, a list still proposes when its items say who should act.
    const modal = items.filter((b) => /\b(?:should|must|ought to)\b/.test(normalizeQuotes(b.text).toLowerCase())).length;
    // "We recommend:" or "Our proposals are as follows:" vouches for the items, even noun phrases.
    const vouched = /\b(?:recommend\w*|propos\w*)\b[^.]*:\s*$/.test(normalizeQuotes(intro.text).toLowerCase()) && items.every((b) => b.text.split(/\s+/).length >= 3);
    if (!(vouched || (cue && actionable >= items.length / 2) || modal >= Math.max(2, (items.length * 2) / 3))) continue;
    group.forEach((bi) => {
      const b = doc.blocks[bi]!;
      out.push({ text: norm(b.text), start: b.start, end: b.end, how: "list", block: bi });
    });
  }
  return out;
}

function indentOf(doc: Document, b: Document["blocks"][number]): number {
  return b.start - (doc.text.lastIndexOf("\n", b.start - 1) + 1) - (b.marker?.length ?? 0);
}

/**
 * Lists as a reader sees them: consecutive items at the outer level (nested items elaborate
 * the one above them), or numbered items 1, 2, 3 ... with paragraphs of explanation between them.
 */
function listGroups(doc: Document): number[][] {
  const groups: number[][] = [];
  const { blocks } = doc;
  const taken = new Set<number>();
  for (let i = 0; i < blocks.length; i++) {
    if (blocks[i]!.kind !== "list-item" || blocks[i - 1]?.kind === "list-item") continue;
    const group: number[] = [];
    const base = indentOf(doc, blocks[i]!);
    for (let j = i; blocks[j]?.kind === "list-item"; j++) if (indentOf(doc, blocks[j]!) <= base) group.push(j);
    groups.push(group);
    group.forEach((g) => taken.add(g));
  }
  // Numbered items standing alone, each followed by its explanation.
  const num = (i: number) => Number(/^\(?(\d+)[.)]$/.exec(blocks[i]?.marker ?? "")?.[1] ?? Number.NaN);
  for (let i = 0; i < blocks.length; i++) {
    if (num(i) !== 1 || blocks[i + 1]?.kind === "list-item") continue;
    const seq = [i];
    for (let j = i + 1; j < blocks.length && j - seq.at(-1)! <= 6; j++) {
      if (blocks[j]!.kind === "heading") break;
      if (blocks[j]!.kind !== "list-item") continue;
      if (num(j) !== num(seq.at(-1)!) + 1) break;
      seq.push(j);
    }
    if (seq.length >= 2 && !seq.some((k) => taken.has(k) && groups.some((g) => g.length > 1 && g.includes(k)))) groups.push(seq);
  }
  return groups;
}

// One heading per recommendation -------------------------------------------------------

const NUMBERED_HEADING = /^recommendation\s+(?:\d+|[ivx]+|[a-z])\s*[:.–—-]\s*(?=\S)/i;

function fromHeadings(doc: Document): FoundRecommendation[] {
  const headings = doc.blocks.map((b, i) => ({ b, i })).filter(({ b, i }) => b.kind === "heading" && i > 0);
  // "Recommendation 2: Expand ..." names itself.
  const named = headings.filter(({ b }) => NUMBERED_HEADING.test(norm(b.text)));
  if (named.length) {
    return named.map(({ b, i }) => {
      const lead = NUMBERED_HEADING.exec(norm(b.text))![0].length;
      return { text: norm(b.text).slice(lead), start: b.start + lead, end: b.end, how: "heading" as const, block: i };
    });
  }
  // "2. Fund the basins" or "II. Fund the basins": the numbering is not part of the item.
  const unnumbered = (t: string) => norm(t).replace(/^(?:\d+|[IVX]+|[A-Z])[.)]\s+/, "");
  const imperative = headings.filter(({ b }) => isImperative(unnumbered(b.text)));
  if (imperative.length < 2 || imperative.length < headings.length * 0.4) return [];
  return imperative.map(({ b, i }) => {
    const lead = norm(b.text).length - unnumbered(b.text).length;
    return { text: unnumbered(b.text), start: b.start + lead, end: b.end, how: "heading" as const, block: i };
  });
}

// A "Recommendations" section: its directive paragraphs, not its context ----------------

const SECTION_HEADING =
  /^(?:[\dIVX]+[.)]?\s*)?(?:(?:our|policy|key|main|specific|final|summary\s+of|list\s+of)\s+)?(?:recommendations?(?:\s+(?:for|to)\s+[\w\s,'’-]+)?|conclusions?\s+and\s+recommendations?|matters?\s+for\s+congressional\s+consideration|the\s+way\s+forward|(?:policy\s+)?proposals?|next\s+steps|what\s+should\s+be\s+done|what\s+(?:congress|policymakers|governments?)\s+should\s+do)\s*:?$/i;

function fromSections(doc: Document): FoundRecommendation[] {
  const out: FoundRecommendation[] = [];
  const { blocks } = doc;
  for (let h = 0; h < blocks.length; h++) {
    if (blocks[h]!.kind !== "heading" || !SECTION_HEADING.test(norm(blocks[h]!.text))) continue;
    for (let i = h + 1; i < blocks.length && blocks[i]!.kind !== "heading"; i++) {
      const b = blocks[i]!;
      if (b.kind === "list-item" && blocks[i - 1]?.kind === "list-item" && /^\s{2,}/.test(doc.text.slice(doc.text.lastIndexOf("\n", b.start - 1) + 1, b.start))) continue;
      const sis = sentencesOfBlock(doc, i);
      const first = doc.sentences[sis[0]!];
      if (!first || /:\s*$/.test(b.text.trim())) continue;
      const lead = normalizeQuotes(first.text).toLowerCase();
      const directive = /\b(should|must|recommend that|ought to|needs? to)\b/.test(lead) || isImperative(first.text) || /^(?:i|we) (?:recommend|propose|urge)/.test(lead);
      if (!directive || /\b(?:we|gao) (?:are making|made|make) (?:the following|\w+) recommendations?\b/.test(lead)) continue;
      out.push(itemFrom(doc, sis[0]!, "section", false));
    }
  }
  // "Recommendation 3: The Secretary should ..." names itself wherever it stands.
  doc.sentences.forEach((s, i) => {
    if (/^recommendation\s+(?:\d+|[ivx]+)\s*[:.–—-]\s+\S/i.test(s.text) && doc.blocks[s.block]!.kind !== "heading") out.push(itemFrom(doc, i, "section", false));
  });
  // GAO marks each recommendation "(Recommendation N)"; that is decisive wherever it stands.
  doc.sentences.forEach((s, i) => {
    if (!/\(Recommendation \d+\)/.test(s.text)) return;
    // "... throughout award implementation. (Recommendation 1)": the marker closes the sentence before it.
    const bare = /^\(Recommendation \d+\)\.?$/.test(s.text.trim()) && doc.sentences[i - 1]?.block === s.block;
    const from = bare ? doc.sentences[i - 1]! : s;
    out.push({ text: norm(doc.text.slice(from.start, s.end)), start: from.start, end: s.end, how: "section", block: s.block });
  });
  return out;
}

// "I recommend ...", "We propose ...", "I am today committing ..." -----------------------

const OPENERS = "(?:(?:[\\w' ]{0,40},\\s*)|(?:(?:so|and|but|now|today|tonight|here|therefore|thus|also|finally)[,]?\\s+){1,3})?";
const PROSE = new RegExp(
  `^${OPENERS}(?:i|we)\\s+(?:therefore\\s+|also\\s+|further\\s+|strongly\\s+|respectfully\\s+|would\\s+|now\\s+|hereby\\s+|again\\s+)*(?:recommend|propose|urge|call\\s+(?:on|upon)|ask\\s+(?:the\\s+)?(?:congress|parliament|legislature|council|government|secretary|house|senate)|am\\s+(?:today\\s+|now\\s+|also\\s+)?(?:proposing|recommending|committing|calling\\s+(?:on|upon)|asking|directing))\\b`,
);
/** A stated intention to legislate or build: "I want to work with both parties to pass ...". */
const INTENT = new RegExp(
  `^${OPENERS}(?:i|we)\\s+(?:(?:want|intend|plan|hope|will\\s+work|am\\s+going)\\s+to\\s+(?:work\\s+with\\s+[^.]{1,60}?\\s+to\\s+)?(?:pass|enact|create|establish|fund|introduce|reform|launch)|will\\s+(?:also\\s+|soon\\s+)?(?:sign|introduce|send|submit|issue|launch))\\b`,
);

function fromProse(doc: Document): FoundRecommendation[] {
  const out: FoundRecommendation[] = [];
  doc.sentences.forEach((s, i) => {
    if (doc.blocks[s.block]!.kind === "heading") return;
    const t = normalizeQuotes(s.text).toLowerCase();
    if (!(PROSE.test(t) || INTENT.test(t)) || /[?:]$/.test(t) || /\b(?:not|never)\s+(?:recommend|propose)/.test(t)) return;
    // "We recommend the following measures:" announces a list; the list items are the recommendations.
    if (/\b(?:the following|as follows|these (?:steps|measures|actions))\b/.test(t) && s.text.split(/\s+/).length < 14) return;
    // "We propose three reforms." counts what follows; it proposes nothing itself.
    if (/\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+|several|a few|a number of|some)\s+(?:\w+\s+)?(?:reforms|changes|recommendations|steps|measures|proposals|actions|ideas|principles|priorities|options|ways)\b/.test(t) && s.text.split(/\s+/).length < 12) return;
    out.push(itemFrom(doc, i, "prose"));
  });
  return out;
}

/** A closing recap ("I recommend, then, first ...") repeats what was already proposed. */
function isRestatement(f: FoundRecommendation, kept: FoundRecommendation[]): boolean {
  if (!kept.length) return false;
  const words = contentWords(f.text);
  const before = contentWords(kept.map((k) => k.text).join(" "));
  let shared = 0;
  for (const w of words) if (before.has(w)) shared++;
  return words.size > 0 && shared / words.size >= 0.5;
}
