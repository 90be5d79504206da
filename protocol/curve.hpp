// CURVE keys and socket security for every FieldOps endpoint (docs/security.md).
//
// A key pair is two Z85 texts of 40 characters. A key file holds both and must be readable by
// its owner only (0600); a public key file (".pub") holds the public key alone and may be shared.
#pragma once

#include <optional>
#include <protocol/expected.hpp>
#include <string>
#include <string_view>
#include <zmq.hpp>

namespace fieldops::curve {

inline constexpr std::size_t kZ85KeyLength = 40;
// The ZAP domains of the coordinator's endpoints: the handler admits agents only on the agent
// link, and every other role only on the control endpoint and the update stream.
inline constexpr const char* kAgentDomain = "fieldops.agent";
inline constexpr const char* kControlDomain = "fieldops.control";
inline constexpr const char* kUpdatesDomain = "fieldops.updates";

// Why keys could not be read or used, in words for the operator.
struct KeyError {
  std::string message;
};

struct KeyPair {
  std::string publicKey;  // Z85
  std::string secretKey;  // Z85; never logged
};

// What a client needs: its own key pair and the coordinator's public key.
struct ClientKeys {
  KeyPair own;
  std::string serverPublicKey;
};

// True when text is a Z85-encoded 32-byte key.
bool isZ85Key(std::string_view text);

// A fresh key pair (libzmq, from libsodium's random source).
KeyPair generate();

// Writes `path` (both keys, mode 0600, created exclusively: an existing file is never replaced)
// and `path` + ".pub" (the public key, 0644). `label` names the owner in a comment line.
// Returns an error text instead of writing anything when either file exists or cannot be made.
std::optional<std::string> writeKeyFiles(const std::string& path, const KeyPair& keys,
                                         const std::string& label);

// Reads a key file written by writeKeyFiles. Refuses a file that others may read, or one
// without both keys.
Expected<KeyPair, KeyError> readKeyFile(const std::string& path);

// A public key given as Z85 text itself, or as a file holding "public-key = ..." (a ".pub" or
// a key file).
Expected<std::string, KeyError> readPublicKey(const std::string& textOrPath);

// Makes `socket` a CURVE server with ZAP authentication in `zapDomain`. Call before bind.
void makeServer(zmq::socket_t& socket, const KeyPair& keys, const char* zapDomain);
// Makes `socket` a CURVE client of the server with that public key. Call before connect.
void makeClient(zmq::socket_t& socket, const ClientKeys& keys);

// Reads `--key FILE` and `--coordinator-key KEY|FILE` into ClientKeys; both empty means none
// (plain, for a coordinator started with --insecure-dev). One given without the other, or an
// unreadable file, is an error.
Expected<std::optional<ClientKeys>, KeyError> clientKeysFrom(const std::string& keyFile,
                                                             const std::string& serverKey);

}  // namespace fieldops::curve
