// The dashboard's pure parts, without a terminal or sockets: the picture kept in step with the
// coordinator (snapshot, updates, gaps, silence), the panes' ordering and flags, filters and
// search, the create-task form's validation, the unit suggestion and the key handling.
#define BOOST_TEST_MODULE dashboard_model
#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <clocale>
#include <tests/support/support.hpp>
#include <tui/commands.hpp>
#include <tui/input.hpp>
#include <tui/sync.hpp>
#include <tui/views.hpp>

using namespace fieldops;
using namespace fieldops::dashboard;

namespace {

constexpr Millis kT = 1'800'000'000'000;

UnitView unit(const std::string& callsign, const std::string& post, Position at,
              UnitStatus status = UnitStatus::AVAILABLE) {
  UnitView u;
  u.callsign = callsign;
  u.post = post;
  u.position = at;
  u.status = status;
  u.registeredAt = kT;
  u.lastHeardAt = kT;
  return u;
}

TaskView task(std::uint64_t id, TaskState state, Priority priority,
              const std::string& unitName = {}, Millis dueAt = kT + 3'600'000) {
  TaskView t;
  t.task = Task{id, TaskKind::INSPECT_VEHICLE, priority, dueAt, std::string("Tabanovce"), "van"};
  t.state = state;
  t.unit = unitName;
  t.history = {{TaskState::CREATED, kT, ""}};
  return t;
}

AlertView alert(std::uint64_t id, AlertState state, Severity severity) {
  AlertView a;
  a.alertId = id;
  a.state = state;
  a.severity = severity;
  a.cause = AlertCause::SAFEGUARDING;
  a.summary = "alert " + std::to_string(id);
  return a;
}

StoredSighting sighting(std::uint64_t seq, const std::string& id,
                        const std::string& by = "ALPHA-1") {
  StoredSighting s;
  s.seq = seq;
  s.unit = by;
  s.sighting = test::sampleSighting(id, kT);
  s.sighting.indicators.clear();
  s.sighting.minorCount = 0;
  s.sighting.exploitation = Exploitation::UNKNOWN;
  return s;
}

EventSummary event(std::uint64_t seq) {
  return {seq, kT + static_cast<Millis>(seq), "x", "control", {}, ""};
}

Update update(std::uint64_t first, std::uint64_t last) {
  Update u;
  u.lastSeq = last;
  u.clock = kT + static_cast<Millis>(last);
  for (auto s = first; s <= last; ++s) u.events.push_back(event(s));
  return u;
}

Snapshot snapshot(std::uint64_t seq) {
  Snapshot s;
  s.seq = seq;
  s.clock = kT;
  s.units = {unit("ALPHA-1", "Tabanovce", {42.21, 21.70}),
             unit("BRAVO-2", "Skopje airport", {41.96, 21.62})};
  s.posts = {{"Tabanovce", {42.21, 21.70}, true}, {"Skopje airport", {41.96, 21.62}, true}};
  return s;
}

struct UtfLocale {
  UtfLocale() { std::setlocale(LC_ALL, "C.UTF-8"); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(picture)

BOOST_AUTO_TEST_CASE(updates_newer_than_the_snapshot_apply_and_older_ones_are_ignored) {
  Model m;
  m.applySnapshot(snapshot(10));
  Update old = update(9, 10);
  old.tasks = {task(1, TaskState::CREATED, Priority::P1)};
  BOOST_TEST((m.applyUpdate(old) == UpdateOutcome::stale));
  BOOST_TEST(m.picture().tasks.empty());
  Update next = update(11, 12);
  next.tasks = {task(1, TaskState::ASSIGNED, Priority::P1, "ALPHA-1")};
  next.sightings = {sighting(12, "s-1")};
  BOOST_TEST((m.applyUpdate(next) == UpdateOutcome::applied));
  BOOST_TEST(m.picture().seq == 12u);
  BOOST_TEST(m.picture().tasks.at(1).unit == "ALPHA-1");
  BOOST_TEST(m.picture().sightings.size() == 1u);
  BOOST_TEST(m.picture().recentEvents.size() == 2u);
}

BOOST_AUTO_TEST_CASE(an_update_that_skips_events_is_a_gap) {
  Model m;
  m.applySnapshot(snapshot(10));
  BOOST_TEST((m.applyUpdate(update(12, 13)) == UpdateOutcome::gap));
  BOOST_TEST(m.picture().seq == 10u);
}

BOOST_AUTO_TEST_CASE(an_update_overlapping_the_snapshot_applies_only_its_new_events) {
  Model m;
  m.applySnapshot(snapshot(10));
  BOOST_TEST((m.applyUpdate(update(9, 11)) == UpdateOutcome::applied));
  BOOST_TEST(m.picture().seq == 11u);
  BOOST_REQUIRE(m.picture().recentEvents.size() == 1u);
  BOOST_TEST(m.picture().recentEvents.front().seq == 11u);
}

BOOST_AUTO_TEST_CASE(a_heartbeat_ahead_of_the_picture_is_a_gap_and_one_level_refreshes_units) {
  Model m;
  m.applySnapshot(snapshot(10));
  Update beat;
  beat.lastSeq = 11;
  BOOST_TEST((m.applyUpdate(beat) == UpdateOutcome::gap));
  beat.lastSeq = 10;
  beat.clock = kT + 5000;
  UnitView heard = unit("ALPHA-1", "Tabanovce", {42.21, 21.70});
  heard.lastHeardAt = kT + 4000;
  beat.units = {heard};
  BOOST_TEST((m.applyUpdate(beat) == UpdateOutcome::heartbeat));
  BOOST_TEST(m.picture().units.at("ALPHA-1").lastHeardAt == kT + 4000);
  BOOST_TEST(m.picture().clock == kT + 5000);
}

BOOST_AUTO_TEST_CASE(a_heartbeat_of_changes_keeps_last_heard_and_lost_right_for_every_unit) {
  Model m;
  Snapshot snap = snapshot(10);
  snap.units.push_back(unit("CHARLIE-3", "Kumanovo", {42.13, 21.71}, UnitStatus::LOST));
  snap.units.back().lastHeardAt = kT - 60'000;
  m.applySnapshot(snap);
  // ALPHA-1 heartbeats on; BRAVO-2 has gone quiet and is listed with its own time; CHARLIE-3
  // is lost and stays as it was.
  Update beat;
  beat.lastSeq = 10;
  beat.clock = kT + 5000;
  beat.heardSince = kT + 3500;
  UnitView quiet = unit("BRAVO-2", "Skopje airport", {41.96, 21.62});
  quiet.lastHeardAt = kT + 3000;
  beat.units = {quiet};
  BOOST_TEST((m.applyUpdate(beat) == UpdateOutcome::heartbeat));
  const auto& units = m.picture().units;
  BOOST_TEST(units.at("ALPHA-1").lastHeardAt == kT + 3500, "heard since heardSince");
  BOOST_TEST(units.at("BRAVO-2").lastHeardAt == kT + 3000, "quiet: its own time");
  BOOST_TEST(units.at("CHARLIE-3").lastHeardAt == kT - 60'000, "lost: untouched");
  BOOST_TEST(m.picture().clock == kT + 5000);
  // The next heartbeat: BRAVO-2 still quiet (its time does not move), ALPHA-1 fresher.
  beat.clock = kT + 6000;
  beat.heardSince = kT + 4500;
  BOOST_TEST((m.applyUpdate(beat) == UpdateOutcome::heartbeat));
  BOOST_TEST(units.at("ALPHA-1").lastHeardAt == kT + 4500);
  BOOST_TEST(units.at("BRAVO-2").lastHeardAt == kT + 3000);
  // BRAVO-2 is lost: an update with its unitLost event says so; heartbeats leave it alone.
  Update lost = update(10, 11);
  quiet.status = UnitStatus::LOST;
  lost.units = {quiet};
  BOOST_TEST((m.applyUpdate(lost) == UpdateOutcome::applied));
  Update after;
  after.lastSeq = 11;
  after.clock = kT + 9000;
  after.heardSince = kT + 7500;
  BOOST_TEST((m.applyUpdate(after) == UpdateOutcome::heartbeat));
  BOOST_TEST((units.at("BRAVO-2").status == UnitStatus::LOST));
  BOOST_TEST(units.at("BRAVO-2").lastHeardAt == kT + 3000);
  BOOST_TEST(units.at("ALPHA-1").lastHeardAt == kT + 7500);
}

BOOST_AUTO_TEST_CASE(a_heartbeat_older_than_the_picture_changes_nothing) {
  Model m;
  m.applySnapshot(snapshot(10));
  Update old;
  old.lastSeq = 9;
  old.clock = kT - 1000;
  old.heardSince = kT - 2500;
  UnitView before = unit("ALPHA-1", "Tabanovce", {42.21, 21.70}, UnitStatus::LOST);
  old.units = {before};
  BOOST_TEST((m.applyUpdate(old) == UpdateOutcome::stale));
  BOOST_TEST((m.picture().units.at("ALPHA-1").status == UnitStatus::AVAILABLE));
  BOOST_TEST(m.picture().clock == kT);
}

BOOST_AUTO_TEST_CASE(a_sighting_sent_again_replaces_itself_and_the_feed_keeps_the_newest) {
  Model m;
  m.applySnapshot(snapshot(0));
  m.mergeSightings({sighting(5, "s-1"), sighting(6, "s-2")});
  m.mergeSightings({sighting(5, "s-1")});
  BOOST_TEST(m.picture().sightings.size() == 2u);
  std::vector<StoredSighting> many;
  for (std::uint64_t i = 0; i < kMaxSightings + 10; ++i)
    many.push_back(sighting(100 + i, "m-" + std::to_string(i)));
  m.mergeSightings(many);
  BOOST_TEST(m.picture().sightings.size() == kMaxSightings);
  BOOST_TEST(m.picture().sightings.rbegin()->first == 100 + kMaxSightings + 9);
  BOOST_TEST(m.picture().sightingSeq.size() == kMaxSightings);
}

BOOST_AUTO_TEST_CASE(changes_name_the_panes_to_redraw) {
  Model m;
  m.applySnapshot(snapshot(10));
  m.takeChanges();
  Update u = update(11, 11);
  u.alerts = {alert(1, AlertState::RAISED, Severity::HIGH)};
  m.applyUpdate(u);
  const unsigned changed = m.takeChanges();
  BOOST_TEST((changed & kAlerts) != 0u);
  BOOST_TEST((changed & kSightings) == 0u);
  BOOST_TEST(m.takeChanges() == 0u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(clone_sync)

BOOST_AUTO_TEST_CASE(updates_arriving_before_the_snapshot_are_buffered_and_applied_after_it) {
  Model m;
  Sync sync;
  BOOST_TEST(sync.start(kT).snapshot);
  Update early = update(9, 10);  // older than the snapshot will be
  Update later = update(11, 11);
  later.tasks = {task(7, TaskState::CREATED, Priority::P2)};
  BOOST_TEST(!sync.onUpdate(m, early, kT + 1).snapshot);
  BOOST_TEST(!sync.onUpdate(m, later, kT + 2).snapshot);
  const auto after = sync.onSnapshot(m, snapshot(10), kT + 3);
  BOOST_TEST(!after.snapshot);
  BOOST_TEST(after.sightings);  // the feed's fill
  BOOST_TEST(m.picture().seq == 11u);
  BOOST_TEST(m.picture().tasks.count(7) == 1u);
  BOOST_TEST((sync.state(kT + 4) == LinkState::live));
}

BOOST_AUTO_TEST_CASE(a_gap_asks_for_a_new_snapshot_and_the_update_is_kept_for_after_it) {
  Model m;
  Sync sync;
  sync.start(kT);
  sync.onSnapshot(m, snapshot(10), kT);
  Update jump = update(15, 15);
  jump.tasks = {task(3, TaskState::CREATED, Priority::P1)};
  BOOST_TEST(sync.onUpdate(m, jump, kT + 1).snapshot);
  BOOST_TEST(sync.resyncs() == 1u);
  sync.onSnapshot(m, snapshot(14), kT + 2);
  BOOST_TEST(m.picture().seq == 15u);
  BOOST_TEST(m.picture().tasks.count(3) == 1u);
}

BOOST_AUTO_TEST_CASE(silence_shows_disconnected_keeps_the_picture_and_a_heartbeat_resyncs) {
  Model m;
  Sync sync;
  sync.start(kT);
  sync.onSnapshot(m, snapshot(10), kT);
  BOOST_TEST((sync.state(kT + 1000) == LinkState::live));
  BOOST_TEST(sync.tick(kT + kSilenceLimit + 1).snapshot);  // keeps trying
  BOOST_TEST((sync.state(kT + kSilenceLimit + 1) == LinkState::disconnected));
  BOOST_TEST(m.picture().units.size() == 2u);  // the last picture stays
  BOOST_TEST(sync.onSnapshotLost().snapshot);  // the request was lost in the restart: again
  Update beat;
  beat.lastSeq = 0;  // a restarted coordinator on a fresh store
  BOOST_TEST(!sync.onUpdate(m, beat, kT + 9000).snapshot);  // buffered: a snapshot is on its way
  sync.onSnapshot(m, snapshot(0), kT + 9100);
  BOOST_TEST((sync.state(kT + 9200) == LinkState::live));
  BOOST_TEST(m.picture().seq == 0u);
}

BOOST_AUTO_TEST_CASE(after_a_silence_the_first_update_resyncs_even_without_a_gap) {
  Model m;
  Sync sync;
  sync.start(kT);
  sync.onSnapshot(m, snapshot(10), kT);
  sync.tick(kT + kSilenceLimit + 1);
  sync.onSnapshotLost();
  sync.onSnapshot(m, snapshot(10), kT + 5000);  // it answered; then silence again
  sync.tick(kT + 5000 + kSilenceLimit + 1);
  BOOST_TEST(!sync.onUpdate(m, update(11, 11), kT + 9000).snapshot);  // one already asked
}

BOOST_AUTO_TEST_CASE(a_refused_snapshot_is_asked_for_again_later_not_at_once) {
  Model m;
  Sync sync;
  sync.start(kT);
  sync.onSnapshotRefused(kT + 10);  // e.g. a wrong operation id
  BOOST_TEST(!sync.tick(kT + 20).snapshot);
  BOOST_TEST(sync.tick(kT + 10 + kRetryInterval).snapshot);
  BOOST_TEST(!sync.tick(kT + 20 + kRetryInterval).snapshot);  // in flight now
}

BOOST_AUTO_TEST_CASE(without_an_update_stream_the_snapshot_is_polled) {
  Model m;
  Sync sync(true);
  sync.start(kT);
  sync.onSnapshot(m, snapshot(1), kT);
  BOOST_TEST(!sync.tick(kT + 500).snapshot);
  BOOST_TEST(sync.tick(kT + kPollInterval).snapshot);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(panes)

BOOST_AUTO_TEST_CASE(the_tasks_board_orders_by_state_then_priority_and_flags_overdue) {
  Picture p;
  p.clock = kT;
  p.tasks[1] = task(1, TaskState::COMPLETED, Priority::P1, "ALPHA-1");
  p.tasks[2] = task(2, TaskState::ASSIGNED, Priority::P3, "ALPHA-1");
  p.tasks[3] = task(3, TaskState::ASSIGNED, Priority::P1, "BRAVO-2");
  p.tasks[4] = task(4, TaskState::CREATED, Priority::P4, "", kT - 60'000);
  const auto board = taskBoard(p, {});
  std::vector<std::uint64_t> ids;
  for (const auto* t : board) ids.push_back(t->task.taskId);
  BOOST_TEST(ids == (std::vector<std::uint64_t>{4, 3, 2, 1}), boost::test_tools::per_element());
  BOOST_TEST(isOverdue(*board[0], p.clock));
  // The flag is in the due column: every row's columns stay where their titles are.
  BOOST_TEST(taskDueText(*board[0], p.clock) == "OVERDUE 1m");
  BOOST_TEST(taskLine(*board[0], p.clock).find("OVERDUE 1m") ==
             taskLine(*board[1], p.clock).find("in 60m"));
  BOOST_TEST(!isOverdue(*board[1], p.clock));
  p.tasks[1].overdue = true;  // a finished task is not overdue any more
  BOOST_TEST(!isOverdue(p.tasks[1], p.clock));
}

BOOST_AUTO_TEST_CASE(overdue_tasks_sort_to_the_top_whatever_their_state_and_priority) {
  Picture p;
  p.clock = kT;
  p.tasks[1] = task(1, TaskState::CREATED, Priority::P1, "");
  p.tasks[2] = task(2, TaskState::ON_SCENE, Priority::P4, "ALPHA-1", kT - 5 * 60'000);
  p.tasks[3] = task(3, TaskState::ACCEPTED, Priority::P3, "BRAVO-2", kT - 20 * 60'000);
  p.tasks[4] = task(4, TaskState::ASSIGNED, Priority::P2, "CHARLIE-3", kT + 60'000);
  p.tasks[4].overdue = true;  // flagged by the coordinator a moment before our clock shows it
  std::vector<std::uint64_t> ids;
  for (const auto* t : taskBoard(p, {})) ids.push_back(t->task.taskId);
  BOOST_TEST(ids == (std::vector<std::uint64_t>{3, 2, 4, 1}), boost::test_tools::per_element());
  BOOST_TEST(taskDueText(p.tasks[3], p.clock) == "OVERDUE 20m");
  BOOST_TEST(taskDueText(p.tasks[4], p.clock) == "OVERDUE");
  BOOST_TEST(dueText(kT + 20'000, kT) == "in 1m");  // never "in 0m"
  BOOST_TEST(dueText(kT - 20'000, kT) == "1m late");
  BOOST_TEST(dueText(kT + 150 * 60'000, kT) == "in 2h30");
}

BOOST_AUTO_TEST_CASE(a_finished_tasks_lateness_is_frozen_at_its_finish) {
  TaskView early = task(1, TaskState::COMPLETED, Priority::P2, "ALPHA-1", kT);
  early.history.push_back({TaskState::COMPLETED, kT - 7 * 60'000, ""});
  TaskView late = task(2, TaskState::COMPLETED, Priority::P2, "ALPHA-1", kT);
  late.history.push_back({TaskState::COMPLETED, kT + 12 * 60'000, ""});
  TaskView cancelled = task(3, TaskState::CANCELLED, Priority::P2, "", kT);
  cancelled.history.push_back({TaskState::CANCELLED, kT + 60 * 60'000, ""});
  for (Millis now : {kT, kT + 30 * 60'000, kT + 24 * 3'600'000}) {
    BOOST_TEST_CONTEXT("half an hour or a day on") {
      BOOST_TEST(taskDueText(early, now) == "on time");
      BOOST_TEST(taskDueText(late, now) == "12m late");
      BOOST_TEST(taskDueText(cancelled, now) == "-");
      BOOST_TEST(!isOverdue(late, now));
    }
  }
}

BOOST_AUTO_TEST_CASE(lost_units_sort_first_and_every_unit_shows_its_time_in_status) {
  Picture p;
  p.clock = kT;
  p.units["ALPHA-1"] = unit("ALPHA-1", "Tabanovce", {42.21, 21.70});
  p.units["BRAVO-2"] = unit("BRAVO-2", "Tabanovce", {42.21, 21.70});
  p.units["ZULU-9"] = unit("ZULU-9", "Presevo", {42.30, 21.65});
  p.units["YANKEE-8"] = unit("YANKEE-8", "Presevo", {42.30, 21.65});
  p.units["ZULU-9"].status = UnitStatus::LOST;
  p.units["ZULU-9"].statusSince = kT - 90'000;
  p.units["YANKEE-8"].status = UnitStatus::LOST;
  p.units["YANKEE-8"].statusSince = kT - 30 * 60'000;
  p.units["ALPHA-1"].statusSince = kT - 3 * 3'600'000 - 5 * 60'000;
  std::vector<std::string> order;
  for (const auto& r : unitRows(p, {})) order.push_back(r.unit->callsign);
  BOOST_TEST(order == (std::vector<std::string>{"YANKEE-8", "ZULU-9", "ALPHA-1", "BRAVO-2"}),
             boost::test_tools::per_element());
  BOOST_TEST(unitCells(unitRows(p, {})[1], p.clock).at(3) == "1m");
  BOOST_TEST(unitCells(unitRows(p, {})[2], p.clock).at(3) == "3h05");
}

BOOST_AUTO_TEST_CASE(the_post_filter_is_a_case_insensitive_prefix) {
  Picture p;
  p.clock = kT;
  p.units["ALPHA-1"] = unit("ALPHA-1", "Tabanovce", {42.21, 21.70});
  p.units["BRAVO-2"] = unit("BRAVO-2", "Presevo", {42.30, 21.65});
  Filter f;
  f.post = "taba";
  BOOST_REQUIRE_EQUAL(unitRows(p, f).size(), 1u);
  BOOST_TEST(unitRows(p, f)[0].unit->callsign == "ALPHA-1");
  f.post = "abanovce";  // a prefix, not any substring
  BOOST_TEST(unitRows(p, f).empty());
}

BOOST_AUTO_TEST_CASE(an_escalated_alert_shows_the_severity_it_was_raised_with) {
  Picture p;
  p.clock = kT;
  AlertView a = alert(1, AlertState::RAISED, Severity::CRITICAL);
  a.raisedSeverity = Severity::HIGH;
  a.escalated = true;
  a.raisedAt = kT - 12 * 60'000;
  a.post = "Tabanovce";
  a.summary = "red notice FICT-R-0002 (possibleHit) (sighting s-1 by ECHO-5 at Tabanovce)";
  a.occurrences = 3;
  a.lastOccurredAt = kT - 60'000;
  const Cells cells = alertCells(a, p.clock);
  BOOST_TEST(cells.at(1) == "high→critical");
  BOOST_TEST(cells.at(2) == "NEW");
  BOOST_TEST(cells.at(3) == "12m");  // age
  BOOST_TEST(cells.at(4) == "Tabanovce");
  BOOST_TEST(cells.at(5).rfind("x3 (last 1m ago) red notice", 0) == 0u, cells.at(5));
  // Acknowledged, the age stops at how long it waited.
  a.state = AlertState::ACKNOWLEDGED;
  a.acknowledgedAt = kT - 10 * 60'000;
  BOOST_TEST(alertCells(a, kT + 3'600'000).at(3) == "2m");
}

BOOST_AUTO_TEST_CASE(alerts_list_unacknowledged_first_then_by_severity) {
  Picture p;
  p.alerts[1] = alert(1, AlertState::ACKNOWLEDGED, Severity::CRITICAL);
  p.alerts[2] = alert(2, AlertState::RAISED, Severity::LOW);
  p.alerts[3] = alert(3, AlertState::RAISED, Severity::CRITICAL);
  p.alerts[4] = alert(4, AlertState::RESOLVED, Severity::CRITICAL);
  std::vector<std::uint64_t> ids;
  for (const auto* a : alertList(p, {})) ids.push_back(a->alertId);
  BOOST_TEST(ids == (std::vector<std::uint64_t>{3, 2, 1, 4}), boost::test_tools::per_element());
  BOOST_TEST(unacknowledgedAlerts(p) == 2u);
}

BOOST_AUTO_TEST_CASE(the_feed_is_newest_first_and_flags_minors_victims_and_hits) {
  Picture p;
  StoredSighting plain = sighting(1, "a");
  StoredSighting minor = sighting(2, "b");
  minor.sighting.minorCount = 1;
  minor.sighting.personCount = 2;
  StoredSighting victim = sighting(3, "c");
  victim.sighting.indicators = {Indicator::DEBT_BONDAGE};
  StoredSighting hit = sighting(4, "d");
  hit.screening.level = HitLevel::POSSIBLE_HIT;
  for (const auto& s : {plain, minor, victim, hit}) p.sightings[s.seq] = s;
  const auto feed = sightingFeed(p, {});
  BOOST_REQUIRE(feed.size() == 4u);
  BOOST_TEST(feed[0].sighting->seq == 4u);
  BOOST_TEST(feed[0].screeningHit);
  BOOST_TEST(feed[1].possibleVictim);
  BOOST_TEST(feed[2].minors);
  BOOST_TEST(!feed[3].flagged());
  BOOST_TEST(sightingLine(feed[2]).find("MINOR") != std::string::npos);
  BOOST_TEST(sightingLine(feed[3]).find("MINOR") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_unit_shows_the_most_urgent_open_task_it_holds) {
  Picture p;
  p.units["ALPHA-1"] = unit("ALPHA-1", "Tabanovce", {42.21, 21.70});
  p.tasks[1] = task(1, TaskState::ACCEPTED, Priority::P3, "ALPHA-1");
  p.tasks[2] = task(2, TaskState::EN_ROUTE, Priority::P1, "ALPHA-1");
  p.tasks[3] = task(3, TaskState::COMPLETED, Priority::P1, "ALPHA-1");
  const auto rows = unitRows(p, {});
  BOOST_REQUIRE(rows.size() == 1u);
  BOOST_REQUIRE(rows[0].currentTask != nullptr);
  BOOST_TEST(rows[0].currentTask->task.taskId == 2u);
}

BOOST_AUTO_TEST_CASE(filters_narrow_every_pane_by_post_unit_category_and_search) {
  Picture p;
  p.units["ALPHA-1"] = unit("ALPHA-1", "Tabanovce", {42.21, 21.70});
  p.units["BRAVO-2"] = unit("BRAVO-2", "Skopje airport", {41.96, 21.62});
  p.tasks[1] = task(1, TaskState::ASSIGNED, Priority::P1, "ALPHA-1");
  p.tasks[2] = task(2, TaskState::ASSIGNED, Priority::P1, "BRAVO-2");
  p.tasks[2].task.target = std::string("Skopje airport");
  StoredSighting car = sighting(1, "car", "BRAVO-2");
  car.sighting.category = SightingCategory::VEHICLE;
  car.sighting.post = "Skopje airport";
  p.sightings[1] = car;
  p.sightings[2] = sighting(2, "person");
  Filter byPost;
  byPost.post = "Skopje airport";
  BOOST_TEST(unitRows(p, byPost).size() == 1u);
  BOOST_TEST(taskBoard(p, byPost).size() == 1u);
  BOOST_TEST(sightingFeed(p, byPost).size() == 1u);
  Filter byCategory;
  byCategory.category = SightingCategory::VEHICLE;
  BOOST_TEST(sightingFeed(p, byCategory).size() == 1u);
  Filter byUnit;
  byUnit.unit = "ALPHA-1";
  BOOST_TEST(taskBoard(p, byUnit).front()->task.taskId == 1u);
  Filter search;
  search.search = "bravo";
  BOOST_TEST(unitRows(p, search).size() == 1u);
  BOOST_TEST(describe(byPost) == "post=Skopje airport");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(commands)

BOOST_AUTO_TEST_CASE(the_suggestion_is_the_nearest_available_unit_with_the_capability) {
  Picture p;
  UnitView near = unit("NEAR-1", "", {42.20, 21.70});
  UnitView capable = unit("FAR-2", "", {41.00, 21.00});
  capable.capabilities.childProtectionTrained = true;
  UnitView lost = unit("LOST-3", "", {42.21, 21.70}, UnitStatus::LOST);
  lost.capabilities.childProtectionTrained = true;
  for (const auto& u : {near, capable, lost}) p.units[u.callsign] = u;
  const Target there = Position{42.21, 21.70};
  BOOST_TEST(suggestUnit(p, TaskKind::CHILD_PROTECTION_REFERRAL, there) == "FAR-2");
  BOOST_TEST(suggestUnit(p, TaskKind::SURVEIL, there) == "NEAR-1");
  const auto ranked = rankedUnits(p, TaskKind::CHILD_PROTECTION_REFERRAL, there);
  BOOST_TEST(ranked == (std::vector<std::string>{"FAR-2", "NEAR-1"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(targets_are_posts_by_unique_prefix_or_positions) {
  Picture p;
  p.posts["Tabanovce"] = {"Tabanovce", {42.21, 21.70}, true};
  p.posts["Tetovo"] = {"Tetovo", {42.0, 20.97}, false};
  BOOST_TEST(std::get<std::string>(*parseTarget("tab", p)) == "Tabanovce");
  BOOST_TEST(!parseTarget("t", p).has_value());
  BOOST_TEST(parseTarget("t", p).error().find("could be") != std::string::npos);
  BOOST_TEST(!parseTarget("Nowhere", p).has_value());
  const auto pos = parseTarget("41.5, 22.25", p);
  BOOST_REQUIRE(pos.has_value());
  BOOST_TEST(std::get<Position>(*pos).lon == 22.25);
  BOOST_TEST(!parseTarget("95,10", p).has_value());
}

BOOST_AUTO_TEST_CASE(due_times_are_minutes_from_now_or_the_next_utc_time_of_day) {
  const Millis now = kT;  // 2027-01-15 08:00:00 UTC
  BOOST_TEST(*parseDue("45", now) == now + 45 * 60'000);
  BOOST_TEST(!parseDue("0", now).has_value());
  BOOST_TEST(!parseDue("soon", now).has_value());
  BOOST_TEST(!parseDue("25:00", now).has_value());
  const Millis due = *parseDue("09:30", now);
  BOOST_TEST(due > now);
  BOOST_TEST(due - now < 86'400'000);
  BOOST_TEST(due % 60'000 == 0);
}

BOOST_AUTO_TEST_CASE(the_create_task_form_validates_every_field_and_builds_the_request) {
  Picture p;
  p.units["ALPHA-1"] = unit("ALPHA-1", "Tabanovce", {42.21, 21.70});
  p.units["ALPHA-1"].capabilities.vehicleSearch = true;
  p.units["LOST-2"] = unit("LOST-2", "Tabanovce", {42.21, 21.70}, UnitStatus::LOST);
  Form form = createTaskForm(p);
  form.fields[2].value = "never";
  form.fields[3].value = "";
  BOOST_TEST(!validate(form, p, kT, "Marić").has_value());
  BOOST_TEST(!form.fields[2].error.empty());
  BOOST_TEST(!form.fields[3].error.empty());

  form.fields[0].value = spoken(TaskKind::INSPECT_VEHICLE);
  form.fields[2].value = "30";
  form.fields[3].value = "taban";
  form.fields[4].value = "white van, lane 3";
  refreshCreateTaskForm(form, p);
  BOOST_TEST(form.fields[5].value == "ALPHA-1");  // suggested: vehicle search, at the post
  BOOST_TEST(form.note.find("suggested: ALPHA-1") != std::string::npos);
  const auto request = validate(form, p, kT, "Marić");
  BOOST_REQUIRE(request.has_value());
  const auto& create = std::get<CreateTask>(*request);
  BOOST_TEST(create.kind == TaskKind::INSPECT_VEHICLE);
  BOOST_TEST(create.priority == Priority::P3);
  BOOST_TEST(create.dueAt == kT + 30 * 60'000);
  BOOST_TEST(std::get<std::string>(create.target) == "Tabanovce");
  BOOST_TEST(create.assignTo == "ALPHA-1");

  form.fields[5].value = "LOST-2";
  BOOST_TEST(!validate(form, p, kT, "Marić").has_value());
  BOOST_TEST(form.fields[5].error == "LOST-2 is lost");
}

BOOST_AUTO_TEST_CASE(resolving_an_alert_needs_a_note_and_a_commander) {
  const AlertView a = alert(4, AlertState::RAISED, Severity::HIGH);
  Picture p;
  Form form = resolveForm(a);
  BOOST_TEST(!validate(form, p, kT, "Marić").has_value());
  BOOST_TEST(!form.fields[1].error.empty());
  form.fields[1].value = "unit found, all well";
  BOOST_TEST(!validate(form, p, kT, "").has_value());
  const auto request = validate(form, p, kT, "Marić");
  BOOST_REQUIRE(request.has_value());
  const auto& resolve = std::get<ResolveAlert>(*request);
  BOOST_TEST(resolve.outcome == AlertOutcome::HANDLED);
  BOOST_TEST(resolve.commander == "Marić");
  AlertView hit = a;
  hit.cause = AlertCause::HIT;
  const Form hitForm = resolveForm(hit);
  BOOST_TEST(hitForm.fields[0].choices.size() == 2u);  // confirmed hit or false positive
}

BOOST_AUTO_TEST_CASE(assigning_a_held_task_is_a_reassignment) {
  Picture p;
  p.units["ALPHA-1"] = unit("ALPHA-1", "Tabanovce", {42.21, 21.70});
  p.units["BRAVO-2"] = unit("BRAVO-2", "Tabanovce", {42.21, 21.70});
  p.units["BRAVO-2"].capabilities.vehicleSearch = true;
  p.tasks[5] = task(5, TaskState::ACCEPTED, Priority::P2, "ALPHA-1");
  Form form = assignForm(p, p.tasks[5]);
  BOOST_TEST(form.title == "Reassign task #5");
  BOOST_TEST(form.fields[0].value == "BRAVO-2");
  const auto request = validate(form, p, kT, "Marić");
  BOOST_REQUIRE(request.has_value());
  BOOST_TEST(std::get<AssignTask>(*request).reassign);
  p.tasks[6] = task(6, TaskState::DECLINED, Priority::P2, "ALPHA-1");
  Form again = assignForm(p, p.tasks[6]);
  BOOST_TEST(!std::get<AssignTask>(*validate(again, p, kT, "Marić")).reassign);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(keys, UtfLocale)

void type(UiState& ui, const Picture& p, const std::string& text) {
  for (char ch : text) handleKey(ui, p, Key::of(static_cast<unsigned char>(ch)));
}

// Types a new task into the form (n): the due time, target and instructions given, then Enter on
// the last field. What the form sent, if anything.
InputResult typeTask(UiState& ui, const Picture& p, const std::string& due,
                     const std::string& target, const std::string& instructions) {
  handleKey(ui, p, Key::of('n'));
  BOOST_TEST((ui.mode == Mode::form));
  handleKey(ui, p, Key{KeyCode::tab});
  handleKey(ui, p, Key{KeyCode::tab});
  type(ui, p, due);  // replaces the proposed 60
  handleKey(ui, p, Key{KeyCode::tab});
  type(ui, p, target);
  handleKey(ui, p, Key{KeyCode::tab});
  type(ui, p, instructions);
  handleKey(ui, p, Key{KeyCode::tab});
  return handleKey(ui, p, Key{KeyCode::enter});
}

BOOST_AUTO_TEST_CASE(a_task_typed_into_the_form_is_sent_once_valid) {
  Picture p;
  p.clock = kT;
  p.units["ALPHA-1"] = unit("ALPHA-1", "Tabanovce", {42.21, 21.70});
  UiState ui;
  ui.commander = "Marić";
  const InputResult sent = typeTask(ui, p, "45", "Tab", "check");
  BOOST_REQUIRE(sent.send.has_value());
  BOOST_TEST((ui.mode == Mode::normal));
  const auto& create = std::get<CreateTask>(sent.send->request);
  BOOST_TEST(std::get<std::string>(create.target) == "Tabanovce");
  BOOST_TEST(create.instructions == "check");
  BOOST_TEST(create.dueAt == kT + 45 * 60'000);
}

BOOST_AUTO_TEST_CASE(a_due_time_typed_in_an_exercise_is_on_the_exercise_clock) {
  Picture p;
  p.clock = 1'262'304'000'000;  // 2010-01-01 00:00 UTC: an exercise clock far from the wall's
  p.units["ALPHA-1"] = unit("ALPHA-1", "Tabanovce", {42.21, 21.70});
  UiState ui;
  ui.commander = "Marić";
  // HH:MM is a time of the exercise's day.
  const InputResult sent = typeTask(ui, p, "01:30", "Tab", "check");
  BOOST_REQUIRE(sent.send.has_value());
  BOOST_TEST(std::get<CreateTask>(sent.send->request).dueAt == p.clock + 90 * 60'000);
}

BOOST_AUTO_TEST_CASE(t_on_an_alert_opens_its_proposed_task_and_enter_creates_it) {
  Picture p;
  p.clock = kT;
  p.units["ALPHA-1"] = unit("ALPHA-1", "Tabanovce", {42.21, 21.70});
  p.units["ALPHA-1"].capabilities.interpreterLanguages = {"ar"};
  AlertView a = alert(7, AlertState::RAISED, Severity::HIGH);
  a.proposal = ProposedTask{TaskKind::INTERVIEW_POSSIBLE_VICTIM, Priority::P2,
                            Position{42.2106, 21.6993}, "", "interview the group", 0};
  p.alerts[7] = a;
  AlertView created = alert(8, AlertState::RAISED, Severity::LOW);
  created.proposal = ProposedTask{TaskKind::SURVEIL, Priority::P3, Position{42.2, 21.7}, "",
                                  "watch", 12};
  p.alerts[8] = created;
  UiState ui;
  ui.commander = "Marić";
  handleKey(ui, p, Key::of('1'));  // alerts; the high one first
  handleKey(ui, p, Key::of('t'));
  BOOST_REQUIRE((ui.mode == Mode::form));
  BOOST_TEST(ui.form->title == "Task for alert !7");
  BOOST_TEST(ui.form->fields[0].value == "interview possible victim");
  BOOST_TEST(ui.form->fields[5].value == "ALPHA-1");  // the interpreter, recommended now
  const InputResult sent = handleKey(ui, p, Key{KeyCode::enter});  // one key creates it
  BOOST_REQUIRE(sent.send.has_value());
  const auto& create = std::get<CreateTask>(sent.send->request);
  BOOST_TEST(create.kind == TaskKind::INTERVIEW_POSSIBLE_VICTIM);
  BOOST_TEST(create.priority == Priority::P2);
  BOOST_TEST(create.instructions == "interview the group");
  BOOST_TEST(create.assignTo == "ALPHA-1");
  // An alert whose task was created at once says which.
  handleKey(ui, p, Key{KeyCode::down});
  handleKey(ui, p, Key::of('t'));
  BOOST_TEST((ui.mode == Mode::normal));
  BOOST_TEST(ui.status.find("task #12 was created with the alert") != std::string::npos,
             ui.status);
}

BOOST_AUTO_TEST_CASE(marked_alerts_are_acknowledged_together_one_request_each) {
  Picture p;
  p.clock = kT;
  for (std::uint64_t id : {1, 2, 3}) p.alerts[id] = alert(id, AlertState::RAISED, Severity::HIGH);
  UiState ui;
  ui.commander = "Marić";
  handleKey(ui, p, Key::of('1'));
  handleKey(ui, p, Key::of(' '));  // newest first: !3
  handleKey(ui, p, Key{KeyCode::down});
  handleKey(ui, p, Key{KeyCode::down});
  handleKey(ui, p, Key::of(' '));  // !1
  BOOST_TEST(ui.marked.size() == 2u);
  handleKey(ui, p, Key::of('k'));
  BOOST_REQUIRE((ui.mode == Mode::form));
  BOOST_TEST(ui.form->title == "Acknowledge 2 alerts");
  type(ui, p, "on it");
  const InputResult sent = handleKey(ui, p, Key{KeyCode::enter});
  BOOST_REQUIRE(sent.send.has_value());
  BOOST_REQUIRE_EQUAL(sent.more.size(), 1u);
  std::vector<std::uint64_t> ids = {std::get<AcknowledgeAlert>(sent.send->request).alertId,
                                    std::get<AcknowledgeAlert>(sent.more[0].request).alertId};
  std::sort(ids.begin(), ids.end());
  BOOST_TEST(ids == (std::vector<std::uint64_t>{1, 3}), boost::test_tools::per_element());
  BOOST_TEST(std::get<AcknowledgeAlert>(sent.more[0].request).note == "on it");
  BOOST_TEST(ui.marked.empty());
}

BOOST_AUTO_TEST_CASE(cancelling_a_task_asks_again_before_it_is_sent) {
  Picture p;
  p.clock = kT;
  p.tasks[4] = task(4, TaskState::ASSIGNED, Priority::P2, "ALPHA-1");
  UiState ui;
  ui.commander = "Marić";
  handleKey(ui, p, Key::of('3'));
  handleKey(ui, p, Key::of('x'));
  BOOST_REQUIRE((ui.mode == Mode::form));
  type(ui, p, "duplicate");
  InputResult r = handleKey(ui, p, Key{KeyCode::enter});
  BOOST_TEST(!r.send.has_value());  // asked, not sent
  BOOST_TEST(ui.form->note.find("for good? Enter again cancels it") != std::string::npos,
             ui.form->note);
  r = handleKey(ui, p, Key{KeyCode::enter});
  BOOST_REQUIRE(r.send.has_value());
  BOOST_TEST(std::get<CancelTask>(r.send->request).taskId == 4u);
  // Esc at the question keeps the task.
  handleKey(ui, p, Key::of('x'));
  type(ui, p, "again");
  handleKey(ui, p, Key{KeyCode::enter});
  BOOST_TEST(!handleKey(ui, p, Key{KeyCode::escape}).send.has_value());
  BOOST_TEST((ui.mode == Mode::normal));
}

BOOST_AUTO_TEST_CASE(an_invalid_form_stays_open_with_its_errors) {
  Picture p;
  UiState ui;
  ui.commander = "x";
  handleKey(ui, p, Key::of('n'));
  for (int i = 0; i < 5; ++i) handleKey(ui, p, Key{KeyCode::tab});
  const InputResult r = handleKey(ui, p, Key{KeyCode::enter});
  BOOST_TEST(!r.send.has_value());
  BOOST_TEST((ui.mode == Mode::form));
  BOOST_TEST(!ui.form->fields[3].error.empty());  // no target
  handleKey(ui, p, Key{KeyCode::escape});
  BOOST_TEST((ui.mode == Mode::normal));
}

BOOST_AUTO_TEST_CASE(an_observer_cannot_command_and_quits_without_a_question) {
  Picture p;
  p.alerts[1] = alert(1, AlertState::RAISED, Severity::HIGH);
  UiState ui;
  ui.observer = true;
  for (char32_t k : {U'n', U'a', U'x', U'k', U'r'}) {
    const InputResult r = handleKey(ui, p, Key::of(k));
    BOOST_TEST(!r.send.has_value());
    BOOST_TEST((ui.mode == Mode::normal));
    BOOST_TEST(ui.status == "read-only (observer)");
  }
  BOOST_TEST(handleKey(ui, p, Key::of('q')).quit);
  UiState commander;
  BOOST_TEST(!handleKey(commander, p, Key::of('q')).quit);
  BOOST_TEST((commander.mode == Mode::confirmQuit));
  BOOST_TEST(handleKey(commander, p, Key::of('y')).quit);
}

BOOST_AUTO_TEST_CASE(acknowledging_the_selected_alert_sends_the_commander_and_note) {
  Picture p;
  p.alerts[1] = alert(1, AlertState::RESOLVED, Severity::HIGH);
  p.alerts[2] = alert(2, AlertState::RAISED, Severity::LOW);
  UiState ui;
  ui.commander = "Cdr. Петров";
  handleKey(ui, p, Key::of('k'));  // the first row: the raised alert
  BOOST_REQUIRE((ui.mode == Mode::form));
  type(ui, p, "on it");
  const InputResult r = handleKey(ui, p, Key{KeyCode::enter});
  BOOST_REQUIRE(r.send.has_value());
  const auto& ack = std::get<AcknowledgeAlert>(r.send->request);
  BOOST_TEST(ack.alertId == 2u);
  BOOST_TEST(ack.commander == "Cdr. Петров");
  BOOST_TEST(ack.note == "on it");
}

BOOST_AUTO_TEST_CASE(enter_opens_the_details_and_asks_for_the_items_history) {
  Picture p;
  p.tasks[9] = task(9, TaskState::ASSIGNED, Priority::P1, "ALPHA-1");
  UiState ui;
  handleKey(ui, p, Key::of('3'));
  BOOST_TEST((ui.focus == PaneId::tasks));
  const InputResult r = handleKey(ui, p, Key{KeyCode::enter});
  BOOST_TEST((ui.mode == Mode::details));
  BOOST_REQUIRE(r.send.has_value());
  BOOST_TEST((r.send->purpose == Purpose::history));
  BOOST_TEST(std::get<EventQuery>(r.send->request).subject == "task:9");
}

BOOST_AUTO_TEST_CASE(the_event_log_pages_backwards_and_forwards) {
  Picture p;
  UiState ui;
  const InputResult first = handleKey(ui, p, Key::of('l'));
  BOOST_REQUIRE(first.send.has_value());
  const auto& q = std::get<EventQuery>(first.send->request);
  BOOST_TEST(q.newestFirst);
  BOOST_TEST(q.beforeSeq == 0u);
  for (std::uint64_t s = 500; s > 500 - kLogPage; --s) ui.log.events.push_back(event(s));
  ui.log.loading = false;
  const InputResult older = handleKey(ui, p, Key{KeyCode::pageDown});
  BOOST_REQUIRE(older.send.has_value());
  BOOST_TEST(std::get<EventQuery>(older.send->request).beforeSeq == 500 - kLogPage + 1);
  ui.log.loading = false;
  const InputResult newer = handleKey(ui, p, Key{KeyCode::pageUp});
  BOOST_REQUIRE(newer.send.has_value());
  BOOST_TEST(std::get<EventQuery>(newer.send->request).beforeSeq == 0u);
}

// A picture with one redacted sighting stored at seq 41, as the update stream brings it.
Picture redactedSighting() {
  Picture p;
  p.clock = kT;
  StoredSighting s = sighting(41, "S-41");
  s.sighting.subject = Subject{{"[redacted]"}, {}, {}, {}, DocumentType::NONE, {}, {}, {}};
  s.redacted = true;
  p.sightings[41] = s;
  return p;
}

BOOST_AUTO_TEST_CASE(person_details_ask_a_justification_and_send_one_justified_query) {
  Picture p = redactedSighting();
  UiState ui;
  ui.observer = true;  // a read: observers may ask too
  handleKey(ui, p, Key::of('4'));
  handleKey(ui, p, Key::of('p'));
  BOOST_REQUIRE((ui.mode == Mode::form));
  BOOST_TEST(ui.form->title.find("recorded in the access log") != std::string::npos);

  // Empty, then too short: refused in the form with the coordinator's rule, nothing sent.
  InputResult r = handleKey(ui, p, Key{KeyCode::enter});
  BOOST_TEST(!r.send.has_value());
  BOOST_TEST((ui.mode == Mode::form));
  BOOST_TEST(ui.form->fields[0].error.find("at least 8 characters") != std::string::npos);
  type(ui, p, "  a b c  ");
  BOOST_TEST(!handleKey(ui, p, Key{KeyCode::enter}).send.has_value());
  BOOST_TEST(!ui.form->fields[0].error.empty());

  type(ui, p, "case 114");
  r = handleKey(ui, p, Key{KeyCode::enter});
  BOOST_REQUIRE(r.send.has_value());
  BOOST_TEST((r.send->purpose == Purpose::person));
  const auto& q = std::get<SightingQuery>(r.send->request);
  BOOST_TEST(q.afterSeq == 40u);
  BOOST_TEST(q.limit == 1u);
  BOOST_TEST(!q.newestFirst);
  BOOST_TEST(q.justification == "  a b c  case 114");
  BOOST_TEST((ui.mode == Mode::person));
  BOOST_TEST(ui.person.loading);
}

BOOST_AUTO_TEST_CASE(the_whole_record_shows_until_closed_and_is_then_forgotten) {
  Picture p = redactedSighting();
  UiState ui;
  handleKey(ui, p, Key::of('4'));
  handleKey(ui, p, Key{KeyCode::enter});  // the sighting's details first
  BOOST_REQUIRE((ui.mode == Mode::details));
  handleKey(ui, p, Key::of('p'));
  type(ui, p, "identify the driver");
  const InputResult r = handleKey(ui, p, Key{KeyCode::enter});
  BOOST_REQUIRE(r.send.has_value());

  StoredSighting whole = sighting(41, "S-41");
  showPerson(ui, *r.send, ControlReply{std::vector<StoredSighting>{whole}}, Error{});
  BOOST_REQUIRE(ui.person.record.has_value());
  BOOST_TEST(ui.person.record->sighting.subject.names.front() == "Ахмед Салех");
  BOOST_TEST(!ui.person.loading);

  handleKey(ui, p, Key{KeyCode::escape});
  BOOST_TEST((ui.mode == Mode::details));  // back where it was opened
  BOOST_TEST(!ui.person.record.has_value());
  // An answer that comes after the view closed is dropped.
  showPerson(ui, *r.send, ControlReply{std::vector<StoredSighting>{whole}}, Error{});
  BOOST_TEST(!ui.person.record.has_value());
}

BOOST_AUTO_TEST_CASE(the_coordinators_refusal_shows_in_the_person_view) {
  Picture p = redactedSighting();
  UiState ui;
  handleKey(ui, p, Key::of('4'));
  handleKey(ui, p, Key::of('p'));
  type(ui, p, "identify the driver");
  const InputResult r = handleKey(ui, p, Key{KeyCode::enter});
  BOOST_REQUIRE(r.send.has_value());
  showPerson(ui, *r.send, std::nullopt,
             Error{ErrorCode::INTERNAL, "the access log cannot be written; nothing disclosed", 1});
  BOOST_TEST(!ui.person.record.has_value());
  BOOST_TEST(ui.person.error == "coordinator: the access log cannot be written; nothing disclosed");
}

BOOST_AUTO_TEST_CASE(person_details_need_a_selected_sighting) {
  Picture p = redactedSighting();
  UiState ui;  // focus: the alerts pane
  const InputResult r = handleKey(ui, p, Key::of('p'));
  BOOST_TEST(!r.send.has_value());
  BOOST_TEST((ui.mode == Mode::normal));
  BOOST_TEST(ui.statusIsError);
}

BOOST_AUTO_TEST_CASE(the_filter_form_sets_the_filter_and_escape_clears_it) {
  Picture p;
  UiState ui;
  handleKey(ui, p, Key::of('f'));
  type(ui, p, "Tabanovce");
  handleKey(ui, p, Key{KeyCode::tab});
  handleKey(ui, p, Key{KeyCode::tab});
  handleKey(ui, p, Key{KeyCode::right});  // category: person
  handleKey(ui, p, Key{KeyCode::enter});
  BOOST_TEST(ui.filter.post == "Tabanovce");
  BOOST_TEST((ui.filter.category == SightingCategory::PERSON));
  handleKey(ui, p, Key::of('/'));
  type(ui, p, "van");
  handleKey(ui, p, Key{KeyCode::enter});
  BOOST_TEST(ui.filter.search == "van");
  handleKey(ui, p, Key{KeyCode::escape});
  BOOST_TEST(ui.filter.empty());
}

BOOST_AUTO_TEST_SUITE_END()
