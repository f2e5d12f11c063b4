// The supervisor wallboard (監控大屏) and the team lead's view: every queue and agent,
// live from the events WebSocket (the figures come pushed; nothing is polled), and the
// day's calls and service level per interval against the forecast.
import { useCallback, useEffect, useState } from "preact/hooks";

import { api, subscribe, type Agent, type HotlineEvent, type User } from "../api";
import type { Titles } from "../codes";
import { errorText } from "../errors";
import { t } from "../i18n";
import { AgentTable } from "./AgentTable";
import { IntervalChart } from "./IntervalChart";
import { QueueTile, type Queue } from "./QueueTile";

const CONTROL_ROLES = new Set(["team_lead", "director", "admin"]);

export function Wallboard({ user }: { user: User }) {
  const [queues, setQueues] = useState<Queue[]>([]);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [titles, setTitles] = useState<Titles>({});
  const [readAt, setReadAt] = useState(Date.now());
  const [chartQueue, setChartQueue] = useState("");
  const [error, setError] = useState("");

  const load = useCallback(async () => {
    try {
      const [q, a, r] = await Promise.all([
        api<{ queues: Queue[] }>("GET", "/queues"),
        api<{ agents: Agent[] }>("GET", "/agents"),
        api<{ titles: Titles }>("GET", "/reasons"),
      ]);
      setTitles(r.titles ?? {});
      setQueues(q.queues);
      setAgents(a.agents);
      setReadAt(Date.now());
      setChartQueue((current) => current || q.queues[0]?.name || "");
      setError("");
    } catch (e) {
      setError(errorText(e));
    }
  }, []);

  useEffect(
    () =>
      subscribe((e: HotlineEvent) => {
        if (e.type === "queue.stats") setQueues((list) => list.map((q) => (q.name === e.queue ? mergeQueue(q, e) : q)));
        else if (e.type === "queue.waiting")
          setQueues((list) => list.map((q) => (q.name === e.queue ? { ...q, waiting: e.waiting } : q)));
        else if (e.agent) setAgents((list) => list.map((a) => (a.name === e.agent ? applyAgentEvent(a, e) : a)));
      }, load),
    [load],
  );

  const mayControl = CONTROL_ROLES.has(user.role);
  const setState = async (agent: string, body: unknown) => {
    try {
      await api("POST", `/agents/${encodeURIComponent(agent)}/state`, body);
      setError("");
    } catch (e) {
      setError(errorText(e));
    }
  };
  const charted = queues.find((q) => q.name === chartQueue);

  return (
    <main class="board">
      {error && <p class="error" role="alert">{error}</p>}
      <section class="tiles">
        {queues.map((q) => (
          <QueueTile queue={q} />
        ))}
      </section>
      <section class="board-grid">
        <AgentTable agents={agents} titles={titles} readAt={readAt} mayControl={mayControl} setState={setState} />
        <div class="card chart-card">
          <div class="chart-head">
            <h2>{t("board.chart")}</h2>
            <select data-testid="chart-queue" aria-label={t("board.chart")} value={chartQueue}
              onChange={(e) => setChartQueue(e.currentTarget.value)}>
              {queues.map((q) => (
                <option value={q.name}>{q.title}</option>
              ))}
            </select>
          </div>
          {charted && <IntervalChart queue={charted} />}
        </div>
      </section>
    </main>
  );
}

// A queue.stats event: the figures are the queue's now; the interval it names replaces
// (or extends) the day's series.
function mergeQueue(q: Queue, e: HotlineEvent): Queue {
  const intervals = [...q.intervals];
  const now = e.interval_now;
  if (now) {
    const i = intervals.findIndex((p) => p.start === now.start);
    if (i >= 0) intervals[i] = now;
    else intervals.push(now);
  }
  const { type: _type, at: _at, queue: _queue, interval_now: _now, ...figures } = e;
  return { ...q, ...(figures as Partial<Queue>), intervals, forecast: q.forecast };
}

function applyAgentEvent(a: Agent, e: HotlineEvent): Agent {
  switch (e.type) {
    case "agent.state":
      return {
        ...a,
        state: e.state,
        reason: e.reason ?? null,
        state_since: e.at,
        seconds_in_state: 0,
        calls_today: e.calls_today ?? a.calls_today,
        talk_today_s: e.talk_today_s ?? a.talk_today_s,
        call: e.state === "logged_out" || e.state === "ready" || e.state === "not_ready" ? null : a.call,
        caller: e.state === "talking" || e.state === "ringing" ? a.caller : null,
      };
    case "call.offered":
    case "call.answered":
      return { ...a, call: e.call, caller: e.caller };
    default:
      return a;
  }
}
