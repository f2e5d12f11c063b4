// The running center: what `hotline serve` starts and stops. It owns the threads (the
// core, the prompt worker), the adapters (SIP stack, RTP relay, recorder, record writer,
// API) and the stores, starts them in an order that keeps every call's record, and hands
// the calls themselves to CallFlows on the core thread.

#include "server/center_server.h"

#include <filesystem>

#include "campaigns/campaign_store.h"
#include "orders/order_store.h"
#include "leads/lead_store.h"
#include "server/call_flows.h"
#include "server/call_records.h"
#include "store/customer_store.h"
#include "store/knowledge_store.h"
#include "store/service_store.h"
#include "store/stores.h"
#include "store/ticket_store.h"

namespace hotline::server {

namespace detail {

class RunningCenter final : public CenterServer {
 public:
  RunningCenter(const config::CenterConfig& config, const ServerSettings& settings,
                const ServerDeps& deps)
      : clock_(*deps.clock),
        start_sip_(deps.start_sip),
        start_relay_(deps.start_relay),
        settings_(settings),
        has_services_(!config.services.empty()),
        flows_(config, settings, clock_, core_, prompt_worker_, [this] { return stats(); }) {}
  ~RunningCenter() override { stop(); }

  Status run();
  void stop() override;
  ServerStats stats() const override;
  int api_port() const override { return api_ ? api_->port() : 0; }
  api::CenterView& view() override { return flows_.view(); }

 private:
  // The stores the API reads and writes, opened when the center has an API.
  Status start_api();

  const Clock& clock_;
  ServerDeps::StartSip start_sip_;
  ServerDeps::StartRelay start_relay_;
  const ServerSettings settings_;
  const bool has_services_;  // back-end services for the IVR to look up
  // The core thread (CallCenter, the call table) and the prompt worker (files, TTS), both
  // timed by the server's clock.
  EventLoop core_{clock_}, prompt_worker_{clock_};
  CallFlows flows_;
  std::unique_ptr<RecordWriter> records_;
  std::unique_ptr<media::Recorder> recorder_;  // outlives the relay that feeds it
  std::unique_ptr<media::RtpRelay> relay_;
  std::unique_ptr<sip::SipServer> sip_;
  std::unique_ptr<lookup::HttpLookup> lookups_;
  std::unique_ptr<store::RegistrationStore> registrations_;  // used on the record thread
  std::unique_ptr<store::ServiceStore> service_store_;
  std::unique_ptr<store::CustomerStore> customer_store_;
  std::unique_ptr<store::KnowledgeStore> knowledge_store_;
  std::unique_ptr<store::TicketStore> ticket_store_;
  std::unique_ptr<store::CallStore> call_reader_;  // the API's reads of call records
  std::unique_ptr<leads::LeadStore> lead_store_;
  std::unique_ptr<campaigns::CampaignStore> campaign_store_;
  std::unique_ptr<orders::OrderStore> order_store_;
  std::unique_ptr<api::ApiService> api_;
  std::atomic<bool> stopped_{false};
};

Status RunningCenter::run() {
  std::error_code ec;
  std::filesystem::create_directories(settings_.data_dir, ec);
  if (ec) return Status::io_error("data directory " + settings_.data_dir + ": " + ec.message());
  std::unique_ptr<store::CallStore> store;  // the record writer's, once the day is rebuilt
  if (Status s = store::open(settings_.data_dir, store); !s.ok()) return s;
  const std::string recordings_dir =
      (std::filesystem::path(settings_.data_dir) / "recordings").string();
  auto interrupted = close_interrupted_calls(*store, recordings_dir);
  if (!interrupted.ok()) return interrupted.status();
  if (*interrupted > 0)
    std::fprintf(stderr, "hotline: %zu calls cut off by the last stop recorded as interrupted\n",
                 *interrupted);
  if (Status s = flows_.rebuild_today(*store, clock_.now()); !s.ok()) return s;
  auto records = RecordWriter::start(std::move(store));
  if (!records.ok()) return records.status();
  records_ = std::move(*records);
  auto recorder = media::Recorder::start(recordings_dir);
  if (!recorder.ok()) return recorder.status();
  recorder_ = std::move(*recorder);
  auto relay = start_relay_(
      settings_.rtp,
      [this](const media::MediaEvent& e) { core_.post([this, e] { flows_.on_media(e); }); },
      recorder_.get());
  if (!relay.ok()) return relay.status();
  relay_ = std::move(*relay);
  if (settings_.api)
    if (Status s = start_api(); !s.ok()) return s;
  if (Status s = prompt_worker_.start(); !s.ok()) return s;
  if (has_services_) lookups_ = std::make_unique<lookup::HttpLookup>();
  // Phones registered before the restart are still there: their agents stay logged in.
  if (Status s = store::open(settings_.data_dir, registrations_); !s.ok()) return s;
  // Before the core thread starts: it reads these without a lock.
  flows_.use(*records_, *registrations_, lookups_.get(), api_.get());
  if (Status s = core_.start([this] { return flows_.next_timer(); },
                             [this] { flows_.tick(clock_.now()); });
      !s.ok())
    return s;
  sip::SipSettings sip_settings = settings_.sip;
  if (auto kept = registrations_->live(clock_.now()); kept.ok())
    for (store::StoredRegistration& r : *kept)
      sip_settings.kept_bindings.emplace_back(r.user,
                                              sip::Binding{r.contact, r.expires_at, r.route});
  else
    std::fprintf(stderr, "hotline: phones' registrations not restored: %s\n",
                 kept.status().message().c_str());
  sip_settings.new_call_id = [this] { return flows_.new_call_id(); };
  auto sip = start_sip_(sip_settings, &flows_);
  if (!sip.ok()) return sip.status();
  sip_ = std::move(*sip);
  auto moh =
      media::load_audio_8k((std::filesystem::path(settings_.prompt_dir) / "moh.wav").string());
  flows_.attach(*sip_, *relay_,
                moh.ok() && !moh->empty() ? std::move(*moh) : media::default_hold_music());
  flows_.log_in_remote_seats();
  return {};
}

Status RunningCenter::start_api() {
  for (Status s : {store::open(settings_.data_dir, service_store_),
                   store::open(settings_.data_dir, customer_store_),
                   store::open(settings_.data_dir, knowledge_store_),
                   store::open(settings_.data_dir, ticket_store_),
                   store::open(settings_.data_dir, call_reader_),
                   store::open(settings_.data_dir, lead_store_),
                   store::open(settings_.data_dir, campaign_store_),
                   store::open(settings_.data_dir, order_store_)})
    if (!s.ok()) return s;
  api::ApiSettings api_settings = *settings_.api;
  api_settings.recordings_dir = (std::filesystem::path(settings_.data_dir) / "recordings").string();
  auto api =
      api::ApiService::start(api_settings,
                             {service_store_.get(), customer_store_.get(), knowledge_store_.get(),
                              ticket_store_.get(), call_reader_.get(), lead_store_.get(),
                              campaign_store_.get(), order_store_.get()},
                             &flows_.view());
  if (!api.ok()) return api.status();
  api_ = std::move(*api);
  return {};
}

void RunningCenter::stop() {
  if (stopped_.exchange(true)) return;
  flows_.stopping();       // calls the SIP side ends from now on were ended by the center
  if (api_) api_->stop();  // its requests may wait on the core
  if (sip_) sip_->stop();  // no more calls arrive
  core_.stop();
  if (lookups_) lookups_->stop();  // answers still coming find the core stopped
  prompt_worker_.stop();
  if (relay_) relay_->stop();
  if (recorder_) recorder_->stop();  // after the relay: its last audio is written
  if (records_) records_->stop();
}

ServerStats RunningCenter::stats() const {
  ServerStats s;
  if (sip_) s.sip = sip_->stats();
  if (relay_) s.rtp = relay_->counters();
  flows_.add_stats(s);
  if (recorder_) s.recordings = recorder_->counters();
  if (records_) {
    s.records_written = records_->written();
    s.records_waiting = records_->waiting();
  }
  if (lookups_) {
    s.lookups_succeeded = lookups_->counters().succeeded;
    s.lookups_failed = lookups_->counters().failed;
  }
  return s;
}

}  // namespace detail

Result<std::unique_ptr<CenterServer>> CenterServer::start(const config::CenterConfig& config,
                                                          const ServerSettings& settings,
                                                          const ServerDeps& deps) {
  if (!deps.clock || !deps.start_sip || !deps.start_relay)
    return Status::internal("the server needs a clock, a SIP server and an RTP relay");
  auto server = std::make_unique<detail::RunningCenter>(config, settings, deps);
  if (Status s = server->run(); !s.ok()) return s;
  return std::unique_ptr<CenterServer>(std::move(server));
}

}  // namespace hotline::server
