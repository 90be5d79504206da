// The guided sighting report, without a terminal: answers in, questions and a Sighting out.
#define BOOST_TEST_MODULE agent_wizard
#include <boost/test/unit_test.hpp>

#include <field-agent/sighting_wizard.hpp>
#include <field-agent/typed_input.hpp>
#include <tests/support/support.hpp>

#include <initializer_list>

using namespace fieldops;
using namespace fieldops::test;

namespace {

// The agent's clock when each report begins: 10:00 UTC on 1 March 2026.
constexpr Millis kStarted = 1'772'359'200'000;

Hello unitAtTabanovce() {
  Hello h = sampleHello("ALPHA-1");
  h.post = "Tabanovce";
  h.position = {42.21, 21.70};
  return h;
}

TaskView activeTask(std::uint64_t id, TaskKind kind) {
  TaskView t;
  t.task.taskId = id;
  t.task.kind = kind;
  t.task.priority = Priority::P2;
  t.task.target = std::string("Tabanovce");
  t.state = TaskState::ACCEPTED;
  t.unit = "ALPHA-1";
  return t;
}

// Answers each line in turn; every answer must be accepted. Returns the last step.
SightingWizard::Step answerAll(SightingWizard& w, std::initializer_list<const char*> answers) {
  SightingWizard::Step step;
  for (const char* a : answers) {
    BOOST_TEST_CONTEXT("question: " << w.question() << "\nanswer: '" << a << "'") {
      step = w.answer(a);
      BOOST_TEST(step.problem.empty(), "refused: " << step.problem);
      BOOST_TEST(!step.cancelled);
    }
  }
  return step;
}

bool asks(const SightingWizard& w, const std::string& words) {
  return w.question().find(words) != std::string::npos;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_full_person_report_produces_the_sighting_as_answered) {
  SightingWizard w(unitAtTabanovce(), std::nullopt, {}, kStarted);
  BOOST_TEST(asks(w, "What did you see?"));
  // clang-format off
  const auto step = answerAll(w, {
      "1",                        // person
      "",                         // persons: default 1
      "1",                        // minors
      "Ива́н Петров, محمد علي",   // names as written, in any script
      "2009-02-28",               // date of birth
      "syr",                      // nationality, lower case forgiven
      "1",                        // passport
      "N1234567",                 // document number
      "SYR",                      // issuing country
      "1,5",                      // indicators
      "3",                        // sexual exploitation
      "travelling with an older man who holds her passport",
      "",                         // confidence: default 50
  });
  // clang-format on
  BOOST_TEST(!step.done);
  BOOST_TEST(asks(w, "Send this report? [y/n]"));
  BOOST_TEST(asks(w, "documents held by another person, unaccompanied minor"));
  BOOST_TEST(w.answer("y").done);

  const Sighting& s = w.sighting();
  BOOST_TEST(s.category == SightingCategory::PERSON);
  BOOST_TEST(s.personCount == 1u);
  BOOST_TEST(s.minorCount == 1u);
  BOOST_TEST((s.subject.names == std::vector<std::string>{"Ива́н Петров", "محمد علي"}));
  BOOST_TEST(s.subject.dateOfBirth == "2009-02-28");
  BOOST_TEST(s.subject.nationality == "SYR");
  BOOST_TEST(s.subject.documentType == DocumentType::PASSPORT);
  BOOST_TEST(s.subject.documentNumber == "N1234567");
  BOOST_TEST(s.subject.documentCountry == "SYR");
  BOOST_TEST((s.indicators == std::vector<Indicator>{Indicator::DOCUMENTS_HELD_BY_OTHER,
                                                     Indicator::UNACCOMPANIED_MINOR}));
  BOOST_TEST(s.exploitation == Exploitation::SEXUAL_EXPLOITATION);
  BOOST_TEST(s.freeText == "travelling with an older man who holds her passport");
  BOOST_TEST(s.confidence == 50);
  BOOST_TEST(s.relatedTaskId == 0u);
  BOOST_TEST(s.post == "Tabanovce");  // the unit's post and position by default
  BOOST_TEST(s.position.lat == 42.21);
  BOOST_TEST(s.sightingId.empty());  // the agent chooses the id when it queues the report
}

BOOST_AUTO_TEST_CASE(a_group_needs_at_least_two_persons) {
  SightingWizard w(unitAtTabanovce(), SightingCategory::GROUP, {}, kStarted);
  BOOST_TEST(asks(w, "at least 2"));
  for (const char* bad : {"", "1", "0", "two", "-3"}) {
    const auto step = w.answer(bad);
    BOOST_TEST(!step.problem.empty(), "accepted '" << bad << "'");
    BOOST_TEST(asks(w, "How many persons in the group?"));
  }
  BOOST_TEST(w.answer("2").problem.empty());
  BOOST_TEST(asks(w, "minors"));
}

BOOST_AUTO_TEST_CASE(more_minors_than_persons_is_asked_again_with_the_reason) {
  SightingWizard w(unitAtTabanovce(), SightingCategory::GROUP, {}, kStarted);
  answerAll(w, {"4"});
  const auto step = w.answer("5");
  BOOST_TEST(step.problem.find("cannot be more than persons (4)") != std::string::npos,
             step.problem);
  BOOST_TEST(asks(w, "minors"));
  answerAll(w, {"4"});
  BOOST_TEST(w.sighting().minorCount == 4u);
}

BOOST_AUTO_TEST_CASE(a_bad_nationality_or_date_of_birth_is_asked_again) {
  SightingWizard w(unitAtTabanovce(), SightingCategory::PERSON, {}, kStarted);
  answerAll(w, {"1", "0", ""});
  BOOST_TEST(asks(w, "Date of birth"));
  for (const char* bad :
       {"2009-13-01", "2023-02-29", "09-02-2009", "yesterday", "200", "2009-2-1"}) {
    BOOST_TEST(!w.answer(bad).problem.empty(), "accepted date '" << bad << "'");
    BOOST_TEST(asks(w, "Date of birth"));
  }
  answerAll(w, {"2024-02-29"});  // a leap day
  BOOST_TEST(asks(w, "Nationality"));
  for (const char* bad : {"Syria", "SY", "S1R", "SYRIA"}) {
    const auto step = w.answer(bad);
    BOOST_TEST(step.problem.find("ISO 3166-1 alpha-3") != std::string::npos, step.problem);
    BOOST_TEST(asks(w, "Nationality"));
  }
  answerAll(w, {"afg"});
  BOOST_TEST(w.sighting().subject.dateOfBirth == "2024-02-29");
  BOOST_TEST(w.sighting().subject.nationality == "AFG");
}

BOOST_AUTO_TEST_CASE(
    a_date_of_birth_after_the_report_began_is_asked_again_with_the_decoders_reason) {
  SightingWizard w(unitAtTabanovce(), SightingCategory::PERSON, {}, kStarted);
  answerAll(w, {"1", "0", ""});
  auto step = w.answer("2026-03-02");
  BOOST_TEST(step.problem == "'2026-03-02' is after the time observed (2026-03-01T10:00:00Z)");
  step = w.answer("2025-02-30");
  BOOST_TEST(step.problem == "'2025-02-30' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)");
  step = w.answer("1890-06-01");
  BOOST_TEST(step.problem.find("more than 130 years before the time observed") != std::string::npos,
             step.problem);
  BOOST_TEST(asks(w, "Date of birth"));
  // The day itself, a partial date that may be before it, and an unknown month or day are fine.
  for (const char* fine : {"2026-03-01", "2026", "1980-00-00"}) {
    SightingWizard again(unitAtTabanovce(), SightingCategory::PERSON, {}, kStarted);
    answerAll(again, {"1", "0", "", fine});
    BOOST_TEST(again.sighting().subject.dateOfBirth == fine);
  }
}

BOOST_AUTO_TEST_CASE(numbered_indicators_map_to_the_schema_enumerants) {
  SightingWizard w(unitAtTabanovce(), SightingCategory::SITE, {}, kStarted);
  answerAll(w, {"3", "0"});
  BOOST_TEST(asks(w, "Trafficking indicators"));
  BOOST_TEST(asks(w, " 1  documents held by another person"));
  BOOST_TEST(asks(w, "12  accompanied by controlling person"));
  answerAll(w, {"1,5 , 12 5"});  // commas or spaces; a repeat counts once
  BOOST_TEST(
      (w.sighting().indicators ==
       std::vector<Indicator>{Indicator::DOCUMENTS_HELD_BY_OTHER, Indicator::UNACCOMPANIED_MINOR,
                              Indicator::ACCOMPANIED_BY_CONTROLLING_PERSON}));
}

BOOST_AUTO_TEST_CASE(minors_bring_a_reminder_that_unaccompanied_minor_may_apply) {
  SightingWizard w(unitAtTabanovce(), SightingCategory::GROUP, {}, kStarted);
  answerAll(w, {"5", "2", "", ""});
  BOOST_TEST(asks(w, "You reported 2 minor(s): 5 (unaccompanied minor) may apply"));
}

BOOST_AUTO_TEST_CASE(a_choice_out_of_range_is_asked_again) {
  SightingWizard w(unitAtTabanovce(), std::nullopt, {}, kStarted);
  for (const char* bad : {"0", "6", "boat", "1.5"}) {
    BOOST_TEST(!w.answer(bad).problem.empty(), "accepted category '" << bad << "'");
    BOOST_TEST(asks(w, "What did you see?"));
  }
  answerAll(w, {"Site", "0"});  // a category may also be named
  BOOST_TEST(w.sighting().category == SightingCategory::SITE);
  BOOST_TEST(!w.answer("13").problem.empty());  // 12 indicators
  BOOST_TEST(!w.answer("1,x").problem.empty());
  BOOST_TEST(w.sighting().indicators.empty());  // nothing half-taken from a refused answer
  answerAll(w, {""});
  BOOST_TEST(!w.answer("7").problem.empty());  // 6 forms of exploitation
  answerAll(w, {"6", ""});
  BOOST_TEST(!w.answer("101").problem.empty());
  BOOST_TEST(asks(w, "confidence"));
  answerAll(w, {"100"});
  BOOST_TEST(w.sighting().exploitation == Exploitation::SMUGGLING_ONLY);
  BOOST_TEST(w.sighting().confidence == 100);
}

BOOST_AUTO_TEST_CASE(cancel_at_any_question_cancels_the_report) {
  SightingWizard first(unitAtTabanovce(), std::nullopt, {}, kStarted);
  BOOST_TEST(first.answer("cancel").cancelled);
  SightingWizard later(unitAtTabanovce(), SightingCategory::GROUP, {}, kStarted);
  answerAll(later, {"3", "1"});
  const auto step = later.answer("  CANCEL ");
  BOOST_TEST(step.cancelled);
  BOOST_TEST(!step.done);
}

BOOST_AUTO_TEST_CASE(declining_at_the_confirmation_sends_nothing) {
  SightingWizard w(unitAtTabanovce(), SightingCategory::SITE, {}, kStarted);
  answerAll(w, {"0", "", "", "", ""});
  BOOST_TEST(asks(w, "Send this report? [y/n]"));
  BOOST_TEST(!w.answer("maybe").problem.empty());
  const auto step = w.answer("n");
  BOOST_TEST(!step.done);
  BOOST_TEST(step.cancelled);
}

BOOST_AUTO_TEST_CASE(back_returns_to_the_previous_question) {
  SightingWizard w(unitAtTabanovce(), SightingCategory::GROUP, {}, kStarted);
  BOOST_TEST(!w.answer("back").problem.empty());  // the first question
  answerAll(w, {"6", "back"});
  BOOST_TEST(asks(w, "How many persons in the group?"));
  answerAll(w, {"7", "2"});
  BOOST_TEST(w.sighting().personCount == 7u);
  BOOST_TEST(w.sighting().minorCount == 2u);
}

BOOST_AUTO_TEST_CASE(a_vehicle_report_asks_for_the_plate_and_not_for_a_date_of_birth) {
  SightingWizard w(unitAtTabanovce(), std::nullopt, {}, kStarted);
  std::vector<std::string> asked;
  const std::vector<std::string> answers = {"3", "4", "1", "SK-1234-AB", "svk", "11", "", "", "70"};
  for (const auto& a : answers) {
    asked.push_back(w.question());
    BOOST_REQUIRE_MESSAGE(w.answer(a).problem.empty(), "refused '" << a << "'");
  }
  BOOST_TEST(asks(w, "Send this report?"));
  BOOST_TEST(asks(w, "plate SK-1234-AB (SVK)"));
  auto askedAbout = [&](const std::string& words) {
    return std::any_of(asked.begin(), asked.end(),
                       [&](const std::string& q) { return q.find(words) != std::string::npos; });
  };
  BOOST_TEST(askedAbout("occupants"));
  BOOST_TEST(askedAbout("Vehicle plate"));
  BOOST_TEST(!askedAbout("Date of birth"));
  BOOST_TEST(!askedAbout("Names"));
  BOOST_TEST(!askedAbout("Document type"));
  BOOST_TEST(w.answer("yes").done);
  const Sighting& s = w.sighting();
  BOOST_TEST(s.category == SightingCategory::VEHICLE);
  BOOST_TEST(s.personCount == 4u);
  BOOST_TEST(s.minorCount == 1u);
  BOOST_TEST(s.subject.vehiclePlate == "SK-1234-AB");
  BOOST_TEST(s.subject.vehicleCountry == "SVK");
  BOOST_TEST(s.subject.dateOfBirth.empty());
  BOOST_TEST((s.indicators == std::vector<Indicator>{Indicator::AGE_INCONSISTENT_WITH_DOCUMENT}));
  BOOST_TEST(s.confidence == 70);
}

BOOST_AUTO_TEST_CASE(choosing_a_related_task_sets_its_id) {
  SightingWizard w(unitAtTabanovce(), SightingCategory::SITE,
                   {activeTask(7, TaskKind::INSPECT_SITE), activeTask(9, TaskKind::SURVEIL)},
                   kStarted);
  answerAll(w, {"0", "", "", "", ""});
  BOOST_TEST(asks(w, "1  task 7: P2 inspect site"));
  BOOST_TEST(asks(w, "2  task 9: P2 surveil"));
  BOOST_TEST(!w.answer("3").problem.empty());
  answerAll(w, {"2"});
  BOOST_TEST(w.answer("y").done);
  BOOST_TEST(w.sighting().relatedTaskId == 9u);

  SightingWizard none(unitAtTabanovce(), SightingCategory::SITE, {activeTask(7, TaskKind::SURVEIL)},
                      kStarted);
  answerAll(none, {"0", "", "", "", "", "0"});
  BOOST_TEST(none.answer("y").done);
  BOOST_TEST(none.sighting().relatedTaskId == 0u);
}

BOOST_AUTO_TEST_CASE(enumerants_read_as_human_words) {
  BOOST_TEST(humanWords("documentsHeldByOther") == "documents held by another person");
  BOOST_TEST(humanWords("forcedLabour") == "forced labour");
  BOOST_TEST(enumWords(TaskKind::SECOND_LINE_DOCUMENT_CHECK) == "second line document check");
  BOOST_TEST(enumWords(TaskState::ON_SCENE) == "on scene");
}
