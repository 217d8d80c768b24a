import { createHmac, timingSafeEqual } from "node:crypto";

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as Discourse's EmitWebHookEvent signs a delivery. */
export function signWebhook(secret: string, rawBody: string | Buffer): string {
  return `sha256=${createHmac("sha256", secret).update(rawBody).digest("hex")}`;
}

/**
 * True when `signature` matches the body under any of `secrets` (a list, so a secret can be
 * rotated without dropping deliveries). Lengths are compared first: timingSafeEqual needs equal lengths.
 */
export function verifyWebhook(secrets: readonly string[], rawBody: string | Buffer, signature: string | undefined): boolean {
  if (!signature) return false;
  const given = Buffer.from(signature);
  return secrets.some((s) => {
    const expected = Buffer.from(signWebhook(s, rawBody));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
