// Client-side protocol session (see session.hpp).
#include <protocol/session.hpp>

namespace fieldops {

Millis wallClockNow() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Session::Session(zmq::context_t& context, SessionOptions options)
    : options_(std::move(options)),
      socket_(context, zmq::socket_type::dealer),
      // Increasing across restarts without stored state: start from the clock.
      nextMessageId_(static_cast<std::uint64_t>(wallClockNow()) * 1000) {
  socket_.set(zmq::sockopt::linger, 0);
  socket_.set(zmq::sockopt::maxmsgsize, std::int64_t{1} << 24);
  if (options_.keys) curve::makeClient(socket_, *options_.keys);
  socket_.connect(options_.endpoint);
}

std::uint64_t Session::send(const Body& body, Millis now) {
  const std::uint64_t id = nextMessageId_++;
  const std::string bytes =
      encode(Envelope{kProtocolVersion, options_.operationId, options_.exercise, id, now, body});
  if (!socket_.send(zmq::buffer(bytes), zmq::send_flags::dontwait)) return 0;
  return id;
}

std::optional<Envelope> Session::receive(std::chrono::milliseconds timeout) {
  zmq::pollitem_t item{socket_.handle(), 0, ZMQ_POLLIN, 0};
  if (zmq::poll(&item, 1, timeout) == 0) return std::nullopt;
  zmq::message_t msg;
  if (!socket_.recv(msg, zmq::recv_flags::dontwait)) return std::nullopt;
  auto decoded = decode(msg.to_string_view(), DecodeLimits::forReplies());
  if (decoded) return std::move(*decoded);
  Envelope local;
  local.operationId = options_.operationId;
  local.exercise = options_.exercise;
  local.body = Error{decoded.error().code, "undecodable message: " + decoded.error().detail, 0};
  return local;
}

ControlClient::ControlClient(zmq::context_t& context, SessionOptions options)
    : session_(context, std::move(options)) {}

Expected<ControlReply, Error> ControlClient::request(const ControlRequest& request,
                                                     std::chrono::milliseconds timeout,
                                                     std::uint64_t* messageId) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  // Replies carry no request id: drop anything left over from an earlier request that timed out.
  while (session_.receive(std::chrono::milliseconds(0))) {
  }
  const std::uint64_t id = session_.send(request, wallClockNow());
  if (messageId != nullptr) *messageId = id;
  while (true) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) break;
    auto env = session_.receive(left);
    if (!env) break;
    if (auto* reply = std::get_if<ControlReply>(&env->body)) return std::move(*reply);
    if (auto* error = std::get_if<Error>(&env->body)) {
      if (error->refMessageId == id || error->refMessageId == 0) return std::move(*error);
    }
  }
  return Error{ErrorCode::INTERNAL, "no reply from the coordinator within " +
                                        std::to_string(timeout.count()) + " ms", id};
}

}  // namespace fieldops
