// The allow-list at scale (issue 18; docs/security.md, "Keys and enrolment"): enrolling,
// revoking and reading back among 10,000 keys; the reload off the coordinator's loop
// (AllowListWatcher); and a real coordinator with 10,000 keys enrolled that takes in one more,
// enrolled by the real `fieldops-coordinator enroll`, while a few hundred CURVE units heartbeat
// on 127.0.0.1: none of them is lost.
#define BOOST_TEST_MODULE allow_list
#include <poll.h>

#include <algorithm>
#include <atomic>
#include <boost/test/unit_test.hpp>
#include <coordinator/allow_list_watcher.hpp>
#include <filesystem>
#include <fstream>
#include <tests/support/secure_operation.hpp>
#include <thread>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

constexpr std::size_t kEnrolled = 10'000;
// Connected and heartbeating through the enrolment. Each is a DEALER here and a connection in
// the coordinator (in this process): well inside `ulimit -n` and ZMQ_MAX_SOCKETS (1,023 a
// context; the test's context holds these and a few more).
constexpr int kConnected = 300;
// Well inside a unit's liveness (CoreSettings: 3 missed intervals of 1 s).
constexpr auto kHeartbeatEvery = 250ms;

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    std::this_thread::sleep_for(20ms);
  }
  return condition();
}

bool readable(int fd, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, static_cast<int>(timeout.count())) == 1;
}

// Agents bound to units UNIT-i, every 20th an observer, as a large operation enrols them.
Enrolment enrolmentOf(std::size_t i, const std::string& publicKey) {
  if (i % 20 == 0) return {publicKey, {"obs." + std::to_string(i), Role::observer, ""}};
  return {publicKey, {"agent." + std::to_string(i), Role::agent, "UNIT-" + std::to_string(i)}};
}

std::optional<std::string> enrolAll(AllowList& list, const std::vector<Enrolment>& all) {
  for (const auto& e : all) {
    if (auto bad = list.enroll(e)) return bad;
  }
  return std::nullopt;
}

std::vector<std::string> names(const std::vector<Principal>& principals) {
  std::vector<std::string> out;
  for (const auto& p : principals) out.push_back(p.name);
  return out;
}

void enrolInFile(const std::string& path, const Enrolment& e) {
  auto bad = updateAllowList(path, [&](AllowList& l) { return l.enroll(e); });
  BOOST_REQUIRE_MESSAGE(!bad, bad.value_or(""));
}

}  // namespace

BOOST_AUTO_TEST_CASE(ten_thousand_enrolments_stay_found_by_key_name_and_unit_through_revocations) {
  std::vector<Enrolment> all;
  for (std::size_t i = 0; i < kEnrolled; ++i) {
    all.push_back(enrolmentOf(i, curve::generate().publicKey));
  }
  AllowList list;
  BOOST_REQUIRE(!enrolAll(list, all));
  // Revoked from the start, the middle and the end: the rest keep their order and are found.
  std::vector<bool> revoked(kEnrolled, false);
  for (std::size_t i = 0; i < kEnrolled; i += 97) revoked[i] = true;
  revoked[kEnrolled - 1] = true;
  for (std::size_t i = 0; i < kEnrolled; ++i) {
    if (revoked[i]) BOOST_REQUIRE(list.revoke(all[i].principal.name));
  }
  BOOST_TEST(!list.revoke(all[0].principal.name));  // not enrolled any more
  auto parsed = AllowList::parse(list.text());      // the file written and read back
  BOOST_REQUIRE_MESSAGE(parsed.has_value(), (parsed ? "" : parsed.error()));
  for (const AllowList* l : {&list, &*parsed}) {
    // Each enrolment checked by key, by name and by its place; the first one wrong is reported.
    std::size_t at = 0;
    std::string wrong;
    for (std::size_t i = 0; i < kEnrolled && wrong.empty(); ++i) {
      const Enrolment& e = all[i];
      const Principal* byKey = l->byKey(e.publicKey);
      const Enrolment* byName = l->byName(e.principal.name);
      const bool found = revoked[i] ? byKey == nullptr && byName == nullptr
                                    : byKey != nullptr && byName != nullptr &&
                                          byKey->name == e.principal.name &&
                                          byName->publicKey == e.publicKey &&
                                          l->entries().at(at++).principal.name == e.principal.name;
      if (!found) wrong = e.principal.name + (revoked[i] ? " (revoked)" : "");
    }
    BOOST_TEST(wrong.empty(), "not as enrolled: " << wrong);
    BOOST_TEST(at == l->entries().size());
  }
  // One key per unit still holds for the units kept, and a revoked unit may have a new key.
  auto second = list.enroll({curve::generate().publicKey, {"agent.other", Role::agent, "UNIT-9"}});
  BOOST_REQUIRE(second.has_value());
  BOOST_TEST(second->find("enrolled as 'agent.9'") != std::string::npos, *second);
  BOOST_TEST(!list.enroll({curve::generate().publicKey, {"agent.new97", Role::agent, "UNIT-97"}}));
  auto again = list.enroll({all[8].publicKey, {"obs.copy", Role::observer, ""}});
  BOOST_REQUIRE(again.has_value());
  BOOST_TEST(again->find("as 'agent.8'") != std::string::npos, *again);
}

BOOST_AUTO_TEST_CASE(a_change_names_who_was_withdrawn_and_who_was_enrolled) {
  const auto a = curve::generate().publicKey, b = curve::generate().publicKey,
             b2 = curve::generate().publicKey, c = curve::generate().publicKey,
             d = curve::generate().publicKey;
  AllowList before, after;
  BOOST_REQUIRE(!enrolAll(before, {{a, {"agent.a", Role::agent, "A-1"}},
                                   {b, {"cmdr.b", Role::commander, ""}},
                                   {c, {"obs.c", Role::observer, ""}}}));
  BOOST_REQUIRE(!enrolAll(after, {{a, {"agent.a", Role::agent, "A-1"}},
                                  {b2, {"cmdr.b", Role::commander, ""}},  // a new key
                                  {d, {"obs.d", Role::observer, ""}}}));
  const AllowListChange change = compareAllowLists(before, after);
  BOOST_TEST(change.withdrawn == (std::vector<std::string>{"cmdr.b", "obs.c"}),
             boost::test_tools::per_element());
  BOOST_TEST(names(change.enrolled) == (std::vector<std::string>{"obs.d"}),
             boost::test_tools::per_element());
  const AllowListChange none = compareAllowLists(after, after);
  BOOST_TEST(none.withdrawn.empty());
  BOOST_TEST(none.enrolled.empty());
}

// The watcher hands over one reload at a time, each against the list the loop has in force; a
// file that does not parse is handed over as refused, with the line that is wrong.
BOOST_AUTO_TEST_CASE(the_watcher_reads_each_change_off_the_loop_one_reload_at_a_time) {
  TempDir dir;
  const std::string path = dir / "allow-list";
  enrolInFile(path, {curve::generate().publicKey, {"cmdr.first", Role::commander, ""}});
  const FileStamp stamp = stampOf(path);
  auto first = AllowList::load(path);
  BOOST_REQUIRE(first.has_value());
  AllowListWatcher watcher(path, std::make_shared<const AllowList>(std::move(*first)), stamp, 10ms);
  BOOST_TEST(!watcher.take().has_value());

  enrolInFile(path, {curve::generate().publicKey, {"obs.a", Role::observer, ""}});
  BOOST_REQUIRE(readable(watcher.fd(), 10s));
  // Written while the reload of obs.a waits: not looked at until that one is taken.
  enrolInFile(path, {curve::generate().publicKey, {"obs.b", Role::observer, ""}});
  auto a = watcher.take();
  BOOST_REQUIRE(a.has_value());
  BOOST_REQUIRE(a->list != nullptr);
  BOOST_TEST(names(a->change.enrolled) == (std::vector<std::string>{"obs.a"}),
             boost::test_tools::per_element());
  BOOST_TEST(a->list->entries().size() == 2u);
  watcher.retire(std::move(a->list));

  BOOST_REQUIRE(readable(watcher.fd(), 10s));
  auto b = watcher.take();
  BOOST_REQUIRE(b.has_value());
  BOOST_REQUIRE(b->list != nullptr);
  BOOST_TEST(names(b->change.enrolled) == (std::vector<std::string>{"obs.b"}),
             boost::test_tools::per_element());
  BOOST_TEST(b->change.withdrawn.empty());

  {
    std::ofstream broken(path + ".tmp");
    broken << "this is not an enrolment\n";
  }
  std::filesystem::rename(path + ".tmp", path);
  BOOST_REQUIRE(readable(watcher.fd(), 10s));
  auto refused = watcher.take();
  BOOST_REQUIRE(refused.has_value());
  BOOST_TEST(refused->list == nullptr);
  BOOST_TEST(refused->error.find("line 1") != std::string::npos, refused->error);
}

namespace {

struct FieldAgent {
  Keyed keyed;
  std::string unit;
};

// Agents, each its own CURVE session, registered as its unit and heartbeating from a thread of
// their own until stopped, as field agents do. The first also reports a sighting when asked.
class Fleet {
 public:
  Fleet(const SecureOperation& op, const std::vector<FieldAgent>& agents) {
    context_.set(zmq::ctxopt::max_sockets, static_cast<int>(agents.size()) + 64);
    sessions_.reserve(agents.size());
    for (const auto& a : agents) {
      sessions_.emplace_back(context_, op.agentLink(a.keyed));
      sessions_.back().send(sampleHello(a.unit), wallClockNow());
    }
    welcomed_.assign(agents.size(), false);
    pump_ = std::thread([this] { run(); });
  }
  ~Fleet() {
    stop_ = true;
    pump_.join();
  }
  Fleet(const Fleet&) = delete;
  Fleet& operator=(const Fleet&) = delete;

  int welcomed() const { return welcomedCount_.load(); }
  int errors() const { return errors_.load(); }
  // Has the first agent report a sighting; true once it is acknowledged, which the coordinator
  // does after the turn's commit, so after every event of the turns before.
  bool reportAndAwaitAck(std::chrono::milliseconds timeout) {
    const int before = acks_.load();
    ++reports_;
    return eventually([&] { return acks_.load() > before; }, timeout);
  }

 private:
  void run() {
    int reported = 0;
    while (!stop_) {
      for (std::size_t i = 0; i < sessions_.size(); ++i) {
        while (auto env = sessions_[i].receive(0ms)) {
          if (std::holds_alternative<Welcome>(env->body) && !welcomed_[i]) {
            welcomed_[i] = true;
            ++welcomedCount_;
          }
          acks_ += std::holds_alternative<SightingAck>(env->body) ? 1 : 0;
          errors_ += std::holds_alternative<Error>(env->body) ? 1 : 0;
        }
        if (welcomed_[i]) sessions_[i].send(Heartbeat{}, wallClockNow());
      }
      if (reported < reports_.load() && welcomed_[0]) {
        ++reported;
        sessions_[0].send(sampleSighting("report-" + std::to_string(reported), wallClockNow()),
                          wallClockNow());
      }
      std::this_thread::sleep_for(kHeartbeatEvery);
    }
  }

  zmq::context_t context_{1};
  std::vector<Session> sessions_;  // used by the pump only, once it runs
  std::vector<bool> welcomed_;     // likewise
  std::atomic<int> welcomedCount_{0};
  std::atomic<int> reports_{0};
  std::atomic<int> acks_{0};
  std::atomic<int> errors_{0};
  std::atomic<bool> stop_{false};
  std::thread pump_;
};

}  // namespace

// Before issue 18, reading 10,000 keys took the loop ~20 s, and every connected unit was lost.
BOOST_AUTO_TEST_CASE(enrolling_and_revoking_among_ten_thousand_keys_loses_no_connected_unit) {
  std::vector<FieldAgent> agents;  // the first kConnected enrolled, with their secret keys
  for (int i = 0; i < kConnected; ++i) {
    agents.push_back({{"agent.connected-" + std::to_string(i)}, "UNIT-C" + std::to_string(i)});
  }
  SecureOperation op([&](CoordinatorOptions& o) {
    auto bad = updateAllowList(o.security.allowListFile, [&](AllowList& l) {
      std::optional<std::string> problem;
      for (const auto& a : agents) {
        if (!problem)
          problem = l.enroll({a.keyed.keys.publicKey, {a.keyed.name, Role::agent, a.unit}});
      }
      for (std::size_t i = agents.size(); i < kEnrolled && !problem; ++i) {
        problem = l.enroll(enrolmentOf(i, curve::generate().publicKey));
      }
      return problem;
    });
    BOOST_REQUIRE_MESSAGE(!bad, bad.value_or(""));
  });
  BOOST_REQUIRE_GE(AllowList::load(op.allowListFile)->entries().size(), kEnrolled);
  Fleet fleet(op, agents);
  BOOST_REQUIRE_MESSAGE(eventually([&] { return fleet.welcomed() == kConnected; }, 60s),
                        fleet.welcomed() << " of " << kConnected << " units registered");

  // The real commands, as an operator runs them beside the coordinator.
  const std::vector<std::string> where = {"--data-dir",    op.running->options.dataDir,
                                          "--allow-list",  op.allowListFile,
                                          "--map-size-mb", "256"};
  auto command = [&](std::vector<std::string> args) {
    args.insert(args.begin(), where.begin(), where.end());
    return runProgram(FIELDOPS_COORDINATOR_BIN, args, 60s);
  };
  auto takenIn = [&](const std::string& action, const std::string& principal) {
    for (const auto& r : op.accessLog()) {
      if (r.action == action && r.subject == principal && r.principal == "coordinator") {
        return true;
      }
    }
    return false;
  };
  const FieldAgent newcomer{{"agent.newcomer"}, "UNIT-NEW"};
  auto enrolled = command({"enroll", "--principal", newcomer.keyed.name, "--role", "agent",
                           "--unit", newcomer.unit, "--public-key", newcomer.keyed.keys.publicKey});
  BOOST_REQUIRE_MESSAGE(enrolled.status == 0, enrolled.err);
  BOOST_REQUIRE(
      eventually([&] { return takenIn("allow-list.enrolled", newcomer.keyed.name); }, 30s));
  // In force: the newcomer is served (and heartbeats from then on).
  Fleet joined(op, {newcomer});
  BOOST_REQUIRE(eventually([&] { return joined.welcomed() == 1; }, 30s));

  // A revocation of one that is not connected: the others stay (the update stream is bound
  // afresh; the agent link is not touched).
  const std::string gone = enrolmentOf(kEnrolled - 1, "").principal.name;
  auto revoked = command({"revoke", "--principal", gone, "--reason", "laptop lost"});
  BOOST_REQUIRE_MESSAGE(revoked.status == 0, revoked.err);
  BOOST_REQUIRE(eventually([&] { return takenIn("allow-list.revoked", gone); }, 30s));
  // The loop's state since: a unit lost to a stall of the loop while it reloaded shows here.
  zmq::context_t context(1);
  ControlClient commander(context, op.control(op.commander));
  auto snapshot = commander.request(SnapshotQuery{}, 30s);
  BOOST_REQUIRE(snapshot.has_value());
  const auto& units = std::get<Snapshot>(*snapshot).units;
  BOOST_TEST(units.size() == static_cast<std::size_t>(kConnected + 1));
  const auto lostNow = std::count_if(
      units.begin(), units.end(), [](const UnitView& u) { return u.status == UnitStatus::LOST; });
  BOOST_TEST(lostNow == 0, lostNow << " of " << units.size() << " units lost");
  // And durably: a report is acknowledged after its turn's commit, so after every event before.
  BOOST_TEST(fleet.reportAndAwaitAck(30s));
  BOOST_TEST(fleet.errors() == 0);
  BOOST_TEST(joined.errors() == 0);
  std::size_t lostEvents = 0;
  op.running->store->forEachEvent([&](const StoredEvent& e) {
    lostEvents += e.body && std::holds_alternative<UnitLost>(*e.body) ? 1 : 0;
  });
  BOOST_TEST(lostEvents == 0u);
}
