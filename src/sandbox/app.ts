import express, { type NextFunction, type Request, type Response } from "express";
import type { Logger } from "../log.ts";
import { ctx, type Deps, type SandboxSettings } from "./context.ts";
import { adminApiLimit } from "./middleware/admin-limit.ts";
import { authenticate } from "./middleware/auth.ts";
import { injectFaults } from "./middleware/fault-injection.ts";
import { ipLimit } from "./middleware/ip-limit.ts";
import { jsonSuffix } from "./middleware/json-suffix.ts";
import { replayCache } from "./middleware/replay-cache.ts";
import { logRequests } from "./middleware/request-log.ts";
import type { RequestLog } from "./request-log.ts";
import { adminRoutes } from "./routes/admin.ts";
import { categoriesRoutes } from "./routes/categories.ts";
import { pollsRoutes } from "./routes/polls.ts";
import { postsRoutes } from "./routes/posts.ts";
import { toolsRoutes, type ToolHooks } from "./routes/tools.ts";
import { topicsRoutes } from "./routes/topics.ts";
import { usersRoutes } from "./routes/users.ts";
import type { ForumState } from "./state.ts";

export type { SandboxApiKey, SandboxSettings } from "./context.ts";

/**
 * The sandbox's HTTP surface, in the order a request meets it on Discourse: the request
 * tracker's per-IP limits, then (after the sandbox's own /__sandbox tools) authentication, the
 * admin-API bucket, injected faults, and one router per resource.
 */
export function createSandboxApp(
  state: ForumState,
  settings: SandboxSettings,
  log: Logger,
  o: { requests: RequestLog; listenHost: () => string; advanceClock: (seconds: number) => void },
) {
  const deps: Deps = { state, settings };
  const userApiKeys = new Map<string, number>();
  const replay = replayCache(deps);
  const hooks: ToolHooks = { listenHost: o.listenHost, userApiKeys, advanceClock: o.advanceClock, clockNow: state.now, clearReplay: replay.clear };

  const app = express();
  app.disable("x-powered-by");
  app.set("query parser", "extended");
  app.use(logRequests(o.requests, state.now));
  app.use(jsonSuffix);
  app.use(ipLimit(deps));
  app.use(express.json({ limit: "2mb" }));
  app.use(express.urlencoded({ extended: true, limit: "2mb" }));
  app.use(toolsRoutes(deps, hooks));
  app.use(authenticate(deps, userApiKeys));
  app.use(adminApiLimit(deps));
  app.use(injectFaults(deps));
  app.use(usersRoutes(deps));
  app.use(categoriesRoutes(deps));
  app.use(topicsRoutes(deps));
  app.use(postsRoutes(deps, replay));
  app.use(pollsRoutes(deps));
  app.use(adminRoutes(deps));

  app.use((_req: Request, res: Response) => {
    if (ctx(res).wantsJson) return void res.status(404).json({ errors: ["The requested URL or resource could not be found."], error_type: "not_found" });
    res.status(404).type("html").send("<h1>Not found</h1>");
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = err as { status?: number; type?: string; message?: string };
    if (e.type === "entity.parse.failed") {
      return void res.status(400).json({ errors: ["The JSON body could not be parsed."], error_type: "invalid_parameters" });
    }
    log.error({ err: e.message }, "sandbox route failed");
    res.status(500).json({ status: 500, error: "Internal Server Error" });
  });
  return app;
}
