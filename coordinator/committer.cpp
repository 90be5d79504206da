// The commit worker (see committer.hpp).
#include <coordinator/committer.hpp>

#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <system_error>

namespace fieldops {

Committer::Committer(EventStore& store, spdlog::logger& log) : store_(store), log_(log) {
  fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
  worker_ = std::thread([this] { work(); });
}

Committer::~Committer() {
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !pending_; });  // the batch in flight goes to disk
    stopping_ = true;
  }
  changed_.notify_all();
  worker_.join();
  ::close(fd_);
}

void Committer::submit(Batch batch) {
  {
    std::lock_guard lock(mutex_);
    batch_ = std::move(batch);
    pending_ = true;
    done_ = false;
  }
  inFlight_ = true;
  changed_.notify_all();
}

bool Committer::ready() {
  std::lock_guard lock(mutex_);
  return done_;
}

Committer::Batch Committer::wait() {
  Batch out;
  {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return done_; });
    out = std::move(batch_);
    done_ = false;
  }
  inFlight_ = false;
  std::uint64_t count = 0;
  (void)::read(fd_, &count, sizeof count);  // clears the readiness; may already be clear
  return out;
}

void Committer::work() {
  pthread_setname_np(pthread_self(), "commit");  // for top -H and perf, beside the loop's
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return pending_ || stopping_; });
    if (!pending_) return;  // stopping, nothing left
    Batch& b = batch_;
    lock.unlock();  // the loop only waits on done_ meanwhile; it does not touch batch_
    try {
      const auto started = std::chrono::steady_clock::now();
      lmdb::Txn txn(store_.env(), false);
      b.lastSeq = store_.append(txn, b.events, b.projections);  // committed and synced
      b.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    } catch (const std::exception& e) {
      // The loop's state is ahead of the store; going on could confirm what is not durable.
      log_.critical(
          "cannot commit {} events: {}; stopping so that a restart recovers from the durable "
          "store",
          b.events.size(), e.what());
      log_.flush();
      std::abort();
    }
    lock.lock();
    pending_ = false;
    done_ = true;
    changed_.notify_all();
    const std::uint64_t one = 1;
    if (::write(fd_, &one, sizeof one) < 0 && errno != EAGAIN) {
      log_.critical("commit worker cannot signal the loop: {}", std::strerror(errno));
      log_.flush();
      std::abort();
    }
  }
}

}  // namespace fieldops
