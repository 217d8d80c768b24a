import type { NextFunction, Request, Response } from "express";
import { ctx } from "../context.ts";
import type { RequestLog } from "../request-log.ts";

/** Records each request once it is answered: method, path, acting user, status. */
export function logRequests(log: RequestLog, now: () => Date) {
  return (req: Request, res: Response, next: NextFunction) => {
    const url = new URL(req.originalUrl, "http://x");
    res.on("finish", () => {
      log.add({ method: req.method, path: url.pathname, query: url.search.slice(1), user: ctx(res).actor?.username ?? null, status: res.statusCode, at: now().toISOString() });
    });
    next();
  };
}
