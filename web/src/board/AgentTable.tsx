import type { Agent } from "../api";
import { titled, type Titles } from "../codes";
import { clock, t, type Key } from "../i18n";
import { useNow } from "../ticking";

export function AgentTable({
  agents,
  titles,
  readAt,
  mayControl,
  setState,
}: {
  agents: Agent[];
  titles: Titles;
  readAt: number;
  mayControl: boolean;
  setState: (agent: string, body: unknown) => Promise<void>;
}) {
  const now = useNow();
  // The server's clock may differ from this one: time in state counts from the snapshot
  // (seconds_in_state at readAt) until an event moves the state (state_since, at 0).
  const inState = (a: Agent) =>
    a.seconds_in_state > 0 || !a.state_since
      ? a.seconds_in_state + (now - readAt) / 1000
      : (now - Date.parse(a.state_since)) / 1000;
  return (
    <div class="card agents">
      <h2>{t("board.agents_title")}</h2>
      <table data-testid="agents">
        <thead>
          <tr>
            <th>{t("board.agent")}</th>
            <th>{t("board.team")}</th>
            <th>{t("board.state")}</th>
            <th>{t("board.in_state")}</th>
            <th>{t("board.calls_today")}</th>
            <th>{t("board.current_call")}</th>
            {mayControl && <th>{t("board.actions")}</th>}
          </tr>
        </thead>
        <tbody>
          {agents.map((a) => (
            <tr data-testid={`agent-${a.name}`}>
              <td>{a.name}</td>
              <td>{a.team}</td>
              <td>
                <span class={`badge st-${a.state}`} data-testid="agent-state">
                  {t(`state.${a.state}` as Key)}
                  {a.reason ? ` · ${titled(titles, a.reason)}` : ""}
                </span>
              </td>
              <td>{a.state === "logged_out" ? "—" : clock(inState(a))}</td>
              <td data-testid="agent-calls">{a.calls_today}</td>
              <td>{a.caller ?? ""}</td>
              {mayControl && (
                <td class="row-actions">
                  <button data-testid="make-ready" disabled={a.state === "ready" || a.state === "talking" || a.state === "ringing"}
                    onClick={() => setState(a.name, { state: "ready" })}>
                    {t("action.ready")}
                  </button>
                  <button data-testid="make-not-ready" disabled={a.state === "not_ready" || a.state === "logged_out" || a.state === "talking" || a.state === "ringing"}
                    onClick={() => setState(a.name, { state: "not_ready" })}>
                    {t("action.not_ready")}
                  </button>
                  <button data-testid="make-logged-out" disabled={a.state === "logged_out" || a.state === "talking" || a.state === "ringing"}
                    onClick={() => setState(a.name, { state: "logged_out" })}>
                    {t("action.log_out")}
                  </button>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
