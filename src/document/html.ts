import { Parser } from "htmlparser2";
import type { Block, BlockKind } from "./types.ts";

const SKIP = new Set(["script", "style", "nav", "header", "footer", "aside", "noscript", "template", "svg", "form", "button", "select", "iframe"]);
const BLOCK = new Set(["p", "div", "section", "article", "main", "blockquote", "pre", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "figcaption", "title", "br", "tr", "ul", "ol", "table"]);

/**
 * The visible text of an HTML page, one block per paragraph, heading or list item.
 * Navigation, scripts and styles are dropped; offsets point into the returned text.
 */
export function htmlToText(html: string): { text: string; blocks: Block[] } {
  let text = "";
  const blocks: Block[] = [];
  let skipDepth = 0;
  let current = "";
  let kind: BlockKind = "text";
  let inTitle = false;
  let title = "";
  const flush = () => {
    const t = current.replace(/\s+/g, " ").trim();
    if (t) {
      if (text) text += "\n\n";
      const start = text.length;
      text += t;
      blocks.push({ kind, text: t, start, end: text.length, line: 0, ...(kind === "list-item" ? { marker: "-" } : {}) });
    }
    current = "";
    kind = "text";
  };
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIP.has(name)) skipDepth++;
        if (name === "title") inTitle = true;
        if (skipDepth) return;
        if (BLOCK.has(name)) flush();
        if (/^h[1-6]$/.test(name)) kind = "heading";
        if (name === "li") kind = "list-item";
      },
      ontext(data) {
        if (inTitle) title += data;
        else if (!skipDepth) current += data;
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        if (SKIP.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (!skipDepth && BLOCK.has(name)) flush();
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  const t = title.replace(/\s+/g, " ").trim();
  if (t && !blocks.some((b) => b.kind === "heading" && b.text === t)) {
    // The <title> leads the text so that the document's title is its first heading, as in .txt files.
    const shift = t.length + 2;
    for (const b of blocks) {
      b.start += shift;
      b.end += shift;
    }
    text = `${t}\n\n${text}`;
    blocks.unshift({ kind: "heading", text: t, start: 0, end: t.length, line: 0 });
  }
  return { text, blocks };
}
