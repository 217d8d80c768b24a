import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { ClientError } from "./errors.ts";

/**
 * With DASHBOARD_TOKEN set, the dashboard and API want it as a bearer token, `?token=`
 * (which sets a cookie, so links work) or that cookie. Without it they are open, which is
 * why the service binds to 127.0.0.1 unless HOST says otherwise.
 */
export function requireToken(token: string | undefined) {
  const digest = token ? createHash("sha256").update(token).digest() : undefined;
  const matches = (given: string | undefined) => !!given && !!digest && createHash("sha256").update(given).digest().equals(digest);
  return (req: Request, res: Response, next: NextFunction) => {
    if (!digest) return next();
    const bearer = /^Bearer\s+(.+)$/i.exec(req.get("authorization") ?? "")?.[1];
    const cookie = /(?:^|;\s*)seminar_token=([^;]+)/.exec(req.get("cookie") ?? "")?.[1];
    const query = typeof req.query.token === "string" ? req.query.token : undefined;
    if (matches(query)) {
      res.cookie("seminar_token", query!, { httpOnly: true, sameSite: "strict" });
      return next();
    }
    if (matches(bearer) || matches(cookie === undefined ? undefined : decodedCookie(cookie))) return next();
    res.status(401).type("text/plain").send("This dashboard needs its token: open it with ?token=<DASHBOARD_TOKEN> or send Authorization: Bearer <token>.");
  };
}

function decodedCookie(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new ClientError(400, "the seminar_token cookie is not valid percent-encoding; clear it and open the dashboard with ?token=<DASHBOARD_TOKEN>");
  }
}
