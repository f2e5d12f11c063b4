#pragma once
// LeadStore: purchased lead lists in hotline.db, from import to destruction, and the
// do-not-call list. An import is one transaction: every lead of the file that may be
// called goes in, with the list's vendor, batch, price and consent source, or nothing
// does; rows left out are reported one by one (row, column, reason): numbers that are
// not numbers, numbers already given earlier in the file, already leads of the campaign
// or of a list imported within the dedupe window, and numbers on the do-not-call list
// (center-wide or the campaign's). Destroying a list deletes its leads — numbers, names,
// fields — with SQLite's secure delete, then reclaims the space and empties the
// write-ahead log, so that nothing of them is left in the files; the list keeps its
// counts and who destroyed it when. Leads are handed out fairly and in the open: the
// director gives batches to teams, team leads give their team's leads to agents in equal
// counts, or leave them in the team's shared pool. Each of these steps writes the audit
// log in the same transaction. A sample of a list's leads is test-called to judge its
// vendor; lists older than three months are re-cleansed.
//
// Thread-safety: every method from any thread (a connection per thread).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"
#include "leads/do_not_call.h"
#include "leads/lead_file.h"
#include "store/audit.h"

namespace hotline::store {
class ThreadConnections;
}

namespace hotline::leads {

using store::Actor;

struct LeadList {
  std::int64_t id = 0;  // given by import()
  std::string name;
  std::string vendor;
  std::string batch;
  std::int64_t price_fen = 0;            // what the list cost, in fen (0.01 CNY)
  std::string bought;                    // YYYY-MM-DD
  std::string consent;                   // where the people's consent comes from
  std::string campaign;                  // "" until the list is given to a campaign
  int retention_days = 0;                // destroyed this long after import; 0: only by hand
  std::vector<std::string> field_names;  // the columns kept beside number and name
  std::string encoding;                  // the file's ("UTF-8", "GB18030")
  Time imported = 0;
  std::string imported_by;
  // Counts, kept when the leads are gone.
  int rows = 0;         // data rows in the file
  int leads = 0;        // imported
  int invalid = 0;      // not a lead (bad number, broken row)
  int duplicates = 0;   // in the file, the campaign or the center's window already
  int do_not_call = 0;  // on the do-not-call list
  Time destroyed = 0;   // 0 while the leads exist
  std::string destroyed_by;
  int leads_destroyed = 0;
  Time recleansed = 0;    // the last re-cleansing; 0: never
  int leads_removed = 0;  // by re-cleansings
};

// A list wants re-cleansing this long after its import or its last re-cleansing: numbers
// change hands, people ask not to be called.
constexpr Duration kStaleAfter = seconds(90 * 86400);
bool is_stale(const LeadList& list, Time now);

// A test call to one lead of a quality sample, and what it found.
struct TestResult {
  bool valid = false;         // the number exists
  bool reachable = false;     // someone answered
  bool right_person = false;  // the person the list names
  bool interested = false;
};
struct TestCall {
  std::int64_t lead = 0;
  std::string phone;  // "" once the list is destroyed
  std::string name;
  bool tested = false;
  TestResult result;
  std::string tested_by;
};
struct Sample {
  std::int64_t id = 0;
  std::int64_t list = 0;
  Time drawn = 0;
  std::string drawn_by;
  std::vector<TestCall> calls;
};

// What a vendor's lists brought: bought, paid, and what their test calls found.
struct VendorFigures {
  std::string vendor;
  int lists = 0;
  std::int64_t leads = 0;      // imported
  std::int64_t price_fen = 0;  // paid for the lists
  int tested = 0, valid = 0, reachable = 0, right_person = 0, interested = 0;
};

// What a re-cleansing took out of a list.
struct Recleansing {
  int checked = 0;
  int invalid = 0;      // numbers no longer valid
  int do_not_call = 0;  // on the do-not-call list now
  int duplicates = 0;   // leads of the campaign's other lists or of fresher ones
};

struct StoredLead {
  std::int64_t id = 0;
  std::int64_t list = 0;
  int row = 0;        // its line in the file
  std::string phone;  // E.164
  std::string name;
  std::vector<std::string> fields;  // as the list's field_names
};

struct ImportRules {
  // A number that is a lead of a list imported this recently is not imported again.
  Duration dedupe_window = seconds(90 * 86400);
};

struct ImportResult {
  LeadList list;                      // as stored, with its id and counts
  std::vector<LeadProblem> left_out;  // every row not imported, in file order, with why
};

// How many leads a team or one of its agents holds ("" agent: the team's shared pool).
struct Holding {
  std::string team;
  std::string agent;
  int leads = 0;
};

// A lead handed to a campaign's dialer.
struct LeadToDial {
  std::int64_t id = 0;
  std::int64_t list = 0;
  std::string phone;  // E.164
  std::string name;
  int attempts = 0;  // dials made before
};

// A lead list's share of what a campaign dials.
struct ListWeight {
  std::int64_t list = 0;
  int weight = 1;
};

// How dials of one number are spread over days.
struct DialRules {
  int daily_cap = 2;                        // dials of a number a day, at most
  Duration utc_offset = seconds(8 * 3600);  // the center's day
};

struct DoNotCallEntry {
  std::string campaign;  // "" center-wide
  std::string entry;     // E.164, or an E.164 prefix and '*'
  std::string reason;
  Time added = 0;
  std::string added_by;
};

class LeadStore {
 public:
  static Result<std::unique_ptr<LeadStore>> open(const std::string& path);
  ~LeadStore();

  // Stores `list` (id, counts and import fields are set here) with the leads of `file`
  // that may be called.
  Result<ImportResult> import(LeadList list, const LeadFile& file, const ImportRules& rules,
                              const Actor& who, Time now);

  Result<std::vector<LeadList>> lists();
  Result<std::optional<LeadList>> list(std::int64_t id);
  // Leads of a list with id > after_id, by id, at most `limit`.
  Result<std::vector<StoredLead>> leads(std::int64_t list, std::int64_t after_id,
                                        std::size_t limit);

  // Distribution. The director hands up to `count` leads of `list` that nobody holds to
  // `team`, chosen at random; returns how many it got (fewer when fewer are left).
  Result<int> give_to_team(std::int64_t list, const std::string& team, int count, const Actor& who,
                           Time now);
  // The team lead hands the team's pool to `agents`, in random order and in turn, so that
  // their counts differ by one at most: `per_agent` each (0: the whole pool). Returns how
  // many each got, in `agents` order.
  Result<std::vector<int>> give_to_agents(const std::string& team,
                                          const std::vector<std::string>& agents, int per_agent,
                                          const Actor& who, Time now);
  // Takes back what `agent` holds into its team's pool (an agent off sick); returns how many.
  Result<int> take_back(const std::string& team, const std::string& agent, const Actor& who,
                        Time now);
  // Who holds how many: every team's and agent's holding ("" team: the whole center).
  Result<std::vector<Holding>> holdings(const std::string& team);

  // Quality. Draws `size` leads of the list at random (not drawn before) for test calls.
  Result<Sample> draw_sample(std::int64_t list, int size, const Actor& who, Time now);
  // Records a test call's result; a result that contradicts itself (interested but not
  // reached) is refused.
  Status record_test(std::int64_t sample, std::int64_t lead, const TestResult& result,
                     const Actor& who, Time now);
  Result<std::optional<Sample>> sample(std::int64_t id);
  // Every vendor's figures, by vendor.
  Result<std::vector<VendorFigures>> vendor_figures();
  // Checks every lead of the list again — its number, the do-not-call list, the dedupe
  // against the campaign and the window — and deletes those that no longer pass.
  Result<Recleansing> recleanse(std::int64_t list, const ImportRules& rules, const Actor& who,
                                Time now);

  // Deletes the list's leads irreversibly (see above) and returns the list as kept; a
  // list destroyed already is a conflict.
  Result<LeadList> destroy(std::int64_t list, const Actor& who, Time now);
  // Lists whose retention has run out at `now` and whose leads still exist.
  Result<std::vector<std::int64_t>> due_for_destruction(Time now);

  // Dialling. Up to `count` leads of `lists` that may be dialled now (not done, due, not
  // held by a dialer), shared by the lists' weights, each leased to the campaign's dialer
  // until lead_done(); a number on the do-not-call list now (the check made again at dial
  // time) is closed as "do_not_call" instead. Audited (leads.dial: how many, from which
  // lists).
  Result<std::vector<LeadToDial>> take_leads(const std::string& campaign,
                                             const std::vector<ListWeight>& lists, int count,
                                             const Actor& who, Time now);
  // What a dial of the lead found (the dialer's outcome); `retry_at` 0: no more dials.
  // The number's dials that day count against the daily cap: once reached, the next dial
  // waits for the next day. The lease ends.
  Status lead_done(std::int64_t lead, const std::string& outcome, Time retry_at,
                   const DialRules& rules, Time now);
  // Ends every lease of the lists' leads (a dialer that stopped, a restart); how many.
  Result<int> release_leases(const std::vector<ListWeight>& lists);

  // The do-not-call list. add: `entry` as people write it (DoNotCall::normalize); an entry
  // already there keeps its first reason. Returns the entry as kept.
  Result<std::string> add_do_not_call(const std::string& campaign, const std::string& entry,
                                      const std::string& reason, const Actor& who, Time now);
  // False when there was no such entry.
  Result<bool> remove_do_not_call(const std::string& campaign, const std::string& entry,
                                  const Actor& who, Time now);
  // The campaign's entries and the center-wide ones ("": the center-wide only).
  Result<std::vector<DoNotCallEntry>> do_not_call_entries(const std::string& campaign);
  // Whether `e164` may be dialled for `campaign` now: the check made again at dial time.
  Result<bool> may_dial(const std::string& campaign, const std::string& e164);

 private:
  explicit LeadStore(std::unique_ptr<store::ThreadConnections> connections);
  std::unique_ptr<store::ThreadConnections> connections_;
};

}  // namespace hotline::leads
