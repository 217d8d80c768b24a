import type { NextFunction, Request, Response } from "express";
import { ctx } from "../context.ts";

/** `/t/1.json` and `/t/1` with Accept: application/json are the same request to Discourse. */
export function jsonSuffix(req: Request, res: Response, next: NextFunction): void {
  const url = new URL(req.url, "http://x");
  const json = url.pathname.endsWith(".json");
  if (json) {
    url.pathname = url.pathname.slice(0, -5);
    req.url = url.pathname + url.search;
  }
  ctx(res).wantsJson = json || (req.get("accept") ?? "").includes("application/json") || req.method !== "GET";
  ctx(res).viaApiKey = false;
  next();
}
