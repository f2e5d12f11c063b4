// The `sip` section: where to listen, which addresses are trunks, agents' phone accounts.

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "config/sections.h"

namespace hotline::config {

namespace {

bool is_ip_address(const std::string& text) {
  unsigned char buf[16];
  return inet_pton(AF_INET, text.c_str(), buf) == 1 || inet_pton(AF_INET6, text.c_str(), buf) == 1;
}

// An outside number as dialled through a trunk: digits, an optional leading '+'.
bool is_phone_number(const std::string& text) {
  const std::size_t start = !text.empty() && text[0] == '+' ? 1 : 0;
  if (text.size() <= start || text.size() > 32) return false;
  for (std::size_t i = start; i < text.size(); ++i)
    if (!std::isdigit(static_cast<unsigned char>(text[i]))) return false;
  return true;
}

// "sip:[user@]IPv4[:port]": reached without DNS, like every address of the configuration.
bool is_direct_sip_uri(const std::string& text) {
  if (text.rfind("sip:", 0) != 0) return false;
  std::string host = text.substr(4);
  if (const std::size_t at = host.find('@'); at != std::string::npos) host = host.substr(at + 1);
  if (const std::size_t colon = host.find(':'); colon != std::string::npos) {
    const std::string port = host.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char ch) { return std::isdigit(ch); }))
      return false;
    host = host.substr(0, colon);
  }
  unsigned char buf[4];
  return inet_pton(AF_INET, host.c_str(), buf) == 1;
}

void parse_destinations(YamlReader& r, const YAML::Node& list, const CenterConfig& c,
                        SipSection& sip) {
  if (!r.is_list(list, "'destinations'")) return;
  for (const YAML::Node& d : list) {
    if (!r.is_map(d, "a destination")) continue;
    r.only_keys(d, {"name", "uri", "number", "trunk"});
    SipSection::Destination dest;
    dest.name = r.text(d, "name", true).value_or("");
    dest.uri = r.text(d, "uri", false).value_or("");
    dest.number = r.text(d, "number", false).value_or("");
    dest.trunk = r.text(d, "trunk", false).value_or("");
    if (sip.destination(dest.name))
      r.error(d["name"], "destination '" + dest.name + "' is defined twice");
    for (const auto& q : c.model.queues)
      if (q.name == dest.name)
        r.error(d["name"], "destination '" + dest.name + "' has the name of a queue");
    if (dest.uri.empty() == dest.number.empty()) {
      r.error(d, "a destination needs exactly one of 'uri' or 'number' (with 'trunk')");
    } else if (!dest.uri.empty()) {
      if (!is_direct_sip_uri(dest.uri))
        r.error(d["uri"], "uri must be sip:[user@]IPv4[:port], e.g. sip:overflow@192.0.2.50:5060");
      if (d["trunk"]) r.error(d["trunk"], "a destination by uri goes through no trunk");
    } else {
      if (!is_phone_number(dest.number))
        r.error(d["number"], "number must be a phone number (digits, optionally a leading +)");
      const SipSection::Trunk* trunk = nullptr;
      for (const auto& t : sip.trunks)
        if (t.name == dest.trunk) trunk = &t;
      if (!trunk)
        r.error(d, "a destination by number needs 'trunk', the name of a trunk");
      else if (trunk->outbound.empty())
        r.error(d["trunk"], "trunk '" + dest.trunk + "' has no 'outbound' to call through");
    }
    sip.destinations.push_back(std::move(dest));
  }
}

bool is_md5_hex(const std::string& text) {
  if (text.size() != 32) return false;
  for (char ch : text)
    if (!std::isxdigit(static_cast<unsigned char>(ch))) return false;
  return true;
}

}  // namespace

void parse_sip(YamlReader& r, const YAML::Node& n, CenterConfig& c) {
  if (!r.is_map(n, "'sip'")) return;
  r.only_keys(n, {"listen", "realm", "trunks", "accounts", "rtp_address", "rtp_ports",
                  "rtp_threads", "rtp_timeout_s", "phone_check_s", "remote_seats", "destinations",
                  "outbound_ring_timeout_s", "user_agent"});
  SipSection sip;
  if (auto listen = r.text(n, "listen", false)) {
    if (listen->rfind("sip:", 0) != 0)
      r.error(n["listen"], "listen must be a SIP URL like sip:0.0.0.0:5060");
    sip.listen = *listen;
  }
  if (auto realm = r.text(n, "realm", false)) sip.realm = *realm;
  if (auto address = r.text(n, "rtp_address", false)) {
    if (!is_ip_address(*address))
      r.error(n["rtp_address"], "rtp_address must be an IP address");
    else
      sip.rtp_address = *address;
  }
  if (auto ports = r.text(n, "rtp_ports", false)) {
    int low = 0, high = 0;
    char tail = 0;
    if (std::sscanf(ports->c_str(), "%d-%d%c", &low, &high, &tail) != 2 || low < 1024 ||
        high > 65534 || low >= high)
      r.error(n["rtp_ports"], "rtp_ports must be a range like 30000-39999 within 1024-65534");
    else
      sip.rtp_port_min = low, sip.rtp_port_max = high;
  }
  if (auto threads = r.integer(n, "rtp_threads", 0, 256)) sip.rtp_threads = *threads;
  if (auto timeout = r.number(n, "rtp_timeout_s", 0, 3600))
    sip.rtp_timeout = static_cast<Duration>(*timeout * kMicrosPerSecond);
  if (auto check = r.number(n, "phone_check_s", 0, 3600))
    sip.phone_check = static_cast<Duration>(*check * kMicrosPerSecond);
  if (auto ring = r.number(n, "outbound_ring_timeout_s", 0, 600))
    sip.outbound_ring_timeout = static_cast<Duration>(*ring * kMicrosPerSecond);
  if (auto agent = r.text(n, "user_agent", false)) {
    const bool printable =
        !agent->empty() && agent->size() <= 100 &&
        std::all_of(agent->begin(), agent->end(), [](char ch) { return ch >= 0x20 && ch < 0x7f; });
    if (printable)
      sip.user_agent = *agent;
    else
      r.error(n["user_agent"], "user_agent must be 1-100 printable ASCII characters");
  }
  if (const YAML::Node trunks = n["trunks"]; trunks && r.is_list(trunks, "trunks")) {
    for (const YAML::Node& t : trunks) {
      if (!r.is_map(t, "a trunk")) continue;
      r.only_keys(t, {"name", "addresses", "outbound", "number", "user", "ha1", "outbound_user",
                      "outbound_password"});
      SipSection::Trunk trunk;
      trunk.name = r.text(t, "name", true).value_or("");
      if (auto outbound = r.text(t, "outbound", false)) {
        if (outbound->rfind("sip:", 0) != 0 || outbound->find('@') != std::string::npos)
          r.error(t["outbound"],
                  "outbound must be the carrier's SIP address, like sip:10.0.0.1:5060");
        else
          trunk.outbound = *outbound;
      }
      if (auto number = r.text(t, "number", false)) {
        if (!is_phone_number(*number))
          r.error(t["number"], "number must be a phone number (digits, optionally a leading +)");
        else
          trunk.number = *number;
      }
      trunk.user = r.text(t, "user", false).value_or("");
      trunk.ha1 = r.text(t, "ha1", false).value_or("");
      if (trunk.user.empty() != trunk.ha1.empty())
        r.error(t, "a trunk's digest credentials need both 'user' and 'ha1'");
      else if (!trunk.ha1.empty() && !is_md5_hex(trunk.ha1))
        r.error(t["ha1"],
                "ha1 must be 32 hex digits: MD5(user:realm:password), see `hotline hash-password`");
      trunk.outbound_user = r.text(t, "outbound_user", false).value_or("");
      trunk.outbound_password = r.text(t, "outbound_password", false).value_or("");
      if (trunk.outbound_user.empty() != trunk.outbound_password.empty())
        r.error(t,
                "a trunk's outbound credentials need both 'outbound_user' and 'outbound_password'");
      if (!trunk.outbound.empty() && trunk.number.empty())
        r.error(t, "a trunk with 'outbound' needs 'number' (the center's number to show)");
      if (const YAML::Node addresses = t["addresses"];
          addresses && r.is_list(addresses, "addresses")) {
        for (const YAML::Node& a : addresses) {
          const std::string text = a.IsScalar() ? a.Scalar() : "";
          if (!is_ip_address(text))
            r.error(a, "'" + text + "' is not an IP address");
          else
            trunk.addresses.push_back(text);
        }
      } else if (!addresses && trunk.user.empty()) {
        r.error(t,
                "a trunk needs 'addresses' (the carrier's source addresses) or 'user' and 'ha1'");
      }
      sip.trunks.push_back(std::move(trunk));
    }
  }
  std::set<std::string> users;  // one user name per set of credentials, trunks' or phones'
  for (const auto& t : sip.trunks)
    if (!t.user.empty() && !users.insert(t.user).second)
      r.error(n["trunks"], "two trunks authenticate as '" + t.user + "'");
  if (const YAML::Node accounts = n["accounts"]; accounts && r.is_list(accounts, "accounts")) {
    for (const YAML::Node& a : accounts) {
      if (!r.is_map(a, "an account")) continue;
      r.only_keys(a, {"user", "agent", "ha1"});
      SipSection::Account account;
      account.user = r.text(a, "user", true).value_or("");
      account.agent = r.text(a, "agent", true).value_or("");
      account.ha1 = r.text(a, "ha1", true).value_or("");
      if (!account.user.empty() && !users.insert(account.user).second)
        r.error(a["user"], "duplicate account '" + account.user + "'");
      bool known = false;
      for (const auto& agent : c.model.agents)
        known |= agent.name == account.agent;
      if (!account.agent.empty() && !known)
        r.error(a["agent"], "unknown agent '" + account.agent + "'");
      if (!account.ha1.empty() && !is_md5_hex(account.ha1))
        r.error(a["ha1"],
                "ha1 must be 32 hex digits: MD5(user:realm:password), see `hotline hash-password`");
      sip.accounts.push_back(std::move(account));
    }
  }
  bool can_dial = false;
  for (const auto& t : sip.trunks)
    can_dial |= !t.outbound.empty();
  if (n["destinations"]) parse_destinations(r, n["destinations"], c, sip);
  // A transfer or an overflow with nowhere to send it would fail every caller it takes.
  for (const ivr::Node& node : c.ivr.nodes) {
    if (node.type != ivr::NodeType::kTransfer || sip.destination(node.number)) continue;
    if (!is_phone_number(node.number)) {
      r.error(n, "IVR node '" + node.id + "' transfers to '" + node.number +
                     "': neither a number nor one of 'destinations'");
    } else if (!can_dial) {
      r.error(n, "IVR node '" + node.id +
                     "' transfers to a number, but no trunk has 'outbound' to call it through");
      break;
    }
  }
  for (const auto& q : c.model.queues)
    for (const auto& rule : q.overflow)
      if (rule.action == acd::OverflowAction::kTarget && rule.target_queue == acd::kNoQueue &&
          !sip.destination(rule.target))
        r.error(n, "queue '" + q.name + "' overflows to '" + rule.target +
                       "': neither a queue nor one of 'destinations'");
  if (const YAML::Node seats = n["remote_seats"]; seats && r.is_list(seats, "remote_seats")) {
    if (!can_dial)
      r.error(seats, "remote seats are reached through a trunk: give a trunk 'outbound'");
    std::set<std::string> seated;
    for (const YAML::Node& s : seats) {
      if (!r.is_map(s, "a remote seat")) continue;
      r.only_keys(s, {"agent", "number"});
      SipSection::RemoteSeat seat;
      seat.agent = r.text(s, "agent", true).value_or("");
      seat.number = r.text(s, "number", true).value_or("");
      bool known = false;
      for (const auto& agent : c.model.agents)
        known |= agent.name == seat.agent;
      if (!seat.agent.empty() && !known) r.error(s["agent"], "unknown agent '" + seat.agent + "'");
      if (!seat.agent.empty() && !seated.insert(seat.agent).second)
        r.error(s["agent"], "agent '" + seat.agent + "' has two remote seats");
      if (s["number"] && !is_phone_number(seat.number))
        r.error(s["number"], "number must be a phone number (digits, optionally a leading +)");
      sip.remote_seats.push_back(std::move(seat));
    }
  }
  c.sip = std::move(sip);
}

}  // namespace hotline::config
