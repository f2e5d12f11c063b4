#include "store/call_store.h"

#include <iterator>
#include <nlohmann/json.hpp>

#include "common/json_out.h"
#include "store/database.h"
#include "store/schema.h"
#include "store/thread_connections.h"

namespace hotline::store {

namespace {

// Milestones that never happened are NULL in SQL.
void bind_time(Statement& s, int index, Time t) {
  if (t == 0)
    s.bind_null(index);
  else
    s.bind(index, static_cast<std::int64_t>(t));
}

}  // namespace

CallStore::CallStore(std::unique_ptr<ThreadConnections> connections)
    : connections_(std::move(connections)) {}
CallStore::~CallStore() = default;

Result<std::unique_ptr<CallStore>> CallStore::open(const std::string& path) {
  auto connections = ThreadConnections::open(path);
  if (!connections.ok()) return connections.status();
  return std::unique_ptr<CallStore>(new CallStore(std::move(*connections)));
}

int CallStore::schema_version() {
  Database& db = connections_->get();
  return db.schema_version();
}

Status CallStore::save(const std::vector<CallRecord>& calls) {
  return insert(calls, false);
}

Status CallStore::save_in_progress(const CallRecord& call) {
  return insert({call}, true);
}

Status CallStore::insert(const std::vector<CallRecord>& calls, bool in_progress) {
  Database& db = connections_->get();
  if (calls.empty()) return {};
  static constexpr const char* kColumns[] = {"uid",
                                             "direction",
                                             "caller",
                                             "called",
                                             "arrived",
                                             "ivr_exit",
                                             "queued",
                                             "offered",
                                             "answered",
                                             "ended",
                                             "wrapup_ended",
                                             "ivr_path",
                                             "queue",
                                             "agent",
                                             "disposition",
                                             "hangup_side",
                                             "hangup_cause",
                                             "sl_threshold_us",
                                             "recording",
                                             "recording_us",
                                             "caller_e164",
                                             "hold_us",
                                             "disposition_code",
                                             "transferred_from",
                                             "short_abandon_us"};
  // A record in progress is updated in place (keeping its row, so ids follow arrival) by
  // newer news of its call; once the call's final record is stored, it changes no more.
  std::string names, values, updates;
  for (std::size_t i = 0; i < std::size(kColumns); ++i) {
    const std::string sep = i ? ", " : "";
    names += sep + kColumns[i];
    values += sep + "?" + std::to_string(i + 1);
    if (i > 0)  // the uid is what conflicts
      updates += std::string(i > 1 ? ", " : "") + kColumns[i] + " = excluded." + kColumns[i];
  }
  auto insert_call = db.prepare("INSERT INTO calls (" + names + ") VALUES (" + values +
                                ") ON CONFLICT(uid) DO UPDATE SET " + updates +
                                " WHERE disposition = 'in_progress'");
  auto forget_legs =
      db.prepare("DELETE FROM call_legs WHERE call_id = (SELECT id FROM calls WHERE uid = ?1)");
  auto insert_leg = db.prepare(
      "INSERT INTO call_legs (call_id, seq, agent, offered, answered, ended, result, sip_status, "
      "number) VALUES ((SELECT id FROM calls WHERE uid = ?1), ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  if (!insert_call.ok()) return insert_call.status();
  if (!forget_legs.ok()) return forget_legs.status();
  if (!insert_leg.ok()) return insert_leg.status();
  return in_transaction(db, [&]() -> Status {
    Status failed;
    for (const CallRecord& c : calls) {
      Statement& s = *insert_call;
      s.bind(1, c.uid).bind(2, c.direction).bind(3, c.caller).bind(4, c.called);
      s.bind(5, static_cast<std::int64_t>(c.arrived));
      bind_time(s, 6, c.ivr_exit);
      bind_time(s, 7, c.queued);
      bind_time(s, 8, c.offered);
      bind_time(s, 9, c.answered);
      s.bind(10, static_cast<std::int64_t>(c.ended));
      bind_time(s, 11, c.wrapup_ended);
      s.bind(12, c.ivr_path).bind(13, c.queue).bind(14, c.agent).bind(15, c.disposition);
      s.bind(16, c.hangup_side).bind(17, c.hangup_cause);
      s.bind(18, static_cast<std::int64_t>(c.sl_threshold)).bind(19, c.recording);
      s.bind(20, static_cast<std::int64_t>(c.recording_length));
      s.bind(21, c.caller_e164).bind(22, static_cast<std::int64_t>(c.hold));
      s.bind(23, c.disposition_code).bind(24, c.transferred_from);
      s.bind(25, static_cast<std::int64_t>(c.short_abandon));
      if (failed = s.run(); !failed.ok()) break;
      if (db.changes() == 0) {  // the call's final record is stored already
        if (in_progress) continue;
        failed = Status::already_exists("call " + c.uid + " is stored already");
        break;
      }
      forget_legs->bind(1, c.uid);
      if (failed = forget_legs->run(); !failed.ok()) break;
      for (std::size_t i = 0; i < c.legs.size() && failed.ok(); ++i) {
        const LegRecord& l = c.legs[i];
        Statement& ls = *insert_leg;
        ls.bind(1, c.uid).bind(2, static_cast<std::int64_t>(i + 1)).bind(3, l.agent);
        ls.bind(4, static_cast<std::int64_t>(l.offered));
        bind_time(ls, 5, l.answered);
        bind_time(ls, 6, l.ended);
        ls.bind(7, l.result).bind(8, static_cast<std::int64_t>(l.sip_status)).bind(9, l.number);
        failed = ls.run();
      }
      if (!failed.ok()) break;
    }
    return failed.ok() ? failed : failed.in(db.path() + ": ");
  });
}

Status CallStore::close_interrupted(const std::string& uid, Time ended, Duration recording_length) {
  Database& db = connections_->get();
  auto update = db.prepare(
      "UPDATE calls SET disposition = 'interrupted', hangup_side = 'center', "
      "hangup_cause = 'restart', ended = ?2, recording_us = ?3 "
      "WHERE uid = ?1 AND disposition = 'in_progress'");
  if (!update.ok()) return update.status();
  update->bind(1, uid).bind(2, static_cast<std::int64_t>(ended));
  update->bind(3, static_cast<std::int64_t>(recording_length));
  return update->run();
}

Status CallStore::set_wrapup_ended(const std::string& uid, Time when) {
  Database& db = connections_->get();
  auto update = db.prepare("UPDATE calls SET wrapup_ended = ?2 WHERE uid = ?1");
  if (!update.ok()) return update.status();
  update->bind(1, uid).bind(2, static_cast<std::int64_t>(when));
  return update->run();
}

Status CallStore::set_disposition_code(const std::string& uid, const std::string& code) {
  Database& db = connections_->get();
  auto update = db.prepare("UPDATE calls SET disposition_code = ?2 WHERE uid = ?1");
  if (!update.ok()) return update.status();
  update->bind(1, uid).bind(2, code);
  return update->run();
}

Result<std::vector<CallRecord>> CallStore::calls(Time from, Time to) {
  CallQuery q;
  q.from = from;
  q.to = to;
  q.limit = 0;
  return calls(q);
}

Result<std::optional<CallRecord>> CallStore::find(const std::string& uid) {
  CallQuery q;
  q.uid = uid;
  q.limit = 1;
  auto found = calls(q);
  if (!found.ok()) return found.status();
  if (found->empty()) return std::optional<CallRecord>();
  return std::optional<CallRecord>(std::move(found->front()));
}

Result<std::vector<CallRecord>> CallStore::calls(const CallQuery& q) {
  Database& db = connections_->get();
  // Lists as JSON arrays: SQLite's json_each makes them sets to match against.
  auto json_set = [](const std::vector<std::string>& values) {
    return values.empty() ? std::string() : json_out(nlohmann::json(values));
  };
  const std::string agents = json_set(q.agents);
  const std::string dispositions = json_set(q.dispositions);
  auto select = db.cached(
      std::string("SELECT id, uid, direction, caller, called, arrived, ivr_exit, queued, offered, "
                  "answered, ended, wrapup_ended, ivr_path, queue, agent, disposition, "
                  "hangup_side, hangup_cause, sl_threshold_us, recording, recording_us, hold_us, "
                  "disposition_code, transferred_from, short_abandon_us FROM calls "
                  "WHERE arrived >= ?1 AND arrived < ?2 AND (?3 = '' OR uid = ?3) "
                  "AND (?4 = '' OR agent IN (SELECT value FROM json_each(?4))) "
                  "AND (?6 = '' OR disposition IN (SELECT value FROM json_each(?6))) "
                  "AND (?7 = '' OR caller = ?7 OR called = ?7) ORDER BY ") +
      (q.newest_first ? "arrived DESC, id DESC" : "arrived, id") + " LIMIT ?5");
  auto legs = db.cached(
      "SELECT agent, offered, answered, ended, result, sip_status, number FROM call_legs "
      "WHERE call_id = ?1 ORDER BY seq");
  if (!select.ok()) return select.status();
  if (!legs.ok()) return legs.status();
  StatementLease select_lease(*select), legs_lease(*legs);
  (*select)->bind(1, static_cast<std::int64_t>(q.from)).bind(2, static_cast<std::int64_t>(q.to));
  (*select)->bind(3, q.uid).bind(4, agents);
  (*select)->bind(5, q.limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(q.limit));
  (*select)->bind(6, dispositions).bind(7, q.number);
  std::vector<CallRecord> out;
  for (;;) {
    Result<bool> row = (*select)->step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const Statement& s = **select;
    CallRecord c;
    c.uid = s.text(1);
    c.direction = s.text(2);
    c.caller = s.text(3);
    c.called = s.text(4);
    c.arrived = s.integer(5);
    c.ivr_exit = s.integer(6);
    c.queued = s.integer(7);
    c.offered = s.integer(8);
    c.answered = s.integer(9);
    c.ended = s.integer(10);
    c.wrapup_ended = s.integer(11);
    c.ivr_path = s.text(12);
    c.queue = s.text(13);
    c.agent = s.text(14);
    c.disposition = s.text(15);
    c.hangup_side = s.text(16);
    c.hangup_cause = s.text(17);
    c.sl_threshold = s.integer(18);
    c.recording = s.text(19);
    c.recording_length = s.integer(20);
    c.hold = s.integer(21);
    c.disposition_code = s.text(22);
    c.transferred_from = s.text(23);
    c.short_abandon = s.integer(24);
    Statement& l = **legs;
    l.bind(1, s.integer(0));
    for (;;) {
      Result<bool> leg = l.step();
      if (!leg.ok()) return leg.status();
      if (!*leg) break;
      c.legs.push_back(LegRecord{l.text(0), l.integer(1), l.integer(2), l.integer(3), l.text(4),
                                 static_cast<int>(l.integer(5)), l.text(6)});
    }
    l.reset();
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace hotline::store
