// Security through real parts: CURVE with the coordinator's ZAP handler on 127.0.0.1, the
// allow-list file, roles, revocation, the access log in a real LMDB, and the command line
// (docs/security.md).
#define BOOST_TEST_MODULE security
#include <sys/stat.h>

#include <boost/test/unit_test.hpp>
#include <coordinator/host_access.hpp>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tests/support/secure_operation.hpp>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

// The first message of the given kind within the timeout.
template <class T>
std::optional<T> awaitBody(Session& s, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto env = s.receive(50ms)) {
      if (auto* body = std::get_if<T>(&env->body)) return *body;
    }
  }
  return std::nullopt;
}

// A secret key as it might leak: its Z85 text, its raw 32 bytes, and their hex (either case).
std::vector<std::string> secretForms(const std::string& z85) {
  std::string raw(32, '\0');
  BOOST_REQUIRE(zmq_z85_decode(reinterpret_cast<std::uint8_t*>(raw.data()), z85.c_str()) !=
                nullptr);
  std::string hex, upper;
  constexpr const char* kDigits = "0123456789abcdef";
  constexpr const char* kUpper = "0123456789ABCDEF";
  for (unsigned char c : raw) {
    hex += {kDigits[c >> 4], kDigits[c & 15]};
    upper += {kUpper[c >> 4], kUpper[c & 15]};
  }
  return {z85, raw, hex, upper};
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return condition();
}

// Registers `callsign` over `s`; the Welcome or the Error the coordinator gave.
std::variant<Welcome, Error> hello(Session& s, const std::string& callsign) {
  s.send(sampleHello(callsign), wallClockNow());
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (auto env = s.receive(50ms)) {
      if (auto* w = std::get_if<Welcome>(&env->body)) return *w;
      if (auto* e = std::get_if<Error>(&env->body)) return *e;
    }
  }
  return Error{ErrorCode::INTERNAL, "no reply", 0};
}

// Strangers' CURVE clients (keys not enrolled) connecting to the agent link: each attempt is
// refused by the door and fails its handshake, again at every reconnect, until destroyed.
struct Flood {
  Flood(zmq::context_t& context, const SecureOperation& op, int clients) {
    for (int i = 0; i < clients; ++i) {
      Keyed stranger{"stranger-" + std::to_string(i)};
      auto& s = sockets.emplace_back(context, zmq::socket_type::dealer);
      s.set(zmq::sockopt::linger, 0);
      curve::makeClient(s, curve::ClientKeys{stranger.keys, op.server.keys.publicKey});
      s.connect(op.running->coordinator->agentEndpoint());
    }
  }
  void stop() { sockets.clear(); }
  std::vector<zmq::socket_t> sockets;
};

std::size_t failuresRecorded(const SecureOperation& op) {
  std::size_t n = 0;
  for (const auto& r : op.accessLog()) n += r.action.rfind("auth.", 0) == 0;
  return n;
}

// The "N more failures" record of a flood, if written; its count, or 0 when there is none.
unsigned floodCount(const SecureOperation& op) {
  for (const auto& r : op.accessLog()) {
    if (r.action == "auth.failed" && r.subject == "(many)") return std::stoul(r.detail);
  }
  return 0;
}

// Registers `callsign` over `s` and has one sighting, `sightingId`, acknowledged.
void registerAndReport(Session& s, const std::string& callsign, const std::string& sightingId) {
  BOOST_REQUIRE(std::holds_alternative<Welcome>(hello(s, callsign)));
  s.send(sampleSighting(sightingId, wallClockNow()), wallClockNow());
  BOOST_REQUIRE(awaitBody<SightingAck>(s, 10s).has_value());
}

// Revokes `principal` in the operation's allow-list file, as `revoke` does.
void revokeInFile(const SecureOperation& op, const std::string& principal) {
  auto bad = updateAllowList(op.allowListFile, [&](AllowList& l) -> std::optional<std::string> {
    if (!l.revoke(principal)) return "not enrolled";
    return std::nullopt;
  });
  BOOST_REQUIRE(!bad);
}

}  // namespace

BOOST_AUTO_TEST_CASE(an_enrolled_agent_is_served_and_an_unknown_key_is_refused_and_logged) {
  SecureOperation op;
  zmq::context_t context(1);
  Session alpha(context, op.agentLink(op.alpha));
  registerAndReport(alpha, "ALPHA-1", "a-1");

  Keyed stranger{"stranger"};
  Session unknown(context, op.agentLink(stranger));
  unknown.send(sampleHello("ALPHA-9"), wallClockNow());
  BOOST_TEST(!unknown.receive(1500ms).has_value());  // the handshake never completes
  BOOST_TEST(eventually([&] { return op.logged("auth.refused", stranger.keys.publicKey); }));
  BOOST_TEST(op.running->store->load().units.count("ALPHA-9") == 0u);
}

// A client with no key at all (plain ZMTP against a CURVE server). It has its own operation:
// a stranger retrying above fills the failure log's per-window quota within a second or two.
BOOST_AUTO_TEST_CASE(a_client_without_a_key_is_refused_and_its_failure_recorded) {
  SecureOperation op;
  zmq::context_t context(1);
  Session plain(context, op.running->agentLink());
  plain.send(sampleHello("ALPHA-8"), wallClockNow());
  BOOST_TEST(!plain.receive(1500ms).has_value());
  // The socket monitor's failed handshake: the mechanism mismatch ("protocol error") when the
  // coordinator sees it first, a broken pipe ("handshake failed (errno 32 ...)") when the client
  // does and hangs up first, as it does under load. This operation has no other client.
  BOOST_TEST(eventually([&] { return op.logged("auth.failed", "agent"); }));
  BOOST_TEST(op.running->store->load().units.count("ALPHA-8") == 0u);
}

BOOST_AUTO_TEST_CASE(an_agent_reports_only_as_its_bound_unit) {
  SecureOperation op;
  zmq::context_t context(1);
  Session bravo(context, op.agentLink(op.bravo));
  auto refused = hello(bravo, "ALPHA-1");
  BOOST_REQUIRE(std::holds_alternative<Error>(refused));
  BOOST_TEST(std::get<Error>(refused).code == ErrorCode::NOT_ALLOWED);
  BOOST_TEST(std::get<Error>(refused).message.find("bound to unit BRAVO-2") != std::string::npos);
  BOOST_TEST(std::holds_alternative<Welcome>(hello(bravo, "BRAVO-2")));
  // A commander's key is no agent: the door itself refuses it on the agent link.
  Session commander(context, op.agentLink(op.commander));
  commander.send(sampleHello("CMDR-1"), wallClockNow());
  BOOST_TEST(!commander.receive(1500ms).has_value());
  BOOST_TEST(
      eventually([&] { return op.logged("auth.refused", "commander key on the fieldops.agent"); }));
}

// A unit's reports are credited to its callsign, so a unit has one key: the log then names the
// one principal that sent them. A new key for the unit comes after the old one is revoked.
BOOST_AUTO_TEST_CASE(a_unit_has_one_key_so_its_reports_name_one_principal) {
  AllowList list;
  BOOST_REQUIRE(!list.enroll({curve::generate().publicKey, {"agent.alpha", Role::agent, "ALPHA-1"}}));
  auto second = list.enroll({curve::generate().publicKey, {"agent.alpha2", Role::agent, "ALPHA-1"}});
  BOOST_REQUIRE(second.has_value());
  BOOST_TEST(second->find("one key per unit") != std::string::npos, *second);
  BOOST_TEST(second->find("agent.alpha") != std::string::npos, *second);
  BOOST_TEST(!list.enroll({curve::generate().publicKey, {"agent.bravo", Role::agent, "BRAVO-2"}}));
  BOOST_TEST(list.revoke("agent.alpha"));
  BOOST_TEST(!list.enroll({curve::generate().publicKey, {"agent.alpha2", Role::agent, "ALPHA-1"}}));
  // A file that binds two keys to one unit is refused where it says so.
  const std::string twice = curve::generate().publicKey + " agent.one agent CHARLIE-3\n" +
                            curve::generate().publicKey + " agent.two agent CHARLIE-3\n";
  auto parsed = AllowList::parse(twice);
  BOOST_REQUIRE(!parsed.has_value());
  BOOST_TEST(parsed.error().find("line 2") != std::string::npos, parsed.error());
}

BOOST_AUTO_TEST_CASE(a_spoofed_routing_id_is_never_credited_to_another_unit) {
  SecureOperation op;
  zmq::context_t context(1);
  {
    Session alpha(context, op.agentLink(op.alpha));
    alpha.socket().set(zmq::sockopt::routing_id, "shared-id");
    // routing_id must be set before connecting: reconnect with it.
    alpha.socket().disconnect(op.running->coordinator->agentEndpoint());
    alpha.socket().connect(op.running->coordinator->agentEndpoint());
    BOOST_REQUIRE(std::holds_alternative<Welcome>(hello(alpha, "ALPHA-1")));
  }  // ALPHA-1's connection closes; the coordinator still maps "shared-id" to ALPHA-1
  std::this_thread::sleep_for(300ms);
  SessionOptions as = op.agentLink(op.bravo);
  zmq::socket_t spoof(context, zmq::socket_type::dealer);
  spoof.set(zmq::sockopt::linger, 0);
  spoof.set(zmq::sockopt::routing_id, "shared-id");
  curve::makeClient(spoof, *as.keys);
  spoof.connect(as.endpoint);
  Envelope env{kProtocolVersion,
               kOperation,
               true,
               1,
               wallClockNow(),
               sampleSighting("spoofed-1", wallClockNow())};
  const std::string bytes = encode(env);
  spoof.send(zmq::buffer(bytes));
  zmq::pollitem_t item{spoof.handle(), 0, ZMQ_POLLIN, 0};
  BOOST_REQUIRE(zmq::poll(&item, 1, 10s) == 1);
  zmq::message_t reply;
  BOOST_REQUIRE(spoof.recv(reply));
  auto decoded = decode(reply.to_string_view(), DecodeLimits::forReplies());
  BOOST_REQUIRE(decoded.has_value());
  auto* error = std::get_if<Error>(&decoded->body);
  BOOST_REQUIRE(error != nullptr);
  BOOST_TEST(error->code == ErrorCode::NOT_ALLOWED);
  BOOST_TEST(op.running->store->sightings(0, 100).empty());  // nothing credited to ALPHA-1
}

BOOST_AUTO_TEST_CASE(each_role_may_do_its_own_work_and_no_more) {
  SecureOperation op;
  zmq::context_t context(1);
  const CreateTask create{
      TaskKind::SCREEN_ARRIVALS, Priority::P2,
      wallClockNow() + 3600000,  Target{std::string("Tabanovce border crossing")},
      "screen the bus",          ""};
  ControlClient observer(context, op.control(op.observer));
  auto refused = observer.request(create, 10s);
  BOOST_REQUIRE(!refused.has_value());
  BOOST_TEST(refused.error().code == ErrorCode::NOT_ALLOWED);
  BOOST_TEST(refused.error().message.find("observer") != std::string::npos);
  BOOST_TEST(observer.request(SnapshotQuery{}, 10s).has_value());  // reading is allowed

  ControlClient trainer(context, op.control(op.trainer));
  auto trainerTask = trainer.request(create, 10s);
  BOOST_REQUIRE(!trainerTask.has_value());
  BOOST_TEST(trainerTask.error().code == ErrorCode::NOT_ALLOWED);

  ControlClient commander(context, op.control(op.commander));
  auto clock = commander.request(AdvanceClock{wallClockNow() + 1000, 0}, 10s);
  BOOST_REQUIRE(!clock.has_value());
  BOOST_TEST(clock.error().code == ErrorCode::NOT_ALLOWED);
  auto created = commander.request(create, 10s);
  BOOST_REQUIRE_MESSAGE(created.has_value(),
                        (created.has_value() ? std::string() : created.error().message));

  // An agent's key gets nowhere on the control endpoint or the update stream (a stolen field
  // laptop must not read the whole operation).
  ControlClient agentOnControl(context, op.control(op.alpha));
  BOOST_TEST(!agentOnControl.request(SnapshotQuery{}, 1500ms).has_value());
  BOOST_TEST(
      eventually([&] { return op.logged("auth.refused", "agent key on the fieldops.control"); }));
  zmq::socket_t agentSub(context, zmq::socket_type::sub);
  agentSub.set(zmq::sockopt::linger, 0);
  curve::makeClient(agentSub, *op.agentLink(op.alpha).keys);
  agentSub.set(zmq::sockopt::subscribe, "");
  agentSub.connect(op.running->updates());
  BOOST_TEST(
      eventually([&] { return op.logged("auth.refused", "agent key on the fieldops.updates"); }));
  zmq::pollitem_t item{agentSub.handle(), 0, ZMQ_POLLIN, 0};
  BOOST_TEST(zmq::poll(&item, 1, 1500ms) == 0);  // not even a heartbeat

  // The task's event names the commander who created it, as authenticated.
  std::vector<std::string> principals;
  op.running->store->forEachEvent(
      [&](const StoredEvent& e) { principals.push_back(e.header.principal); });
  BOOST_REQUIRE(principals.size() == 1u);
  BOOST_TEST(principals.front() == "cmdr.maric");
  BOOST_TEST(op.running->store->load().tasks.size() == 1u);
}

// In a live operation a trainer's key drives nothing, not even the clock, and reads nothing:
// trainers act only in exercises. Live and exercise never mix: a message flagged as an
// exercise is refused by the live coordinator, whoever sends it, on either endpoint.
BOOST_AUTO_TEST_CASE(a_trainer_is_refused_in_a_live_operation_and_exercise_messages_are_refused) {
  SecureOperation op([](CoordinatorOptions& o) { o.core.exercise = false; });
  zmq::context_t context(1);
  ControlClient trainer(context, op.control(op.trainer));
  auto clock = trainer.request(AdvanceClock{wallClockNow() + 1000, 0}, 10s);
  BOOST_REQUIRE(!clock.has_value());
  BOOST_TEST(clock.error().code == ErrorCode::NOT_ALLOWED);
  BOOST_TEST(clock.error().message.find("only in exercise operations") != std::string::npos,
             clock.error().message);
  auto read = trainer.request(SnapshotQuery{}, 10s);
  BOOST_REQUIRE(!read.has_value());
  BOOST_TEST(read.error().code == ErrorCode::NOT_ALLOWED);

  ControlClient commander(context, op.control(op.commander));
  BOOST_TEST(commander.request(SnapshotQuery{}, 10s).has_value());  // the live flag: served
  SessionOptions flaggedExercise = op.control(op.commander);
  flaggedExercise.exercise = true;
  ControlClient mixed(context, flaggedExercise);
  auto refused = mixed.request(SnapshotQuery{}, 10s);
  BOOST_REQUIRE(!refused.has_value());
  BOOST_TEST(refused.error().code == ErrorCode::WRONG_OPERATION);

  SessionOptions agentExercise = op.agentLink(op.alpha);
  agentExercise.exercise = true;
  Session alpha(context, agentExercise);
  auto hello1 = hello(alpha, "ALPHA-1");
  BOOST_REQUIRE(std::holds_alternative<Error>(hello1));
  BOOST_TEST(std::get<Error>(hello1).code == ErrorCode::WRONG_OPERATION);
  BOOST_TEST(op.running->store->load().units.count("ALPHA-1") == 0u);
  Session alphaLive(context, op.agentLink(op.alpha));
  BOOST_TEST(std::holds_alternative<Welcome>(hello(alphaLive, "ALPHA-1")));
}

BOOST_AUTO_TEST_CASE(a_revoked_key_is_dropped_without_a_restart) {
  SecureOperation op;
  zmq::context_t context(1);
  Session alpha(context, op.agentLink(op.alpha));
  // Watch alpha's own connection from the client side.
  BOOST_REQUIRE(zmq_socket_monitor(alpha.socket().handle(), "inproc://alpha-monitor",
                                   ZMQ_EVENT_DISCONNECTED | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) == 0);
  zmq::socket_t monitor(context, zmq::socket_type::pair);
  monitor.connect("inproc://alpha-monitor");
  registerAndReport(alpha, "ALPHA-1", "before");

  revokeInFile(op, op.alpha.name);
  // The coordinator drops the live connection; the reconnect is refused by the ZAP handler.
  bool disconnected = false;
  bool refusedAgain = false;
  const auto deadline = std::chrono::steady_clock::now() + 15s;
  while (!(disconnected && refusedAgain) && std::chrono::steady_clock::now() < deadline) {
    zmq::pollitem_t item{monitor.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, 100ms) == 0) continue;
    zmq::message_t event;
    zmq::message_t address;
    BOOST_REQUIRE(monitor.recv(event));
    BOOST_REQUIRE(monitor.recv(address));
    std::uint16_t id = 0;
    std::memcpy(&id, event.data(), 2);
    disconnected = disconnected || id == ZMQ_EVENT_DISCONNECTED;
    refusedAgain = refusedAgain || id == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;
  }
  BOOST_TEST(disconnected);
  BOOST_TEST(refusedAgain);
  alpha.send(sampleSighting("after", wallClockNow()), wallClockNow());
  BOOST_TEST(!awaitBody<SightingAck>(alpha, 1500ms).has_value());
  BOOST_TEST(op.running->store->sightings(0, 100).size() == 1u);
  BOOST_TEST(eventually([&] { return op.logged("allow-list.revoked", op.alpha.name); }));
  zmq_socket_monitor(alpha.socket().handle(), nullptr, 0);
}

// A revoked commander loses the control endpoint and the update stream without a restart; the
// update stream is bound afresh, so another dashboard (an observer) authenticates again and
// goes on receiving.
BOOST_AUTO_TEST_CASE(a_revoked_commander_loses_control_and_the_update_stream) {
  SecureOperation op;
  zmq::context_t context(1);
  ControlClient commander(context, op.control(op.commander));
  BOOST_REQUIRE(commander.request(SnapshotQuery{}, 10s).has_value());
  const auto subscriber = [&](const Keyed& who) {
    zmq::socket_t sub(context, zmq::socket_type::sub);
    sub.set(zmq::sockopt::linger, 0);
    curve::makeClient(sub, *op.control(who).keys);
    sub.set(zmq::sockopt::subscribe, "");
    sub.connect(op.running->updates());
    return sub;
  };
  zmq::socket_t commanderFeed = subscriber(op.commander);
  zmq::socket_t observerFeed = subscriber(op.observer);
  // Something arrives (the stream's heartbeat comes every second), or nothing within `wait`.
  const auto receives = [](zmq::socket_t& feed, std::chrono::milliseconds wait) {
    zmq::pollitem_t item{feed.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, wait) == 0) return false;
    zmq::message_t m;
    return feed.recv(m, zmq::recv_flags::dontwait).has_value();
  };
  BOOST_REQUIRE(receives(commanderFeed, 10s));
  BOOST_REQUIRE(receives(observerFeed, 10s));

  revokeInFile(op, op.commander.name);
  BOOST_REQUIRE(eventually([&] { return op.logged("allow-list.revoked", op.commander.name); }));
  std::this_thread::sleep_for(300ms);
  while (receives(commanderFeed, 0ms)) {
  }  // what was queued before the stream was bound again
  BOOST_TEST(!receives(commanderFeed, 3s));
  BOOST_TEST(receives(observerFeed, 10s));  // re-authenticated on the fresh stream
  auto refused = commander.request(SnapshotQuery{}, 1500ms);
  BOOST_TEST(!refused.has_value());
  // Its reconnects are refused at the door, as a key no longer enrolled.
  BOOST_TEST(eventually([&] { return op.logged("auth.refused", op.commander.keys.publicKey); }));
}

BOOST_AUTO_TEST_CASE(personal_data_needs_a_justification_and_its_disclosure_is_recorded) {
  SecureOperation op;
  zmq::context_t context(1);
  Session alpha(context, op.agentLink(op.alpha));
  registerAndReport(alpha, "ALPHA-1", "p-1");

  ControlClient observer(context, op.control(op.observer));
  auto plain = observer.request(SightingQuery{0, 10}, 10s);
  BOOST_REQUIRE(plain.has_value());
  const auto& redacted = std::get<std::vector<StoredSighting>>(*plain);
  BOOST_REQUIRE(redacted.size() == 1u);
  BOOST_TEST(redacted[0].redacted);
  BOOST_TEST(redacted[0].sighting.subject.documentNumber.empty());
  BOOST_TEST((redacted[0].sighting.subject.names == std::vector<std::string>{"[redacted]"}));
  BOOST_TEST(redacted[0].sighting.minorCount == 2u);  // the operational picture stays

  auto tooShort = observer.request(SightingQuery{0, 10, false, "x"}, 10s);
  BOOST_REQUIRE(!tooShort.has_value());
  BOOST_TEST(tooShort.error().code == ErrorCode::INVALID_VALUE);

  auto whole =
      observer.request(SightingQuery{0, 10, false, "case 2026/114: identify the minors"}, 10s);
  BOOST_REQUIRE(whole.has_value());
  const auto& full = std::get<std::vector<StoredSighting>>(*whole);
  BOOST_REQUIRE(full.size() == 1u);
  BOOST_TEST(!full[0].redacted);
  BOOST_TEST(full[0].sighting.subject.documentNumber == "N1234567");
  bool recorded = false;
  for (const auto& r : op.accessLog()) {
    if (r.action == "sightings.disclosed") {
      recorded = true;
      BOOST_TEST(r.principal == "obs.eu");
      BOOST_TEST(r.role == "observer");
      BOOST_TEST(r.justification == "case 2026/114: identify the minors");
      BOOST_TEST(r.subject.find("sighting:ALPHA-1/p-1") != std::string::npos, r.subject);
    }
  }
  BOOST_TEST(recorded);
}

BOOST_AUTO_TEST_CASE(the_command_line_makes_keys_enrols_and_refuses_to_run_without_an_allow_list) {
  TempDir dir;
  const std::string key = dir / "cmdr.key";
  auto made = runProgram(FIELDOPS_COORDINATOR_BIN, {"keygen", "--out", key});
  BOOST_REQUIRE_MESSAGE(made.status == 0, made.err);
  struct stat st {};
  BOOST_REQUIRE(::stat(key.c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0600u);
  BOOST_REQUIRE(::stat((key + ".pub").c_str(), &st) == 0);
  BOOST_TEST((st.st_mode & 0777) == 0644u);
  auto again = runProgram(FIELDOPS_COORDINATOR_BIN, {"keygen", "--out", key});
  BOOST_TEST(again.status == 2);  // never overwritten
  BOOST_TEST(again.err.find("exists") != std::string::npos, again.err);

  const std::vector<std::string> data = {"--data-dir", dir / "data"};
  auto args = [&](std::vector<std::string> a) {
    a.insert(a.end(), data.begin(), data.end());
    return a;
  };
  auto enrolled =
      runProgram(FIELDOPS_COORDINATOR_BIN, args({"enroll", "--principal", "cmdr.maric", "--role",
                                                 "commander", "--public-key", key + ".pub"}));
  BOOST_REQUIRE_MESSAGE(enrolled.status == 0, enrolled.err);
  // No store yet (the coordinator has never run here): said, and no store is made for it.
  BOOST_TEST(enrolled.out.find("not recorded in the access log: no store") != std::string::npos,
             enrolled.out);
  BOOST_TEST(!std::filesystem::exists(dir / "data/data.mdb"));
  auto twice = runProgram(
      FIELDOPS_COORDINATOR_BIN,
      args({"enroll", "--principal", "other", "--role", "observer", "--public-key", key + ".pub"}));
  BOOST_TEST(twice.status == 2);
  auto unbound = runProgram(FIELDOPS_COORDINATOR_BIN,
                            args({"enroll", "--principal", "agent.x", "--role", "agent",
                                  "--public-key", curve::generate().publicKey}));
  BOOST_TEST(unbound.status == 2);
  BOOST_TEST(unbound.err.find("bound to one unit") != std::string::npos, unbound.err);
  auto listed = runProgram(FIELDOPS_COORDINATOR_BIN, args({"list"}));
  BOOST_TEST(listed.out.find("cmdr.maric") != std::string::npos, listed.out);
  BOOST_TEST(listed.out.find("1 enrolled") != std::string::npos, listed.out);
  auto revoked =
      runProgram(FIELDOPS_COORDINATOR_BIN, args({"revoke", "--principal", "cmdr.maric"}));
  BOOST_TEST(revoked.status == 0, revoked.err);
  auto gone = runProgram(FIELDOPS_COORDINATOR_BIN, args({"list"}));
  BOOST_TEST(gone.out.find("0 enrolled") != std::string::npos, gone.out);

  // Without an allow-list the coordinator does not start.
  TempDir other;
  auto refused = runProgram(FIELDOPS_COORDINATOR_BIN,
                            {"--data-dir", other / "data", "--operation", kOperation,
                             "--agent-endpoint", "tcp://127.0.0.1:*", "--control-endpoint",
                             "tcp://127.0.0.1:*", "--updates-endpoint", "tcp://127.0.0.1:*"});
  BOOST_TEST(refused.status == 2);
  BOOST_TEST(refused.err.find("allow-list") != std::string::npos, refused.err);
  // A key file others may read is refused.
  ::chmod(key.c_str(), 0644);
  auto loose = runProgram(
      FIELDOPS_COORDINATOR_BIN,
      args({"--key", key, "--operation", kOperation, "--agent-endpoint", "tcp://127.0.0.1:*",
            "--control-endpoint", "tcp://127.0.0.1:*", "--updates-endpoint", "tcp://127.0.0.1:*"}));
  BOOST_TEST(loose.status == 2);
  BOOST_TEST(loose.err.find("chmod 600") != std::string::npos, loose.err);
}

BOOST_AUTO_TEST_CASE(no_secret_key_material_appears_in_any_log) {
  TempDir dir;
  const std::string data = dir / "data";
  Keyed agent{"agent.alpha"};
  BOOST_REQUIRE(!curve::writeKeyFiles(dir / "agent.key", agent.keys, "agent"));
  BOOST_REQUIRE(runProgram(FIELDOPS_COORDINATOR_BIN,
                           {"enroll", "--data-dir", data, "--principal", "agent.alpha", "--role",
                            "agent", "--unit", "ALPHA-1", "--public-key", dir / "agent.key.pub"})
                    .status == 0);
  Keyed stranger{"stranger"};
  {
    Child coordinator(
        FIELDOPS_COORDINATOR_BIN,
        {"--data-dir", data, "--operation", kOperation, "--log-level", "trace", "--agent-endpoint",
         "tcp://127.0.0.1:*", "--control-endpoint", "tcp://127.0.0.1:*", "--updates-endpoint",
         "tcp://127.0.0.1:*", "--ready-file", dir / "ready"},
        dir.path());
    auto endpoints = waitReadyFile(dir / "ready", 30s);
    auto server = curve::readKeyFile(data + "/coordinator.key");
    BOOST_REQUIRE(server.has_value());
    zmq::context_t context(1);
    Session ok(context, {endpoints.at("agent"), kOperation, true,
                         curve::ClientKeys{agent.keys, server->publicKey}});
    BOOST_REQUIRE(std::holds_alternative<Welcome>(hello(ok, "ALPHA-1")));
    Session bad(context, {endpoints.at("agent"), kOperation, true,
                          curve::ClientKeys{stranger.keys, server->publicKey}});
    bad.send(sampleHello("X-1"), wallClockNow());
    BOOST_TEST(!bad.receive(1s).has_value());
    // The field agent's own output, with its key file: registered, one report acknowledged.
    const std::vector<std::string> agentArgs{"--coordinator",
                                             endpoints.at("agent"),
                                             "--operation",
                                             kOperation,
                                             "--callsign",
                                             "ALPHA-1",
                                             "--outbox-dir",
                                             dir / "outbox",
                                             "--script",
                                             "--key",
                                             dir / "agent.key",
                                             "--coordinator-key",
                                             data + "/coordinator.key.pub"};
    std::string agentOutput;
    {
      std::filesystem::create_directories(dir / "agent-run");
      Child fieldAgent(FIELDOPS_AGENT_BIN, agentArgs, dir / "agent-run", true);
      fieldAgent.writeStdin(R"({"sighting":{"sightingId":"k-1","category":"person"}})"
                            "\n");
      BOOST_TEST(fieldAgent.waitForOutput("\"event\":\"ack", 20s));
      fieldAgent.signal(SIGTERM);
      BOOST_TEST(fieldAgent.wait(10s).has_value());
      agentOutput = fieldAgent.stdoutText() + fieldAgent.stderrText();
    }
    coordinator.signal(SIGTERM);
    BOOST_TEST(coordinator.wait(10s).value_or(-1) == 0);
    std::ifstream logFile(data + "/coordinator.log");
    std::stringstream everything;
    everything << logFile.rdbuf() << coordinator.stderrText() << coordinator.stdoutText()
               << agentOutput;
    const std::string text = everything.str();
    BOOST_TEST(text.find("auth.refused") != std::string::npos);  // the log is not empty
    BOOST_TEST(agentOutput.find("registered") != std::string::npos, agentOutput);
    for (const auto* secret :
         {&server->secretKey, &agent.keys.secretKey, &stranger.keys.secretKey}) {
      for (const auto& form : secretForms(*secret)) {
        BOOST_TEST(text.find(form) == std::string::npos);
      }
    }
  }
  auto audit = runProgram(FIELDOPS_COORDINATOR_BIN, {"audit", "--data-dir", data});
  BOOST_TEST(audit.status == 0, audit.err);
  BOOST_TEST(audit.out.find(stranger.keys.publicKey) != std::string::npos, audit.out);
  for (const auto* secret : {&agent.keys.secretKey, &stranger.keys.secretKey}) {
    BOOST_TEST(audit.out.find(*secret) == std::string::npos);
  }
}

BOOST_AUTO_TEST_CASE(an_allow_list_that_does_not_parse_is_refused_and_the_old_one_stays) {
  SecureOperation op;
  zmq::context_t context(1);
  {
    std::ofstream broken(op.allowListFile + ".tmp");
    broken << "this is not an enrolment\n";
  }
  std::filesystem::rename(op.allowListFile + ".tmp", op.allowListFile);
  BOOST_TEST(eventually([&] { return op.logged("allow-list.rejected", "line 1"); }));
  Session alpha(context, op.agentLink(op.alpha));  // still enrolled: the old list is in force
  BOOST_TEST(std::holds_alternative<Welcome>(hello(alpha, "ALPHA-1")));
}

BOOST_AUTO_TEST_CASE(enrolling_and_revoking_on_the_command_line_are_in_the_access_log) {
  TempDir dir;
  { EventStore store(StoreOptions{dir / "data", kOperation, true, 64 << 20, false}); }
  const Keyed commander{"cmdr.maric"};
  const std::vector<std::string> data = {"--data-dir", dir / "data", "--map-size-mb", "64"};
  auto args = [&](std::vector<std::string> a) {
    a.insert(a.end(), data.begin(), data.end());
    return a;
  };
  auto enrolled = runProgram(FIELDOPS_COORDINATOR_BIN,
                             args({"enroll", "--principal", commander.name, "--role", "commander",
                                   "--public-key", commander.keys.publicKey}));
  BOOST_REQUIRE_MESSAGE(enrolled.status == 0, enrolled.err);
  auto revoked =
      runProgram(FIELDOPS_COORDINATOR_BIN, args({"revoke", "--principal", "cmdr.maric", "--reason",
                                                 "transferred to another operation"}));
  BOOST_REQUIRE_MESSAGE(revoked.status == 0, revoked.err);
  auto notEnrolled =
      runProgram(FIELDOPS_COORDINATOR_BIN, args({"revoke", "--principal", "cmdr.nobody"}));
  BOOST_TEST(notEnrolled.status == 2);  // refused: nothing changed, nothing recorded

  auto audit = runProgram(FIELDOPS_COORDINATOR_BIN, args({"audit"}));
  BOOST_REQUIRE_MESSAGE(audit.status == 0, audit.err);
  // Who: the account that ran the command, in the operator role (as export records it).
  const std::string who = hostAccount() + " (operator)";
  const std::string enrolment = lineWith(
      audit.out,
      {"access #1", who, "allow-list.enrolled  cmdr.maric", "commander", commander.keys.publicKey});
  BOOST_TEST(!enrolment.empty(), audit.out);
  BOOST_TEST(!lineWith(audit.out, {"access #2", who, "allow-list.revoked  cmdr.maric",
                                   "why: \"transferred to another operation\""})
                  .empty(),
             audit.out);
  BOOST_TEST(audit.out.find("cmdr.nobody") == std::string::npos, audit.out);
  BOOST_TEST(audit.out.find("2 access log entries") != std::string::npos, audit.out);
}

// The data dir's writer lock is the coordinator's; the access log is written through LMDB's own
// locking, as export does, beside the coordinator's note of the reload.
BOOST_AUTO_TEST_CASE(an_enrolment_while_the_coordinator_runs_is_recorded_by_both) {
  SecureOperation op;
  const Keyed newcomer{"obs.newcomer"};
  auto enrolled =
      runProgram(FIELDOPS_COORDINATOR_BIN,
                 {"--data-dir", op.running->options.dataDir, "--allow-list", op.allowListFile,
                  "--map-size-mb", "256", "enroll", "--principal", newcomer.name, "--role",
                  "observer", "--public-key", newcomer.keys.publicKey});
  BOOST_REQUIRE_MESSAGE(enrolled.status == 0, enrolled.err);
  BOOST_TEST(enrolled.out.find("not recorded") == std::string::npos, enrolled.out);
  auto byWhom = [&](const std::string& principal) {
    for (const auto& r : op.accessLog()) {
      if (r.action == "allow-list.enrolled" && r.subject == newcomer.name &&
          r.principal == principal) {
        return true;
      }
    }
    return false;
  };
  BOOST_TEST(byWhom(hostAccount()));                              // the command, at once
  BOOST_TEST(eventually([&] { return byWhom("coordinator"); }));  // its reload, within a second
}

// An agent's events carry its unit's callsign, not the principal's name (decide_agent.cpp).
BOOST_AUTO_TEST_CASE(audit_of_an_agent_principal_shows_the_changes_of_its_bound_unit) {
  SecureOperation op;
  zmq::context_t context(1);
  Session alpha(context, op.agentLink(op.alpha));
  registerAndReport(alpha, "ALPHA-1", "a-1");
  Session bravo(context, op.agentLink(op.bravo));
  BOOST_REQUIRE(std::holds_alternative<Welcome>(hello(bravo, "BRAVO-2")));

  auto audit = [&](const std::string& principal) {
    return runProgram(FIELDOPS_COORDINATOR_BIN,
                      {"audit", "--data-dir", op.running->options.dataDir, "--allow-list",
                       op.allowListFile, "--principal", principal, "--changes"});
  };
  auto a = audit(op.alpha.name);
  BOOST_REQUIRE_MESSAGE(a.status == 0, a.err);
  BOOST_TEST(a.out.find("bound to unit ALPHA-1") != std::string::npos, a.out);
  BOOST_TEST(!lineWith(a.out, {"event #1", "ALPHA-1", "unitRegistered"}).empty(), a.out);
  BOOST_TEST(!lineWith(a.out, {"event #2", "ALPHA-1", "sightingRecorded"}).empty(), a.out);
  BOOST_TEST(a.out.find("BRAVO-2") == std::string::npos, a.out);
  BOOST_TEST(a.out.find("2 changes in the event log") != std::string::npos, a.out);
  // Another role's principal is matched by its own name only.
  auto c = audit(op.commander.name);
  BOOST_REQUIRE_MESSAGE(c.status == 0, c.err);
  BOOST_TEST(c.out.find("bound to unit") == std::string::npos, c.out);
  BOOST_TEST(c.out.find("0 changes in the event log") != std::string::npos, c.out);
}

// At most 20 failures a window are recorded one by one (authenticator.cpp); the rest as one
// count, written once the 10 s window is over even when no later failure comes.
BOOST_AUTO_TEST_CASE(a_flood_of_failed_handshakes_that_stops_is_counted_after_its_window) {
  SecureOperation op;
  zmq::context_t context(1);
  const auto started = std::chrono::steady_clock::now();
  Flood flood(context, op, 20);
  BOOST_REQUIRE(eventually([&] { return failuresRecorded(op) >= 20; }));
  std::this_thread::sleep_for(500ms);  // more attempts, over the window's quota
  flood.stop();
  std::this_thread::sleep_for(200ms);
  BOOST_TEST(failuresRecorded(op) == 20u);  // one by one: no more than the quota
  BOOST_TEST(floodCount(op) == 0u);         // the window is still open: no count yet
  BOOST_TEST(eventually([&] { return floodCount(op) > 0; }, 15s));
  // Not before the window ended.
  BOOST_TEST((std::chrono::steady_clock::now() - started >= 10s));
}

BOOST_AUTO_TEST_CASE(a_flood_cut_short_by_a_shutdown_is_counted_at_the_shutdown) {
  SecureOperation op;
  zmq::context_t context(1);
  Flood flood(context, op, 20);
  BOOST_REQUIRE(eventually([&] { return failuresRecorded(op) >= 20; }));
  std::this_thread::sleep_for(500ms);
  flood.stop();
  op.running->halt();  // long before the window ends
  BOOST_TEST(floodCount(op) > 0u);
}
