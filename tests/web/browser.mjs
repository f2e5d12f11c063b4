// What the browser tests share: Debian's chromium through playwright-core (from web/'s
// packages), pages at 1366×768 each in its own profile, named steps that stop the run at
// the first failure with a screenshot of every page, and checks of a page's text.
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";

export const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};

export async function startBrowser() {
  const require = createRequire(`${env("WEB_DIR")}/package.json`);
  const { chromium } = require("playwright-core");
  const shots = env("SHOTS");
  mkdirSync(shots, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    ],
  });
  const pages = new Map();
  let failed = false;
  return {
    shots,
    // A page of its own (cookies, storage), for one person.
    open: async (who) => {
      const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
      const page = await context.newPage();
      page.on("pageerror", (e) => console.log(`${who}: page error: ${e.message}`));
      pages.set(who, page);
      return page;
    },
    step: async (name, body) => {
      try {
        await body();
        console.log(`ok: ${name}`);
      } catch (e) {
        console.log(`FAIL: ${name}: ${e.message.split("\n")[0]}`);
        for (const [who, page] of pages)
          await page.screenshot({ path: `${shots}/failed-${who}.png`, fullPage: true }).catch(() => {});
        failed = true;
        throw e;
      }
    },
    // Runs the steps; a failed step ends them. Closes the browser; the exit status says.
    run: async (steps) => {
      try {
        await steps();
      } catch {
        // reported by step()
      }
      await browser.close();
      process.exit(failed ? 1 : 0);
    },
  };
}

// Waits until an element (a CSS selector, or a test id) on `page` shows `expected`.
export async function untilOn(page, selector, expected, timeout = 10000) {
  const css = /[\[ .#]/.test(selector) ? selector : `[data-testid="${selector}"]`;
  await page.waitForFunction(
    ([s, want]) => [...document.querySelectorAll(s)].some((e) => e.textContent?.includes(want)),
    [css, expected],
    { timeout },
  );
}

// No key left untranslated and no placeholder left unfilled, and nothing wider than the
// 1366-pixel screen.
export async function wellFormed(page) {
  const body = await page.evaluate(() => document.body.innerText);
  const keys = body.match(
    /\b(app|login|top|state|action|today|call|pop|kb|ticket|error|role|board|tab|customers|worklist|nav|admin|kbedit|settings|strategy|outbound)\.[a-z_.]+\b/g,
  );
  if (keys) throw new Error(`untranslated: ${keys.join(", ")}`);
  if (/\{\w+\}/.test(body)) throw new Error("a placeholder was left in the text");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 1366) throw new Error(`the page is ${width} px wide`);
  await accessible(page);
}

// WCAG 2.1 AA on what the page shows: every field has a name a screen reader says (a
// label around it or for it, aria-label or aria-labelledby), and text has a contrast of
// at least 4.5:1 with what is behind it (3:1 for large text; disabled controls aside).
export async function accessible(page) {
  const problems = await page.evaluate(() => {
    const out = [];
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
    for (const field of document.querySelectorAll("input, select, textarea")) {
      if (!visible(field) || field.type === "hidden") continue;
      const named =
        field.getAttribute("aria-label") ||
        field.getAttribute("aria-labelledby") ||
        field.closest("label") ||
        (field.id && document.querySelector(`label[for="${field.id}"]`));
      if (!named) out.push(`a field without a label: ${field.outerHTML.slice(0, 120)}`);
    }
    const rgba = (text) => (text.match(/[\d.]+/g) || []).map(Number);
    const luminance = ([r, g, b]) => {
      const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (e) => {
      for (let at = e; at; at = at.parentElement) {
        const c = rgba(getComputedStyle(at).backgroundColor);
        if (c.length === 3 || (c.length === 4 && c[3] > 0.5)) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const seen = new Set();
    for (const e of document.querySelectorAll("body *")) {
      const text = [...e.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join("").trim();
      if (!text || !visible(e) || e.closest("button:disabled, [aria-disabled=true], svg, canvas")) continue;
      const style = getComputedStyle(e);
      if (Number(style.opacity) < 1) continue;
      const fg = luminance(rgba(style.color).slice(0, 3));
      const bg = luminance(background(e));
      const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && Number(style.fontWeight) >= 700);
      const key = `${style.color} on ${background(e)}`;
      if (ratio < (large ? 3 : 4.5) && !seen.has(key)) {
        seen.add(key);
        out.push(`contrast ${ratio.toFixed(2)}:1 for "${text.slice(0, 30)}" (${key})`);
      }
    }
    return out;
  });
  if (problems.length) throw new Error(`not accessible: ${problems.join(" | ")}`);
}

// Logs `user` in on `page` (the login form, in Chinese).
export async function logIn(page, url, user, password) {
  await page.goto(url);
  await page.locator("input[name=user]").fill(user);
  await page.locator("input[name=password]").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}
