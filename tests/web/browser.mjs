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
    /\b(app|login|top|state|action|today|call|pop|kb|ticket|error|role|board|tab|customers|worklist|nav|admin|kbedit|settings|strategy)\.[a-z_.]+\b/g,
  );
  if (keys) throw new Error(`untranslated: ${keys.join(", ")}`);
  if (/\{\w+\}/.test(body)) throw new Error("a placeholder was left in the text");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 1366) throw new Error(`the page is ${width} px wide`);
}

// Logs `user` in on `page` (the login form, in Chinese).
export async function logIn(page, url, user, password) {
  await page.goto(url);
  await page.locator("input[name=user]").fill(user);
  await page.locator("input[name=password]").fill(password);
  await page.getByRole("button", { name: "登录" }).click();
}
