// The security subcommands (see security_cli.hpp).
#include <chrono>
#include <coordinator/audit_log.hpp>
#include <coordinator/host_access.hpp>
#include <coordinator/security_cli.hpp>
#include <coordinator/store.hpp>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <protocol/curve.hpp>
#include <protocol/time_text.hpp>

namespace fieldops {

namespace {

constexpr int kExitNotRecorded = 1;  // the change is made, its access-log entry is not
constexpr int kExitUsage = 2;
constexpr const char* kOnTheHost = ", by fieldops-coordinator on the host";

int fail(const std::string& message) {
  std::cerr << "fieldops-coordinator: " << message << std::endl;
  return kExitUsage;
}

// Records a change made to the allow-list on the host in the data dir's access log, beside
// the coordinator's own "allow-list.*" notes when it reloads the file (as "coordinator").
// LMDB serialises writers across processes, so this is safe while a coordinator runs (the
// data dir's writer.lock guards only the event log; export writes the same way). Before the
// first start there is no store yet: said, not created (enrolment precedes the first start).
int recordChange(const CoordinatorOptions& o, AccessRecord record) {
  if (!std::filesystem::exists(o.dataDir + "/data.mdb")) {
    std::cout << "not recorded in the access log: no store in " << o.dataDir << " yet" << std::endl;
    return 0;
  }
  try {
    recordAccess(o.dataDir, o.mapSizeMb << 20, std::move(record));
  } catch (const lmdb::Failure& e) {
    std::cerr << "fieldops-coordinator: done, but not recorded in the access log of " << o.dataDir
              << ": " << e.what() << std::endl;
    return kExitNotRecorded;
  }
  return 0;
}

int keygen(const SecurityCommands& c) {
  if (c.out.empty()) return fail("keygen needs --out FILE");
  const curve::KeyPair keys = curve::generate();
  const std::string label =
      c.label.empty() ? std::filesystem::path(c.out).stem().string() : c.label;
  if (auto bad = curve::writeKeyFiles(c.out, keys, label)) return fail(*bad);
  std::cout << "key pair written: " << c.out << " (secret, mode 0600) and " << c.out
            << ".pub (public)\npublic key: " << keys.publicKey << std::endl;
  return 0;
}

int enroll(const CoordinatorOptions& o, const SecurityCommands& c) {
  auto key = curve::readPublicKey(c.publicKey);
  if (!key) return fail(key.error().message);
  const auto role = roleFromName(c.role);
  if (!role) return fail("--role must be agent, commander, observer or trainer");
  const std::string path = allowListPath(o.security, o.dataDir);
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  auto bad = updateAllowList(path, [&](AllowList& list) {
    return list.enroll({*key, {c.principal, *role, c.unit, true}});
  });
  if (bad) return fail(*bad);
  std::cout << "enrolled " << c.principal << " as " << c.role
            << (c.unit.empty() ? "" : " of unit " + c.unit) << " in " << path
            << "; a running coordinator takes it within a second" << std::endl;
  return recordChange(o, hostAccessRecord("allow-list.enrolled", c.principal, "",
                                          c.role + (c.unit.empty() ? "" : " of unit " + c.unit) +
                                              ", key " + *key + ", in " + path + kOnTheHost));
}

int revoke(const CoordinatorOptions& o, const SecurityCommands& c) {
  const std::string path = allowListPath(o.security, o.dataDir);
  if (!std::filesystem::exists(path)) return fail("no allow-list at " + path);
  auto bad = updateAllowList(path, [&](AllowList& list) -> std::optional<std::string> {
    if (!list.revoke(c.principal)) return "'" + c.principal + "' is not enrolled in " + path;
    return std::nullopt;
  });
  if (bad) return fail(*bad);
  std::cout << "revoked " << c.principal << " in " << path
            << "; a running coordinator drops its connections within a second" << std::endl;
  return recordChange(
      o, hostAccessRecord("allow-list.revoked", c.principal, c.reason, "in " + path + kOnTheHost));
}

int listEnrolled(const CoordinatorOptions& o) {
  const std::string path = allowListPath(o.security, o.dataDir);
  auto list = AllowList::load(path);
  if (!list) return fail(list.error());
  std::cout << std::left << std::setw(24) << "PRINCIPAL" << std::setw(11) << "ROLE" << std::setw(14)
            << "UNIT"
            << "PUBLIC KEY\n";
  for (const auto& e : list->entries()) {
    std::cout << std::setw(24) << e.principal.name << std::setw(11) << roleName(e.principal.role)
              << std::setw(14) << (e.principal.unit.empty() ? "-" : e.principal.unit) << e.publicKey
              << "\n";
  }
  std::cout << list->entries().size() << " enrolled" << std::endl;
  return 0;
}

void printAccess(const AccessRecord& r) {
  std::cout << formatUtcTime(r.at) << "  access #" << r.seq << "  " << r.principal
            << (r.role.empty() ? "" : " (" + r.role + ")") << "  " << r.action << "  " << r.subject;
  if (!r.justification.empty()) std::cout << "  why: \"" << r.justification << "\"";
  if (!r.detail.empty()) std::cout << "  [" << r.detail << "]";
  std::cout << "\n";
}

// The unit an agent principal reports as, from the allow-list in force now; empty for any
// other principal (or without an allow-list). An agent's events carry its unit's callsign.
std::string boundUnit(const CoordinatorOptions& o, const std::string& principal) {
  if (principal.empty()) return {};
  const auto list = AllowList::load(allowListPath(o.security, o.dataDir));
  if (!list) return {};
  const Enrolment* e = list->byName(principal);
  return e != nullptr && e->principal.role == Role::agent ? e->principal.unit : std::string();
}

int audit(const CoordinatorOptions& o, const SecurityCommands& c) {
  try {
    EventStore store({o.dataDir, "", o.core.exercise, o.mapSizeMb << 20, true});
    AuditLog log(store.env(), false);
    std::size_t shown = 0;
    {
      lmdb::Txn txn(store.env(), true);
      log.forEach(txn, c.afterSeq, [&](const AccessRecord& r) {
        // The principal's own entries, and the door's notes about it (their subject).
        if (c.principal.empty() || r.principal == c.principal || r.subject == c.principal) {
          printAccess(r);
          ++shown;
        }
        return true;
      });
    }
    std::cout << shown << " access log entries" << std::endl;
    if (c.changes) {
      const std::string unit = boundUnit(o, c.principal);
      if (!unit.empty()) {
        std::cout << c.principal << " is bound to unit " << unit
                  << " in the allow-list: the events by " << unit << " are its own" << std::endl;
      }
      std::size_t changes = 0;
      store.forEachEvent([&](const StoredEvent& e) {
        const std::string& by = e.header.principal;
        if (!c.principal.empty() && by != c.principal && (unit.empty() || by != unit)) return;
        std::cout << formatUtcTime(e.header.at) << "  event #" << e.header.seq << "  "
                  << e.header.principal << "  "
                  << (e.body ? eventName(*e.body)
                             : "purged (kind " + std::to_string(e.header.kind) + ")")
                  << "\n";
        ++changes;
      });
      std::cout << changes << " changes in the event log" << std::endl;
    }
  } catch (const StoreError& e) {
    return fail(e.what());
  }
  return 0;
}

}  // namespace

void addSecurityOptions(CLI::App& app, CoordinatorOptions& o, SecurityCommands& c) {
  app.add_option("--key", o.security.keyFile,
                 "the coordinator's key file (default DATA-DIR/coordinator.key, created with its "
                 ".pub on first start)");
  app.add_option("--allow-list", o.security.allowListFile,
                 "the allow-list of enrolled keys (default DATA-DIR/allow-list); required to run");
  app.add_flag("--insecure-dev", o.security.insecureDev,
               "LOCAL DEVELOPMENT ONLY: no CURVE, no allow-list, every caller trusted");
  c.keygen = app.add_subcommand("keygen", "write a new CURVE key pair: FILE (0600) and FILE.pub");
  c.keygen->add_option("--out", c.out, "the secret key file to write")->required();
  c.keygen->add_option("--label", c.label, "whose key it is, for the comment line");
  c.enroll = app.add_subcommand("enroll", "let a public key in, as one principal with one role");
  c.enroll->add_option("--principal", c.principal, "a name, e.g. cmdr.petrovic")->required();
  c.enroll->add_option("--role", c.role, "agent, commander, observer or trainer")->required();
  c.enroll->add_option("--unit", c.unit, "for an agent: the callsign of the unit it reports as");
  c.enroll->add_option("--public-key", c.publicKey, "the public key (Z85) or its .pub file")
      ->required();
  c.revoke = app.add_subcommand("revoke", "withdraw a principal; its live connections are dropped");
  c.revoke->add_option("--principal", c.principal, "the principal to revoke")->required();
  c.revoke->add_option("--reason", c.reason,
                       "why, e.g. 'laptop lost at Tabanovce' (recorded in the access log)");
  c.list = app.add_subcommand("list", "show the enrolled principals");
  c.audit = app.add_subcommand("audit", "show the access log (and, with --changes, every change)");
  c.audit->add_option("--after", c.afterSeq, "only entries after this access log number");
  c.audit->add_option("--principal", c.principal, "only this principal's entries");
  c.audit->add_flag("--changes", c.changes, "also list the event log's changes with who made them");
  for (auto* sub : {c.keygen, c.enroll, c.revoke, c.list, c.audit}) sub->fallthrough();
}

int runSecurityCommand(const CoordinatorOptions& o, const SecurityCommands& c) {
  if (*c.keygen) return keygen(c);
  if (*c.enroll) return enroll(o, c);
  if (*c.revoke) return revoke(o, c);
  if (*c.list) return listEnrolled(o);
  if (*c.audit) return audit(o, c);
  return -1;
}

}  // namespace fieldops
