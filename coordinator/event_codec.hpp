// Event <-> stored bytes: the header (hash-chained, no personal data) and the payload.
// Format: protocol/store.capnp; chain rules: docs/store.md.
#pragma once

#include <coordinator/events.hpp>

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace fieldops {

using Hash = std::array<unsigned char, 32>;  // BLAKE2b-256

struct EventHeader {
  std::uint64_t seq = 0;
  Millis at = 0;
  std::uint16_t kind = 0;   // EventPayload union discriminant
  std::string principal;
  Hash payloadDigest{};
  Hash prevHash{};
};

std::string encodePayload(const EventBody& body);
// Empty when the payload is a tombstone. Throws on bytes that are not a stored payload.
std::optional<EventBody> decodePayload(std::string_view bytes);

// The union discriminant of stored payload bytes (the header's `kind`), without decoding the
// rest. Throws on bytes that are not a Cap'n Proto message.
std::uint16_t storedPayloadKind(std::string_view bytes);

// The payload a retention purge puts in place of the original.
std::string tombstonePayload();

std::string encodeHeader(const EventHeader& header);
EventHeader decodeHeader(std::string_view bytes);

Hash blake2b(std::string_view bytes);
// The hash of a header that the next header's prevHash must equal. It covers a canonical,
// fixed layout of the header fields, independent of Cap'n Proto's encoding.
Hash headerHash(const EventHeader& header);

std::string toHex(const Hash& h);

}  // namespace fieldops
