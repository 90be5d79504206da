// Converters between Cap'n Proto readers/builders and the plain values of messages.hpp.
// Shared by the wire codec and the coordinator's store codec. The read* functions validate
// and throw InvalidField, which only the decoding doors (decode(), the store codec) catch.
#pragma once

#include <protocol/fieldops.capnp.h>
#include <protocol/messages.hpp>

#include <capnp/message.h>
#include <capnp/serialize.h>

#include <stdexcept>
#include <string>
#include <type_traits>

namespace fieldops::convert {

struct InvalidField : std::runtime_error {
  InvalidField(ErrorCode c, const std::string& what) : std::runtime_error(what), code(c) {}
  ErrorCode code;
};

// Throws InvalidField(code, what) unless `ok`. The message costs nothing on the way through,
// which every field of every message takes: `what` is a string literal, or a callable that
// makes the message only when the check fails.
inline void require(bool ok, ErrorCode code, const char* what) {
  if (!ok) throw InvalidField(code, what);
}
template <class MakeMessage>
  requires std::is_invocable_r_v<std::string, MakeMessage>
inline void require(bool ok, ErrorCode code, MakeMessage&& what) {
  if (!ok) throw InvalidField(code, what());
}

// Text length caps, in bytes of UTF-8.
inline constexpr std::size_t kShortText = 64;    // ids, callsigns, codes, plates
inline constexpr std::size_t kNameText = 256;    // names, post names, reasons
inline constexpr std::size_t kLongText = 4096;   // free text, instructions, notes
inline constexpr std::size_t kMaxListItems = 32; // names, indicators, languages
// An event's subject: a kind prefix ("sighting:", "post:") and a name, id or unit/sighting id.
inline constexpr std::size_t kSubjectText = kNameText + 64;

bool validUtf8(std::string_view s);

Position readPosition(wire::Position::Reader r);
Capabilities readCapabilities(wire::Capabilities::Reader r);
Hello readHello(wire::Hello::Reader r);
Sighting readSighting(wire::Sighting::Reader r);
// A sighting as a field team reports it: readSighting, and the date of birth checked against the
// time observed (date_of_birth.hpp). Stored and streamed sightings are read with readSighting
// alone, so that one stored before a check existed stays readable.
Sighting readSightingReport(wire::Sighting::Reader r);
Target readTarget(wire::Target::Reader r, const char* field);
Task readTask(wire::Task::Reader r);
TaskView readTaskView(wire::TaskView::Reader r);
UnitView readUnitView(wire::UnitView::Reader r);
ScreeningResult readScreening(wire::ScreeningResult::Reader r);
ProposedTask readProposedTask(wire::ProposedTask::Reader r);
AlertView readAlertView(wire::AlertView::Reader r);
PostView readPostView(wire::PostView::Reader r);
StoredSighting readStoredSighting(wire::StoredSighting::Reader r);
EventSummary readEventSummary(wire::EventSummary::Reader r);
Update readUpdate(wire::Update::Reader r);  // checks the events are contiguous up to lastSeq

void write(wire::Position::Builder b, const Position& v);
void write(wire::Capabilities::Builder b, const Capabilities& v);
void write(wire::Hello::Builder b, const Hello& v);
void write(wire::Sighting::Builder b, const Sighting& v);
void write(wire::Target::Builder b, const Target& v);
void write(wire::Task::Builder b, const Task& v);
void write(wire::TaskView::Builder b, const TaskView& v);
void write(wire::UnitView::Builder b, const UnitView& v);
void write(wire::ScreeningResult::Builder b, const ScreeningResult& v);
void write(wire::ProposedTask::Builder b, const ProposedTask& v);
void write(wire::AlertView::Builder b, const AlertView& v);
void write(wire::PostView::Builder b, const PostView& v);
void write(wire::StoredSighting::Builder b, const StoredSighting& v);
void write(wire::EventSummary::Builder b, const EventSummary& v);
void write(wire::Update::Builder b, const Update& v);

// Enum range checks: capnp hands unknown enumerants through as raw numbers.
template <class E>
E checkedEnum(E value, E last, const char* field) {
  if (static_cast<std::uint16_t>(value) > static_cast<std::uint16_t>(last)) {
    throw InvalidField(ErrorCode::INVALID_VALUE, std::string(field) + ": unknown enumerant " +
                                                     std::to_string(static_cast<int>(value)));
  }
  return value;
}

std::string readText(capnp::Text::Reader t, std::size_t cap, const char* field);
// The same checks (length, UTF-8), the text left where it is.
std::string_view checkText(capnp::Text::Reader t, std::size_t cap, const char* field);

// First segment size for the small messages FieldOps builds (the library default zeroes 8 KiB).
inline constexpr unsigned kFirstSegmentWords = 128;
// A built message as one flat frame, serialised straight into the string.
std::string flatBytes(capnp::MessageBuilder& message);
// A copy of flat message bytes in word-aligned memory (ZeroMQ and LMDB give no alignment).
// Throws std::runtime_error when the length is not a whole number of words.
kj::Array<capnp::word> alignedWords(std::string_view bytes);
// Reads flat bytes of a trusted message (our own store) as Schema and returns read(root).
template <class Schema, class Read>
auto readFlat(std::string_view bytes, Read&& read) {
  auto words = alignedWords(bytes);
  capnp::FlatArrayMessageReader reader(words.asPtr());
  return read(reader.getRoot<Schema>());
}
// Builds a message whose root is Schema from a plain value, and returns its flat bytes.
template <class Schema, class Value>
std::string flatBytesOf(const Value& v) {
  capnp::MallocMessageBuilder message(kFirstSegmentWords);
  write(message.template initRoot<Schema>(), v);
  return flatBytes(message);
}
std::string requiredText(capnp::Text::Reader t, std::size_t cap, const char* field);

}  // namespace fieldops::convert
