// The pages' words in Chinese (the default) and English. Every key must exist in both:
// `en` is typed by `zh`'s keys, so a missing or extra key fails the build.
import { useEffect, useState } from "preact/hooks";

const zh = {
  "app.title": "hotline 呼叫中心",
  "login.title": "登录",
  "login.user": "用户名",
  "login.password": "密码",
  "login.submit": "登录",
  "login.failed": "登录失败：{message}",
  "top.logout": "退出",
  "top.language": "English",
  "state.logged_out": "已签出",
  "state.ready": "就绪",
  "state.not_ready": "未就绪",
  "state.ringing": "振铃",
  "state.talking": "通话中",
  "state.wrap_up": "话后处理",
  "state.since": "已持续 {time}",
  "state.no_phone": "话机未注册：请先注册话机",
  "action.ready": "就绪",
  "action.not_ready": "未就绪",
  "action.log_in": "签入",
  "action.log_out": "签出",
  "action.wrap_up_done": "处理完成",
  "action.reason": "原因",
  "today.title": "今日",
  "today.calls": "接听",
  "today.talk": "通话时长",
  "today.aht": "平均处理时长",
  "call.title": "当前通话",
  "call.none": "没有通话",
  "call.caller": "主叫",
  "call.queue": "队列",
  "call.timer": "通话计时",
  "call.on_hold": "保持中",
  "call.hold": "保持",
  "call.resume": "恢复",
  "call.hang_up": "挂断",
  "call.transfer": "转接",
  "call.transfer_to": "转接到",
  "call.to_queue": "队列",
  "call.to_agent": "座席",
  "call.to_number": "号码",
  "call.disposition": "处理结果",
  "call.choose": "请选择",
  "pop.title": "客户信息",
  "pop.unknown": "未识别的来电号码",
  "pop.candidates": "该号码对应 {count} 位客户",
  "pop.phones": "电话",
  "pop.products": "产品",
  "pop.warranty": "保修至 {date}",
  "pop.tags": "标签",
  "pop.open_tickets": "未结工单",
  "pop.no_tickets": "无未结工单",
  "pop.ivr": "IVR 路径",
  "pop.ivr_first": "一级菜单",
  "pop.ivr_second": "二级菜单",
  "pop.ivr_last": "转人工前",
  "kb.title": "知识库",
  "kb.none": "没有关联的知识库文章",
  "kb.sales": "销售机会：{text}",
  "kb.search": "搜索知识库",
  "kb.search_button": "搜索",
  "kb.no_results": "没有找到",
  "kb.choose": "在左侧选择文章",
  "kb.version": "第 {version} 版 · {by}",
  "kb.open_in_tree": "在知识库中打开",
  "kb.back_to_ivr": "转回自助语音（{node}）",
  "customers.search": "姓名、电话或序列号",
  "customers.none": "没有找到客户",
  "customers.timeline": "客户历史",
  "customers.no_history": "暂无记录",
  "customers.kind.call": "通话",
  "customers.kind.note": "备注",
  "customers.kind.sms": "短信",
  "customers.kind.survey": "回访调查",
  "customers.kind.ticket": "工单",
  "worklist.empty": "没有待办回访",
  "worklist.dial": "拨打",
  "worklist.dialling": "正在拨打 {number}：请接听话机",
  "worklist.overdue": "已超时",
  "tab.pop": "来电",
  "tab.kb": "知识库",
  "tab.customers": "客户查询",
  "tab.worklist": "工作列表",
  "ticket.new": "新建工单",
  "ticket.type": "类型",
  "ticket.type.inquiry": "咨询",
  "ticket.type.repair": "报修",
  "ticket.type.billing": "账务",
  "ticket.type.complaint": "投诉",
  "ticket.status.new": "新建",
  "ticket.status.in_progress": "处理中",
  "ticket.status.dispatched": "已派工",
  "ticket.status.resolved": "已解决",
  "ticket.status.follow_up": "待回访",
  "ticket.status.closed": "已关闭",
  "ticket.title": "标题",
  "ticket.description": "描述",
  "ticket.create": "创建工单",
  "ticket.created": "工单 #{id} 已创建",
  "board.waiting": "排队",
  "board.longest_wait": "最长等待",
  "board.sl_today": "今日服务水平",
  "board.sl_30": "近30分钟服务水平",
  "board.answer_rate": "今日接通率",
  "board.alarm": "低于 {limit}%",
  "board.offered": "今日来电",
  "board.abandoned": "今日放弃",
  "board.agents": "座席",
  "board.agents_title": "座席状态",
  "board.agent": "座席",
  "board.team": "班组",
  "board.state": "状态",
  "board.in_state": "持续",
  "board.calls_today": "今日接听",
  "board.current_call": "当前通话",
  "board.actions": "操作",
  "board.chart": "今日分时段话务",
  "board.chart_calls": "来电",
  "board.chart_forecast": "预测",
  "board.chart_sl": "服务水平",
  "error.generic": "出错了：{message}",
  "role.unsupported": "当前角色（{role}）的页面尚未提供。",
} as const;

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  "app.title": "hotline contact center",
  "login.title": "Log in",
  "login.user": "User",
  "login.password": "Password",
  "login.submit": "Log in",
  "login.failed": "Login failed: {message}",
  "top.logout": "Log out",
  "top.language": "中文",
  "state.logged_out": "Logged out",
  "state.ready": "Ready",
  "state.not_ready": "Not ready",
  "state.ringing": "Ringing",
  "state.talking": "Talking",
  "state.wrap_up": "Wrap-up",
  "state.since": "for {time}",
  "state.no_phone": "No phone registered: register your phone first",
  "action.ready": "Ready",
  "action.not_ready": "Not ready",
  "action.log_in": "Log in",
  "action.log_out": "Log out",
  "action.wrap_up_done": "Wrap-up done",
  "action.reason": "Reason",
  "today.title": "Today",
  "today.calls": "Calls",
  "today.talk": "Talk time",
  "today.aht": "Average handle time",
  "call.title": "Current call",
  "call.none": "No call",
  "call.caller": "Caller",
  "call.queue": "Queue",
  "call.timer": "Call time",
  "call.on_hold": "On hold",
  "call.hold": "Hold",
  "call.resume": "Resume",
  "call.hang_up": "Hang up",
  "call.transfer": "Transfer",
  "call.transfer_to": "Transfer to",
  "call.to_queue": "Queue",
  "call.to_agent": "Agent",
  "call.to_number": "Number",
  "call.disposition": "Disposition",
  "call.choose": "Choose",
  "pop.title": "Customer",
  "pop.unknown": "Caller's number not known",
  "pop.candidates": "{count} customers have this number",
  "pop.phones": "Phones",
  "pop.products": "Products",
  "pop.warranty": "warranty until {date}",
  "pop.tags": "Tags",
  "pop.open_tickets": "Open tickets",
  "pop.no_tickets": "No open tickets",
  "pop.ivr": "IVR path",
  "pop.ivr_first": "First menu",
  "pop.ivr_second": "Second menu",
  "pop.ivr_last": "Last step",
  "kb.title": "Knowledge base",
  "kb.none": "No linked article",
  "kb.sales": "Sales opportunity: {text}",
  "kb.search": "Search the knowledge base",
  "kb.search_button": "Search",
  "kb.no_results": "Nothing found",
  "kb.choose": "Choose an article on the left",
  "kb.version": "version {version} · {by}",
  "kb.open_in_tree": "Open in the knowledge base",
  "kb.back_to_ivr": "Send the caller to the IVR ({node})",
  "customers.search": "Name, phone or serial number",
  "customers.none": "No customer found",
  "customers.timeline": "History",
  "customers.no_history": "Nothing yet",
  "customers.kind.call": "Call",
  "customers.kind.note": "Note",
  "customers.kind.sms": "SMS",
  "customers.kind.survey": "Survey",
  "customers.kind.ticket": "Ticket",
  "worklist.empty": "No follow-up calls to make",
  "worklist.dial": "Dial",
  "worklist.dialling": "Dialling {number}: answer your phone",
  "worklist.overdue": "overdue",
  "tab.pop": "Call",
  "tab.kb": "Knowledge base",
  "tab.customers": "Customers",
  "tab.worklist": "Work list",
  "ticket.new": "New ticket",
  "ticket.type": "Type",
  "ticket.type.inquiry": "Inquiry",
  "ticket.type.repair": "Repair",
  "ticket.type.billing": "Billing",
  "ticket.type.complaint": "Complaint",
  "ticket.status.new": "new",
  "ticket.status.in_progress": "in progress",
  "ticket.status.dispatched": "dispatched",
  "ticket.status.resolved": "resolved",
  "ticket.status.follow_up": "follow-up",
  "ticket.status.closed": "closed",
  "ticket.title": "Title",
  "ticket.description": "Description",
  "ticket.create": "Create ticket",
  "ticket.created": "Ticket #{id} created",
  "board.waiting": "waiting",
  "board.longest_wait": "Longest wait",
  "board.sl_today": "Service level today",
  "board.sl_30": "Service level, last 30 min",
  "board.answer_rate": "Answer rate today",
  "board.alarm": "below {limit}%",
  "board.offered": "Calls today",
  "board.abandoned": "Abandoned today",
  "board.agents": "Agents",
  "board.agents_title": "Agents",
  "board.agent": "Agent",
  "board.team": "Team",
  "board.state": "State",
  "board.in_state": "For",
  "board.calls_today": "Calls today",
  "board.current_call": "Current call",
  "board.actions": "Actions",
  "board.chart": "Today by interval",
  "board.chart_calls": "Calls",
  "board.chart_forecast": "Forecast",
  "board.chart_sl": "Service level",
  "error.generic": "Something went wrong: {message}",
  "role.unsupported": "There is no page for your role ({role}) yet.",
};

export type Language = "zh-CN" | "en";
const dictionaries: Record<Language, Record<Key, string>> = { "zh-CN": zh, en };
const LANGUAGE_KEY = "hotline.language";

let current: Language = (localStorage.getItem(LANGUAGE_KEY) as Language) === "en" ? "en" : "zh-CN";
const listeners = new Set<() => void>();

export function language(): Language {
  return current;
}

export function setLanguage(l: Language): void {
  current = l;
  localStorage.setItem(LANGUAGE_KEY, l);
  document.documentElement.lang = l;
  listeners.forEach((f) => f());
}

// "{name}" in the text is replaced by values.name.
export function t(key: Key, values: Record<string, string | number> = {}): string {
  return dictionaries[current][key].replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

// The text of a key made at run time (a kind, a status from the server), or `fallback`
// when there is none.
export function translated(key: string, fallback: string): string {
  return key in dictionaries[current] ? t(key as Key) : fallback;
}

// Re-renders the calling component when the language changes.
export function useLanguage(): Language {
  const [, set] = useState(0);
  useEffect(() => {
    const f = () => set((n) => n + 1);
    listeners.add(f);
    return () => {
      listeners.delete(f);
    };
  }, []);
  return current;
}

// "1:05:09", "4:07": a duration as a desk shows it.
export function clock(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}
