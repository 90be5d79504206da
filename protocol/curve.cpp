// CURVE keys and socket security (see curve.hpp).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <protocol/curve.hpp>
#include <sstream>

namespace fieldops::curve {

namespace {

constexpr std::string_view kZ85Alphabet =
    "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return std::string(s.substr(first, last - first + 1));
}

// "name = value" lines; '#' starts a comment line.
std::map<std::string, std::string> keyValues(std::istream& in) {
  std::map<std::string, std::string> values;
  std::string line;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    const auto eq = t.find('=');
    if (eq == std::string::npos) continue;
    values[trim(std::string_view(t).substr(0, eq))] = trim(std::string_view(t).substr(eq + 1));
  }
  return values;
}

// Creates `path` exclusively with `mode` and writes `text`; an error text on failure.
std::optional<std::string> writeExclusive(const std::string& path, const std::string& text,
                                          mode_t mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode);
  if (fd < 0) {
    if (errno == EEXIST) return path + " exists; keys are never overwritten (remove it first)";
    return "cannot create " + path + ": " + std::strerror(errno);
  }
  ::fchmod(fd, mode);  // whatever the umask
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(path.c_str());
      return "cannot write " + path + ": " + why;
    }
    done += static_cast<std::size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) return "cannot sync " + path;
  return std::nullopt;
}

}  // namespace

bool isZ85Key(std::string_view text) {
  return text.size() == kZ85KeyLength &&
         text.find_first_not_of(kZ85Alphabet) == std::string_view::npos;
}

KeyPair generate() {
  std::array<char, kZ85KeyLength + 1> pub{};
  std::array<char, kZ85KeyLength + 1> sec{};
  if (zmq_curve_keypair(pub.data(), sec.data()) != 0) throw zmq::error_t();
  KeyPair keys{std::string(pub.data(), kZ85KeyLength), std::string(sec.data(), kZ85KeyLength)};
  explicit_bzero(sec.data(), sec.size());
  return keys;
}

std::optional<std::string> writeKeyFiles(const std::string& path, const KeyPair& keys,
                                         const std::string& label) {
  const std::string pubPath = path + ".pub";
  struct stat st {};
  if (::stat(pubPath.c_str(), &st) == 0) {
    return pubPath + " exists; keys are never overwritten (remove it first)";
  }
  const std::string secretText = "# FieldOps CURVE key pair of " + label +
                                 ". Keep it secret: readable by its owner only (mode 0600).\n"
                                 "public-key = " +
                                 keys.publicKey + "\n" + "secret-key = " + keys.secretKey + "\n";
  if (auto error = writeExclusive(path, secretText, 0600)) return error;
  const std::string publicText = "# FieldOps CURVE public key of " + label +
                                 ". Give it to the operator who enrols it.\n"
                                 "public-key = " +
                                 keys.publicKey + "\n";
  if (auto error = writeExclusive(pubPath, publicText, 0644)) {
    ::unlink(path.c_str());
    return error;
  }
  return std::nullopt;
}

Expected<KeyPair, KeyError> readKeyFile(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return KeyError{"cannot read key file " + path + ": " + std::strerror(errno)};
  }
  if ((st.st_mode & 077) != 0) {
    std::ostringstream mode;
    mode << std::oct << (st.st_mode & 0777);
    return KeyError{"key file " + path + " may be read by others (mode 0" + mode.str() +
                    "); run: chmod 600 " + path};
  }
  std::ifstream in(path);
  if (!in) return KeyError{"cannot read key file " + path};
  auto values = keyValues(in);
  KeyPair keys{values["public-key"], values["secret-key"]};
  if (!isZ85Key(keys.publicKey) || !isZ85Key(keys.secretKey)) {
    return KeyError{"key file " + path +
                    " lacks a valid public-key and secret-key (40 Z85 characters each); make "
                    "one with: fieldops-coordinator keygen --out FILE"};
  }
  return keys;
}

Expected<std::string, KeyError> readPublicKey(const std::string& textOrPath) {
  if (isZ85Key(textOrPath)) return textOrPath;
  std::ifstream in(textOrPath);
  if (!in) {
    return KeyError{"'" + textOrPath +
                    "' is neither a public key (40 Z85 characters) nor a readable file"};
  }
  auto values = keyValues(in);
  if (!isZ85Key(values["public-key"])) {
    return KeyError{"file " + textOrPath + " holds no valid public-key line"};
  }
  return values["public-key"];
}

void makeServer(zmq::socket_t& socket, const KeyPair& keys, const char* zapDomain) {
  socket.set(zmq::sockopt::curve_server, 1);
  socket.set(zmq::sockopt::curve_secretkey, keys.secretKey);
  // libzmq 4.3 lets every client in when no ZAP handler is bound (ZMQ_ZAP_ENFORCE_DOMAIN is
  // draft API): the coordinator binds its handler before any server socket
  // (coordinator/authenticator.hpp).
  socket.set(zmq::sockopt::zap_domain, zapDomain);
}

void makeClient(zmq::socket_t& socket, const ClientKeys& keys) {
  socket.set(zmq::sockopt::curve_serverkey, keys.serverPublicKey);
  socket.set(zmq::sockopt::curve_publickey, keys.own.publicKey);
  socket.set(zmq::sockopt::curve_secretkey, keys.own.secretKey);
}

Expected<std::optional<ClientKeys>, KeyError> clientKeysFrom(const std::string& keyFile,
                                                             const std::string& serverKey) {
  if (keyFile.empty() && serverKey.empty()) return std::optional<ClientKeys>{};
  if (keyFile.empty()) return KeyError{"--coordinator-key needs --key (this client's key file)"};
  if (serverKey.empty()) {
    return KeyError{
        "--key needs --coordinator-key (the coordinator's public key or its .pub file)"};
  }
  auto own = readKeyFile(keyFile);
  if (!own) return own.error();
  auto server = readPublicKey(serverKey);
  if (!server) return server.error();
  return std::optional<ClientKeys>(ClientKeys{*own, *server});
}

}  // namespace fieldops::curve
