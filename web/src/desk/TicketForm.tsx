import { useState } from "preact/hooks";

import { api, type ScreenPop } from "../api";
import { errorText } from "../errors";
import { t, type Key } from "../i18n";

const TYPES = ["inquiry", "repair", "billing", "complaint"] as const;

// A ticket opened from the call: tied to the matched customer and to the call's id.
export function TicketForm({ pop, call }: { pop: ScreenPop | null; call: string | null }) {
  const [type, setType] = useState<(typeof TYPES)[number]>("inquiry");
  const [title, setTitle] = useState("");
  const [description, setDescription] = useState("");
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");
  const customer = pop?.customers.length === 1 ? pop.customers[0] : null;

  const submit = async (e: Event) => {
    e.preventDefault();
    setMessage("");
    setError("");
    const body: Record<string, unknown> = { type, title };
    if (description) body.description = description;
    if (customer) body.customer = customer.id;
    if (call ?? pop?.call) body.call = call ?? pop?.call;
    try {
      const created = await api<{ id: number }>("POST", "/tickets", body);
      setMessage(t("ticket.created", { id: created.id }));
      setTitle("");
      setDescription("");
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <form class="card ticket" data-testid="ticket-form" onSubmit={submit}>
      <h2>{t("ticket.new")}</h2>
      <label>
        {t("ticket.type")}
        <select data-testid="ticket-type" value={type}
          onChange={(e) => setType(e.currentTarget.value as (typeof TYPES)[number])}>
          {TYPES.map((k) => (
            <option value={k}>{t(`ticket.type.${k}` as Key)}</option>
          ))}
        </select>
      </label>
      <label>
        {t("ticket.title")}
        <input data-testid="ticket-title" value={title} required maxLength={200}
          onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <label>
        {t("ticket.description")}
        <textarea data-testid="ticket-description" value={description} rows={3}
          onInput={(e) => setDescription(e.currentTarget.value)} />
      </label>
      {message && <p class="ok" data-testid="ticket-created">{message}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary">{t("ticket.create")}</button>
    </form>
  );
}
