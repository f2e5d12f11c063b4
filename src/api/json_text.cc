#include "api/json_text.h"

#include <charconv>

#include "common/text.h"

namespace hotline::api {

void JsonText::next_value() {
  if (after_value_) out_ += ',';
  after_value_ = false;
}

JsonText& JsonText::open(char bracket) {
  next_value();
  out_ += bracket;
  return *this;
}

JsonText& JsonText::close(char bracket) {
  out_ += bracket;
  after_value_ = true;
  return *this;
}

JsonText& JsonText::key(std::string_view name) {
  next_value();
  escaped(name);
  out_ += ':';
  return *this;
}

JsonText& JsonText::string(std::string_view text) {
  next_value();
  escaped(text);
  after_value_ = true;
  return *this;
}

JsonText& JsonText::number(std::int64_t value) {
  next_value();
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out_.append(digits, end);
  after_value_ = true;
  return *this;
}

JsonText& JsonText::null() {
  next_value();
  out_ += "null";
  after_value_ = true;
  return *this;
}

void JsonText::escaped(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    // Runs of plain characters are copied in one append.
    std::size_t plain = i;
    while (plain < text.size()) {
      const auto c = static_cast<unsigned char>(text[plain]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++plain;
    }
    out_.append(text.data() + i, plain - i);
    i = plain;
    if (i == text.size()) break;
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x80) {
      const std::size_t length = utf8_sequence(text.substr(i));
      if (length == 0) {
        out_ += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
        ++i;
      } else {
        out_.append(text.data() + i, length);
        i += length;
      }
      continue;
    }
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default:
        out_ += "\\u00";
        out_ += kHex[c >> 4];
        out_ += kHex[c & 15];
    }
    ++i;
  }
  out_ += '"';
}

}  // namespace hotline::api
