// Moving a ticket on from the call (the customer calls about it): its next status as the
// workflow allows, with what the move needs (a provider to dispatch to, the parts
// replaced, the follow-up's verdict) and a note for its history.
import { useEffect, useState } from "preact/hooks";

import { api } from "../api";
import { errorText } from "../errors";
import { t, translated } from "../i18n";

interface Ticket {
  id: number;
  type: string;
  status: string;
  title: string;
  next_statuses: string[];
}

export function TicketUpdate({ id, onDone }: { id: number; onDone: (status: string) => void }) {
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [status, setStatus] = useState("");
  const [note, setNote] = useState("");
  const [provider, setProvider] = useState("");
  const [parts, setParts] = useState("");
  const [verified, setVerified] = useState(false);
  const [error, setError] = useState("");

  useEffect(() => {
    api<Ticket>("GET", `/tickets/${id}`)
      .then(setTicket)
      .catch((e) => setError(errorText(e)));
  }, [id]);

  const save = async (e: Event) => {
    e.preventDefault();
    setError("");
    const body: Record<string, unknown> = {};
    if (status) body.status = status;
    if (note) body.note = note;
    if (provider) body.provider = provider;
    if (parts) body.parts_replaced = parts;
    if (verified) body.verified = true;
    try {
      const after = await api<Ticket>("PATCH", `/tickets/${id}`, body);
      onDone(after.status);
    } catch (err) {
      setError(errorText(err));
    }
  };

  if (!ticket) return error ? <p class="error">{error}</p> : null;
  const repair = ticket.type === "repair";
  return (
    <form class="ticket-update" data-testid="ticket-update" onSubmit={save}>
      <label class="inline">
        {t("ticket.move_to")}
        <select data-testid="ticket-next" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">{t("ticket.keep", { status: translated(`ticket.status.${ticket.status}`, ticket.status) })}</option>
          {ticket.next_statuses.map((s) => (
            <option value={s}>{translated(`ticket.status.${s}`, s)}</option>
          ))}
        </select>
      </label>
      {repair && status === "dispatched" && (
        <input data-testid="ticket-provider" placeholder={t("ticket.provider")} aria-label={t("ticket.provider")} value={provider}
          onInput={(e) => setProvider(e.currentTarget.value)} />
      )}
      {repair && status === "resolved" && (
        <input data-testid="ticket-parts" placeholder={t("ticket.parts")} aria-label={t("ticket.parts")} value={parts} required
          onInput={(e) => setParts(e.currentTarget.value)} />
      )}
      {status === "closed" && ticket.status === "follow_up" && (
        <label class="inline">
          <input type="checkbox" data-testid="ticket-verified" checked={verified}
            onChange={(e) => setVerified(e.currentTarget.checked)} />
          {t("ticket.verified")}
        </label>
      )}
      <textarea data-testid="ticket-note" rows={2} placeholder={t("ticket.note")} aria-label={t("ticket.note")} value={note}
        onInput={(e) => setNote(e.currentTarget.value)} />
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" class="primary" disabled={!status && !note}>{t("ticket.update")}</button>
    </form>
  );
}
