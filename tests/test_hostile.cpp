// Hostile input at the agent link: while peers send oversized frames, pointer-amplified Cap'n
// Proto messages or floods of garbage TCP connections, an honest agent stays served (registers
// and has every sighting acknowledged within bounded waits), and the coordinator stays up with
// a store that verifies. Real coordinator, real sockets on 127.0.0.1 (ephemeral ports).
#define BOOST_TEST_MODULE hostile
#include <boost/test/unit_test.hpp>

#include <protocol/codec.hpp>
#include <protocol/convert.hpp>
#include <protocol/fieldops.capnp.h>
#include <protocol/session.hpp>
#include <tests/support/secure_operation.hpp>
#include <tests/support/support.hpp>

#include <capnp/message.h>
#include <capnp/schema.h>
#include <capnp/serialize.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <functional>
#include <memory>
#include <random>
#include <set>
#include <thread>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kTransportCap = 1 << 20;  // the agent link's ZMQ_MAXMSGSIZE (coordinator.cpp)
constexpr int kSightingsPerRound = 100;         // one honest agent's reports per round
constexpr auto kServedWithin = 60s;             // bound on one round under attack (ASan build)
constexpr auto kAttackBound = 60s;              // an attack's whole run is bounded by this

// The one place an honest agent's link to the coordinator is set up: keys and any other
// socket options for an authenticated link go here.
// The honest agent: enrolled, bound to ALPHA-1, over CURVE.
std::unique_ptr<Session> connectHonestAgent(SecureOperation& op) {
  return std::make_unique<Session>(op.running->context, op.agentLink(op.alpha));
}

// Registers `callsign` on `agent` and reports kSightingsPerRound sightings, `round` naming
// their ids; requires the Welcome and every SightingAck within kServedWithin.
void requireServed(Session& agent, const std::string& callsign, int round) {
  const auto deadline = std::chrono::steady_clock::now() + kServedWithin;
  const auto started = std::chrono::steady_clock::now();
  BOOST_REQUIRE(agent.send(sampleHello(callsign), wallClockNow()) != 0);
  bool welcomed = false;
  while (!welcomed && std::chrono::steady_clock::now() < deadline) {
    auto env = agent.receive(100ms);
    if (!env) continue;
    if (auto* e = std::get_if<Error>(&env->body)) BOOST_FAIL("hello refused: " << e->message);
    welcomed = std::holds_alternative<Welcome>(env->body);
  }
  BOOST_REQUIRE_MESSAGE(welcomed, callsign << " was not welcomed in time");

  std::set<std::string> pending;
  for (int i = 0; i < kSightingsPerRound; ++i) {
    const std::string id = callsign + "-R" + std::to_string(round) + "-" + std::to_string(i);
    BOOST_REQUIRE(agent.send(sampleSighting(id), wallClockNow()) != 0);
    pending.insert(id);
  }
  while (!pending.empty() && std::chrono::steady_clock::now() < deadline) {
    auto env = agent.receive(100ms);
    if (!env) continue;
    if (auto* ack = std::get_if<SightingAck>(&env->body)) pending.erase(ack->sightingId);
    if (auto* e = std::get_if<Error>(&env->body)) BOOST_FAIL("sighting refused: " << e->message);
  }
  BOOST_REQUIRE_MESSAGE(pending.empty(), pending.size() << " sightings of " << callsign
                                                        << " were not acknowledged in time");
  BOOST_TEST_MESSAGE(callsign << " round " << round << " served in "
                              << std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::steady_clock::now() - started)
                                     .count()
                              << " ms");
}

// After the attacks: the loop still answers a snapshot, then (stopped) its store holds every
// honest sighting once and its hash chain verifies.
void requireCoordinatorIntact(SecureOperation& op, std::size_t honestSightings) {
  RunningCoordinator& c = *op.running;
  ControlClient control(c.context, op.control(op.observer));
  auto reply = control.request(SnapshotQuery{}, 10s);
  BOOST_REQUIRE_MESSAGE(reply.has_value(), "the coordinator no longer answers a snapshot");
  BOOST_TEST(std::holds_alternative<Snapshot>(*reply));
  c.halt();  // the store belongs to the loop's thread until it stops
  BOOST_TEST(c.store->sightings(0, 100000).size() == honestSightings);
  BOOST_TEST(c.store->verifyChain().ok);
}

// Runs a bounded attack on a thread of its own; stop() ends it early and waits for it.
class Attacker {
 public:
  explicit Attacker(std::function<void(const std::atomic<bool>&)> attack)
      : thread_([this, attack = std::move(attack)] {
          attack(stop_);
          finished_ = true;
        }) {}
  ~Attacker() { stop(); }
  Attacker(const Attacker&) = delete;
  Attacker& operator=(const Attacker&) = delete;
  bool finished() const { return finished_; }
  void stop() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<bool> finished_{false};
  std::thread thread_;  // last: it reads the flags from its start
};

// Serves the honest agent round after round while `attacker` works (at least two rounds, and
// at most kAttackBound), then once more after it has stopped; returns the rounds served.
int serveThroughAttack(Session& agent, const std::string& callsign, Attacker& attacker) {
  const auto bound = std::chrono::steady_clock::now() + kAttackBound;
  int round = 0;
  while (round < 2 || (!attacker.finished() && std::chrono::steady_clock::now() < bound)) {
    requireServed(agent, callsign, ++round);
  }
  BOOST_TEST_MESSAGE(round << " rounds served during the attack");
  BOOST_TEST(attacker.finished());  // the attack ran to its end while the agent was served
  attacker.stop();
  requireServed(agent, callsign, ++round);
  return round;
}

// The attacker is an insider: enrolled (bound to BRAVO-2), so its bytes get past the handshake
// to the transport limits and the decoder, the worst case.
zmq::socket_t rawDealer(SecureOperation& op) {
  RunningCoordinator& c = *op.running;
  zmq::socket_t s(c.context, zmq::socket_type::dealer);
  s.set(zmq::sockopt::linger, 0);
  s.set(zmq::sockopt::reconnect_ivl, 10);
  curve::makeClient(s, *op.agentLink(op.bravo).keys);
  s.connect(c.coordinator->agentEndpoint());
  return s;
}

// The TCP port of a "tcp://127.0.0.1:PORT" endpoint.
std::uint16_t portOf(const std::string& endpoint) {
  return static_cast<std::uint16_t>(std::stoi(endpoint.substr(endpoint.rfind(':') + 1)));
}

// --- Cap'n Proto messages that claim far more than their bytes -------------------------------

// A controlReply of `count` stored sightings whose pointers (unit, sighting) all point at one
// shared, valid element's data with a long free text: every element passes validation, and
// only the traversal limit stops a reader from reading those bytes `count` times.
std::string sharedFarSightingFrame(std::uint32_t count) {
  capnp::MallocMessageBuilder message(8192, capnp::AllocationStrategy::FIXED_SIZE);
  auto env = message.initRoot<wire::Envelope>();
  env.setVersion(kProtocolVersion);
  env.setOperationId(kOperation);
  env.setMessageId(9001);
  auto list = env.getBody().initControlReply().initSightings(count);
  StoredSighting far{1, "HOSTILE-1", sampleSighting("FAR-1"), {}};
  far.sighting.freeText = std::string(900, 'x');
  far.screening.reason = "no hit";
  convert::write(list[0], far);
  auto words = capnp::messageToFlatArray(message);
  BOOST_REQUIRE(message.getSegmentsForOutput().size() == 1u);

  // Layout of a one-segment flat message: [segment table][root pointer][...]. Find the list's
  // tag word by its element count and struct size, then point every element's pointers where
  // element 0's point.
  const auto schema = capnp::Schema::from<wire::StoredSighting>();
  const std::size_t dataWords = schema.getProto().getStruct().getDataWordCount();
  const std::size_t pointers = schema.getProto().getStruct().getPointerCount();
  auto* raw = reinterpret_cast<std::uint64_t*>(words.begin());
  const std::uint64_t tag = (std::uint64_t{count} << 2) | (std::uint64_t{dataWords} << 32) |
                            (std::uint64_t{pointers} << 48);
  std::size_t tagAt = 0;
  for (std::size_t i = 1; i < words.size() && !tagAt; ++i) {
    if (raw[i] == tag) tagAt = i;
  }
  BOOST_REQUIRE_MESSAGE(tagAt != 0, "the struct list's tag word was not found");
  const std::size_t stride = dataWords + pointers;
  for (std::size_t p = 0; p < pointers; ++p) {
    const std::size_t first = tagAt + 1 + dataWords + p;  // element 0's pointer p
    if (raw[first] == 0) continue;
    // Offset (signed, in words, from the word after the pointer) in bits 2..31.
    const auto offset0 = static_cast<std::int32_t>(static_cast<std::uint32_t>(raw[first])) >> 2;
    const auto target = static_cast<std::int64_t>(first) + 1 + offset0;
    for (std::uint32_t i = 1; i < count; ++i) {
      const std::size_t at = first + i * stride;
      const auto offset = static_cast<std::int32_t>(target - static_cast<std::int64_t>(at) - 1);
      raw[at] = (raw[first] & 0xffffffff00000000u) | (raw[first] & 3u) |
                (static_cast<std::uint32_t>(offset) << 2);
    }
  }
  auto bytes = words.asBytes();
  return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
}

// A few dozen bytes that claim a list of 2^29 - 1 empty structs (an empty struct takes no
// bytes, so no bounds check refuses the claim).
std::string hugeEmptyListFrame() {
  capnp::MallocMessageBuilder message(1024, capnp::AllocationStrategy::FIXED_SIZE);
  auto env = message.initRoot<wire::Envelope>();
  env.setVersion(kProtocolVersion);
  env.setOperationId(kOperation);
  env.setMessageId(9002);
  env.getBody().initControlReply().initSightings(1);
  auto words = capnp::messageToFlatArray(message);
  auto* raw = reinterpret_cast<std::uint64_t*>(words.begin());
  const auto schema = capnp::Schema::from<wire::StoredSighting>();
  const std::uint64_t tag =
      (std::uint64_t{1} << 2) |
      (std::uint64_t{schema.getProto().getStruct().getDataWordCount()} << 32) |
      (std::uint64_t{schema.getProto().getStruct().getPointerCount()} << 48);
  for (std::size_t i = 1; i < words.size(); ++i) {
    if (raw[i] != tag) continue;
    raw[i] = std::uint64_t{(1u << 29) - 1} << 2;  // that many elements of 0 data, 0 pointers
    // The list pointer just before the root's body: its word count becomes 0. It is the one
    // inline-composite (7) list pointer in the message.
    for (std::size_t p = 1; p < i; ++p) {
      if ((raw[p] & 3) == 1 && ((raw[p] >> 32) & 7) == 7) raw[p] &= 0x00000007ffffffffu;
    }
    auto bytes = words.asBytes();
    return std::string(reinterpret_cast<const char*>(bytes.begin()), bytes.size());
  }
  BOOST_FAIL("the struct list's tag word was not found");
  return {};
}

}  // namespace

BOOST_AUTO_TEST_CASE(oversized_frames_are_dropped_and_an_honest_agent_stays_served) {
  SecureOperation op;
  std::atomic<int> sent{0};
  Attacker attacker([&](const std::atomic<bool>& stop) {
    zmq::socket_t peer = rawDealer(op);
    peer.set(zmq::sockopt::sndhwm, 4);  // while reconnecting, queue a few frames, not gigabytes
    // Just over the transport cap, and well over it: the coordinator's ZeroMQ drops the
    // connection on each, the DEALER reconnects, and it goes on. And just under it: the
    // decoder refuses it (TOO_LARGE), and the Error replies are never read.
    const std::vector<std::string> frames = {std::string(kTransportCap + 1, 'A'),
                                             std::string(4 * kTransportCap, 'B'),
                                             std::string(kTransportCap - 8, 'C')};
    for (int i = 0; !stop && i < 400; ++i) {
      if (peer.send(zmq::buffer(frames[i % frames.size()]), zmq::send_flags::dontwait)) ++sent;
      std::this_thread::sleep_for(5ms);
    }
  });
  auto agent = connectHonestAgent(op);
  const int rounds = serveThroughAttack(*agent, "ALPHA-1", attacker);
  BOOST_TEST_MESSAGE(sent.load() << " oversized frames sent");
  BOOST_TEST(sent.load() >= 20);  // each one costs the attacker a new CURVE handshake
  requireCoordinatorIntact(op, rounds * kSightingsPerRound);
}

BOOST_AUTO_TEST_CASE(pointer_amplified_messages_get_errors_and_an_honest_agent_stays_served) {
  SecureOperation op;
  const std::vector<std::string> frames = {sharedFarSightingFrame(1500), hugeEmptyListFrame()};
  // The decoder itself refuses both, and for the traversal limit, not for a field.
  for (const auto& frame : frames) {
    BOOST_TEST_REQUIRE(frame.size() <= DecodeLimits{}.maxFrameBytes);
    auto decoded = decode(frame);
    BOOST_REQUIRE(!decoded.has_value());
    BOOST_TEST(decoded.error().code == ErrorCode::MALFORMED);
    BOOST_TEST_MESSAGE("decoder: " << decoded.error().detail);
    BOOST_TEST(decoded.error().detail.find("traversal limit") != std::string::npos,
               decoded.error().detail);
  }

  constexpr int kFrames = 200;
  std::atomic<int> errors{0};  // MALFORMED, as the decoder said
  std::atomic<int> otherReplies{0};
  Attacker attacker([&](const std::atomic<bool>& stop) {
    zmq::socket_t peer = rawDealer(op);
    for (int i = 0; !stop && i < kFrames; ++i) {
      peer.send(zmq::buffer(frames[i % frames.size()]), zmq::send_flags::none);
      zmq::pollitem_t item{peer.handle(), 0, ZMQ_POLLIN, 0};
      if (zmq::poll(&item, 1, 5000ms) != 1) continue;  // counted as missing below
      zmq::message_t reply;
      if (!peer.recv(reply)) continue;
      auto env = decode(reply.to_string_view());
      const auto* error = env ? std::get_if<Error>(&env->body) : nullptr;
      if (error && error->code == ErrorCode::MALFORMED) {
        ++errors;
      } else {
        ++otherReplies;
      }
    }
  });
  auto agent = connectHonestAgent(op);
  const int rounds = serveThroughAttack(*agent, "ALPHA-1", attacker);
  BOOST_TEST(errors.load() == kFrames);
  BOOST_TEST(otherReplies.load() == 0);
  requireCoordinatorIntact(op, rounds * kSightingsPerRound);
}

BOOST_AUTO_TEST_CASE(a_flood_of_garbage_tcp_connections_leaves_an_honest_agent_served) {
  SecureOperation op;
  RunningCoordinator& c = *op.running;
  const std::uint16_t port = portOf(c.coordinator->agentEndpoint());
  constexpr int kConnections = 200;
  std::atomic<int> connected{0};
  Attacker attacker([&](const std::atomic<bool>& stop) {
    std::mt19937 random(20260504);
    std::vector<int> held;  // every third connection stays open until the attack ends
    // A ZMTP 3.0 greeting and READY as a DEALER, then a frame header claiming 2^62 bytes.
    std::string zmtp("\xff\0\0\0\0\0\0\0\x01\x7f\x03\x00", 12);
    zmtp += std::string("NULL") + std::string(16, '\0') + std::string(32, '\0');
    zmtp += std::string("\x04\x1c\x05READY\x0bSocket-Type\0\0\0\x06", 24) + "DEALER";
    zmtp += std::string("\x02\x40\0\0\0\0\0\0\0", 9);
    for (int i = 0; !stop && i < kConnections; ++i) {
      const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
      if (fd < 0) break;
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(port);
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        ::close(fd);
        continue;
      }
      ++connected;
      std::string bytes = i % 10 == 0 ? zmtp : std::string();
      bytes.resize(bytes.size() + random() % 4096);
      for (std::size_t b = zmtp.size() * (i % 10 == 0); b < bytes.size(); ++b) {
        bytes[b] = static_cast<char>(random());
      }
      (void)::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL | MSG_DONTWAIT);
      if (i % 3 == 0) {
        held.push_back(fd);
      } else {
        if (i % 3 == 1) {  // reset rather than close
          const linger reset{1, 0};
          ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        }
        ::close(fd);
      }
      std::this_thread::sleep_for(2ms);
    }
    // The held connections stay open a while longer, then all close at once.
    for (int i = 0; !stop && i < 100; ++i) std::this_thread::sleep_for(10ms);
    for (const int fd : held) ::close(fd);
  });
  auto agent = connectHonestAgent(op);
  const int rounds = serveThroughAttack(*agent, "ALPHA-1", attacker);
  BOOST_TEST(connected.load() == kConnections);
  requireCoordinatorIntact(op, rounds * kSightingsPerRound);
}
