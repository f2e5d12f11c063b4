// The agent desktop and the team lead's wallboard in a real browser (Debian's chromium
// through playwright-core): the agent logs in, changes state, receives a call with its
// screen pop, opens a ticket from it, sends the caller back into the IVR from the KB page,
// takes the call again from the queue, hangs up and finishes wrap-up, while the wallboard
// shows the agent and the queue change; the lead puts the agent on a break; then both in
// English. Screenshots of each screen go to SHOTS. Prints one line per step; exits
// non-zero at the first failure.
//
//   node desk.mjs   (env: URL, WEB_DIR, SHOTS, USER, PASSWORD, LEAD_USER, LEAD_PASSWORD,
//                    CALL: a shell command that starts the caller and returns at once)
import { execSync } from "node:child_process";

import { env, logIn, startBrowser, untilOn, wellFormed as checkPage } from "./browser.mjs";

const { shots, open, step, run } = await startBrowser();
// The agent's desk and the team lead's wallboard, each in its own browser profile.
const page = await open("desk");
const board = await open("wallboard");
const text = (testid) => page.getByTestId(testid);
const until = (testid, expected, timeout) => untilOn(page, testid, expected, timeout);
const wellFormed = (on = page) => checkPage(on);
const a1Row = '[data-testid="agent-a1"] [data-testid="agent-state"]';
// States by their class, not their words ("未就绪", not ready, contains "就绪", ready).
const deskIs = (state) => page.waitForSelector(`[data-testid="state"].state-${state}`, { timeout: 15000 });
const boardShowsA1 = (state) =>
  board.waitForSelector(`[data-testid="agent-a1"] [data-testid="agent-state"].st-${state}`, { timeout: 10000 });

await run(async () => {
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
    await deskIs("ready");
  });
  await step("not ready with a reason, then ready", async () => {
    // Codes are shown by their titles (config `titles`); the value sent is the code. The
    // list is fetched apart from the agent's state (GET /reasons) and may come after it.
    await text("reason").locator("option").first().waitFor({ state: "attached" });
    const shown = await text("reason").locator("option").allInnerTexts();
    if (shown.join(",") !== "break,午餐,no_answer") throw new Error(`the reasons read ${shown.join(",")}`);
    await text("reason").selectOption("lunch");
    await text("not-ready").click();
    await deskIs("not_ready");
    await until("state", "午餐");
    await page.screenshot({ path: `${shots}/02-desk-not-ready.png` });
    await text("ready").click();
    await deskIs("ready");
  });
  await step("the team lead's wallboard: the queue and the agent, ready", async () => {
    await logIn(board, env("URL"), env("LEAD_USER"), env("LEAD_PASSWORD"));
    await untilOn(board, '[data-testid="queue-general"] [data-testid="waiting"]', "0");
    await boardShowsA1("ready");
    await untilOn(board, '[data-testid="queue-general"] [data-testid="offered-today"]', "0");
    await board.getByTestId("interval-chart").locator("canvas").first().waitFor();
    await wellFormed(board);
    await board.screenshot({ path: `${shots}/06-wallboard-before.png` });
  });
  await step("a call arrives: the screen pop shows the customer, IVR path and KB page", async () => {
    execSync(env("CALL"), { stdio: "inherit" });
    await until("customer-name", "张伟", 15000);
    await until("kb-title", "空调不制冷怎么办");
    await until("ivr-path", "Welcome");
    await until("open-ticket", "滤网清洗");
    await deskIs("talking");
    await until("caller", "13800138000");
    await wellFormed();
    await page.screenshot({ path: `${shots}/03-desk-screen-pop.png` });
  });
  await step("the wallboard shows the agent talking with the caller", async () => {
    await boardShowsA1("talking");
    await untilOn(board, '[data-testid="agent-a1"]', "13800138000");
  });
  await step("the screen pop's article opens in the knowledge-base tree", async () => {
    await text("kb-open-in-tree").click();
    await until("kb-article-title", "空调不制冷怎么办");
    await until("kb-article", "检查滤网");
    await untilOn(page, "button.link-dark.current", "空调不制冷怎么办");
    await page.screenshot({ path: `${shots}/09-desk-kb.png` });
    await text("tab-pop").click();
  });
  await step("an open ticket moved on from the call, with a note", async () => {
    await page.locator('[data-testid="open-ticket-edit"]', { hasText: "滤网清洗" }).click();
    await text("ticket-next").selectOption("in_progress");
    await text("ticket-note").fill("客户来电催办");
    await page.getByRole("button", { name: "更新工单" }).click();
    await page.locator('[data-testid="open-ticket"]', { hasText: "滤网清洗" }).getByText("处理中").waitFor();
  });
  await step("a ticket from the call", async () => {
    await text("ticket-type").selectOption("repair");
    await text("ticket-title").fill("空调不制冷，上门检修");
    await text("ticket-description").fill("客户反映开机后不出冷风");
    await page.getByRole("button", { name: "创建工单" }).click();
    await until("ticket-created", "已创建");
  });
  await step("the KB page sends the caller back into the IVR; the wallboard sees it wait", async () => {
    await text("back-to-ivr").click();
    await deskIs("wrap_up");
    await untilOn(board, '[data-testid="queue-general"] [data-testid="waiting"]', "1");
    await board.waitForFunction(
      () => !document.querySelector('[data-testid="queue-general"] [data-testid="longest-wait"]')?.textContent?.includes("—"),
    );
    await board.screenshot({ path: `${shots}/12-wallboard-waiting.png` });
  });
  await step("wrap-up done: the caller comes back from the queue", async () => {
    await text("wrap-up-done").click();
    await deskIs("talking");
    await until("customer-name", "张伟");
    await untilOn(board, '[data-testid="queue-general"] [data-testid="waiting"]', "0");
  });
  await step("hang up: wrap-up; the wallboard counts the call", async () => {
    await text("hang-up").click();
    const hungUp = Date.now();
    await deskIs("wrap_up");
    await untilOn(board, '[data-testid="queue-general"] [data-testid="offered-today"]', "2");
    console.log(`  the wallboard counted the call ${Date.now() - hungUp} ms after the click`);
    await untilOn(board, '[data-testid="queue-general"] [data-testid="sl-today"]', "100.0%");
    await untilOn(board, '[data-testid="queue-general"] [data-testid="answer-rate"]', "100.0%");
    await boardShowsA1("wrap_up");
    await untilOn(board, '[data-testid="agent-a1"] [data-testid="agent-calls"]', "2");
    await board.screenshot({ path: `${shots}/07-wallboard-after-call.png` });
  });
  await step("wrap-up counts down, then wrap-up done", async () => {
    await until("wrap-up-left", "后自动就绪");
    await until("wrap-up-left", "4:");  // the queue's 300 s, counting down
    await page.screenshot({ path: `${shots}/04-desk-wrap-up.png` });
    await text("wrap-up-done").click();
    await deskIs("ready");
    await until("calls-today", "2");
    await until("aht", "目标 4:00");
  });
  await step("customer search and the 360° timeline", async () => {
    await text("tab-customers").click();
    await text("customer-query").fill("张伟");
    await text("customer-query").press("Enter");
    await text("customer-result").first().click();
    await until("timeline", "通话");
    await until("customer-search", "KFR-35GW");
    await until("customer-search", "滤网清洗");  // its open ticket, not "no open tickets"
    await wellFormed();
    await page.screenshot({ path: `${shots}/10-desk-customer.png` });
  });
  await step("the work list: the follow-up call, with a dial button", async () => {
    await text("tab-worklist").click();
    await until("worklist-item", "压缩机更换");
    await until("worklist-item", "+8613800138000");
    await page.screenshot({ path: `${shots}/11-desk-worklist.png` });
    await text("tab-pop").click();
  });
  await step("the team lead puts the agent on a break from the wallboard", async () => {
    await boardShowsA1("ready");
    await board.locator('[data-testid="agent-a1"] [data-testid="make-not-ready"]').click();
    await deskIs("not_ready");
    await boardShowsA1("not_ready");
    await text("ready").click();
    await deskIs("ready");
    await boardShowsA1("ready");
  });
  await step("the same desk in English", async () => {
    await text("language").click();
    await until("state", "Ready");
    await page.getByRole("button", { name: "Create ticket" }).waitFor();
    await wellFormed();
    await page.screenshot({ path: `${shots}/05-desk-en.png` });
    // Every tab in English too.
    for (const [tab, shown] of [["kb", "kb-tree-article"], ["customers", "customer-search"],
                                ["worklist", "worklist-item"], ["pop", "screen-pop"]]) {
      await text(`tab-${tab}`).click();
      await text(shown).first().waitFor();
      await wellFormed();
    }
  });
  await step("the wallboard in English", async () => {
    await board.getByTestId("language").click();
    await untilOn(board, a1Row, "Ready");
    await wellFormed(board);
    await board.screenshot({ path: `${shots}/08-wallboard-en.png` });
  });
  await step("a reload keeps the session and the language", async () => {
    await page.reload();
    await until("state", "Ready");
  });
  await step("a session ended elsewhere: the desk says so and goes back to the login", async () => {
    // The agent's token ends from outside the page (as an expiry or a change of the user
    // would end it): the server closes the events socket and the page must notice.
    const token = await page.evaluate(() => sessionStorage.getItem("hotline.token"));
    const out = await fetch(`${env("URL").replace(/\/$/, "")}/api/v1/logout`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}` },
    });
    if (out.status !== 204) throw new Error(`logout answered ${out.status}`);
    await text("session-ended").waitFor({ timeout: 10000 });
    await page.locator("input[name=user]").waitFor();
    await wellFormed();
    await page.screenshot({ path: `${shots}/12-desk-session-ended.png` });
  });
});
