// The dashboard's poll loop (see loop.hpp).
#include <sys/signalfd.h>
#include <unistd.h>

#include <cerrno>
#include <tui/draw.hpp>
#include <tui/loop.hpp>

namespace fieldops::dashboard {

namespace {

constexpr std::uint32_t kFeedFill = 200;  // sightings asked for at each (re)sync

std::string okText(const Outgoing& o, const ControlOk& ok) {
  return std::visit(
      [&](const auto& r) -> std::string {
        using T = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<T, CreateTask>) {
          return "task #" + std::to_string(ok.taskId) + " created" +
                 (r.assignTo.empty() ? std::string(" (unassigned)")
                                     : " and assigned to " + r.assignTo);
        } else if constexpr (std::is_same_v<T, AssignTask>) {
          return "task #" + std::to_string(ok.taskId) +
                 (r.reassign ? " reassigned to " : " assigned to ") + r.callsign;
        } else if constexpr (std::is_same_v<T, CancelTask>) {
          return "task #" + std::to_string(ok.taskId) + " cancelled";
        } else if constexpr (std::is_same_v<T, AcknowledgeAlert>) {
          return "alert !" + std::to_string(ok.alertId) + " acknowledged";
        } else if constexpr (std::is_same_v<T, ResolveAlert>) {
          return "alert !" + std::to_string(ok.alertId) + " resolved";
        } else {
          return o.label + ": done";
        }
      },
      o.request);
}

}  // namespace

Dashboard::Dashboard(zmq::context_t& context, DashboardOptions options, Screen& screen, int inputFd)
    : context_(context),
      options_(std::move(options)),
      screen_(screen),
      link_(context, SessionOptions{options_.control, options_.operationId, options_.exercise,
                                    options_.keys}),
      inputFd_(inputFd) {
  ui_.observer = options_.observer;
  ui_.commander = options_.commander;
  std::string hello = options_.observer ? "observer: read-only. ? for help" : "? for help";
  if (!options_.keys) {
    hello = "no keys: only a coordinator run with --insecure-dev will accept this dashboard. " +
            hello;
  }
  ui_.say(hello);
  if (!options_.updates.empty()) subscribe(options_.updates);  // before the first snapshot
  ask(sync_.start(wallClockNow()));
}

void Dashboard::subscribe(const std::string& endpoint) {
  if (endpoint.empty() || endpoint == subEndpoint_) return;
  sub_.emplace(context_, zmq::socket_type::sub);
  sub_->set(zmq::sockopt::linger, 0);
  sub_->set(zmq::sockopt::maxmsgsize, std::int64_t{1} << 24);
  sub_->set(zmq::sockopt::rcvhwm, 100000);
  sub_->set(zmq::sockopt::subscribe, "");
  if (options_.keys) curve::makeClient(*sub_, *options_.keys);
  sub_->connect(endpoint);
  subEndpoint_ = endpoint;
}

void Dashboard::ask(const SyncRequests& r) {
  if (r.snapshot) link_.enqueue({SnapshotQuery{}, Purpose::snapshot, "snapshot"});
  if (r.sightings) {
    const std::uint64_t after =
        model_.picture().sightings.empty() ? 0 : model_.picture().sightings.rbegin()->first;
    link_.enqueue({SightingQuery{after, kFeedFill, true}, Purpose::sightings, "sightings"});
  }
}

int Dashboard::run(int signalFd) {
  while (!quit_) {
    if (!turn(signalFd, kTickInterval)) break;
  }
  return 0;
}

bool Dashboard::turn(int signalFd, Millis pollTimeout) {
  Millis now = wallClockNow();
  link_.pump(now);
  std::vector<zmq::pollitem_t> items = {{nullptr, inputFd_, ZMQ_POLLIN, 0},
                                        {link_.socket().handle(), 0, ZMQ_POLLIN, 0}};
  // The update stream only once a batch window has passed since it was last read.
  const bool readUpdates = sub_ && now - lastUpdates_ >= kUpdateBatch;
  if (sub_) items.push_back({readUpdates ? sub_->handle() : nullptr, -1, ZMQ_POLLIN, 0});
  if (signalFd >= 0) items.push_back({nullptr, signalFd, ZMQ_POLLIN, 0});
  Millis wait = pollTimeout;
  if (sub_ && !readUpdates) wait = std::min(wait, lastUpdates_ + kUpdateBatch - now);
  if (dirty_ != 0 && !relayout_)
    wait = std::min(wait, std::max<Millis>(0, lastDraw_ + kFrameInterval - now));
  if (relayout_) wait = 0;
  try {
    zmq::poll(items.data(), items.size(), std::chrono::milliseconds(wait));
  } catch (const zmq::error_t& e) {
    if (e.num() != EINTR) throw;
    for (auto& item : items) item.revents = 0;
    items[0].revents = ZMQ_POLLIN;  // a resize (SIGWINCH) interrupts the poll: look for its key
  }
  now = wallClockNow();
  if (signalFd >= 0 && (items.back().revents & ZMQ_POLLIN) != 0) return false;
  if ((items[0].revents & ZMQ_POLLIN) != 0) onKeys();
  if ((items[1].revents & ZMQ_POLLIN) != 0) onControl(now);
  if (readUpdates && (items[2].revents & ZMQ_POLLIN) != 0) {
    onUpdates(now);
    lastUpdates_ = now;
  }
  onTimers(now);
  draw(now, false);
  return !quit_;
}

void Dashboard::onKeys() {
  for (int n = 0; n < 64; ++n) {
    auto key = screen_.readKey();
    if (!key) {
      // Readable yet no key, turn after turn: the terminal is gone (end of file). Stop rather
      // than spin.
      if (n == 0 && ++emptyReads_ > kMaxEmptyReads) quit_ = true;
      break;
    }
    emptyReads_ = 0;
    if (key->code == KeyCode::none) continue;
    const InputResult r = handleKey(ui_, model_.picture(), *key);
    if (r.quit) quit_ = true;
    if (r.relayout) relayout_ = true;
    if (r.redraw) dirty_ |= kAllPanes | kChrome;
    if (r.send) {
      if (r.send->purpose == Purpose::command)
        ui_.say(r.send->label + ": sent, waiting for the coordinator");
      link_.enqueue(*r.send);
      for (const Outgoing& next : r.more) link_.enqueue(next);
    }
    inputSinceDraw_ = true;
  }
}

void Dashboard::onControl(Millis now) {
  while (auto done = link_.receive(now)) complete(std::move(*done), now);
}

void Dashboard::onUpdates(Millis now) {
  for (std::size_t n = 0; n < kMaxUpdatesPerTurn; ++n) {
    zmq::message_t msg;
    if (!sub_->recv(msg, zmq::recv_flags::dontwait)) break;
    auto env = decode(msg.to_string_view(), DecodeLimits::forReplies());
    if (!env || env->operationId != options_.operationId || env->exercise != options_.exercise)
      continue;
    const auto* update = std::get_if<Update>(&env->body);
    if (update == nullptr) continue;
    if (awaitingJoin_) {
      awaitingJoin_ = false;
      ask(sync_.onSnapshotLost());  // this update and the next are kept until it comes
    }
    ask(sync_.onUpdate(model_, *update, now));
  }
  dirty_ |= model_.takeChanges();
}

void Dashboard::complete(Completed done, Millis now) {
  const Purpose purpose = done.request.purpose;
  if (done.reply) sync_.onReply(now);
  if (done.reply && purpose == Purpose::snapshot) {
    if (auto* snap = std::get_if<Snapshot>(&*done.reply)) {
      const std::string endpoint = updatesEndpoint(options_, snap->updates);
      const bool first = !sub_ && !endpoint.empty();
      sync_.setPolling(endpoint.empty());
      subscribe(endpoint);
      ask(sync_.onSnapshot(model_, std::move(*snap), now));
      // Subscribed only now: ZeroMQ drops what is published before the SUB has joined, so once
      // the first message shows it has (a heartbeat comes every second), take a fresh snapshot.
      if (first) awaitingJoin_ = true;
      inputSinceDraw_ = true;  // a new picture is drawn at once, not at the next frame slot
    }
  } else if (done.reply && purpose == Purpose::sightings) {
    if (auto* list = std::get_if<std::vector<StoredSighting>>(&*done.reply))
      model_.mergeSightings(*list);
  } else if (purpose == Purpose::snapshot || purpose == Purpose::sightings) {
    const bool lost = done.error.code == ErrorCode::INTERNAL && done.error.refMessageId != 0 &&
                      done.error.message.rfind("no answer", 0) == 0;
    if (!lost) ui_.say("coordinator: " + done.error.message, true);  // e.g. wrong operation
    if (purpose == Purpose::snapshot && lost) ask(sync_.onSnapshotLost());
    if (purpose == Purpose::snapshot && !lost) sync_.onSnapshotRefused(now);
  } else if (purpose == Purpose::history) {
    ui_.details.loading = false;
    if (done.reply && std::holds_alternative<std::vector<EventSummary>>(*done.reply)) {
      ui_.details.history = std::get<std::vector<EventSummary>>(*done.reply);
    } else {
      ui_.details.error = "history unavailable: " + done.error.message;
    }
  } else if (purpose == Purpose::person) {
    showPerson(ui_, done.request, done.reply, done.error);
  } else if (purpose == Purpose::eventLog) {
    ui_.log.loading = false;
    if (done.reply && std::holds_alternative<std::vector<EventSummary>>(*done.reply)) {
      ui_.log.events = std::get<std::vector<EventSummary>>(*done.reply);
    } else {
      ui_.log.error = "event log unavailable: " + done.error.message;
    }
  } else if (done.reply && std::holds_alternative<ControlOk>(*done.reply)) {
    ui_.say(okText(done.request, std::get<ControlOk>(*done.reply)));
  } else if (done.reply) {
    ui_.say(done.request.label + ": unexpected answer", true);
  } else if (done.error.code == ErrorCode::INTERNAL &&
             done.error.message.rfind("no answer", 0) == 0) {
    // Not retried: createTask has no idempotency key, so a retry could create it twice.
    ui_.say(done.request.label + ": " + done.error.message +
                "; it may or may not have been applied: check the board",
            true);
  } else {
    ui_.say(done.request.label + " refused: " + done.error.message, true);
  }
  dirty_ |= model_.takeChanges() | kChrome;
}

void Dashboard::onTimers(Millis now) {
  if (auto lost = link_.expire(now)) complete(std::move(*lost), now);
  if (now - lastTick_ >= kTickInterval && link_.keyRefused()) {
    const std::string why =
        "the coordinator refused this dashboard's key (not enrolled, or revoked): ask the "
        "operator to enroll your .pub (fieldops-coordinator enroll)";
    if (ui_.status != why) {
      ui_.say(why, true);
      dirty_ |= kChrome;
    }
  }
  if (now - lastTick_ >= kTickInterval) {
    lastTick_ = now;
    ask(sync_.tick(now));
  }
  const LinkState state = sync_.state(now);
  if (state != shownLink_) {
    shownLink_ = state;
    dirty_ |= kChrome;
  }
  link_.pump(now);
}

void Dashboard::draw(Millis now, bool force) {
  if (relayout_) {
    layout_ =
        computeLayout(screen_.rows(), screen_.cols(), options_.exercise, ui_.focus, ui_.zoomed);
    screen_.clearAll();
    screen_.apply(layout_);
    relayout_ = false;
    dirty_ = ~0u;
    force = true;
  }
  if (dirty_ == 0) return;
  if (!force && !inputSinceDraw_ && now - lastDraw_ < kFrameInterval) return;
  if ((dirty_ & kAlerts) != 0 && model_.hasSnapshot()) {
    const auto fresh = critical_.newSince(model_.picture());
    if (!fresh.empty()) {
      if (!ui_.muted && !options_.observer) screen_.alarm();
      ui_.say("NEW CRITICAL ALERT !" + std::to_string(fresh.back()) +
              (ui_.muted ? "  (bell muted: m)" : "  (m mutes the bell)"));
      dirty_ |= kChrome;
    }
  }
  // Alerts change the tab bar's count; everything changes the overlay (details are live).
  if ((dirty_ & kAlerts) != 0) dirty_ |= kChrome;
  drawFrame(screen_, layout_, Frame{model_.picture(), ui_, shownLink_, options_}, dirty_);
  dirty_ = 0;
  ++frames_;
  inputSinceDraw_ = false;
  lastDraw_ = now;
}

}  // namespace fieldops::dashboard
