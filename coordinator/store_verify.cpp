// verify: walks the hash chain and reports the first event altered, removed or reordered, and
// compares the head with the anchor in meta (docs/store.md, "verify").
#include <kj/exception.h>

#include <algorithm>
#include <coordinator/store.hpp>
#include <coordinator/store_meta.hpp>
#include <set>

namespace fieldops {

const char* chainBreakName(ChainBreak kind) {
  switch (kind) {
    case ChainBreak::none:
      return "intact";
    case ChainBreak::altered:
      return "altered";
    case ChainBreak::removed:
      return "removed";
    case ChainBreak::reordered:
      return "reordered";
  }
  return "unknown";
}

namespace {

using lmdb::bigEndian;
using lmdb::fromBigEndian;

// Bytes from the store are not trusted here: anything unreadable is damage, not a crash.
std::optional<EventHeader> readHeader(std::optional<std::string_view> bytes) {
  if (!bytes) return std::nullopt;
  try {
    return decodeHeader(*bytes);
  } catch (const std::exception&) {
  } catch (const kj::Exception&) {
  }
  return std::nullopt;
}

std::optional<std::uint16_t> readKind(std::string_view payload) {
  try {
    return storedPayloadKind(payload);
  } catch (const std::exception&) {
  } catch (const kj::Exception&) {
  }
  return std::nullopt;
}

std::optional<Hash> fromHex(std::string_view text) {
  Hash out{};
  if (text.size() != 2 * out.size()) return std::nullopt;
  auto digit = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int hi = digit(text[2 * i]);
    const int lo = digit(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<unsigned char>(hi * 16 + lo);
  }
  return out;
}

std::optional<std::uint64_t> fromDecimal(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}

// The retention purges in the log whose own payload is intact: a tombstone is legitimate only
// where one of them, later in the log, covers its event.
struct PurgeCoverage {
  std::vector<std::pair<std::uint64_t, std::uint64_t>> purges;  // (its seq, throughSeq)
  std::set<std::uint64_t> redacted;  // alertRaised / taskCreated events kept as redacted copies

  bool covers(std::uint64_t seq, std::uint16_t kind) const {
    const bool inRange = std::any_of(purges.begin(), purges.end(), [&](const auto& p) {
      return seq < p.first && seq <= p.second;
    });
    if (!inRange) return false;
    if (kind == kSightingRecordedKind) return true;
    if (kind == kAlertRaisedKind || kind == kTaskCreatedKind) return redacted.count(seq) == 1;
    return false;  // a purge never touches other kinds
  }
};

PurgeCoverage findPurges(const lmdb::Txn& txn, MDB_dbi log, MDB_dbi payloads) {
  PurgeCoverage out;
  txn.scan(log, {}, [&](std::string_view key, std::string_view bytes) {
    auto h = readHeader(bytes);
    if (!h || h->kind != kRetentionPurgedKind || h->seq != fromBigEndian(key)) return true;
    auto payload = txn.get(payloads, key);
    if (!payload || blake2b(*payload) != h->payloadDigest) return true;  // not to be trusted
    std::optional<EventBody> body;
    try {
      body = decodePayload(*payload);
    } catch (const std::exception&) {
    } catch (const kj::Exception&) {
    }
    if (const auto* r = body ? std::get_if<RetentionPurged>(&*body) : nullptr) {
      out.purges.emplace_back(h->seq, r->throughSeq);
      for (const auto& a : r->alerts) out.redacted.insert(a.seq);
      for (const auto& t : r->tasks) out.redacted.insert(t.seq);
    }
    return true;
  });
  return out;
}

}  // namespace

ChainReport EventStore::verifyChain() const {
  lmdb::Txn txn(*env_, true);
  const PurgeCoverage coverage = findPurges(txn, db_.log, db_.payloads);
  ChainReport report;
  auto fail = [&](ChainBreak kind, std::uint64_t seq, std::string problem) {
    report.ok = false;
    report.kind = kind;
    report.firstBadSeq = seq;
    report.problem = std::move(problem);
    report.events = seq > 0 ? seq - 1 : report.events;
    return false;  // stops the scan
  };
  // A broken link into event `pending` means that either the header before it was altered (its
  // hash changed) or this header's prevHash was. One alteration explains it either way; the
  // next link tells which: if it holds, the earlier header was altered. When the next link
  // cannot tell (a missing or unreadable next event), the earlier one is reported.
  std::optional<std::uint64_t> pending;
  auto blameEarlier = [&] {
    return fail(ChainBreak::altered, *pending - 1,
                "header does not match the hash recorded in event " + std::to_string(*pending) +
                    " (a field such as principal, time or kind was changed)");
  };
  auto blameLater = [&] {
    return fail(ChainBreak::altered, *pending, "previous-header hash does not match");
  };
  std::uint64_t expected = 1;
  Hash prevHash{};
  txn.scan(db_.log, {}, [&](std::string_view key, std::string_view bytes) {
    const std::uint64_t at = fromBigEndian(key);
    if (at != expected) {  // keys ascend, so `at` is past a gap
      if (pending) return blameEarlier();
      return fail(ChainBreak::removed, expected,
                  at == expected + 1 ? "event missing from the log"
                                     : "events " + std::to_string(expected) + " to " +
                                           std::to_string(at - 1) + " missing from the log");
    }
    const auto h = readHeader(bytes);
    if (!h)
      return pending ? blameEarlier() : fail(ChainBreak::altered, at, "header cannot be read");
    if (h->seq != at) {
      if (pending) return blameEarlier();
      const auto other = readHeader(txn.get(db_.log, bigEndian(h->seq)));
      if (other && other->seq != h->seq) {
        return fail(ChainBreak::reordered, at,
                    "holds the header of event " + std::to_string(h->seq) +
                        ", which holds that of event " + std::to_string(other->seq));
      }
      return fail(ChainBreak::altered, at,
                  "header's sequence number " + std::to_string(h->seq) + " does not match its key");
    }
    const bool linked = h->prevHash == prevHash;
    if (pending) return linked ? blameEarlier() : blameLater();
    // The event's own payload against its header.
    const auto payload = txn.get(db_.payloads, key);
    if (!payload) {
      return fail(ChainBreak::removed, at,
                  "payload missing (a purge leaves a tombstone, never a gap)");
    }
    if (blake2b(*payload) != h->payloadDigest) {
      if (readKind(*payload) == kTombstoneKind) {
        if (!coverage.covers(at, h->kind)) {
          return fail(ChainBreak::altered, at,
                      "payload is a tombstone, but no later retention purge covers this event");
        }
        ++report.tombstones;
      } else {
        const auto next = readHeader(txn.get(db_.log, bigEndian(at + 1)));
        if (next && blake2b(*payload) == next->payloadDigest) {
          return fail(ChainBreak::reordered, at,
                      "holds the payload of event " + std::to_string(at + 1));
        }
        return fail(ChainBreak::altered, at, "payload digest does not match");
      }
    } else if (readKind(*payload) != h->kind) {
      return fail(ChainBreak::altered, at, "header kind does not match the payload");
    }
    if (!linked) {
      if (at == 1)
        return fail(ChainBreak::altered, 1, "previous-header hash of the first event is not zero");
      pending = at;
    }
    prevHash = headerHash(*h);
    report.events = at;
    ++expected;
    return true;
  });
  if (!report.ok) return report;

  // The head: the log's last event against the anchor written with every append.
  const std::uint64_t last = expected - 1;
  const auto anchorSeq = txn.get(db_.meta, meta::kHeadSeq);
  const auto anchorHash = txn.get(db_.meta, meta::kHeadHash);
  if (!anchorSeq || !anchorHash) {
    const auto schema = fromDecimal(txn.get(db_.meta, meta::kSchema).value_or(""));
    if (pending) {
      blameEarlier();
    } else if (schema && *schema >= kAnchoredSchemaVersion) {
      fail(ChainBreak::altered, 0, "the head anchor is missing from meta");
      report.events = last;
    }
    return report;  // an older store: verified as before, without the head
  }
  const auto seq = fromDecimal(*anchorSeq);
  const auto hash = fromHex(*anchorHash);
  if (!seq || !hash) {
    fail(ChainBreak::altered, 0, "the head anchor in meta cannot be read");
    report.events = last;
    return report;
  }
  report.anchored = true;
  if (pending) {
    // `pending` is the last event here: the anchor holds its hash as it was written.
    if (*pending == *seq &&
        headerHash(*readHeader(txn.get(db_.log, bigEndian(*pending)))) == *hash) {
      blameEarlier();
    } else {
      blameLater();
    }
    return report;
  }
  if (last < *seq) {
    fail(ChainBreak::removed, last + 1,
         "the newest events are missing: the head anchor records " + std::to_string(*seq) +
             " events, the log ends at " + std::to_string(last));
  } else if (last > *seq) {
    fail(ChainBreak::altered, *seq + 1,
         "event is beyond the head anchor (" + std::to_string(*seq) +
             "): written behind the store's back, or the anchor was changed");
  } else if (prevHash != *hash) {
    fail(ChainBreak::altered, last, "header does not match the head anchor in meta");
  }
  return report;
}

}  // namespace fieldops
