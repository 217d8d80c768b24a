import type { Document } from "../document/types.ts";
import { unlabelled, type Analysis } from "./analysis.ts";
import { readSentence, type Reading } from "./grammar.ts";
import type { Token } from "./nlp.ts";

/**
 * A stretch of text that may state one recommendation or objection: a sentence, a heading, or a
 * part of a sentence that enumerates ("(a) to make loans ...; (b) to divert ...", "...; the bill
 * amending ...; and the bill proposing ..."). Scorers decide about units, one at a time.
 */
export interface Unit {
  kind: "sentence" | "heading" | "clause" | "inline";
  /** Index of the sentence the unit lies in. */
  si: number;
  block: number;
  start: number;
  end: number;
  text: string;
  tokens: Token[];
  reading: Reading;
  /** Position among the units of its sentence (0 for a whole sentence or its first part). */
  part: number;
  /** How many units its sentence was divided into. */
  parts: number;
  /** It starts inside a quotation opened earlier in its paragraph (a quoted letter, a script). */
  quoted: boolean;
}

/** Inline enumeration markers: "(a)", "(b)", "(1)", "(ii)". */
const INLINE_MARKER = /(?:^|[\s:;,—–-])(\((?:[a-z]|\d{1,2}|[ivx]{1,4})\))\s+(?=\S)/g;

/**
 * The document's units, in order. A heading is one unit (without its label: "Step 2: Plan" is
 * "Plan"); a sentence is one unit, or several when it enumerates inline, with markers or with
 * semicolons between parts of at least four words each. The title (the first block) is not a unit.
 */
export function unitsOf(doc: Document, a: Analysis): Unit[] {
  const out = unitsWithoutQuotes(doc, a);
  // One scan per block: is each unit inside a quotation opened earlier in its paragraph?
  let block = -1;
  let at = 0;
  let open = 0;
  for (const u of out) {
    if (u.block !== block) {
      block = u.block;
      at = doc.blocks[block]!.start;
      open = 0;
    }
    for (; at < u.start; at++) {
      const c = doc.text.charCodeAt(at);
      if (c === 0x201c) open++;
      else if (c === 0x201d) open = Math.max(0, open - 1);
    }
    u.quoted = open > 0;
  }
  return out;
}

function unitsWithoutQuotes(doc: Document, a: Analysis): Unit[] {
  const out: Unit[] = [];
  doc.blocks.forEach((b, bi) => {
    const sis = a.blockSentences[bi]!;
    if (bi === 0 && b.kind === "heading") return;
    if (b.kind === "heading") {
      const si = sis[0];
      if (si === undefined) return;
      const label = b.text.length - unlabelled(b.text).length;
      const start = b.start + label;
      const tokens = a.tokens[si]!.filter((t) => t.start >= start);
      out.push({ kind: "heading", si, block: bi, start, end: b.end, text: doc.text.slice(start, b.end), tokens, reading: a.readings[si]!, part: 0, parts: 1, quoted: false });
      return;
    }
    for (const si of sis) {
      const s = doc.sentences[si]!;
      const cuts = cutsOf(s.text);
      if (!cuts.length) {
        out.push({ kind: "sentence", si, block: bi, start: s.start, end: s.end, text: s.text, tokens: a.tokens[si]!, reading: a.readings[si]!, part: 0, parts: 1, quoted: false });
        continue;
      }
      const bounds = [0, ...cuts.map((c) => c.at), s.text.length];
      const parts = bounds.length - 1;
      for (let k = 0; k < parts; k++) {
        const from = k === 0 ? 0 : cuts[k - 1]!.textAt;
        const to = bounds[k + 1]!;
        const raw = s.text.slice(from, to);
        const text = raw.replace(/[\s;,:]+$/, "").replace(/^\s+/, "");
        if (!text) continue;
        const start = s.start + from + (raw.length - raw.trimStart().length);
        const end = start + text.length;
        const tokens = a.tokens[si]!.filter((t) => t.start >= start && t.end <= end);
        const kind = k === 0 ? "sentence" : cuts[k - 1]!.inline ? "inline" : "clause";
        out.push({ kind, si, block: bi, start, end, text, tokens, reading: readSentence(tokens, k === 0 && a.readings[si]!.kind === "imperative"), part: k, parts, quoted: false });
      }
    }
  });
  return out;
}

/**
 * The parts of a sentence that enumerates, as offsets into it: the head (before the first marker
 * or semicolon) and each enumerated part (after its marker). One part when it does not enumerate.
 */
export function sentenceParts(text: string): { start: number; end: number; inline: boolean }[] {
  const cuts = cutsOf(text);
  if (!cuts.length) return [{ start: 0, end: text.length, inline: false }];
  const bounds = [0, ...cuts.map((c) => c.at), text.length];
  return bounds.slice(0, -1).map((_, k) => {
    const from = k === 0 ? 0 : cuts[k - 1]!.textAt;
    const raw = text.slice(from, bounds[k + 1]);
    const start = from + (raw.length - raw.trimStart().length);
    return { start, end: start + raw.trim().replace(/[\s;,:]+$/, "").length, inline: k > 0 && cuts[k - 1]!.inline };
  });
}

/** Where a sentence divides: before each inline marker (two or more), else at semicolons between long parts. */
function cutsOf(text: string): { at: number; textAt: number; inline: boolean }[] {
  const markers = [...text.matchAll(INLINE_MARKER)];
  if (markers.length >= 2) {
    return markers.map((m) => {
      const at = m.index! + m[0].indexOf(m[1]!);
      return { at, textAt: m.index! + m[0].length, inline: true };
    });
  }
  if (!text.includes(";")) return [];
  const pieces: { at: number; textAt: number; inline: boolean }[] = [];
  const re = /;\s+/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const before = text.slice(last, m.index).trim().split(/\s+/).length;
    const after = text.slice(m.index + m[0].length).split(/[;]/)[0]!.trim().split(/\s+/).length;
    if (before >= 4 && after >= 4) {
      pieces.push({ at: m.index, textAt: m.index + m[0].length, inline: false });
      last = m.index + m[0].length;
    }
  }
  return pieces;
}
