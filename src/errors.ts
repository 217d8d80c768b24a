/**
 * A mistake the user can fix: bad input, a missing file, a malformed plan.
 * The CLI prints `message` as one line and exits 2; nothing else does.
 */
export class UserError extends Error {
  override name = "UserError";
  constructor(message: string) {
    super(message);
  }
}
