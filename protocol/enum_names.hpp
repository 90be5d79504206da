// Names of schema enumerants ("forcedLabour", "p1", ...) taken from the schema itself, so the
// JSON, the console and the docs use exactly the words of protocol/fieldops.capnp.
#pragma once

#include <capnp/schema.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fieldops {

template <class E>
std::vector<std::string> enumNames() {
  std::vector<std::string> out;
  for (auto e : capnp::Schema::from<E>().getEnumerants())
    out.emplace_back(e.getProto().getName().cStr());
  return out;
}

template <class E>
std::string enumName(E value) {
  auto enumerants = capnp::Schema::from<E>().getEnumerants();
  const auto i = static_cast<std::uint16_t>(value);
  if (i < enumerants.size()) return enumerants[i].getProto().getName().cStr();
  return std::to_string(i);
}

template <class E>
std::optional<E> enumFromName(std::string_view name) {
  auto enumerants = capnp::Schema::from<E>().getEnumerants();
  for (unsigned i = 0; i < enumerants.size(); ++i) {
    if (name == enumerants[i].getProto().getName().cStr()) return static_cast<E>(i);
  }
  return std::nullopt;
}

// A schema name in words, for people: "identityCard" -> "identity card", "forcedLabour" ->
// "forced labour".
inline std::string spokenName(std::string_view camel) {
  std::string out;
  out.reserve(camel.size() + 4);
  for (const char ch : camel) {
    if (ch >= 'A' && ch <= 'Z') {
      out += ' ';
      out += static_cast<char>(ch - 'A' + 'a');
    } else {
      out += ch;
    }
  }
  return out;
}

}  // namespace fieldops
