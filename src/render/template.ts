import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const PROMPTS_DIR = fileURLToPath(new URL("../../prompts/", import.meta.url));

const cache = new Map<string, string>();
export function loadPrompt(name: string): string {
  let t = cache.get(name);
  if (t === undefined) {
    t = readFileSync(PROMPTS_DIR + name, "utf8");
    cache.set(name, t);
  }
  return t;
}

/**
 * `{{name}}` substitution and `{{#name}}...{{/name}}` sections kept only when the value is
 * non-empty. Values are inserted as given: callers escape for the target (Markdown, HTML).
 */
export function renderTemplate(template: string, vars: Record<string, string | number | undefined | null>): string {
  // A section tag alone on its line takes its line break with it; an inline one leaves the text as it is.
  const standalone = template.replace(/^(\{\{[#/]\w+\}\})\n/gm, "$1");
  const withSections = standalone.replace(/\{\{#(\w+)\}\}([\s\S]*?)\{\{\/\1\}\}/g, (_m, name: string, body: string) =>
    vars[name] === undefined || vars[name] === null || vars[name] === "" ? "" : body,
  );
  return withSections.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(vars[name] ?? "")).replace(/\n{3,}/g, "\n\n").trim();
}
