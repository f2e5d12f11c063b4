// Outbound pages in a real browser: the director creates a campaign (a bad ring time is
// refused, saying which field), imports a lead list from a GB18030 file and sees every
// row left out with its reason, gives the list to the campaign; the team lead of the
// campaign's team sees it, without the settings form or the import, and starts it. Leads
// are handed out: the director gives two to team t1, its lead gives them to its agent and
// takes them back. Both languages. Screenshots go to SHOTS.
//
//   node outbound.mjs   (env: URL, WEB_DIR, SHOTS, LEAD_FILE: a GB18030 lead file)
import { env, logIn, startBrowser, untilOn, wellFormed } from "./browser.mjs";

const { shots, open, step, run } = await startBrowser();
const director = await open("director");
const lead = await open("team-lead");
const url = env("URL");
const row = (name) => `[data-testid="campaign-row-${name}"]`;

await run(async () => {
  await step("the director's outbound page", async () => {
    await logIn(director, url, "zhao", "zhao-pass-123");
    await director.getByTestId("nav-outbound").click();
    await director.getByTestId("campaign-form").waitFor();
    await director.getByTestId("lead-import").waitFor();
  });
  await step("a campaign with a ring time too short is refused, naming it", async () => {
    await director.getByTestId("campaign-name").fill("tickets");
    await director.getByTestId("campaign-title").fill("会议门票");
    await director.getByTestId("campaign-mode").selectOption("predictive");
    await director.getByTestId("campaign-teams").fill("t1");
    await director.getByTestId("campaign-ring_time_s").fill("10");
    await director.getByTestId("campaign-save").click();
    await untilOn(director, "outbound-error", "ring_time_s");
  });
  await step("saved with 25 s: a draft", async () => {
    await director.getByTestId("campaign-ring_time_s").fill("25");
    await director.getByTestId("campaign-save").click();
    await untilOn(director, "outbound-message", "已保存外呼活动 tickets");
    await untilOn(director, `${row("tickets")} [data-testid="status"]`, "草稿");
  });
  await step("a lead list from Chinese Excel, every row left out shown", async () => {
    await director.getByTestId("lead-file").setInputFiles(env("LEAD_FILE"));
    await director.getByTestId("list-name").fill("十二月A");
    await director.getByTestId("list-vendor").fill("数据公司A");
    await director.getByTestId("list-consent").fill("供应商合同第4条");
    await director.getByTestId("list-campaign").fill("tickets");
    await director.getByTestId("lead-import-button").click();
    await untilOn(director, "outbound-message", "已导入名单 十二月A：2 条");
    await untilOn(director, "left-out", "the same number as row 2");
    await untilOn(director, "lead-lists", "数据公司A");
    await wellFormed(director);
    await director.screenshot({ path: `${shots}/41-outbound-director.png`, fullPage: true });
  });
  await step("the list given to the campaign", async () => {
    const id = await director.locator('[data-testid^="list-row-"] td').first().textContent();
    await director.locator(`${row("tickets")} [data-testid="edit"]`).click();
    await director.getByTestId("campaign-lists").fill(`${id.trim()}:2`);
    await director.getByTestId("campaign-save").click();
    await untilOn(director, "outbound-message", "已保存外呼活动 tickets");
    await untilOn(director, row("tickets"), `${id.trim()}:2`);
  });
  await step("two leads of the list given to team t1", async () => {
    const list = director.locator('[data-testid^="list-row-"]').first();
    await list.locator('[data-testid="give-team"]').fill("t1");
    await list.locator('[data-testid="give-count"]').fill("2");
    await list.locator('[data-testid="give"]').click();
    await untilOn(director, "outbound-message", "已分配给班组 t1");
    await untilOn(director, '[data-testid="holding-t1-pool"] [data-testid="count"]', "2");
  });
  await step("the team lead sees its team's campaign, no settings, no import", async () => {
    await logIn(lead, url, "wang", "wang-pass-123");
    await lead.getByTestId("nav-outbound").click();
    await untilOn(lead, row("tickets"), "会议门票");
    if (await lead.getByTestId("campaign-form").count()) throw new Error("a team lead sees the settings form");
    if (await lead.getByTestId("lead-import").count()) throw new Error("a team lead sees the import");
    if (await lead.locator(`${row("tickets")} [data-testid="finish"]`).count())
      throw new Error("a team lead may finish the campaign");
  });
  await step("the team lead gives its pool to its agents, and takes an agent's back", async () => {
    await untilOn(lead, '[data-testid="holding-t1-pool"] [data-testid="count"]', "2");
    await lead.getByTestId("give-agents").click();
    await untilOn(lead, "outbound-message", "已平均分配给本班组座席");
    await untilOn(lead, '[data-testid="holding-t1-a1"] [data-testid="count"]', "2");
    await lead.locator('[data-testid="holding-t1-a1"] [data-testid="take-back"]').click();
    await untilOn(lead, "outbound-message", "已收回 a1 的名单");
    await untilOn(lead, '[data-testid="holding-t1-pool"] [data-testid="count"]', "2");
  });
  await step("and starts it", async () => {
    await lead.locator(`${row("tickets")} [data-testid="start"]`).click();
    await untilOn(lead, "outbound-message", "外呼活动 tickets 已开始");
    await untilOn(lead, `${row("tickets")} [data-testid="status"]`, "进行中");
  });
  await step("in English", async () => {
    await lead.getByTestId("language").click();
    await untilOn(lead, `${row("tickets")} [data-testid="status"]`, "Running");
    await untilOn(lead, "outbound-message", "Campaign tickets started");
    await wellFormed(lead);
    await lead.screenshot({ path: `${shots}/42-outbound-team-lead-en.png`, fullPage: true });
  });
});
