import type { NextFunction, Request, Response } from "express";
import type { Deps } from "../context.ts";
import { isIP } from "node:net";

/** Loopback and private ranges, which the request tracker leaves alone unless max_reqs_rate_limit_on_private. */
export function isPrivateIp(ip: string): boolean {
  const v4 = ip.startsWith("::ffff:") ? ip.slice(7) : ip;
  if (isIP(v4) === 4) {
    const [a, b] = v4.split(".").map(Number) as [number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  const l = ip.toLowerCase();
  return l === "::1" || l.startsWith("fc") || l.startsWith("fd") || l.startsWith("fe80");
}

export const IP_KEYS = (ip: string) => [`ip_10_secs_limit:${ip}`, `ip_60_secs_limit:${ip}`];

/**
 * lib/middleware/request_tracker.rb: per-IP limits checked before routing or authentication
 * (max_reqs_per_ip_per_10_seconds, max_reqs_per_ip_per_minute), answered in text/plain, not
 * Discourse's JSON envelope. Private addresses (127.0.0.1 included) are exempt by default, as
 * on Discourse; set max_reqs_rate_limit_on_private to test the limit on loopback. The sandbox's
 * own /__sandbox tools are not Discourse's and are never limited.
 */
export function ipLimit({ state, settings }: Deps) {
  return (req: Request, res: Response, next: NextFunction) => {
    const g = settings.global;
    const ip = req.socket.remoteAddress ?? "";
    res.locals.ip = ip;
    if (g.max_reqs_per_ip_mode === "none" || req.path.startsWith("/__sandbox/")) return next();
    if (isPrivateIp(ip) && !g.max_reqs_rate_limit_on_private) return next();
    const [k10, k60] = IP_KEYS(ip) as [string, string];
    const checks: [string, string, number, number][] = [
      ["ip_10_secs_limit", k10, g.max_reqs_per_ip_per_10_seconds, 10],
      ["ip_60_secs_limit", k60, g.max_reqs_per_ip_per_minute, 60],
    ];
    for (const [code, key, max, secs] of checks) {
      const wait = state.limits.wait(key, max, secs);
      if (wait === 0) continue;
      if (g.max_reqs_per_ip_mode === "warn") break;
      res.status(429).set({ "Retry-After": String(wait), "Discourse-Rate-Limit-Error-Code": code }).type("text/plain");
      return void res.send(`Slow down, too many requests from this IP address.\nPlease retry again in ${wait} second${wait === 1 ? "" : "s"}.\nError code: ${code}.\n`);
    }
    state.limits.performed(k10);
    state.limits.performed(k60);
    res.locals.ipCounted = true;
    next();
  };
}
