import { clock, t, type Key } from "../i18n";
import { useNow } from "../ticking";

export interface Figures {
  offered: number;
  answered: number;
  answered_in_sl: number;
  abandoned: number; // short abandons excluded (docs/kpis.md)
  short_abandoned: number;
  service_level: number;
  answer_rate: number;
  asa_s: number;
  start?: string;
}

export interface Queue {
  name: string;
  title: string;
  waiting: number;
  staffed: number;
  oldest_waiting_since: string | null;
  longest_wait_s: number;
  agents: Record<string, number>;
  today: Figures;
  last_30_min: Figures;
  answer_rate_alarm: number;
  interval_s: number;
  intervals: (Figures & { start: string })[];
  forecast: { start: string; calls: number }[];
}

const percent = (x: number, offered: number) => (offered > 0 ? `${(x * 100).toFixed(1)}%` : "—");

function LongestWait({ since }: { since: string | null }) {
  const now = useNow();
  return <>{since ? clock((now - Date.parse(since)) / 1000) : "—"}</>;
}

export function QueueTile({ queue: q }: { queue: Queue }) {
  const alarm = q.today.offered > 0 && q.today.answer_rate < q.answer_rate_alarm;
  return (
    <div class={`card tile${alarm ? " alarm" : ""}`} data-testid={`queue-${q.name}`}>
      <h2>{q.title}</h2>
      <div class="big">
        <span data-testid="waiting">{q.waiting}</span>
        <small>{t("board.waiting")}</small>
      </div>
      <dl class="facts">
        <dt>{t("board.longest_wait")}</dt>
        <dd data-testid="longest-wait">
          <LongestWait since={q.oldest_waiting_since} />
        </dd>
        <dt>{t("board.sl_today")}</dt>
        <dd data-testid="sl-today">{percent(q.today.service_level, q.today.offered)}</dd>
        <dt>{t("board.sl_30")}</dt>
        <dd>{percent(q.last_30_min.service_level, q.last_30_min.offered)}</dd>
        <dt>{t("board.answer_rate")}</dt>
        <dd data-testid="answer-rate" class={alarm ? "alarm-text" : ""}>
          {percent(q.today.answer_rate, q.today.offered)}
          {alarm && <span class="badge alarm-badge">{t("board.alarm", { limit: (q.answer_rate_alarm * 100).toFixed(0) })}</span>}
        </dd>
        <dt>{t("board.offered")}</dt>
        <dd data-testid="offered-today">{q.today.offered}</dd>
        <dt>{t("board.abandoned")}</dt>
        <dd data-testid="abandoned-today">
          {q.today.abandoned}
          {q.today.short_abandoned > 0 && (
            <small> {t("board.short_abandoned", { n: q.today.short_abandoned })}</small>
          )}
        </dd>
        <dt>{t("board.agents")}</dt>
        <dd data-testid="queue-agents">
          {Object.entries(q.agents).map(([state, n]) => (
            <span class={`badge st-${state}`}>
              {t(`state.${state}` as Key)} {n}
            </span>
          ))}
        </dd>
      </dl>
    </div>
  );
}
