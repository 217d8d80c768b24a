import { createHash } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { ctx, type Deps } from "../context.ts";
import { IP_KEYS } from "./ip-limit.ts";

const INVALID_KEY = "You are not permitted to view the requested resource. The API username or key is invalid.";

function safeEqual(a: string, b: string): boolean {
  return createHash("sha256").update(a).digest().equals(createHash("sha256").update(b).digest());
}

/**
 * lib/auth/default_current_user_provider.rb for API keys: `Api-Key` with `Api-Username` (a key
 * bound to one user needs none and refuses another), or `User-Api-Key`. A bad key, an unknown
 * or inactive user: 403. A good admin API key takes the request out of the per-IP counters
 * (the provider rolls the request tracker's limiters back).
 */
export function authenticate({ state, settings }: Deps, userApiKeys: Map<string, number>) {
  return (req: Request, res: Response, next: NextFunction) => {
    const refuse = () => void res.status(403).json({ errors: [INVALID_KEY], error_type: "invalid_access" });
    const userApiKey = req.get("user-api-key");
    if (userApiKey !== undefined) {
      const user = state.userById(userApiKeys.get(userApiKey) ?? Number.NaN);
      if (!user || !user.active) return refuse();
      ctx(res).actor = user;
      return next();
    }
    const key = req.get("api-key");
    if (key === undefined) return next();
    const match = [{ key: settings.apiKey }, ...settings.apiKeys].find((k) => safeEqual(key, k.key));
    const username = req.get("api-username");
    if (!match || (match.username && username && username.toLowerCase() !== match.username.toLowerCase())) return refuse();
    const user = state.userByName(username ?? match.username ?? "");
    if (!user || !user.active) return refuse();
    ctx(res).actor = user;
    ctx(res).viaApiKey = true;
    if (res.locals.ipCounted) for (const k of IP_KEYS(String(res.locals.ip))) state.limits.rollback(k);
    next();
  };
}
