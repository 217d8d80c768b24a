import { Parser } from "htmlparser2";
import type { Block, BlockKind } from "./types.ts";

const SKIP = new Set(["script", "style", "nav", "aside", "noscript", "template", "svg", "form", "button", "select", "iframe"]);
/** A page's header and footer are chrome; an article's own header holds its title and byline. */
const CHROME = new Set(["header", "footer"]);
const BLOCK = new Set(["p", "div", "section", "article", "main", "blockquote", "pre", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "dd", "dt", "figcaption", "title", "br", "tr", "ul", "ol", "table"]);

/**
 * The visible text of an HTML page, one block per paragraph, heading or list item.
 * Navigation, scripts and styles are dropped; offsets point into the returned text.
 */
export function htmlToText(html: string): { text: string; blocks: Block[]; author: string | null } {
  let text = "";
  const blocks: Block[] = [];
  let skipDepth = 0;
  let current = "";
  let kind: BlockKind = "text";
  let inTitle = false;
  let title = "";
  let author: string | null = null;
  let firstH1: string | null = null;
  let articleDepth = 0;
  const chrome: boolean[] = [];
  let inH1 = false;
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
      onopentag(name, attrs) {
        if (name === "meta" && attrs.name?.toLowerCase() === "author" && attrs.content?.trim()) author = attrs.content.trim();
        if (name === "article" || name === "main") articleDepth++;
        if (CHROME.has(name)) {
          chrome.push(articleDepth === 0);
          if (articleDepth === 0) skipDepth++;
        }
        if (SKIP.has(name)) skipDepth++;
        if (name === "title") inTitle = true;
        if (skipDepth) return;
        if (BLOCK.has(name)) flush();
        if (/^h[1-6]$/.test(name)) kind = "heading";
        if (name === "h1" && firstH1 === null) inH1 = true;
        if (name === "li") kind = "list-item";
      },
      ontext(data) {
        if (inTitle) title += data;
        else if (!skipDepth) current += data;
      },
      onclosetag(name) {
        if (name === "title") inTitle = false;
        if (name === "h1" && inH1) {
          inH1 = false;
          firstH1 = current.replace(/\s+/g, " ").trim();
        }
        if (name === "article" || name === "main") articleDepth = Math.max(0, articleDepth - 1);
        if (CHROME.has(name) && chrome.pop()) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
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
  // The page's own <h1> names the document better than <title>, which often carries the site's name.
  if (firstH1 && blocks[0]?.kind !== "heading") {
    const i = blocks.findIndex((b) => b.kind === "heading" && b.text === firstH1);
    if (i > 0) blocks.unshift(...blocks.splice(i, 1));
  }
  if (t && !firstH1 && !blocks.some((b) => b.kind === "heading" && b.text === t)) {
    // The <title> leads the text so that the document's title is its first heading, as in .txt files.
    const shift = t.length + 2;
    for (const b of blocks) {
      b.start += shift;
      b.end += shift;
    }
    text = `${t}\n\n${text}`;
    blocks.unshift({ kind: "heading", text: t, start: 0, end: t.length, line: 0 });
  }
  return { text, blocks, author };
}
