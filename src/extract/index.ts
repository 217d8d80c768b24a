import type { Document } from "../document/types.ts";
import { norm } from "../document/text.ts";
import { attachObjections, documentCounterargument, lensCounterarguments, type Counterargument, type Lens } from "./counterarguments.ts";
import { analyse } from "./analysis.ts";
import { findObjections } from "./objections.ts";
import { findRecommendations, type Structure } from "./recommendations.ts";
import { titleFor, uniqueTitles } from "./titles.ts";

export interface ExtractedRecommendation {
  id: string;
  title: string;
  text: string;
  start: number;
  end: number;
  /** 1-based line in the document where the recommendation starts. */
  line: number;
  how: Structure;
  /** The paragraph around it, for the thread's "context" section. */
  context: string;
  counterarguments: Counterargument[];
}

export interface Extraction {
  document: { title: string | null; author: string | null; path: string };
  recommendations: ExtractedRecommendation[];
  objections: { text: string; start: number; end: number; line: number }[];
}

export const MIN_COUNTERARGUMENTS = 2;
/** Discourse's max_consecutive_replies (3) for the non-staff account that posts them. */
export const MAX_COUNTERARGUMENTS = 3;

/** The whole draft extraction: pure, no I/O but the lens templates (passed in by tests). */
export function extract(doc: Document, o: { lenses?: Lens[]; questions?: unknown } = {}): Extraction {
  const lineAt = lineIndex(doc.text);
  const analysis = analyse(doc);
  const found = findRecommendations(doc, analysis);
  const titles = uniqueTitles(found.map((f) => titleFor(f.text)), found.map((f) => f.text));
  const recs = found.map((f, i) => ({ ...f, title: titles[i]!, context: contextOf(doc, f.block, f.text) }));
  const objections = findObjections(doc, analysis);
  const attached = attachObjections(recs, objections);
  return {
    document: { title: doc.title, author: doc.author, path: doc.path },
    recommendations: recs.map((r, i) => {
      const fromDoc = attached[i]!.slice(0, MAX_COUNTERARGUMENTS).map((oi) => documentCounterargument(objections[oi]!));
      const need = Math.min(MAX_COUNTERARGUMENTS - fromDoc.length, Math.max(MIN_COUNTERARGUMENTS - fromDoc.length, fromDoc.length ? 0 : 3));
      const lens = need > 0 ? lensCounterarguments(r, i, need, o.lenses) : [];
      return {
        id: `rec-${i + 1}`,
        title: r.title,
        text: r.text,
        start: r.start,
        end: r.end,
        line: lineAt(r.start),
        how: r.how,
        context: r.context,
        counterarguments: [...fromDoc, ...lens],
      };
    }),
    objections: objections.map((x) => ({ ...x, line: lineAt(x.start) })),
  };
}

/** The paragraph the item stands in, or for a heading or list item the paragraph that follows or introduces it. */
function contextOf(doc: Document, block: number, text: string): string {
  const b = doc.blocks[block]!;
  const pick = (i: number) => doc.blocks[i] && doc.blocks[i]!.kind === "text" ? norm(doc.blocks[i]!.text) : "";
  let ctx = b.kind === "text" ? norm(b.text) : pick(block + 1) || pick(block - 1);
  if (ctx === text) ctx = pick(block - 1) || pick(block + 1);
  return ctx.length > 1200 ? `${ctx.slice(0, ctx.lastIndexOf(" ", 1200))} …` : ctx;
}

function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}
