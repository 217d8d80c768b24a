import { Router } from "express";
import { ctx, requireUser, route, toArray, type Deps } from "../context.ts";
import { vote } from "../forum/actions.ts";
import { serializePoll } from "../serialize/post.ts";

/** The poll plugin's PUT /polls/vote: `{poll, vote}`. */
export function pollsRoutes({ state }: Deps): Router {
  const r = Router();
  r.put("/polls/vote", route((req, res) => {
    const result = vote(state, requireUser(res), Number(req.body?.post_id), String(req.body?.poll_name ?? "poll"), toArray(req.body?.options).map(String));
    return { poll: serializePoll(result.poll, ctx(res).actor), vote: result.vote };
  }));
  return r;
}
