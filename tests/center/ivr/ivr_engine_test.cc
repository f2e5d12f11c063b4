// The IVR interpreter: menus, retries, timeouts, digit collection, self-service lookups,
// routing by time, day type and date, paths and statistics.

#include "center/ivr/ivr_engine.h"

#include <gtest/gtest.h>

namespace hotline::ivr {
namespace {

Time beijing(int yyyymmdd, int hour, int minute) {
  return (days_from_civil(yyyymmdd) * 86400 + (hour - 8) * 3600 + minute * 60) * kMicrosPerSecond;
}

class Ivr : public ::testing::Test {
 protected:
  // Adds a node and returns its index; references are patched by id after all are added.
  NodeIndex add(Node n) {
    flow_.nodes.push_back(std::move(n));
    return static_cast<NodeIndex>(flow_.nodes.size() - 1);
  }
  static Node node(const char* id, NodeType type, const char* prompt = "") {
    Node n;
    n.id = id;
    n.title = std::string("title-") + id;
    n.type = type;
    n.prompt = prompt;
    return n;
  }
  NodeIndex at(const char* id) const { return flow_.find(id); }

  // welcome -> main menu: 1 billing menu (1 queue, 2 self-service), 2 repair queue,
  // 0 operator (transfer). Billing self-service: account number -> lookup -> amount.
  void standard_flow(Calendar calendar = {}) {
    add(node("welcome", NodeType::kPlay, "welcome"));
    add(node("main", NodeType::kMenu, "main menu"));
    add(node("billing", NodeType::kMenu, "billing menu"));
    add(node("q-billing", NodeType::kQueue));
    add(node("account", NodeType::kCollect, "account number then #"));
    add(node("fetch", NodeType::kLookup));
    add(node("amount", NodeType::kPlay, "you owe {amount} yuan"));
    add(node("agent?", NodeType::kMenu, "1 for an agent"));
    add(node("bye", NodeType::kHangup, "goodbye"));
    add(node("q-repair", NodeType::kQueue));
    add(node("operator", NodeType::kTransfer));
    flow_.nodes[at("welcome")].next = at("main");
    flow_.nodes[at("main")].options = {
        {'1', at("billing")}, {'2', at("q-repair")}, {'0', at("operator")}};
    flow_.nodes[at("main")].on_failure = at("operator");
    flow_.nodes[at("billing")].options = {{'1', at("q-billing")}, {'2', at("account")}};
    flow_.nodes[at("q-billing")].queue = "billing";
    flow_.nodes[at("q-billing")].priority = 1;
    Node& account = flow_.nodes[at("account")];
    account.variable = "account";
    account.min_digits = 4;
    account.max_digits = 8;
    account.next = at("fetch");
    Node& fetch = flow_.nodes[at("fetch")];
    fetch.service = "billing-balance";
    fetch.variable = "account";
    fetch.next = at("amount");
    fetch.on_failure = at("q-billing");
    fetch.timeout = seconds(3);
    flow_.nodes[at("amount")].next = at("agent?");
    flow_.nodes[at("agent?")].options = {{'1', at("q-billing")}};
    flow_.nodes[at("agent?")].on_failure = at("bye");
    flow_.nodes[at("agent?")].retries = 0;
    flow_.nodes[at("q-repair")].queue = "repair";
    flow_.nodes[at("operator")].number = "8000";
    flow_.start = 0;
    engine_ = std::make_unique<IvrEngine>(flow_, calendar);
  }

  void start(CallId c, std::map<std::string, std::string> vars = {}) {
    out_.clear();
    engine_->start(c, now_, vars, out_);
  }
  void press(CallId c, char k) {
    out_.clear();
    engine_->key(c, k, now_, out_);
  }
  void played(CallId c) {
    out_.clear();
    engine_->prompt_finished(c, now_, out_);
  }
  void tick(Duration d) {
    now_ += d;
    out_.clear();
    engine_->tick(now_, out_);
  }
  bool has(IvrCommandType type, const std::string& text = "") const {
    for (const IvrCommand& c : out_)
      if (c.type == type && (text.empty() || c.text == text)) return true;
    return false;
  }

  Flow flow_;
  std::unique_ptr<IvrEngine> engine_;
  std::vector<IvrCommand> out_;
  Time now_ = beijing(20261125, 10, 0);
};

TEST_F(Ivr, MenusLeadToAQueueAndThePathIsKept) {
  standard_flow();
  start(1);
  EXPECT_TRUE(has(IvrCommandType::kPlay, "welcome"));
  played(1);
  EXPECT_TRUE(has(IvrCommandType::kPlay, "main menu"));
  press(1, '1');  // barge-in: the menu prompt is still playing
  EXPECT_TRUE(has(IvrCommandType::kStopPlaying));
  EXPECT_TRUE(has(IvrCommandType::kPlay, "billing menu"));
  played(1);
  press(1, '1');
  ASSERT_TRUE(has(IvrCommandType::kEnterQueue, "billing"));
  EXPECT_EQ(out_.back().priority, 1);
  EXPECT_EQ(engine_->outcome(1), IvrOutcome::kQueued);
  EXPECT_EQ(engine_->path_header(1), "welcome>main:1>billing:1>q-billing");
  PathSummary s = engine_->summary(1);
  EXPECT_EQ(s.first_choice, "title-main: 1");
  EXPECT_EQ(s.second_choice, "title-billing: 1");
  EXPECT_EQ(s.last_node, "title-billing");
  EXPECT_EQ(engine_->node_stats()[at("main")].hits, 1u);
  EXPECT_EQ(engine_->outcomes(IvrOutcome::kQueued), 1u);
}

TEST_F(Ivr, WrongKeysAreExplainedThenGoToTheFailureNode) {
  standard_flow();
  start(1);
  played(1);
  press(1, '7');
  EXPECT_TRUE(has(IvrCommandType::kPlay, "invalid option"));
  EXPECT_TRUE(has(IvrCommandType::kPlay, "main menu"));
  press(1, '8');
  EXPECT_TRUE(has(IvrCommandType::kPlay, "invalid option"));
  press(1, '9');  // third failure: retries (2) exhausted
  EXPECT_TRUE(has(IvrCommandType::kTransfer, "8000"));
  EXPECT_EQ(engine_->outcome(1), IvrOutcome::kTransferred);
}

TEST_F(Ivr, SilenceTimesOutAndRetries) {
  standard_flow();
  start(1);
  played(1);
  EXPECT_EQ(engine_->next_timer(), kNever);  // the timer starts when the prompt ends
  played(1);
  EXPECT_EQ(engine_->next_timer(), now_ + seconds(5));
  tick(seconds(5));
  EXPECT_TRUE(has(IvrCommandType::kPlay, "no input"));
  played(1);
  tick(seconds(5));
  played(1);
  tick(seconds(5));
  EXPECT_TRUE(has(IvrCommandType::kTransfer, "8000"));
}

TEST_F(Ivr, SelfServiceReadsABillAndContainsTheCall) {
  standard_flow();
  start(7, {{"ani", "13800138000"}});
  played(7);
  press(7, '1');
  press(7, '2');
  EXPECT_TRUE(has(IvrCommandType::kPlay, "account number then #"));
  for (char d : std::string("1234#"))
    press(7, d);
  ASSERT_TRUE(has(IvrCommandType::kLookup, "billing-balance"));
  EXPECT_EQ(out_.back().key, "1234");
  out_.clear();
  engine_->lookup_result(7, true, {{"amount", "128.50"}}, now_, out_);
  EXPECT_TRUE(has(IvrCommandType::kPlay, "you owe 128.50 yuan"));
  played(7);
  played(7);
  tick(seconds(5));  // no agent wanted
  EXPECT_TRUE(has(IvrCommandType::kPlay, "goodbye"));
  EXPECT_TRUE(has(IvrCommandType::kHangup));
  EXPECT_EQ(engine_->outcome(7), IvrOutcome::kSelfServed);
  EXPECT_EQ(engine_->variable(7, "ani"), "13800138000");
  EXPECT_EQ(engine_->outcomes(IvrOutcome::kSelfServed), 1u);
}

TEST_F(Ivr, CollectEndsOnMaxDigitsOrPauseAndChecksTheMinimum) {
  standard_flow();
  start(1);
  played(1);
  press(1, '1');
  press(1, '2');
  for (char d : std::string("12345678"))
    press(1, d);  // max 8: no # needed
  EXPECT_TRUE(has(IvrCommandType::kLookup));
  start(2);
  played(2);
  press(2, '1');
  press(2, '2');
  press(2, '1');
  press(2, '2');
  tick(seconds(5));  // a pause after too few digits
  EXPECT_TRUE(has(IvrCommandType::kPlay, "invalid option"));
  for (char d : std::string("98765"))
    press(2, d);
  tick(seconds(5));  // a pause after enough digits ends input
  EXPECT_TRUE(has(IvrCommandType::kLookup));
  EXPECT_EQ(engine_->variable(2, "account"), "98765");
}

TEST_F(Ivr, BackEndTimeoutSendsTheCallerToAnAgent) {
  standard_flow();
  start(1);
  played(1);
  press(1, '1');
  press(1, '2');
  for (char d : std::string("1234#"))
    press(1, d);
  tick(seconds(3));
  EXPECT_TRUE(has(IvrCommandType::kEnterQueue, "billing"));
}

TEST_F(Ivr, CallerHangingUpCountsADropOut) {
  standard_flow();
  start(1);
  played(1);
  engine_->caller_hung_up(1, now_);
  EXPECT_EQ(engine_->node_stats()[at("main")].drop_outs, 1u);
  EXPECT_EQ(engine_->outcome(1), IvrOutcome::kCallerHungUp);
  press(1, '1');  // too late
  EXPECT_TRUE(out_.empty());
  EXPECT_GE(engine_->ignored_events(), 1u);
  engine_->forget(1);
  EXPECT_TRUE(engine_->path(1).empty());
}

TEST_F(Ivr, RoutesByTimeDayTypeAndDate) {
  add(node("route", NodeType::kBranch));
  add(node("night", NodeType::kHangup, "we are closed"));
  add(node("holiday", NodeType::kHangup, "happy holiday"));
  add(node("month-start", NodeType::kQueue));
  add(node("weekend", NodeType::kQueue));
  add(node("normal", NodeType::kQueue));
  Node& route = flow_.nodes[0];
  Condition night;
  night.minutes_of_day = {21 * 60 + 30, 7 * 60 + 30};  // wraps midnight
  Condition holiday;
  holiday.day_types = {DayType::kHoliday};
  Condition month_start;
  month_start.days_of_month = {1, 5};
  month_start.day_types = {DayType::kWorkday};
  Condition weekend;
  weekend.day_types = {DayType::kWeekend};
  route.rules = {{night, at("night")},
                 {holiday, at("holiday")},
                 {month_start, at("month-start")},
                 {weekend, at("weekend")}};
  route.next = at("normal");
  flow_.nodes[at("month-start")].queue = "billing-first";
  flow_.nodes[at("weekend")].queue = "weekend";
  flow_.nodes[at("normal")].queue = "normal";
  flow_.start = 0;
  engine_ = std::make_unique<IvrEngine>(flow_, Calendar(8 * 60, {20261001}, {20261010}));

  const auto route_at = [&](CallId c, Time t) {
    now_ = t;
    start(c);
    return engine_->path(c).back().node;
  };
  // In time order: the engine's clock never goes back.
  EXPECT_EQ(route_at(1, beijing(20261001, 10, 0)), at("holiday"));
  EXPECT_EQ(route_at(2, beijing(20261010, 10, 0)), at("normal"));       // a worked Saturday
  EXPECT_EQ(route_at(3, beijing(20261102, 10, 0)), at("month-start"));  // a Monday
  EXPECT_EQ(route_at(4, beijing(20261125, 10, 0)), at("normal"));
  EXPECT_EQ(route_at(5, beijing(20261125, 22, 0)), at("night"));
  EXPECT_EQ(route_at(6, beijing(20261126, 7, 0)), at("night"));
  EXPECT_EQ(route_at(7, beijing(20261128, 10, 0)), at("weekend"));  // a Saturday
}

TEST_F(Ivr, OpeningHoursFollowTheCalendarAndItsChanges) {
  add(node("route", NodeType::kBranch));
  add(node("closed", NodeType::kHangup, "we are closed"));
  add(node("open", NodeType::kQueue));
  Condition closed;
  closed.open = false;
  flow_.nodes[0].rules = {{closed, at("closed")}};
  flow_.nodes[0].next = at("open");
  flow_.nodes[at("open")].queue = "billing";
  flow_.start = 0;
  Calendar calendar(8 * 60, {20261001}, {});
  calendar.set_hours(DayType::kWorkday, {7 * 60 + 30, 21 * 60 + 30});
  calendar.set_hours(DayType::kHoliday, {0, 0});
  engine_ = std::make_unique<IvrEngine>(flow_, calendar);
  const auto route_at = [&](CallId c, Time t) {
    now_ = t;
    start(c);
    return engine_->path(c).back().node;
  };
  EXPECT_EQ(route_at(1, beijing(20261001, 10, 0)), at("closed"));  // a holiday: closed all day
  EXPECT_EQ(route_at(2, beijing(20261125, 7, 29)), at("closed"));
  EXPECT_EQ(route_at(3, beijing(20261125, 7, 30)), at("open"));
  EXPECT_EQ(route_at(4, beijing(20261125, 21, 29)), at("open"));
  EXPECT_EQ(route_at(5, beijing(20261125, 21, 30)), at("closed"));
  EXPECT_EQ(route_at(6, beijing(20261128, 23, 0)), at("open"));  // weekends: no hours set
  // The center opens late tonight, from now on.
  calendar.set_hours(DayType::kWorkday, {7 * 60 + 30, 23 * 60});
  engine_->set_calendar(calendar);
  EXPECT_EQ(route_at(7, beijing(20261130, 22, 0)), at("open"));
  EXPECT_EQ(engine_->calendar().hours(DayType::kWorkday).second, 23 * 60);
}

TEST_F(Ivr, VariablesSetAndTestedInFlow) {
  add(node("vip?", NodeType::kBranch));
  add(node("mark", NodeType::kSet));
  add(node("q-vip", NodeType::kQueue));
  add(node("q-normal", NodeType::kQueue));
  Condition is_vip;
  is_vip.variable = "level";
  is_vip.equals = "gold";
  flow_.nodes[0].rules = {{is_vip, at("mark")}};
  flow_.nodes[0].next = at("q-normal");
  flow_.nodes[at("mark")].variable = "tag";
  flow_.nodes[at("mark")].value = "vip-{level}";
  flow_.nodes[at("mark")].next = at("q-vip");
  flow_.nodes[at("q-vip")].queue = "vip";
  flow_.nodes[at("q-normal")].queue = "normal";
  flow_.start = 0;
  engine_ = std::make_unique<IvrEngine>(flow_, Calendar());
  start(1, {{"level", "gold"}});
  EXPECT_TRUE(has(IvrCommandType::kEnterQueue, "vip"));
  EXPECT_EQ(engine_->variable(1, "tag"), "vip-gold");
  start(2, {{"level", "silver"}});
  EXPECT_TRUE(has(IvrCommandType::kEnterQueue, "normal"));
}

TEST_F(Ivr, EndlessLoopsEndTheCall) {
  add(node("a", NodeType::kSet));
  add(node("b", NodeType::kBranch));
  flow_.nodes[0].variable = "x";
  flow_.nodes[0].next = 1;
  flow_.nodes[1].next = 0;
  flow_.start = 0;
  engine_ = std::make_unique<IvrEngine>(flow_, Calendar());
  start(1);
  EXPECT_TRUE(has(IvrCommandType::kHangup));
  EXPECT_EQ(engine_->outcome(1), IvrOutcome::kFailed);
}

}  // namespace
}  // namespace hotline::ivr
