import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pollOptionId } from "../../src/sandbox/cook.ts";
import { Http, TARGETS, uid, type Target } from "./target.ts";

/**
 * Discourse's API as a client meets it, driven only through HTTP. The same tests run
 * against the sandbox and, when configured, a real forum: the sandbox is right only
 * where it behaves as Discourse does.
 */
describe.each(TARGETS)("Discourse API conformance: $name", ({ start }) => {
  let t: Target;
  let http: Http;
  let member: string;
  beforeAll(async () => {
    t = await start();
    http = new Http(t);
    member = `member_${uid()}`;
    const r = await http.json("POST", "/users.json", { name: "Member", username: member, email: `${member}@example.com`, password: `pw-${uid()}-${uid()}`, active: true, approved: true });
    expect(r.status).toBe(200);
    expect(r.data.success).toBe(true);
  });
  afterAll(async () => t?.close());

  const topic = async (extra: Record<string, unknown> = {}, as?: string) =>
    http.json("POST", "/posts.json", { title: `Conformance topic ${uid()} about bus routes`, raw: `Opening post ${uid()} with enough words to pass.`, ...extra }, as);

  describe("auth and errors", () => {
    it("answers a wrong key with 403 invalid_access", async () => {
      const res = await fetch(`${t.url}/latest.json`, { headers: { "Api-Key": "wrong-key-123", "Api-Username": t.admin, Accept: "application/json" } });
      expect(res.status).toBe(403);
      const body = await res.json();
      expect(body.error_type).toBe("invalid_access");
      expect(body.errors[0]).toMatch(/The API username or key is invalid/);
    });

    it("answers an unknown username with 403 invalid_access", async () => {
      const r = await http.json("GET", "/latest.json", undefined, `nobody_${uid()}`);
      expect(r.status).toBe(403);
      expect(r.data.error_type).toBe("invalid_access");
    });

    it("lets anyone read public topics without a key, and refuses anonymous writes", async () => {
      expect((await http.anon("/latest.json")).status).toBe(200);
      const res = await fetch(`${t.url}/posts.json`, { method: "POST", headers: { "Content-Type": "application/json", Accept: "application/json" }, body: JSON.stringify({ title: "x", raw: "y" }) });
      expect([403]).toContain(res.status);
    });

    it("answers a missing resource with 404 not_found in the envelope", async () => {
      const r = await http.json("GET", "/t/987654321.json");
      expect(r.status).toBe(404);
      expect(r.data.error_type).toBe("not_found");
      expect(Array.isArray(r.data.errors)).toBe(true);
    });
  });

  describe("users", () => {
    it("shows a user at /u/{username}.json and /users/{username}.json", async () => {
      const a = await http.json("GET", `/u/${member}.json`);
      const b = await http.json("GET", `/users/${member}.json`);
      expect(a.status).toBe(200);
      expect(a.data.user.username).toBe(member);
      expect(b.data.user.id).toBe(a.data.user.id);
    });

    it("answers a bad sign-up with 200 and success false, errors per field", async () => {
      const r = await http.json("POST", "/users.json", { name: "Dup", username: member, email: `other_${uid()}@example.com`, password: `pw-${uid()}-${uid()}` });
      expect(r.status).toBe(200);
      expect(r.data.success).toBe(false);
      expect(r.data.errors.username).toBeDefined();
    });

    it("hands out the honeypot challenge some clients fetch first", async () => {
      const r = await http.json("GET", "/session/hp.json");
      expect(r.status).toBe(200);
      expect(typeof r.data.challenge).toBe("string");
      expect(typeof r.data.value).toBe("string");
    });
  });

  describe("categories", () => {
    it("creates and lists a category, and lists its topics", async () => {
      const name = `Conf ${uid()}`;
      const c = await http.json("POST", "/categories.json", { name, color: "0088CC", text_color: "FFFFFF" });
      expect(c.status).toBe(200);
      expect(c.data.category.name).toBe(name);
      const list = await http.json("GET", "/categories.json");
      expect(list.data.category_list.categories.some((x: { id: number }) => x.id === c.data.category.id)).toBe(true);
      const tp = await topic({ category: c.data.category.id });
      expect(tp.status).toBe(200);
      const inCat = await http.json("GET", `/c/${c.data.category.slug}/${c.data.category.id}.json`);
      expect(inCat.status).toBe(200);
      expect(inCat.data.topic_list.topics.map((x: { id: number }) => x.id)).toContain(tp.data.topic_id);
    });
  });

  describe("topics and posts", () => {
    it("creates a topic with 200 and the first post at the root", async () => {
      const r = await topic();
      expect(r.status).toBe(200);
      expect(r.data.post_number).toBe(1);
      expect(typeof r.data.topic_id).toBe("number");
      expect(typeof r.data.topic_slug).toBe("string");
    });

    it("accepts form-encoded bodies with tags[] as Discourse does", async () => {
      const form = new URLSearchParams({ title: `Form encoded topic ${uid()} about trains`, raw: `A body sent as a form ${uid()}, long enough.` });
      const res = await fetch(`${t.url}/posts.json`, { method: "POST", headers: { ...http.headers(), "Content-Type": "application/x-www-form-urlencoded" }, body: form });
      expect(res.status).toBe(200);
      const reply = new URLSearchParams({ topic_id: String((await res.json()).topic_id), raw: `A form-encoded reply ${uid()} that is long.` });
      const r2 = await fetch(`${t.url}/posts`, { method: "POST", headers: { ...http.headers(), "Content-Type": "application/x-www-form-urlencoded" }, body: reply });
      expect(r2.status).toBe(200);
      expect((await r2.json()).post_number).toBe(2);
    });

    it("validates titles and bodies with Discourse's messages, topic errors first", async () => {
      const short = await topic({ title: "Too short" }, member);
      expect(short.status).toBe(422);
      // Rails collects every error: "Too short" is also too plain (7 distinct bytes, TextSentinel wants 10).
      expect(short.data.errors).toEqual(["Title is too short (minimum is 15 characters)", "Title seems unclear, most of the words contain the same letters over and over?"]);
      const both = await topic({ title: "Short", raw: "tiny" }, member);
      expect(both.data.errors).toContain("Title is too short (minimum is 15 characters)");
      expect(both.data.errors.some((e: string) => e.startsWith("Body"))).toBe(false);
      const body = await topic({ raw: "tiny" });
      expect(body.status).toBe(422);
      expect(body.data.errors).toEqual(["Body is too short (minimum is 20 characters)"]);
      const long = await topic({ title: `${"Very long title words ".repeat(12)}${uid()}` });
      expect(long.data.errors).toEqual(["Title is too long (maximum is 255 characters)"]);
    });

    it("refuses a duplicate title", async () => {
      const title = `A title used only twice ${uid()}`;
      expect((await topic({ title })).status).toBe(200);
      const again = await topic({ title, raw: `A different body ${uid()} for the same title.` });
      expect(again.status).toBe(422);
      expect(again.data.errors).toEqual(["Title has already been used"]);
    });

    it("checks external_id's format and uniqueness, and finds a topic by it with a 301", async () => {
      const ext = `conf-${uid()}`;
      const r = await topic({ external_id: ext });
      expect(r.status).toBe(200);
      const dup = await topic({ external_id: ext.toUpperCase() });
      expect(dup.status).toBe(422);
      expect(dup.data.errors[0]).toMatch(/External.*taken/);
      expect((await topic({ external_id: "has spaces!" })).status).toBe(422);
      const res = await fetch(`${t.url}/t/external_id/${ext}.json`, { headers: http.headers(), redirect: "manual" });
      expect(res.status).toBe(301);
      expect(res.headers.get("location")).toMatch(new RegExp(`/t/[\\w-]+/${r.data.topic_id}(\\.json)?$`));
    });

    it("answers an identical API create within 120 s with the first result", async () => {
      const body = { title: `Idempotent topic ${uid()} for the test`, raw: `Exactly the same body ${uid()} twice.` };
      const a = await http.json("POST", "/posts.json", body);
      const b = await http.json("POST", "/posts.json", body);
      expect(a.status).toBe(200);
      expect(b.status).toBe(200);
      expect(b.data.id).toBe(a.data.id);
    });

    it("serves topics in 20-post chunks with the full stream, and posts by id", async () => {
      const first = await topic();
      const id = first.data.topic_id;
      const ids = [first.data.id];
      for (let i = 0; i < 22; i++) ids.push((await http.json("POST", "/posts.json", { topic_id: id, raw: `Reply number ${i} ${uid()} in the chunk test.` })).data.id);
      const tj = await http.json("GET", `/t/${id}.json`);
      expect(tj.data.post_stream.posts).toHaveLength(20);
      expect(tj.data.post_stream.stream).toEqual(ids);
      const rest = await http.json("GET", `/t/${id}/posts.json?${ids.slice(20).map((x) => `post_ids[]=${x}`).join("&")}`);
      expect(rest.data.post_stream.posts.map((p: { id: number }) => p.id)).toEqual(ids.slice(20));
      expect(rest.data.post_stream.stream).toBeUndefined();
      const withAccept = await fetch(`${t.url}/t/${id}`, { headers: http.headers() });
      expect((await withAccept.json()).id).toBe(id);
    });

    it("edits and deletes posts; numbers keep their gaps", async () => {
      const first = await topic();
      const id = first.data.topic_id;
      const r2 = await http.json("POST", "/posts.json", { topic_id: id, raw: `Second post ${uid()} to delete soon.` });
      const r3 = await http.json("POST", "/posts.json", { topic_id: id, raw: `Third post ${uid()} to edit soon.` });
      const edit = await http.json("PUT", `/posts/${r3.data.id}.json`, { post: { raw: `Third post, edited ${uid()} for the test.` } });
      expect(edit.status).toBe(200);
      expect(edit.data.post.version).toBe(2);
      expect((await http.json("DELETE", `/posts/${r2.data.id}.json`)).status).toBe(200);
      const r4 = await http.json("POST", "/posts.json", { topic_id: id, raw: `Fourth post ${uid()} after a delete.` });
      expect(r4.data.post_number).toBe(4);
      const one = await http.json("GET", `/posts/${r3.data.id}.json`);
      expect(one.data.raw).toMatch(/^Third post, edited/);
    });

    it("lists latest posts newest first, with an inclusive before", async () => {
      const first = await topic();
      const reply = await http.json("POST", "/posts.json", { topic_id: first.data.topic_id, raw: `A reply ${uid()} for the latest list.` });
      const latest = await http.json("GET", "/posts.json");
      const ids = latest.data.latest_posts.map((p: { id: number }) => p.id);
      expect(ids[0]).toBeGreaterThanOrEqual(reply.data.id);
      expect([...ids].sort((a: number, b: number) => b - a)).toEqual(ids);
      const before = await http.json("GET", `/posts.json?before=${reply.data.id}`);
      expect(before.data.latest_posts[0].id).toBe(reply.data.id);
      expect(typeof before.data.latest_posts[0].raw).toBe("string");
    });

    it("closes a topic with a small-action post that takes a post number", async () => {
      const first = await topic();
      const r = await http.json("PUT", `/t/${first.data.topic_id}/status.json`, { status: "closed", enabled: "true" });
      expect(r.status).toBe(200);
      expect(r.data.success).toBe("OK");
      const tj = await http.json("GET", `/t/${first.data.topic_id}.json`);
      expect(tj.data.closed).toBe(true);
      const small = tj.data.post_stream.posts.at(-1);
      expect(small.post_type).toBe(3);
      expect(small.action_code).toBe("closed.enabled");
      expect(small.post_number).toBe(2);
      const bad = await http.json("PUT", `/t/${first.data.topic_id}/status.json`, { status: "sideways", enabled: "true" });
      expect(bad.status).toBe(400);
    });

    it("lists topics on /latest.json, most recently bumped first", async () => {
      const a = await topic();
      await topic();
      await http.json("POST", "/posts.json", { topic_id: a.data.topic_id, raw: `A bump for the first topic ${uid()}.` });
      const latest = await http.json("GET", "/latest.json");
      expect(latest.data.topic_list.topics[0].id).toBe(a.data.topic_id);
    });
  });

  describe("likes and polls", () => {
    it("likes a post and shows the count in actions_summary", async () => {
      const first = await topic();
      const r = await http.json("POST", "/post_actions.json", { id: first.data.id, post_action_type_id: 2 }, member);
      expect(r.status).toBe(200);
      const p = await http.json("GET", `/posts/${first.data.id}.json`);
      expect(p.data.actions_summary.find((a: { id: number }) => a.id === 2)?.count).toBe(1);
    });

    it("parses [poll] in raw, takes votes and shows results on the post", async () => {
      const first = await topic({ raw: `Where do you stand ${uid()}?\n\n[poll name=stance type=regular results=always]\n# Stance\n* Agree\n* Disagree\n[/poll]` });
      const vote = await http.json("PUT", "/polls/vote.json", { post_id: first.data.id, poll_name: "stance", options: [pollOptionId("Agree")] }, member);
      expect(vote.status).toBe(200);
      expect(vote.data.vote).toEqual([pollOptionId("Agree")]);
      const p = await http.json("GET", `/posts/${first.data.id}.json`);
      const poll = p.data.polls.find((x: { name: string }) => x.name === "stance");
      expect(poll.voters).toBe(1);
      expect(poll.options.find((o: { id: string }) => o.id === pollOptionId("Agree")).votes).toBe(1);
      const twice = await topic({ raw: `Two polls ${uid()} with one name.\n\n[poll]\n* A\n* B\n[/poll]\n\n[poll]\n* C\n* D\n[/poll]` });
      expect(twice.status).toBe(422);
    });
  });
});
