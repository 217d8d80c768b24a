import { randomBytes } from "node:crypto";
import { Router } from "express";
import { ctx, route, type Deps } from "../context.ts";
import { createUser } from "../forum/users.ts";
import { ForumError } from "../model.ts";
import { serializeUserDetail } from "../serialize/user.ts";

/** users#create, users#show and the honeypot challenge some clients fetch before signing up. */
export function usersRoutes({ state }: Deps): Router {
  const r = Router();
  r.get("/session/hp", route(() => ({ value: randomBytes(16).toString("hex"), challenge: randomBytes(16).toString("hex").split("").reverse().join("") })));
  r.post("/users", route((req, res) => createUser(state, ctx(res).actor, req.body ?? {}, { viaApi: ctx(res).viaApiKey })));
  const show = route((req, res) => {
    const u = state.userByName(String(req.params.username));
    if (!u) throw ForumError.notFound();
    return { user_badges: [], user: serializeUserDetail(state, u, ctx(res).actor) };
  });
  r.get("/u/:username", show);
  r.get("/users/:username", show);
  return r;
}
