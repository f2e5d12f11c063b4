#pragma once
// JsonText: JSON written straight into one string, for the answers on hot paths (customer
// lookups, thousands a second) where a nlohmann::json tree would cost a map node and a
// string per key before being written out anyway. Calls must nest properly (the writer
// places commas, it does not check structure). Text that is not valid UTF-8 is written
// with U+FFFD in place of the bad bytes, so an odd byte in a record cannot break the page.

#include <cstdint>
#include <string>
#include <string_view>

namespace hotline::api {

class JsonText {
 public:
  JsonText& begin_object() { return open('{'); }
  JsonText& end_object() { return close('}'); }
  JsonText& begin_array() { return open('['); }
  JsonText& end_array() { return close(']'); }
  // The next value's key, inside an object.
  JsonText& key(std::string_view name);
  JsonText& string(std::string_view text);
  JsonText& number(std::int64_t value);
  JsonText& null();

  // key(name).string(text), key(name).number(value).
  JsonText& field(std::string_view name, std::string_view text) { return key(name).string(text); }
  JsonText& field(std::string_view name, std::int64_t value) { return key(name).number(value); }

  const std::string& text() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  JsonText& open(char bracket);
  JsonText& close(char bracket);
  void next_value();
  void escaped(std::string_view text);

  std::string out_;
  bool after_value_ = false;  // a comma goes before the next key or element
};

}  // namespace hotline::api
