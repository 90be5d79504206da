// The agent process's one poll loop: coordinator socket, input lines, shutdown signal, timers.
#include <field-agent/frontend.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <vector>

namespace fieldops {

namespace {

constexpr Millis kMaxPollWait = 200;

// Splits what read() returned into whole lines; keeps the unfinished tail.
class LineReader {
 public:
  // Returns false at end of input.
  bool readFrom(int fd, std::vector<std::string>& lines) {
    char buf[4096];
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) return errno == EINTR || errno == EAGAIN;
    if (n == 0) {
      if (!pending_.empty()) lines.push_back(std::move(pending_));
      pending_.clear();
      return false;
    }
    pending_.append(buf, static_cast<std::size_t>(n));
    for (auto nl = pending_.find('\n'); nl != std::string::npos; nl = pending_.find('\n')) {
      lines.push_back(pending_.substr(0, nl));
      pending_.erase(0, nl + 1);
    }
    return true;
  }

 private:
  std::string pending_;
};

}  // namespace

int runAgentLoop(Agent& agent, Frontend& frontend, int inputFd, int signalFd) {
  LineReader reader;
  bool inputOpen = inputFd >= 0;
  agent.start(wallClockNow());
  frontend.begin(wallClockNow());
  while (!frontend.finished(wallClockNow())) {
    std::vector<zmq::pollitem_t> items;
    zmq::socket_t* socket = agent.socket();
    if (socket != nullptr) items.push_back({socket->handle(), 0, ZMQ_POLLIN, 0});
    const std::size_t inputAt = items.size();
    if (inputOpen) items.push_back({nullptr, inputFd, ZMQ_POLLIN, 0});
    const std::size_t signalAt = items.size();
    if (signalFd >= 0) items.push_back({nullptr, signalFd, ZMQ_POLLIN, 0});
    zmq::socket_t* monitor = agent.monitor();
    const std::size_t monitorAt = items.size();
    if (monitor != nullptr) items.push_back({monitor->handle(), 0, ZMQ_POLLIN, 0});

    Millis now = wallClockNow();
    const Millis wait = std::clamp<Millis>(agent.nextTimer() - now, 0, kMaxPollWait);
    zmq::poll(items.data(), items.size(), std::chrono::milliseconds(wait));
    now = wallClockNow();
    if (signalFd >= 0 && (items[signalAt].revents & ZMQ_POLLIN)) break;
    if (socket != nullptr && (items[0].revents & ZMQ_POLLIN)) agent.onReadable(now);
    if (monitor != nullptr && (items[monitorAt].revents & ZMQ_POLLIN)) agent.onMonitor(now);
    if (inputOpen && (items[inputAt].revents & (ZMQ_POLLIN | ZMQ_POLLERR))) {
      std::vector<std::string> lines;
      inputOpen = reader.readFrom(inputFd, lines);
      for (const auto& l : lines) frontend.line(l, now);
      if (!inputOpen) frontend.endOfInput(now);
    }
    if (now >= agent.nextTimer()) agent.onTimer(now);
  }
  return frontend.exitCode();
}

}  // namespace fieldops
