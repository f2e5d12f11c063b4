// Administration in a real browser: the admin creates a user, changes its role and team,
// lifts a lockout and deactivates it; a trainer writes a knowledge-base folder and article
// and a second version, and meets a colleague's edit that came first (409: the newer text
// is loaded, nothing is overwritten); the admin changes the center's settings (an agent's
// skills, a new team and an agent moved to it, a queue's wrap-up, reason codes, opening
// hours) and meets a refused value. Both languages. Screenshots go to SHOTS.
//
//   node admin.mjs   (env: URL, WEB_DIR, SHOTS, API_TOKEN: an admin's, for the concurrent edit)
import { env, logIn, startBrowser, untilOn, wellFormed } from "./browser.mjs";

const { shots, open, step, run } = await startBrowser();
const admin = await open("admin");
const trainer = await open("trainer");
const url = env("URL");
const row = (name) => `[data-testid="user-${name}"]`;

await run(async () => {
  await step("the admin's pages: wallboard, users, knowledge base", async () => {
    await logIn(admin, url, "admin", "admin-pass-123");
    await admin.getByTestId("nav-users").waitFor();
    await admin.getByTestId("nav-board").waitFor();
    await admin.getByTestId("nav-kb").waitFor();
    await admin.getByTestId("nav-users").click();
    await untilOn(admin, row("locked"), "locked");
  });
  await step("a new user, then its role changed", async () => {
    await admin.getByTestId("new-name").fill("chen");
    await admin.getByTestId("new-display").fill("陈静");
    await admin.getByTestId("new-role").selectOption("agent");
    await admin.getByTestId("new-team").fill("t1");
    await admin.getByTestId("new-agent").fill("a2");
    await admin.getByTestId("new-password").fill("chen-pass-123");
    await admin.getByRole("button", { name: "创建" }).click();
    await untilOn(admin, "admin-message", "已创建用户 chen");
    await untilOn(admin, row("chen"), "陈静");
    await admin.locator(`${row("chen")} [data-testid="role"]`).selectOption("team_lead");
    await untilOn(admin, "admin-message", "已保存 chen");
  });
  await step("the user moved to another team", async () => {
    const team = admin.locator(`${row("chen")} [data-testid="team"]`);
    await team.fill("t2");
    await team.press("Enter");
    await admin.waitForFunction(
      (s) => document.querySelector(s)?.value === "t2" &&
        document.querySelector('[data-testid="admin-message"]')?.textContent?.includes("已保存 chen"),
      `${row("chen")} [data-testid="team"]`,
    );
    // admin_test.sh checks the server's side afterwards.
  });
  await step("a locked-out user unlocked, a user deactivated", async () => {
    await untilOn(admin, `${row("locked")} [data-testid="status"]`, "已锁定");
    await admin.locator(`${row("locked")} [data-testid="unlock"]`).click();
    await admin.waitForFunction(
      (s) => !document.querySelector(s)?.textContent?.includes("已锁定"),
      `${row("locked")} [data-testid="status"]`,
    );
    await admin.locator(`${row("chen")} [data-testid="toggle-active"]`).click();
    await untilOn(admin, `${row("chen")} [data-testid="status"]`, "停用");
    await wellFormed(admin);
    await admin.screenshot({ path: `${shots}/21-admin-users.png` });
  });
  await step("the users page in English", async () => {
    await admin.getByTestId("language").click();
    await untilOn(admin, `${row("chen")} [data-testid="status"]`, "inactive");
    await wellFormed(admin);
    await admin.screenshot({ path: `${shots}/22-admin-users-en.png` });
  });
  await step("the trainer has the knowledge-base editor only", async () => {
    await logIn(trainer, url, "wu", "wu-pass-123");
    await trainer.getByTestId("article-form").waitFor();
    if (await trainer.getByTestId("nav-users").count()) throw new Error("a trainer sees the users");
  });
  await step("a folder and an article, version 1", async () => {
    await trainer.getByTestId("new-folder").fill("售后服务");
    await trainer.getByRole("button", { name: "添加" }).click();
    await untilOn(trainer, "kb-folders", "售后服务");
    await trainer.getByRole("button", { name: "售后服务" }).click();
    await trainer.getByTestId("article-title").fill("延保政策");
    await trainer.getByTestId("article-body").fill("整机延保两年，购买后30天内可办理。");
    await trainer.getByTestId("article-ivr-node").fill("warranty");
    await trainer.getByTestId("article-sales").fill("推荐延保");
    await trainer.getByRole("button", { name: "保存" }).click();
    await untilOn(trainer, "kbedit-message", "第 1 版");
  });
  await step("version 2, then a colleague's edit first: 409, the newer text loaded", async () => {
    await trainer.getByTestId("article-body").fill("整机延保两年，购买后60天内可办理。");
    await trainer.getByRole("button", { name: "保存" }).click();
    await untilOn(trainer, "kbedit-message", "第 2 版");
    await untilOn(trainer, "versions", "第 2 版");
    // A colleague saves version 3 through the API while this editor still holds version 2.
    const tree = await (await fetch(`${url}api/v1/kb/tree`, { headers: { Authorization: `Bearer ${env("API_TOKEN")}` } })).json();
    const id = tree.articles.find((a) => a.title === "延保政策").id;
    const r = await fetch(`${url}api/v1/kb/articles/${id}`, {
      method: "PATCH",
      headers: { Authorization: `Bearer ${env("API_TOKEN")}`, "Content-Type": "application/json" },
      body: JSON.stringify({ version: 2, body: "整机延保三年。" }),
    });
    if (r.status !== 200) throw new Error(`the colleague's edit got ${r.status}`);
    await trainer.getByTestId("article-body").fill("我的修改");
    await trainer.getByRole("button", { name: "保存" }).click();
    await trainer.getByRole("alert").waitFor();
    await untilOn(trainer, "article-form", "第 3 版");
    const body = await trainer.getByTestId("article-body").inputValue();
    if (body !== "整机延保三年。") throw new Error(`the editor holds "${body}"`);
    await wellFormed(trainer);
    await trainer.screenshot({ path: `${shots}/23-kb-editor.png` });
  });
  await step("the center's settings: skills, teams, a queue, codes, hours, in force at once", async () => {
    await admin.getByTestId("nav-settings").click();
    const agent = admin.locator('[data-testid="agent-a1"]');
    await agent.getByTestId("skills").fill("general:7");
    await agent.getByTestId("save").click();
    await untilOn(admin, "settings-message", "In force: a1");
    await admin.locator('[data-testid="agent-a1"] [data-testid="reset-agent:a1"]').waitFor();
    const queue = admin.locator('[data-testid="queue-general"]');
    await queue.getByTestId("wrap_up_s").fill("-5");
    await queue.getByTestId("save").click();
    // Refused at the row that was saved, in the page's words, with the server's detail.
    const refusal = admin.locator('[data-testid="queue-general"] + tr [role=alert]');
    await refusal.waitFor();
    const said = await refusal.innerText();
    if (!said.startsWith("The settings did not pass the checks; nothing changed:") || !said.includes("wrap_up_s"))
      throw new Error(`the refusal at the row says "${said}"`);
    await queue.getByTestId("wrap_up_s").fill("45");
    await queue.getByTestId("title").fill("綜合業務");
    await queue.getByTestId("save").click();
    await untilOn(admin, "settings-message", "In force: general");
    await admin.getByTestId("teams").fill("t1 t2");
    await admin.getByTestId("save-teams").click();
    await untilOn(admin, "settings-message", "In force: Teams");
    const second = admin.locator('[data-testid="agent-a2"]');
    await second.getByTestId("team").fill("t2");
    await second.getByTestId("save").click();
    await untilOn(admin, "settings-message", "In force: a2");
    await admin.getByTestId("reasons").fill("break meeting");
    await admin.getByTestId("save-reasons").click();
    await untilOn(admin, "settings-message", "In force: Not-ready reasons");
    await admin.getByTestId("hours.workday").fill("08:00-20:00");
    await admin.getByTestId("holidays").fill("2026-12-25\n2027-01-01");
    await admin.getByTestId("save-calendar").click();
    await untilOn(admin, "settings-message", "In force: Opening hours and holidays");
    await wellFormed(admin);
    await admin.screenshot({ path: `${shots}/24-center-settings-en.png`, fullPage: true });
  });
  await step("the center's settings in Chinese", async () => {
    await admin.getByTestId("language").click();
    await untilOn(admin, "main.settings h2", "座席班组与技能");
    await admin.getByTestId("reasons").fill("break break");
    await admin.getByTestId("save-reasons").click();
    const refusal = admin.locator(".codes label:has([data-testid=reasons]) [role=alert]");
    await refusal.waitFor();
    const said = await refusal.innerText();
    if (!said.startsWith("设置未通过检查，未作任何更改")) throw new Error(`the refusal says "${said}"`);
    await wellFormed(admin);
    await admin.screenshot({ path: `${shots}/25-center-settings.png`, fullPage: true });
  });
});
