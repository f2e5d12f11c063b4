// Editing the knowledge base (trainers, QA, admin): folders, articles, and new versions of
// an article. An edit names the version it started from; if someone saved first, the
// server refuses it (409) and nothing is lost: the editor shows the newer text.
import { useEffect, useState } from "preact/hooks";

import { api, ApiError, type KbArticle, type KbFolder } from "../api";
import { errorText } from "../errors";
import { t, when } from "../i18n";

const EMPTY = { title: "", body: "", ivr_node: "", sales_opportunity: "" };

export function KbEditor() {
  const [folders, setFolders] = useState<KbFolder[]>([]);
  const [articles, setArticles] = useState<KbArticle[]>([]);
  const [folder, setFolder] = useState<number | null>(null);
  const [editing, setEditing] = useState<KbArticle | null>(null);
  const [draft, setDraft] = useState(EMPTY);
  const [newFolder, setNewFolder] = useState("");
  const [versions, setVersions] = useState<{ version: number; at: string; user: string }[]>([]);
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");

  const load = () =>
    api<{ folders: KbFolder[]; articles: KbArticle[] }>("GET", "/kb/tree").then((tree) => {
      setFolders(tree.folders);
      setArticles(tree.articles);
      setFolder((f) => f ?? tree.folders[0]?.id ?? null);
    });
  useEffect(() => {
    load().catch(() => undefined);
  }, []);

  const open = async (id: number) => {
    const a = await api<KbArticle>("GET", `/kb/articles/${id}`);
    setEditing(a);
    setFolder(a.folder);
    setDraft({ title: a.title, body: a.body ?? "", ivr_node: a.ivr_node, sales_opportunity: a.sales_opportunity });
    const v = await api<{ versions: { version: number; at: string; user: string }[] }>(
      "GET",
      `/kb/articles/${id}/versions`,
    ).catch(() => ({ versions: [] }));
    setVersions(v.versions);
  };
  const fresh = () => {
    setEditing(null);
    setDraft(EMPTY);
    setVersions([]);
  };

  const save = async (e: Event) => {
    e.preventDefault();
    setMessage("");
    setError("");
    try {
      const saved = editing
        ? await api<KbArticle>("PATCH", `/kb/articles/${editing.id}`, { version: editing.version, ...draft })
        : await api<KbArticle>("POST", "/kb/articles", { folder, ...draft });
      setMessage(t("kbedit.saved", { title: saved.title, version: saved.version ?? 1 }));
      await load();
      await open(saved.id);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && editing) {
        setError(t("kbedit.conflict"));
        await open(editing.id);
      } else {
        setError(errorText(err));
      }
    }
  };
  const addFolder = async (e: Event) => {
    e.preventDefault();
    try {
      await api("POST", "/kb/folders", folder ? { title: newFolder, parent: folder } : { title: newFolder });
      setNewFolder("");
      await load();
    } catch (err) {
      setError(errorText(err));
    }
  };
  const field = (key: keyof typeof EMPTY) => ({
    value: draft[key],
    onInput: (e: Event) => setDraft({ ...draft, [key]: (e.currentTarget as HTMLInputElement).value }),
  });

  return (
    <main class="admin kb-editor">
      <div class="card">
        <h2>{t("kbedit.folders")}</h2>
        <ul class="tree" data-testid="kb-folders">
          {folders.map((f) => (
            <li>
              <button class={`link-dark${f.id === folder ? " current" : ""}`} onClick={() => setFolder(f.id)}>
                {f.parent ? "└ " : ""}
                {f.title}
              </button>
              <ul class="tree">
                {articles
                  .filter((a) => a.folder === f.id)
                  .map((a) => (
                    <li>
                      <button class={`link-dark${editing?.id === a.id ? " current" : ""}`} data-testid="kbedit-article" onClick={() => open(a.id)}>
                        {a.title}
                      </button>
                    </li>
                  ))}
              </ul>
            </li>
          ))}
        </ul>
        <form class="search" onSubmit={addFolder}>
          <input data-testid="new-folder" value={newFolder} required placeholder={t("kbedit.new_folder")} aria-label={t("kbedit.new_folder")}
            onInput={(e) => setNewFolder(e.currentTarget.value)} />
          <button type="submit">{t("kbedit.add")}</button>
        </form>
      </div>
      <form class="card article-form" onSubmit={save} data-testid="article-form">
        <div class="chart-head">
          <h2>{editing ? t("kbedit.editing", { version: editing.version ?? 1 }) : t("kbedit.new_article")}</h2>
          <button type="button" onClick={fresh}>{t("kbedit.new_article")}</button>
        </div>
        {message && <p class="ok" data-testid="kbedit-message">{message}</p>}
        {error && <p class="error" role="alert">{error}</p>}
        <label>
          {t("ticket.title")}
          <input data-testid="article-title" required maxLength={200} {...field("title")} />
        </label>
        <label>
          {t("kbedit.body")}
          <textarea data-testid="article-body" rows={10} required {...field("body")} />
        </label>
        <label>
          {t("kbedit.ivr_node")}
          <input data-testid="article-ivr-node" {...field("ivr_node")} />
        </label>
        <label>
          {t("kbedit.sales")}
          <input data-testid="article-sales" {...field("sales_opportunity")} />
        </label>
        <button type="submit" class="primary" disabled={folder === null}>{t("kbedit.save")}</button>
        {versions.length > 0 && (
          <>
            <h4>{t("kbedit.versions")}</h4>
            <ol class="timeline" data-testid="versions">
              {versions.map((v) => (
                <li>
                  {t("kb.version", { version: v.version, by: v.user })} · {when(v.at)}
                </li>
              ))}
            </ol>
          </>
        )}
      </form>
    </main>
  );
}
