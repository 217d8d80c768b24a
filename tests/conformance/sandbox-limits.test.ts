import { describe, expect, it } from "vitest";
import { API_KEY, eventually, sandbox, webhookReceiver } from "../helpers.ts";

const H = (as = "system", key = API_KEY) => ({ "Api-Key": key, "Api-Username": as, "Content-Type": "application/json", Accept: "application/json" });
const post = (url: string, body: unknown, as?: string, headers: Record<string, string> = {}) =>
  fetch(`${url}/posts.json`, { method: "POST", headers: { ...H(as), ...headers }, body: JSON.stringify(body) });
const newUser = async (url: string, username: string) =>
  (await (await fetch(`${url}/users.json`, { method: "POST", headers: H(), body: JSON.stringify({ name: username, username, email: `${username}@example.com`, password: "0123456789ab", active: true }) })).json()) as { user_id: number };

const receiver = webhookReceiver;

describe("sandbox forum: limits only the sandbox can show", () => {
  it("answers too many requests from one IP with the request tracker's text/plain 429", async () => {
    const sb = await sandbox({ globalSettings: { max_reqs_per_ip_per_10_seconds: 3, max_reqs_rate_limit_on_private: true } });
    for (let i = 0; i < 3; i++) expect((await fetch(`${sb.url}/latest.json`)).status).toBe(200);
    const res = await fetch(`${sb.url}/latest.json`);
    expect(res.status).toBe(429);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(res.headers.get("discourse-rate-limit-error-code")).toBe("ip_10_secs_limit");
    const wait = Number(res.headers.get("retry-after"));
    expect(wait).toBeGreaterThan(0);
    expect(await res.text()).toBe(`Slow down, too many requests from this IP address.\nPlease retry again in ${wait} second${wait === 1 ? "" : "s"}.\nError code: ip_10_secs_limit.\n`);
    // Admin API keys are taken back out of the per-IP counters once they authenticate...
    const fresh = await sandbox({ globalSettings: { max_reqs_per_ip_per_10_seconds: 3, max_reqs_rate_limit_on_private: true } });
    for (let i = 0; i < 6; i++) expect((await fetch(`${fresh.url}/latest.json`, { headers: H() })).status).toBe(200);
    // ...and 127.0.0.1 is exempt by default, as max_reqs_rate_limit_on_private is off on Discourse.
    const loopback = await sandbox({ globalSettings: { max_reqs_per_ip_per_10_seconds: 3 } });
    for (let i = 0; i < 6; i++) expect((await fetch(`${loopback.url}/latest.json`)).status).toBe(200);
  });

  it("counts every admin API key against one site-wide bucket", async () => {
    const sb = await sandbox({ rateLimit: 4, apiKeys: [{ key: "second-admin-key-456" }, { key: "bound-key-7890", username: "system" }] });
    expect((await fetch(`${sb.url}/latest.json`, { headers: H() })).status).toBe(200);
    expect((await fetch(`${sb.url}/latest.json`, { headers: H("system", "second-admin-key-456") })).status).toBe(200);
    expect((await fetch(`${sb.url}/latest.json`, { headers: { "Api-Key": "bound-key-7890", Accept: "application/json" } })).status).toBe(200);
    expect((await fetch(`${sb.url}/latest.json`, { headers: H("system", "second-admin-key-456") })).status).toBe(200);
    const fifth = await fetch(`${sb.url}/latest.json`, { headers: H() });
    expect(fifth.status).toBe(429);
    expect(fifth.headers.get("discourse-rate-limit-error-code")).toBe("admin_api_key_rate_limit");
    // A key bound to one user refuses another username.
    await newUser(sb.url, "other_user");
    expect((await fetch(`${sb.url}/latest.json`, { headers: { "Api-Key": "bound-key-7890", "Api-Username": "other_user", Accept: "application/json" } })).status).toBe(403);
  });

  it("replays an identical API create for 120 s, per user and per permitted params, and can be turned off", async () => {
    let now = Date.parse("2026-03-02T10:00:00Z");
    const sb = await sandbox({ now: () => new Date(now) });
    const body = { title: "A topic created twice in a row", raw: "The same body, sent twice by a client." };
    const a = await (await post(sb.url, body)).json();
    const b = await (await post(sb.url, { ...body, not_a_discourse_param: 1 })).json();
    expect(b.id).toBe(a.id); // keys Discourse does not permit do not change the signature
    const other = await (await post(sb.url, body, "system", { "User-Agent": "another-client/1.0" })).json();
    expect(other.errors).toEqual(["Title has already been used"]); // a different signature creates
    now += 121_000;
    const late = await post(sb.url, body);
    expect(late.status).toBe(422);
    const off = await sandbox({ replayCache: false });
    await post(off.url, body);
    const again = await post(off.url, body);
    expect(again.status).toBe(422);
    expect((await again.json()).errors).toEqual(["Title has already been used"]);
  });

  it("logs each request with method, path, acting user and status, and clears the log", async () => {
    const sb = await sandbox();
    await fetch(`${sb.url}/latest.json`, { headers: H() });
    await fetch(`${sb.url}/t/999.json`);
    await post(sb.url, { title: "A topic for the request log", raw: "Body of the topic, long enough." });
    expect(sb.requests.entries.map(({ method, path, user, status }) => ({ method, path, user, status }))).toEqual([
      { method: "GET", path: "/latest.json", user: "system", status: 200 },
      { method: "GET", path: "/t/999.json", user: null, status: 404 },
      { method: "POST", path: "/posts.json", user: "system", status: 200 },
    ]);
    expect(sb.requests.count("POST", "/posts.json")).toBe(1);
    sb.requests.clear();
    expect(sb.requests.entries).toEqual([]);
  });

  it("sends topic_destroyed, post_recovered and an author's deletion as Discourse does", async () => {
    const hook = await receiver();
    const sb = await sandbox({ webhooks: [{ url: hook.url, secret: "webhook-secret-123" }], siteSettings: { default_trust_level: 1 } });
    await newUser(sb.url, "author1");
    const t = await (await post(sb.url, { title: "A topic that will be deleted", raw: "Body of the topic, long enough." })).json();
    const mine = await (await post(sb.url, { topic_id: t.topic_id, raw: "A reply its author will take back." }, "author1")).json();
    await sb.webhooks.idle();
    hook.got.length = 0;
    await fetch(`${sb.url}/posts/${mine.id}.json`, { method: "DELETE", headers: H("author1") });
    await fetch(`${sb.url}/posts/${mine.id}/recover.json`, { method: "PUT", headers: H("author1") });
    await fetch(`${sb.url}/t/${t.topic_id}.json`, { method: "DELETE", headers: H() });
    await fetch(`${sb.url}/t/${t.topic_id}/recover.json`, { method: "PUT", headers: H() });
    await eventually(() => hook.got.length >= 8);
    await sb.webhooks.idle();
    // Author's deletion: its text is revised (post_edited), then post_destroyed; its recovery the
    // same way back. The topic's deletion by staff: post_destroyed and topic_destroyed.
    const events = hook.got.map((g) => g.headers["x-discourse-event"]);
    expect([...events].sort()).toEqual(["post_destroyed", "post_destroyed", "post_edited", "post_edited", "post_recovered", "post_recovered", "topic_destroyed", "topic_recovered"]);
    const deleted = hook.got.find((g) => g.headers["x-discourse-event"] === "post_destroyed" && JSON.parse(g.body).post.id === mine.id)!;
    expect(JSON.parse(deleted.body).post.raw).toBe("(post deleted by author)");
    expect(JSON.parse(deleted.body).post.user_deleted).toBe(true);
  });
});
