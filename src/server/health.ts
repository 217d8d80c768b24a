import type { RequestHandler } from "express";
import type { Store } from "../store/store.ts";

/** GET /health: 200 while the store can still record what the service does, else 503 saying why. */
export function healthHandler(o: { store: Store; seminars: () => number }): RequestHandler {
  return (_req, res) => {
    const h = o.store.health();
    if (h.ok) return void res.json({ ok: true, store: "ok", seminars: o.seminars() });
    res.status(503).json({ ok: false, store: "unusable", why: h.why, seminars: o.seminars() });
  };
}
