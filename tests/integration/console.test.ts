import { existsSync, readFileSync } from "node:fs";
import http from "node:http";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { buildDigest } from "../../src/digest/build.ts";
import { DiscourseClient } from "../../src/discourse/client.ts";
import { Forum } from "../../src/discourse/forum.ts";
import { Pacer } from "../../src/discourse/pacer.ts";
import { UserError } from "../../src/errors.ts";
import { parsePlan } from "../../src/plan/load.ts";
import { sandboxCredentials } from "../../src/runtime.ts";
import { startService } from "../../src/service.ts";
import { busesPlan, consoleService } from "../console-service.ts";
import { runCli, tempDir } from "../helpers.ts";

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A request with any Host header (fetch will not send a foreign one) and, optionally, a form body. */
function request(url: string, o: { method?: string; headers?: Record<string, string>; form?: Record<string, string> } = {}): Promise<Reply> {
  const body = o.form ? new URLSearchParams(o.form).toString() : undefined;
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: o.method ?? (body ? "POST" : "GET"), headers: { ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}), ...o.headers } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function service(env: Record<string, string> = {}, plan = busesPlan()) {
  const started = await consoleService({ env, plan });
  const creds = sandboxCredentials(started.config.SEMINAR_DATA_DIR);
  const forum = new Forum(new DiscourseClient({ baseUrl: started.svc.sandboxUrl!, auth: { kind: "api_key", key: creds.apiKey, username: "system" }, pacer: new Pacer(10_000) }));
  return { ...started, forum };
}

/** A browser's visit: the page, its session cookie and the CSRF token its forms carry. */
async function visit(url: string, headers: Record<string, string> = {}) {
  const page = await request(url, { headers });
  const cookie = [headers.cookie, ...(page.headers["set-cookie"] ?? []).map((c) => c.split(";")[0])].filter(Boolean).join("; ");
  const csrf = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? "";
  const post = (action: string, form: Record<string, string> = {}, extra: { csrf?: string | null; headers?: Record<string, string> } = {}) =>
    request(`${url}/actions/${action}`, { form: { ...(extra.csrf === null ? {} : { csrf: extra.csrf ?? csrf }), ...form }, headers: { ...headers, cookie, ...extra.headers } });
  const reload = () => request(url, { headers: { ...headers, cookie } });
  return { page, cookie, csrf, post, reload };
}

describe("the moderator's console", () => {
  it("lists the seminars and shows a seminar's page with its timeline and standing counterarguments", async () => {
    const { svc } = await service();
    const index = await request(`${svc.url}/`);
    expect(index.status).toBe(200);
    expect(index.body).toContain('<a href="/seminars/buses">A seminar on buses</a>');
    expect(index.headers["content-security-policy"]).toMatch(/default-src 'none'/);
    const page = await request(`${svc.url}/seminars/buses`);
    expect(page.body).toMatch(/Released <time datetime="[^"]+">/);
    expect(page.body).toContain("(1 standing)");
    expect(page.body).toMatch(/Release “Councils should print their bus timetables at every stop” now/);
    expect((await request(`${svc.url}/seminars/nope`)).status).toBe(404);
  });

  it("refuses an action without the CSRF token, or without a session, and writes nothing", async () => {
    const { svc, store } = await service();
    const v = await visit(`${svc.url}/seminars/buses`);
    expect(v.csrf).toMatch(/^[\w-]{43}$/);
    const missing = await v.post("release", { thread: "rec-2" }, { csrf: null });
    expect(missing.status).toBe(403);
    expect(missing.body).toMatch(/CSRF token is missing or stale/);
    expect((await v.post("release", { thread: "rec-2" }, { csrf: "x".repeat(43) })).status).toBe(403);
    // Another session's token is no good either: the token is tied to the cookie.
    const other = await visit(`${svc.url}/seminars/buses`);
    expect((await v.post("release", { thread: "rec-2" }, { csrf: other.csrf })).status).toBe(403);
    expect((await request(`${svc.url}/seminars/buses/actions/release`, { form: { csrf: v.csrf, thread: "rec-2" } })).status).toBe(403);
    expect((await request(`${svc.url}/seminars/buses/actions/release`, { form: { csrf: v.csrf, thread: "rec-2" }, headers: { cookie: "seminar_session=%E0%A4%A" } })).status).toBe(403);
    expect(store.threads.row("buses", "rec-2")!.state).toBe("pending");
  });

  it("with DASHBOARD_TOKEN, refuses an action without the token even with a good CSRF token", async () => {
    const { svc, store } = await service({ DASHBOARD_TOKEN: "console-token-123456" });
    const first = await request(`${svc.url}/seminars/buses?token=console-token-123456`);
    expect(first.status).toBe(200);
    const tokenCookie = /seminar_token=[^;]+/.exec(String(first.headers["set-cookie"]))![0];
    const v = await visit(`${svc.url}/seminars/buses`, { cookie: tokenCookie });
    expect(v.page.status).toBe(200);
    const sessionOnly = v.cookie.split("; ").filter((c) => !c.startsWith("seminar_token=")).join("; ");
    const noToken = await request(`${svc.url}/seminars/buses/actions/release`, { form: { csrf: v.csrf, thread: "rec-2" }, headers: { cookie: sessionOnly } });
    expect(noToken.status).toBe(401);
    expect((await v.post("release", { thread: "rec-2" }, { csrf: null })).status).toBe(403);
    expect(store.threads.row("buses", "rec-2")!.state).toBe("pending");
    const ok = await request(`${svc.url}/seminars/buses/actions/release`, { form: { csrf: v.csrf, thread: "rec-2" }, headers: { cookie: `${sessionOnly}; ${tokenCookie}` } });
    expect(ok.status).toBe(303);
    expect(store.threads.row("buses", "rec-2")!.state).toBe("published");
  });

  it("releases the next thread now, shows the outcome once (post/redirect/get) and logs one line", async () => {
    const { svc, store, logs } = await service();
    const v = await visit(`${svc.url}/seminars/buses`);
    const res = await v.post("release", { thread: "rec-2" });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe("/seminars/buses#flash");
    expect(store.threads.row("buses", "rec-2")).toMatchObject({ state: "published", catch_up: 0 });
    const after = await v.reload();
    expect(after.body).toContain('<div class="flash ok" role="status" id="flash">Released “Councils should print their bus timetables at every stop”.</div>');
    expect(after.body).toMatch(/at every stop<\/a><\/strong> <span class="badge info">early/);
    expect((await v.reload()).body).not.toContain('class="flash');
    expect(logs().filter((l) => l.action === "release")).toHaveLength(1);
    // A second click on the stale form releases nothing more.
    await v.post("release", { thread: "rec-2" });
    expect((await v.reload()).body).toContain("is out already");
  });

  it("polls now: a reply and a vote on the forum show on the page as an answer and a count", async () => {
    const { svc, forum, store } = await service();
    const topicId = store.threads.row("buses", "rec-1")!.topic_id!;
    const seeded = store.threads.seeded("buses", "rec-1")[0]!;
    await forum.createUser({ name: "Bo", username: "bo_lee", email: "bo@example.com", password: "a long enough password", active: true });
    await forum.createReply({ topic_id: topicId, raw: "They would fill up at visiting hours, I am sure of it.", reply_to_post_number: seeded.post_number! }, { asUser: "bo_lee" });
    const opening = (await forum.getTopic(topicId)).post_stream.posts[0]!;
    await forum.vote(opening.id, "stance", [opening.polls![0]!.options[1]!.id], { asUser: "bo_lee" });
    const v = await visit(`${svc.url}/seminars/buses`);
    await v.post("poll");
    const page = (await v.reload()).body;
    expect(page).toMatch(/class="flash ok"[^>]*>Polled the forum: 1 topic read/);
    expect(page).toMatch(/answered<\/span> by <a href="[^"]+\/\d+">bo_lee<\/a>/);
    expect(page).toContain("(all answered)");
    expect(page).toMatch(/1 voter, as of/);
    expect(page).toMatch(/Disagree<br><meter min="0" max="1" value="1" aria-hidden="true"><\/meter><\/span><span class="count">1 <span class="muted">\(100%\)/);
  });

  it("retries a failed thread and then shows no failure", async () => {
    const { svc, store } = await service();
    store.threads.markFailed("buses", "rec-2", { reason: "POST /posts.json: 422 Title has already been used", kind: "permanent", nextAttemptAt: null, outcomeKnown: true });
    const v = await visit(`${svc.url}/seminars/buses`);
    expect(v.page.body).toContain("<strong>Failed</strong>: POST /posts.json: 422 Title has already been used.");
    expect(v.page.body).not.toContain("/actions/release");
    await v.post("retry", { thread: "rec-2" });
    const page = (await v.reload()).body;
    expect(page).toContain("will be tried again at its release time");
    expect(page).not.toContain("422 Title has already been used");
    expect(store.threads.row("buses", "rec-2")!.failure).toBeNull();
  });

  it("approves a draft plan in its file, and then releases what is due", async () => {
    const { svc, store, planFile } = await service({}, busesPlan({ status: "draft" }));
    const v = await visit(`${svc.url}/seminars/buses`);
    expect(v.page.body).toContain("draft: nothing is released until it is approved");
    expect(store.threads.row("buses", "rec-1")!.state).toBe("pending");
    await v.post("approve");
    expect(readFileSync(planFile, "utf8")).toMatch(/^status: approved$/m);
    expect(store.threads.row("buses", "rec-1")!.state).toBe("published");
    expect((await v.reload()).body).toMatch(/Approved .*buses\.yaml\. Released “Councils should run hourly buses to hospitals”\./);
  });

  it("posts the latest digest to the forum", async () => {
    const { svc, store } = await service();
    const plan = parsePlan(busesPlan(), "buses.yaml");
    buildDigest(store, plan, { now: new Date(), forumUrl: svc.sandboxUrl!, slot: null, postWanted: false });
    const v = await visit(`${svc.url}/seminars/buses`);
    const digestId = /name="digest" value="(\d+)"/.exec(v.page.body)![1]!;
    await v.post("post-digest", { digest: digestId });
    expect((await v.reload()).body).toContain("Posted the latest digest to the forum.");
    expect(store.digests.get(Number(digestId))!.post_state).toBe("posted");
  });
});

describe("the console's safety rules", () => {
  it("answers a foreign Host header with 421 when no token is set, and loopback names as usual", async () => {
    const { svc } = await service();
    const port = new URL(svc.url).port;
    for (const host of ["evil.example", `evil.example:${port}`, `192.168.1.5:${port}`, `127.0.0.1.evil.example:${port}`]) {
      for (const p of ["/", "/seminars/buses", "/api/seminars"]) {
        const res = await request(`${svc.url}${p}`, { headers: { host } });
        expect([res.status, host, p]).toEqual([421, host, p]);
        expect(res.body).not.toContain("Councils");
      }
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, "localhost"]) expect((await request(`${svc.url}/`, { headers: { host } })).status).toBe(200);
    // Signed webhooks and /health do not depend on the name the forum or a probe uses.
    expect((await request(`${svc.url}/health`, { headers: { host: "service.internal" } })).status).toBe(200);
  });

  it("serves any host name once a token guards the console", async () => {
    const { svc } = await service({ DASHBOARD_TOKEN: "console-token-123456" });
    expect((await request(`${svc.url}/`, { headers: { host: "seminar.example.org" } })).status).toBe(401);
    expect((await request(`${svc.url}/`, { headers: { host: "seminar.example.org", authorization: "Bearer console-token-123456" } })).status).toBe(200);
  });

  it("refuses to listen beyond loopback without a token, before opening anything", async () => {
    const dir = tempDir();
    for (const HOST of ["0.0.0.0", "::", "192.168.1.5"]) {
      const start = startService(loadConfig({ HOST, PORT: "0", SANDBOX_PORT: "0", SEMINAR_DATA_DIR: path.join(dir, "data") }), { out: () => {} });
      await expect(start).rejects.toThrow(UserError);
      await expect(start).rejects.toThrow(/set DASHBOARD_TOKEN/);
    }
    expect(existsSync(path.join(dir, "data"))).toBe(false);
    const cli = await runCli(["serve"], { env: { HOST: "0.0.0.0", PORT: "0", SANDBOX_PORT: "0", SEMINAR_DATA_DIR: path.join(dir, "data") } });
    expect(cli.code).toBe(2);
    expect(cli.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^seminar: HOST=0\.0\.0\.0 would open the dashboard .*set DASHBOARD_TOKEN/)]);
  });
});
