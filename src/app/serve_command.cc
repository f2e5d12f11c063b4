// hotline serve: run the center's telephony. hotline hash-password: HA1 for accounts.

#include <unistd.h>

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "config/center_config.h"
#include "server/center_server.h"
#include "sip/digest.h"
#include "sip/sip_server.h"
#include "store/service_store.h"
#include "store/stores.h"

namespace hotline::app {

namespace {

sip::SipSettings to_settings(const config::SipSection& s) {
  sip::SipSettings settings;
  settings.listen = s.listen;
  settings.realm = s.realm;
  settings.user_agent = s.user_agent;
  for (const auto& t : s.trunks)
    settings.trunks.push_back({t.name, t.addresses, t.outbound, t.number, t.user, t.ha1,
                               t.outbound_user, t.outbound_password});
  for (const auto& a : s.accounts)
    settings.accounts.push_back({a.user, a.ha1, a.agent});
  for (const auto& d : s.destinations)
    settings.destinations.push_back({d.name, d.uri, d.number, d.trunk});
  return settings;
}

// Settings changed in the administration pages, kept in the center's database (none
// before its first start).
config::CenterSettings stored_settings(const std::string& data_dir) {
  if (!std::filesystem::exists(store::database_path(data_dir))) return {};
  std::unique_ptr<store::ServiceStore> store;
  if (!store::open(data_dir, store).ok()) return {};  // the server reports it when it opens it
  auto settings = store->center_settings();
  return settings.ok() ? *settings : config::CenterSettings{};
}

int serve(const std::string& file, const std::string& listen_override,
          const std::string& data_dir) {
  Result<config::CenterConfig> base = config::load_center_config(file);
  if (!base.ok()) {
    std::fprintf(stderr, "%s\n", base.status().message().c_str());
    return kExitUsage;
  }
  const config::CenterSettings settings_kept = stored_settings(data_dir);
  Result<config::CenterConfig> c = base;
  if (!settings_kept.empty()) {
    c = config::load_center_config(file, settings_kept);
    if (!c.ok()) {
      // The file changed under them (a queue or an agent gone): the center runs on the
      // file alone rather than not at all; the settings wait to be mended.
      std::fprintf(stderr,
                   "hotline serve: the center settings kept in %s/hotline.db do not fit %s; "
                   "serving the file alone until they are changed:\n%s\n",
                   data_dir.c_str(), file.c_str(), c.status().message().c_str());
      c = base;
    }
  }
  sip::SipSettings settings = to_settings(c->sip.value_or(config::SipSection{}));
  if (!listen_override.empty()) settings.listen = listen_override;

  // Signals are taken synchronously by this thread (sigwait), never inside the SIP stack.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  server::ServerSettings server_settings;
  server_settings.sip = settings;
  const config::SipSection sip_section = c->sip.value_or(config::SipSection{});
  server_settings.rtp = {sip_section.rtp_address, sip_section.rtp_port_min,
                         sip_section.rtp_port_max, sip_section.rtp_timeout};
  server_settings.rtp.threads = sip_section.rtp_threads;
  server_settings.sip.phone_check = sip_section.phone_check;
  server_settings.sip.outbound_ring_timeout = sip_section.outbound_ring_timeout;
  server_settings.prompt_dir = (std::filesystem::path(file).parent_path() / "prompts").string();
  server_settings.data_dir = data_dir;
  if (c->api) {
    api::ApiSettings api;
    api.http.address = c->api->address;
    api.http.port = c->api->port;
    api.http.max_body = c->api->max_body;
    api.session_lifetime = c->api->session_lifetime;
    api.max_failed_logins = c->api->max_failed_logins;
    api.lockout = c->api->lockout;
    api.login_attempts_per_minute = c->api->login_attempts_per_minute;
    api.tickets = c->tickets;
    api.web_root = c->api->web_root.empty() ? HOTLINE_WEB_ROOT : c->api->web_root;
    server_settings.api = api;
  }
  server_settings.cache_dir =
      (std::filesystem::temp_directory_path() / ("hotline-prompts-" + std::to_string(getuid())))
          .string();
  server::ServerDeps deps;
  deps.clock = &system_clock();
  deps.start_sip = sip::SipServer::start;
  deps.start_relay = media::RtpRelay::start;
  auto server = server::CenterServer::start(*c, server_settings, deps);
  if (!server.ok()) {
    std::fprintf(stderr, "hotline serve: %s\n", server.status().message().c_str());
    return kExitFailure;
  }
  if (server_settings.api)
    std::printf("hotline: API on http://%s:%d/api/v1\n", server_settings.api->http.address.c_str(),
                (*server)->api_port());
  std::printf("hotline: serving %s; SIP on %s, RTP on %s:%d-%d (%zu trunks, %zu phone accounts)\n",
              c->name.empty() ? file.c_str() : c->name.c_str(), settings.listen.c_str(),
              server_settings.rtp.address.c_str(), server_settings.rtp.port_min,
              server_settings.rtp.port_max, settings.trunks.size(), settings.accounts.size());
  std::fflush(stdout);
  int signal = 0;
  sigwait(&signals, &signal);
  (*server)->stop();
  const server::ServerStats st = (*server)->stats();
  const sip::SipStats& s = st.sip;
  std::printf(
      "hotline: stopped (%s); %llu requests, %llu registrations, %llu authentication failures, "
      "%llu calls from unknown sources refused, %llu calls answered, %llu rejected, "
      "%llu RTP packets relayed (%llu lost on the way in, %llu RTCP reports sent, %llu read), "
      "%llu prompt packets played, %llu RTP ports open, %llu live "
      "handles, %llu call records written, %llu not written, %llu recordings (%llu s, %llu "
      "errors, %llu paused or resumed), %llu queue announcements\n",
      signal == SIGINT ? "SIGINT" : "SIGTERM", static_cast<unsigned long long>(s.requests),
      static_cast<unsigned long long>(s.registrations),
      static_cast<unsigned long long>(s.auth_failures),
      static_cast<unsigned long long>(s.rejected_sources),
      static_cast<unsigned long long>(st.calls_answered),
      static_cast<unsigned long long>(st.calls_rejected),
      static_cast<unsigned long long>(st.rtp.packets_relayed),
      static_cast<unsigned long long>(st.rtp.packets_lost),
      static_cast<unsigned long long>(st.rtp.rtcp_sent),
      static_cast<unsigned long long>(st.rtp.rtcp_received),
      static_cast<unsigned long long>(st.rtp.packets_played),
      static_cast<unsigned long long>(st.rtp.open_ports),
      static_cast<unsigned long long>(s.live_handles),
      static_cast<unsigned long long>(st.records_written),
      static_cast<unsigned long long>(st.records_waiting),
      static_cast<unsigned long long>(st.recordings.files_done),
      static_cast<unsigned long long>(st.recordings.seconds_written),
      static_cast<unsigned long long>(st.recordings.errors),
      static_cast<unsigned long long>(st.recording_pauses),
      static_cast<unsigned long long>(st.announcements));
  return s.live_handles == 0 && st.records_waiting == 0 ? kExitOk : kExitFailure;
}

}  // namespace

void add_serve_command(CLI::App& app, int* exit_code) {
  auto* cmd = app.add_subcommand("serve", "Run the center: SIP registrar and trunk guard");
  auto file = std::make_shared<std::string>();
  auto listen = std::make_shared<std::string>();
  cmd->add_option("CONFIG", *file, "The center configuration (YAML)")->required();
  auto data = std::make_shared<std::string>("hotline-data");
  cmd->add_option("--sip-listen", *listen, "Override sip.listen, e.g. sip:127.0.0.1:5060");
  cmd->add_option("--data", *data, "Directory for call records (hotline.db) and recordings")
      ->capture_default_str();
  cmd->callback([file, listen, data, exit_code] { *exit_code = serve(*file, *listen, *data); });

  auto* hash = app.add_subcommand("hash-password", "Print the HA1 to store for a phone account");
  auto user = std::make_shared<std::string>(), realm = std::make_shared<std::string>(),
       password = std::make_shared<std::string>();
  hash->add_option("USER", *user, "The extension, e.g. 1001")->required();
  hash->add_option("REALM", *realm, "sip.realm of the configuration")->required();
  hash->add_option("PASSWORD", *password, "The phone's password")->required();
  hash->callback([user, realm, password] {
    std::printf("%s\n", sip::digest_ha1(*user, *realm, *password).c_str());
  });
}

}  // namespace hotline::app
