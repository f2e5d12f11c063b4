// A customer as an agent needs it at a glance: phones, addresses, tags, products with
// their warranty, and what is still open.
import { useState } from "preact/hooks";

import type { Customer } from "../api";
import { t, translated } from "../i18n";
import { TicketUpdate } from "./TicketUpdate";

export function CustomerCard({ c }: { c: Customer }) {
  const [editing, setEditing] = useState<number | null>(null);
  const [moved, setMoved] = useState<Record<number, string>>({});  // statuses changed here
  return (
    <div class="customer" data-testid="customer">
      <h3 data-testid="customer-name">{c.name}</h3>
      {c.company && <p class="muted">{c.company}</p>}
      <dl class="facts">
        <dt>{t("pop.phones")}</dt>
        <dd>{c.phones.map((p) => p.number).join(", ")}</dd>
        {c.addresses.length > 0 && (
          <>
            <dt>&nbsp;</dt>
            <dd>{c.addresses.join("; ")}</dd>
          </>
        )}
        {c.tags.length > 0 && (
          <>
            <dt>{t("pop.tags")}</dt>
            <dd>{c.tags.map((tag) => <span class="badge">{tag}</span>)}</dd>
          </>
        )}
        {c.products.length > 0 && (
          <>
            <dt>{t("pop.products")}</dt>
            <dd>
              {c.products.map((p) => (
                <div>
                  {p.model} · {p.serial} · {t("pop.warranty", { date: p.warranty_end })}
                </div>
              ))}
            </dd>
          </>
        )}
      </dl>
      <h4>{t("pop.open_tickets")}</h4>
      {/* Unknown until the whole customer is read: say nothing rather than "none". */}
      {c.open_tickets?.length === 0 && <p class="muted">{t("pop.no_tickets")}</p>}
      <ul class="tickets">
        {(c.open_tickets ?? []).map((tk) => {
          const status = moved[tk.id] ?? tk.status;
          return (
            <li data-testid="open-ticket">
              <button class="link-dark" data-testid="open-ticket-edit" onClick={() => setEditing(editing === tk.id ? null : tk.id)}>
                #{tk.id} {tk.title}
              </button>{" "}
              <span class="badge" data-testid="open-ticket-status">{translated(`ticket.status.${status}`, status)}</span>
              {editing === tk.id && (
                <TicketUpdate id={tk.id} onDone={(after) => {
                    setMoved({ ...moved, [tk.id]: after });
                    setEditing(null);
                  }} />
              )}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

