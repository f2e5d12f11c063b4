// A server restart seen from the team lead's wallboard in a real browser: while the server
// is down the page says so (its figures are stale); when it is back the page reconnects,
// finds its session gone (sessions do not outlive the process) and returns to the login,
// saying why. Prints one line per step; exits non-zero at the first failure.
//
//   node restart.mjs   (env: URL, WEB_DIR, SHOTS, LEAD_USER, LEAD_PASSWORD,
//                       STOP, START: shell commands that stop and start the server)
import { execSync } from "node:child_process";

import { env, logIn, startBrowser, wellFormed } from "./browser.mjs";

const { shots, open, step, run } = await startBrowser();
const board = await open("wallboard-restart");

await run(async () => {
  await step("the wallboard, logged in", async () => {
    await logIn(board, env("URL"), env("LEAD_USER"), env("LEAD_PASSWORD"));
    await board.getByTestId("queue-general").waitFor({ timeout: 10000 });
  });
  await step("the server stops: the wallboard says it is disconnected", async () => {
    execSync(env("STOP"), { stdio: "inherit" });
    await board.getByTestId("disconnected").waitFor({ timeout: 15000 });
    await wellFormed(board);
    await board.screenshot({ path: `${shots}/13-wallboard-disconnected.png` });
  });
  await step("the server is back: the session is gone, the login says so", async () => {
    execSync(env("START"), { stdio: "inherit" });
    await board.getByTestId("session-ended").waitFor({ timeout: 30000 });
    await board.locator("input[name=user]").waitFor();
    await wellFormed(board);
    await board.screenshot({ path: `${shots}/14-wallboard-after-restart.png` });
  });
});
