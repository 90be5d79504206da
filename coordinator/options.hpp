// Everything fieldops-coordinator can be told on its command line (see docs/coordinator.md).
#pragma once

#include <coordinator/authenticator.hpp>
#include <coordinator/core.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace fieldops {

struct CoordinatorOptions {
  std::string dataDir = "var/coordinator";
  std::string agentEndpoint = "tcp://*:7400";
  std::string controlEndpoint = "tcp://*:7401";
  std::string updatesEndpoint = "tcp://*:7402";  // the update stream (PUB)
  // --clock stepped: an exercise clock that moves only when the replayer says (advanceClock);
  // it starts at clockStart (0: the wall clock at start). docs/coordinator.md.
  bool steppedClock = false;
  Millis clockStart = 0;
  OperationPhase phase = OperationPhase::EXECUTION;
  std::string readyFile;          // when set, the bound endpoints are written here once listening
  std::string logLevel = "info";
  std::size_t mapSizeMb = 4096;
  std::size_t maxBatch = 4096;    // messages drained per loop turn, committed together
  std::vector<PostView> posts;    // the operation's plan (--posts); defined at start
  CoreSettings core;
  SecurityOptions security;       // CURVE keys and the allow-list (docs/security.md)
};

}  // namespace fieldops
