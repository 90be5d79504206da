// The one door for untrusted bytes: decode() validates a frame into an Envelope or returns a
// typed error; it never throws. encode() is its inverse. See docs/protocol.md, "Validation".
#pragma once

#include <protocol/expected.hpp>
#include <protocol/messages.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace fieldops {

struct DecodeError {
  ErrorCode code = ErrorCode::MALFORMED;
  std::string detail;          // names the offending field where there is one
  std::uint64_t messageId = 0; // the envelope's message id when it could be read, else 0
};

struct DecodeLimits {
  std::size_t maxFrameBytes = 64 * 1024;  // one sighting is well under 4 KiB
  static DecodeLimits forReplies() { return {16 * 1024 * 1024, 16}; }  // snapshots, pages
  int nestingLimit = 16;
};

// Validates everything a receiver relies on: size, traversal and nesting, protocol version,
// enum ranges, required fields, text lengths and UTF-8, numeric ranges.
Expected<Envelope, DecodeError> decode(std::string_view frame, const DecodeLimits& limits = {});

// Serialises an Envelope as one flat Cap'n Proto message.
std::string encode(const Envelope& envelope);

// Short name of a body's kind, for logs and errors ("hello", "sightingReport", ...).
const char* bodyName(const Body& body);

}  // namespace fieldops
