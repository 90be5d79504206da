// Keys of the store's `meta` database that store.cpp, store_verify.cpp and store_retention.cpp
// share (docs/store.md, "Databases"). Values are ASCII text.
#pragma once

namespace fieldops::meta {

// The head anchor, written in the transaction of every append: the last sequence number and
// the hash of the last header (hex), so that verify sees a truncated log.
inline constexpr const char* kHeadSeq = "head_seq";
inline constexpr const char* kHeadHash = "head_hash";
inline constexpr const char* kSchema = "schema_version";
// The closure projection: written by operationClosed and retentionPurged.
inline constexpr const char* kClosedAt = "closed_at";  // ms since the epoch
inline constexpr const char* kRetentionDays = "retention_days";
inline constexpr const char* kClosedReason = "closed_reason";    // UTF-8
inline constexpr const char* kPurgedThrough = "purged_through";  // seq

}  // namespace fieldops::meta
