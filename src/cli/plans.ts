import { existsSync } from "node:fs";
import type { Config } from "../config.ts";
import { UserError } from "../errors.ts";
import type { LoadedPlan } from "../plan/load.ts";

/** A plan path, or the id of a seminar whose plan is in SEMINAR_DIR. */
export async function planArg(c: Config, arg: string): Promise<LoadedPlan> {
  const [{ loadPlan }, { loadPlans }] = await Promise.all([import("../plan/load.ts"), import("../runtime.ts")]);
  if (existsSync(arg) || /\.ya?ml$/.test(arg)) return loadPlan(arg);
  const found = loadPlans(c.SEMINAR_DIR).find((p) => p.plan.seminar.id === arg);
  if (!found) throw new UserError(`${arg}: neither a plan file nor the id of a seminar in ${c.SEMINAR_DIR}; give a plan path or run "seminar status"`);
  return found;
}
