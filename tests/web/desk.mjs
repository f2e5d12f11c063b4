// The agent desktop in a real browser (Debian's chromium through playwright-core): log
// in, change state, receive a call with its screen pop, open a ticket from it, hang up,
// finish wrap-up; then the same desk in English. Screenshots of each screen go to
// SHOTS. Prints one line per step; exits non-zero at the first failure.
//
//   node desk.mjs   (env: URL, WEB_DIR, SHOTS, USER, PASSWORD, CALL: a shell command that
//                    starts the caller and returns at once)
import { execSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { createRequire } from "node:module";

const env = (name) => {
  if (!process.env[name]) throw new Error(`${name} is not set`);
  return process.env[name];
};
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
let failed = false;
const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
const step = async (name, body) => {
  try {
    await body();
    console.log(`ok: ${name}`);
  } catch (e) {
    console.log(`FAIL: ${name}: ${e.message.split("\n")[0]}`);
    await page.screenshot({ path: `${shots}/failed.png`, fullPage: true }).catch(() => {});
    failed = true;
    throw e;
  }
};
const text = (testid) => page.getByTestId(testid);
const until = async (testid, expected, timeout = 10000) => {
  await page.waitForFunction(
    ([id, want]) => document.querySelector(`[data-testid="${id}"]`)?.textContent?.includes(want),
    [testid, expected],
    { timeout },
  );
};
// No key left untranslated and no placeholder left unfilled, and nothing wider than
// the 1366-pixel screen.
const wellFormed = async () => {
  const body = await page.evaluate(() => document.body.innerText);
  const keys = body.match(/\b(app|login|top|state|action|today|call|pop|kb|ticket|error|role)\.[a-z_.]+\b/g);
  if (keys) throw new Error(`untranslated: ${keys.join(", ")}`);
  if (/\{\w+\}/.test(body)) throw new Error("a placeholder was left in the text");
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  if (width > 1366) throw new Error(`the page is ${width} px wide`);
};

try {
  await step("the login page, in Chinese", async () => {
    await page.goto(env("URL"));
    await page.getByRole("button", { name: "登录" }).waitFor();
    await wellFormed();
    await page.screenshot({ path: `${shots}/01-login-zh.png` });
  });
  await step("a wrong password is refused", async () => {
    await page.locator("input[name=user]").fill(env("USER"));
    await page.locator("input[name=password]").fill("wrong-password");
    await page.getByRole("button", { name: "登录" }).click();
    await page.getByRole("alert").waitFor();
  });
  await step("log in: the desk with the agent's state", async () => {
    await page.locator("input[name=password]").fill(env("PASSWORD"));
    await page.getByRole("button", { name: "登录" }).click();
    await until("state", "就绪");
  });
  await step("not ready with a reason, then ready", async () => {
    await text("reason").selectOption("lunch");
    await text("not-ready").click();
    await until("state", "未就绪");
    await until("state", "lunch");
    await page.screenshot({ path: `${shots}/02-desk-not-ready.png` });
    await text("ready").click();
    await until("state", "就绪");
    if ((await text("state").textContent()).includes("未就绪")) throw new Error("still not ready");
  });
  await step("a call arrives: the screen pop shows the customer, IVR path and KB page", async () => {
    execSync(env("CALL"), { stdio: "inherit" });
    await until("customer-name", "张伟", 15000);
    await until("kb-title", "空调不制冷怎么办");
    await until("ivr-path", "Welcome");
    await until("open-ticket", "滤网清洗");
    await until("state", "通话中", 15000);
    await until("caller", "13800138000");
    await wellFormed();
    await page.screenshot({ path: `${shots}/03-desk-screen-pop.png` });
  });
  await step("a ticket from the call", async () => {
    await text("ticket-type").selectOption("repair");
    await text("ticket-title").fill("空调不制冷，上门检修");
    await text("ticket-description").fill("客户反映开机后不出冷风");
    await page.getByRole("button", { name: "创建工单" }).click();
    await until("ticket-created", "已创建");
  });
  await step("hang up: wrap-up, then wrap-up done", async () => {
    await text("hang-up").click();
    await until("state", "话后处理");
    await page.screenshot({ path: `${shots}/04-desk-wrap-up.png` });
    await text("wrap-up-done").click();
    await until("state", "就绪");
    await until("calls-today", "1");
  });
  await step("the same desk in English", async () => {
    await text("language").click();
    await until("state", "Ready");
    await page.getByRole("button", { name: "Create ticket" }).waitFor();
    await wellFormed();
    await page.screenshot({ path: `${shots}/05-desk-en.png` });
  });
  await step("a reload keeps the session and the language", async () => {
    await page.reload();
    await until("state", "Ready");
  });
} catch {
  // reported by step()
}
await browser.close();
process.exit(failed ? 1 : 0);
