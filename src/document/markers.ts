/**
 * Items numbered behind a word that names their kind: "Step 2 — Pick one application",
 * "Principle 4. Publish ...", "Tip #3: Ask ...", "Option B: ...". One syntax for the reader that
 * finds them (read.ts) and the extractor that orders them (extract/structure.ts).
 */
const WORD = String.raw`(\p{Lu}\p{Ll}+)\s+#?`;
const NUMBER = String.raw`(\d{1,2}|[IVXL]{1,5}|[A-H])`;
const SEPARATOR = String.raw`(?:\s*[.:)]|\s+[—–-])`;

/** At the start of a block: the label, its word (1) and number (2), and the space after it. */
export const LABELLED_ITEM = new RegExp(`^${WORD}${NUMBER}${SEPARATOR}\\s+(?=\\S)`, "u");

/** A list item's whole marker, as read.ts keeps it ("Step 2 —"): its word (1) and number (2). */
export const LABELLED_MARKER = new RegExp(`^${WORD}${NUMBER}${SEPARATOR}$`, "u");
