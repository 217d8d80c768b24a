import { escapeHtml as e } from "../../render/html.ts";
import { localDay } from "./time.ts";

export interface DayCount {
  /** YYYY-MM-DD in the seminar's time zone. */
  day: string;
  replies: number;
}

/** Folds UTC quarter-hour buckets into the seminar's local days, keeping every day of `days` (zeros too). */
export function foldIntoDays(buckets: readonly { at: string; replies: number }[], days: readonly string[], tz: string): DayCount[] {
  const counts = new Map(days.map((d) => [d, 0]));
  for (const b of buckets) {
    const day = localDay(Date.parse(b.at), tz);
    if (counts.has(day)) counts.set(day, counts.get(day)! + b.replies);
  }
  return days.map((day) => ({ day, replies: counts.get(day)! }));
}

const W = 400;
const H = 150;
const PAD = { top: 14, right: 6, bottom: 22, left: 26 };

const shortDay = (day: string) => {
  const d = new Date(`${day}T12:00:00Z`);
  return `${d.getUTCDate()} ${d.toLocaleString("en-GB", { month: "short", timeZone: "UTC" })}`;
};

/**
 * Replies per day as an inline SVG bar chart: no script, no external asset. Each bar carries a
 * `<title>` (hover and screen readers); the chart as a whole is described in its aria-label.
 */
export function replyChartSvg(days: readonly DayCount[]): string {
  const max = Math.max(1, ...days.map((d) => d.replies));
  const total = days.reduce((n, d) => n + d.replies, 0);
  const peak = days.reduce<DayCount | undefined>((p, d) => (!p || d.replies > p.replies ? d : p), undefined);
  const innerW = W - PAD.left - PAD.right;
  const innerH = H - PAD.top - PAD.bottom;
  const slot = innerW / Math.max(1, days.length);
  const barW = Math.min(24, Math.max(1, slot * 0.75));
  const bars = days
    .map((d, i) => {
      const h = (d.replies / max) * innerH;
      const x = PAD.left + i * slot + (slot - barW) / 2;
      return `<rect x="${x.toFixed(1)}" y="${(PAD.top + innerH - h).toFixed(1)}" width="${barW.toFixed(1)}" height="${Math.max(h, d.replies ? 1 : 0).toFixed(1)}"><title>${e(shortDay(d.day))}: ${d.replies} ${d.replies === 1 ? "reply" : "replies"}</title></rect>`;
    })
    .join("");
  // A label under the first and last day, and every few days between, so they never collide.
  const every = Math.max(1, Math.ceil(days.length / 6));
  const labels = days
    .map((d, i) => (i % every === 0 || i === days.length - 1 ? `<text x="${(PAD.left + i * slot + slot / 2).toFixed(1)}" y="${H - 6}" text-anchor="middle">${e(shortDay(d.day))}</text>` : ""))
    .join("");
  const label = days.length
    ? `Replies per day, ${shortDay(days[0]!.day)} to ${shortDay(days.at(-1)!.day)}: ${total} in all${peak && peak.replies ? `, most on ${shortDay(peak.day)} (${peak.replies})` : ""}`
    : "Replies per day: none yet";
  return `<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="${e(label)}" xmlns="http://www.w3.org/2000/svg">
<line class="axis" x1="${PAD.left}" y1="${PAD.top + innerH}" x2="${W - PAD.right}" y2="${PAD.top + innerH}"/>
<text x="${PAD.left - 4}" y="${PAD.top + 4}" text-anchor="end">${max}</text><text x="${PAD.left - 4}" y="${PAD.top + innerH}" text-anchor="end">0</text>
<g class="bars">${bars}</g><g class="labels">${labels}</g></svg>`;
}
