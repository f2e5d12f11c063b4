// The agent desktop (座席工作台): state bar, today's counters, the current call with its
// screen pop and controls, and a ticket form for the call.
import { useCallback, useEffect, useState } from "preact/hooks";

import { api, subscribe, type Agent, type HotlineEvent, type ScreenPop, type User } from "../api";
import { errorText } from "../errors";
import { t } from "../i18n";
import { CallPanel } from "./CallPanel";
import { CustomerSearch } from "./CustomerSearch";
import { KbBrowser } from "./KbBrowser";
import { ScreenPopCard } from "./ScreenPopCard";
import { StateBar } from "./StateBar";
import { TicketForm } from "./TicketForm";
import { WorkList } from "./WorkList";

type Tab = "pop" | "kb" | "customers" | "worklist";
const TABS: Tab[] = ["pop", "kb", "customers", "worklist"];

const AGENT_EVENTS = new Set(["agent.state", "call.offered", "call.answered", "call.ended"]);

export function Desk({ user }: { user: User }) {
  const [agent, setAgent] = useState<Agent | null>(null);
  // When the snapshot was read, in this browser's clock: time in state counts from it.
  const [readAt, setReadAt] = useState(Date.now());
  const [pop, setPop] = useState<ScreenPop | null>(null);
  const [error, setError] = useState("");
  const [tab, setTab] = useState<Tab>("pop");
  const [kbArticle, setKbArticle] = useState<number | null>(null);

  const refresh = useCallback(async () => {
    try {
      const a = await api<Agent>("GET", `/agents/${encodeURIComponent(user.agent)}`);
      setAgent(a);
      setReadAt(Date.now());
    } catch (e) {
      setError(errorText(e));
    }
  }, [user.agent]);

  useEffect(
    () =>
      subscribe(
        (e: HotlineEvent) => {
          if (e.agent !== user.agent) return;
          if (e.type === "screen_pop") {
            // A new caller: the desk turns to them, with their article ready in the tree.
            const p = e as unknown as ScreenPop;
            setPop(p);
            setTab("pop");
            setKbArticle(p.kb?.id ?? null);
          }
          if (AGENT_EVENTS.has(e.type)) refresh();
        },
        refresh,
      ),
    [user.agent, refresh],
  );

  // Every action answers with the agent after it, or an error to show.
  const act = async (path: string, body?: unknown) => {
    setError("");
    try {
      const a = await api<Agent | { agent: Agent }>("POST", `/agents/${encodeURIComponent(user.agent)}${path}`, body);
      if (a && typeof a === "object" && "state" in a) {
        setAgent(a);
        setReadAt(Date.now());
      } else {
        await refresh();
      }
    } catch (e) {
      setError(errorText(e));
      await refresh();
    }
  };

  if (!agent) return <p class="notice">{error}</p>;
  const inCall = agent.state === "ringing" || agent.state === "talking" || agent.state === "wrap_up";
  const shownPop = pop && (inCall ? pop.call === agent.call : true) ? pop : null;
  const sendToIvr =
    agent.state === "talking" ? (node: string) => act("/transfer", { ivr_node: node }) : undefined;
  return (
    <main class="desk">
      <StateBar agent={agent} readAt={readAt} act={act} />
      {error && <p class="error" role="alert">{error}</p>}
      <div class="desk-grid">
        <section class="column">
          <CallPanel agent={agent} readAt={readAt} pop={shownPop} act={act} />
          <TicketForm pop={shownPop} call={agent.call} />
        </section>
        <section class="column wide">
          <nav class="tabs">
            {TABS.map((name) => (
              <button class={name === tab ? "tab current" : "tab"} data-testid={`tab-${name}`} onClick={() => setTab(name)}>
                {t(`tab.${name}`)}
              </button>
            ))}
          </nav>
          {tab === "pop" && (
            <>
              {!shownPop && <p class="muted card">{t("call.none")}</p>}
              <ScreenPopCard pop={shownPop} sendToIvr={sendToIvr} onOpenKb={(id) => {
                  setKbArticle(id);
                  setTab("kb");
                }} />
            </>
          )}
          {tab === "kb" && <KbBrowser openArticle={kbArticle} sendToIvr={sendToIvr} />}
          {tab === "customers" && <CustomerSearch open={shownPop?.customers.length === 1 ? shownPop.customers[0] : null} />}
          {tab === "worklist" && <WorkList canDial={agent.state !== "talking" && agent.state !== "ringing"} />}
        </section>
      </div>
    </main>
  );
}
