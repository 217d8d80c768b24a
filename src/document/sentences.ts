import type { Sentence } from "./types.ts";

/** Words after which a period does not end a sentence: titles, references, Latin, months. */
const ABBREVIATIONS = new Set(
  (
    "mr mrs ms dr prof sr jr st mt gen col lt capt sgt gov sen rep pres rev hon amb adm cmdr " +
    "no nos sec secs art arts ch chap para paras fig figs vol vols pp p ed eds op cit cf al ibid " +
    "e.g i.e etc vs v viz approx est dept univ assn inc ltd co corp bros " +
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.u a.m p.m"
  ).split(/\s+/),
);

/** Periods after these rarely end a sentence even before a capital ("U.S. Government"). */
const NEVER_FINAL = new Set(["mr", "mrs", "ms", "dr", "prof", "st", "gen", "gov", "sen", "rep", "no", "nos", "sec", "secs", "art", "fig", "vol", "pp", "cf", "vs", "v", "e.g", "i.e", "u.s", "u.k", "u.n", "e.u", "hon", "amb", "capt", "lt", "col", "jr", "sr"]);

/**
 * Splits one block's text into sentences, with offsets. Linear in the length of the text:
 * one scan for terminators, each checked against the word before it and the character after.
 */
export function splitSentences(text: string, offset: number, block: number): Sentence[] {
  const out: Sentence[] = [];
  let start = 0;
  const re = /[.!?]+["'”’)\]]*(?=\s+|$)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const end = m.index + m[0].length;
    if (end >= text.length) break;
    const next = /\s+(\S)/.exec(text.slice(end, end + 40));
    if (!next) continue;
    const nextChar = next[1]!;
    if (m[0][0] === ".") {
      const wordMatch = /([A-Za-z.]+)$/.exec(text.slice(Math.max(0, m.index - 20), m.index));
      const word = (wordMatch?.[1] ?? "").toLowerCase().replace(/^\.+/, "");
      if (NEVER_FINAL.has(word)) continue;
      if (ABBREVIATIONS.has(word) && /[a-z0-9]/.test(nextChar)) continue;
      // An initial ("J. Smith") or a section number ("Sec. 3.1", "1.2") is not an ending.
      if (/^[A-Z]$/.test(wordMatch?.[1] ?? "") && /[A-Z]/.test(nextChar)) continue;
    }
    if (!/[A-Z0-9"'“‘(\[¿¡\p{Lu}]/u.test(nextChar)) continue;
    pushSentence(out, text, start, end, offset, block);
    start = end;
  }
  pushSentence(out, text, start, text.length, offset, block);
  return out;
}

function pushSentence(out: Sentence[], text: string, from: number, to: number, offset: number, block: number): void {
  let a = from;
  let b = to;
  while (a < b && /\s/.test(text[a]!)) a++;
  while (b > a && /\s/.test(text[b - 1]!)) b--;
  if (b > a) out.push({ text: text.slice(a, b), start: offset + a, end: offset + b, block });
}
