import type { Extraction } from "./index.ts";

/**
 * The `seminar draft --json` contract (README): fields are added, never renamed. Added since the
 * first version: recommendations' `context`, `questions`, `agent`; objections' `claim`.
 */
export function extractionJson(x: Extraction): unknown {
  const { path: _path, ...document } = x.document;
  return {
    document,
    recommendations: x.recommendations.map((r) => ({
      id: r.id,
      title: r.title,
      text: r.text,
      start: r.start,
      end: r.end,
      line: r.line,
      structure: r.how,
      counterarguments: r.counterarguments.map((c) => ({ text: c.text, source: c.source })),
      context: r.context,
      questions: r.questions,
      agent: r.agent,
    })),
    objections: x.objections.map((o) => ({ text: o.text, start: o.start, end: o.end, line: o.line, claim: o.claim })),
  };
}
