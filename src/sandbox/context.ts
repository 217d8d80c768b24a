import type { NextFunction, Request, Response } from "express";
import type { Faults } from "./faults.ts";
import { ForumError, type SUser } from "./model.ts";
import type { GlobalSettings } from "./settings.ts";
import type { ForumState } from "./state.ts";

/** An admin-generated API key; `username` binds it to one user ("Single user" in Admin > API). */
export interface SandboxApiKey {
  key: string;
  username?: string;
}

/** The sandbox's switches, read on every request so tests may change them while it runs. */
export interface SandboxSettings {
  /** The "All users" admin key the sandbox was started with. */
  apiKey: string;
  /** More admin keys; all of them share the one admin-API bucket, as on Discourse. */
  apiKeys: SandboxApiKey[];
  /** Admin-API requests per minute for the whole site (max_admin_api_reqs_per_minute); 0 turns the limit off. */
  rateLimit: number;
  faults: Faults;
  random: () => number;
  /** PostsController#create's 120 s replay of identical API creates; off to test a client's own discipline. */
  replayCache: boolean;
  /** The request tracker's per-IP limits (GlobalSetting). */
  global: GlobalSettings;
}

/** What the middleware learned about a request, kept in res.locals. */
export interface Ctx {
  actor?: SUser;
  /** Authenticated with an admin API key (is_api? in Discourse). */
  viaApiKey: boolean;
  wantsJson: boolean;
}

export const ctx = (res: Response) => res.locals as Ctx;

export interface Deps {
  state: ForumState;
  settings: SandboxSettings;
}

export function requireUser(res: Response): SUser {
  const a = ctx(res).actor;
  if (!a) throw ForumError.notLoggedIn();
  return a;
}

/** Sends a ForumError as Discourse renders it: status, headers and the JSON envelope. */
export function sendForumError(res: Response, e: ForumError): void {
  res.status(e.status).set(e.headers).json(e.body);
}

/** Wraps a handler: a returned value is the JSON answer, a thrown ForumError its envelope. */
export const route =
  (fn: (req: Request, res: Response) => unknown) =>
  (req: Request, res: Response, next: NextFunction) => {
    try {
      const out = fn(req, res);
      if (out !== undefined && !res.headersSent) res.json(out);
    } catch (e) {
      if (e instanceof ForumError) return void sendForumError(res, e);
      next(e);
    }
  };

export function toArray(v: unknown): unknown[] {
  if (v === undefined || v === null || v === "") return [];
  return Array.isArray(v) ? v : [v];
}

/** ActiveModel::Type::Boolean#cast, as Rails reads "true", "1", true. */
export function truthy(v: unknown): boolean {
  return v === true || v === "true" || v === "1" || v === 1 || v === "on";
}
