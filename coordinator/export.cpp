// JSON-lines export of the event log (docs/coordinator.md, "export").
#include <coordinator/export.hpp>
#include <protocol/store.capnp.h>

#include <capnp/compat/json.h>
#include <capnp/serialize.h>
#include <nlohmann/json.hpp>

#include <cstring>

namespace fieldops {

namespace {

const char* kindName(std::uint16_t kind) {
  static constexpr const char* kNames[] = {
      "unitRegistered", "unitLost",     "sightingRecorded", "taskCreated",
      "taskAssigned",   "taskDelivered", "taskAccepted",    "taskDeclined",
      "taskProgressed", "taskCancelled", "taskFlagged",     "taskOverdue", "tombstone"};
  return kind < std::size(kNames) ? kNames[kind] : "unknown";
}

}  // namespace

void exportJsonLines(const EventStore& store, std::ostream& out) {
  capnp::JsonCodec codec;
  store.forEachEvent([&](const StoredEvent& e) {
    nlohmann::ordered_json line;
    line["seq"] = e.header.seq;
    line["at"] = e.header.at;
    line["kind"] = kindName(e.header.kind);
    line["principal"] = e.header.principal;
    line["payloadDigest"] = toHex(e.header.payloadDigest);
    line["prevHash"] = toHex(e.header.prevHash);
    if (e.body) {
      auto words = kj::heapArray<capnp::word>(e.payloadBytes.size() / sizeof(capnp::word));
      std::memcpy(words.begin(), e.payloadBytes.data(), words.size() * sizeof(capnp::word));
      capnp::FlatArrayMessageReader reader(words.asPtr());
      auto json = codec.encode(reader.getRoot<stored::EventPayload>());
      line["payload"] = nlohmann::json::parse(json.cStr());
    } else {
      line["payload"] = nullptr;  // purged
    }
    out << line.dump() << '\n';
  });
  out.flush();
}

}  // namespace fieldops
