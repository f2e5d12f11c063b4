// The hotline API from the browser: JSON over fetch with the session's token, and the
// events WebSocket, reconnected when it drops (a server restart, a network blip).

const TOKEN_KEY = "hotline.token";

export class ApiError extends Error {
  constructor(
    public status: number,
    public code: string,
    message: string,
  ) {
    super(message);
  }
}

export function token(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(value: string | null): void {
  if (value) sessionStorage.setItem(TOKEN_KEY, value);
  else sessionStorage.removeItem(TOKEN_KEY);
}

// Told when the server no longer knows the session (expired, logged out elsewhere, the
// user changed, the server restarted): the page goes back to the login.
let sessionEnded: () => void = () => undefined;
export function onSessionEnded(handler: () => void): void {
  sessionEnded = handler;
}

// Whether the events socket is up: a page shows it when it is not (its figures are stale).
const connectionListeners = new Set<(connected: boolean) => void>();
export function onConnection(listener: (connected: boolean) => void): () => void {
  connectionListeners.add(listener);
  return () => connectionListeners.delete(listener);
}
function connection(connected: boolean): void {
  connectionListeners.forEach((l) => l(connected));
}

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  const t = token();
  if (t) headers.Authorization = `Bearer ${t}`;
  // A file goes as it is (a lead list: CSV as the vendor sent it); anything else as JSON.
  const file = body instanceof Blob;
  if (body !== undefined) headers["Content-Type"] = file ? "text/csv" : "application/json";
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : file ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let data: any = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) {
    const error = data?.error ?? {};
    if (response.status === 401 && t && path !== "/login") sessionEnded();
    throw new ApiError(response.status, error.code ?? "http", error.message ?? response.statusText);
  }
  return data as T;
}

export interface HotlineEvent {
  type: string;
  at: string;
  [field: string]: any;
}

// Calls `onEvent` for every message until the returned function is called. `onOpen`
// runs at each (re)connection: whatever happened while disconnected must be re-read.
export function subscribe(onEvent: (e: HotlineEvent) => void, onOpen: () => void): () => void {
  let socket: WebSocket | null = null;
  let closed = false;
  let retry: number | undefined;
  const connect = () => {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(
      `${scheme}://${location.host}/api/v1/events?token=${encodeURIComponent(token() ?? "")}`,
    );
    socket.onopen = () => {
      connection(true);
      onOpen();
    };
    socket.onmessage = (m) => {
      try {
        onEvent(JSON.parse(m.data as string));
      } catch {
        // not JSON: not ours
      }
    };
    socket.onclose = () => {
      if (closed) return;
      connection(false);
      // The server closes a socket whose session ended: asking who we are tells which
      // (a 401 ends the session here too); otherwise try again shortly.
      api("GET", "/me").catch(() => undefined);
      retry = window.setTimeout(connect, 2000);
    };
  };
  connect();
  return () => {
    closed = true;
    window.clearTimeout(retry);
    socket?.close();
  };
}

// The shapes the pages use (see the API's openapi.json).
export interface User {
  name: string;
  display_name: string;
  role: string;
  team: string;
  agent: string;
}

export interface Agent {
  name: string;
  team: string;
  state: "logged_out" | "ready" | "not_ready" | "ringing" | "talking" | "wrap_up";
  reason: string | null;
  state_since: string | null;
  seconds_in_state: number;
  calls_today: number;
  talk_today_s: number;
  wrap_up_today_s?: number;
  wrap_up_left_s?: number | null;
  aht_s?: number;
  aht_target_s?: number | null;
  reachable: boolean;
  call: string | null;
  caller: string | null;
  on_hold: boolean;
  disposition_code: string | null;
}

export interface Ticket {
  id: number;
  type: string;
  status: string;
  title: string;
  due: string | null;
}

export interface Customer {
  id: number;
  name: string;
  company: string;
  phones: { number: string; label: string }[];
  addresses: string[];
  tags: string[];
  products: { model: string; serial: string; installed: string; warranty_end: string }[];
  note: string;
  open_tickets?: Ticket[];
}

export interface KbArticle {
  id: number;
  title: string;
  folder: number;
  ivr_node: string;
  sales_opportunity: string;
  body?: string;
  version?: number;
  updated_by?: string;
}

export interface KbFolder {
  id: number;
  parent: number | null;
  title: string;
}

export interface ScreenPop {
  call: string;
  caller: string;
  queue: string;
  callback?: boolean; // the customer left this number in line: the agent calls it back
  ivr_path: string;
  ivr?: { first_choice?: string; second_choice?: string; last_node?: string };
  offered_at: string;
  customers: Customer[];
  kb: KbArticle | null;
}
