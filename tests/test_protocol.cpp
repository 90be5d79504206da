// The one door for untrusted bytes: decode() and encode() of protocol/codec.hpp, and the
// validating converters of protocol/convert.hpp. Every rejection is a typed error, never a throw.
#define BOOST_TEST_MODULE protocol
#include <capnp/any.h>
#include <capnp/message.h>
#include <capnp/serialize.h>

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <ostream>
#include <protocol/codec.hpp>
#include <protocol/convert.hpp>
#include <protocol/date_of_birth.hpp>
#include <protocol/json_keys.hpp>
#include <protocol/time_text.hpp>
#include <random>
#include <set>
#include <string>
#include <tests/support/support.hpp>
#include <vector>

namespace fieldops::wire {
std::ostream& operator<<(std::ostream& os, ErrorCode c) {
  return os << "ErrorCode(" << static_cast<int>(c) << ")";
}
}  // namespace fieldops::wire

namespace {

using namespace fieldops;
namespace test = fieldops::test;

constexpr Millis kT0 = 1'800'000'000'000;

Envelope envelopeOf(Body body, std::uint64_t messageId = 42) {
  Envelope e;
  e.operationId = test::kOperation;
  e.exercise = true;
  e.messageId = messageId;
  e.sentAt = kT0;
  e.body = std::move(body);
  return e;
}

// The error a frame is rejected with; fails the test if it is accepted or if decode() throws.
DecodeError rejection(std::string_view frame, const DecodeLimits& limits = {}) {
  std::optional<Expected<Envelope, DecodeError>> result;
  BOOST_REQUIRE_NO_THROW(result.emplace(decode(frame, limits)));
  BOOST_REQUIRE_MESSAGE(!result->has_value(), "expected the frame to be rejected");
  return result->error();
}

void expectRejected(std::string_view frame, ErrorCode code, const std::string& field) {
  const DecodeError e = rejection(frame);
  BOOST_TEST(e.code == code);
  BOOST_TEST(e.detail.find(field) != std::string::npos,
             "detail '" << e.detail << "' names " << field);
}

void expectRejected(const Envelope& env, ErrorCode code, const std::string& field) {
  expectRejected(encode(env), code, field);
}

std::string flat(capnp::MessageBuilder& message) {
  auto words = capnp::messageToFlatArray(message);
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

// A valid envelope header, built directly on the wire schema so a test can then break one field.
wire::Envelope::Builder header(capnp::MallocMessageBuilder& message) {
  auto env = message.initRoot<wire::Envelope>();
  env.setVersion(kProtocolVersion);
  env.setOperationId(test::kOperation);
  env.setExercise(true);
  env.setMessageId(42);
  env.setSentAt(kT0);
  return env;
}

Task sampleTask(Target target = Position{41.9981, 21.4254}) {
  return Task{7,
              TaskKind::HOLD_FOR_VERIFICATION,
              Priority::P2,
              kT0 + 60'000,
              std::move(target),
              "Hold for verification of a yellow notice hit"};
}

TaskView sampleTaskView() {
  TaskView v;
  v.task = sampleTask(std::string("Skopje airport, terminal 1"));
  v.state = TaskState::EN_ROUTE;
  v.unit = "ALPHA-1";
  v.needsReassignment = false;
  v.overdue = true;
  v.history = {{TaskState::CREATED, kT0, ""},
               {TaskState::ASSIGNED, kT0 + 10, "ALPHA-1"},
               {TaskState::DELIVERED, kT0 + 20, ""},
               {TaskState::ACCEPTED, kT0 + 30, ""},
               {TaskState::EN_ROUTE, kT0 + 40, "leaving now"}};
  return v;
}

ScreeningResult sampleScreening() {
  ScreeningResult r;
  r.level = HitLevel::HIT;
  r.reason = "hit: red notice FICT-R-0001";
  r.matches.push_back({WatchlistKind::NOTICE, "FICT-R-0001", "red notice", HitLevel::HIT, 97,
                       "name 97% (Иван Петров ~ Ivan Petrov), date of birth agrees"});
  r.matches.push_back({WatchlistKind::TRAVEL_DOCUMENT, "FICT-D-7", "stolen passport",
                       HitLevel::HIT, 100, "document SRB 012345678 is stolen"});
  return r;
}

AlertView sampleAlert() {
  AlertView a;
  a.alertId = 3;
  a.cause = AlertCause::HIT;
  a.severity = Severity::CRITICAL;
  a.state = AlertState::ACKNOWLEDGED;
  a.raisedAt = kT0;
  a.rule = "red-notice-hit";
  a.summary = "red notice FICT-R-0001";
  a.unit = "ALPHA-1";
  a.sightingId = "s-1";
  a.post = "Batrovci";
  a.proposal = ProposedTask{TaskKind::HOLD_FOR_VERIFICATION, Priority::P1, Position{45.0, 19.1},
                            "BRAVO-2", "hold for verification", 9};
  a.acknowledgedBy = "Cdr. Novak";
  a.acknowledgedAt = kT0 + 60'000;
  a.note = "Cdr. Novak: on it";
  a.notifications = 1;
  a.escalated = true;
  a.lastNotifiedAt = kT0 + 30'000;
  a.raisedSeverity = Severity::HIGH;
  a.occurrences = 2;
  a.lastOccurredAt = kT0 + 10'000;
  a.lastSightingId = "s-9";
  a.lastUnit = "BRAVO-2";
  a.groupKey = "match:notice/FICT-R-0001";
  return a;
}

UnitView sampleUnitView() {
  const Hello h = test::sampleHello("ALPHA-1");
  return UnitView{h.callsign, h.post,   h.position, h.capabilities, UnitStatus::BUSY,
                  kT0,        kT0 + 500, kT0 + 100};
}

// One or more examples of every Body alternative, and of every control request and reply.
EventSummary sampleEvent(std::uint64_t seq) {
  return EventSummary{seq, 1'800'000'000'000 + static_cast<Millis>(seq), "taskAssigned", "control",
                      {"task:7", "unit:BRAVO-2"}, "task 7 assigned to BRAVO-2"};
}

Update sampleUpdate() {
  Update u;
  u.lastSeq = 12;
  u.clock = 1'800'000'000'500;
  u.events = {sampleEvent(11), sampleEvent(12)};
  u.units = {sampleUnitView()};
  u.tasks = {sampleTaskView()};
  u.alerts = {sampleAlert()};
  u.sightings = {{11, "ALPHA-1", test::sampleSighting("s-1"), sampleScreening()}};
  u.posts = {PostView{"Batrovci", {45.05, 19.1}, true}};
  return u;
}

std::vector<Body> everyKindOfBody() {
  Sighting full = test::sampleSighting("s-full");
  full.category = SightingCategory::VEHICLE;
  full.position = {-90, 180};
  full.subject.dateOfBirth = "1990-01-31";
  full.subject.vehiclePlate = "SK-1234-AB";
  full.subject.vehicleCountry = "MKD";
  full.subject.names.push_back("王小明 😀");
  full.confidence = 100;
  full.relatedTaskId = 7;
  full.exploitation = Exploitation::SMUGGLING_ONLY;
  full.indicators.push_back(Indicator::ACCOMPANIED_BY_CONTROLLING_PERSON);
  Hello mobile = test::sampleHello("BRAVO-2");
  mobile.post.clear();
  mobile.capabilities = {};
  CreateTask unassigned = test::sampleCreateTask("");
  unassigned.target = Position{45.8150, 15.9819};
  return {
      test::sampleHello("ALPHA-1"),
      mobile,
      Welcome{"ALPHA-1", 1000, 3, 99},
      Heartbeat{},
      test::sampleSighting("s-1"),
      full,
      SightingAck{"s-1", true},
      sampleTask(),
      sampleTask(std::string("Port of Durres")),
      TaskAck{7, TaskAckDecision::RECEIVED, ""},
      TaskAck{7, TaskAckDecision::ACCEPTED, ""},
      TaskAck{7, TaskAckDecision::DECLINED, "vehicle already cleared"},
      TaskUpdate{7, TaskProgress::EN_ROUTE, ""},
      TaskUpdate{7, TaskProgress::ON_SCENE, "at lane 3"},
      TaskUpdate{7, TaskProgress::COMPLETED, "two persons referred to shelter"},
      TaskUpdate{7, TaskProgress::FAILED, "vehicle gone before arrival"},
      Receipt{42, 7},
      Error{ErrorCode::INVALID_TRANSITION, "task 7 is completed", 42},
      TaskCancel{7, "reassigned to BRAVO-2"},
      ControlRequest{test::sampleCreateTask("ALPHA-1")},
      ControlRequest{unassigned},
      ControlRequest{AssignTask{7, "BRAVO-2", false}},
      ControlRequest{AssignTask{7, "BRAVO-2", true}},
      ControlRequest{CancelTask{7, "stood down"}},
      ControlRequest{SnapshotQuery{}},
      ControlRequest{SightingQuery{10, 50}},
      ControlRequest{SightingQuery{0, 200, true}},
      ControlRequest{EventQuery{0, 900, 50, true, "task:7"}},
      ControlRequest{AdvanceClock{1'800'000'060'000, 42}},
      ControlRequest{AcknowledgeAlert{3, "Cdr. Novak", "unit dispatched"}},
      ControlRequest{ResolveAlert{3, "Cdr. Novak", AlertOutcome::FALSE_POSITIVE, "other DOB"}},
      ControlReply{ControlOk{7, 12}},
      ControlReply{ControlOk{0, 13, 3}},
      ControlReply{ControlOk{0, 14, 0, 99}},
      ControlReply{Snapshot{12, {sampleUnitView()}, {sampleTaskView()}, {sampleAlert()},
                            {PostView{"Batrovci", {45.05, 19.1}, true}}}},
      ControlReply{Snapshot{0, {}, {}}},
      ControlReply{Snapshot{12, {}, {}, {}, {}, 1'800'000'000'000, OperationPhase::DEBRIEF,
                            "tcp://127.0.0.1:7402", std::string(64, 'a')}},
      ControlReply{std::vector<EventSummary>{sampleEvent(11), sampleEvent(12)}},
      ControlReply{std::vector<EventSummary>{}},
      sampleUpdate(),
      Update{12, 1'800'000'000'000, {}, {sampleUnitView()}, {}, {}, {}, {}},
      ControlReply{std::vector<StoredSighting>{{3, "ALPHA-1", test::sampleSighting("s-1")},
                                               {5, "BRAVO-2", full, sampleScreening()}}},
      ControlReply{std::vector<StoredSighting>{}},
  };
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_message_kind_survives_a_round_trip) {
  std::set<std::size_t> bodies, requests, replies;
  for (const Body& body : everyKindOfBody()) {
    BOOST_TEST_CONTEXT("body " << bodyName(body)) {
      bodies.insert(body.index());
      if (const auto* r = std::get_if<ControlRequest>(&body)) requests.insert(r->index());
      if (const auto* r = std::get_if<ControlReply>(&body)) replies.insert(r->index());
      const Envelope sent = envelopeOf(body, 1234567);
      const std::string frame = encode(sent);
      BOOST_TEST(frame.size() % 8 == 0u);
      auto got = decode(frame);
      BOOST_REQUIRE_MESSAGE(got.has_value(), (got ? std::string() : got.error().detail));
      BOOST_TEST(got->version == kProtocolVersion);
      BOOST_TEST(got->operationId == sent.operationId);
      BOOST_TEST(got->exercise == sent.exercise);
      BOOST_TEST(got->messageId == sent.messageId);
      BOOST_TEST(got->sentAt == sent.sentAt);
      BOOST_TEST((got->body == sent.body));
      BOOST_TEST(std::string(bodyName(got->body)) == bodyName(sent.body));
    }
  }
  // Reassign shares AssignTask with assign, so the request alternatives are all covered above.
  BOOST_TEST(bodies.size() == std::variant_size_v<Body>);
  BOOST_TEST(requests.size() == std::variant_size_v<ControlRequest>);
  BOOST_TEST(replies.size() == std::variant_size_v<ControlReply>);
}

BOOST_AUTO_TEST_CASE(an_update_with_a_hole_or_a_wrong_last_seq_is_refused) {
  Update holed = sampleUpdate();
  holed.events[1].seq = 13;
  holed.lastSeq = 13;
  auto got = decode(encode(envelopeOf(holed)), DecodeLimits::forReplies());
  BOOST_REQUIRE(!got.has_value());
  BOOST_TEST(got.error().detail.find("not contiguous") != std::string::npos);
  Update wrongEnd = sampleUpdate();
  wrongEnd.lastSeq = 20;
  got = decode(encode(envelopeOf(wrongEnd)), DecodeLimits::forReplies());
  BOOST_REQUIRE(!got.has_value());
  BOOST_TEST(got.error().detail.find("lastSeq") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_live_envelope_keeps_its_exercise_flag) {
  Envelope live = envelopeOf(Heartbeat{});
  live.exercise = false;
  auto got = decode(encode(live));
  BOOST_REQUIRE(got.has_value());
  BOOST_TEST(got->exercise == false);
}

BOOST_AUTO_TEST_CASE(a_truncated_frame_is_rejected_not_crashed) {
  const std::string frame = encode(envelopeOf(test::sampleSighting("s-1")));
  BOOST_REQUIRE_GT(frame.size(), 64u);
  for (std::size_t cut = 0; cut < frame.size(); ++cut) {
    BOOST_TEST_CONTEXT("cut at " << cut << " of " << frame.size()) {
      const DecodeError e = rejection(std::string_view(frame).substr(0, cut));
      BOOST_TEST(e.code == ErrorCode::MALFORMED);
    }
  }
  // Cuts on and off the 8-byte word boundary, named for the reader.
  for (std::size_t cut : {std::size_t{1}, std::size_t{7}, std::size_t{8}, std::size_t{9},
                          std::size_t{16}, frame.size() - 8, frame.size() - 1}) {
    BOOST_TEST_CONTEXT("cut at " << cut) {
      BOOST_TEST(rejection(std::string_view(frame).substr(0, cut)).code == ErrorCode::MALFORMED);
    }
  }
  BOOST_TEST(rejection("").code == ErrorCode::MALFORMED);
}

BOOST_AUTO_TEST_CASE(an_oversized_frame_is_rejected_as_too_large) {
  const DecodeLimits limits;
  const std::string big(limits.maxFrameBytes + 8, '\0');
  const DecodeError e = rejection(big);
  BOOST_TEST(e.code == ErrorCode::TOO_LARGE);
  BOOST_TEST(e.detail.find(std::to_string(limits.maxFrameBytes)) != std::string::npos);

  // A well-formed message over the cap is refused before it is read.
  Snapshot snap{1, {}, {}};
  for (int i = 0; i < 400; ++i) snap.tasks.push_back(sampleTaskView());
  const std::string frame = encode(envelopeOf(ControlReply{snap}));
  BOOST_REQUIRE_GT(frame.size(), limits.maxFrameBytes);
  BOOST_TEST(rejection(frame).code == ErrorCode::TOO_LARGE);

  // The cap is the caller's to choose; a frame exactly at the cap is not "too large".
  const std::string sighting = encode(envelopeOf(test::sampleSighting("s-1")));
  BOOST_TEST(rejection(sighting, DecodeLimits{sighting.size() - 8, 16}).code ==
             ErrorCode::TOO_LARGE);
  BOOST_TEST(decode(sighting, DecodeLimits{sighting.size(), 16}).has_value());
  BOOST_TEST(rejection(std::string(limits.maxFrameBytes, '\0')).code != ErrorCode::TOO_LARGE);
}

BOOST_AUTO_TEST_CASE(an_unknown_enumerant_is_an_invalid_value_naming_the_field) {
  const auto withSighting = [](auto breakIt) {
    capnp::MallocMessageBuilder message;
    auto s = header(message).getBody().initSightingReport();
    convert::write(s, test::sampleSighting("s-1"));
    breakIt(s);
    return flat(message);
  };
  expectRejected(withSighting([](wire::Sighting::Builder s) {
                   s.setCategory(static_cast<wire::SightingCategory>(99));
                 }),
                 ErrorCode::INVALID_VALUE, "sighting.category");
  expectRejected(withSighting([](wire::Sighting::Builder s) {
                   s.getIndicators().set(0, static_cast<wire::Indicator>(12));
                 }),
                 ErrorCode::INVALID_VALUE, "sighting.indicators");
  expectRejected(withSighting([](wire::Sighting::Builder s) {
                   s.setExploitation(static_cast<wire::Exploitation>(6));
                 }),
                 ErrorCode::INVALID_VALUE, "sighting.exploitation");
  expectRejected(withSighting([](wire::Sighting::Builder s) {
                   s.getSubject().setDocumentType(static_cast<wire::DocumentType>(0xFFFF));
                 }),
                 ErrorCode::INVALID_VALUE, "subject.documentType");

  {
    capnp::MallocMessageBuilder message;
    auto t = header(message).getBody().initTaskAssign();
    convert::write(t, sampleTask());
    t.setPriority(static_cast<wire::Priority>(4));
    expectRejected(flat(message), ErrorCode::INVALID_VALUE, "task.priority");
  }
  {
    capnp::MallocMessageBuilder message;
    auto t = header(message).getBody().initTaskAssign();
    convert::write(t, sampleTask());
    t.setKind(static_cast<wire::TaskKind>(99));
    expectRejected(flat(message), ErrorCode::INVALID_VALUE, "task.kind");
  }
  {
    capnp::MallocMessageBuilder message;
    auto a = header(message).getBody().initTaskAck();
    a.setTaskId(7);
    a.setDecision(static_cast<wire::TaskAckDecision>(3));
    expectRejected(flat(message), ErrorCode::INVALID_VALUE, "taskAck.decision");
  }
  {
    capnp::MallocMessageBuilder message;
    auto u = header(message).getBody().initTaskUpdate();
    u.setTaskId(7);
    u.setStatus(static_cast<wire::TaskProgress>(4));
    expectRejected(flat(message), ErrorCode::INVALID_VALUE, "taskUpdate.status");
  }
  {
    capnp::MallocMessageBuilder message;
    auto c = header(message).getBody().initControlRequest().initCreateTask();
    c.setDueAt(kT0);
    c.initTarget().setPost("Port of Bar");
    c.setPriority(static_cast<wire::Priority>(99));
    expectRejected(flat(message), ErrorCode::INVALID_VALUE, "createTask.priority");
  }
  {
    capnp::MallocMessageBuilder message;
    auto s = header(message).getBody().initControlReply().initSnapshot();
    auto tasks = s.initTasks(1);
    convert::write(tasks[0], sampleTaskView());
    tasks[0].setState(static_cast<wire::TaskState>(10));
    expectRejected(flat(message), ErrorCode::INVALID_VALUE, "task.state");
  }
}

BOOST_AUTO_TEST_CASE(random_garbage_never_throws_and_yields_an_error_or_a_valid_envelope) {
  std::mt19937 rng(20260214);
  std::uniform_int_distribution<int> byte(0, 255);
  const std::vector<std::string> seeds = {
      encode(envelopeOf(test::sampleSighting("s-1"))),
      encode(envelopeOf(ControlReply{Snapshot{12, {sampleUnitView()}, {sampleTaskView()}}})),
      encode(envelopeOf(ControlRequest{test::sampleCreateTask("ALPHA-1")})),
  };
  int thrown = 0, accepted = 0, unstable = 0;
  const auto probe = [&](const std::string& frame) {
    try {
      auto got = decode(frame);
      if (!got) return;
      ++accepted;
      // Whatever passes the door is valid: it encodes and decodes back to the same thing.
      auto again = decode(encode(*got));
      if (!again || !(again->body == got->body) || again->messageId != got->messageId) ++unstable;
    } catch (...) {
      ++thrown;
    }
  };
  for (int i = 0; i < 3000; ++i) {
    // Pure noise, of any length.
    std::string noise(std::uniform_int_distribution<std::size_t>(0, 600)(rng), '\0');
    for (auto& c : noise) c = static_cast<char>(byte(rng));
    probe(noise);
    // Noise behind a plausible one-segment table, so the pointers themselves get read.
    const std::size_t words = std::uniform_int_distribution<std::size_t>(2, 80)(rng);
    std::string framed(words * 8, '\0');
    for (std::size_t k = 8; k < framed.size(); ++k) framed[k] = static_cast<char>(byte(rng));
    const auto segmentWords = static_cast<std::uint32_t>(words - 1);
    std::memcpy(framed.data() + 4, &segmentWords, sizeof segmentWords);
    probe(framed);
    // A valid frame with a few bytes changed.
    std::string mutated = seeds[static_cast<std::size_t>(i) % seeds.size()];
    const int flips = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int f = 0; f < flips; ++f) {
      mutated[std::uniform_int_distribution<std::size_t>(0, mutated.size() - 1)(rng)] =
          static_cast<char>(byte(rng));
    }
    probe(mutated);
  }
  BOOST_TEST(thrown == 0);
  BOOST_TEST(unstable == 0);
  BOOST_TEST_MESSAGE("random frames accepted as valid: " << accepted << " of 9000");
}

BOOST_AUTO_TEST_CASE(invalid_utf8_and_embedded_nul_are_invalid_values) {
  const std::vector<std::string> bad = {
      std::string("\xC3\x28", 2),          // bad continuation byte
      std::string("AB\xE2\x82", 4),        // sequence cut off at the end
      std::string("\xC0\xAF", 2),          // overlong '/'
      std::string("\xED\xA0\x80", 3),      // UTF-16 surrogate
      std::string("\xF4\x90\x80\x80", 4),  // beyond U+10FFFF
      std::string("\x80", 1),              // lone continuation byte
      std::string("\xFF", 1),
      std::string("ALPHA\0-1", 8),  // embedded NUL
  };
  for (const auto& text : bad) {
    BOOST_TEST_CONTEXT("text of " << text.size() << " bytes") {
      BOOST_TEST(!convert::validUtf8(text));
      // Written on the wire schema with an explicit size: encode() would stop at a NUL.
      const capnp::Text::Reader wireText(text.data(), text.size());
      {
        capnp::MallocMessageBuilder message;
        auto h = header(message).getBody().initHello();
        convert::write(h, test::sampleHello("ALPHA-1"));
        h.setCallsign(wireText);
        expectRejected(flat(message), ErrorCode::INVALID_VALUE, "hello.callsign");
      }
      {
        capnp::MallocMessageBuilder message;
        auto s = header(message).getBody().initSightingReport();
        convert::write(s, test::sampleSighting("s-1"));
        s.getSubject().getNames().set(1, wireText);
        expectRejected(flat(message), ErrorCode::INVALID_VALUE, "subject.names");
      }
      {
        capnp::MallocMessageBuilder message;
        auto s = header(message).getBody().initSightingReport();
        convert::write(s, test::sampleSighting("s-1"));
        s.setFreeText(wireText);
        expectRejected(flat(message), ErrorCode::INVALID_VALUE, "sighting.freeText");
      }
      {
        capnp::MallocMessageBuilder message;
        auto env = header(message);
        env.setOperationId(wireText);
        env.getBody().setHeartbeat();
        expectRejected(flat(message), ErrorCode::INVALID_VALUE, "operationId");
      }
    }
  }
  // Names in any script are welcome, up to a four-byte character at the very end.
  for (const char* good : {"Ахмед", "أحمد", "王小明", "Ana 😀", "é"}) {
    BOOST_TEST(convert::validUtf8(good));
  }
  Sighting s = test::sampleSighting("s-1");
  s.subject.names = {"😀", "ß"};
  BOOST_TEST(decode(encode(envelopeOf(s))).has_value());
}

BOOST_AUTO_TEST_CASE(text_longer_than_its_cap_is_an_invalid_value) {
  Hello h = test::sampleHello(std::string(33, 'A'));
  expectRejected(envelopeOf(h), ErrorCode::INVALID_VALUE, "hello.callsign");
  h.callsign = std::string(32, 'A');
  BOOST_TEST(decode(encode(envelopeOf(h))).has_value());
  Sighting s = test::sampleSighting("s-1");
  s.freeText = std::string(convert::kLongText + 1, 'x');
  expectRejected(envelopeOf(s), ErrorCode::INVALID_VALUE, "sighting.freeText");
  s = test::sampleSighting("s-1");
  s.subject.names.assign(convert::kMaxListItems + 1, "name");
  expectRejected(envelopeOf(s), ErrorCode::INVALID_VALUE, "subject.names");
}

BOOST_AUTO_TEST_CASE(a_missing_required_field_is_reported_as_missing) {
  expectRejected(envelopeOf(test::sampleHello("")), ErrorCode::MISSING_FIELD, "hello.callsign");
  expectRejected(envelopeOf(test::sampleSighting("")), ErrorCode::MISSING_FIELD,
                 "sighting.sightingId");
  expectRejected(envelopeOf(Heartbeat{}, 0), ErrorCode::MISSING_FIELD, "messageId");
  Envelope noOperation = envelopeOf(Heartbeat{});
  noOperation.operationId.clear();
  expectRejected(noOperation, ErrorCode::MISSING_FIELD, "operationId");
  expectRejected(envelopeOf(TaskAck{7, TaskAckDecision::DECLINED, ""}), ErrorCode::MISSING_FIELD,
                 "taskAck.reason");
  expectRejected(envelopeOf(TaskUpdate{7, TaskProgress::FAILED, ""}), ErrorCode::MISSING_FIELD,
                 "taskUpdate.note");
  expectRejected(envelopeOf(TaskAck{0, TaskAckDecision::RECEIVED, ""}), ErrorCode::MISSING_FIELD,
                 "taskAck.taskId");
  Task unnumbered = sampleTask();
  unnumbered.taskId = 0;
  expectRejected(envelopeOf(unnumbered), ErrorCode::MISSING_FIELD, "taskAssign.taskId");
  expectRejected(envelopeOf(Receipt{0, 7}), ErrorCode::MISSING_FIELD, "receipt.messageId");
  expectRejected(envelopeOf(ControlRequest{AssignTask{7, "", false}}), ErrorCode::MISSING_FIELD,
                 "assignTask.callsign");
  expectRejected(envelopeOf(ControlRequest{test::sampleCreateTask("ALPHA-1", 0)}),
                 ErrorCode::MISSING_FIELD, "createTask.dueAt");
  CreateTask noTarget = test::sampleCreateTask("ALPHA-1");
  noTarget.target = std::string();
  expectRejected(envelopeOf(ControlRequest{noTarget}), ErrorCode::MISSING_FIELD,
                 "createTask.target");
  Sighting unobserved = test::sampleSighting("s-1", 0);
  expectRejected(envelopeOf(unobserved), ErrorCode::MISSING_FIELD, "sighting.observedAt");
}

BOOST_AUTO_TEST_CASE(counts_and_confidence_out_of_range_are_rejected) {
  Sighting s = test::sampleSighting("s-1");
  s.personCount = 2;
  s.minorCount = 3;
  expectRejected(envelopeOf(s), ErrorCode::INVALID_VALUE, "sighting.minorCount");
  s.minorCount = 2;
  BOOST_TEST(decode(encode(envelopeOf(s))).has_value());
  s.confidence = 101;
  expectRejected(envelopeOf(s), ErrorCode::INVALID_VALUE, "sighting.confidence");
  s.confidence = 255;
  expectRejected(envelopeOf(s), ErrorCode::INVALID_VALUE, "sighting.confidence");
  s = test::sampleSighting("s-1");
  s.personCount = 10001;
  expectRejected(envelopeOf(s), ErrorCode::INVALID_VALUE, "sighting.personCount");
}

namespace {

// A sighting observed at 10:00 UTC on 1 March 2026, its subject born on `dateOfBirth`.
Envelope sightingBorn(const std::string& dateOfBirth) {
  Sighting s = test::sampleSighting("s-dob", *parseUtcTime("2026-03-01T10:00:00Z"));
  s.subject.dateOfBirth = dateOfBirth;
  return envelopeOf(s);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_reported_date_of_birth_that_is_no_date_is_an_invalid_value) {
  for (const char* bad :
       {"2025-02-30", "1980-13-01", "abc", "1980-00-05", "80-05-17", "1980/05/17", "0000", " "}) {
    BOOST_TEST_CONTEXT("date of birth '" << bad << "'") {
      const DecodeError e = rejection(encode(sightingBorn(bad)));
      BOOST_TEST(e.code == ErrorCode::INVALID_VALUE);
      BOOST_TEST(
          e.detail.find("subject.dateOfBirth: '" + std::string(bad) + "' is not a date") == 0u,
          e.detail);
    }
  }
}

BOOST_AUTO_TEST_CASE(a_reported_date_of_birth_after_the_time_observed_is_an_invalid_value) {
  for (const char* future : {"2026-03-02", "2026-04", "2027", "2100-01-01"}) {
    BOOST_TEST_CONTEXT("date of birth '" << future << "'") {
      const DecodeError e = rejection(encode(sightingBorn(future)));
      BOOST_TEST(e.code == ErrorCode::INVALID_VALUE);
      BOOST_TEST(e.detail.find("subject.dateOfBirth") == 0u, e.detail);
      BOOST_TEST(
          e.detail.find("is after the time observed (2026-03-01T10:00:00Z)") != std::string::npos,
          e.detail);
    }
  }
  // Born more than 130 years before: a typing error, not a person.
  const DecodeError old = rejection(encode(sightingBorn("1896-02-28")));
  BOOST_TEST(old.code == ErrorCode::INVALID_VALUE);
  BOOST_TEST(old.detail.find("more than 130 years before the time observed") != std::string::npos,
             old.detail);
}

BOOST_AUTO_TEST_CASE(a_partial_unknown_or_same_day_date_of_birth_is_accepted) {
  // A partial date is refused only when every day it can stand for is after the time observed.
  for (const char* fine : {"", "1980", "1980-05", "1980-00-00", "1980-05-00", "2026", "2026-03",
                           "2026-03-01", "2024-02-29", "1896-03-01", "1896"}) {
    BOOST_TEST_CONTEXT("date of birth '" << fine << "'") {
      const auto decoded = decode(encode(sightingBorn(fine)));
      BOOST_TEST(decoded.has_value(), (decoded ? std::string() : decoded.error().detail));
    }
  }
}

BOOST_AUTO_TEST_CASE(a_stored_sighting_is_read_without_the_reports_date_check) {
  // Sightings stored before the check existed stay readable in snapshots, pages and updates.
  Sighting s = test::sampleSighting("s-old", *parseUtcTime("2026-03-01T10:00:00Z"));
  s.subject.dateOfBirth = "2031-02-30";
  Update u;
  u.lastSeq = 1;
  u.clock = kT0;
  u.sightings = {{1, "ALPHA-1", s, ScreeningResult{}}};
  const auto decoded = decode(encode(envelopeOf(u)));
  BOOST_TEST(decoded.has_value(), (decoded ? std::string() : decoded.error().detail));
}

BOOST_AUTO_TEST_CASE(dates_of_birth_read_with_unknown_parts_and_their_bounds) {
  const auto may1980 = readDateOfBirth(" 1980-05-00 ");
  BOOST_REQUIRE(may1980.has_value());
  BOOST_TEST(dateOfBirthText(*may1980) == "1980-05");
  using namespace std::chrono;
  BOOST_TEST((earliestDay(*may1980) == sys_days(1980y / May / 1)));
  BOOST_TEST((latestDay(*may1980) == sys_days(1980y / May / 31)));
  BOOST_TEST((latestDay(*readDateOfBirth("2024-02")) == sys_days(2024y / February / 29)));
  BOOST_TEST(dateOfBirthText(*readDateOfBirth("1980-00-00")) == "1980");
  BOOST_TEST(!readDateOfBirth("1900-02-29").has_value());
  BOOST_TEST(!readDateOfBirth("").has_value());
}

BOOST_AUTO_TEST_CASE(a_key_repeated_in_one_object_is_noted_with_its_path) {
  const auto one = parseJsonNotingRepeatedKeys(
      R"({"sighting":{"subject":{"dateOfBirth":"1980","dateOfBirth":"2031"}}})");
  BOOST_TEST(!one.value.is_discarded());
  BOOST_REQUIRE(one.repeated.size() == 1u);
  BOOST_TEST(one.repeated[0].path == "sighting.subject.dateOfBirth");
  // The same key in two objects is no repeat; in an array, each element is judged on its own.
  const auto rows = parseJsonNotingRepeatedKeys(R"([
    {"colour": "red", "documents": [{"number": "1"}, {"number": "2"}]},
    {"colour": "red", "colour": "blue", "names": ["A"], "names": ["B"]},
    "not an object",
    {"documents": [{"number": "1", "number": "2"}]}
  ])");
  BOOST_REQUIRE(rows.repeated.size() == 2u);
  BOOST_TEST(rows.repeated[0].element == 1u);
  BOOST_TEST(rows.repeated[0].path == "colour");  // the first repeat of the element only
  BOOST_TEST(rows.repeated[1].element == 3u);
  BOOST_TEST(rows.repeated[1].path == "documents.number");
  BOOST_TEST(parseJsonNotingRepeatedKeys(R"({"a":1,"b":{"a":2}})").repeated.empty());
  const auto broken = parseJsonNotingRepeatedKeys(R"({"a":1,"a":)");
  BOOST_TEST(broken.value.is_discarded());
  BOOST_TEST(broken.repeated.empty());
}

BOOST_AUTO_TEST_CASE(another_protocol_version_is_unsupported) {
  Envelope e = envelopeOf(Heartbeat{});
  e.version = 2;
  const DecodeError err = rejection(encode(e));
  BOOST_TEST(err.code == ErrorCode::UNSUPPORTED_VERSION);
  BOOST_TEST(err.detail.find("2") != std::string::npos);
  e.version = 0;
  BOOST_TEST(rejection(encode(e)).code == ErrorCode::UNSUPPORTED_VERSION);
}

BOOST_AUTO_TEST_CASE(a_position_off_the_globe_is_rejected) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  for (const Position p :
       {Position{91, 0}, Position{-90.5, 0}, Position{nan, 0}, Position{inf, 0}}) {
    Sighting s = test::sampleSighting("s-1");
    s.position = p;
    expectRejected(envelopeOf(s), ErrorCode::INVALID_VALUE, "position.lat");
    Hello h = test::sampleHello("ALPHA-1");
    h.position = p;
    expectRejected(envelopeOf(h), ErrorCode::INVALID_VALUE, "position.lat");
  }
  for (const Position p : {Position{0, 180.01}, Position{0, -181}, Position{0, nan}}) {
    Sighting s = test::sampleSighting("s-1");
    s.position = p;
    expectRejected(envelopeOf(s), ErrorCode::INVALID_VALUE, "position.lon");
  }
  expectRejected(envelopeOf(sampleTask(Position{91, 0})), ErrorCode::INVALID_VALUE, "position.lat");
}

BOOST_AUTO_TEST_CASE(a_message_nested_beyond_the_limit_is_rejected) {
  const std::string frame =
      encode(envelopeOf(ControlReply{Snapshot{12, {sampleUnitView()}, {sampleTaskView()}}}));
  BOOST_TEST(decode(frame).has_value());
  // envelope > controlReply > snapshot > tasks > task > target > position: deeper than 4.
  BOOST_TEST(rejection(frame, DecodeLimits{64 * 1024, 4}).code == ErrorCode::MALFORMED);
}

namespace {

// Pointer word p (struct or list) re-aimed so that, placed at `at`, it reaches what it reached at
// `from`. Offsets are in words, relative to the word after the pointer.
std::uint64_t reaimed(std::uint64_t p, const kj::byte* from, const kj::byte* at) {
  const auto low = static_cast<std::int32_t>(static_cast<std::uint32_t>(p));
  const std::int64_t offset = (low >> 2) + (from - at) / 8;
  const auto newLow =
      static_cast<std::uint32_t>(offset * 4) | (static_cast<std::uint32_t>(low) & 3u);
  return (p & 0xFFFFFFFF00000000ull) | newLow;
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_amplified_message_is_rejected) {
  // A snapshot whose many tasks all point at one task and one long history: a small frame that
  // would read hundreds of thousands of words.
  capnp::MallocMessageBuilder message(16 * 1024, capnp::AllocationStrategy::FIXED_SIZE);
  auto tasks = header(message).getBody().initControlReply().initSnapshot().initTasks(1200);
  TaskView first = sampleTaskView();
  first.history.assign(200, {TaskState::EN_ROUTE, kT0, ""});
  convert::write(tasks[0], first);
  // The pointer section follows the data section; slot k is 8*k bytes into it.
  const auto pointersOf = [](wire::TaskView::Builder b) {
    return capnp::AnyStruct::Builder(kj::mv(b)).getDataSection().end();
  };
  kj::byte* const firstPointers = pointersOf(tasks[0]);
  for (unsigned i = 1; i < tasks.size(); ++i) {
    kj::byte* pointers = pointersOf(tasks[i]);
    for (int slot : {0, 2}) {  // TaskView.task and TaskView.history
      std::uint64_t p = 0;
      std::memcpy(&p, firstPointers + 8 * slot, sizeof p);
      BOOST_REQUIRE(p != 0);
      p = reaimed(p, firstPointers + 8 * slot, pointers + 8 * slot);
      std::memcpy(pointers + 8 * slot, &p, sizeof p);
    }
  }
  const std::string frame = flat(message);
  BOOST_REQUIRE_LE(frame.size(), DecodeLimits{}.maxFrameBytes);
  const DecodeError e = rejection(frame);
  BOOST_TEST(e.code == ErrorCode::MALFORMED);
  BOOST_TEST(e.detail.find("traversal") != std::string::npos, "detail: " << e.detail);

  // The same shape with only a few aliases is within the traversal allowance and decodes.
  capnp::MallocMessageBuilder small(16 * 1024, capnp::AllocationStrategy::FIXED_SIZE);
  auto few = header(small).getBody().initControlReply().initSnapshot().initTasks(2);
  convert::write(few[0], sampleTaskView());
  for (int slot : {0, 2}) {
    std::uint64_t p = 0;
    std::memcpy(&p, pointersOf(few[0]) + 8 * slot, sizeof p);
    p = reaimed(p, pointersOf(few[0]) + 8 * slot, pointersOf(few[1]) + 8 * slot);
    std::memcpy(pointersOf(few[1]) + 8 * slot, &p, sizeof p);
  }
  auto got = decode(flat(small));
  BOOST_REQUIRE_MESSAGE(got.has_value(), (got ? std::string() : got.error().detail));
  const auto& snap = std::get<Snapshot>(std::get<ControlReply>(got->body));
  BOOST_REQUIRE_EQUAL(snap.tasks.size(), 2u);
  BOOST_TEST((snap.tasks[1].task == sampleTaskView().task));
  BOOST_TEST(snap.tasks[1].history.size() == sampleTaskView().history.size());
}

BOOST_AUTO_TEST_CASE(utc_times_parse_and_print_both_ways) {
  auto at = parseUtcTime("2026-06-01T06:00:00Z");
  BOOST_REQUIRE(at.has_value());
  BOOST_TEST(*at == 1'780'293'600'000);
  BOOST_TEST(formatUtcTime(*at) == "2026-06-01T06:00:00Z");
  auto withMs = parseUtcTime("2026-06-01 06:00:00.250Z");
  BOOST_REQUIRE(withMs.has_value());
  BOOST_TEST(*withMs == 1'780'293'600'250);
  BOOST_TEST(formatUtcTime(*withMs) == "2026-06-01T06:00:00.250Z");
  auto ms = parseUtcTime("1780293600000");
  BOOST_REQUIRE(ms.has_value());
  BOOST_TEST(*ms == 1'780'293'600'000);
  for (const char* bad : {"", "2026-06-01", "2026-06-01T06:00:00", "2026-02-30T06:00:00Z",
                          "2026-13-01T06:00:00Z", "2026-06-01T06:00:00+02:00", "12x",
                          "2026-06-01T06:-5:00Z", "2026-06-01T06:00:60Z", "0000-01-01T00:00:00Z"}) {
    BOOST_TEST(!parseUtcTime(bad).has_value(), bad);
  }
}
