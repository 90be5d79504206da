// Writes the decoder's seed corpus: one valid envelope of each common kind, as agents, the
// coordinator and control clients send them. Usage: fuzz_decode_seeds DIR (then commit DIR's
// files under tests/fuzz/corpus/decode).
#include <protocol/codec.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace {

using namespace fieldops;

Sighting groupSighting() {
  Sighting s;
  s.sightingId = "S-0001";
  s.observedAt = 1'800'000'000'000;
  s.position = {42.2106, 21.6993};
  s.post = "Tabanovce border crossing";
  s.category = SightingCategory::GROUP;
  s.personCount = 5;
  s.minorCount = 2;
  s.subject.names = {"Ахмед Салех", "أحمد صالح"};
  s.subject.nationality = "SYR";
  s.subject.documentType = DocumentType::PASSPORT;
  s.subject.documentNumber = "N1234567";
  s.subject.documentCountry = "SYR";
  s.indicators = {Indicator::DOCUMENTS_HELD_BY_OTHER};
  s.freeText = "group in rear of van, driver holds passports";
  s.confidence = 70;
  return s;
}

std::vector<std::pair<std::string, Body>> bodies() {
  Hello hello{"ALPHA-1", "Tabanovce border crossing", {42.2106, 21.6993}, {}};
  hello.capabilities.documentCheck = true;
  hello.capabilities.interpreterLanguages = {"sq", "ar"};
  Task task;
  task.taskId = 7;
  task.kind = TaskKind::INSPECT_VEHICLE;
  task.priority = Priority::P1;
  task.dueAt = 1'800'000'600'000;
  task.target = std::string("Tabanovce border crossing");
  task.instructions = "White van, plate SK-1234-AB, lane 3";
  Task atPosition = task;
  atPosition.target = Position{41.99, 21.43};
  CreateTask create;
  create.kind = TaskKind::INSPECT_VEHICLE;
  create.priority = Priority::P2;
  create.dueAt = 1'800'000'600'000;
  create.target = std::string("Skopje airport");
  create.instructions = "second-line check";
  create.assignTo = "ALPHA-1";
  return {
      {"hello", hello},
      {"welcome", Welcome{"ALPHA-1", 5000, 3, 42}},
      {"heartbeat", Heartbeat{}},
      {"sighting", groupSighting()},
      {"sighting-ack", SightingAck{"S-0001", true}},
      {"task", task},
      {"task-at-position", atPosition},
      {"task-ack", TaskAck{7, TaskAckDecision::DECLINED, "unit committed elsewhere"}},
      {"task-update", TaskUpdate{7, TaskProgress::ON_SCENE, "at lane 3"}},
      {"receipt", Receipt{11, 7}},
      {"error", Error{ErrorCode::MALFORMED, "not a valid envelope", 3}},
      {"task-cancel", TaskCancel{7, "duplicate"}},
      {"create-task", ControlRequest{create}},
      {"snapshot-query", ControlRequest{SnapshotQuery{}}},
      {"sighting-query", ControlRequest{SightingQuery{0, 50, true}}},
      {"control-ok", ControlReply{ControlOk{7, 42, 0, true}}},
  };
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s DIR\n", argv[0]);
    return 2;
  }
  std::uint64_t messageId = 0;
  for (const auto& [name, body] : bodies()) {
    Envelope envelope;
    envelope.operationId = "LANTERN-2026";
    envelope.messageId = ++messageId;
    envelope.sentAt = 1'800'000'000'000;
    envelope.body = body;
    const std::string bytes = encode(envelope);
    if (!decode(bytes, DecodeLimits::forReplies())) {
      std::fprintf(stderr, "%s: our own encoding does not decode\n", name.c_str());
      return 1;
    }
    std::ofstream(std::string(argv[1]) + "/" + name + ".bin", std::ios::binary) << bytes;
  }
  return 0;
}
