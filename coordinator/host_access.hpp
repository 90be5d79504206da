// Access-log entries for the commands run on the host, without a CURVE identity (export,
// import, enroll, revoke): who runs them, as the operating system knows them (docs/security.md,
// "Accountability").
#pragma once

#include <coordinator/audit_log.hpp>
#include <string>

namespace fieldops {

// The login name of the account running this process, or "uid N" when it has none.
std::string hostAccount();

// An entry made now by hostAccount() in the operator role (seq is assigned by append).
AccessRecord hostAccessRecord(std::string action, std::string subject, std::string justification,
                              std::string detail);

}  // namespace fieldops
