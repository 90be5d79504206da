// Access-log entries for the commands run on the host (see host_access.hpp).
#include <pwd.h>
#include <unistd.h>

#include <chrono>
#include <coordinator/host_access.hpp>

namespace fieldops {

std::string hostAccount() {
  const passwd* account = ::getpwuid(::geteuid());
  return account != nullptr ? account->pw_name : "uid " + std::to_string(::geteuid());
}

AccessRecord hostAccessRecord(std::string action, std::string subject, std::string justification,
                              std::string detail) {
  const Millis now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
  return {0,
          now,
          hostAccount(),
          "operator",
          std::move(action),
          std::move(subject),
          std::move(justification),
          std::move(detail)};
}

}  // namespace fieldops
