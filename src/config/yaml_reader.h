#pragma once
// Internal to src/config: typed reads from yaml-cpp nodes that collect errors with
// file:line:col instead of throwing, so one pass reports every problem.

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hotline::config {

class YamlReader {
 public:
  explicit YamlReader(std::string file) : file_(std::move(file)) {}

  void error(const YAML::Node& at, const std::string& message);
  // Nodes grafted into the document from elsewhere (settings kept in the database): errors
  // inside `subtree` name `source` and the place in its own text.
  void add_source(const YAML::Node& subtree, std::string source) {
    sources_.emplace_back(subtree, std::move(source));
  }
  void error_at(const YAML::Mark& mark, const std::string& message);
  const std::vector<std::string>& errors() const { return errors_; }
  // Takes the errors another reader found (in another file), as they are.
  void merge(const YamlReader& other) {
    errors_.insert(errors_.end(), other.errors_.begin(), other.errors_.end());
  }
  // All errors, one per line, in file order.
  std::string report() const;
  const std::string& file() const { return file_; }

  // Reports keys of `map` not in `allowed` (typos would otherwise be silently ignored).
  void only_keys(const YAML::Node& map, std::initializer_list<const char*> allowed);

  bool is_map(const YAML::Node& n, const std::string& what);
  bool is_list(const YAML::Node& n, const std::string& what);

  std::optional<std::string> text(const YAML::Node& map, const char* key, bool required);
  std::optional<double> number(const YAML::Node& map, const char* key, double min, double max,
                               bool required = false);
  std::optional<int> integer(const YAML::Node& map, const char* key, int min, int max,
                             bool required = false);
  // "HH:MM" -> seconds from midnight (24:00 allowed for an end of day).
  std::optional<double> clock_time(const YAML::Node& node, const std::string& what);

 private:
  const std::string* source_of(const YAML::Node& at) const;

  std::string file_;
  std::vector<std::string> errors_;
  std::vector<std::pair<YAML::Node, std::string>> sources_;
};

}  // namespace hotline::config
