// Keys and an allow-list made with the real fieldops-coordinator CLI (keygen, enroll), for tests
// that run a coordinator child with security on. Header-only: any test linking the support
// library can use it.
#pragma once

#include <filesystem>
#include <protocol/curve.hpp>
#include <stdexcept>
#include <string>
#include <tests/support/support.hpp>
#include <vector>

namespace fieldops::test {

class TestKeys {
 public:
  // Key files go to `keyDir`; the allow-list is DATA-DIR/allow-list, where the coordinator looks
  // by default. The coordinator's own key pair is made here too: start it with coordinatorArgs().
  TestKeys(std::string keyDir, std::string dataDir)
      : keyDir_(std::move(keyDir)), dataDir_(std::move(dataDir)) {
    std::filesystem::create_directories(keyDir_);
    keygen("coordinator");
  }

  // A new key pair for `principal`, enrolled with that role (and, for an agent, its unit).
  // Returns the key file.
  std::string enroll(const std::string& principal, const std::string& role,
                     const std::string& unit = {}) {
    keygen(principal);
    std::vector<std::string> args = {"--data-dir",  dataDir_,       "enroll",
                                     "--principal", principal,      "--role",
                                     role,          "--public-key", keyFile(principal) + ".pub"};
    if (!unit.empty()) args.insert(args.end(), {"--unit", unit});
    run(args);
    return keyFile(principal);
  }

  // A key pair for `principal` that is not enrolled.
  std::string makeKey(const std::string& principal) {
    keygen(principal);
    return keyFile(principal);
  }

  // Withdraws `principal` from the allow-list.
  void revoke(const std::string& principal) {
    run({"--data-dir", dataDir_, "revoke", "--principal", principal});
  }

  std::string keyFile(const std::string& principal) const {
    return keyDir_ + "/" + principal + ".key";
  }
  std::string coordinatorPublicKey() const { return keyFile("coordinator") + ".pub"; }
  // What the coordinator is started with to use the key pair made here.
  std::vector<std::string> coordinatorArgs() const { return {"--key", keyFile("coordinator")}; }
  // The client options of the agent, the dashboard and the replayer for that principal.
  std::vector<std::string> clientArgs(const std::string& principal) const {
    return {"--key", keyFile(principal), "--coordinator-key", coordinatorPublicKey()};
  }
  curve::ClientKeys clientKeys(const std::string& principal) const {
    auto keys = curve::clientKeysFrom(keyFile(principal), coordinatorPublicKey());
    if (!keys || !*keys) throw std::runtime_error("no client keys for " + principal);
    return **keys;
  }
  const std::string& dataDir() const { return dataDir_; }
  // Whether a key pair was made here for `principal`.
  bool has(const std::string& principal) const {
    return std::filesystem::exists(keyFile(principal));
  }

 private:
  void keygen(const std::string& principal) {
    run({"keygen", "--out", keyFile(principal), "--label", principal});
  }
  static void run(const std::vector<std::string>& args) {
    const RunResult r = runProgram(FIELDOPS_COORDINATOR_BIN, args);
    if (r.status != 0) {
      std::string line;
      for (const auto& a : args) line += " " + a;
      throw std::runtime_error("fieldops-coordinator" + line + " failed: " + r.err + r.out);
    }
  }

  std::string keyDir_;
  std::string dataDir_;
};

}  // namespace fieldops::test
