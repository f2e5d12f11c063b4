import { useState } from "preact/hooks";

import { api, setToken, type User } from "./api";
import { t } from "./i18n";

export function Login({ onLogin }: { onLogin: (u: User) => void }) {
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const r = await api<{ token: string; user: User }>("POST", "/login", {
        user: name,
        password,
      });
      setToken(r.token);
      onLogin(r.user);
    } catch (err) {
      setError(t("login.failed", { message: (err as Error).message }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="login card" onSubmit={submit}>
      <h1>{t("login.title")}</h1>
      <label>
        {t("login.user")}
        <input name="user" autocomplete="username" value={name}
          onInput={(e) => setName(e.currentTarget.value)} required />
      </label>
      <label>
        {t("login.password")}
        <input name="password" type="password" autocomplete="current-password" value={password}
          onInput={(e) => setPassword(e.currentTarget.value)} required />
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary" disabled={busy}>
        {t("login.submit")}
      </button>
    </form>
  );
}
