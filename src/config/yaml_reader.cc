#include "config/yaml_reader.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hotline::config {

void YamlReader::error_at(const YAML::Mark& mark, const std::string& message) {
  if (mark.is_null()) {
    errors_.push_back(file_ + ": " + message);
    return;
  }
  errors_.push_back(file_ + ":" + std::to_string(mark.line + 1) + ":" +
                    std::to_string(mark.column + 1) + ": " + message);
}

namespace {
bool contains(const YAML::Node& tree, const YAML::Node& at) {
  if (tree.is(at)) return true;
  if (tree.IsSequence()) {
    for (const YAML::Node& item : tree)
      if (contains(item, at)) return true;
  } else if (tree.IsMap()) {
    for (const auto& kv : tree)
      if (contains(kv.first, at) || contains(kv.second, at)) return true;
  }
  return false;
}
}  // namespace

const std::string* YamlReader::source_of(const YAML::Node& at) const {
  for (const auto& [tree, source] : sources_)
    if (contains(tree, at)) return &source;
  return nullptr;
}

void YamlReader::error(const YAML::Node& at, const std::string& message) {
  if (at.IsDefined() && !sources_.empty()) {
    if (const std::string* source = source_of(at)) {
      const YAML::Mark m = at.Mark();
      errors_.push_back(*source + ":" + std::to_string(m.line + 1) + ":" +
                        std::to_string(m.column + 1) + ": " + message);
      return;
    }
  }
  error_at(at.IsDefined() ? at.Mark() : YAML::Mark::null_mark(), message);
}

std::string YamlReader::report() const {
  // "file:line:col: message": order by line and column, keep insertion order otherwise.
  auto position = [&](const std::string& e) {
    int line = 0, col = 0;
    std::sscanf(e.c_str() + std::min(e.size(), file_.size()), ":%d:%d", &line, &col);
    return std::pair(line, col);
  };
  std::vector<std::string> sorted = errors_;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [&](const auto& a, const auto& b) { return position(a) < position(b); });
  std::string all;
  for (const std::string& e : sorted)
    all += (all.empty() ? "" : "\n") + e;
  return all;
}

void YamlReader::only_keys(const YAML::Node& map, std::initializer_list<const char*> allowed) {
  if (!map.IsMap()) return;
  for (const auto& kv : map) {
    const std::string key = kv.first.Scalar();
    if (std::none_of(allowed.begin(), allowed.end(), [&](const char* a) { return key == a; }))
      error(kv.first, "unknown key '" + key + "'");
  }
}

bool YamlReader::is_map(const YAML::Node& n, const std::string& what) {
  if (n.IsMap()) return true;
  error(n, what + " must be a mapping (key: value)");
  return false;
}

bool YamlReader::is_list(const YAML::Node& n, const std::string& what) {
  if (n.IsSequence()) return true;
  error(n, what + " must be a list");
  return false;
}

std::optional<std::string> YamlReader::text(const YAML::Node& map, const char* key, bool required) {
  const YAML::Node n = map[key];
  if (!n) {
    if (required) error(map, std::string("missing '") + key + "'");
    return std::nullopt;
  }
  if (!n.IsScalar() || n.Scalar().empty()) {
    error(n, std::string("'") + key + "' must be a non-empty text");
    return std::nullopt;
  }
  return n.Scalar();
}

std::optional<double> YamlReader::number(const YAML::Node& map, const char* key, double min,
                                         double max, bool required) {
  const YAML::Node n = map[key];
  if (!n) {
    if (required) error(map, std::string("missing '") + key + "'");
    return std::nullopt;
  }
  double v = 0;
  if (!n.IsScalar() || !YAML::convert<double>::decode(n, v) || !std::isfinite(v)) {
    error(n, std::string("'") + key + "' must be a number");
    return std::nullopt;
  }
  if (v < min || v > max) {
    char range[96];
    std::snprintf(range, sizeof range, "between %g and %g", min, max);
    error(n, std::string("'") + key + "' must be " + range + ", not " + n.Scalar());
    return std::nullopt;
  }
  return v;
}

std::optional<int> YamlReader::integer(const YAML::Node& map, const char* key, int min, int max,
                                       bool required) {
  std::optional<double> v = number(map, key, min, max, required);
  if (!v) return std::nullopt;
  if (*v != std::floor(*v)) {
    error(map[key], std::string("'") + key + "' must be a whole number");
    return std::nullopt;
  }
  return static_cast<int>(*v);
}

std::optional<double> YamlReader::clock_time(const YAML::Node& node, const std::string& what) {
  int h = -1, m = -1;
  char tail = 0;
  if (!node.IsScalar() || std::sscanf(node.Scalar().c_str(), "%d:%d%c", &h, &m, &tail) != 2 ||
      h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m != 0)) {
    error(node, what + " must be a time of day HH:MM");
    return std::nullopt;
  }
  return h * 3600.0 + m * 60.0;
}

}  // namespace hotline::config
