// The knowledge base (知識庫) as a tree of folders and articles, with search; the screen
// pop's article opens here in its folder.
import { useEffect, useState } from "preact/hooks";

import { api, type KbArticle, type KbFolder } from "../api";
import { t } from "../i18n";
import { BackToIvr } from "./ScreenPopCard";

export function KbBrowser({
  openArticle,
  sendToIvr,
}: {
  openArticle: number | null;
  sendToIvr?: (node: string) => void;
}) {
  const [folders, setFolders] = useState<KbFolder[]>([]);
  const [articles, setArticles] = useState<KbArticle[]>([]);
  const [selected, setSelected] = useState<number | null>(openArticle);
  const [article, setArticle] = useState<KbArticle | null>(null);
  const [query, setQuery] = useState("");
  const [found, setFound] = useState<{ id: number; title: string; snippet: string }[] | null>(null);

  useEffect(() => {
    api<{ folders: KbFolder[]; articles: KbArticle[] }>("GET", "/kb/tree")
      .then((tree) => {
        setFolders(tree.folders);
        setArticles(tree.articles);
      })
      .catch(() => undefined);
  }, []);
  useEffect(() => setSelected(openArticle), [openArticle]);
  useEffect(() => {
    setArticle(null);
    if (selected !== null) api<KbArticle>("GET", `/kb/articles/${selected}`).then(setArticle).catch(() => undefined);
  }, [selected]);

  const search = async (e: Event) => {
    e.preventDefault();
    if (!query.trim()) return setFound(null);
    const r = await api<{ articles: { id: number; title: string; snippet: string }[] }>(
      "GET",
      `/kb/search?q=${encodeURIComponent(query.trim())}`,
    ).catch(() => ({ articles: [] }));
    setFound(r.articles);
  };

  // The folders holding the open article, so that its branch is shown open.
  const openFolders = new Set<number>();
  for (let f = articles.find((a) => a.id === selected)?.folder; f != null; ) {
    openFolders.add(f);
    f = folders.find((x) => x.id === f)?.parent ?? undefined;
  }
  const branch = (parent: number | null) => (
    <ul class="tree">
      {folders
        .filter((f) => f.parent === parent)
        .map((f) => (
          <li>
            <details open={openFolders.has(f.id)}>
              <summary>{f.title}</summary>
              {branch(f.id)}
              <ul class="tree">
                {articles
                  .filter((a) => a.folder === f.id)
                  .map((a) => (
                    <li>
                      <button class={`link-dark${a.id === selected ? " current" : ""}`} data-testid="kb-tree-article"
                        onClick={() => setSelected(a.id)}>
                        {a.title}
                      </button>
                    </li>
                  ))}
              </ul>
            </details>
          </li>
        ))}
    </ul>
  );

  return (
    <div class="card kb-browser" data-testid="kb-browser">
      <form class="search" onSubmit={search}>
        <input data-testid="kb-query" value={query} placeholder={t("kb.search")} aria-label={t("kb.search")}
          onInput={(e) => setQuery(e.currentTarget.value)} />
        <button type="submit">{t("kb.search_button")}</button>
      </form>
      <div class="kb-split">
        <nav>
          {found !== null && (
            <ul class="tree">
              {found.length === 0 && <li class="muted">{t("kb.no_results")}</li>}
              {found.map((a) => (
                <li>
                  <button class="link-dark" data-testid="kb-result" onClick={() => setSelected(a.id)}>{a.title}</button>
                  <div class="muted snippet">{a.snippet}</div>
                </li>
              ))}
            </ul>
          )}
          {found === null && branch(null)}
        </nav>
        <article data-testid="kb-article">
          {!article && <p class="muted">{t("kb.choose")}</p>}
          {article && (
            <>
              <h3 data-testid="kb-article-title">{article.title}</h3>
              {article.sales_opportunity && <p class="sales">{t("kb.sales", { text: article.sales_opportunity })}</p>}
              <pre class="kb-body">{article.body}</pre>
              {sendToIvr && article.ivr_node && <BackToIvr node={article.ivr_node} send={sendToIvr} />}
              <p class="muted">{t("kb.version", { version: article.version ?? 1, by: article.updated_by ?? "" })}</p>
            </>
          )}
        </article>
      </div>
    </div>
  );
}
