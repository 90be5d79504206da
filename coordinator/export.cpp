// JSON-lines export of the event log (docs/coordinator.md, "export").
#include <coordinator/export.hpp>
#include <protocol/convert.hpp>
#include <protocol/store.capnp.h>

#include <capnp/compat/json.h>
#include <nlohmann/json.hpp>


namespace fieldops {

void exportJsonLines(const EventStore& store, std::ostream& out) {
  capnp::JsonCodec codec;
  store.forEachEvent([&](const StoredEvent& e) {
    nlohmann::ordered_json line;
    line["seq"] = e.header.seq;
    line["at"] = e.header.at;
    line["kind"] = eventKindName(e.header.kind);
    line["principal"] = e.header.principal;
    line["payloadDigest"] = toHex(e.header.payloadDigest);
    line["prevHash"] = toHex(e.header.prevHash);
    if (e.body) {
      auto json = convert::readFlat<stored::EventPayload>(
          e.payloadBytes, [&](auto payload) { return codec.encode(payload); });
      line["payload"] = nlohmann::json::parse(json.cStr());
    } else {
      line["payload"] = nullptr;  // purged
    }
    out << line.dump() << '\n';
  });
  out.flush();
}

}  // namespace fieldops
