import { request } from "node:http";
import { describe, expect, it } from "vitest";
import { API_KEY, sandbox } from "../helpers.ts";

const H = { "Api-Key": API_KEY, "Api-Username": "system", "Content-Type": "application/json", Accept: "application/json" };
const form = (url: string, action: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${url}/__sandbox/${action}`, { method: "POST", body: new URLSearchParams(fields), redirect: "manual", headers });

/** fetch will not send another Host; a browser tricked by DNS rebinding does. */
function postWithHost(url: string, path: string, host: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: "POST", headers: { Host: host, "Content-Type": "application/x-www-form-urlencoded" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", reject);
    req.end(body);
  });
}

async function seeded() {
  const sb = await sandbox({ siteSettings: { whispers_allowed_groups: "staff" } });
  const t = await (await fetch(`${sb.url}/posts.json`, { method: "POST", headers: H, body: JSON.stringify({ title: "A topic for the sandbox's forms", raw: "Body of the topic, long enough." }) })).json();
  return { sb, t };
}

describe("sandbox forum: its own forms", () => {
  it("refuses cross-site posts to its forms, and names from elsewhere (DNS rebinding)", async () => {
    const { sb, t } = await seeded();
    const fields = { topic_id: String(t.topic_id), username: "visitor", raw: "A reply posted from somewhere else." };
    expect((await form(sb.url, "reply", fields, { Origin: "https://evil.example" })).status).toBe(403);
    expect((await form(sb.url, "reply", fields, { "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
    expect((await form(sb.url, "reset", {}, { Origin: "null" })).status).toBe(403);
    expect(await postWithHost(sb.url, "/__sandbox/reply", "rebound.example:4200", new URLSearchParams(fields).toString())).toBe(403);
    const same = await form(sb.url, "reply", fields, { Origin: sb.url, "Sec-Fetch-Site": "same-origin" });
    expect(same.status).toBe(303);
    expect(same.headers.get("location")).not.toMatch(/error=/);
    const tj = await (await fetch(`${sb.url}/t/${t.topic_id}.json`)).json();
    expect(tj.post_stream.posts.map((p: { username: string }) => p.username)).toEqual(["system", "visitor"]);
  });

  it("lets a participant delete and recover their own post, and a moderator hide and whisper", async () => {
    const { sb, t } = await seeded();
    await form(sb.url, "reply", { topic_id: String(t.topic_id), username: "alice", raw: "Alice's reply, to be taken back." });
    const reply = (await (await fetch(`${sb.url}/t/${t.topic_id}.json`, { headers: H })).json()).post_stream.posts[1];
    const notMine = await form(sb.url, "delete", { post_id: String(reply.id), username: "mallory" });
    expect(decodeURIComponent(notMine.headers.get("location")!)).toMatch(/error=You are not permitted/);
    await form(sb.url, "delete", { post_id: String(reply.id), username: "alice" });
    expect((await (await fetch(`${sb.url}/posts/${reply.id}.json`, { headers: H })).json()).raw).toBe("(post deleted by author)");
    await form(sb.url, "recover", { post_id: String(reply.id), username: "alice" });
    expect((await (await fetch(`${sb.url}/posts/${reply.id}.json`, { headers: H })).json()).raw).toBe("Alice's reply, to be taken back.");
    await form(sb.url, "hide", { post_id: String(reply.id) });
    const page = await (await fetch(`${sb.url}/t/${t.topic_slug}/${t.topic_id}`)).text();
    expect(page).toContain("This post was flagged by the community and is temporarily hidden.");
    expect(page).not.toContain("to be taken back");
    await form(sb.url, "whisper", { topic_id: String(t.topic_id), raw: "A word among moderators only." });
    const anon = await (await fetch(`${sb.url}/t/${t.topic_id}.json`)).json();
    const staff = await (await fetch(`${sb.url}/t/${t.topic_id}.json`, { headers: H })).json();
    expect(staff.post_stream.posts.at(-1).post_type).toBe(4);
    expect(anon.post_stream.posts.some((p: { post_type: number }) => p.post_type === 4)).toBe(false);
  });
});
