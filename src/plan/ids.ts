/**
 * The names a seminar's things carry on the forum. Discourse allows a topic external_id of at
 * most 50 characters of [A-Za-z0-9_-] (app/models/topic.rb, EXTERNAL_ID_MAX_LENGTH), unique
 * case-insensitively. Joining ids with a dash is ambiguous ("ab-cd" + "x" and "ab" + "cd-x"
 * meet), so the seminar id's length leads, in one base-36 digit: the split can always be undone,
 * whatever characters the ids hold.
 */
export const SEMINAR_ID_MAX = 25;
export const THREAD_ID_MAX = 20;

function lengthDigit(seminarId: string): string {
  if (seminarId.length < 1 || seminarId.length > SEMINAR_ID_MAX) throw new Error(`seminar id "${seminarId}" must be 1-${SEMINAR_ID_MAX} characters`);
  return seminarId.length.toString(36);
}

/** A thread's topic: `ds<len>-<seminar>-<thread>`, at most 2+1+1+25+1+20 = 50 characters. */
export function threadExternalId(seminarId: string, threadId: string): string {
  return `ds${lengthDigit(seminarId)}-${seminarId}-${threadId}`;
}

/** The seminar's digest topic: `ds<len>-<seminar>`, with nothing after the seminar id, so no thread can take it. */
export function digestTopicExternalId(seminarId: string): string {
  return `ds${lengthDigit(seminarId)}-${seminarId}`;
}

/** The inverse of both: null for an external_id that is not ours. */
export function parseExternalId(externalId: string): { seminarId: string; threadId: string | null } | null {
  const m = /^ds([0-9a-z])-/.exec(externalId);
  if (!m) return null;
  const len = parseInt(m[1]!, 36);
  const rest = externalId.slice(m[0].length);
  if (len < 1 || rest.length < len) return null;
  const seminarId = rest.slice(0, len);
  const tail = rest.slice(len);
  if (tail === "") return { seminarId, threadId: null };
  if (tail[0] !== "-" || tail.length < 2) return null;
  return { seminarId, threadId: tail.slice(1) };
}

/** The hidden marker at the end of a seeded reply; '/' cannot occur in ids, so it splits cleanly. */
export function seededMarker(seminarId: string, threadId: string, idx: number): string {
  return `discourse-seminar:${seminarId}/${threadId}/ca-${idx + 1}`;
}

/** The hidden marker of a posted digest: its key, so a rerun finds it on the forum instead of posting again. */
export function digestMarker(key: string): string {
  return `discourse-seminar:digest:${key}`;
}
