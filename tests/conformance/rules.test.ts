import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Http, TARGETS, uid, type Target } from "./target.ts";

/**
 * The rules a brand-new account, a moderator and a reader meet on Discourse, over HTTP only,
 * against the sandbox and (when configured) a real forum. Where a rule needs time to pass, the
 * sandbox's clock is moved on; on a real forum those tests check what they can without waiting.
 */
describe.each(TARGETS)("Discourse rules: $name", ({ start }) => {
  let t: Target;
  let http: Http;
  beforeAll(async () => {
    t = await start();
    http = new Http(t);
  });
  afterAll(async () => t?.close());

  const topic = async (extra: Record<string, unknown> = {}, as?: string) =>
    http.json("POST", "/posts.json", { title: `Rules topic ${uid()} about tram timetables`, raw: `Opening post ${uid()} with enough words to pass.`, ...extra }, as);
  const reply = async (topicId: number, as?: string, extra: Record<string, unknown> = {}) =>
    http.json("POST", "/posts.json", { topic_id: topicId, raw: `A reply ${uid()} with enough words to count.`, ...extra }, as);
  const adminUser = async (id: number) => http.json("GET", `/admin/users/${id}.json`);

  describe("trust levels and new-user limits", () => {
    it("creates accounts at trust level 0 (default_trust_level)", async () => {
      const u = await http.newUser("tl");
      const r = await http.json("GET", `/u/${u.username}.json`);
      expect(r.data.user.trust_level).toBe(0);
      const admin = await adminUser(u.id);
      expect(admin.status).toBe(200);
      expect(admin.data.id).toBe(u.id);
      expect(admin.data.trust_level).toBe(0);
    });

    it("makes a new user wait 30 s between posts (rate_limit_new_user_create_post)", async () => {
      const u = await http.newUser("slow");
      const a = await topic();
      const b = await topic();
      expect((await reply(a.data.topic_id, u.username)).status).toBe(200);
      const second = await reply(b.data.topic_id, u.username);
      expect(second.status).toBe(429);
      expect(second.data.error_type).toBe("rate_limit");
      expect(second.data.errors[0]).toMatch(/^You’re replying a bit too quickly\. Please wait .+ before trying again\.$/);
      expect(second.data.extras.wait_seconds).toBeGreaterThan(5);
      expect(second.data.extras.wait_seconds).toBeLessThanOrEqual(30);
      expect(Number(second.headers.get("retry-after"))).toBe(second.data.extras.wait_seconds);
      if (!(await http.advance(31))) return;
      expect((await reply(b.data.topic_id, u.username)).status).toBe(200);
    });

    it("holds a TL0 account to 3 replies in someone else's topic until someone answers it", async () => {
      const u = await http.newUser("three");
      const a = await topic();
      const mine: number[] = [];
      for (let i = 0; i < 3; i++) {
        const r = await reply(a.data.topic_id, u.username);
        expect(r.status).toBe(200);
        mine.push(r.data.post_number);
        // Someone else posts between, so max_consecutive_replies is not what stops the fourth.
        await reply(a.data.topic_id);
        if (!(await http.advance(31))) return;
      }
      const fourth = await reply(a.data.topic_id, u.username);
      expect(fourth.status).toBe(422);
      expect(fourth.data.errors).toEqual(["We're sorry, but new users are temporarily limited to 3 replies in the same topic."]);
      // A reply to them resets the count (UserAction.last_action_in_topic).
      await reply(a.data.topic_id, undefined, { reply_to_post_number: mine[2] });
      expect((await reply(a.data.topic_id, u.username)).status).toBe(200);
    });

    it("allows a TL0 account 10 replies per rolling 24 h, not only on its first day", async () => {
      const u = await http.newUser("ten");
      if (!t.sandbox) return; // ten replies 30 s apart and a day's wait: the sandbox's clock only
      const topics = await Promise.all(Array.from({ length: 11 }, () => topic()));
      await http.advance(3 * 24 * 3600); // the account is days old: TL0 keeps the first-day limit
      for (let i = 0; i < 10; i++) {
        expect((await reply(topics[i]!.data.topic_id, u.username)).status).toBe(200);
        await http.advance(31);
      }
      const eleventh = await reply(topics[10]!.data.topic_id, u.username);
      expect(eleventh.status).toBe(429);
      expect(eleventh.data.errors[0]).toMatch(/maximum number of replies a new user can create on their first day/);
      await http.advance(24 * 3600);
      expect((await reply(topics[10]!.data.topic_id, u.username)).status).toBe(200);
    });

    it("limits a TL0 post to 2 links and 2 mentions, and lists both errors", async () => {
      const u = await http.newUser("links");
      const a = await topic();
      const raw = `Three links https://a.example/${uid()} https://b.example/x https://c.example/y and @system @${u.username} @nobody_${uid()} here.`;
      const r = await reply(a.data.topic_id, u.username, { raw });
      expect(r.status).toBe(422);
      expect(r.data.errors).toEqual(["Sorry, new users can only mention 2 users in a post.", "Sorry, new users can only put 2 links in a post."]);
    });

    it("raises a trust level with PUT /admin/users/{id}/trust_level; TL2 waits only 5 s", async () => {
      const u = await http.newUser("tl2");
      const r = await http.json("PUT", `/admin/users/${u.id}/trust_level.json`, { level: 2 });
      expect(r.status).toBe(200);
      expect(r.data.admin_user.trust_level).toBe(2);
      expect(r.data.admin_user.username).toBe(u.username);
      const a = await topic();
      expect((await reply(a.data.topic_id, u.username, { raw: `Links are fine now https://a.example/${uid()} https://b.example https://c.example ok.` })).status).toBe(200);
      const second = await reply(a.data.topic_id, u.username);
      expect(second.status).toBe(429);
      expect(second.data.extras.wait_seconds).toBeLessThanOrEqual(5);
    });

    it("makes a moderator with PUT /admin/users/{id}/grant_moderation; staff are not rate limited", async () => {
      const u = await http.newUser("mod");
      const r = await http.json("PUT", `/admin/users/${u.id}/grant_moderation.json`);
      expect(r.status).toBe(200);
      expect(r.data.admin_user.moderator).toBe(true);
      const a = await topic();
      for (let i = 0; i < 4; i++) expect((await reply(a.data.topic_id, u.username)).status).toBe(200);
    });

    it("creates an inactive account when a moderator calls users#create, and still says success", async () => {
      const mod = await http.newUser("modk");
      await http.json("PUT", `/admin/users/${mod.id}/grant_moderation.json`);
      const name = `inact_${uid()}`;
      const r = await http.json("POST", "/users.json", { name, username: name, email: `${name}@example.com`, password: `pw-${uid()}-${uid()}`, active: true, approved: true }, mod.username);
      expect(r.status).toBe(200);
      expect(r.data.success).toBe(true);
      expect(r.data.active).toBe(false);
      expect((await http.json("GET", "/latest.json", undefined, name)).status).toBe(403);
    });

    it("refuses the admin user calls to anyone who is not staff", async () => {
      const u = await http.newUser("plain");
      expect((await http.json("GET", `/admin/users/${u.id}.json`, undefined, u.username)).status).toBe(404);
    });
  });

  describe("validation", () => {
    it("answers an unknown category with 400 invalid_parameters", async () => {
      const r = await topic({ category: 987654 });
      expect(r.status).toBe(400);
      expect(r.data.error_type).toBe("invalid_parameters");
      expect(r.data.errors).toEqual(["You supplied invalid parameters to the request: category"]);
    });

    it("finds a topic by external_id case-sensitively", async () => {
      const ext = `Conf-Case-${uid()}`;
      const r = await topic({ external_id: ext });
      expect(r.status).toBe(200);
      expect((await http.json("GET", `/t/external_id/${ext}.json`)).status).toBe(301);
      expect((await http.json("GET", `/t/external_id/${ext.toLowerCase()}.json`)).status).toBe(404);
    });
  });

  describe("reading", () => {
    it("answers /t/{id}/posts.json without post_ids[] with the first chunk", async () => {
      const a = await topic();
      for (let i = 0; i < 22; i++) await reply(a.data.topic_id);
      const r = await http.json("GET", `/t/${a.data.topic_id}/posts.json`);
      expect(r.status).toBe(200);
      expect(r.data.post_stream.posts).toHaveLength(20);
      expect(r.data.post_stream.posts[0].post_number).toBe(1);
      const print = await http.json("GET", `/t/${a.data.topic_id}.json?print=true`);
      expect(print.status).toBe(200);
      expect(print.data.post_stream.posts).toHaveLength(23);
      expect(print.data.chunk_size).toBe(1000);
    });

    it("lists subcategories only inside their parent, with include_subcategories=true", async () => {
      const parent = await http.json("POST", "/categories.json", { name: `Parent ${uid()}`, color: "0088CC", text_color: "FFFFFF" });
      const child = await http.json("POST", "/categories.json", { name: `Child ${uid()}`, color: "0088CC", text_color: "FFFFFF", parent_category_id: parent.data.category.id });
      expect(child.status).toBe(200);
      const plain = await http.json("GET", "/categories.json");
      const ids = plain.data.category_list.categories.map((c: { id: number }) => c.id);
      expect(ids).toContain(parent.data.category.id);
      expect(ids).not.toContain(child.data.category.id);
      const nested = await http.json("GET", "/categories.json?include_subcategories=true");
      const p = nested.data.category_list.categories.find((c: { id: number }) => c.id === parent.data.category.id);
      expect(p.subcategory_list.map((c: { id: number }) => c.id)).toEqual([child.data.category.id]);
    });
  });

  describe("deletion, hiding and whispers", () => {
    it("lets staff read a deleted topic, with deleted_at; nobody else", async () => {
      const member = await http.newUser("reader");
      const a = await topic({ external_id: `del-${uid()}` });
      expect((await http.json("DELETE", `/t/${a.data.topic_id}.json`)).status).toBe(200);
      const staff = await http.json("GET", `/t/${a.data.topic_id}.json`);
      expect(staff.status).toBe(200);
      expect(staff.data.deleted_at).toEqual(expect.any(String));
      expect((await http.json("GET", `/t/${a.data.topic_id}.json`, undefined, member.username)).status).toBe(404);
      expect((await http.anon(`/t/${a.data.topic_id}.json`)).status).toBe(404);
      expect((await http.json("PUT", `/t/${a.data.topic_id}/recover.json`)).status).toBe(200);
      expect((await http.json("GET", `/t/${a.data.topic_id}.json`, undefined, member.username)).data.deleted_at).toBeNull();
    });

    it("turns an author's own deletion into '(post deleted by author)', and recovers it", async () => {
      const u = await http.newUser("selfdel");
      const a = await topic();
      const raw = `My own words ${uid()}, soon taken back.`;
      const r = await reply(a.data.topic_id, u.username, { raw });
      expect((await http.json("DELETE", `/posts/${r.data.id}.json`, undefined, u.username)).status).toBe(200);
      const after = await http.json("GET", `/posts/${r.data.id}.json`);
      expect(after.data.raw).toBe("(post deleted by author)");
      expect(after.data.user_deleted).toBe(true);
      expect(after.data.deleted_at).toBeNull();
      expect((await http.json("PUT", `/posts/${r.data.id}/recover.json`, undefined, u.username)).status).toBe(200);
      const back = await http.json("GET", `/posts/${r.data.id}.json`);
      expect(back.data.raw).toBe(raw);
      expect(back.data.user_deleted).toBe(false);
    });

    it("hides a staff-deleted post from everyone but staff, and recovers it", async () => {
      const member = await http.newUser("peek");
      const a = await topic();
      const r = await reply(a.data.topic_id);
      expect((await http.json("DELETE", `/posts/${r.data.id}.json`)).status).toBe(200);
      expect((await http.json("GET", `/posts/${r.data.id}.json`, undefined, member.username)).status).toBe(404);
      expect((await http.json("GET", `/posts/${r.data.id}.json`)).data.deleted_at).toEqual(expect.any(String));
      expect((await http.json("PUT", `/posts/${r.data.id}/recover.json`)).status).toBe(200);
      expect((await http.json("GET", `/posts/${r.data.id}.json`, undefined, member.username)).status).toBe(200);
    });

    it("shows whispers (post_type 4) to whisperers only; refuses them where whispers are off", async () => {
      const member = await http.newUser("nowhisper");
      const a = await topic();
      let w = await reply(a.data.topic_id, undefined, { whisper: true });
      if (w.status === 403 && t.sandbox) {
        expect(w.data.errors).toEqual(["Either whispers are not enabled or you do not have access to create whisper posts"]);
        await fetch(`${t.url}/__sandbox/site_settings`, { method: "PUT", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ whispers_allowed_groups: "staff" }) });
        w = await reply(a.data.topic_id, undefined, { whisper: true });
      }
      if (w.status === 403) return expect(w.data.errors[0]).toMatch(/whispers are not enabled/);
      expect(w.status).toBe(200);
      expect(w.data.post_type).toBe(4);
      const staffIds = (await http.json("GET", `/t/${a.data.topic_id}.json`)).data.post_stream.stream;
      const memberIds = (await http.json("GET", `/t/${a.data.topic_id}.json`, undefined, member.username)).data.post_stream.stream;
      expect(staffIds).toContain(w.data.id);
      expect(memberIds).not.toContain(w.data.id);
      expect((await reply(a.data.topic_id, member.username, { whisper: true })).status).toBe(403);
    });

    it("shows non-staff a placeholder for a hidden post; staff still see it", async () => {
      if (!t.sandbox) return; // hiding takes flags from several users on a real forum
      const member = await http.newUser("flagged");
      const a = await topic();
      const r = await reply(a.data.topic_id);
      expect((await fetch(`${t.url}/__sandbox/posts/${r.data.id}/hide`, { method: "POST" })).status).toBe(200);
      const seen = await http.json("GET", `/t/${a.data.topic_id}/posts.json?post_ids[]=${r.data.id}`, undefined, member.username);
      const p = seen.data.post_stream.posts[0];
      expect(p.hidden).toBe(true);
      expect(p.cooked_hidden).toBe(true);
      expect(p.cooked).toBe("<p>This post was flagged by the community and is temporarily hidden.</p>");
      const staff = (await http.json("GET", `/t/${a.data.topic_id}/posts.json?post_ids[]=${r.data.id}`)).data.post_stream.posts[0];
      expect(staff.hidden).toBe(true);
      expect(staff.cooked).toMatch(/A reply/);
      const latest = await http.json("GET", `/posts.json?before=${r.data.id}`);
      expect(latest.data.latest_posts.map((x: { id: number }) => x.id)).not.toContain(r.data.id);
      expect((await http.json("PUT", `/posts/${r.data.id}/unhide.json`)).status).toBe(200);
    });
  });
});
