import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { isMap, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { UserError } from "../errors.ts";
import { planSchema, type Plan } from "./schema.ts";

export interface LoadedPlan {
  plan: Plan;
  path: string;
}

/** Loads and validates a plan; the first problem becomes `file:line: field: what to fix`. */
export function loadPlan(file: string): LoadedPlan {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "EISDIR") throw new UserError(`${file}: is a folder, not a plan file; name a .yaml file`);
    throw new UserError(`${file}: no such plan file; create one with "seminar draft <document> -o ${file}"`);
  }
  let text: string;
  try {
    // Fatal decoding: a Latin-1 plan would otherwise put U+FFFD into titles on the forum.
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    const line = bytes.subarray(0, firstInvalidUtf8(bytes)).toString("latin1").split("\n").length;
    throw new UserError(`${file}:${line}: the plan is not UTF-8 text; save it as UTF-8 in your editor`);
  }
  const plan = parsePlan(text, file);
  const doc = plan.source.document;
  if (doc && !existsSync(path.resolve(path.dirname(file), doc))) {
    throw new UserError(`${file}: source.document: ${doc} does not exist (paths are relative to the plan's folder); fix the path or remove the line`);
  }
  return { plan, path: file };
}

/** The offset of the first byte that is not part of a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Buffer): number {
  let lo = 0;
  let hi = bytes.length;
  // The longest valid prefix, by bisection on the fatal decoder (a prefix may end mid-character: allow 3 bytes).
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  return lo;
}

export function parsePlan(text: string, file: string): Plan {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) {
    const err = doc.errors[0]!;
    const line = lc.linePos(err.pos[0]).line;
    throw new UserError(`${file}:${line}: not valid YAML: ${err.message.split("\n")[0]}; check indentation and quoting`);
  }
  let data: unknown;
  try {
    // Few aliases are legitimate in a plan; many are a "billion laughs" that would eat the memory.
    data = doc.toJS({ maxAliasCount: 50 });
  } catch (e) {
    throw new UserError(`${file}: the YAML expands too far (${(e as Error).message.split("\n")[0]}); write the values out instead of repeating aliases`);
  }
  const parsed = planSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const { line, path } = locate(doc.contents, issue.path as (string | number)[], lc);
  const field = path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("") || "(top level)";
  const more = parsed.error.issues.length > 1 ? ` (and ${parsed.error.issues.length - 1} more problem${parsed.error.issues.length > 2 ? "s" : ""})` : "";
  return fail(`${file}:${line}: ${field}: ${describe(issue)}${more}`);
}

function fail(msg: string): never {
  throw new UserError(msg);
}

function describe(issue: { code: string; message: string; keys?: string[]; path: PropertyKey[] }): string {
  if (issue.code === "unrecognized_keys") return `unknown field${issue.keys!.length > 1 ? "s" : ""} ${issue.keys!.map((k) => `"${k}"`).join(", ")}; check the spelling (see README, "The plan file")`;
  if (/received undefined/.test(issue.message)) return "is required";
  return issue.message;
}

/** The deepest node the issue's path reaches, and its line. */
function locate(root: unknown, path: (string | number)[], lc: LineCounter): { line: number; path: (string | number)[] } {
  let node = root as Node | undefined;
  let line = 1;
  const reached: (string | number)[] = [];
  const lineOf = (n: unknown) => {
    const r = (n as { range?: [number, number, number] } | undefined)?.range;
    return r ? lc.linePos(r[0]).line : undefined;
  };
  line = lineOf(node) ?? 1;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === String(key));
      if (!pair) break;
      line = lineOf(pair.key) ?? line;
      node = pair.value as Node | undefined;
    } else if (isSeq(node)) {
      const item = node.items[Number(key)];
      if (item === undefined) break;
      node = item as Node;
      line = lineOf(node) ?? line;
    } else break;
    reached.push(key);
  }
  return { line, path: path.length ? path : reached };
}
