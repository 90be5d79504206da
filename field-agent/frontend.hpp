// A way for people or tools to drive the agent: it receives input lines, hears AgentEvents,
// and says when the session is over. Implementations: ScriptFrontend, ConsoleFrontend.
#pragma once

#include <field-agent/agent.hpp>

#include <string>

namespace fieldops {

class Frontend : public AgentEvents {
 public:
  void attach(Agent& agent) { agent_ = &agent; }
  virtual void begin(Millis now) = 0;                   // banner, pending tasks
  virtual void line(const std::string& text, Millis now) = 0;
  virtual void endOfInput(Millis now) = 0;
  virtual bool finished(Millis now) const = 0;
  virtual int exitCode() const = 0;

 protected:
  Agent& agent() { return *agent_; }
  const Agent& agent() const { return *agent_; }

 private:
  Agent* agent_ = nullptr;
};

// Runs the one poll loop of the agent process over the coordinator socket, the input fd and,
// when >= 0, a signalfd for SIGINT/SIGTERM. Returns the frontend's exit code.
int runAgentLoop(Agent& agent, Frontend& frontend, int inputFd, int signalFd);

}  // namespace fieldops
