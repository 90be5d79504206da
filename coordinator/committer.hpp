// The commit worker: writes a turn's events to the store and syncs them on a thread of its own,
// while the coordinator loop receives, decodes and decides the next turn. One batch at a time.
// The loop polls fd() to learn that the batch is durable and only then sends what waited for it:
// durable, then acknowledged (design.md, "One turn of the coordinator loop"; docs/performance.md).
//
// While a batch is in flight the worker owns the store's append side (EventStore::append and its
// last sequence number and hash): the loop reads the store only through read transactions of its
// own, and calls lastSeq() or chainHead() only when nothing is in flight.
#pragma once

#include <coordinator/store.hpp>

#include <spdlog/logger.h>

#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

namespace fieldops {

class Committer {
 public:
  struct Batch {
    std::vector<Event> events;
    ProjectionWrites projections;
    // Set by the worker.
    std::uint64_t lastSeq = 0;    // of the batch's last event
    double seconds = 0;           // spent writing and syncing
  };

  // Starts the worker. A failed commit logs and aborts the process: the loop's state is then
  // ahead of the store, and only a restart from the store is safe (style.md, error tiers).
  Committer(EventStore& store, spdlog::logger& log);
  ~Committer();  // waits for the batch in flight, then stops the worker
  Committer(const Committer&) = delete;
  Committer& operator=(const Committer&) = delete;

  // Hands a batch to the worker. Only when nothing is in flight.
  void submit(Batch batch);
  bool inFlight() const { return inFlight_; }
  // Readable when the batch in flight is durable (an eventfd, for the loop's poll).
  int fd() const { return fd_; }
  // The batch in flight is durable: wait() would not block.
  bool ready();
  // Blocks until the batch in flight is durable, and gives it back. Only when in flight.
  Batch wait();

 private:
  void work();

  EventStore& store_;
  spdlog::logger& log_;
  int fd_ = -1;
  bool inFlight_ = false;  // the loop's view: submitted and not yet waited for
  std::mutex mutex_;
  std::condition_variable changed_;
  Batch batch_;            // guarded by mutex_
  bool pending_ = false;   // a batch for the worker
  bool done_ = false;      // the batch is durable
  bool stopping_ = false;
  std::thread worker_;     // last: starts once the rest is ready
};

}  // namespace fieldops
