#include "common/text.h"

#include <vector>

namespace hotline {

std::size_t utf8_sequence(std::string_view s) {
  if (s.empty()) return 0;
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char lead = byte(0);
  if (lead < 0x80) return 1;
  std::size_t length;
  unsigned char low = 0x80, high = 0xBF;  // the second byte's range
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    if (lead == 0xE0) low = 0xA0;
    if (lead == 0xED) high = 0x9F;  // no surrogates
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    if (lead == 0xF0) low = 0x90;
    if (lead == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (s.size() < length || byte(1) < low || byte(1) > high) return 0;
  for (std::size_t i = 2; i < length; ++i)
    if (byte(i) < 0x80 || byte(i) > 0xBF) return 0;
  return length;
}

bool is_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence(text.substr(i));
    if (n == 0) return false;
    i += n;
  }
  return true;
}

std::string to_valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t n = utf8_sequence(text.substr(i));
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
      ++i;
    } else {
      out.append(text.data() + i, n);
      i += n;
    }
  }
  return out;
}

std::size_t json_nesting(std::string_view text, std::size_t limit) {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // the escaped character, whatever it is
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > deepest && (deepest = depth) > limit) return deepest;
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

std::size_t yaml_nesting(std::string_view text, std::size_t limit) {
  std::vector<std::size_t> indents;  // the block levels open at this line
  std::size_t flow = 0, deepest = 0;
  const auto space = [](char c) { return c == ' ' || c == '\t'; };
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    start = end + 1;
    std::size_t i = 0;
    while (i < line.size() && line[i] == ' ')
      ++i;
    if (i == line.size() || line[i] == '#' || line[i] == '\r') continue;
    std::size_t compact = 0;
    if (flow == 0) {
      while (!indents.empty() && indents.back() > i)
        indents.pop_back();
      if (indents.empty() || indents.back() < i) indents.push_back(i);
      // "- - - x" and "? - x" open a level per indicator on one line.
      while (i + 1 < line.size() && (line[i] == '-' || line[i] == '?' || line[i] == ':') &&
             space(line[i + 1])) {
        ++compact;
        i += 2;
        while (i < line.size() && space(line[i]))
          ++i;
      }
    }
    // Flow brackets outside quotes and comments. A quote opens only where a token starts
    // (not the apostrophe of "it's") and ends with its line: misreadings only count more.
    char quote = 0;
    bool token_start = true;
    for (; i < line.size(); ++i) {
      const char c = line[i];
      if (quote) {
        if (quote == '"' && c == '\\')
          ++i;
        else if (c == quote)
          quote = 0;
        continue;
      }
      if (c == '#' && token_start) break;
      if ((c == '"' || c == '\'') && token_start) {
        quote = c;
      } else if (c == '[' || c == '{') {
        ++flow;
      } else if ((c == ']' || c == '}') && flow > 0) {
        --flow;
      }
      token_start = space(c) || c == '[' || c == '{' || c == ',' || c == ':';
      const std::size_t depth = indents.size() + compact + flow;
      if (depth > deepest && (deepest = depth) > limit) return deepest;
    }
    const std::size_t depth = indents.size() + compact + flow;
    if (depth > deepest && (deepest = depth) > limit) return deepest;
  }
  return deepest;
}

std::string csv_field(std::string_view value) {
  bool formula = false;
  if (!value.empty()) {
    const char first = value.front();
    formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' ||
              first == '\r';
    if (formula && (first == '+' || first == '-') && value.size() > 1) {
      // A signed number or an E.164 phone number is data, not a formula.
      bool number = true, dot = false, digit = false;
      for (char c : value.substr(1)) {
        if (c >= '0' && c <= '9')
          digit = true;
        else if (c == '.' && !dot)
          dot = true;
        else
          number = false;
      }
      formula = !(number && digit);
    }
  }
  if (!formula && value.find_first_of(",\"\r\n") == std::string_view::npos)
    return std::string(value);
  std::string out = formula ? "\"'" : "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace hotline
