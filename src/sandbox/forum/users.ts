import { ForumError, type SUser } from "../model.ts";
import type { ForumState } from "../state.ts";

/**
 * users#create (app/controllers/users_controller.rb). Always 200: failures say so in the body,
 * with errors per field. `active` (and `approved`, `staged`) are honoured only when an admin
 * calls through the API (UsersController#user_params); anyone else, a moderator's key included,
 * gets an inactive account and still `success: true` with the "activation mail" message.
 * New accounts start at default_trust_level (0).
 */
export function createUser(state: ForumState, actor: SUser | undefined, p: { name?: unknown; username?: unknown; email?: unknown; password?: unknown; active?: unknown }, o: { viaApi: boolean }): Record<string, unknown> {
  const errors: Record<string, string[]> = {};
  const username = String(p.username ?? "");
  const email = String(p.email ?? "");
  if (!/^[\w.-]{3,20}$/.test(username)) errors.username = ["must be between 3 and 20 characters and use only letters, numbers, dashes, dots and underscores"];
  else if (state.userByName(username)) errors.username = ["must be unique"];
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) errors.email = ["is invalid."];
  else if ([...state.users.values()].some((u) => u.email.toLowerCase() === email.toLowerCase())) errors.email = ["has already been taken"];
  if (String(p.password ?? "").length < 10) errors.password = ["is too short (minimum is 10 characters)"];
  if (Object.keys(errors).length) {
    const [field, msgs] = Object.entries(errors)[0]!;
    return { success: false, message: `${field[0]!.toUpperCase()}${field.slice(1)} ${msgs[0]}`, errors, values: { name: p.name ?? "", username, email }, is_developer: false };
  }
  const adminApi = o.viaApi && !!actor?.admin;
  const active = adminApi && (p.active === true || p.active === "true");
  const user = state.change(() => {
    const u: SUser = {
      id: state.next.user++,
      username,
      name: String(p.name ?? username),
      email,
      admin: false,
      moderator: false,
      trust_level: state.site.default_trust_level,
      active,
      created_at: state.now().toISOString(),
      first_post_created_at: null,
    };
    state.addUser(u);
    state.touch("users", u);
    return u;
  });
  return {
    success: true,
    active: user.active,
    message: user.active ? "Your account is activated and ready to use." : "You’re almost done! We sent an activation mail to the email address you provided.",
    user_id: user.id,
  };
}

/** The sandbox's own way to make a participant (its HTML forms): an active account, as an admin's API call makes. */
export function createParticipant(state: ForumState, username: string): SUser {
  const r = createUser(state, state.userById(-1), { username, name: username, email: `${username.toLowerCase()}@sandbox.invalid`, password: `sandbox-${username}-password`, active: true }, { viaApi: true });
  if (!r.success) throw new Error(String(r.message));
  return state.userById(Number(r.user_id))!;
}

function target(state: ForumState, id: number): SUser {
  const u = state.userById(id);
  if (!u) throw ForumError.notFound();
  return u;
}

/**
 * admin/users#trust_level (app/controllers/admin/users_controller.rb): staff set any user's
 * level 0..4 (Guardian#can_change_trust_level?).
 */
export function changeTrustLevel(state: ForumState, id: number, level: unknown): SUser {
  const u = target(state, id);
  const n = Number(level);
  if (!Number.isInteger(n) || n < 0 || n > 4) throw ForumError.invalidParameters("level");
  return state.change(() => {
    u.trust_level = n;
    state.touch("users", u);
    return u;
  });
}

/** admin/users#grant_moderation: admins only, and only for someone not yet a moderator. */
export function setModeration(state: ForumState, actor: SUser, id: number, on: boolean): SUser {
  const u = target(state, id);
  if (!actor.admin || u.moderator === on) throw ForumError.invalidAccess();
  return state.change(() => {
    u.moderator = on;
    state.touch("users", u);
    return u;
  });
}

/** admin/users#activate. */
export function activateUser(state: ForumState, id: number): SUser {
  const u = target(state, id);
  return state.change(() => {
    u.active = true;
    state.touch("users", u);
    return u;
  });
}
