/**
 * Extraction time and memory at 1x, 4x and 16x the largest corpus document, in-process.
 * Target: a 15,000-word document in under 100 ms, and time growing no faster than linearly.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parseText } from "../src/document/read.ts";
import { extract } from "../src/extract/index.ts";

function largestDocument(): { name: string; text: string } {
  const dir = path.resolve(import.meta.dirname, "../../shared/corpus/docs");
  if (existsSync(dir)) {
    const files = readdirSync(dir).filter((f) => f.endsWith(".txt"));
    const name = files.sort((a, b) => statSync(path.join(dir, b)).size - statSync(path.join(dir, a)).size)[0]!;
    return { name, text: readFileSync(path.join(dir, name), "utf8") };
  }
  // Without ../shared, a synthetic report of similar size and shape.
  const para = "The agency reviewed its programs in four countries. Officials described the risks they faced, e.g. sudden policy changes by the U.S. Government and partner governments. Critics say the reviews came too late.";
  const body = Array.from({ length: 240 }, (_, i) => (i % 40 === 0 ? `Section ${i / 40 + 1}\n\n${para}` : para)).join("\n\n");
  return { name: "synthetic report (../shared absent)", text: `A Synthetic Report\n\n${body}\n\nRecommendations\n\nThe Secretary should require plans for each award.\n\nThe Secretary should review those plans every year.\n` };
}

function measure(text: string, runs: number): { ms: number; mb: number; recs: number } {
  extract(parseText("bench.txt", text, false)); // warm up the JIT and the lens templates
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const times: number[] = [];
  let recs = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const x = extract(parseText("bench.txt", text, false));
    times.push(performance.now() - t0);
    recs = x.recommendations.length;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)]!, mb: (peak - before) / 1048576, recs };
}

export function runExtractBench(): void {
  const { name, text } = largestDocument();
  const words = text.split(/\s+/).length;
  console.log(`extraction benchmark: largest document ${name} (${words} words); median of runs`);
  console.log(`${"size".padEnd(6)} ${"words".padStart(8)} ${"ms".padStart(9)} ${"ms/kword".padStart(9)} ${"heap MB".padStart(8)} recs`);
  for (const k of [1, 4, 16]) {
    const big = Array.from({ length: k }, () => text).join("\n\n");
    const w = big.split(/\s+/).length;
    const r = measure(big, k === 16 ? 3 : 7);
    console.log(`${`${k}x`.padEnd(6)} ${String(w).padStart(8)} ${r.ms.toFixed(1).padStart(9)} ${((r.ms / w) * 1000).toFixed(2).padStart(9)} ${r.mb.toFixed(1).padStart(8)} ${r.recs}`);
  }
  const target = Array.from({ length: Math.ceil(15000 / words) }, () => text).join("\n\n").split(/\s+/).slice(0, 15000).join(" ");
  const r = measure(target, 7);
  console.log(`15,000 words: ${r.ms.toFixed(1)} ms (target < 100 ms)`);
}

if (process.argv[1]?.endsWith("extract.ts")) runExtractBench();
