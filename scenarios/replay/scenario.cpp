// Names and look-ups of the scenario values (see scenario.hpp).
#include <algorithm>
#include <array>
#include <protocol/enum_names.hpp>
#include <scenarios/replay/scenario.hpp>
#include <scenarios/replay/time_text.hpp>
#include <utility>

namespace fieldops::replay {

namespace {

template <class E, std::size_t N>
std::optional<E> fromTable(const std::array<std::pair<E, const char*>, N>& table,
                           const std::string& name) {
  for (const auto& [value, text] : table) {
    if (name == text) return value;
  }
  return std::nullopt;
}

template <class E, std::size_t N>
const char* nameIn(const std::array<std::pair<E, const char*>, N>& table, E value) {
  for (const auto& [v, text] : table) {
    if (v == value) return text;
  }
  return "?";
}

constexpr std::array<std::pair<InjectKind, const char*>, 8> kInjectKinds{{
    {InjectKind::sighting, "sighting"},
    {InjectKind::unitSilent, "unitSilent"},
    {InjectKind::unitBack, "unitBack"},
    {InjectKind::documentHit, "documentHit"},
    {InjectKind::groupCrossing, "groupCrossing"},
    {InjectKind::minorAlone, "minorAlone"},
    {InjectKind::loadWatchlist, "loadWatchlist"},
    {InjectKind::note, "note"},
}};

constexpr std::array<std::pair<ActionKind, const char*>, 6> kActions{{
    {ActionKind::alertAcknowledged, "alertAcknowledged"},
    {ActionKind::alertResolved, "alertResolved"},
    {ActionKind::taskCreated, "taskCreated"},
    {ActionKind::taskAssigned, "taskAssigned"},
    {ActionKind::taskAccepted, "taskAccepted"},
    {ActionKind::taskCompleted, "taskCompleted"},
}};

constexpr std::array<std::pair<WatchlistList, const char*>, 3> kLists{{
    {WatchlistList::notices, "notices"},
    {WatchlistList::documents, "documents"},
    {WatchlistList::vehicles, "vehicles"},
}};

template <class T, class Key>
const T* findBy(const std::vector<T>& items, const std::string& key, Key T::*member) {
  auto it =
      std::find_if(items.begin(), items.end(), [&](const T& item) { return item.*member == key; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

std::string SourceRef::text() const {
  if (line == 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const char* injectKindName(InjectKind k) {
  return nameIn(kInjectKinds, k);
}
std::optional<InjectKind> injectKindFromName(const std::string& name) {
  return fromTable(kInjectKinds, name);
}
bool sendsSighting(InjectKind k) {
  return k == InjectKind::sighting || k == InjectKind::documentHit ||
         k == InjectKind::groupCrossing || k == InjectKind::minorAlone;
}

const char* actionKindName(ActionKind k) {
  return nameIn(kActions, k);
}
std::optional<ActionKind> actionKindFromName(const std::string& name) {
  return fromTable(kActions, name);
}

const char* listName(WatchlistList l) {
  return nameIn(kLists, l);
}
std::optional<WatchlistList> listFromName(const std::string& name) {
  return fromTable(kLists, name);
}

const Inject* Scenario::inject(const std::string& id) const {
  return findBy(injects, id, &Inject::id);
}
const UnitSpec* Scenario::unit(const std::string& callsign) const {
  return findBy(units, callsign, &UnitSpec::callsign);
}
const PostSpec* Scenario::post(const std::string& name) const {
  return findBy(posts, name, &PostSpec::name);
}
const ExpectedAction* Scenario::expectedAction(const std::string& id) const {
  return findBy(expected, id, &ExpectedAction::id);
}

std::string defaultCapability(const ExpectedAction& a) {
  if (a.action == ActionKind::alertAcknowledged || a.action == ActionKind::alertResolved) {
    return "alert handling";
  }
  if (!a.taskKind) return "tasking";
  switch (*a.taskKind) {
    case TaskKind::SECOND_LINE_DOCUMENT_CHECK:
    case TaskKind::HOLD_FOR_VERIFICATION:
      return "document checks";
    case TaskKind::CHILD_PROTECTION_REFERRAL:
    case TaskKind::ESCORT_TO_SHELTER:
      return "child protection";
    case TaskKind::INTERVIEW_POSSIBLE_VICTIM:
      return "victim identification";
    default:
      return "tasking";
  }
}

std::string describe(const ExpectedAction& a) {
  if (!a.description.empty()) return a.description;
  std::string what;
  switch (a.action) {
    case ActionKind::alertAcknowledged:
      what = "alert acknowledged";
      break;
    case ActionKind::alertResolved:
      what = "alert resolved";
      break;
    default: {
      what = a.taskKind ? "task " + enumName(*a.taskKind) : std::string("a task");
      const char* verbs[] = {"", "", "created", "assigned", "accepted", "completed"};
      what += std::string(" ") + verbs[static_cast<int>(a.action)];
      if (!a.post.empty()) what += " (unit at " + a.post + ")";
    }
  }
  if (!a.alertRule.empty()) what += " [" + a.alertRule + "]";
  return what + " within " + formatDuration(a.within);
}

}  // namespace fieldops::replay
