import type { NextFunction, Request, Response } from "express";
import { ctx, type Deps } from "../context.ts";
import { rateLimitBody } from "../rate-limit.ts";

/**
 * default_current_user_provider.rb `admin_api_key_limiter`: every admin API key of the site
 * shares one bucket (`admin_api_min`, max_admin_api_reqs_per_minute, 60 by default), with error
 * code admin_api_key_rate_limit. User API keys and anonymous requests are not in it.
 */
export function adminApiLimit({ state, settings }: Deps) {
  return (_req: Request, res: Response, next: NextFunction) => {
    if (!ctx(res).viaApiKey || settings.rateLimit <= 0) return next();
    const wait = state.limits.hit("admin_api_min", settings.rateLimit, 60);
    if (wait === 0) return next();
    res.set("Retry-After", String(wait)).set("Discourse-Rate-Limit-Error-Code", "admin_api_key_rate_limit");
    res.status(429).json(rateLimitBody(wait));
  };
}
