#include "server/call_records.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "crm/phone_number.h"
#include "media/prompts.h"

namespace hotline::server {

store::CallRecord make_record(const center::CallTrace& trace, CallDetails details,
                              const std::vector<std::string>& agent_names) {
  store::CallRecord r;
  r.uid = std::move(details.uid);
  r.caller = trace.caller;
  r.called = std::move(details.called);
  r.arrived = trace.arrived;
  r.ivr_exit = trace.ivr_exit;
  r.queued = trace.queued;
  r.offered = trace.offered;
  r.answered = trace.answered;
  r.ended = trace.ended;
  r.ivr_path = trace.ivr_path;
  r.queue = trace.queue;
  if (trace.agent < agent_names.size()) r.agent = agent_names[trace.agent];
  r.disposition = center::disposition_name(trace.disposition);
  r.hangup_side = center::hangup_side_name(trace.side);
  // A hangup by either party is a BYE (or the caller's CANCEL before answer); the center's
  // own endings carry their reason.
  if (!details.hangup_cause.empty())
    r.hangup_cause = details.hangup_cause;
  else if (!trace.cause.empty())
    r.hangup_cause = trace.cause;
  else
    r.hangup_cause = trace.side == center::HangupSide::kCenter ? "center" : "bye";
  r.sl_threshold = trace.sl_threshold;
  r.recording = std::move(details.recording);
  r.recording_length =
      r.recording.empty() || trace.answered == 0 ? 0 : trace.ended - trace.answered;
  r.hold = details.hold + (details.hold_since ? trace.ended - details.hold_since : 0);
  r.disposition_code = std::move(details.disposition_code);
  r.transferred_from = std::move(details.transferred_from);
  r.legs = std::move(details.legs);
  for (store::LegRecord& leg : r.legs)
    if (leg.answered != 0 && leg.ended == 0) leg.ended = trace.ended;
  return r;
}

Result<std::size_t> close_interrupted_calls(store::CallStore& store,
                                            const std::string& recordings_dir) {
  store::CallQuery q;
  q.dispositions = {"in_progress"};
  q.limit = 0;
  auto open = store.calls(q);
  if (!open.ok()) return open.status();
  for (const store::CallRecord& c : *open) {
    Duration recorded = 0;
    if (!c.recording.empty())
      if (auto length =
              media::audio_length((std::filesystem::path(recordings_dir) / c.recording).string());
          length.ok())
        recorded = *length;
    Time ended = std::max({c.arrived, c.ivr_exit, c.queued, c.offered, c.answered});
    if (c.answered != 0) ended = std::max(ended, c.answered + recorded);
    if (Status s = store.close_interrupted(c.uid, ended, recorded); !s.ok()) return s;
  }
  return open->size();
}

Result<std::unique_ptr<RecordWriter>> RecordWriter::start(std::unique_ptr<store::CallStore> store) {
  auto writer = std::make_unique<RecordWriter>(std::move(store));
  if (Status s = writer->thread_.start(); !s.ok()) return s;
  return writer;
}

RecordWriter::RecordWriter(std::unique_ptr<store::CallStore> store) : store_(std::move(store)) {}

RecordWriter::~RecordWriter() {
  stop();
}

void RecordWriter::save(std::vector<store::CallRecord> calls) {
  if (calls.empty()) return;
  waiting_ += calls.size();
  thread_.post([this, calls = std::move(calls)]() mutable {
    for (store::CallRecord& c : calls) {
      // Here, off the core thread: the customer's timeline finds calls by this form.
      c.caller_e164 = crm::to_e164(c.caller).value_or("");
      backlog_.push_back(std::move(c));
    }
    write_backlog();
  });
}

void RecordWriter::in_progress(store::CallRecord call) {
  thread_.post([this, call = std::move(call)]() mutable {
    call.caller_e164 = crm::to_e164(call.caller).value_or("");
    if (Status s = store_->save_in_progress(call); !s.ok()) {
      ++failures_;
      std::fprintf(stderr, "hotline: record of call %s in progress not written: %s\n",
                   call.uid.c_str(), s.message().c_str());
    }
  });
}

void RecordWriter::write_backlog() {
  if (backlog_.empty()) return;
  Status s = store_->save(backlog_);
  if (!s.ok()) {
    ++failures_;
    std::fprintf(stderr, "hotline: call records not written yet (%zu waiting): %s\n",
                 backlog_.size(), s.message().c_str());
    return;
  }
  written_ += backlog_.size();
  waiting_ -= backlog_.size();
  backlog_.clear();
}

void RecordWriter::wrapup_ended(const std::string& uid, Time when) {
  amend(uid, "wrap-up end",
        [uid, when](store::CallStore& s) { return s.set_wrapup_ended(uid, when); });
}

void RecordWriter::disposition_code(const std::string& uid, const std::string& code) {
  amend(uid, "disposition code",
        [uid, code](store::CallStore& s) { return s.set_disposition_code(uid, code); });
}

void RecordWriter::amend(const std::string& uid, const char* what,
                         std::function<Status(store::CallStore&)> change) {
  thread_.post([this, uid, what, change = std::move(change)] {
    write_backlog();  // the call's own record first
    if (Status s = change(*store_); !s.ok()) {
      ++failures_;
      std::fprintf(stderr, "hotline: %s of %s not written: %s\n", what, uid.c_str(),
                   s.message().c_str());
    }
  });
}

void RecordWriter::then(std::function<void()> done) {
  thread_.post(std::move(done));
}

void RecordWriter::stop() {
  thread_.stop();
  write_backlog();  // a last try
}

}  // namespace hotline::server
