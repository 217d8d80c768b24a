import { STATUS_CODES } from "node:http";
import type { ErrorRequestHandler, Request } from "express";
import type { Logger } from "../log.ts";

/** A mistake in the request itself; its message is shown to the client. */
export class ClientError extends Error {
  override name = "ClientError";
  readonly expose = true;
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface HttpishError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  limit?: number;
  message?: string;
  stack?: string;
}

/**
 * The app's last handler. Whatever went wrong, the client gets one line of JSON (400, 413 and 415
 * for its own mistakes, 500 for ours) and the log one structured line: never Express's HTML page
 * with a stack trace, nor a stack written raw to stderr.
 */
export function jsonErrorHandler(log: Logger): ErrorRequestHandler {
  return (err: HttpishError, req, res, _next) => {
    const given = err?.status ?? err?.statusCode;
    const status = typeof given === "number" && given >= 400 && given < 500 ? given : 500;
    const fields = { status, method: req.method, path: pathOf(req), err: String(err?.message ?? err).split("\n")[0], type: err?.type };
    if (status < 500) log.warn(fields, "request refused");
    else log.error({ ...fields, stack: err?.stack }, "request failed");
    // Too late for an answer: end the exchange rather than let Express print the stack.
    if (res.headersSent) return void req.socket.destroy();
    res.status(status).json({ error: status < 500 ? clientMessage(err, status, req) : "internal error; the service's log says more" });
  };
}

function clientMessage(err: HttpishError, status: number, req: Request): string {
  if (err instanceof URIError) return "the URL has a malformed percent-encoding";
  if (err.type === "entity.too.large") return `the body is over the ${err.limit ?? "size"} byte limit`;
  // body-parser passes zlib's own words ("incorrect header check") with no type of its own.
  const encoding = req.get("content-encoding");
  if (status === 400 && !err.type && encoding && encoding !== "identity") return `the body is not valid ${encoding}, as its Content-Encoding says`;
  return err.expose && err.message ? err.message : (STATUS_CODES[status] ?? "bad request");
}

function pathOf(req: Request): string {
  try {
    return req.path;
  } catch {
    return "(unparsable)";
  }
}
