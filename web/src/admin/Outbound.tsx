// Outbound: campaigns and purchased lead lists. Directors (and admins) create and change
// campaigns and finish them; team leads start and pause their team's; IT sees them. Lists
// are imported by directors and IT (the data officer): the file as the vendor sent it
// (UTF-8 or the GB18030 Chinese Excel writes), with every row left out shown with its
// reason. The server checks everything and audits each step; a refused save says why.
import { useEffect, useState } from "preact/hooks";

import { api, type User } from "../api";
import { errorText } from "../errors";
import { type Key, t, translated } from "../i18n";

interface Campaign {
  name: string;
  title: string;
  mode: string;
  status: string;
  teams: string[];
  lists: { list: number; weight: number }[];
  windows: Record<string, string[]>;
  ring_time_s: number;
  abandon_limit: number;
  max_attempts: number;
}
interface LeadList {
  id: number;
  name: string;
  vendor: string;
  campaign: string;
  leads: number;
  invalid: number;
  duplicates: number;
  do_not_call: number;
}
interface Problem {
  row: number;
  column: string;
  reason: string;
}
interface Holding {
  team: string;
  agent: string;  // "": the team's shared pool
  leads: number;
}
interface ImportReport {
  list: LeadList;
  left_out: Problem[];
}

const MODES = ["preview", "progressive", "predictive"] as const;
const DAY_TYPES = ["workday", "weekend", "holiday"] as const;
const words = (text: string) => text.split(/[\s,，、]+/).filter(Boolean);

// The form's fields as text, for a new campaign or one being changed.
type Draft = Record<string, string>;
const NEW: Draft = {
  name: "", title: "", mode: "progressive", teams: "", lists: "",
  workday: "09:00-12:00 14:00-20:00", weekend: "10:00-12:00 14:00-18:00", holiday: "",
  ring_time_s: "25", abandon_percent: "3", max_attempts: "3",
};
function draftOf(c: Campaign): Draft {
  return {
    name: c.name, title: c.title, mode: c.mode, teams: c.teams.join(" "),
    lists: c.lists.map((l) => `${l.list}:${l.weight}`).join(" "),
    workday: c.windows.workday.join(" "), weekend: c.windows.weekend.join(" "), holiday: c.windows.holiday.join(" "),
    ring_time_s: String(c.ring_time_s), abandon_percent: String(+(c.abandon_limit * 100).toFixed(2)),
    max_attempts: String(c.max_attempts),
  };
}
function bodyOf(d: Draft, creating: boolean): Record<string, unknown> {
  const body: Record<string, unknown> = {
    title: d.title.trim() || d.name.trim(),
    mode: d.mode,
    teams: words(d.teams),
    lists: words(d.lists).map((p) => ({ list: Number(p.split(":")[0]), weight: Number(p.split(":")[1] ?? 1) })),
    windows: Object.fromEntries(DAY_TYPES.map((day) => [day, words(d[day])])),
    ring_time_s: Number(d.ring_time_s),
    abandon_limit: Number(d.abandon_percent) / 100,
    max_attempts: Number(d.max_attempts),
  };
  if (creating) body.name = d.name.trim();
  return body;
}

export function Outbound({ user }: { user: User }) {
  const manages = ["director", "admin"].includes(user.role);
  const runs = manages || user.role === "team_lead";
  const imports = ["director", "it", "admin"].includes(user.role);
  // Handing leads out: the director gives lists to teams; a team lead its team's pool to
  // its agents, in equal counts.
  const givesLists = manages;
  const leadsTeam = user.role === "team_lead" ? user.team : "";
  const [campaigns, setCampaigns] = useState<Campaign[]>([]);
  const [lists, setLists] = useState<LeadList[]>([]);
  const [draft, setDraft] = useState<Draft>(NEW);
  const [editing, setEditing] = useState<string | null>(null);  // the campaign changed, or null: a new one
  // The last step's message, as its key and values: it follows a change of language.
  const [message, setMessage] = useState<[Key, Record<string, string | number>] | null>(null);
  const [error, setError] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [meta, setMeta] = useState({ name: "", vendor: "", consent: "", campaign: "" });
  const [report, setReport] = useState<ImportReport | null>(null);
  const [holdings, setHoldings] = useState<Holding[]>([]);
  const [give, setGive] = useState<Record<number, { team: string; count: string }>>({});

  const load = () => {
    api<Campaign[]>("GET", "/campaigns").then(setCampaigns).catch((e) => setError(errorText(e)));
    if (imports) api<{ lists: LeadList[] }>("GET", "/lead-lists").then((r) => setLists(r.lists)).catch((e) => setError(errorText(e)));
    const holders = imports ? "/lead-holdings" : leadsTeam ? `/teams/${encodeURIComponent(leadsTeam)}/leads` : "";
    if (holders) api<{ holdings: Holding[] }>("GET", holders).then((r) => setHoldings(r.holdings)).catch((e) => setError(errorText(e)));
  };
  const act = async (call: () => Promise<unknown>, text: [Key, Record<string, string | number>]) => {
    try {
      await call();
      done(text);
    } catch (e) {
      setMessage(null);
      setError(errorText(e));
    }
  };
  const giveList = (id: number) => {
    const g = give[id] ?? { team: "", count: "" };
    return act(() => api("POST", `/lead-lists/${id}/give`, { team: g.team.trim(), count: Number(g.count) }),
      ["outbound.given_team", { team: g.team.trim() }]);
  };
  const giveAgents = () =>
    act(() => api("POST", `/teams/${encodeURIComponent(leadsTeam)}/leads/give`, {}), ["outbound.given_agents", {}]);
  const takeBack = (agent: string) =>
    act(() => api("POST", `/teams/${encodeURIComponent(leadsTeam)}/leads/take-back`, { agent }),
      ["outbound.taken_back", { agent }]);
  useEffect(load, []);

  const done = (text: [Key, Record<string, string | number>]) => {
    setMessage(text);
    setError("");
    load();
  };
  const save = async () => {
    try {
      if (editing) await api("PATCH", `/campaigns/${encodeURIComponent(editing)}`, bodyOf(draft, false));
      else await api("POST", "/campaigns", bodyOf(draft, true));
      done(["outbound.saved", { name: editing ?? draft.name }]);
      setEditing(null);
      setDraft(NEW);
    } catch (e) {
      setMessage(null);
      setError(errorText(e));
    }
  };
  const step = async (name: string, action: "start" | "pause" | "finish") => {
    try {
      await api("POST", `/campaigns/${encodeURIComponent(name)}/${action}`);
      done([`outbound.done_${action}`, { name }]);
    } catch (e) {
      setMessage(null);
      setError(errorText(e));
    }
  };
  const importList = async () => {
    if (!file) return;
    const query = new URLSearchParams(Object.entries(meta).filter(([, v]) => v.trim() !== ""));
    try {
      const r = await api<ImportReport>("POST", `/lead-lists?${query}`, file);
      setReport(r);
      done(["outbound.imported", { name: r.list.name, leads: r.list.leads }]);
    } catch (e) {
      setReport(null);
      setMessage(null);
      setError(errorText(e));
    }
  };
  const field = (key: string, label: string, cls = "") => (
    <label>
      {label}
      <input class={cls} data-testid={`campaign-${key}`} value={draft[key]} disabled={key === "name" && editing !== null}
        onInput={(e) => setDraft({ ...draft, [key]: (e.target as HTMLInputElement).value })} />
    </label>
  );

  return (
    <main class="admin outbound">
      {message && <p class="ok" data-testid="outbound-message">{t(...message)}</p>}
      {error && <p class="error" role="alert" data-testid="outbound-error">{error}</p>}
      <section class="card">
        <h2>{t("outbound.campaigns")}</h2>
        <table class="users" data-testid="campaigns">
          <thead>
            <tr>
              <th>{t("outbound.name")}</th><th>{t("outbound.title")}</th><th>{t("outbound.mode")}</th>
              <th>{t("outbound.status")}</th><th>{t("outbound.teams")}</th><th>{t("outbound.lists")}</th><th />
            </tr>
          </thead>
          <tbody>
            {campaigns.map((c) => (
              <tr data-testid={`campaign-row-${c.name}`}>
                <td>{c.name}</td>
                <td>{c.title}</td>
                <td>{translated(`outbound.mode_${c.mode}`, c.mode)}</td>
                <td data-testid="status">{translated(`outbound.status_${c.status}`, c.status)}</td>
                <td>{c.teams.join(" ")}</td>
                <td>{c.lists.map((l) => `${l.list}:${l.weight}`).join(" ")}</td>
                <td class="row-actions">
                  {manages && c.status !== "finished" && (
                    <button data-testid="edit" onClick={() => { setEditing(c.name); setDraft(draftOf(c)); }}>{t("outbound.edit")}</button>
                  )}
                  {runs && (c.status === "draft" || c.status === "paused") && (
                    <button class="primary" data-testid="start" onClick={() => step(c.name, "start")}>{t("outbound.start")}</button>
                  )}
                  {runs && c.status === "running" && (
                    <button data-testid="pause" onClick={() => step(c.name, "pause")}>{t("outbound.pause")}</button>
                  )}
                  {manages && c.status !== "finished" && (
                    <button data-testid="finish" onClick={() => step(c.name, "finish")}>{t("outbound.finish")}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {manages && (
        <section class="card" data-testid="campaign-form">
          <h2>{editing ? t("outbound.change", { name: editing }) : t("outbound.new")}</h2>
          <div class="form-grid">
            {field("name", t("outbound.name"))}
            {field("title", t("outbound.title"))}
            <label>
              {t("outbound.mode")}
              <select data-testid="campaign-mode" value={draft.mode} onChange={(e) => setDraft({ ...draft, mode: (e.target as HTMLSelectElement).value })}>
                {MODES.map((m) => <option value={m}>{t(`outbound.mode_${m}`)}</option>)}
              </select>
            </label>
            {field("teams", t("outbound.teams"))}
            {field("lists", t("outbound.lists_hint"))}
            {DAY_TYPES.map((day) => field(day, t(`outbound.window_${day}`), "wide"))}
            {field("ring_time_s", t("outbound.ring_time_s"), "number")}
            {field("abandon_percent", t("outbound.abandon_percent"), "number")}
            {field("max_attempts", t("outbound.max_attempts"), "number")}
          </div>
          <p class="hint">{t("outbound.windows_hint")}</p>
          <button class="primary" data-testid="campaign-save" onClick={save}>{t("outbound.save")}</button>
          {editing && <button onClick={() => { setEditing(null); setDraft(NEW); }}>{t("outbound.cancel")}</button>}
        </section>
      )}
      {imports && (
        <section class="card" data-testid="lead-import">
          <h2>{t("outbound.lead_lists")}</h2>
          <div class="form-grid">
            <label>
              {t("outbound.file")}
              <input type="file" accept=".csv,text/csv" data-testid="lead-file" onChange={(e) => setFile((e.target as HTMLInputElement).files?.[0] ?? null)} />
            </label>
            {(["name", "vendor", "consent", "campaign"] as const).map((k) => (
              <label>
                {t(`outbound.list_${k}`)}
                <input data-testid={`list-${k}`} value={meta[k]} onInput={(e) => setMeta({ ...meta, [k]: (e.target as HTMLInputElement).value })} />
              </label>
            ))}
          </div>
          <button class="primary" data-testid="lead-import-button" disabled={!file} onClick={importList}>{t("outbound.import")}</button>
          {report && (
            <div data-testid="import-report">
              <p>{t("outbound.report", { leads: report.list.leads, invalid: report.list.invalid, duplicates: report.list.duplicates, dnc: report.list.do_not_call })}</p>
              {report.left_out.length > 0 && (
                <table class="users" data-testid="left-out">
                  <thead><tr><th>{t("outbound.row")}</th><th>{t("outbound.column")}</th><th>{t("outbound.reason")}</th></tr></thead>
                  <tbody>
                    {report.left_out.slice(0, 200).map((p) => <tr><td>{p.row}</td><td>{p.column}</td><td>{p.reason}</td></tr>)}
                  </tbody>
                </table>
              )}
            </div>
          )}
          <table class="users" data-testid="lead-lists">
            <thead>
              <tr>
                <th>#</th><th>{t("outbound.list_name")}</th><th>{t("outbound.list_vendor")}</th><th>{t("outbound.list_campaign")}</th>
                <th>{t("outbound.leads")}</th><th>{t("outbound.invalid")}</th><th>{t("outbound.duplicates")}</th><th>{t("outbound.dnc")}</th>
                {givesLists && <th>{t("outbound.give_team")}</th>}
              </tr>
            </thead>
            <tbody>
              {lists.map((l) => (
                <tr data-testid={`list-row-${l.id}`}>
                  <td>{l.id}</td><td>{l.name}</td><td>{l.vendor}</td><td>{l.campaign}</td>
                  <td>{l.leads}</td><td>{l.invalid}</td><td>{l.duplicates}</td><td>{l.do_not_call}</td>
                  {givesLists && (
                    <td class="row-actions">
                      <input class="short" aria-label={`${l.name}: ${t("outbound.teams")}`} data-testid="give-team" value={give[l.id]?.team ?? ""}
                        onInput={(e) => setGive({ ...give, [l.id]: { team: (e.target as HTMLInputElement).value, count: give[l.id]?.count ?? "" } })} />
                      <input class="short" aria-label={`${l.name}: ${t("outbound.give_count")}`} data-testid="give-count" value={give[l.id]?.count ?? ""}
                        onInput={(e) => setGive({ ...give, [l.id]: { team: give[l.id]?.team ?? "", count: (e.target as HTMLInputElement).value } })} />
                      <button data-testid="give" onClick={() => giveList(l.id)}>{t("outbound.give")}</button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      {(imports || leadsTeam) && (
        <section class="card" data-testid="holdings">
          <h2>{t("outbound.holdings")}</h2>
          {leadsTeam && (
            <button class="primary" data-testid="give-agents" onClick={giveAgents}>{t("outbound.give_agents")}</button>
          )}
          <table class="users">
            <thead><tr><th>{t("outbound.teams")}</th><th>{t("outbound.agent")}</th><th>{t("outbound.leads")}</th><th /></tr></thead>
            <tbody>
              {holdings.map((h) => (
                <tr data-testid={`holding-${h.team}-${h.agent || "pool"}`}>
                  <td>{h.team}</td>
                  <td>{h.agent || t("outbound.pool")}</td>
                  <td data-testid="count">{h.leads}</td>
                  <td>
                    {leadsTeam && h.agent && (
                      <button data-testid="take-back" onClick={() => takeBack(h.agent)}>{t("outbound.take_back")}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}
