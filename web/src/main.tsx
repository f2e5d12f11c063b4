import { render } from "preact";
import { useEffect, useState } from "preact/hooks";

import { CenterSettings } from "./admin/CenterSettings";
import { KbEditor } from "./admin/KbEditor";
import { Outbound } from "./admin/Outbound";
import { Users } from "./admin/Users";
import { api, onConnection, onSessionEnded, setToken, token, type User } from "./api";
import type { Wallboard as WallboardPage } from "./board/Wallboard";
import { Desk } from "./desk/Desk";
import { language, setLanguage, t, translated, useLanguage } from "./i18n";
import { Login } from "./Login";
import "./styles.css";

type Page = "desk" | "board" | "users" | "kb" | "settings" | "outbound";

// Which pages a user has, by what the API lets the role do: the desk for users who work
// as an agent, the wallboard for those who view the center, users for those who manage
// them, knowledge-base editing for those who edit it, the center's settings for those who
// configure it, outbound campaigns and lead lists for those who run or import them.
function pagesOf(user: User): Page[] {
  const pages: Page[] = [];
  if (user.agent) pages.push("desk");
  if (["team_lead", "qa", "director", "it", "admin"].includes(user.role)) pages.push("board");
  if (["hr", "it", "admin"].includes(user.role)) pages.push("users");
  if (["trainer", "qa", "admin"].includes(user.role)) pages.push("kb");
  if (["director", "it", "admin"].includes(user.role)) pages.push("settings");
  if (["team_lead", "director", "it", "admin"].includes(user.role)) pages.push("outbound");
  return pages;
}

function App() {
  useLanguage();
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(token() !== null);
  const [page, setPage] = useState<Page | null>(null);

  // A reload keeps the session: the token is checked once.
  useEffect(() => {
    if (!token()) return;
    api<User>("GET", "/me")
      .then(setUser)
      .catch(() => setToken(null))
      .finally(() => setChecking(false));
  }, []);

  const [connected, setConnected] = useState(true);
  const [ended, setEnded] = useState(false);
  useEffect(() => onConnection(setConnected), []);
  useEffect(
    () =>
      onSessionEnded(() => {
        setToken(null);
        setUser(null);
        setPage(null);
        setConnected(true);
        setEnded(true);
      }),
    [],
  );

  const logout = async () => {
    await api("POST", "/logout").catch(() => undefined);
    setToken(null);
    setUser(null);
    setPage(null);
  };

  const pages = user ? pagesOf(user) : [];
  const current = page && pages.includes(page) ? page : pages[0];
  // The wallboard (and its charts) loads only when shown: agents' desks stay small.
  const [Wallboard, setWallboard] = useState<typeof WallboardPage | null>(null);
  useEffect(() => {
    if (current === "board" && !Wallboard) import("./board/Wallboard").then((m) => setWallboard(() => m.Wallboard));
  }, [current]);

  if (checking) return null;
  return (
    <div class="app">
      <header class="top">
        <span class="brand">{t("app.title")}</span>
        {pages.length > 1 &&
          pages.map((p) => (
            <button class={p === current ? "nav current" : "nav"} data-testid={`nav-${p}`} onClick={() => setPage(p)}>
              {t(`nav.${p}`)}
            </button>
          ))}
        <span class="spacer" />
        {user && (
          <span class="who">
            {user.display_name || user.name} · {translated(`role.${user.role}`, user.role)}
          </span>
        )}
        <button class="link" data-testid="language" onClick={() => setLanguage(language() === "en" ? "zh-CN" : "en")}>
          {t("top.language")}
        </button>
        {user && (
          <button class="link" data-testid="logout" onClick={logout}>
            {t("top.logout")}
          </button>
        )}
      </header>
      {user && !connected && (
        <p class="banner" role="alert" data-testid="disconnected">
          {t("top.disconnected")}
        </p>
      )}
      {!user && ended && (
        <p class="notice" role="status" data-testid="session-ended">
          {t("top.session_ended")}
        </p>
      )}
      {!user && (
        <Login
          onLogin={(u) => {
            setEnded(false);
            setUser(u);
          }}
        />
      )}
      {user && current === "desk" && <Desk user={user} />}
      {user && current === "board" && Wallboard && <Wallboard user={user} />}
      {user && current === "users" && <Users />}
      {user && current === "kb" && <KbEditor />}
      {user && current === "settings" && <CenterSettings />}
      {user && current === "outbound" && <Outbound user={user} />}
      {user && !current && <p class="notice">{t("role.unsupported", { role: user.role })}</p>}
    </div>
  );
}

document.documentElement.lang = language();
render(<App />, document.getElementById("app")!);
