#pragma once
// Stand-ins for the SIP stack and the RTP relay, so that the real server components run
// a call without sockets: each fake writes what the server asked of it in a journal the
// test waits on, and the test plays the network's part through sip::CallHandler.

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "media/rtp_relay.h"
#include "sip/sip_server.h"

namespace hotline::server::testing {

// What the server asked of a fake, one line per request ("answer 1", "ring_agent 7 a1").
// Written from the server's threads, read by the test.
class Journal {
 public:
  void add(std::string line) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      lines_.push_back(std::move(line));
    }
    changed_.notify_all();
  }
  // The first line starting with `prefix` and ending with `suffix`, waiting up to 5 s for
  // it; "" if none came.
  std::string wait_for(const std::string& prefix, const std::string& suffix = "") {
    std::unique_lock<std::mutex> lock(mutex_);
    std::string found;
    changed_.wait_for(lock, std::chrono::seconds(5), [&] {
      auto it = std::find_if(lines_.begin(), lines_.end(), [&](const std::string& l) {
        return l.rfind(prefix, 0) == 0 && l.size() >= prefix.size() + suffix.size() &&
               l.compare(l.size() - suffix.size(), suffix.size(), suffix) == 0;
      });
      if (it != lines_.end()) found = *it;
      return !found.empty();
    });
    return found;
  }
  // The n-th line (from 1) starting with `prefix`, waiting up to 5 s for it; "" if it
  // did not come.
  std::string wait_for_nth(const std::string& prefix, std::size_t n) {
    std::unique_lock<std::mutex> lock(mutex_);
    std::string found;
    changed_.wait_for(lock, std::chrono::seconds(5), [&] {
      std::size_t seen = 0;
      for (const std::string& l : lines_)
        if (l.rfind(prefix, 0) == 0 && ++seen == n) found = l;
      return !found.empty();
    });
    return found;
  }
  // The lines from the `first`-th on (from 0): what came since the test last looked.
  std::vector<std::string> lines_from(std::size_t first) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (first >= lines_.size()) return {};
    return {lines_.begin() + static_cast<long>(first), lines_.end()};
  }
  std::vector<std::string> lines() {
    std::lock_guard<std::mutex> lock(mutex_);
    return lines_;
  }
  // How many lines start with `prefix` now.
  std::size_t count(const std::string& prefix) {
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<std::size_t>(
        std::count_if(lines_.begin(), lines_.end(),
                      [&](const std::string& l) { return l.rfind(prefix, 0) == 0; }));
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> lines_;
};

class FakeSip final : public sip::SipServer {
 public:
  FakeSip(const sip::SipSettings& settings, sip::CallHandler* handler)
      : handler(handler), new_call_id(settings.new_call_id) {}
  void answer(std::uint64_t call, const std::string&) override {
    journal.add("answer " + std::to_string(call));
  }
  void reject(std::uint64_t call, int status) override {
    journal.add("reject " + std::to_string(call) + " " + std::to_string(status));
  }
  void hang_up(std::uint64_t call) override { journal.add("hang_up " + std::to_string(call)); }
  void ring_agent(std::uint64_t leg, const std::string& agent, const std::string&,
                  const std::string&, const std::string&) override {
    journal.add("ring_agent " + std::to_string(leg) + " " + agent);
  }
  void dial_out(std::uint64_t leg, const std::string& number, const std::string&,
                const std::string&, const std::string&) override {
    journal.add("dial_out " + std::to_string(leg) + " " + number);
  }
  void confirm_bye(sip::Side side, std::uint64_t id) override {
    journal.add(std::string("confirm_bye ") + (side == sip::Side::kCaller ? "caller " : "agent ") +
                std::to_string(id));
  }
  void answer_reoffer(sip::Side side, std::uint64_t id, int status, const std::string&) override {
    journal.add(std::string("answer_reoffer ") +
                (side == sip::Side::kCaller ? "caller " : "agent ") + std::to_string(id) + " " +
                std::to_string(status));
  }
  void stop_ringing(std::uint64_t leg) override {
    journal.add("stop_ringing " + std::to_string(leg));
  }
  void hang_up_leg(std::uint64_t leg) override {
    journal.add("hang_up_leg " + std::to_string(leg));
  }
  void stop() override {}
  sip::SipStats stats() const override { return {}; }

  // A call coming in: its id from the server's id space, as the SIP side takes it.
  std::uint64_t new_call() { return new_call_id(); }

  sip::CallHandler* handler;  // the server: the test calls it as the SIP thread would
  std::function<std::uint64_t()> new_call_id;
  Journal journal;
};

class FakeRelay final : public media::RtpRelay {
 public:
  explicit FakeRelay(media::MediaEventSink events) : events(std::move(events)) {}
  Result<Ports> open(const media::LegSetup&, const media::LegSetup&) override {
    const SessionId session = next_session_++;
    journal.add("open " + std::to_string(session));
    return Ports{session, 40000 + 2 * static_cast<int>(session), 50000};
  }
  void set_peer(SessionId, media::Leg, const std::string&, int) override {}
  void close(SessionId session) override { journal.add("close " + std::to_string(session)); }
  void watch(SessionId, media::Leg, bool) override {}
  void forget_peer(SessionId, media::Leg) override {}
  void configure(SessionId, media::Leg, const media::LegSetup&) override {}
  void play(SessionId session, std::vector<std::int16_t>) override {
    journal.add("play " + std::to_string(session));
  }
  void stop_playing(SessionId session) override {
    journal.add("stop_playing " + std::to_string(session));
  }
  void record(SessionId session, const std::string&) override {
    journal.add("record " + std::to_string(session));
  }
  void pause_recording(SessionId, bool) override {}
  void stop_recording(SessionId) override {}
  void part(SessionId session, bool parted) override {
    journal.add("part " + std::to_string(session) + (parted ? " on" : " off"));
  }
  media::RelayCounters counters() const override { return {}; }
  void stop() override {}

  media::MediaEventSink events;  // the server: key presses, prompts done, RTP timeouts
  Journal journal;

 private:
  SessionId next_session_ = 1;
};

}  // namespace hotline::server::testing
