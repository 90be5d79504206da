// What the commander is looking at and doing: focus, selections, the open form, the details
// of an item, the event log page, the status line. Changed only by input handlers and replies.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <tui/form.hpp>
#include <tui/layout.hpp>
#include <tui/map_view.hpp>
#include <tui/views.hpp>
#include <vector>

namespace fieldops::dashboard {

enum class Mode { normal, help, form, details, eventLog, confirmQuit, person };

// An item whose details are open: a unit, task, sighting or alert, by its key.
struct ItemRef {
  PaneId pane = PaneId::tasks;
  std::uint64_t id = 0;  // task id, alert id, sighting seq
  std::string name;      // callsign
};

struct Details {
  ItemRef item;
  std::string subject;                // the event-log subject, "task:12"
  std::vector<EventSummary> history;  // oldest first, from the event log
  bool loading = false;
  std::string error;
  std::size_t scroll = 0;
};

// One sighting's person details, disclosed by the coordinator for a justification and recorded
// in its access log. Held only while shown: closing the view forgets them.
struct PersonDetails {
  std::uint64_t seq = 0;  // the sighting's seq
  std::string justification;
  std::optional<StoredSighting> record;  // the whole record, once it has come
  bool loading = false;
  std::string error;
  std::size_t scroll = 0;
  Mode back = Mode::normal;  // where closing returns to: the feed or the sighting's details
};

inline constexpr std::uint32_t kLogPage = 100;

// The event log's filter by kind of event (k cycles through them).
enum class LogKind { all, alerts, tasks, units, sightings, other };
const char* kindFilterName(LogKind k);
bool kindMatches(LogKind k, const std::string& eventKind);

struct EventLogPage {
  std::vector<EventSummary> events;  // newest first
  LogKind kind = LogKind::all;       // shown: only events of this kind (the page is unfiltered)
  std::uint64_t beforeSeq = 0;       // 0: the newest page
  std::vector<std::uint64_t> newer;  // beforeSeq of the pages seen before (for PgUp)
  bool loading = false;
  std::string error;
  std::size_t scroll = 0;
};

struct UiState {
  bool observer = false;
  std::string commander;
  Mode mode = Mode::normal;
  PaneId focus = PaneId::alerts;
  bool zoomed = false;
  Filter filter;
  std::optional<Form> form;
  Details details;
  PersonDetails person;
  EventLogPage log;
  std::array<std::size_t, kPaneCount> selected{};  // row index by paneIndex
  std::vector<std::uint64_t> marked;               // alerts marked (Space) for a bulk acknowledge
  std::size_t helpScroll = 0;
  MapView map;                                     // zoom and pan (+ - arrows 0, on the map)
  bool muted = false;                              // no bell or flash for new critical alerts
  std::string status;
  bool statusIsError = false;

  void say(std::string text, bool error = false) {
    status = std::move(text);
    statusIsError = error;
  }
};

}  // namespace fieldops::dashboard
