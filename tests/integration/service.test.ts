import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { Writable } from "node:stream";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.ts";
import { signWebhook } from "../../src/discourse/webhook-signature.ts";
import { silentLogger } from "../../src/log.ts";
import { sandboxCredentials } from "../../src/runtime.ts";
import { startService } from "../../src/service.ts";
import { storePath } from "../../src/store/db.ts";
import { openStore } from "../../src/store/store.ts";
import { DEMO_PLAN, eventually, onCleanup, tempDir } from "../helpers.ts";
import { DiscourseClient } from "../../src/discourse/client.ts";
import { Forum } from "../../src/discourse/forum.ts";
import { Pacer } from "../../src/discourse/pacer.ts";

async function service(env: Record<string, string> = {}) {
  const dir = tempDir();
  mkdirSync(path.join(dir, "seminars"));
  writeFileSync(path.join(dir, "seminars", "demo.yaml"), DEMO_PLAN);
  const config = loadConfig({ PORT: "0", SANDBOX_PORT: "0", SEMINAR_DIR: path.join(dir, "seminars"), SEMINAR_DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "silent", ...env });
  const lines: string[] = [];
  const svc = await startService(config, { log: silentLogger, out: (l) => lines.push(l) });
  onCleanup(() => svc.close());
  const creds = sandboxCredentials(config.SEMINAR_DATA_DIR);
  const forum = new Forum(new DiscourseClient({ baseUrl: svc.sandboxUrl!, auth: { kind: "api_key", key: creds.apiKey, username: "system" }, pacer: new Pacer(10_000) }));
  return { svc, dir, config, lines, forum, creds };
}

describe("the service (npm start)", () => {
  it("never writes a secret to its logs, even at trace level", async () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "seminars"));
    writeFileSync(path.join(dir, "seminars", "demo.yaml"), `seminar:\n  id: demo\n  title: A demo seminar\nthreads:\n  - id: rec-1\n    title: Councils should run hourly buses to hospitals\n    recommendation: Councils should run hourly buses to hospitals.\n`);
    const config = loadConfig({ PORT: "0", SANDBOX_PORT: "0", SEMINAR_DIR: path.join(dir, "seminars"), SEMINAR_DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "trace", LOG_FORMAT: "json", DASHBOARD_TOKEN: "dash-token-secret-42" });
    let logged = "";
    const sink = new Writable({ write(c, _e, cb) { logged += String(c); cb(); } });
    const svc = await startService(config, { logDestination: sink, out: () => {} });
    onCleanup(() => svc.close());
    const creds = sandboxCredentials(config.SEMINAR_DATA_DIR);
    const forum = new Forum(new DiscourseClient({ baseUrl: svc.sandboxUrl!, auth: { kind: "api_key", key: creds.apiKey, username: "system" }, pacer: new Pacer(10_000) }));
    const topicId = (await forum.latestTopics()).topic_list.topics[0]!.id;
    await forum.createReply({ topic_id: topicId, raw: "A reply that travels by webhook to the service." });
    await fetch(`${svc.url}/webhooks/discourse`, { method: "POST", headers: { "content-type": "application/json", "x-discourse-event": "post_created", "x-discourse-event-type": "post", "x-discourse-event-id": "9" }, body: "{}" });
    await svc.tick();
    await eventually(() => logged.includes("tracking run finished"));
    expect(logged.length).toBeGreaterThan(500);
    for (const secret of [creds.apiKey, creds.webhookSecret, "dash-token-secret-42"]) expect(logged).not.toContain(secret);
  });

  it("starts the sandbox, releases the first thread and prints the URLs", async () => {
    const { svc, lines } = await service();
    expect(lines.join("\n")).toMatch(/Sandbox forum: +http:\/\/127\.0\.0\.1:\d+/);
    expect(lines.join("\n")).toContain(`Service:        ${svc.url}`);
    const latest = (await (await fetch(`${svc.sandboxUrl}/latest.json`)).json()) as { topic_list: { topics: { posts_count: number }[] } };
    expect(latest.topic_list.topics).toHaveLength(1);
    expect(latest.topic_list.topics[0]!.posts_count).toBe(3);
    const health = await fetch(`${svc.url}/health`);
    expect(health.status).toBe(200);
  });

  it("stores a reply at once from the sandbox's signed webhook", async () => {
    const { forum, config } = await service();
    const topicId = (await forum.latestTopics()).topic_list.topics[0]!.id;
    await forum.createUser({ name: "Bo", username: "bo_lee", email: "bo@example.com", password: "a long enough password", active: true });
    const reply = await forum.createReply({ topic_id: topicId, raw: "I would take the bus if it came every hour." }, { asUser: "bo_lee" });
    const store = openStore(storePath(config.SEMINAR_DATA_DIR));
    onCleanup(() => store.close());
    const stored = (id: number) => store.posts.ofTopic(topicId).find((p) => p.post_id === id);
    await eventually(() => stored((reply as { id: number }).id));
    await forum.updatePost((reply as { id: number }).id, "I would take the bus if it came every hour, even at night.", { asUser: "bo_lee" });
    await eventually(() => stored((reply as { id: number }).id)?.version === 2);
  });

  it("rejects webhooks that are unsigned, badly signed, incomplete or not JSON", async () => {
    const { svc, creds } = await service();
    const body = '{"ping":"OK"}';
    const headers = { "content-type": "application/json", "x-discourse-event": "ping", "x-discourse-event-type": "ping", "x-discourse-event-id": "1" };
    const post = (h: Record<string, string>, b = body) => fetch(`${svc.url}/webhooks/discourse`, { method: "POST", headers: h, body: b });
    expect((await post({ ...headers, "x-discourse-event-signature": signWebhook(creds.webhookSecret, body) })).status).toBe(200);
    expect((await post(headers)).status).toBe(401);
    expect((await post({ ...headers, "x-discourse-event-signature": signWebhook("wrong-secret-123", body) })).status).toBe(401);
    expect((await post({ ...headers, "content-type": "text/plain" })).status).toBe(415);
    const { "x-discourse-event-id": _id, ...noId } = headers;
    const missing = await post(noId);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain("x-discourse-event-id");
    const bad = "{not json";
    expect((await post({ ...headers, "x-discourse-event": "post_created", "x-discourse-event-signature": signWebhook(creds.webhookSecret, bad) }, bad)).status).toBe(400);
  });

  it("resumes on a second start without duplicating anything", async () => {
    const first = await service();
    await first.svc.close();
    const config = first.config;
    const lines: string[] = [];
    const again = await startService(config, { log: silentLogger, out: (l) => lines.push(l) });
    onCleanup(() => again.close());
    const latest = (await (await fetch(`${again.sandboxUrl}/latest.json`)).json()) as { topic_list: { topics: { posts_count: number }[] } };
    expect(latest.topic_list.topics).toHaveLength(1);
    expect(latest.topic_list.topics[0]!.posts_count).toBe(3);
  });

  it("guards the dashboard with DASHBOARD_TOKEN and never prints it", async () => {
    const { svc } = await service({ DASHBOARD_TOKEN: "dash-token-123456" });
    expect((await fetch(`${svc.url}/`)).status).toBe(401);
    const ok = await fetch(`${svc.url}/?token=dash-token-123456`);
    expect(ok.status).toBe(200);
    const html = await ok.text();
    expect(html).toContain("Councils should run hourly buses to hospitals");
    expect(html).not.toContain("dash-token-123456");
    expect((await fetch(`${svc.url}/api/seminars`, { headers: { authorization: "Bearer dash-token-123456" } })).status).toBe(200);
  });
});


describe("the service's wiring", () => {
  const plan = (id: string, status = "approved", schedule = "0 9 * * 1") => `status: ${status}
seminar:
  id: ${id}
  title: Seminar ${id}
  schedule: "${schedule}"
  timezone: UTC
threads:
  - id: rec-1
    title: Councils should run hourly buses to hospitals
    recommendation: Councils should run hourly buses to hospitals.
  - id: rec-2
    title: Councils should publish bus timetables in print
    recommendation: Councils should publish bus timetables in print.
`;

  async function fakeClockService(files: Record<string, string>) {
    const dir = tempDir();
    mkdirSync(path.join(dir, "seminars"));
    for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, "seminars", f), text);
    const config = loadConfig({ PORT: "0", SANDBOX_PORT: "0", SEMINAR_DIR: path.join(dir, "seminars"), SEMINAR_DATA_DIR: path.join(dir, "data"), LOG_LEVEL: "silent" });
    let clock = new Date("2026-11-28T10:00:00Z");
    const svc = await startService(config, { log: silentLogger, out: () => {}, now: () => clock, schedules: false });
    onCleanup(() => svc.close());
    return { svc, dir, config, setClock: (d: string) => (clock = new Date(d)) };
  }

  it("refuses a second service on the same data dir, naming the first", async () => {
    const { config } = await fakeClockService({});
    const second = startService({ ...config, PORT: 0 }, { log: silentLogger, out: () => {}, schedules: false });
    await expect(second).rejects.toThrow(/in use by "seminar serve" \(pid \d+/);
  });

  it("turns /health unhealthy when the data dir is deleted", async () => {
    const { svc, config } = await fakeClockService({});
    expect((await fetch(`${svc.url}/health`)).status).toBe(200);
    rmSync(config.SEMINAR_DATA_DIR, { recursive: true, force: true });
    const res = await fetch(`${svc.url}/health`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false });
  });

  it("leaves a draft dropped into the plans folder alone until it is approved, and follows schedule edits", async () => {
    const { svc, dir, setClock } = await fakeClockService({});
    const file = path.join(dir, "seminars", "late.yaml");
    writeFileSync(file, plan("late", "draft"));
    let r = await svc.wake();
    expect(r!.drafts).toEqual(["late"]);
    expect(r!.released).toEqual([]);
    writeFileSync(file, plan("late"));
    r = await svc.wake();
    expect(r!.released.map((x) => x.threadId)).toEqual(["rec-1"]);
    // The next slot is Monday 09:00; an edit to daily 12:00 takes effect at the next wake-up.
    setClock("2026-11-29T12:30:00Z");
    expect((await svc.wake())!.released).toEqual([]);
    writeFileSync(file, plan("late", "approved", "0 12 * * *"));
    expect((await svc.wake())!.released.map((x) => x.threadId)).toEqual(["rec-2"]);
  });

  it("keeps the last good plans when one is broken mid-edit", async () => {
    const { svc, dir } = await fakeClockService({ "a.yaml": plan("aa") });
    writeFileSync(path.join(dir, "seminars", "a.yaml"), "seminar: [oops");
    const r = await svc.wake();
    expect(r).toBeDefined();
    expect(r!.failed).toEqual([]);
  });
});
