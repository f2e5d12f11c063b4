// The screen pop: who is calling (several candidates when a number is shared), how they
// came through the IVR, their open tickets, and the knowledge-base page for that path.
import { useEffect, useState } from "preact/hooks";

import { api, type Customer, type KbArticle, type ScreenPop } from "../api";
import { t } from "../i18n";

function CustomerCard({ c }: { c: Customer }) {
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
            #{tk.id} {tk.title} <span class="badge">{tk.status}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function KbPanel({ article }: { article: KbArticle | null }) {
  const [full, setFull] = useState<KbArticle | null>(null);
  useEffect(() => {
    setFull(null);
    if (article) api<KbArticle>("GET", `/kb/articles/${article.id}`).then(setFull).catch(() => undefined);
  }, [article?.id]);
  return (
    <div class="card kb" data-testid="kb">
      <h2>{t("kb.title")}</h2>
      {!article && <p class="muted">{t("kb.none")}</p>}
      {article && (
        <>
          <h3 data-testid="kb-title">{article.title}</h3>
          {article.sales_opportunity && (
            <p class="sales">{t("kb.sales", { text: article.sales_opportunity })}</p>
          )}
          {full?.body && <pre class="kb-body">{full.body}</pre>}
        </>
      )}
    </div>
  );
}

export function ScreenPopCard({ pop }: { pop: ScreenPop | null }) {
  if (!pop) return null;
  const ivr = pop.ivr ?? {};
  return (
    <>
      <div class="card pop" data-testid="screen-pop">
        <h2>{t("pop.title")}</h2>
        {pop.customers.length === 0 && <p class="muted">{t("pop.unknown")}</p>}
        {pop.customers.length > 1 && (
          <p class="warning">{t("pop.candidates", { count: pop.customers.length })}</p>
        )}
        {pop.customers.map((c) => (
          <CustomerCard c={c} />
        ))}
        <h4>{t("pop.ivr")}</h4>
        <dl class="facts" data-testid="ivr-path">
          <dt>{t("pop.ivr_first")}</dt>
          <dd>{ivr.first_choice || "—"}</dd>
          <dt>{t("pop.ivr_second")}</dt>
          <dd>{ivr.second_choice || "—"}</dd>
          <dt>{t("pop.ivr_last")}</dt>
          <dd>{ivr.last_node || "—"}</dd>
        </dl>
      </div>
      <KbPanel article={pop.kb} />
    </>
  );
}
