// A real coordinator with CURVE on (tests/support/running_coordinator.hpp, not --insecure-dev):
// its key and allow-list made by the test. Enrolled: agents bound to ALPHA-1 and BRAVO-2, a
// commander, an observer and a trainer (docs/security.md).
#pragma once

#include <coordinator/allow_list.hpp>
#include <coordinator/audit_log.hpp>
#include <protocol/curve.hpp>
#include <tests/support/running_coordinator.hpp>

#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fieldops::test {

struct Keyed {
  std::string name;
  curve::KeyPair keys = curve::generate();
};

struct SecureOperation {
  Keyed server{"coordinator"};
  Keyed alpha{"agent.alpha"}, bravo{"agent.bravo"}, commander{"cmdr.maric"},
      observer{"obs.eu"}, trainer{"trainer.kim"};
  std::string allowListFile;
  std::unique_ptr<RunningCoordinator> running;

  explicit SecureOperation(const std::function<void(CoordinatorOptions&)>& more = {}) {
    running = std::make_unique<RunningCoordinator>(CoreSettings{}, [&](CoordinatorOptions& o) {
      o.security.insecureDev = false;
      const std::string dir = o.dataDir + "-security";
      std::filesystem::create_directories(dir);
      o.security.keyFile = dir + "/coordinator.key";
      BOOST_REQUIRE(!curve::writeKeyFiles(o.security.keyFile, server.keys, "coordinator"));
      allowListFile = o.security.allowListFile = dir + "/allow-list";
      auto bad = updateAllowList(allowListFile, [&](AllowList& list) {
        std::optional<std::string> problem;
        for (auto* e : {&alpha, &bravo}) {
          problem = problem ? problem
                            : list.enroll({e->keys.publicKey,
                                           {e->name, Role::agent, e == &alpha ? "ALPHA-1" : "BRAVO-2"}});
        }
        if (!problem) problem = list.enroll({commander.keys.publicKey, {commander.name, Role::commander, ""}});
        if (!problem) problem = list.enroll({observer.keys.publicKey, {observer.name, Role::observer, ""}});
        if (!problem) problem = list.enroll({trainer.keys.publicKey, {trainer.name, Role::trainer, ""}});
        return problem;
      });
      BOOST_REQUIRE_MESSAGE(!bad, bad.value_or(""));
      if (more) more(o);
    });
  }
  SessionOptions agentLink(const Keyed& who) const {
    SessionOptions s = running->agentLink();
    s.keys = curve::ClientKeys{who.keys, server.keys.publicKey};
    return s;
  }
  SessionOptions control(const Keyed& who) const {
    SessionOptions s = running->control();
    s.keys = curve::ClientKeys{who.keys, server.keys.publicKey};
    return s;
  }
  std::vector<AccessRecord> accessLog() const {
    std::vector<AccessRecord> out;
    AuditLog log(running->store->env(), false);
    lmdb::Txn txn(running->store->env(), true);
    log.forEach(txn, 0, [&](const AccessRecord& r) {
      out.push_back(r);
      return true;
    });
    return out;
  }
  bool logged(const std::string& action, const std::string& needle = "") const {
    for (const auto& r : accessLog()) {
      if (r.action == action && (r.subject + " " + r.detail + " " + r.principal).find(needle) !=
                                    std::string::npos) {
        return true;
      }
    }
    return false;
  }
};

}  // namespace fieldops::test
