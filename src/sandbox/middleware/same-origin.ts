import type { NextFunction, Request, Response } from "express";

/**
 * The sandbox's own forms change the forum without a key, so a page on another site must not
 * be able to post them (cross-site request forgery), nor reach them through a name that
 * resolves to 127.0.0.1 (DNS rebinding). A browser says where a request comes from in
 * Sec-Fetch-Site and Origin; a request from elsewhere, or addressed to a host that is not this
 * sandbox, is refused. Clients that send neither header (tests, curl) are not browsers and pass.
 */
export function sameOriginOnly(listenHost: () => string) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === "GET" || req.method === "HEAD") return next();
    const refuse = (why: string) => void res.status(403).type("text/plain").send(`Refused: ${why}\n`);
    const host = (req.get("host") ?? "").toLowerCase();
    const hostname = host.replace(/:\d+$/, "").replace(/^\[|\]$/g, "");
    const allowed = new Set(["127.0.0.1", "localhost", "::1", listenHost().toLowerCase()]);
    if (!allowed.has(hostname)) return refuse(`the Host "${host}" is not this sandbox`);
    const site = req.get("sec-fetch-site");
    if (site !== undefined && site !== "same-origin" && site !== "none") return refuse("a cross-site request");
    const origin = req.get("origin");
    if (origin !== undefined) {
      let originHost = "";
      try {
        originHost = new URL(origin).host.toLowerCase();
      } catch {
        /* "null" and other opaque origins */
      }
      if (originHost !== host) return refuse(`a request from ${origin}`);
    }
    next();
  };
}
