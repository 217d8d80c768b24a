export type BlockKind = "heading" | "list-item" | "text";

/** A paragraph, heading or list item, with offsets into `Document.text`. */
export interface Block {
  kind: BlockKind;
  text: string;
  start: number;
  end: number;
  /** The list marker as written ("1.", "-", "(a)"), for list items. */
  marker?: string;
  /** 1-based line of `start` in the source file. */
  line: number;
}

export interface Sentence {
  text: string;
  start: number;
  end: number;
  block: number;
}

export interface Document {
  path: string;
  /** The text a reader sees: the file itself for .txt/.md, the visible text for .html. */
  text: string;
  blocks: Block[];
  sentences: Sentence[];
  title: string | null;
  author: string | null;
}
