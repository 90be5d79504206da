// The one door for untrusted bytes: decode() validates a frame into an Envelope or returns a
// typed error; it never throws. encode() is its inverse. See docs/protocol.md, "Validation".
#pragma once

#include <protocol/expected.hpp>
#include <protocol/messages.hpp>

#include <kj/array.h>

#include <cstddef>
#include <optional>
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
// The same into `out`, whose buffers are reused: a frame of a few hundred bytes (a heartbeat)
// whose texts fit what `out` held before is decoded without allocating. On an error `out` is
// left partly written.
std::optional<DecodeError> decodeInto(std::string_view frame, Envelope& out,
                                      const DecodeLimits& limits = {});

// Serialises an Envelope as one flat Cap'n Proto message.
std::string encode(const Envelope& envelope);

// The fields of an Envelope around its body.
struct EnvelopeHeader {
  std::string_view operationId;
  bool exercise = true;
  std::uint64_t messageId = 0;
  Millis sentAt = 0;
};

// Encodes envelopes into buffers it keeps (the Cap'n Proto first segment and the frame), for a
// sender on its steady path: once a frame of a size has been made, a message that fits the
// first segment is encoded without allocating. The frame is valid until the next call.
class Encoder {
 public:
  Encoder();
  std::string_view encode(const EnvelopeHeader& header, const Body& body);
  // An update, without first copying it into a Body.
  std::string_view encode(const EnvelopeHeader& header, const Update& update);

 private:
  template <class Write>
  std::string_view build(const EnvelopeHeader& header, Write&& writeBody);
  kj::Array<kj::byte> segment_;  // word-aligned, zero between uses (the builder zeroes it)
  std::string frame_;
};

// Short name of a body's kind, for logs and errors ("hello", "sightingReport", ...).
const char* bodyName(const Body& body);

}  // namespace fieldops
