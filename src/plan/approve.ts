import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";

/**
 * Marks a plan approved in place, keeping its comments and layout: only the `status` line
 * changes (or is added). Written to a temporary file and renamed, so a crash never leaves half a plan.
 * Returns false when it was approved already.
 */
export function approvePlan(file: string): boolean {
  const doc = parseDocument(readFileSync(file, "utf8"));
  if (doc.get("status") === "approved") return false;
  doc.set("status", "approved");
  const tmp = `${file}.approving`;
  writeFileSync(tmp, doc.toString({ lineWidth: 100, blockQuote: "literal" }));
  renameSync(tmp, file);
  return true;
}
