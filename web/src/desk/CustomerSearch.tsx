// Customer search and the 360° timeline: every call from the customer's numbers, its
// tickets, notes, SMS and surveys, newest first.
import { useEffect, useState } from "preact/hooks";

import { api, type Customer } from "../api";
import { errorText } from "../errors";
import { t, translated, when } from "../i18n";
import { CustomerCard } from "./CustomerCard";

interface Interaction {
  at: string;
  kind: string;
  reference: string;
  summary: string;
  user: string;
}

export function CustomerSearch({ open }: { open: Customer | null }) {
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<Customer[] | null>(null);
  const [customer, setCustomer] = useState<Customer | null>(open);
  const [timeline, setTimeline] = useState<Interaction[]>([]);
  const [error, setError] = useState("");

  useEffect(() => setCustomer(open), [open?.id]);
  useEffect(() => {
    setTimeline([]);
    if (customer)
      api<{ timeline: Interaction[] }>("GET", `/customers/${customer.id}/timeline`)
        .then((r) => setTimeline(r.timeline))
        .catch(() => undefined);
  }, [customer?.id]);

  const search = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      const r = await api<{ customers: Customer[] }>("GET", `/customers?q=${encodeURIComponent(query.trim())}`);
      setFound(r.customers);
    } catch (err) {
      setError(errorText(err));
    }
  };

  // A search lists customers without their tickets: the card reads the whole customer.
  const select = async (c: Customer) => {
    setCustomer(c);
    try {
      setCustomer(await api<Customer>("GET", `/customers/${c.id}`));
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <div class="card customers" data-testid="customer-search">
      <form class="search" onSubmit={search}>
        <input data-testid="customer-query" value={query} required placeholder={t("customers.search")} aria-label={t("customers.search")}
          onInput={(e) => setQuery(e.currentTarget.value)} />
        <button type="submit">{t("kb.search_button")}</button>
      </form>
      {error && <p class="error">{error}</p>}
      {found && found.length === 0 && <p class="muted">{t("customers.none")}</p>}
      {found && found.length > 0 && (
        <ul class="results">
          {found.map((c) => (
            <li>
              <button class="link-dark" data-testid="customer-result" onClick={() => select(c)}>
                {c.name} · {c.phones.map((p) => p.number).join(", ")}
              </button>
            </li>
          ))}
        </ul>
      )}
      {customer && (
        <>
          <CustomerCard c={customer} />
          <h4>{t("customers.timeline")}</h4>
          {timeline.length === 0 && <p class="muted">{t("customers.no_history")}</p>}
          <ol class="timeline" data-testid="timeline">
            {timeline.map((i) => (
              <li>
                <span class="muted">{when(i.at)}</span>{" "}
                <span class="badge">{translated(`customers.kind.${i.kind}`, i.kind)}</span> {i.summary}
                {i.user && <span class="muted"> · {i.user}</span>}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
