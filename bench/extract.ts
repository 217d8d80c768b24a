/**
 * Extraction time and memory at 1x, 4x and 16x the largest corpus document, in-process.
 * Target: a 15,000-word document in under 100 ms, and time growing no faster than linearly.
 * The 15,000-word text is the largest document's paragraphs, repeated, up to 15,000 words.
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

/** The first `words` words of `text` repeated, in whole paragraphs: a document, not one 15,000-word line. */
function paragraphsOf(text: string, words: number): string {
  const paras = text.split(/\n\s*\n/);
  const out: string[] = [];
  let n = 0;
  for (let i = 0; n < words; i++) {
    const p = paras[i % paras.length]!;
    const w = p.split(/\s+/).filter(Boolean).length;
    out.push(n + w <= words ? p : p.split(/\s+/).slice(0, words - n).join(" "));
    n += w;
  }
  return out.join("\n\n");
}

/** Median wall-clock and CPU time of `runs` extractions (parse included), after one warm-up; and the fastest, the cost without interference. */
function measure(text: string, runs: number): { ms: number; min: number; cpu: number; mb: number; recs: number } {
  extract(parseText("bench.txt", text, false)); // warm up the JIT and the lens templates
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const times: number[] = [];
  const cpus: number[] = [];
  let recs = 0;
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const x = extract(parseText("bench.txt", text, false));
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
    recs = x.recommendations.length;
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { ms: median(times), min: Math.min(...times), cpu: median(cpus), mb: (peak - before) / 1048576, recs };
}

export function runExtractBench(): void {
  const { name, text } = largestDocument();
  const words = text.split(/\s+/).filter(Boolean).length;
  console.log(`extraction benchmark: largest document ${name} (${words} words); median of runs`);
  console.log("(CPU ms is this process's CPU time; on a busy machine wall-clock ms runs above it)");
  console.log(`${"size".padEnd(6)} ${"words".padStart(8)} ${"ms".padStart(9)} ${"CPU ms".padStart(9)} ${"ms/kword".padStart(9)} ${"heap MB".padStart(8)} recs`);
  for (const k of [1, 4, 16]) {
    const big = Array.from({ length: k }, () => text).join("\n\n");
    const w = big.split(/\s+/).filter(Boolean).length;
    const r = measure(big, k === 16 ? 5 : 9);
    console.log(`${`${k}x`.padEnd(6)} ${String(w).padStart(8)} ${r.ms.toFixed(1).padStart(9)} ${r.cpu.toFixed(1).padStart(9)} ${((r.ms / w) * 1000).toFixed(2).padStart(9)} ${r.mb.toFixed(1).padStart(8)} ${r.recs}`);
  }
  const r = measure(paragraphsOf(text, 15000), 15);
  console.log(`15,000 words: ${r.ms.toFixed(1)} ms wall (fastest run ${r.min.toFixed(1)} ms), ${r.cpu.toFixed(1)} ms CPU (target < 100 ms)`);
}

if (process.argv[1]?.endsWith("extract.ts")) runExtractBench();
