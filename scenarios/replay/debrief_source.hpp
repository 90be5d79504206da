// The recorded side of a debrief: a coordinator's store opened read-only (the coordinator that
// wrote it may still be running), its operation, its event log and its watchlists; and the
// fresh store's watchlists, seeded from it before the fresh coordinator starts.
#pragma once

#include <protocol/expected.hpp>
#include <scenarios/replay/debrief_timeline.hpp>
#include <string>
#include <vector>

namespace fieldops::replay {

struct Recording {
  std::string operationId;
  bool exercise = true;
  std::vector<RecordedEvent> events;  // oldest first; purged events left out
  std::size_t purged = 0;
  std::string chainHead;
};

// Reads the store in dataDir without writing to it.
Expected<Recording, std::string> readRecording(const std::string& dataDir);

// Copies the recorded store's watchlists (notices, documents, vehicles, as they are now) into
// the store in freshDir, which must not hold an event log yet. Returns the entries copied.
Expected<std::size_t, std::string> copyWatchlists(const std::string& recordedDir,
                                                  const std::string& freshDir,
                                                  std::size_t mapSizeMb);

}  // namespace fieldops::replay
