import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { signWebhook } from "../../src/discourse/webhook-signature.ts";
import { parseFaults } from "../../src/sandbox/faults.ts";
import { API_KEY, ROOT, eventually, onCleanup, sandbox, sharedDir, tempDir, webhookReceiver } from "../helpers.ts";
import { openApiValidator } from "../contract/openapi.ts";

const H = (as = "system") => ({ "Api-Key": API_KEY, "Api-Username": as, "Content-Type": "application/json", Accept: "application/json" });
const post = (url: string, body: unknown, as?: string) => fetch(`${url}/posts.json`, { method: "POST", headers: H(as), body: JSON.stringify(body) });

const receiver = webhookReceiver;

describe("sandbox forum: what only the sandbox can show", () => {
  it("limits admin-API requests per minute with Discourse's 429 body and headers", async () => {
    const sb = await sandbox({ rateLimit: 3 });
    for (let i = 0; i < 3; i++) expect((await fetch(`${sb.url}/latest.json`, { headers: H() })).status).toBe(200);
    const res = await fetch(`${sb.url}/latest.json`, { headers: H() });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(res.headers.get("discourse-rate-limit-error-code")).toBe("admin_api_key_rate_limit");
    const body = await res.json();
    expect(body.error_type).toBe("rate_limit");
    expect(body.extras.wait_seconds).toBe(Number(res.headers.get("retry-after")));
    expect(body.errors[0]).toMatch(/^You’ve performed this action too many times\. Please wait (?:\d+ seconds|1 minute) before trying again\.$/);
    // Anonymous reads are not in the admin bucket.
    expect((await fetch(`${sb.url}/latest.json`)).status).toBe(200);
  });

  it("limits a non-staff member's replies, as RateLimiter::OnCreateRecord does", async () => {
    const sb = await sandbox({ rateLimit: 1000 });
    await fetch(`${sb.url}/users.json`, { method: "POST", headers: H(), body: JSON.stringify({ name: "M", username: "member1", email: "m1@example.com", password: "0123456789ab", active: true }) });
    const t = await (await post(sb.url, { title: "A topic for the rate limit", raw: "Body of the topic, long enough." })).json();
    expect((await post(sb.url, { topic_id: t.topic_id, raw: "First reply from the member, long enough." }, "member1")).status).toBe(200);
    const second = await post(sb.url, { topic_id: t.topic_id, raw: "Second reply, too soon after the first." }, "member1");
    expect(second.status).toBe(429);
    expect((await second.json()).errors[0]).toMatch(/^You’re replying a bit too quickly/);
  });

  it("delivers signed webhooks for topic and post events, after answering", async () => {
    const hook = await receiver();
    const sb = await sandbox({ webhooks: [{ url: hook.url, secret: "webhook-secret-123" }] });
    const t = await (await post(sb.url, { title: "A topic that fires webhooks", raw: "Body of the topic, long enough." })).json();
    const reply = await (await post(sb.url, { topic_id: t.topic_id, raw: "A reply that fires a webhook too." })).json();
    await fetch(`${sb.url}/posts/${reply.id}.json`, { method: "PUT", headers: H(), body: JSON.stringify({ post: { raw: "A reply, edited, fires post_edited." } }) });
    // An edit of the first post that leaves title and category alone is post_edited only (012-web_hook_events.rb).
    await fetch(`${sb.url}/posts/${t.id}.json`, { method: "PUT", headers: H(), body: JSON.stringify({ post: { raw: "The first post, edited: post_edited only." } }) });
    await fetch(`${sb.url}/posts/${reply.id}.json`, { method: "DELETE", headers: H() });
    await eventually(() => hook.got.length >= 6);
    await sb.webhooks.idle();
    const events = hook.got.map((g) => g.headers["x-discourse-event"]).sort();
    expect(events).toEqual(["post_created", "post_created", "post_destroyed", "post_edited", "post_edited", "topic_created"].sort());
    for (const g of hook.got) {
      expect(g.headers["x-discourse-event-signature"]).toBe(signWebhook("webhook-secret-123", g.body));
      expect(g.headers["x-discourse-instance"]).toBe(sb.url);
      expect(g.headers["x-discourse-event-id"]).toMatch(/^\d+$/);
      expect(["post", "topic"]).toContain(g.headers["x-discourse-event-type"]);
      const body = JSON.parse(g.body);
      expect(Object.keys(body)).toEqual([g.headers["x-discourse-event-type"]]);
    }
    const created = hook.got.find((g) => g.headers["x-discourse-event"] === "topic_created")!;
    expect(JSON.parse(created.body).topic.post_stream).toBeUndefined();
  });

  it("drops or duplicates webhooks on request", async () => {
    const hook = await receiver();
    const sb = await sandbox({ webhooks: [{ url: hook.url, secret: "webhook-secret-123" }], faults: parseFaults("webhook-dup:1") });
    await post(sb.url, { title: "A topic that fires twice", raw: "Body of the topic, long enough." });
    await eventually(() => hook.got.length >= 4);
    const ids = hook.got.map((g) => g.headers["x-discourse-event-id"]);
    expect(new Set(ids).size).toBe(2);
    sb.settings.faults = parseFaults("webhook-drop:1");
    await post(sb.url, { title: "A topic nobody hears about", raw: "Body of the topic, long enough." });
    await sb.webhooks.idle();
    expect(hook.got).toHaveLength(4);
  });

  it("injects 500, 503, latency and read-only, settable at run time", async () => {
    const sb = await sandbox();
    const set = (spec: string) => fetch(`${sb.url}/__sandbox/faults`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ spec, reset: true }) });
    expect((await set("500:1")).status).toBe(200);
    expect((await fetch(`${sb.url}/latest.json`, { headers: H() })).status).toBe(500);
    await set("503:1");
    expect((await fetch(`${sb.url}/latest.json`, { headers: H() })).status).toBe(503);
    await set("readonly:1");
    expect((await fetch(`${sb.url}/latest.json`, { headers: H() })).status).toBe(200);
    const ro = await post(sb.url, { title: "A topic in read only mode", raw: "Body of the topic, long enough." });
    expect(ro.status).toBe(503);
    expect((await ro.json()).error_type).toBe("read_only");
    expect((await set("bogus:1")).status).toBe(400);
    await set("latency:120");
    const t0 = Date.now();
    await fetch(`${sb.url}/latest.json`, { headers: H() });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(100);
  });

  it("serves a page a person can read and reply from", async () => {
    const sb = await sandbox();
    const t = await (await post(sb.url, { title: "A topic <b>with</b> markup", raw: "Body with <script>alert(1)</script> inside." })).json();
    const html = await (await fetch(`${sb.url}/t/${t.topic_slug}/${t.topic_id}`)).text();
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain("<script>alert(1)</script>");
    const form = new URLSearchParams({ topic_id: String(t.topic_id), username: "visitor", raw: "A reply typed into the sandbox page." });
    const res = await fetch(`${sb.url}/__sandbox/reply`, { method: "POST", body: form, redirect: "manual" });
    expect(res.status).toBe(303);
    const tj = await (await fetch(`${sb.url}/t/${t.topic_id}.json`)).json();
    expect(tj.post_stream.posts.at(-1).username).toBe("visitor");
    expect(await (await fetch(`${sb.url}/`)).text()).toContain("A topic &lt;b&gt;with&lt;/b&gt; markup");
  });

  it("runs from the CLI, printing its URL, and keeps its forum in --data across restarts", async () => {
    const dir = tempDir();
    const file = path.join(dir, "forum.sqlite");
    const run = async () => {
      const child = spawn(process.execPath, [path.join(ROOT, "bin/seminar.js"), "sandbox", "--port", "0", "--api-key", API_KEY, "--data", file], { env: { PATH: process.env.PATH ?? "" } });
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d) => {
          out += d;
          const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
          if (m) resolve(m[0]);
        });
        child.on("exit", (c) => reject(new Error(`exited ${c}`)));
      });
      const stop = () => new Promise<void>((r) => { child.once("exit", () => r()); child.kill("SIGTERM"); });
      return { url, stop };
    };
    const a = await run();
    await post(a.url, { title: "A topic that must survive", raw: "Body of the topic, long enough." });
    await a.stop();
    const b = await run();
    onCleanup(b.stop);
    const list = await (await fetch(`${b.url}/latest.json`)).json();
    expect(list.topic_list.topics.map((x: { title: string }) => x.title)).toEqual(["A topic that must survive"]);
  });
});

const shared = sharedDir();
describe.skipIf(!shared)("sandbox responses validate against Discourse's OpenAPI schemas", () => {
  it("for every endpoint the project uses", async () => {
    const v = openApiValidator(shared!);
    const sb = await sandbox();
    const call = async (m: string, p: string, body?: unknown, as?: string) => (await fetch(sb.url + p, { method: m, headers: H(as), body: body ? JSON.stringify(body) : undefined })).json();
    const t = await call("POST", "/posts.json", { title: "A topic for the OpenAPI check", raw: "Body text long enough.\n\n[poll name=stance]\n* A\n* B\n[/poll]" });
    await call("POST", "/users.json", { name: "Ann", username: "ann_x", email: "a@x.io", password: "0123456789ab", active: true });
    const reply = await call("POST", "/posts.json", { topic_id: t.topic_id, raw: "A reply to the topic, long enough.", reply_to_post_number: 1 }, "ann_x");
    const checks: [string, string, unknown][] = [
      ["post", "/posts.json", t],
      ["get", "/t/{id}.json", await call("GET", `/t/${t.topic_id}.json`)],
      ["get", "/t/{id}/posts.json", await call("GET", `/t/${t.topic_id}/posts.json?post_ids[]=${reply.id}`)],
      ["get", "/posts.json", await call("GET", "/posts.json")],
      ["get", "/posts/{id}.json", await call("GET", `/posts/${reply.id}.json`)],
      ["put", "/posts/{id}.json", await call("PUT", `/posts/${reply.id}.json`, { post: { raw: "An edited reply, still long enough." } })],
      ["get", "/latest.json", await call("GET", "/latest.json")],
      ["post", "/users.json", await call("POST", "/users.json", { name: "Bo", username: "bo_x", email: "b@x.io", password: "0123456789ab", active: true })],
      ["get", "/u/{username}.json", await call("GET", "/u/ann_x.json")],
      ["get", "/categories.json", await call("GET", "/categories.json")],
      ["post", "/categories.json", await call("POST", "/categories.json", { name: "Seminars" })],
      ["get", "/t/{id}/posts.json", await call("GET", `/t/${t.topic_id}/posts.json`)],
      ["get", "/t/{id}.json", await call("GET", `/t/${t.topic_id}.json?print=true`)],
      ["get", "/admin/users/{id}.json", await call("GET", `/admin/users/${(await call("GET", "/u/ann_x.json")).user.id}.json`)],
      ["get", "/categories.json", await call("GET", "/categories.json?include_subcategories=true")],
      ["put", "/t/{id}/status.json", await call("PUT", `/t/${t.topic_id}/status.json`, { status: "closed", enabled: "true" })],
      ["post", "/post_actions.json", await call("POST", "/post_actions.json", { id: t.id, post_action_type_id: 2 }, "ann_x")],
    ];
    const failures = checks.map(([m, route, body]) => [m, route, v(m, route, body)] as const).filter(([, , errs]) => errs.length);
    expect(failures.map(([m, r, e]) => `${m.toUpperCase()} ${r}: ${e.slice(0, 3).join("; ")}`)).toEqual([]);
  });
});
