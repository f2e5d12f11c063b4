// The screen pop: who is calling (several candidates when a number is shared), how they
// came through the IVR, their open tickets, and the knowledge-base page for that path.
import { useEffect, useState } from "preact/hooks";

import { api, type KbArticle, type ScreenPop } from "../api";
import { t } from "../i18n";
import { CustomerCard } from "./CustomerCard";

function KbPanel({
  article,
  onOpen,
  sendToIvr,
}: {
  article: KbArticle | null;
  onOpen: (id: number) => void;
  sendToIvr?: (node: string) => void;
}) {
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
          <div class="actions">
            <button class="link-dark" data-testid="kb-open-in-tree" onClick={() => onOpen(article.id)}>
              {t("kb.open_in_tree")}
            </button>
            {sendToIvr && article.ivr_node && <BackToIvr node={article.ivr_node} send={sendToIvr} />}
          </div>
        </>
      )}
    </div>
  );
}

// Sends the caller back into the IVR node the article serves (self-service the caller can
// finish alone: a balance, a survey); the agent's part of the call ends.
export function BackToIvr({ node, send }: { node: string; send: (node: string) => void }) {
  return (
    <button data-testid="back-to-ivr" onClick={() => send(node)}>
      {t("kb.back_to_ivr", { node })}
    </button>
  );
}

export function ScreenPopCard({
  pop,
  onOpenKb,
  sendToIvr,
}: {
  pop: ScreenPop | null;
  onOpenKb: (id: number) => void;
  sendToIvr?: (node: string) => void;
}) {
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
      <KbPanel article={pop.kb} onOpen={onOpenKb} sendToIvr={sendToIvr} />
    </>
  );
}
