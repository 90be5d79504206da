// The dashboard process's one poll loop: the control DEALER, the update SUB, the keyboard (fd 0)
// and the shutdown signal, with a timeout for timers and redraws. The network never blocks
// input: every send is non-blocking and every receive happens here, when poll says so.
#pragma once

#include <optional>
#include <tui/control_link.hpp>
#include <tui/layout.hpp>
#include <tui/model.hpp>
#include <tui/options.hpp>
#include <tui/screen.hpp>
#include <tui/sync.hpp>
#include <tui/ui.hpp>
#include <zmq.hpp>

namespace fieldops::dashboard {

inline constexpr Millis kFrameInterval = 100;  // at most 10 redraws a second for network news
inline constexpr Millis kTickInterval = 250;   // timers: silence, request deadlines, polling
inline constexpr std::size_t kMaxUpdatesPerTurn = 2000;
// The update stream is read in batches at most this often: at 1,000 updates a second the loop
// wakes 25 times, not 1,000 (the SUB socket holds what comes meanwhile; keys are not delayed).
inline constexpr Millis kUpdateBatch = 40;
inline constexpr int kMaxEmptyReads = 1000;  // see Dashboard::onKeys

class Dashboard {
 public:
  // `inputFd` is the terminal the Screen reads keys from (benchmarks pass a quiet pipe).
  Dashboard(zmq::context_t& context, DashboardOptions options, Screen& screen, int inputFd = 0);

  // Runs until the commander quits or a signal arrives on `signalFd` (-1: none). Returns the
  // process exit code.
  int run(int signalFd);

  // One turn with a poll timeout (benchmarks and tests drive the loop turn by turn).
  bool turn(int signalFd, Millis pollTimeout);

  const Model& model() const { return model_; }
  std::uint64_t frames() const { return frames_; }               // frames drawn so far
  bool drawPending() const { return dirty_ != 0 || relayout_; }  // a change not yet on screen

 private:
  void onKeys();
  void onControl(Millis now);
  void onUpdates(Millis now);
  void onTimers(Millis now);
  void complete(Completed done, Millis now);
  void ask(const SyncRequests& r);
  void subscribe(const std::string& endpoint);
  void draw(Millis now, bool force);

  zmq::context_t& context_;
  DashboardOptions options_;
  Screen& screen_;
  Model model_;
  Sync sync_;
  UiState ui_;
  ControlLink link_;
  std::optional<zmq::socket_t> sub_;
  std::string subEndpoint_;
  Layout layout_;
  unsigned dirty_ = ~0u;
  bool relayout_ = true;
  bool quit_ = false;
  bool inputSinceDraw_ = false;
  Millis lastDraw_ = 0;
  int inputFd_;
  std::uint64_t frames_ = 0;
  int emptyReads_ = 0;
  bool awaitingJoin_ = false;  // the SUB was connected after a snapshot: see complete()
  Millis lastTick_ = 0;
  LinkState shownLink_ = LinkState::connecting;
  CriticalWatch critical_;  // for the bell
  Millis lastUpdates_ = 0;  // when the update stream was last read
};

}  // namespace fieldops::dashboard
