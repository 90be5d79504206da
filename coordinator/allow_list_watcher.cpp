// The allow-list reloaded off the loop (see allow_list_watcher.hpp).
#include <pthread.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <coordinator/allow_list_watcher.hpp>
#include <system_error>

namespace fieldops {

FileStamp stampOf(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec,
          static_cast<long long>(st.st_size), st.st_ino};
}

AllowListWatcher::AllowListWatcher(std::string path, std::shared_ptr<const AllowList> inForce,
                                   FileStamp stamp, std::chrono::milliseconds lookEvery)
    : path_(std::move(path)), lookEvery_(lookEvery), inForce_(std::move(inForce)), stamp_(stamp) {
  fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
  worker_ = std::thread([this] { work(); });
}

AllowListWatcher::~AllowListWatcher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
  ::close(fd_);
}

std::optional<AllowListReload> AllowListWatcher::take() {
  if (!ready_.load(std::memory_order_acquire)) return std::nullopt;
  std::lock_guard lock(mutex_);
  std::optional<AllowListReload> out = std::move(reload_);
  reload_.reset();
  ready_.store(false, std::memory_order_release);
  std::uint64_t count = 0;
  (void)::read(fd_, &count, sizeof count);  // clears the readiness, set with reload_
  return out;
}

void AllowListWatcher::retire(std::shared_ptr<const AllowList> old) {
  std::lock_guard lock(mutex_);
  retired_.push_back(std::move(old));
}

std::optional<AllowListReload> AllowListWatcher::look() {
  // The stamp before the read: a write in between leaves the newer file with a stamp not yet
  // seen, so it is read again at the next look rather than missed.
  const FileStamp stamp = stampOf(path_);
  if (stamp == stamp_) return std::nullopt;
  stamp_ = stamp;
  auto list = AllowList::load(path_);
  if (!list) return AllowListReload{nullptr, {}, list.error()};
  auto next = std::make_shared<const AllowList>(std::move(*list));
  AllowListReload reload{next, compareAllowLists(*inForce_, *next), {}};
  inForce_ = std::move(next);  // in force once the loop takes it; nothing is looked at before
  return reload;
}

void AllowListWatcher::work() {
  pthread_setname_np(pthread_self(), "allow-list");  // for top -H, beside "commit"
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait_for(lock, lookEvery_, [this] { return stopping_; });
    if (stopping_) return;
    auto retired = std::move(retired_);
    retired_.clear();
    const bool waiting = reload_.has_value();  // not taken yet: look again once it is
    lock.unlock();
    retired.clear();  // the lists replaced, freed here rather than on the loop
    std::optional<AllowListReload> next;
    if (!waiting) next = look();
    lock.lock();
    if (!next) continue;
    reload_ = std::move(next);
    ready_.store(true, std::memory_order_release);
    const std::uint64_t one = 1;
    // Cannot fail short of a bug (the counter is cleared by every take); the loop still finds
    // the reload at its next turn through ready_.
    (void)::write(fd_, &one, sizeof one);
  }
}

}  // namespace fieldops
