import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.ts";
import { htmlToText } from "./html.ts";
import { LABELLED_ITEM, LABELLED_MARKER } from "./markers.ts";
import { pdfToText } from "./pdf.ts";
import { splitSentences } from "./sentences.ts";
import { norm } from "./text.ts";
import type { Block, Document } from "./types.ts";

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const SUPPORTED_EXTENSIONS = [".txt", ".md", ".markdown", ".html", ".htm", ".pdf"] as const;

/** Reads a document from disk; every way it can be unusable is a one-line UserError. */
export async function readDocument(file: string): Promise<Document> {
  const ext = path.extname(file).toLowerCase();
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new UserError(`${file}: is not a file; give the path of a .txt, .md, .html or .pdf document`);
    size = st.size;
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${file}: no such file; check the path`);
  }
  if (!(SUPPORTED_EXTENSIONS as readonly string[]).includes(ext)) {
    throw new UserError(`${file}: unsupported file type "${ext || "(none)"}"; use ${SUPPORTED_EXTENSIONS.join(", ")}`);
  }
  if (size > MAX_DOCUMENT_BYTES) {
    throw new UserError(`${file}: is ${(size / 1048576).toFixed(1)} MB, over the 10 MB limit; split the document or keep only the part to discuss`);
  }
  const bytes = readFileSync(file);
  if (ext === ".pdf") {
    if (bytes.subarray(0, 5).toString("latin1") !== "%PDF-") throw new UserError(`${file}: does not start like a PDF file; check that it is one`);
    return parseText(file, await pdfToText(new Uint8Array(bytes), file), false);
  }
  if (bytes.includes(0)) throw new UserError(`${file}: looks like a binary file, not text; export it as .txt, .md or .html`);
  let raw: string;
  try {
    raw = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new UserError(`${file}: is not valid UTF-8 text; re-save it as UTF-8 (e.g. iconv -f latin1 -t utf-8)`);
  }
  raw = raw.replace(/^\uFEFF/, "");
  if (!raw.trim()) throw new UserError(`${file}: is empty; a document needs text to draft a seminar from`);
  if (ext === ".html" || ext === ".htm") return parseHtml(file, raw);
  return parseText(file, raw, ext === ".md" || ext === ".markdown");
}

const LIST_MARKER = /^(\s*)(?:([-*•▪◦‣])|(\(?\d{1,3}[.)])|(\(?[a-z][.)])|(\(?[A-Z][.)])|(\(?[ivxlcdmIVXLCDM]{1,6}[.)]))\s+(?=\S)/;

/** Splits plain text or Markdown into blocks: blank lines end paragraphs, list items stand alone. */
export function parseText(file: string, source: string, markdown: boolean): Document {
  // Markdown's inline markup is not what a reader sees: offsets point into the visible text.
  const text = markdown ? visibleMarkdown(stripFrontMatter(source)) : source;
  const blocks: Block[] = [];
  let para: { start: number; end: number; line: number } | null = null;
  const flush = () => {
    if (para) blocks.push({ kind: "text", text: text.slice(para.start, para.end), start: para.start, end: para.end, line: para.line });
    para = null;
  };
  let pos = 0;
  let lineNo = 0;
  // The list item the last line belonged to, while no blank line has closed it.
  let openItem: Block | null = null;
  for (const line of text.split("\n")) {
    lineNo++;
    const lineStart = pos;
    pos += line.length + 1;
    const body = line.replace(/\r$/, "");
    if (!body.trim()) {
      flush();
      openItem = null;
      continue;
    }
    const heading = markdown ? /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(body) : null;
    if (heading) {
      flush();
      const s = lineStart + body.indexOf(heading[2]!);
      blocks.push({ kind: "heading", text: heading[2]!, start: s, end: s + heading[2]!.length, line: lineNo });
      continue;
    }
    const marker = LIST_MARKER.exec(body);
    if (marker) {
      flush();
      const s = lineStart + marker[0].length;
      const e = lineStart + body.trimEnd().length;
      blocks.push({ kind: "list-item", text: text.slice(s, e), start: s, end: e, marker: marker[0].trim(), line: lineNo });
      openItem = blocks.at(-1)!;
      continue;
    }
    const lead = body.length - body.trimStart().length;
    // An indented line right under an item, with no blank line between, goes on with that item
    // (a tip's further paragraphs, set in by two spaces).
    if (openItem && !para && lead >= 2) {
      openItem.end = lineStart + body.trimEnd().length;
      openItem.text = text.slice(openItem.start, openItem.end);
      continue;
    }
    openItem = null;
    if (para) para.end = lineStart + body.trimEnd().length;
    else para = { start: lineStart + lead, end: lineStart + body.trimEnd().length, line: lineNo };
  }
  flush();
  markLabelledItems(blocks, text);
  markDashItems(blocks, text);
  markHeadings(blocks, text);
  return finish(file, text, blocks);
}

/**
 * "—to reduce the annual growth rate ...;" "—to establish a strategic reserve ...": paragraphs that
 * open with a dash, two or more in a row, are the items of a list, as a transcript sets them out.
 */
function markDashItems(blocks: Block[], text: string): void {
  const dashed = blocks.map((b) => b.kind === "text" && /^[—–]\s*\S/.test(b.text));
  blocks.forEach((b, i) => {
    if (!dashed[i] || !(dashed[i - 1] || dashed[i + 1])) return;
    const m = /^[—–]\s*/.exec(b.text)!;
    const start = b.start + m[0].length;
    Object.assign(b, { kind: "list-item", text: text.slice(start, b.end), start, marker: "—" });
  });
}

/**
 * "Step 2 — Pick one application", "Principle 4. Publish ...", "Tip #3:", "Option B:": an item
 * numbered behind a word that names its kind. The word must come back with another number at the
 * start of another block (a series, not one "Phase 2: ..." in passing), and must not name a part
 * of the document or a caption (Section, Chapter, Figure, Table ...).
 */
const DOCUMENT_PARTS = /^(?:Section|Chapter|Part|Volume|Appendix|Annex|Figure|Table|Chart|Exhibit|Box|Page|Map|Note|Footnote|Article|Title)$/;

function markLabelledItems(blocks: Block[], text: string): void {
  const numbers = new Map<string, Set<string>>();
  const found = blocks.map((b) => {
    const m = b.kind === "text" ? LABELLED_ITEM.exec(b.text) : null;
    if (!m || DOCUMENT_PARTS.test(m[1]!)) return null;
    numbers.set(m[1]!, (numbers.get(m[1]!) ?? new Set()).add(m[2]!));
    return m;
  });
  found.forEach((m, i) => {
    if (!m || numbers.get(m[1]!)!.size < 2) return;
    const b = blocks[i]!;
    const start = b.start + m[0].length;
    Object.assign(b, { kind: "list-item", text: text.slice(start, b.end), start, marker: m[0].trim() });
  });
}

/**
 * YAML front matter (---\ntitle: ...\n---) is metadata, not text; its title, if any, becomes
 * the first heading, as a static-site generator would render it.
 */
export function stripFrontMatter(md: string): string {
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(md);
  if (!m) return md;
  const title = /^title:\s*["']?(.*?)["']?\s*$/m.exec(m[1]!)?.[1];
  const author = /^author:\s*["']?(.*?)["']?\s*$/m.exec(m[1]!)?.[1];
  const rest = md.slice(m[0].length).replace(/^\s+/, "");
  return `${title ? `# ${title}\n\n` : ""}${author ? `${author}\n\n` : ""}${rest}`;
}

/** Drops emphasis markers, link targets, images and HTML comments; keeps everything else. */
export function visibleMarkdown(md: string): string {
  return md
    .replace(/<!--[\s\S]*?-->/g, "")
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]+)\]\([^)]*\)/g, "$1")
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2")
    .replace(/(^|[\s(])([*_])(?=\S)([^*_\n]*?\S)\2(?=[\s).,;:!?]|$)/gm, "$1$3")
    .replace(/`([^`\n]+)`/g, "$1");
}

function parseHtml(file: string, html: string): Document {
  const { text, blocks, author } = htmlToText(html);
  markLabelledItems(blocks, text);
  markDashItems(blocks, text);
  markHeadings(blocks);
  const doc = finish(file, text, blocks);
  return author && !doc.author ? { ...doc, author } : doc;
}

/**
 * A short line standing alone, without closing punctuation, that leads into more text, is a heading.
 * So is a numbered line standing alone ("1) Allow telecommuting", "IV. Scope"): a numbered heading,
 * kept with its number, which the extractor reads as a label.
 */
function markHeadings(blocks: Block[], text?: string): void {
  const headingLike = (t: string) => !t.includes("\n") && t.split(/\s+/).length <= 16 && !/[.,;:!]["'”’)]*$/.test(t) && /^[\p{Lu}\d"“‘']/u.test(t);
  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (i === blocks.length - 1) continue;
    if (b.kind === "text" && headingLike(b.text.trim())) b.kind = "heading";
    const numbered = b.kind === "list-item" && text !== undefined && (LABELLED_MARKER.test(b.marker ?? "") || /^\(?(?:\d{1,2}|[IVXL]{1,5})[.)]$/.test(b.marker ?? ""));
    // Standing alone: a blank line before and after it, even when a list of another style ends just above.
    const apart = (x: Block | undefined, y: Block | undefined) => !x || !y || !text || /\n[ \t]*\r?\n/.test(text.slice(Math.min(x.end, y.start), Math.max(x.end, y.start)));
    // A bare number after a numbered list may continue it across a blank line; "Play 9:" after "8." does not.
    const continues = (x: Block) => /^\(?\d/.test(x.marker ?? "") && /^\(?\d/.test(b.marker ?? "");
    const alone = (blocks[i - 1]?.kind !== "list-item" || (apart(blocks[i - 1], b) && blocks[i - 1]!.marker !== b.marker && !continues(blocks[i - 1]!))) && (blocks[i + 1]?.kind !== "list-item" || apart(b, blocks[i + 1]));
    if (numbered && alone && headingLike(b.text.trim())) {
      const start = text.lastIndexOf(b.marker!, b.start);
      Object.assign(b, { kind: "heading", start, text: text.slice(start, b.end), marker: undefined });
    }
  }
}

function finish(file: string, text: string, blocks: Block[]): Document {
  const sentences = blocks.flatMap((b, i) => (b.kind === "heading" ? [{ text: b.text, start: b.start, end: b.end, block: i }] : splitSentences(b.text, b.start, i)));
  const { title, author } = titleAndAuthor(blocks);
  return { path: file, text, blocks, sentences, title, author };
}

const NOT_NAMES = /\b(?:what|why|how|who|the|of|and|for|found|study|recommends?|highlights|summary|contents|introduction|background|report|blog|news|press|release|conclusions?|overview|abstract|appendix)\b/i;
const NAME = /^(?:By\s+)?((?:[\p{Lu}][\p{L}'’.-]*\.?\s+){1,3}[\p{Lu}][\p{L}'’-]+)$/u;

function titleAndAuthor(blocks: Block[]): { title: string | null; author: string | null } {
  const first = blocks[0];
  if (!first || first.kind !== "heading") return { title: null, author: blocks.length ? authorOf(blocks, null) : null };
  const title = norm(first.text);
  return { title, author: authorOf(blocks, title) };
}

/** "By Jordan Ellery", "Written by A. Smith, Senior Fellow", "Author: Maria Gonzalez". */
const BYLINE = /^(?:by|written by|authors?\s*:|posted by)\s*((?:[\p{Lu}][\p{L}'’.-]*\.?\s+){1,3}[\p{Lu}][\p{L}'’-]+)(?:\s*(?:,|\||—|–|-|\band\b).*)?$/iu;
/** "About the Author" followed by "Eunjung Lim is an Associate Professor ...". */
const ABOUT = /^about the authors?$/i;
const BIO = /^((?:(?:Dr|Prof|Mr|Ms|Mrs)\.?\s+)?[\p{Lu}][\p{L}'’-]+(?:\s+[\p{Lu}]\.)?(?:\s+[\p{Lu}][\p{L}'’-]+){1,2})\s+(?:is|was|has|serves|served|leads|led|works|worked|holds|teaches|directs|writes)\b/u;

/**
 * The document's author, in the common forms: a name standing alone just below the title; a byline
 * ("By ...", "Written by ...", "Author: ...") near the top; or the first name of an "About the
 * author" section, where the biography opens with it.
 */
function authorOf(blocks: Block[], title: string | null): string | null {
  for (const b of blocks.slice(1, 4)) {
    const t = norm(b.text);
    if (t === title) continue;
    const m = NAME.exec(t);
    if (m && b.kind === "heading" && !/\d/.test(t) && t.split(/\s+/).length <= 5 && !NOT_NAMES.test(t)) return m[1]!;
  }
  for (const b of blocks.slice(0, 8)) {
    const m = BYLINE.exec(norm(b.text));
    if (m && !NOT_NAMES.test(m[1]!)) return m[1]!;
  }
  for (let i = 0; i < blocks.length - 1; i++) {
    if (!ABOUT.test(norm(blocks[i]!.text).replace(/[:.]$/, ""))) continue;
    const m = BIO.exec(norm(blocks[i + 1]!.text));
    if (m && !NOT_NAMES.test(m[1]!)) return m[1]!;
  }
  return null;
}
