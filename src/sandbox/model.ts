import type { ParsedPoll } from "./cook.ts";

/** The sandbox's records: what Discourse keeps in its tables, as far as the API shows it. */

export interface SUser {
  id: number;
  username: string;
  name: string;
  email: string;
  admin: boolean;
  moderator: boolean;
  trust_level: number;
  active: boolean;
  created_at: string;
  /** user_stat.first_post_created_at: the first-day rules count from it. */
  first_post_created_at: string | null;
}
export interface SCategory {
  id: number;
  name: string;
  slug: string;
  color: string;
  text_color: string;
  description: string | null;
  position: number;
  parent_category_id: number | null;
}
export interface STopic {
  id: number;
  title: string;
  slug: string;
  category_id: number;
  user_id: number;
  external_id: string | null;
  tags: string[];
  created_at: string;
  bumped_at: string;
  last_posted_at: string;
  closed: boolean;
  archived: boolean;
  visible: boolean;
  pinned: boolean;
  highest_post_number: number;
  deleted_at: string | null;
  deleted_by_id: number | null;
}
export interface SPost {
  id: number;
  topic_id: number;
  post_number: number;
  user_id: number;
  raw: string;
  cooked: string;
  created_at: string;
  updated_at: string;
  version: number;
  post_type: number;
  action_code: string | null;
  reply_to_post_number: number | null;
  deleted_at: string | null;
  deleted_by_id: number | null;
  /** Author deleted it: raw reads "(post deleted by author)" until recovered (lib/post_destroyer.rb). */
  user_deleted: boolean;
  hidden: boolean;
  hidden_at: string | null;
  hidden_reason_id: number | null;
  /** Earlier raws, newest last: what an author's recovery restores. */
  revisions: string[];
  likes: number[];
  polls: (ParsedPoll & { votes: Record<string, string[]> })[];
}

/** Post types (app/models/post.rb Post.types). */
export const POST_TYPES = { regular: 1, moderator_action: 2, small_action: 3, whisper: 4 } as const;

export type ForumEvent =
  | { type: "topic"; event: "topic_created" | "topic_edited" | "topic_destroyed" | "topic_recovered" | `topic_${string}_status_updated`; topic: STopic }
  | { type: "post"; event: "post_created" | "post_edited" | "post_destroyed" | "post_recovered"; post: SPost };

/** A Discourse-shaped failure: the route answers `status` with `body` as JSON, and `headers`. */
export class ForumError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String((body.errors as string[] | undefined)?.[0] ?? status));
  }
  static unprocessable(action: string | undefined, errors: string[]): ForumError {
    return new ForumError(422, action ? { action, errors } : { errors });
  }
  static notFound(): ForumError {
    return new ForumError(404, { errors: ["The requested URL or resource could not be found."], error_type: "not_found" });
  }
  static invalidAccess(msg = "You are not permitted to view the requested resource."): ForumError {
    return new ForumError(403, { errors: [msg], error_type: "invalid_access" });
  }
  /** Discourse::InvalidParameters (config/locales/server.en.yml invalid_params). */
  static invalidParameters(name: string): ForumError {
    return new ForumError(400, { errors: [`You supplied invalid parameters to the request: ${name}`], error_type: "invalid_parameters" });
  }
  /** ActionController::ParameterMissing: Rails' wording, no error_type. */
  static parameterMissing(name: string): ForumError {
    return new ForumError(400, { errors: [`param is missing or the value is empty: ${name}`] });
  }
  static notLoggedIn(): ForumError {
    return new ForumError(403, { errors: ["You need to be logged in to do that."], error_type: "not_logged_in" });
  }
}
