// Screening and alerts end to end, as users meet them: watchlists imported with the command
// line, a real coordinator process, an agent and a commander over real sockets on 127.0.0.1.
#define BOOST_TEST_MODULE screening_e2e
#include <algorithm>
#include <boost/test/unit_test.hpp>
#include <coordinator/alert_rules.hpp>
#include <csignal>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <protocol/enum_names.hpp>
#include <protocol/session.hpp>
#include <sstream>
#include <tests/support/support.hpp>

using namespace fieldops;
using namespace fieldops::test;
using namespace std::chrono_literals;

namespace {

const std::string kSamples = std::string(FIELDOPS_SOURCE_DIR) + "/scenarios/watchlists/sample/";

std::vector<std::string> runArgs(const TempDir& dir, const std::string& ready) {
  return {"--insecure-dev",
          "--data-dir",
          dir / "data",
          "--operation",
          kOperation,
          "--agent-endpoint",
          "tcp://127.0.0.1:*",
          "--updates-endpoint",
          "tcp://127.0.0.1:*",
          "--control-endpoint",
          "tcp://127.0.0.1:*",
          "--ready-file",
          ready,
          "--map-size-mb",
          "256"};
}

RunResult importList(const TempDir& dir, const std::string& list, const std::string& file,
                     std::vector<std::string> extra = {}) {
  std::vector<std::string> args = {
      "--data-dir", dir / "data", "--map-size-mb", "256", "import", "--list", list, file};
  args.insert(args.end(), extra.begin(), extra.end());
  return runProgram(FIELDOPS_COORDINATOR_BIN, args, 60s);
}

// Waits for a message of type T from the coordinator, skipping heartbeats and the like.
template <class T>
std::optional<T> awaitMessage(Session& s, std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto env = s.receive(100ms);
    if (env && std::holds_alternative<T>(env->body)) return std::get<T>(env->body);
  }
  return std::nullopt;
}

Snapshot snapshot(ControlClient& control) {
  auto reply = control.request(SnapshotQuery{}, 5s);
  BOOST_REQUIRE(reply.has_value());
  return std::get<Snapshot>(*reply);
}

Sighting withDocument(const std::string& id, const std::string& number,
                      const std::string& country) {
  Sighting s = sampleSighting(id);
  s.subject.names = {"Petra Novakova"};  // on no sample list
  s.subject.dateOfBirth = "1990-05-05";
  s.subject.documentNumber = number;
  s.subject.documentCountry = country;
  return s;
}

// A running coordinator (a child process) over a data dir whose watchlists `prepare` imported
// before it started, with an agent registered as ALPHA-1 and a control client.
struct Operation {
  TempDir dir;
  bool prepared;
  Child coordinator{FIELDOPS_COORDINATOR_BIN, runArgs(dir, dir / "ready"), dir.path()};
  std::map<std::string, std::string> endpoints = waitReadyFile(dir / "ready", 30s);
  zmq::context_t context{1};
  Session agent{context, {endpoints.at("agent"), kOperation, true}};
  ControlClient control{context, {endpoints.at("control"), kOperation, true}};

  explicit Operation(const std::function<void(const TempDir&)>& prepare)
      : prepared((prepare(dir), true)) {
    agent.send(sampleHello("ALPHA-1"), wallClockNow());
    BOOST_REQUIRE(awaitMessage<Welcome>(agent));
  }

  // Stops the coordinator as an operator would; it must exit cleanly.
  void stop() {
    coordinator.signal(SIGTERM);
    BOOST_TEST(coordinator.wait(10s).value_or(-1) == 0);
  }

  // Reports the sighting and returns the alerts it raised, as the store has them once the
  // sighting is acknowledged (durable).
  std::vector<AlertView> report(const Sighting& s) {
    agent.send(s, wallClockNow());
    const auto ack = awaitMessage<SightingAck>(agent);
    BOOST_REQUIRE(ack.has_value());
    BOOST_REQUIRE(ack->sightingId == s.sightingId);
    std::vector<AlertView> out;
    for (const auto& a : snapshot(control).alerts) {
      if (a.sightingId == s.sightingId) out.push_back(a);
    }
    return out;
  }

  // The task an alert created at once, as stored.
  std::optional<TaskView> createdTask(const AlertView& a) {
    if (!a.proposal || a.proposal->taskId == 0) return std::nullopt;
    for (const auto& t : snapshot(control).tasks) {
      if (t.task.taskId == a.proposal->taskId) return t;
    }
    return std::nullopt;
  }

  // The screening of the sighting as stored with it; redacted (no justification): the
  // categories, levels and bases remain, the reasons that quote names do not.
  ScreeningResult storedScreening(const std::string& sightingId) {
    auto reply = control.request(SightingQuery{0, 100}, 5s);
    BOOST_REQUIRE(reply.has_value());
    for (const auto& s : std::get<std::vector<StoredSighting>>(*reply)) {
      if (s.sighting.sightingId == sightingId) return s.screening;
    }
    BOOST_FAIL("sighting " << sightingId << " is not stored");
    return {};
  }
};

}  // namespace

BOOST_AUTO_TEST_CASE(a_stolen_document_raises_an_alert_a_commander_acknowledges_and_resolves) {
  TempDir dir;
  auto imported = importList(dir, "documents", kSamples + "documents.csv");
  BOOST_TEST_REQUIRE(imported.status == 0, imported.out + imported.err);
  BOOST_TEST(imported.out.find("0 rejected") != std::string::npos, imported.out);

  Child coordinator(FIELDOPS_COORDINATOR_BIN, runArgs(dir, dir / "ready"), dir.path());
  const auto endpoints = waitReadyFile(dir / "ready", 30s);
  zmq::context_t context(1);
  Session agent(context, {endpoints.at("agent"), kOperation, true});
  agent.send(sampleHello("ALPHA-1"), wallClockNow());
  BOOST_REQUIRE(awaitMessage<Welcome>(agent));

  // A9000103 (MKD) is listed as stolen; written here in lower case, with a dash and a letter O.
  agent.send(withDocument("doc-1", "a9000-1O3", "MKD"), wallClockNow());
  const auto task = awaitMessage<Task>(agent);
  BOOST_REQUIRE_MESSAGE(task.has_value(), "the follow-up task reaches the unit");
  BOOST_TEST(task->kind == TaskKind::SECOND_LINE_DOCUMENT_CHECK);

  ControlClient control(context, {endpoints.at("control"), kOperation, true});
  Snapshot snap = snapshot(control);
  BOOST_REQUIRE(snap.alerts.size() == 1u);
  const AlertView raised = snap.alerts.front();
  BOOST_TEST(raised.rule == "travel-document-hit");
  BOOST_TEST(raised.cause == AlertCause::HIT);
  BOOST_TEST(raised.severity == Severity::HIGH);
  BOOST_TEST(raised.summary.find("FICT-D-0003") != std::string::npos, raised.summary);
  BOOST_REQUIRE(raised.proposal.has_value());
  BOOST_TEST(raised.proposal->taskId == task->taskId);
  BOOST_TEST(raised.proposal->unit == "ALPHA-1");

  auto ack = control.request(AcknowledgeAlert{raised.alertId, "Cdr. Marić", "ALPHA-1 on it"}, 5s);
  BOOST_REQUIRE(ack.has_value());
  BOOST_TEST(std::get<ControlOk>(*ack).alertId == raised.alertId);
  auto again = control.request(AcknowledgeAlert{raised.alertId, "Cdr. Other", ""}, 5s);
  BOOST_REQUIRE(!again.has_value());
  BOOST_TEST(again.error().code == ErrorCode::INVALID_TRANSITION);
  BOOST_TEST(again.error().message.find("Cdr. Marić") != std::string::npos);

  auto resolved = control.request(
      ResolveAlert{raised.alertId, "Cdr. Marić", AlertOutcome::CONFIRMED_HIT, "passport seized"},
      5s);
  BOOST_REQUIRE(resolved.has_value());
  snap = snapshot(control);
  BOOST_REQUIRE(snap.alerts.size() == 1u);
  const AlertView& done = snap.alerts.front();
  BOOST_TEST(done.state == AlertState::RESOLVED);
  BOOST_TEST(done.outcome == AlertOutcome::CONFIRMED_HIT);
  BOOST_TEST(done.acknowledgedBy == "Cdr. Marić");
  BOOST_TEST(done.acknowledgedAt > 0);
  BOOST_TEST(done.note.find("passport seized") != std::string::npos, done.note);

  // The stored sighting carries its screening result, and the log the whole lifecycle.
  // Without a justification the page is redacted (no screening reasons, which quote names).
  auto plain = control.request(SightingQuery{0, 10}, 5s);
  BOOST_REQUIRE(plain.has_value());
  const auto& redactedPage = std::get<std::vector<StoredSighting>>(*plain);
  BOOST_REQUIRE(redactedPage.size() == 1u);
  BOOST_TEST(redactedPage.front().redacted);
  BOOST_TEST(redactedPage.front().screening.level == HitLevel::HIT);
  BOOST_TEST(redactedPage.front().screening.reason.empty());
  auto sightings =
      control.request(SightingQuery{0, 10, false, "review of the stolen passport alert"}, 5s);
  BOOST_REQUIRE(sightings.has_value());
  const auto& stored = std::get<std::vector<StoredSighting>>(*sightings);
  BOOST_TEST(!stored.front().redacted);
  BOOST_REQUIRE(stored.size() == 1u);
  BOOST_TEST(stored.front().screening.level == HitLevel::HIT);
  BOOST_TEST(stored.front().screening.reason.find("stolen passport") != std::string::npos,
             stored.front().screening.reason);

  coordinator.signal(SIGTERM);
  BOOST_TEST(coordinator.wait(10s).value_or(-1) == 0);
  auto exported = runProgram(FIELDOPS_COORDINATOR_BIN, {"--data-dir", dir / "data", "export",
                                                        "--justification", "alert review"});
  for (const char* kind : {"alertRaised", "alertAcknowledged", "alertResolved", "taskCreated"}) {
    BOOST_TEST(exported.out.find(kind) != std::string::npos, kind);
  }
  auto verified = runProgram(FIELDOPS_COORDINATOR_BIN, {"--data-dir", dir / "data", "verify"});
  BOOST_TEST(verified.status == 0, verified.out);
}

// A red notice listed in Serbian Cyrillic, or in Serbian Latin with Đ, is found when the field
// team writes the name as a Serbian passport does (Dj), as ICAO's MRZ does (D), or in the MRZ
// form a document scanner gives; a sibling sharing the surname and the date of birth is not.
BOOST_AUTO_TEST_CASE(a_red_notice_in_serbian_cyrillic_is_found_under_every_latin_spelling) {
  Operation op([](const TempDir& dir) {
    std::ofstream(dir / "notices.csv")
        << "reference,colour,names,aliases,date_of_birth,nationality,documents\n"
           "FICT-R-9001,red,Ђорђе Ђорђевић,,1985-03-02,SRB,\n"
           "FICT-R-9002,red,Đurđina Đukić,,1991-11-20,SRB,\n";
    auto imported = importList(dir, "notices", dir / "notices.csv");
    BOOST_TEST_REQUIRE(imported.status == 0, imported.out + imported.err);
  });
  const std::vector<std::tuple<std::string, std::string, std::string>> sightings = {
      {"name-1", "Dorde Dordevic", "1985-03-02"},     // ICAO: Đ as D
      {"name-2", "DJUKIC<<DJURDJINA", "1991-11-20"},  // the MRZ, Đ as DJ
      {"name-3", "Djordje Djordjevic", "1985-03-02"},
      {"name-4", "Dragan Đorđević", "1985-03-02"},  // a brother, born the same day
  };
  for (const auto& [id, name, dob] : sightings) {
    Sighting s = sampleSighting(id);
    s.subject.names = {name};
    s.subject.dateOfBirth = dob;
    op.report(s);
  }
  const Snapshot snap = snapshot(op.control);
  std::vector<std::string> alerted;
  for (const auto& a : snap.alerts) {
    BOOST_TEST(a.rule == "red-notice-hit", a.rule << ": " << a.summary);
    alerted.push_back(a.sightingId);
  }
  std::sort(alerted.begin(), alerted.end());
  // name-3 is the subject of name-1's notice again, while its alert is open: counted on it
  // (docs/screening.md, "Grouping"), not a second alert.
  BOOST_TEST(alerted == (std::vector<std::string>{"name-1", "name-2"}));
  for (const auto& a : snap.alerts) {
    if (a.sightingId != "name-1") continue;
    BOOST_TEST(a.occurrences == 2u);
    BOOST_TEST(a.lastSightingId == "name-3");
  }

  // The stored events carry the hits, and no match at all for the brother.
  auto page = op.control.request(SightingQuery{0, 10, false, "review of the red notice hits"}, 5s);
  BOOST_REQUIRE(page.has_value());
  for (const auto& stored : std::get<std::vector<StoredSighting>>(*page)) {
    const bool brother = stored.sighting.sightingId == "name-4";
    BOOST_TEST((stored.screening.level == (brother ? HitLevel::NO_HIT : HitLevel::HIT)),
               stored.sighting.sightingId << ": " << stored.screening.reason);
  }
  op.stop();
}

BOOST_AUTO_TEST_CASE(a_list_imported_while_the_coordinator_runs_screens_the_next_sighting) {
  TempDir dir;
  Child coordinator(FIELDOPS_COORDINATOR_BIN, runArgs(dir, dir / "ready"), dir.path());
  const auto endpoints = waitReadyFile(dir / "ready", 30s);
  zmq::context_t context(1);
  Session agent(context, {endpoints.at("agent"), kOperation, true});
  agent.send(sampleHello("ALPHA-1"), wallClockNow());
  BOOST_REQUIRE(awaitMessage<Welcome>(agent));
  ControlClient control(context, {endpoints.at("control"), kOperation, true});

  Sighting s = sampleSighting("veh-1");
  s.category = SightingCategory::VEHICLE;
  s.subject.vehiclePlate = "bg1234fk";  // BG 1234-FK (SRB) on the sample vehicles list
  s.subject.vehicleCountry = "srb";
  agent.send(s, wallClockNow());
  BOOST_REQUIRE(awaitMessage<SightingAck>(agent));
  BOOST_TEST(snapshot(control).alerts.empty());

  auto imported = importList(dir, "vehicles", kSamples + "vehicles.csv");
  BOOST_TEST_REQUIRE(imported.status == 0, imported.out + imported.err);
  s.sightingId = "veh-2";
  agent.send(s, wallClockNow());
  BOOST_REQUIRE(awaitMessage<SightingAck>(agent));
  const Snapshot snap = snapshot(control);
  BOOST_REQUIRE(snap.alerts.size() == 1u);
  BOOST_TEST(snap.alerts.front().rule == "vehicle-hit");
  BOOST_TEST(snap.alerts.front().sightingId == "veh-2");
}

BOOST_AUTO_TEST_CASE(a_malformed_list_is_refused_with_line_numbers_and_nothing_is_imported) {
  TempDir dir;
  std::ofstream(dir / "bad.csv") << "reference,colour,names\n"
                                    "FICT-X-1,red,Ana Ivanova\n"
                                    "FICT-X-2,pink,Ivo Ivanov\n"
                                    "FICT-X-3,blue,\n";
  auto r = importList(dir, "notices", dir / "bad.csv");
  BOOST_TEST(r.status == 1, r.out + r.err);
  BOOST_TEST(r.out.find("line 3: ") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("line 4: ") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("3 rows read, 1 accepted, 2 rejected") != std::string::npos, r.out);
  BOOST_TEST(r.out.find("nothing imported") != std::string::npos, r.out);

  // --allow-rejections imports the accepted rows, and that is a success.
  auto forced = importList(dir, "notices", dir / "bad.csv", {"--allow-rejections"});
  BOOST_TEST(forced.status == 0, forced.out + forced.err);
  BOOST_TEST(forced.out.find("1 added") != std::string::npos, forced.out);

  auto wrongList = importList(dir, "suspects", dir / "bad.csv");
  BOOST_TEST(wrongList.status == 2);
  BOOST_TEST(wrongList.err.find("notices, documents or vehicles") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_sighting_whose_subject_is_born_after_it_was_observed_is_refused_unstored) {
  Operation op([](const TempDir&) {});
  Session& agent = op.agent;

  Sighting unborn = sampleSighting("dob-future", wallClockNow());
  unborn.subject.dateOfBirth = "2999-01-01";
  const auto sent = agent.send(unborn, wallClockNow());
  const auto error = awaitMessage<Error>(agent);
  BOOST_REQUIRE_MESSAGE(error.has_value(), "the coordinator answers with an Error");
  BOOST_TEST(error->code == ErrorCode::INVALID_VALUE);
  BOOST_TEST(error->refMessageId == sent);
  BOOST_TEST(error->message.find("subject.dateOfBirth: '2999-01-01' is after the time observed") !=
                 std::string::npos,
             error->message);

  // The next, sound report is the only sighting stored.
  agent.send(sampleSighting("dob-fine", wallClockNow()), wallClockNow());
  BOOST_REQUIRE(awaitMessage<SightingAck>(agent));
  auto page = op.control.request(SightingQuery{0, 10}, 5s);
  BOOST_REQUIRE(page.has_value());
  const auto& stored = std::get<std::vector<StoredSighting>>(*page);
  BOOST_REQUIRE(stored.size() == 1u);
  BOOST_TEST(stored.front().sighting.sightingId == "dob-fine");
}

BOOST_AUTO_TEST_CASE(a_generated_list_imports_cleanly_and_a_second_import_changes_nothing) {
  TempDir dir;
  auto generated =
      runProgram(FIELDOPS_COORDINATOR_BIN, {"generate-watchlist", "--list", "notices", "--count",
                                            "2000", "--seed", "7", "--out", dir / "notices.csv"});
  BOOST_TEST_REQUIRE(generated.status == 0, generated.err);
  auto first = importList(dir, "notices", dir / "notices.csv");
  BOOST_TEST(first.status == 0, first.out + first.err);
  BOOST_TEST(first.out.find("2000 added, 0 updated, 0 unchanged, 0 removed") != std::string::npos,
             first.out);
  auto second = importList(dir, "notices", dir / "notices.csv");
  BOOST_TEST(second.out.find("0 added, 0 updated, 2000 unchanged, 0 removed") != std::string::npos,
             second.out);
}

BOOST_AUTO_TEST_CASE(the_rule_table_in_the_docs_lists_every_rule_as_the_code_has_it) {
  std::ifstream in(std::string(FIELDOPS_SOURCE_DIR) + "/docs/screening.md");
  std::stringstream text;
  text << in.rdbuf();
  const std::string doc = text.str();
  std::vector<const AlertRule*> rules;
  for (const auto& r : sightingRules()) rules.push_back(&r);
  rules.push_back(&unitLostRule());
  rules.push_back(&postUnstaffedRule());
  for (const AlertRule* rule : rules) {
    BOOST_TEST_CONTEXT("rule " << rule->name) {
      const auto at = doc.find("| " + std::string(rule->name) + " |");
      BOOST_REQUIRE(at != std::string::npos);
      const std::string row = doc.substr(at, doc.find('\n', at) - at);
      std::string severity = enumName(rule->severity);
      BOOST_TEST(row.find("| " + severity + " |") != std::string::npos, row);
      BOOST_TEST(row.find(std::string(rule->when)) != std::string::npos, row);
      if (rule->task) {
        BOOST_TEST(row.find(rule->createAtOnce ? "| yes |" : "| no |") != std::string::npos, row);
        BOOST_TEST(row.find("| P" + std::to_string(static_cast<int>(rule->priority) + 1) + " |") !=
                       std::string::npos,
                   row);
      }
    }
  }
}

namespace {

// A real coordinator with the sample notices and documents imported, one unit (ALPHA-1 at
// Tabanovce: document check, child-protection trained) and a commander's control client.
// Sightings are observed on 2027-01-15 (test::sampleSighting), when FICT-Y-0001 (Ana Nikolić, born 2012-06-03) is 14.
struct SampleOperation : Operation {
  SampleOperation() : Operation(importSamples) {}

  static void importSamples(const TempDir& dir) {
    for (const auto& [list, file] :
         {std::pair{"notices", "notices.csv"}, std::pair{"documents", "documents.csv"}}) {
      auto r = importList(dir, list, kSamples + file);
      BOOST_TEST_REQUIRE(r.status == 0, r.out + r.err);
    }
  }
};

// A person seen in the sample group at Tabanovce (5 persons, 2 minors), with only a name and
// perhaps a date of birth to screen.
Sighting personSeen(const std::string& id, const std::string& name, const std::string& dob) {
  Sighting s = sampleSighting(id);
  s.subject = Subject{};
  s.subject.names = {name};
  s.subject.dateOfBirth = dob;
  return s;
}

// A sighting of people counted, with nothing to screen.
Sighting peopleSeen(const std::string& id, std::uint32_t persons, std::uint32_t minors,
                    const std::string& dob = {}) {
  Sighting s = sampleSighting(id);
  s.category = SightingCategory::PERSON;
  s.subject = Subject{};
  s.subject.dateOfBirth = dob;
  s.personCount = persons;
  s.minorCount = minors;
  s.indicators.clear();
  return s;
}

// The why line is there and quotes none of the sighting's personal data.
void expectWhyWithoutPersonalData(const AlertView& a, const Sighting& s) {
  BOOST_TEST_CONTEXT("alert " << a.alertId << " (" << a.rule << "), why: " << a.why) {
    BOOST_TEST(!a.why.empty());
    std::vector<std::string> personal = s.subject.names;
    for (const std::string* field :
         {&s.subject.dateOfBirth, &s.subject.documentNumber, &s.subject.vehiclePlate}) {
      if (!field->empty()) personal.push_back(*field);
    }
    for (const auto& name : s.subject.names) {
      std::istringstream words(name);
      for (std::string w; words >> w;) personal.push_back(w);
    }
    for (const auto& p : personal) BOOST_TEST(a.why.find(p) == std::string::npos, p);
  }
}

}  // namespace

BOOST_FIXTURE_TEST_CASE(
    an_adult_named_like_a_missing_child_gets_no_child_protection_alert_the_child_still_does,
    SampleOperation) {
  // An adult whose name is the missing child's, in a group with two minors.
  const Sighting adult = personSeen("adult-1", "Ana Nikolić", "1990-01-01");
  const auto adultAlerts = report(adult);
  BOOST_REQUIRE_EQUAL(adultAlerts.size(), 1u);
  const AlertView& ordinary = adultAlerts.front();
  BOOST_TEST(ordinary.rule == "yellow-notice");
  BOOST_TEST(ordinary.severity == Severity::HIGH);
  BOOST_REQUIRE(ordinary.proposal.has_value());
  BOOST_TEST(ordinary.proposal->kind == TaskKind::INTERVIEW_POSSIBLE_VICTIM);
  BOOST_TEST(ordinary.proposal->taskId == 0u, "proposed, not created");
  BOOST_TEST(ordinary.why.find("adult by date of birth") != std::string::npos, ordinary.why);
  BOOST_TEST(ordinary.why.find("date of birth differs") != std::string::npos, ordinary.why);
  expectWhyWithoutPersonalData(ordinary, adult);
  const ScreeningResult stored = storedScreening("adult-1");
  BOOST_REQUIRE(!stored.matches.empty());
  BOOST_TEST(stored.matches.front().reference == "FICT-Y-0001");
  BOOST_TEST(stored.matches.front().category == "yellow notice");
  BOOST_TEST(stored.matches.front().level == HitLevel::POSSIBLE_HIT);
  BOOST_TEST(stored.matches.front().dateOfBirth == DateOfBirthAgreement::DIFFERS);
  for (const auto& t : snapshot(control).tasks) {
    BOOST_TEST(t.task.kind != TaskKind::CHILD_PROTECTION_REFERRAL);
  }

  // The child herself, with her date of birth: a hit, and the referral at once.
  const Sighting child = personSeen("child-1", "Ana Nikolić", "2012-06-03");
  const auto childAlerts = report(child);
  BOOST_REQUIRE_EQUAL(childAlerts.size(), 1u);
  BOOST_TEST(childAlerts.front().rule == "minor-on-yellow-notice");
  BOOST_TEST(childAlerts.front().severity == Severity::CRITICAL);
  BOOST_TEST(childAlerts.front().why ==
                 "hit on yellow notice, minor FICT-Y-0001: name 100%, date of birth agrees; the "
                 "notice is for a minor, 14 at the sighting",
             childAlerts.front().why);
  const auto referral = createdTask(childAlerts.front());
  BOOST_REQUIRE(referral.has_value());
  BOOST_TEST(referral->task.kind == TaskKind::CHILD_PROTECTION_REFERRAL);
  BOOST_TEST(referral->task.priority == Priority::P1);
  BOOST_TEST(referral->unit == "ALPHA-1");
  expectWhyWithoutPersonalData(childAlerts.front(), child);

  // Her name again, without a date of birth, while her alert is open: the same notice, counted
  // on that alert (docs/screening.md, "Grouping"), and no second referral.
  const std::size_t tasksBefore = snapshot(control).tasks.size();
  BOOST_TEST(report(personSeen("child-2", "Ана Николић", "")).empty());
  for (const auto& a : snapshot(control).alerts) {
    if (a.alertId != childAlerts.front().alertId) continue;
    BOOST_TEST(a.occurrences == 2u);
    BOOST_TEST(a.lastSightingId == "child-2");
  }
  BOOST_TEST(snapshot(control).tasks.size() == tasksBefore);

  // Once her alert is resolved, her name without a date of birth is a case of its own: a
  // possible hit, still a child-protection case.
  BOOST_REQUIRE(control.request(ResolveAlert{childAlerts.front().alertId, "Cdr. Novak",
                                             AlertOutcome::CONFIRMED_HIT, "found her"},
                                5s)
                    .has_value());
  const Sighting unknown = personSeen("child-3", "Ана Николић", "");
  const auto unknownAlerts = report(unknown);
  BOOST_REQUIRE_EQUAL(unknownAlerts.size(), 1u);
  BOOST_TEST(unknownAlerts.front().rule == "minor-on-yellow-notice");
  BOOST_TEST(unknownAlerts.front().severity == Severity::CRITICAL);
  BOOST_TEST(
      unknownAlerts.front().why.find("possible hit on yellow notice, minor FICT-Y-0001") == 0u,
      unknownAlerts.front().why);
  BOOST_TEST(createdTask(unknownAlerts.front()).has_value());
  expectWhyWithoutPersonalData(unknownAlerts.front(), unknown);
}

BOOST_FIXTURE_TEST_CASE(a_child_alone_raises_the_unaccompanied_minor_alert_without_the_indicator,
                        SampleOperation) {
  // One person, one minor, no indicator ticked.
  const auto alone = report(peopleSeen("alone-1", 1, 1));
  BOOST_REQUIRE_EQUAL(alone.size(), 1u);
  BOOST_TEST(alone.front().rule == "unaccompanied-minor");
  BOOST_TEST(alone.front().severity == Severity::CRITICAL);
  BOOST_TEST(alone.front().why == "one person, one minor, no adult in the sighting",
             alone.front().why);
  const auto referral = createdTask(alone.front());
  BOOST_REQUIRE(referral.has_value());
  BOOST_TEST(referral->task.kind == TaskKind::CHILD_PROTECTION_REFERRAL);
  BOOST_TEST(referral->task.priority == Priority::P1);

  // A twelve-year-old by date of birth, counted as one person and no minor.
  const Sighting twelve = peopleSeen("alone-2", 1, 0, "2014-06-01");
  const auto byDate = report(twelve);
  BOOST_REQUIRE_EQUAL(byDate.size(), 1u);
  BOOST_TEST(byDate.front().rule == "unaccompanied-minor");
  BOOST_TEST(byDate.front().severity == Severity::CRITICAL);
  BOOST_TEST(createdTask(byDate.front()).has_value());
  expectWhyWithoutPersonalData(byDate.front(), twelve);

  // A family: three persons, one of them a minor. Nothing.
  BOOST_TEST(report(peopleSeen("family-1", 3, 1)).empty());
  BOOST_TEST(report(peopleSeen("family-2", 3, 1, "2014-06-01")).empty());
}

BOOST_FIXTURE_TEST_CASE(a_stolen_passport_without_its_country_is_a_possible_hit_alert,
                        SampleOperation) {
  // A9000103 (MKD) is listed as stolen (FICT-D-0003); reported without the issuing country.
  const Sighting noCountry = withDocument("pass-1", "A9000103", "");
  const auto possible = report(noCountry);
  BOOST_REQUIRE_EQUAL(possible.size(), 1u);
  const AlertView& a = possible.front();
  BOOST_TEST(a.rule == "travel-document-possible-hit");
  BOOST_TEST(a.cause == AlertCause::POSSIBLE_HIT);
  BOOST_TEST(a.severity == Severity::MEDIUM);
  BOOST_REQUIRE(a.proposal.has_value());
  BOOST_TEST(a.proposal->kind == TaskKind::SECOND_LINE_DOCUMENT_CHECK);
  BOOST_TEST(a.proposal->priority == Priority::P3);
  BOOST_TEST(a.proposal->unit == "ALPHA-1");
  BOOST_TEST(a.proposal->taskId == 0u, "proposed, not created");
  BOOST_TEST(a.why ==
                 "possible hit on stolen passport FICT-D-0003: document number agrees, issuing "
                 "country not known on both sides",
             a.why);
  expectWhyWithoutPersonalData(a, noCountry);

  // With the country: the hit, and the check created at once, as before.
  const Sighting withCountry = withDocument("pass-2", "A9000103", "MKD");
  const auto hit = report(withCountry);
  BOOST_REQUIRE_EQUAL(hit.size(), 1u);
  BOOST_TEST(hit.front().rule == "travel-document-hit");
  BOOST_TEST(hit.front().severity == Severity::HIGH);
  BOOST_TEST(createdTask(hit.front()).has_value());
  expectWhyWithoutPersonalData(hit.front(), withCountry);
}
