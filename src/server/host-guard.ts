import type { NextFunction, Request, Response } from "express";
import { UserError } from "../errors.ts";

/** Names of this machine that no DNS answer can stand for: loopback literals and localhost. */
const LOOPBACK_HOST_HEADER = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])(?::\d{1,5})?$/i;
const LOOPBACK_LISTEN = /^(?:localhost|127(?:\.\d{1,3}){3}|::1|\[::1\])$/i;

/**
 * DNS-rebinding defence for a console with no token. A page on another site can point its own
 * host name at 127.0.0.1 and read whatever answers there; the browser then sends that name as
 * Host. So without DASHBOARD_TOKEN only loopback names are served, anything else gets 421
 * Misdirected Request. With a token, the token is the defence and any name is served (a
 * reverse proxy's, say). Signed webhooks and /health are mounted before this guard.
 */
export function hostGuard(dashboardToken: string | undefined) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (dashboardToken || LOOPBACK_HOST_HEADER.test(req.get("host") ?? "")) return next();
    res
      .status(421)
      .type("text/plain")
      .send("Refused: without DASHBOARD_TOKEN this console answers only at 127.0.0.1, localhost or [::1] (other host names could be DNS rebinding). Open it by one of those, or set DASHBOARD_TOKEN.");
  };
}

/**
 * Refuses, before anything starts, to serve the console beyond this machine without a token:
 * participants' posts and the moderator's buttons would be open to anyone who can reach HOST.
 */
export function assertSafeListen(config: { HOST: string; DASHBOARD_TOKEN?: string | undefined }): void {
  if (config.DASHBOARD_TOKEN || LOOPBACK_LISTEN.test(config.HOST)) return;
  throw new UserError(
    `HOST=${config.HOST} would open the dashboard and its actions beyond this machine without a token; set DASHBOARD_TOKEN (see .env.example), or keep HOST=127.0.0.1`,
  );
}
