import type { NextFunction, Request, Response } from "express";
import { ctx, type Deps } from "../context.ts";
import { rateLimitBody } from "../rate-limit.ts";

const READ_ONLY = "The site is in read only mode. Interactions are disabled.";

/**
 * Injected faults (--faults, PUT /__sandbox/faults), for JSON requests: read-only mode, a 429,
 * a 500 or 503 before anything happens, latency, and `500-after`: the write happens and its
 * answer is lost, the case that tempts a client to post twice.
 */
export function injectFaults({ settings }: Deps) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!ctx(res).wantsJson) return next();
    const f = settings.faults;
    const go = () => {
      if (f.readonly && req.method !== "GET") {
        return void res.status(503).json({ errors: [READ_ONLY], error_type: "read_only" });
      }
      const r = settings.random();
      if (r < f["429"]) {
        res.set("Retry-After", "1").set("Discourse-Rate-Limit-Error-Code", "admin_api_key_rate_limit");
        return void res.status(429).json(rateLimitBody(1));
      }
      if (r < f["429"] + f["500"]) return void res.status(500).json({ status: 500, error: "Internal Server Error" });
      if (r < f["429"] + f["500"] + f["503"]) return void res.status(503).type("text/plain").send("503 Service Unavailable");
      if (req.method !== "GET" && settings.random() < f["500-after"]) {
        const json = res.json.bind(res);
        res.json = (() => json.call(res.status(500), { status: 500, error: "Internal Server Error" })) as typeof res.json;
      }
      next();
    };
    if (f.latency > 0) setTimeout(go, f.latency);
    else go();
  };
}
