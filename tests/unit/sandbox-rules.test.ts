import { describe, expect, it } from "vitest";
import { isNewUser, isNewUserPostingOnFirstDay, isWhisperer } from "../../src/sandbox/forum/trust.ts";
import type { SUser } from "../../src/sandbox/model.ts";
import { RateLimits, timeLeft } from "../../src/sandbox/rate-limit.ts";
import { SITE_SETTING_DEFAULTS } from "../../src/sandbox/settings.ts";
import { ForumState } from "../../src/sandbox/state.ts";
import { bodyErrors, entropy, externalIdErrors, titleErrors } from "../../src/sandbox/validate.ts";

const s = SITE_SETTING_DEFAULTS;
const user = (o: Partial<SUser>): SUser => ({ id: 5, username: "u", name: "u", email: "u@x.io", admin: false, moderator: false, trust_level: 0, active: true, created_at: "2026-01-01T00:00:00Z", first_post_created_at: null, ...o });

describe("sandbox rules", () => {
  it("lists every title error, not only the first", () => {
    expect(titleErrors("Too short", s, { admin: false, duplicate: () => true })).toEqual([
      "Title is too short (minimum is 15 characters)",
      "Title seems unclear, most of the words contain the same letters over and over?",
      "Title has already been used",
    ]);
    expect(titleErrors("A perfectly ordinary title here", s, { admin: false, duplicate: () => false })).toEqual([]);
    expect(entropy("Too short")).toBe(7);
  });

  it("lists every external_id error and a body's length and quality errors", () => {
    expect(externalIdErrors(`${"x".repeat(50)} !`, () => true)).toEqual(["External has already been taken", "External is too long (maximum is 50 characters)", "External is invalid"]);
    expect(bodyErrors("A".repeat(32001), s, { firstPost: false })).toEqual(["Body is limited to 32000 characters; you entered 32001.", "Body seems unclear, is it a complete sentence?"]);
  });

  it("tells new users and first-day posters apart as app/models/user.rb does", () => {
    let now = Date.parse("2026-01-10T00:00:00Z");
    const state = new ForumState({ now: () => new Date(now) });
    expect(isNewUser(state, user({ trust_level: 0 }))).toBe(true);
    expect(isNewUser(state, user({ trust_level: 1 }))).toBe(false);
    expect(isNewUser(state, user({ trust_level: 1, created_at: "2026-01-09T12:00:00Z" }))).toBe(true);
    expect(isNewUser(state, user({ trust_level: 0, moderator: true }))).toBe(false);
    expect(isNewUserPostingOnFirstDay(state, user({ trust_level: 0, first_post_created_at: "2025-06-01T00:00:00Z" }))).toBe(true);
    expect(isNewUserPostingOnFirstDay(state, user({ trust_level: 1, first_post_created_at: "2026-01-01T00:00:00Z" }))).toBe(false);
    expect(isNewUserPostingOnFirstDay(state, user({ trust_level: 2 }))).toBe(false);
    now += 1;
    expect(isWhisperer(state, user({ admin: true }))).toBe(false); // whispers_allowed_groups is empty
    state.site.whispers_allowed_groups = "staff";
    expect(isWhisperer(state, user({ moderator: true }))).toBe(true);
    expect(isWhisperer(state, user({ trust_level: 4 }))).toBe(false);
  });

  it("waits as a sliding window does, on the clock it is given", () => {
    let now = 0;
    const l = new RateLimits(() => now);
    expect(l.hit("k", 2, 10)).toBe(0);
    now = 4000;
    expect(l.hit("k", 2, 10)).toBe(0);
    expect(l.hit("k", 2, 10)).toBe(6);
    now = 10_000;
    expect(l.hit("k", 2, 10)).toBe(0);
    l.rollback("k");
    expect(l.wait("k", 2, 10)).toBe(0);
    expect([timeLeft(3), timeLeft(30), timeLeft(61), timeLeft(7200)]).toEqual(["a few seconds", "30 seconds", "1 minute", "2 hours"]);
  });
});
