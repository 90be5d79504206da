// The allow-list reloaded off the coordinator's loop (docs/security.md, issue 18): a thread of
// its own looks at the file once a second and, when it changed, reads and parses it and works
// out the change against the list in force. The loop polls fd() and takes the result in one step
// (a pointer swap), so a large allow-list never holds up heartbeats, handshakes or commits.
//
// One reload at a time: while the loop has not taken a reload, the watcher does not look again,
// so every change it reports is against the list the loop has in force.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <coordinator/allow_list.hpp>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace fieldops {

// What identifies a version of the file: a rename (every write) changes the inode.
struct FileStamp {
  long long mtimeNs = 0;
  long long size = -1;
  ino_t inode = 0;
  bool operator==(const FileStamp&) const = default;
};
// The file's stamp now; the default (size -1) when it cannot be read.
FileStamp stampOf(const std::string& path);

// A reload the watcher prepared: a list to put in force and how it differs from the one in
// force, or why the file was refused.
struct AllowListReload {
  std::shared_ptr<const AllowList> list;  // null when the file was refused
  AllowListChange change;
  std::string error;  // why it was refused
};

class AllowListWatcher {
 public:
  // Watches `path`, from which `inForce` was read when it had `stamp`. Starts the thread.
  AllowListWatcher(std::string path, std::shared_ptr<const AllowList> inForce, FileStamp stamp,
                   std::chrono::milliseconds lookEvery = std::chrono::seconds(1));
  ~AllowListWatcher();  // stops the thread; a reload in progress is finished first
  AllowListWatcher(const AllowListWatcher&) = delete;
  AllowListWatcher& operator=(const AllowListWatcher&) = delete;

  // Readable when a reload is ready (an eventfd, for the loop's poll).
  int fd() const { return fd_; }
  // The reload ready, if any; the watcher looks at the file again after this. Cheap when none
  // is ready (one atomic load), so the loop may call it every turn.
  std::optional<AllowListReload> take();
  // Hands back the list that a reload replaced, to be freed on the watcher's thread: freeing
  // 10,000 enrolments is not the loop's work either.
  void retire(std::shared_ptr<const AllowList> old);

 private:
  void work();
  // Reads the file if its stamp changed; what to hand to the loop, if anything.
  std::optional<AllowListReload> look();

  const std::string path_;
  const std::chrono::milliseconds lookEvery_;
  // The watcher thread's own: the list the loop has in force (or will have, once it takes the
  // reload ready), and the stamp it was read with.
  std::shared_ptr<const AllowList> inForce_;
  FileStamp stamp_;
  int fd_ = -1;
  std::atomic<bool> ready_{false};  // a reload waits in reload_
  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<AllowListReload> reload_;                  // guarded by mutex_
  std::vector<std::shared_ptr<const AllowList>> retired_;  // guarded by mutex_
  bool stopping_ = false;                                  // guarded by mutex_
  std::thread worker_;                                     // last: starts once the rest is ready
};

}  // namespace fieldops
