// Users, their roles, teams and agents (HR, IT, admin). Every change takes effect at once
// (a deactivated user's sessions end) and is audited by the server.
import { useEffect, useState } from "preact/hooks";

import { api } from "../api";
import { errorText } from "../errors";
import { t, translated } from "../i18n";

const ROLES = ["agent", "team_lead", "qa", "trainer", "director", "hr", "it", "admin"];

interface UserRow {
  name: string;
  display_name: string;
  role: string;
  team: string;
  agent: string;
  active: boolean;
  locked_until: string | null;
}

export function Users() {
  const [users, setUsers] = useState<UserRow[]>([]);
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");
  const [draft, setDraft] = useState({ name: "", display_name: "", role: "agent", team: "", agent: "", password: "" });

  const load = () =>
    api<{ users: UserRow[] }>("GET", "/users")
      .then((r) => setUsers(r.users))
      .catch((e) => setError(errorText(e)));
  useEffect(() => {
    load();
  }, []);

  const run = async (work: () => Promise<unknown>, done: string) => {
    setMessage("");
    setError("");
    try {
      await work();
      setMessage(done);
      await load();
    } catch (e) {
      setError(errorText(e));
    }
  };
  const change = (name: string, body: Record<string, unknown>) =>
    run(() => api("PATCH", `/users/${encodeURIComponent(name)}`, body), t("admin.saved", { name }));
  const create = (e: Event) => {
    e.preventDefault();
    const body: Record<string, string> = { name: draft.name, display_name: draft.display_name, role: draft.role, password: draft.password };
    if (draft.team) body.team = draft.team;
    if (draft.agent) body.agent = draft.agent;
    run(() => api("POST", "/users", body), t("admin.created", { name: draft.name })).then(() =>
      setDraft({ name: "", display_name: "", role: "agent", team: "", agent: "", password: "" }),
    );
  };
  const field = (key: keyof typeof draft) => ({
    value: draft[key],
    onInput: (e: Event) => setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value }),
  });

  return (
    <main class="admin">
      {message && <p class="ok" data-testid="admin-message">{message}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      <form class="card new-user" onSubmit={create} data-testid="new-user">
        <h2>{t("admin.new_user")}</h2>
        <input placeholder={t("admin.name")} aria-label={t("admin.name")} data-testid="new-name" required {...field("name")} />
        <input placeholder={t("admin.display_name")} aria-label={t("admin.display_name")} data-testid="new-display" required {...field("display_name")} />
        <select data-testid="new-role" aria-label={t("admin.role")} {...field("role")}>
          {ROLES.map((r) => (
            <option value={r}>{translated(`role.${r}`, r)}</option>
          ))}
        </select>
        <input placeholder={t("admin.team")} aria-label={t("admin.team")} data-testid="new-team" {...field("team")} />
        <input placeholder={t("admin.agent")} aria-label={t("admin.agent")} data-testid="new-agent" {...field("agent")} />
        <input placeholder={t("admin.password")} aria-label={t("admin.password")} type="password" data-testid="new-password" required minLength={8} {...field("password")} />
        <button type="submit" class="primary">{t("admin.create")}</button>
      </form>
      <div class="card">
        <table class="users" data-testid="users">
          <thead>
            <tr>
              <th>{t("admin.name")}</th>
              <th>{t("admin.display_name")}</th>
              <th>{t("admin.role")}</th>
              <th>{t("admin.team")}</th>
              <th>{t("admin.agent")}</th>
              <th>{t("admin.status")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr data-testid={`user-${u.name}`}>
                <td>{u.name}</td>
                <td>{u.display_name}</td>
                <td>
                  <select data-testid="role" aria-label={`${u.name}: ${t("admin.role")}`} value={u.role} onChange={(e) => change(u.name, { role: e.currentTarget.value })}>
                    {ROLES.map((r) => (
                      <option value={r}>{translated(`role.${r}`, r)}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <input class="short" data-testid="team" value={u.team} aria-label={t("admin.team")}
                    onChange={(e) => change(u.name, { team: e.currentTarget.value.trim() })} />
                </td>
                <td>{u.agent}</td>
                <td data-testid="status">
                  {u.active ? t("admin.active") : t("admin.inactive")}
                  {u.locked_until && <span class="badge alarm-badge">{t("admin.locked")}</span>}
                </td>
                <td class="row-actions">
                  <button data-testid="toggle-active" onClick={() => change(u.name, { active: !u.active })}>
                    {u.active ? t("admin.deactivate") : t("admin.activate")}
                  </button>
                  {u.locked_until && (
                    <button data-testid="unlock" onClick={() => change(u.name, { unlock: true })}>{t("admin.unlock")}</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
