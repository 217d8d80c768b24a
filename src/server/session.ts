import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import type { Flash } from "./pages/layout.ts";

const COOKIE = "seminar_session";
const ID = /^[A-Za-z0-9_-]{43}$/;
/** Flash messages waiting for their page, at most this many (the oldest go first). */
const MAX_FLASHES = 1000;

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i <= 0 || part.slice(0, i).trim() !== name) continue;
    try {
      return decodeURIComponent(part.slice(i + 1).trim());
    } catch {
      return undefined; // a malformed value is no session at all
    }
  }
  return undefined;
}

/**
 * A browser session for the console: a random id in an HttpOnly, SameSite=Strict cookie, a
 * CSRF token derived from it (HMAC with a key made at start, so no table of tokens to keep),
 * and one flash message a session for post/redirect/get. The token is asked of every POST,
 * with or without DASHBOARD_TOKEN: the dashboard token rides in a cookie too, which a
 * cross-site form would carry; the CSRF token it cannot read.
 */
export class Sessions {
  private readonly key: Buffer;
  private readonly flashes = new Map<string, Flash>();

  constructor(key: Buffer = randomBytes(32)) {
    this.key = key;
  }

  /** The session id of this request, starting one (and setting its cookie) when there is none. */
  id(req: Request, res: Response): string {
    const given = readCookie(req, COOKIE);
    if (given && ID.test(given)) return given;
    const id = randomBytes(32).toString("base64url");
    res.cookie(COOKIE, id, { httpOnly: true, sameSite: "strict", path: "/" });
    return id;
  }

  csrfToken(sessionId: string): string {
    return createHmac("sha256", this.key).update(`csrf:${sessionId}`).digest("base64url");
  }

  /**
   * Whether a POST carries its session's CSRF token. (No Origin check on top: a reverse proxy
   * that rewrites Host would make it refuse every honest form, and the token already decides.)
   */
  verify(req: Request): { ok: true; sessionId: string } | { ok: false; why: string } {
    const sessionId = readCookie(req, COOKIE);
    if (!sessionId || !ID.test(sessionId)) return { ok: false, why: "no console session: open the page first (cookies must be allowed)" };
    const given = typeof req.body?.csrf === "string" ? Buffer.from(req.body.csrf) : Buffer.alloc(0);
    const want = Buffer.from(this.csrfToken(sessionId));
    if (given.length !== want.length || !timingSafeEqual(given, want)) return { ok: false, why: "the form's CSRF token is missing or stale: reload the page and try again" };
    return { ok: true, sessionId };
  }

  setFlash(sessionId: string, f: Flash): void {
    this.flashes.delete(sessionId);
    this.flashes.set(sessionId, f);
    if (this.flashes.size > MAX_FLASHES) this.flashes.delete(this.flashes.keys().next().value!);
  }

  takeFlash(sessionId: string): Flash | undefined {
    const f = this.flashes.get(sessionId);
    this.flashes.delete(sessionId);
    return f;
  }
}

/** Express middleware form of `verify`: a POST without a valid token gets 403 and a one-line reason. */
export function requireCsrf(sessions: Sessions) {
  return (req: Request, res: Response, next: NextFunction) => {
    const v = sessions.verify(req);
    if (v.ok) {
      res.locals.sessionId = v.sessionId;
      return next();
    }
    res.status(403).type("text/plain").send(`Refused: ${v.why}.`);
  };
}
