import { UserError } from "../errors.ts";

interface TextItem {
  str: string;
  transform: number[];
  height: number;
  hasEOL?: boolean;
}

/**
 * The text of a PDF, one paragraph per block, through Mozilla's PDF.js. PDF has no paragraphs,
 * only positioned runs of text: a line break becomes a space, and a vertical gap clearly larger
 * than the line spacing becomes a paragraph break, so the result reads like the .txt files.
 */
export async function pdfToText(bytes: Uint8Array, file: string): Promise<string> {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  let doc;
  try {
    doc = await pdfjs.getDocument({ data: bytes, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise;
  } catch (e) {
    throw new UserError(`${file}: could not be read as a PDF (${(e as Error).message}); export it again or save it as .txt`);
  }
  const paragraphs: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const content = await page.getTextContent();
    let current = "";
    let lastY: number | undefined;
    let lineHeight = 0;
    for (const raw of content.items) {
      const item = raw as TextItem;
      if (typeof item.str !== "string") continue;
      const y = item.transform[5]!;
      const h = item.height || Math.abs(item.transform[3] ?? 0) || 10;
      if (lastY !== undefined && Math.abs(lastY - y) > 0.5) {
        const gap = Math.abs(lastY - y);
        lineHeight = lineHeight ? Math.min(lineHeight, gap) : gap;
        if (gap > Math.max(lineHeight, h) * 1.6) {
          if (current.trim()) paragraphs.push(current.trim());
          current = "";
        } else if (!current.endsWith(" ")) current += current.endsWith("-") ? "" : " ";
      }
      current += item.str;
      if (item.hasEOL && !current.endsWith(" ")) current += " ";
      lastY = y;
    }
    if (current.trim()) paragraphs.push(current.trim());
    page.cleanup();
  }
  await doc.destroy();
  const text = paragraphs.map((p) => p.replace(/\s+/g, " ")).join("\n\n");
  if (!text.trim()) throw new UserError(`${file}: has no extractable text (a scanned PDF?); run it through OCR or save it as .txt`);
  return `${text}\n`;
}
