import { render } from "preact";
import { useEffect, useState } from "preact/hooks";

import { api, setToken, token, type User } from "./api";
import type { Wallboard as WallboardPage } from "./board/Wallboard";
import { Desk } from "./desk/Desk";
import { language, setLanguage, t, useLanguage } from "./i18n";
import { Login } from "./Login";
import "./styles.css";

// The roles that watch the center (the API's view-center permission).
const BOARD_ROLES = new Set(["team_lead", "qa", "director", "it", "admin"]);

function App() {
  useLanguage();
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(token() !== null);

  // A reload keeps the session: the token is checked once.
  useEffect(() => {
    if (!token()) return;
    api<User>("GET", "/me")
      .then(setUser)
      .catch(() => setToken(null))
      .finally(() => setChecking(false));
  }, []);

  const logout = async () => {
    await api("POST", "/logout").catch(() => undefined);
    setToken(null);
    setUser(null);
  };

  // The wallboard (and its charts) loads only for those who watch: agents' desks stay small.
  const watches = user !== null && !user.agent && BOARD_ROLES.has(user.role);
  const [Wallboard, setWallboard] = useState<typeof WallboardPage | null>(null);
  useEffect(() => {
    if (watches && !Wallboard) import("./board/Wallboard").then((m) => setWallboard(() => m.Wallboard));
  }, [watches]);

  if (checking) return null;
  return (
    <div class="app">
      <header class="top">
        <span class="brand">{t("app.title")}</span>
        <span class="spacer" />
        {user && <span class="who">{user.display_name || user.name}</span>}
        <button
          class="link"
          data-testid="language"
          onClick={() => setLanguage(language() === "en" ? "zh-CN" : "en")}
        >
          {t("top.language")}
        </button>
        {user && (
          <button class="link" data-testid="logout" onClick={logout}>
            {t("top.logout")}
          </button>
        )}
      </header>
      {!user && <Login onLogin={setUser} />}
      {user && user.agent && <Desk user={user} />}
      {user && watches && Wallboard && <Wallboard user={user} />}
      {user && !user.agent && !watches && (
        <p class="notice">{t("role.unsupported", { role: user.role })}</p>
      )}
    </div>
  );
}

document.documentElement.lang = language();
render(<App />, document.getElementById("app")!);
