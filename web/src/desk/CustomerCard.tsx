// A customer as an agent needs it at a glance: phones, addresses, tags, products with
// their warranty, and what is still open.
import type { Customer } from "../api";
import { t, translated } from "../i18n";

export function CustomerCard({ c }: { c: Customer }) {
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
      {(c.open_tickets ?? []).length === 0 && <p class="muted">{t("pop.no_tickets")}</p>}
      <ul class="tickets">
        {(c.open_tickets ?? []).map((tk) => (
          <li data-testid="open-ticket">
            #{tk.id} {tk.title} <span class="badge">{translated(`ticket.status.${tk.status}`, tk.status)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

