// The agent's work list: follow-up calls (回訪) of its repairs and complaints, earliest due
// first, and the callbacks the center could not make (the number did not answer, or the
// center restarted), each dialled with one click (the phone rings first, then the customer).
import { useEffect, useState } from "preact/hooks";

import { api, type Customer } from "../api";
import { errorText } from "../errors";
import { t, translated, when } from "../i18n";

interface FollowUp {
  kind: "follow_up";
  ticket: number;
  type: string;
  title: string;
  provider: string;
  parts_replaced: string;
  due: string;
  overdue: boolean;
  customer: Customer | null;
}

interface Callback {
  kind: "callback";
  call: string;
  number: string;
  queue: string;
  requested: string;
  result: string; // busy, no_answer, failed; "" when nobody was rung
  customer: Customer | null;
}

type Item = FollowUp | Callback;

export function WorkList({ canDial }: { canDial: boolean }) {
  const [items, setItems] = useState<Item[]>([]);
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");
  const load = () =>
    api<{ items: Item[] }>("GET", "/worklist")
      .then((r) => setItems(r.items))
      .catch((e) => setError(errorText(e)));
  useEffect(() => {
    load();
  }, []);

  const dial = async (item: Item) => {
    setMessage("");
    setError("");
    try {
      const path =
        item.kind === "callback" ? `/worklist/callbacks/${item.call}/dial` : `/worklist/${item.ticket}/dial`;
      const r = await api<{ number: string }>("POST", path);
      setMessage(t("worklist.dialling", { number: r.number }));
    } catch (e) {
      setError(errorText(e));
    }
  };

  return (
    <div class="card worklist" data-testid="worklist">
      {message && <p class="ok" data-testid="worklist-message">{message}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {items.length === 0 && <p class="muted">{t("worklist.empty")}</p>}
      <table>
        <tbody>
          {items.map((i) =>
            i.kind === "callback" ? (
              <tr data-testid="worklist-callback">
                <td>{t("worklist.callback")}</td>
                <td>
                  {i.customer?.name ?? ""} {i.number}
                  <div class="muted">
                    {i.queue}
                    {" · "}
                    {i.result ? t("worklist.callback_result", { result: translated(`worklist.result.${i.result}`, i.result) }) : t("worklist.callback_waiting")}
                  </div>
                </td>
                <td>{when(i.requested)}</td>
                <td>
                  <button class="primary" data-testid="worklist-dial" disabled={!canDial} onClick={() => dial(i)}>
                    {t("worklist.dial")}
                  </button>
                </td>
              </tr>
            ) : (
            <tr data-testid="worklist-item" class={i.overdue ? "overdue" : ""}>
              <td>#{i.ticket}</td>
              <td>
                {i.title}
                <div class="muted">
                  {i.customer?.name} {i.customer?.phones[0]?.number}
                  {i.provider && ` · ${i.provider}`}
                </div>
              </td>
              <td>
                {when(i.due)}
                {i.overdue && <span class="badge alarm-badge">{t("worklist.overdue")}</span>}
              </td>
              <td>
                <button class="primary" data-testid="worklist-dial" disabled={!canDial || !i.customer}
                  onClick={() => dial(i)}>
                  {t("worklist.dial")}
                </button>
              </td>
            </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
