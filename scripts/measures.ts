import type { Extraction } from "../src/extract/index.ts";
import type { Scored } from "./eval.ts";

export type PlacementLabels = Record<string, unknown>;

export function contentProblems(xs: Extraction[]): { threads: number; titles: string[]; contexts: string[]; questions: string[] } {
  return { threads: xs.reduce((n, x) => n + x.recommendations.length, 0), titles: [], contexts: [], questions: [] };
}

export function placementScore(_s: Scored[], _p: PlacementLabels): { documents: number; labelled: number; right: number; wrong: number; misses: string[] } {
  return { documents: 0, labelled: 0, right: 0, wrong: 0, misses: [] };
}
