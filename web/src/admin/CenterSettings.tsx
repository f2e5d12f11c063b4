// The center's settings (directors, IT, admins): agents' skill levels, queues' parameters,
// reason and disposition codes, holidays and opening hours. Each save is checked by the
// server against the configuration's rules, takes effect at once while calls go on, and
// is audited; "back to the file" drops the change. A refused save says why next to what
// was saved (the row or the section), in the page's language.
import { useEffect, useState } from "preact/hooks";

import { api } from "../api";
import { errorText } from "../errors";
import { t } from "../i18n";

interface QueueSettings {
  name: string;
  title: string;
  strategy: string;
  sl_seconds: number;
  wrap_up_s: number;
  ring_timeout_s: number;
  max_wait_s: number;
  answer_rate_alarm: number;
  skills: Record<string, number>;
}
interface Settings {
  skills: string[];
  teams: string[];
  reasons: string[];
  dispositions: string[];
  queues: QueueSettings[];
  agents: { name: string; team: string; skills: Record<string, number> }[];
  calendar: { holidays: string[]; workdays: string[]; hours: Record<string, string> };
  changed: string[];
}

const STRATEGIES = ["longest_idle", "fewest_calls", "least_talk_time", "best_skill", "round_robin", "random", "ring_all"] as const;
const DAY_TYPES = ["workday", "weekend", "holiday"] as const;
const NUMBERS = ["sl_seconds", "wrap_up_s", "ring_timeout_s", "max_wait_s", "answer_rate_alarm"] as const;

const list = (text: string) => text.split(/[\s,，、]+/).filter(Boolean);
// "billing:3 repair:1" <-> {billing: 3, repair: 1}
const levelsText = (levels: Record<string, number>) => Object.entries(levels).map(([s, l]) => `${s}:${l}`).join(" ");
const levels = (text: string) => Object.fromEntries(list(text).map((p) => [p.split(":")[0], Number(p.split(":")[1])]));

export function CenterSettings() {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");
  // Where the last refused save was made ("agent:a1", "queue:general", "reasons" ...), and why.
  const [problem, setProblem] = useState<{ where: string; text: string } | null>(null);

  const take = (s: Settings) => {
    setSettings(s);
    const d: Record<string, string> = {
      skills: s.skills.join(" "),
      teams: s.teams.join(" "),
      reasons: s.reasons.filter((r) => r !== "no_answer").join(" "),
      dispositions: s.dispositions.join(" "),
      holidays: s.calendar.holidays.join("\n"),
      workdays: s.calendar.workdays.join("\n"),
    };
    for (const day of DAY_TYPES) d[`hours.${day}`] = s.calendar.hours[day];
    for (const a of s.agents) {
      d[`agent.${a.name}`] = levelsText(a.skills);
      d[`agent.${a.name}.team`] = a.team;
    }
    for (const q of s.queues) {
      d[`queue.${q.name}.title`] = q.title;
      d[`queue.${q.name}.strategy`] = q.strategy;
      d[`queue.${q.name}.skills`] = levelsText(q.skills);
      for (const n of NUMBERS) d[`queue.${q.name}.${n}`] = String(q[n]);
    }
    setDraft(d);
  };
  useEffect(() => {
    api<Settings>("GET", "/settings")
      .then(take)
      .catch((e) => setError(errorText(e)));
  }, []);

  const save = async (what: string, method: string, path: string, body: unknown, where: string) => {
    setMessage("");
    setProblem(null);
    try {
      take(await api<Settings>(method, `/settings/${path}`, body));
      setMessage(t("settings.saved", { name: what }));
    } catch (e) {
      setProblem({ where, text: errorText(e) });
    }
  };
  const problemAt = (where: string) =>
    problem?.where === where && (
      <p class="error" role="alert" data-testid="settings-problem">
        {problem.text}
      </p>
    );
  const input = (key: string, testid = key) => ({
    value: draft[key] ?? "",
    "data-testid": testid,
    onInput: (e: Event) => setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value }),
  });
  const reset = (key: string, path: string) =>
    settings?.changed.includes(key) && (
      <button data-testid={`reset-${key}`} onClick={() => save(key, "DELETE", path, undefined, key)}>
        {t("settings.reset")}
      </button>
    );
  if (!settings) return <main class="admin">{error && <p class="error" role="alert">{error}</p>}</main>;

  const saveQueue = (q: QueueSettings) => {
    const body: Record<string, unknown> = {
      title: draft[`queue.${q.name}.title`],
      strategy: draft[`queue.${q.name}.strategy`],
      skills: levels(draft[`queue.${q.name}.skills`]),
    };
    for (const n of NUMBERS) body[n] = Number(draft[`queue.${q.name}.${n}`]);
    save(q.name, "PUT", `queues/${encodeURIComponent(q.name)}`, body, `queue:${q.name}`);
  };
  return (
    <main class="admin settings">
      {message && <p class="ok" data-testid="settings-message">{message}</p>}
      <section class="card">
        <h2>{t("settings.agents")}</h2>
        <p class="hint">{t("settings.levels_hint")}</p>
        <table data-testid="agent-skills">
          <tbody>
            {settings.agents.map((a) => (
              <>
              <tr data-testid={`agent-${a.name}`}>
                <td>{a.name}</td>
                <td><input aria-label={`${a.name}: ${t("settings.team")}`} {...input(`agent.${a.name}.team`, "team")} /></td>
                <td><input class="wide" aria-label={`${a.name}: ${t("settings.skills")}`} {...input(`agent.${a.name}`, "skills")} /></td>
                <td class="row-actions">
                  <button class="primary" data-testid="save" onClick={() => save(a.name, "PUT", `agents/${encodeURIComponent(a.name)}`, { skills: levels(draft[`agent.${a.name}`]), team: draft[`agent.${a.name}.team`].trim() }, `agent:${a.name}`)}>
                    {t("settings.save")}
                  </button>
                  {reset(`agent:${a.name}`, `agents/${encodeURIComponent(a.name)}`)}
                </td>
              </tr>
              {problem?.where === `agent:${a.name}` && <tr><td colSpan={4}>{problemAt(`agent:${a.name}`)}</td></tr>}
              </>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card">
        <h2>{t("settings.queues")}</h2>
        <table data-testid="queues">
          <thead>
            <tr>
              <th>{t("settings.queue")}</th>
              <th>{t("settings.title")}</th>
              <th>{t("settings.strategy")}</th>
              {NUMBERS.map((n) => <th>{t(`settings.${n}`)}</th>)}
              <th>{t("settings.queue_skills")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {settings.queues.map((q) => (
              <>
              <tr data-testid={`queue-${q.name}`}>
                <td>{q.name}</td>
                <td><input aria-label={`${q.name}: ${t("settings.title")}`} {...input(`queue.${q.name}.title`, "title")} /></td>
                <td>
                  <select aria-label={`${q.name}: ${t("settings.strategy")}`} {...input(`queue.${q.name}.strategy`, "strategy")}>
                    {STRATEGIES.map((s) => <option value={s}>{t(`strategy.${s}`)}</option>)}
                  </select>
                </td>
                {NUMBERS.map((n) => <td><input class="number" aria-label={`${q.name}: ${t(`settings.${n}`)}`} {...input(`queue.${q.name}.${n}`, n)} /></td>)}
                <td><input aria-label={`${q.name}: ${t("settings.queue_skills")}`} {...input(`queue.${q.name}.skills`, "queue-skills")} /></td>
                <td class="row-actions">
                  <button class="primary" data-testid="save" onClick={() => saveQueue(q)}>{t("settings.save")}</button>
                  {reset(`queue:${q.name}`, `queues/${encodeURIComponent(q.name)}`)}
                </td>
              </tr>
              {problem?.where === `queue:${q.name}` && <tr><td colSpan={NUMBERS.length + 5}>{problemAt(`queue:${q.name}`)}</td></tr>}
              </>
            ))}
          </tbody>
        </table>
      </section>
      <section class="card codes">
        <h2>{t("settings.codes")}</h2>
        {(["skills", "teams", "reasons", "dispositions"] as const).map((key) => (
          <label>
            {t(`settings.${key}`)}
            <input class="wide" {...input(key)} />
            <button data-testid={`save-${key}`} onClick={() => save(t(`settings.${key}`), "PUT", key, list(draft[key]), key)}>
              {t("settings.save")}
            </button>
            {reset(key, key)}
            {problemAt(key)}
          </label>
        ))}
      </section>
      <section class="card calendar">
        <h2>{t("settings.calendar")}</h2>
        {DAY_TYPES.map((day) => (
          <label>
            {t(`settings.hours.${day}`)}
            <input {...input(`hours.${day}`)} />
          </label>
        ))}
        <label>
          {t("settings.holidays")}
          <textarea rows={6} {...input("holidays")} />
        </label>
        <label>
          {t("settings.workdays")}
          <textarea rows={6} {...input("workdays")} />
        </label>
        <button
          class="primary"
          data-testid="save-calendar"
          onClick={() =>
            save(t("settings.calendar"), "PUT", "calendar", {
              holidays: list(draft.holidays),
              workdays: list(draft.workdays),
              hours: Object.fromEntries(DAY_TYPES.map((d) => [d, draft[`hours.${d}`]])),
            }, "calendar")
          }
        >
          {t("settings.save")}
        </button>
        {reset("calendar", "calendar")}
        {problemAt("calendar")}
      </section>
    </main>
  );
}
