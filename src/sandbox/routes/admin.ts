import { Router, type NextFunction, type Request, type Response } from "express";
import { ctx, route, type Deps } from "../context.ts";
import { isStaff } from "../forum/trust.ts";
import { activateUser, changeTrustLevel, setModeration } from "../forum/users.ts";
import { ForumError } from "../model.ts";
import { serializeAdminDetailedUser, serializeAdminUser } from "../serialize/user.ts";

/**
 * app/controllers/admin/users_controller.rb, the calls a client needs to make an account fit
 * for posting: find it (GET /admin/users/{id}.json), raise its trust level, make it a moderator,
 * activate it. The admin namespace is routed only for staff (StaffConstraint), so anyone else
 * gets a 404.
 */
export function adminRoutes({ state }: Deps): Router {
  const r = Router();
  r.use("/admin", (_req: Request, res: Response, next: NextFunction) => {
    if (!isStaff(ctx(res).actor)) return void res.status(404).json(ForumError.notFound().body);
    next();
  });
  const id = (req: Request) => Number(req.params.id);
  r.get("/admin/users/:id", route((req) => {
    const u = state.userById(id(req));
    if (!u) throw ForumError.notFound();
    return serializeAdminDetailedUser(state, u);
  }));
  // admin/users#trust_level answers the AdminUserSerializer under its root, `admin_user`.
  r.put("/admin/users/:id/trust_level", route((req) => ({ admin_user: serializeAdminUser(state, changeTrustLevel(state, id(req), req.body?.level)) })));
  r.put("/admin/users/:id/grant_moderation", route((req, res) => ({ admin_user: serializeAdminUser(state, setModeration(state, ctx(res).actor!, id(req), true)) })));
  r.put("/admin/users/:id/revoke_moderation", route((req, res) => {
    setModeration(state, ctx(res).actor!, id(req), false);
    res.status(200).end();
  }));
  r.put("/admin/users/:id/activate", route((req) => {
    activateUser(state, id(req));
    return { success: "OK" };
  }));
  return r;
}
