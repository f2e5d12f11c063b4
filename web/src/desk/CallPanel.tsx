import { useEffect, useState } from "preact/hooks";

import { api, type Agent, type ScreenPop } from "../api";
import { titled, type Titles } from "../codes";
import { clock, t } from "../i18n";
import { useElapsed } from "../ticking";

type Target = "queue" | "agent" | "number";

export function CallPanel({
  agent,
  readAt,
  pop,
  act,
}: {
  agent: Agent;
  readAt: number;
  pop: ScreenPop | null;
  act: (path: string, body?: unknown) => Promise<void>;
}) {
  const [dispositions, setDispositions] = useState<string[]>([]);
  const [titles, setTitles] = useState<Titles>({});
  const [target, setTarget] = useState<Target>("queue");
  const [destination, setDestination] = useState("");
  useEffect(() => {
    api<{ dispositions: string[]; titles: Titles }>("GET", "/dispositions")
      .then((r) => {
        setDispositions(r.dispositions);
        setTitles(r.titles ?? {});
      })
      .catch(() => setDispositions([]));
  }, []);
  const callTime = useElapsed(agent.seconds_in_state, readAt);
  const talking = agent.state === "talking";
  const hasCall = agent.state === "ringing" || talking || agent.state === "wrap_up";

  return (
    <div class="card call" data-testid="call-panel">
      <h2>{t("call.title")}</h2>
      {!hasCall && <p class="muted">{t("call.none")}</p>}
      {hasCall && (
        <dl class="facts">
          <dt>{t("call.caller")}</dt>
          <dd data-testid="caller">
            {agent.caller ?? pop?.caller ?? ""}{" "}
            {pop?.callback && (
              <span class="badge" data-testid="callback">
                {t("call.callback")}
              </span>
            )}
          </dd>
          {pop?.queue && (
            <>
              <dt>{t("call.queue")}</dt>
              <dd>{pop.queue}</dd>
            </>
          )}
          {talking && (
            <>
              <dt>{t("call.timer")}</dt>
              <dd data-testid="call-timer">
                {clock(callTime)} {agent.on_hold && <span class="badge">{t("call.on_hold")}</span>}
              </dd>
            </>
          )}
        </dl>
      )}
      {talking && (
        <div class="actions">
          {agent.on_hold ? (
            <button data-testid="resume" onClick={() => act("/resume")}>{t("call.resume")}</button>
          ) : (
            <button data-testid="hold" onClick={() => act("/hold")}>{t("call.hold")}</button>
          )}
          <button class="danger" data-testid="hang-up" onClick={() => act("/hangup")}>
            {t("call.hang_up")}
          </button>
        </div>
      )}
      {talking && (
        <form class="transfer" onSubmit={(e) => {
            e.preventDefault();
            if (destination) act("/transfer", { [target]: destination });
          }}>
          <label class="inline">
            {t("call.transfer_to")}
            <select value={target} onChange={(e) => setTarget(e.currentTarget.value as Target)}>
              <option value="queue">{t("call.to_queue")}</option>
              <option value="agent">{t("call.to_agent")}</option>
              <option value="number">{t("call.to_number")}</option>
            </select>
          </label>
          <input value={destination} data-testid="transfer-to" aria-label={t(`call.to_${target}`)}
            onInput={(e) => setDestination(e.currentTarget.value)} />
          <button type="submit">{t("call.transfer")}</button>
        </form>
      )}
      {(talking || agent.state === "wrap_up") && dispositions.length > 0 && (
        <label class="inline">
          {t("call.disposition")}
          <select data-testid="disposition" value={agent.disposition_code ?? ""}
            onChange={(e) => act("/disposition", { code: e.currentTarget.value })}>
            <option value="" disabled>{t("call.choose")}</option>
            {dispositions.map((d) => (
              <option value={d}>{titled(titles, d)}</option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}
