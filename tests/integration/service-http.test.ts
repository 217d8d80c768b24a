import { chmodSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it, vi } from "vitest";
import { signWebhook } from "../../src/discourse/webhook-signature.ts";
import { createLogger } from "../../src/log.ts";
import { createServiceApp } from "../../src/server/app.ts";
import { storePath } from "../../src/store/db.ts";
import { openStore, Store } from "../../src/store/store.ts";
import { textSink } from "../cli-harness.ts";
import { onCleanup, tempDir } from "../helpers.ts";

const SECRET = "webhook-secret-0123456789";
const TOKEN = "dashboard-token-0123456789";

/** The service's HTTP app on 127.0.0.1, with its own store and a log the test reads. */
async function serviceApp(o: { store?: (dataDir: string) => Store; plans?: () => never[] } = {}) {
  const dataDir = path.join(tempDir(), "data");
  const store = o.store?.(dataDir) ?? openStore(storePath(dataDir));
  onCleanup(() => store.close());
  const log = textSink();
  const app = createServiceApp({
    store,
    plans: o.plans ?? (() => []),
    forumUrl: () => "http://127.0.0.1:9",
    webhookSecrets: [SECRET],
    dashboardToken: TOKEN,
    log: createLogger({ format: "json", destination: log.stream }),
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise<void>((r) => server.once("listening", () => r()));
  onCleanup(() => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const logLines = () => log.text().trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { url, dataDir, store, logLines };
}

const webhookHeaders = { "content-type": "application/json", "x-discourse-event": "ping", "x-discourse-event-type": "ping", "x-discourse-event-id": "1" };

/** The answer must be one line of JSON with an error, never Express's HTML stack page. */
async function oneJsonLine(res: Response, status: number): Promise<string> {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  expect(body).not.toContain("\n");
  expect(body).not.toMatch(/<html|<pre>|\bat .*:\d+:\d+/i);
  return (JSON.parse(body) as { error: string }).error;
}

describe("the service's answers to bad requests", () => {
  // Express's own last handler writes the stack to stderr with console.error; ours never runs it.
  const stderrWrites = vi.spyOn(process.stderr, "write");
  const consoleErrors = vi.spyOn(console, "error");
  afterEach(() => {
    expect(consoleErrors).not.toHaveBeenCalled();
    expect(stderrWrites.mock.calls.filter(([chunk]) => /\bat .*:\d+:\d+/.test(String(chunk)))).toEqual([]);
    stderrWrites.mockClear();
    consoleErrors.mockClear();
  });

  it("a malformed token cookie: 400, and one structured log line", async () => {
    const app = await serviceApp();
    const res = await fetch(`${app.url}/api/seminars`, { headers: { cookie: "seminar_token=%E0%A4%A" } });
    expect(await oneJsonLine(res, 400)).toMatch(/seminar_token cookie is not valid percent-encoding/);
    expect(app.logLines()).toEqual([expect.objectContaining({ level: 40, msg: "request refused", status: 400, method: "GET", path: "/api/seminars" })]);
  });

  it("a malformed percent-escape in the path: 400 where a route reads it, 404 elsewhere", async () => {
    const app = await serviceApp();
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect(await oneJsonLine(await fetch(`${app.url}/api/seminars/%E0%A4%A`, { headers: auth }), 400)).toBe("the URL has a malformed percent-encoding");
    expect(await oneJsonLine(await fetch(`${app.url}/%E0%A4%A`, { headers: auth }), 404)).toBe("not found");
  });

  it("a compressed webhook: 415 on its headers alone (Discourse sends deliveries uncompressed)", async () => {
    const app = await serviceApp();
    const body = '{"ping":"OK"}';
    for (const encoding of ["gzip", "compress"]) {
      const res = await fetch(`${app.url}/webhooks/discourse`, {
        method: "POST",
        headers: { ...webhookHeaders, "content-encoding": encoding, "x-discourse-event-signature": signWebhook(SECRET, body) },
        body: gzipSync(body),
      });
      expect(await oneJsonLine(res, 415)).toMatch(new RegExp(`Content-Encoding ${encoding} is not accepted`));
    }
  });

  it("a signed webhook over the body limit: 413 on its Content-Length, before the body is read", async () => {
    const app = await serviceApp();
    const res = await fetch(`${app.url}/webhooks/discourse`, {
      method: "POST",
      headers: { ...webhookHeaders, "x-discourse-event-signature": `sha256=${"0".repeat(64)}` },
      body: "x".repeat(5 * 1024 * 1024 + 1),
    });
    expect(await oneJsonLine(res, 413)).toMatch(/^body is larger than \d+ bytes$/);
  });

  it("a bug of ours: 500 without details, and the stack only inside one error log line", async () => {
    const app = await serviceApp({ plans: () => { throw new Error("plans exploded"); } });
    const res = await fetch(`${app.url}/api/seminars`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await oneJsonLine(res, 500)).toBe("internal error; the service's log says more");
    const [line] = app.logLines();
    expect(line).toMatchObject({ level: 50, msg: "request failed", status: 500, err: "plans exploded" });
    expect(String(line!.stack)).toMatch(/^Error: plans exploded\n\s+at /);
  });
});

describe("/health", () => {
  async function health(url: string) {
    const res = await fetch(`${url}/health`);
    return { status: res.status, body: (await res.json()) as { ok: boolean; store: string; why?: string } };
  }

  it("is ok while the store is usable", async () => {
    const app = await serviceApp();
    expect(await health(app.url)).toEqual({ status: 200, body: { ok: true, store: "ok", seminars: 0 } });
  });

  it("turns unhealthy when the data directory is deleted", async () => {
    const app = await serviceApp();
    rmSync(app.dataDir, { recursive: true });
    const h = await health(app.url);
    expect(h.status).toBe(503);
    expect(h.body).toMatchObject({ ok: false, store: "unusable" });
    expect(h.body.why).toMatch(/seminar\.sqlite is gone \(was the data directory deleted\?\)/);
  });

  it("turns unhealthy when the data directory stops taking new files", async () => {
    const app = await serviceApp();
    chmodSync(path.dirname(app.dataDir), 0o755);
    chmodSync(app.dataDir, 0o555);
    onCleanup(() => chmodSync(app.dataDir, 0o755));
    // Permissions do not bind root, so as root the check runs as nobody for the request.
    const asRoot = process.getuid?.() === 0;
    if (asRoot) process.seteuid!(65534);
    let h;
    try {
      h = await health(app.url);
    } finally {
      if (asRoot) process.seteuid!(0);
    }
    expect(h.status).toBe(503);
    expect(h.body.why).toMatch(/^the data directory .* does not accept new files \(EACCES\)$/);
  });

  it("turns unhealthy when the store refuses writes", async () => {
    const app = await serviceApp({
      store: (dataDir) => {
        openStore(storePath(dataDir)).close();
        return new Store(new Database(storePath(dataDir), { readonly: true }), storePath(dataDir));
      },
    });
    const h = await health(app.url);
    expect(h.status).toBe(503);
    expect(h.body.why).toMatch(/^the store refuses writes \(.*cannot be written.*\)$/);
  });
});
