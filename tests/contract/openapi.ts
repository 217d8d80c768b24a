import { readFileSync } from "node:fs";
import path from "node:path";
import Ajv2020 from "ajv/dist/2020.js";

type Schema = { [k: string]: unknown };

/**
 * Where the OpenAPI document is narrower than what real forums send, recorded responses win
 * (see ../shared/discourse/API-NOTES.md). Each entry widens one property's type.
 */
export const KNOWN_WIDER: Record<string, string[]> = {
  // [OAS] says string|null; every recorded response has an integer (fixtures/discourse_api/topic_posts.json).
  reply_to_post_number: ["integer", "string", "null"],
  // null when nothing awaits review (fixtures/wp_discourse/post_create.json).
  reviewable_id: ["integer", "string", "null"],
  // null for topics without an image (fixtures/discourse_api/latest.json).
  image_url: ["string", "null"],
  // null for posters other than the first and last (fixtures/discourse_api/latest.json).
  extras: ["string", "null"],
  // null for a user without a featured topic.
  featured_topic: ["object", "null"],
};

/**
 * The OAS is generated from a vanilla install's request specs and marks many objects
 * `additionalProperties: false`; real forums add plugin fields (polls, action_code,
 * reply_to_user). Documented properties are checked, extra ones allowed.
 */
function widen(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(widen);
  if (!node || typeof node !== "object") return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node as Schema)) {
    if (k === "additionalProperties" && v === false) continue;
    if (k === "properties" && v && typeof v === "object") {
      out[k] = Object.fromEntries(
        Object.entries(v as Schema).map(([name, sub]) => [name, KNOWN_WIDER[name] ? { ...(widen(sub) as Schema), type: KNOWN_WIDER[name] } : widen(sub)]),
      );
      continue;
    }
    out[k] = widen(v);
  }
  return out;
}

/** Validates bodies against the response schemas of Discourse's official OpenAPI document. */
export function openApiValidator(sharedDir: string) {
  const oas = JSON.parse(readFileSync(path.join(sharedDir, "discourse/openapi.json"), "utf8")) as {
    paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  };
  const ajv = new Ajv2020.default({ strict: false, allErrors: true, validateFormats: false });
  return (method: string, route: string, body: unknown, status = "200"): string[] => {
    const schema = oas.paths[route]?.[method.toLowerCase()]?.responses[status]?.content?.["application/json"]?.schema;
    if (!schema) throw new Error(`no ${status} JSON schema for ${method} ${route} in openapi.json`);
    const validate = ajv.compile(widen(schema) as Schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "(root)"} ${e.message}${e.params && "missingProperty" in e.params ? ` ${String(e.params.missingProperty)}` : ""}`);
  };
}
