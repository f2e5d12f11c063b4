#pragma once
// CustomerStore: the CRM's customers in hotline.db — names, phones (E.164, as
// crm::to_e164 makes them), addresses, tags, products owned — and one timeline per
// customer: its interactions (notes, tickets, SMS, surveys) merged with the calls from
// its numbers.
//
// Thread-safety: every method from any thread. Each thread gets a connection of its own
// (WAL: readers never wait for each other), with its frequent statements prepared once.
// A connection that cannot be opened for a new thread throws std::runtime_error.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/time.h"

namespace hotline::store {

class Database;
class Statement;
class ThreadConnections;

struct CustomerPhone {
  std::string number;  // E.164
  std::string label;   // "mobile", "home", ...
};

struct Product {
  std::string model;
  std::string serial;
  std::string installed;     // YYYY-MM-DD, "" if not known
  std::string warranty_end;  // YYYY-MM-DD
};

struct Customer {
  std::int64_t id = 0;  // given by add()
  std::string name;
  std::string company;
  std::vector<CustomerPhone> phones;
  std::vector<std::string> addresses;
  std::vector<std::string> tags;
  std::vector<Product> products;
  std::string note;
  Time created = 0, updated = 0;
};

struct Interaction {
  Time at = 0;
  std::string kind;       // call, note, ticket, sms, survey
  std::string reference;  // the call's or ticket's id
  std::string summary;
  std::string user;  // who (for a call: the agent)
};

class CustomerStore {
 public:
  static Result<std::unique_ptr<CustomerStore>> open(const std::string& path);
  ~CustomerStore();

  // Stores a new customer (its id is ignored) and returns the id given.
  Result<std::int64_t> add(const Customer& customer);
  // Several at once, all or nothing: one transaction (an import).
  Result<std::vector<std::int64_t>> add_all(const std::vector<Customer>& customers);
  // Replaces every field of the stored customer with the same id; an error if none.
  Status update(const Customer& customer);
  Result<std::optional<Customer>> find(std::int64_t id);
  // The customers with this number (several when a number is shared), at most `limit`.
  Result<std::vector<Customer>> by_phone(const std::string& e164, std::size_t limit);
  // By name or company (part of it), phone number (its digits), or product serial.
  Result<std::vector<Customer>> search(const std::string& text, std::size_t limit);
  // Customers with id > after_id, by id, at most `limit` (paging through all of them).
  Result<std::vector<Customer>> page(std::int64_t after_id, std::size_t limit);
  Result<std::int64_t> count();

  // Whether the customer has been served by this agent (one of its calls) or user (an
  // interaction it recorded).
  Result<bool> served_by(std::int64_t customer, const std::string& agent, const std::string& user);
  Status add_interaction(std::int64_t customer, const Interaction& interaction);
  // Interactions and calls, newest first, at most `limit`.
  Result<std::vector<Interaction>> timeline(std::int64_t customer, std::size_t limit);

 private:
  explicit CustomerStore(std::unique_ptr<ThreadConnections> connections);
  Database& connection();
  Result<std::int64_t> insert(const Customer& c);  // inside a transaction
  Status write_children(std::int64_t id, const Customer& c);
  Result<Customer> load(std::int64_t id);
  Result<std::vector<Customer>> load_all(Statement& ids);
  std::unique_ptr<ThreadConnections> connections_;
};

}  // namespace hotline::store
