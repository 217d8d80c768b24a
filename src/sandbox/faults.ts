import { UserError } from "../errors.ts";

/**
 * Fault injection for tests and demos. Shares are probabilities per API request (or per
 * webhook delivery); `500-after` answers 500 after the write was done, the case that
 * tempts a client to post twice.
 */
export interface Faults {
  "429": number;
  "500": number;
  "500-after": number;
  "503": number;
  latency: number;
  "webhook-drop": number;
  "webhook-dup": number;
  readonly: number;
}

export const NO_FAULTS: Faults = {
  "429": 0,
  "500": 0,
  "500-after": 0,
  "503": 0,
  latency: 0,
  "webhook-drop": 0,
  "webhook-dup": 0,
  readonly: 0,
};

const SHARES = new Set(["429", "500", "500-after", "503", "webhook-drop", "webhook-dup"]);

/** Parses `429:0.2,500:0.1,latency:50`; throws a UserError naming the bad part. */
export function parseFaults(spec: string, base: Faults = NO_FAULTS): Faults {
  const out: Faults = { ...base };
  for (const part of spec.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [kind, value, extra] = part.split(":");
    if (!kind || value === undefined || extra !== undefined || !(kind in out)) {
      throw new UserError(
        `--faults: "${part}" is not kind:value; kinds are ${Object.keys(NO_FAULTS).join(", ")} (e.g. 429:0.2,latency:50)`,
      );
    }
    const n = Number(value);
    if (!Number.isFinite(n) || n < 0 || (SHARES.has(kind) && n > 1) || (kind === "readonly" && n !== 0 && n !== 1)) {
      const want = SHARES.has(kind) ? "a share from 0 to 1" : kind === "readonly" ? "0 or 1" : "milliseconds >= 0";
      throw new UserError(`--faults: ${kind} takes ${want}, got "${value}"`);
    }
    out[kind as keyof Faults] = n;
  }
  return out;
}

/** A small seeded generator, so a fault sequence can be replayed with the same --seed. */
export function makeRandom(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x100000000;
  };
}
