#pragma once
// Prometheus text exposition format (0.0.4), as /metrics serves it: each metric family's
// HELP and TYPE lines, then its samples, labels escaped.

#include <cstdio>
#include <string>

namespace hotline {

// Prometheus text: a metric's HELP and TYPE lines, then its samples.
class MetricsText {
 public:
  void family(const char* name, const char* type, const char* help) {
    text_ += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
  }
  void sample(const std::string& name, double value, const std::string& labels = "") {
    char number[64];
    std::snprintf(number, sizeof number, "%.15g", value);
    text_ += name;
    if (!labels.empty()) text_ += "{" + labels + "}";
    text_ += " ";
    text_ += number;
    text_ += "\n";
  }
  std::string take() { return std::move(text_); }

 private:
  std::string text_;
};

// A label value with '\', '"' and newlines escaped, in quotes.
inline std::string label(const char* name, const std::string& value) {
  std::string out = std::string(name) + "=\"";
  for (char c : value) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace hotline
