import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { busesPlan, consoleService } from "../console-service.ts";
import { onCleanup, ROOT, tempDir } from "../helpers.ts";

/**
 * Debian's Chromium, never a downloaded browser (`.ci/run` installs it with apt-get). Without it
 * the test skips and says why, except under CI=true, where a missing browser is a failure.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveChromium = existsSync(CHROMIUM);
const mustHaveChromium = process.env.CI === "true";
if (!haveChromium && !mustHaveChromium) console.log(`skipping the browser test: ${CHROMIUM} is not installed (apt-get install -y chromium), or set CHROMIUM_PATH`);

if (!haveChromium && mustHaveChromium) {
  describe("the browser test under CI", () => {
    it("has Chromium", () => {
      throw new Error(`CI=true but ${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does)`);
    });
  });
}

const OUT = path.join(ROOT, "test-output");

async function browser(): Promise<BrowserContext> {
  const ctx = await chromium.launchPersistentContext(tempDir("seminar-chromium-"), {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  onCleanup(() => ctx.close());
  return ctx;
}

/** Whether anything on the page is wider than the window (the page would scroll sideways). */
const overflows = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

/** The lowest WCAG contrast ratio among the page's visible text, with the element that has it. */
function lowestContrast(page: Page) {
  return page.evaluate(() => {
    const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const lum = ([r, g, b]: number[]) => {
      const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r!) + 0.7152 * f(g!) + 0.0722 * f(b!);
    };
    const background = (el: Element | null): number[] => {
      for (; el; el = el.parentElement) {
        const c = rgb(getComputedStyle(el).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3]! > 0)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    let worst = { ratio: 21, what: "" };
    for (const el of document.querySelectorAll("body *")) {
      const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent!.trim());
      const box = el.getBoundingClientRect();
      if (!own || !box.width || !box.height || el.closest("svg")) continue;
      const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(background(el))];
      const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      if (ratio < worst.ratio) worst = { ratio, what: `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent!.trim().slice(0, 40)}` };
    }
    return worst;
  });
}

describe.skipIf(!haveChromium)("the console in a real browser", () => {
  it("shows a reply, its answered counterargument and a vote after one tracking run, and releases the next thread", { timeout: 180_000 }, async () => {
    const { svc, store } = await consoleService({
      plan: busesPlan({
        counterarguments: ["Hourly buses would run empty most of the day, at great cost to everyone.", "On-demand taxis could serve the same trips for less money and fewer emissions."],
      }),
    });
    const thread = store.threads.row("buses", "rec-1")!;
    const page = await (await browser()).newPage();

    // A participant answers the second counterargument and votes, through the sandbox's own forms.
    await page.goto(`${svc.sandboxUrl}/t/${thread.topic_slug}/${thread.topic_id}`);
    const reply = page.locator("form.reply");
    await reply.locator('input[name="username"]').fill("bo_lee");
    await reply.locator('select[name="reply_to_post_number"]').selectOption({ label: "#3 by devils_advocate" });
    await reply.locator('textarea[name="raw"]').fill("Taxis cannot carry a wheelchair and a carer as a bus does; the cost comparison leaves them out.");
    await reply.getByRole("button", { name: "Post reply" }).click();
    await expect.poll(() => page.locator("article").filter({ hasText: "Taxis cannot carry a wheelchair" }).count()).toBe(1);
    const poll = page.locator("form.poll");
    await poll.getByLabel("Disagree").check();
    await poll.locator('input[name="username"]').fill("bo_lee");
    await poll.getByRole("button", { name: "Vote" }).click();
    await expect.poll(() => page.locator("form.poll").textContent()).toMatch(/Disagree\s*\(1\)/);

    await svc.track();

    const seminarUrl = `${svc.url}/seminars/buses`;
    await page.goto(seminarUrl);
    const card = page.locator("#thread-rec-1");
    await expect.poll(() => card.locator("ul.stats").textContent()).toMatch(/1 reply\s*1 participant/);
    const ledger = card.locator("ul.ledger > li");
    expect(await ledger.nth(0).textContent()).toMatch(/^standing “Hourly buses would run empty/);
    expect(await ledger.nth(1).textContent()).toMatch(/^answered by bo_lee: “On-demand taxis/);
    expect(await ledger.nth(1).getByRole("link", { name: "bo_lee" }).getAttribute("href")).toBe(`${svc.sandboxUrl}/t/${thread.topic_slug}/${thread.topic_id}/4`);
    expect(await card.locator("ul.poll").textContent()).toMatch(/Agree\s*0 \(0%\)\s*Disagree\s*1 \(100%\)/);
    expect(await card.textContent()).toContain("1 voter, as of");

    // Readable at desktop width and on a 390 px phone: nothing scrolls sideways, and text keeps AA contrast.
    mkdirSync(OUT, { recursive: true });
    for (const [width, name] of [[1280, "desktop"], [390, "390px"]] as const) {
      await page.setViewportSize({ width, height: 900 });
      expect([name, await overflows(page)]).toEqual([name, false]);
      const worst = await lowestContrast(page);
      expect(worst.ratio, worst.what).toBeGreaterThanOrEqual(4.5);
      await page.screenshot({ path: path.join(OUT, `console-${name}.png`), fullPage: true });
    }

    // "Release now" by keyboard: Tab reaches the button, its focus is visible, Enter submits.
    await page.setViewportSize({ width: 1280, height: 900 });
    const release = page.getByRole("button", { name: /^Release “Councils should print their bus timetables at every stop” now$/ });
    for (let i = 0; i < 20 && !(await release.evaluate((b) => b === document.activeElement)); i++) await page.keyboard.press("Tab");
    expect(await release.evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await release.evaluate((b) => parseFloat(getComputedStyle(b).outlineWidth))).toBeGreaterThanOrEqual(2);
    await page.keyboard.press("Enter");
    await page.waitForURL(`${seminarUrl}#flash`);
    expect(await page.locator("#flash").textContent()).toBe("Released “Councils should print their bus timetables at every stop”.");
    expect(await page.locator("#timeline-rec-2").textContent()).toMatch(/Released .* · scheduled for Mon, \d+ \w+ \d{4}, 09:00/);
    expect(store.threads.row("buses", "rec-2")!.state).toBe("published");
    await page.screenshot({ path: path.join(OUT, "console-after-release.png"), fullPage: true });
  });
});
