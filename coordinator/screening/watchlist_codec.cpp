// Watchlist entries as stored.WatchEntry Cap'n Proto bytes, and their natural keys.
#include <coordinator/screening/normalise.hpp>
#include <coordinator/screening/watchlist_codec.hpp>
#include <protocol/convert.hpp>
#include <protocol/store.capnp.h>

namespace fieldops::screening {

namespace {

template <class B>
void setTexts(B list, const std::vector<std::string>& items) {
  for (unsigned i = 0; i < items.size(); ++i) list.set(i, items[i]);
}

std::vector<std::string> texts(capnp::List<capnp::Text>::Reader list) {
  std::vector<std::string> out;
  out.reserve(list.size());
  for (auto t : list) out.emplace_back(t.cStr(), t.size());
  return out;
}

void writeDocuments(stored::WatchEntry::Builder b, const std::vector<NoticeDocument>& docs) {
  auto list = b.initDocuments(static_cast<unsigned>(docs.size()));
  for (unsigned i = 0; i < docs.size(); ++i) {
    list[i].setNumber(docs[i].number);
    list[i].setType(docs[i].type);
    list[i].setCountry(docs[i].country);
  }
}

}  // namespace

ListKind listOf(const Entry& entry) { return static_cast<ListKind>(entry.index()); }

std::string naturalKey(const Entry& entry) {
  if (const auto* n = std::get_if<Notice>(&entry)) return n->reference;
  if (const auto* d = std::get_if<TravelDocumentEntry>(&entry)) {
    return normaliseDocumentNumber(d->number) + '\x1f' + normaliseCountry(d->country);
  }
  const auto& v = std::get<VehicleEntry>(entry);
  return normalisePlate(v.plate) + '\x1f' + normaliseCountry(v.country);
}

std::string encodeEntry(const Entry& entry, const std::vector<std::vector<std::string>>& tokens) {
  capnp::MallocMessageBuilder message(convert::kFirstSegmentWords);
  auto b = message.initRoot<stored::WatchEntry>();
  if (const auto* n = std::get_if<Notice>(&entry)) {
    b.setList(WatchlistKind::NOTICE);
    b.setReference(n->reference);
    b.setColour(static_cast<std::uint8_t>(n->colour));
    setTexts(b.initNames(static_cast<unsigned>(n->names.size())), n->names);
    setTexts(b.initAliases(static_cast<unsigned>(n->aliases.size())), n->aliases);
    b.setDateOfBirth(n->dateOfBirth);
    b.setNationality(n->nationality);
    writeDocuments(b, n->documents);
    auto lists = b.initNameTokens(static_cast<unsigned>(tokens.size()));
    for (unsigned i = 0; i < tokens.size(); ++i) {
      setTexts(lists.init(i, static_cast<unsigned>(tokens[i].size())), tokens[i]);
    }
  } else if (const auto* d = std::get_if<TravelDocumentEntry>(&entry)) {
    b.setList(WatchlistKind::TRAVEL_DOCUMENT);
    b.setReference(d->reference);
    writeDocuments(b, {NoticeDocument{d->number, d->type, d->country}});
    b.setStatus(static_cast<std::uint8_t>(d->status));
  } else {
    const auto& v = std::get<VehicleEntry>(entry);
    b.setList(WatchlistKind::VEHICLE);
    b.setReference(v.reference);
    b.setPlate(v.plate);
    b.setCountry(v.country);
    b.setReason(v.reason);
  }
  return convert::flatBytes(message);
}

StoredEntry decodeEntry(std::uint64_t id, std::string_view bytes) {
  return convert::readFlat<stored::WatchEntry>(bytes, [id](stored::WatchEntry::Reader r) {
    StoredEntry out;
    out.id = id;
    std::vector<NoticeDocument> docs;
    for (auto d : r.getDocuments()) {
      docs.push_back({d.getNumber(), d.getType(), d.getCountry()});
    }
    switch (r.getList()) {
      case WatchlistKind::NOTICE: {
        Notice n{r.getReference(), static_cast<NoticeColour>(r.getColour()), texts(r.getNames()),
                 texts(r.getAliases()), r.getDateOfBirth(), r.getNationality(), std::move(docs)};
        for (auto t : r.getNameTokens()) out.nameTokens.push_back(texts(t));
        out.entry = std::move(n);
        break;
      }
      case WatchlistKind::TRAVEL_DOCUMENT: {
        TravelDocumentEntry d;
        if (!docs.empty()) {
          d.number = docs[0].number;
          d.type = docs[0].type;
          d.country = docs[0].country;
        }
        d.status = static_cast<DocumentStatus>(r.getStatus());
        d.reference = r.getReference();
        out.entry = std::move(d);
        break;
      }
      case WatchlistKind::VEHICLE:
        out.entry = VehicleEntry{r.getPlate(), r.getCountry(), r.getReference(), r.getReason()};
        break;
    }
    return out;
  });
}

std::vector<std::vector<std::string>> tokensOf(const Entry& entry, const NameNormaliser& names) {
  std::vector<std::vector<std::string>> out;
  if (const auto* n = std::get_if<Notice>(&entry)) {
    for (const auto* list : {&n->names, &n->aliases}) {
      for (const auto& name : *list) {
        auto t = names.tokens(name);
        if (!t.empty()) out.push_back(std::move(t));
      }
    }
  }
  return out;
}

}  // namespace fieldops::screening
