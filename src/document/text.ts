/** Collapses runs of whitespace to one space and trims: how text is quoted and compared. */
export function norm(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}
