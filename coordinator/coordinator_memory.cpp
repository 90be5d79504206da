// Giving freed memory back to the system (docs/performance.md, "Memory"). The coordinator's
// memory follows its units: each connected unit costs about 64 KiB of ZeroMQ buffers, held in
// the ZeroMQ I/O thread's malloc arena. When units leave, that memory is freed but glibc keeps
// it in the arena (it trims only the top of a heap), so the process would stay at its peak.
// malloc_trim hands the free pages back. It is a complement, not a cure for growth: nothing
// on the steady path allocates (a heartbeat allocates nothing; see heartbeatFrom).
#include <malloc.h>

#include <algorithm>
#include <coordinator/coordinator.hpp>

namespace fieldops {

namespace {
// Soon after many units went (an eighth of the most connected since the last trim, at least
// 64: some MiB), and now and then regardless (after a burst of sightings, the turn's buffers
// and LMDB's pages go back the same way).
constexpr auto kTrimAfterUnitsLeft = std::chrono::seconds(10);
constexpr auto kTrimEvery = std::chrono::minutes(5);
constexpr std::size_t kUnitsLeftAtLeast = 64;
}  // namespace

void Coordinator::trimMemoryIfDue() {
  const std::size_t links = state_.links.size();
  linksPeak_ = std::max(linksPeak_, links);
  const std::size_t gone = linksPeak_ - links;
  const auto now = std::chrono::steady_clock::now();
  const auto since = now - lastTrim_;
  const bool unitsLeft =
      gone >= std::max(kUnitsLeftAtLeast, linksPeak_ / 8) && since >= kTrimAfterUnitsLeft;
  if (!unitsLeft && since < kTrimEvery) return;
  if (committer_.inFlight()) return;  // the worker is allocating: after its batch
  const bool released = ::malloc_trim(0) != 0;
  const auto took = std::chrono::steady_clock::now() - now;
  log_.debug("memory trimmed ({}) in {} us, {} links", released ? "pages released" : "nothing",
             std::chrono::duration_cast<std::chrono::microseconds>(took).count(),
             state_.links.size());
  lastTrim_ = std::chrono::steady_clock::now();
  linksPeak_ = links;
  ++stats_.trims;
}

}  // namespace fieldops
