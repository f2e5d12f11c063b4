import { useEffect, useState } from "preact/hooks";

import { api, type Agent } from "../api";
import { titled, type Titles } from "../codes";
import { clock, t, type Key } from "../i18n";
import { useElapsed } from "../ticking";

export function StateBar({
  agent,
  readAt,
  act,
}: {
  agent: Agent;
  readAt: number;
  act: (path: string, body?: unknown) => Promise<void>;
}) {
  const [reasons, setReasons] = useState<string[]>([]);
  const [titles, setTitles] = useState<Titles>({});
  const [reason, setReason] = useState("");
  useEffect(() => {
    api<{ reasons: string[]; titles: Titles }>("GET", "/reasons")
      .then((r) => {
        setReasons(r.reasons);
        setTitles(r.titles ?? {});
        setReason(r.reasons[0] ?? "");
      })
      .catch(() => setReasons([]));
  }, []);
  const inState = useElapsed(agent.seconds_in_state, readAt);
  // Wrap-up counts down to the ready it ends in by itself.
  const wrapUpLeft =
    agent.state === "wrap_up" && agent.wrap_up_left_s != null
      ? Math.max(0, agent.wrap_up_left_s - (inState - agent.seconds_in_state))
      : null;
  const aht = agent.aht_s ?? 0;
  const target = agent.aht_target_s ?? null;
  const busy = agent.state === "ringing" || agent.state === "talking";

  return (
    <div class="state-bar">
      <div class={`state state-${agent.state}`} data-testid="state">
        <strong>{t(`state.${agent.state}` as Key)}</strong>
        {agent.reason && <span class="reason"> · {titled(titles, agent.reason)}</span>}
        <span class="since" data-testid="time-in-state">
          {t("state.since", { time: clock(inState) })}
        </span>
        {wrapUpLeft !== null && (
          <span class="since" data-testid="wrap-up-left">
            {t("state.wrap_up_left", { time: clock(wrapUpLeft) })}
          </span>
        )}
      </div>
      <div class="actions">
        {agent.state === "wrap_up" && (
          <button class="primary" data-testid="wrap-up-done" onClick={() => act("/wrap-up-done")}>
            {t("action.wrap_up_done")}
          </button>
        )}
        {agent.state === "logged_out" && (
          <button data-testid="log-in" onClick={() => act("/state", { state: "logged_in" })}>
            {t("action.log_in")}
          </button>
        )}
        <button class="ready" data-testid="ready" disabled={busy || agent.state === "ready"}
          onClick={() => act("/state", { state: "ready" })}>
          {t("action.ready")}
        </button>
        <label class="inline">
          {t("action.reason")}
          <select data-testid="reason" value={reason} onChange={(e) => setReason(e.currentTarget.value)}>
            {reasons.map((r) => (
              <option value={r}>{titled(titles, r)}</option>
            ))}
          </select>
        </label>
        <button data-testid="not-ready" disabled={busy}
          onClick={() => act("/state", reason ? { state: "not_ready", reason } : { state: "not_ready" })}>
          {t("action.not_ready")}
        </button>
        <button data-testid="log-out" disabled={busy || agent.state === "logged_out"}
          onClick={() => act("/state", { state: "logged_out" })}>
          {t("action.log_out")}
        </button>
      </div>
      <dl class="today" data-testid="today">
        <dt>{t("today.calls")}</dt>
        <dd data-testid="calls-today">{agent.calls_today}</dd>
        <dt>{t("today.talk")}</dt>
        <dd>{clock(agent.talk_today_s)}</dd>
        <dt>{t("today.aht")}</dt>
        <dd data-testid="aht" class={target && aht > target ? "alarm-text" : ""}>
          {clock(aht)}
          {target ? <span class="muted"> / {t("today.target", { time: clock(target) })}</span> : null}
        </dd>
      </dl>
      {!agent.reachable && <p class="warning">{t("state.no_phone")}</p>}
    </div>
  );
}
