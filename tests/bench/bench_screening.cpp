// Benchmark (not a test): screening against 1,000,000+ synthetic watchlist entries, in one run:
//  1. import: generated notices, travel documents and vehicles into a data dir (entries/s);
//  2. name search: latency of tokenising a name and searching the name index with it (p50, p99,
//     max), by kind of query; and of the full Screener::screen() of a sighting, with its mean
//     CPU time a call (the thread's own, which a shared machine disturbs least);
//  3. ingest: the coordinator-core ingest of bench_ingest (64 agents, durable acks) with no
//     watchlists and with the imported ones, rounds alternating, medians and their ratio; for
//     a realistic mix of sightings (some on the lists: hits, alerts, tasks) and for sightings
//     that never match (screening's own cost).
// Usage: bench_screening [notices] [per-agent] [agents] [window] [rounds] [queries]
//                        [percent of sightings with a listed name]
// (defaults 1000000 500 64 64 5 20000 1; travel documents are notices / 5, vehicles / 20;
// 0 rounds: import, name search and screening only, no ingest).
// Targets (the issue): ingest ratio >= 0.80, p99 of a name search < 1 ms. docs/performance.md.
#include "ingest_rig.hpp"

#include <coordinator/screening/generate.hpp>
#include <coordinator/screening/import.hpp>
#include <coordinator/screening/screener.hpp>
#include <coordinator/screening/watchlist_store.hpp>
#include <coordinator/store.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>

using namespace fieldops;
using namespace fieldops::bench;
namespace sc = fieldops::screening;

namespace {

constexpr std::uint64_t kSeed = 20261123;
constexpr std::size_t kMapBytes = std::size_t{8} << 30;  // as the rig's EventStore
constexpr std::size_t kFrameBytes = 300;

double secondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

// Names not drawn from the generator's pools: what most people crossing are, against a list.
constexpr std::array kForeignGiven = {
    "John",   "William", "Thomas", "Peter",  "Hans",    "Klaus",  "Pierre", "Jean",
    "Wei",    "Minh",    "Thanh",  "Raj",    "Sanjay",  "Priya",  "Hiroshi", "Kenji",
    "Lars",   "Sven",    "Oliver", "Harry",  "George",  "Jack",   "Emma",   "Olivia",
    "Sophie", "Chloe",   "Hannah", "Lena",   "Mei",     "Xin",    "Linh",   "Deepak",
    "Arjun",  "Tomasz",  "Piotr",  "Krzysztof", "Agnieszka", "Bence", "Zoltan", "Matteo"};
constexpr std::array kForeignSurnames = {
    "Smith",    "Johnson", "Williams", "Brown",   "Taylor",  "Wilson",    "Mueller", "Schmidt",
    "Schneider", "Fischer", "Weber",   "Wagner",  "Becker",  "Dubois",    "Bernard", "Lefebvre",
    "Wang",     "Zhang",   "Liu",      "Chen",    "Nguyen",  "Tran",      "Pham",    "Sharma",
    "Patel",    "Singh",   "Kumar",    "Tanaka",  "Suzuki",  "Andersson", "Johansson", "Larsen",
    "Hansen",   "Jensen",  "Novak",    "Horvath", "Kowalski", "Nowak",    "Rossi",   "Bianchi"};
constexpr std::array kCountries = {"SRB", "MKD", "ALB", "SYR", "AFG", "IRQ", "TUR", "COL",
                                   "NGA", "UKR", "DEU", "GBR", "CHN", "IND", "VNM", "POL"};

// A notice as a sighting or a query can quote it.
struct Listed {
  std::string name;  // as written in the list, any script
  std::string dateOfBirth;
  std::string nationality;
};

// What the benchmark keeps of the imported lists to make sightings and queries from.
struct Samples {
  std::vector<Listed> notices;
  std::vector<std::string> givenNames;  // first word of a listed name, as written
  std::vector<std::string> surnames;    // last word
  std::vector<std::pair<std::string, std::string>> documents;  // number, country
};

std::vector<std::string> words(const std::string& name) {
  std::vector<std::string> out;
  std::istringstream in(name);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : engine_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(engine_() % n); }
  bool percent(unsigned p) { return below(100) < p; }
  template <class C>
  const auto& pick(const C& items) {
    return items[below(items.size())];
  }
  std::string digits(int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += static_cast<char>('0' + below(10));
    return s;
  }
  // Adults only (born 1950-2004): a subject under 18 counted as one person and no minor is a
  // child alone, which raises a critical alert and a task (docs/screening.md) and would measure
  // the alert path, not screening.
  std::string date() {
    return std::to_string(1950 + below(55)) + "-0" + std::to_string(1 + below(9)) + "-1" +
           std::to_string(below(10));
  }

 private:
  std::mt19937_64 engine_;
};

// A name that is not on the list: a listed given name with a foreign surname, a foreign given
// name with a listed surname, or wholly foreign (a third each). The listed halves make the
// search do real work: their tokens are in thousands of indexed names.
std::string unlistedName(Rng& rng, const Samples& s) {
  switch (rng.below(3)) {
    case 0: return rng.pick(s.givenNames) + " " + rng.pick(kForeignSurnames);
    case 1: return std::string(rng.pick(kForeignGiven)) + " " + rng.pick(s.surnames);
    default: return std::string(rng.pick(kForeignGiven)) + " " + rng.pick(kForeignSurnames);
  }
}

// Which sightings the ingest sends.
enum class Mix {
  // `listedPercent` carry a listed name (half of those with the notice's date of birth, so hits
  // are raised), 0.5% a listed document number; the rest a name (unlistedName) and a document
  // that are not on the lists.
  realistic,
  // Wholly foreign names and unlisted documents: screened, never matched, so no alert is
  // raised. Screening's own cost, apart from what hits cost.
  unmatched,
};

// A sighting of one person with realistic subject data.
Sighting subjectSighting(Rng& rng, const Samples& s, std::uint64_t n, unsigned listedPercent,
                         Mix mix = Mix::realistic) {
  Sighting sighting = sightingOf(n);
  sighting.category = SightingCategory::PERSON;
  sighting.personCount = 1;
  sighting.minorCount = 0;
  sighting.indicators = {Indicator::SCRIPTED_STORY};  // one: raises no alert by itself
  auto& subject = sighting.subject;
  const bool realistic = mix == Mix::realistic;
  if (realistic && rng.percent(listedPercent)) {
    const Listed& l = rng.pick(s.notices);
    subject.names = {l.name};
    subject.dateOfBirth = rng.percent(50) && !l.dateOfBirth.empty() ? l.dateOfBirth : rng.date();
    subject.nationality = l.nationality;
  } else {
    subject.names = {realistic ? unlistedName(rng, s)
                               : std::string(rng.pick(kForeignGiven)) + " " +
                                     rng.pick(kForeignSurnames)};
    subject.dateOfBirth = rng.date();
    subject.nationality = rng.pick(kCountries);
  }
  subject.documentType = DocumentType::PASSPORT;
  if (realistic && rng.below(1000) < 5) {
    const auto& [number, country] = rng.pick(s.documents);
    subject.documentNumber = number;
    subject.documentCountry = country;
  } else {
    subject.documentNumber = "ZX" + rng.digits(8);  // the lists' numbers have 7 digits
    subject.documentCountry = rng.pick(kCountries);
  }
  return sighting;
}

// ---- 1. Import.

// Generates `count` rows of the list, parses and imports them; keeps samples for later.
std::size_t importGenerated(const lmdb::Env& env, const sc::WatchlistDbs& dbs,
                            const sc::NameNormaliser& names, sc::ListKind kind, std::size_t count,
                            Samples& samples) {
  auto started = SteadyClock::now();
  std::ostringstream csv;
  sc::generateWatchlist(kind, count, kSeed + static_cast<std::uint64_t>(kind), csv);
  const std::string text = std::move(csv).str();
  const sc::ImportResult parsed = sc::parseWatchlist(kind, sc::FileFormat::csv, text);
  const double parseSeconds = secondsSince(started);
  if (!parsed.rejected.empty() || parsed.entries.size() != count) {
    std::cerr << "bench: " << parsed.rejected.size() << " generated rows rejected" << std::endl;
    std::exit(1);
  }
  started = SteadyClock::now();
  const sc::ImportReport report = sc::importList(env, dbs, kind, parsed.entries, names);
  const double importSeconds = secondsSince(started);
  std::printf("import %-9s %9zu rows: generate+parse %5.1f s, import %5.1f s = %7.0f entries/s "
              "(%zu added)\n",
              sc::listName(kind), count, parseSeconds, importSeconds,
              static_cast<double>(count) / importSeconds, report.added);
  constexpr std::size_t kEvery = 16;  // about 60,000 notices kept to quote
  for (std::size_t i = 0; i < parsed.entries.size(); i += kEvery) {
    if (const auto* n = std::get_if<sc::Notice>(&parsed.entries[i])) {
      for (const auto& name : n->names) {
        samples.notices.push_back({name, n->dateOfBirth, n->nationality});
        const auto w = words(name);
        if (w.size() < 2) continue;
        samples.givenNames.push_back(w.front());
        samples.surnames.push_back(w.back());
      }
    } else if (const auto* d = std::get_if<sc::TravelDocumentEntry>(&parsed.entries[i])) {
      samples.documents.emplace_back(d->number, d->country);
    }
  }
  return count;
}

// ---- 2. Name search and screening latency.

struct Latencies {
  std::vector<double> micros;
  std::size_t found = 0;  // queries with at least one candidate (search) or match (screen)
  double cpuSeconds = -1;  // the thread's CPU time over all calls, when measured
  void print(const char* what) {
    std::sort(micros.begin(), micros.end());
    const auto at = [&](double q) {
      return micros[std::min(micros.size() - 1, static_cast<std::size_t>(q * micros.size()))];
    };
    double sum = 0;
    for (const double m : micros) sum += m;
    std::printf("  %-28s %6zu: mean %6.1f, p50 %6.1f, p99 %6.1f, max %7.1f us; %5.1f%% found\n",
                what, micros.size(), sum / static_cast<double>(micros.size()), at(0.50), at(0.99),
                micros.back(), 100.0 * static_cast<double>(found) / static_cast<double>(micros.size()));
    // CPU time is what a shared machine disturbs least: the figure to compare between builds.
    if (cpuSeconds >= 0) {
      std::printf("  %-28s         CPU %6.2f us a call\n", "",
                  cpuSeconds * 1e6 / static_cast<double>(micros.size()));
    }
  }
};

// A one-letter substitution in one token of at least 4 letters of the name's tokens.
std::string withTypo(Rng& rng, const std::vector<std::string>& tokens) {
  std::vector<std::string> t = tokens;
  std::vector<std::size_t> long4;
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i].size() >= 4) long4.push_back(i);
  }
  if (!long4.empty()) {
    std::string& token = t[rng.pick(long4)];
    const std::size_t at = 1 + rng.below(token.size() - 1);
    char c = token[at];
    while (c == token[at]) c = static_cast<char>('a' + rng.below(26));
    token[at] = c;
  }
  std::string out;
  for (const auto& x : t) out += (out.empty() ? "" : " ") + x;
  return out;
}

// "Petrović Marko" from "Marko Petrović": the surname first.
std::string swapped(const std::string& name) {
  auto w = words(name);
  if (w.size() < 2) return name;
  std::rotate(w.begin(), w.end() - 1, w.end());
  std::string out;
  for (const auto& x : w) out += (out.empty() ? "" : " ") + x;
  return out;
}

void searchLatency(const sc::Screener& screener, const Samples& samples, std::size_t queries) {
  Rng rng(kSeed + 10);
  std::array<Latencies, 4> by;  // exact, typo, swapped, not listed
  constexpr std::array kKinds = {"listed, as written", "listed, one-letter typo",
                                 "listed, surname first", "not listed"};
  Latencies all;
  for (std::size_t q = 0; q < queries; ++q) {
    const std::size_t kind = q % 4;
    std::string name;
    const Listed& l = rng.pick(samples.notices);
    switch (kind) {
      case 0: name = l.name; break;
      case 1: name = withTypo(rng, screener.normaliser().tokens(l.name)); break;
      case 2: name = swapped(l.name); break;
      default: name = unlistedName(rng, samples); break;
    }
    const auto started = SteadyClock::now();
    const auto found = screener.index().search(screener.normaliser().tokens(name),
                                               sc::kPossibleNameSimilarity, sc::kMaxMatches);
    const double us = secondsSince(started) * 1e6;
    by[kind].micros.push_back(us);
    all.micros.push_back(us);
    if (!found.empty()) {
      ++by[kind].found;
      ++all.found;
    }
  }
  std::printf("name search (tokenise + NameIndex::search, floor %.2f, limit %zu):\n",
              sc::kPossibleNameSimilarity, sc::kMaxMatches);
  for (std::size_t k = 0; k < by.size(); ++k) by[k].print(kKinds[k]);
  all.print("all queries");
}

void screenLatency(const lmdb::Env& env, const sc::Screener& screener, const Samples& samples,
                   std::size_t count, unsigned listedPercent, Mix mix) {
  Rng rng(kSeed + 20);
  lmdb::Txn txn(env, true);
  Latencies latencies;
  std::array<std::size_t, 3> levels{};
  std::vector<Sighting> sightings;
  sightings.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    sightings.push_back(subjectSighting(rng, samples, i, listedPercent, mix));
  }
  latencies.micros.reserve(count);
  const double cpu = threadCpuSeconds();
  for (const Sighting& s : sightings) {
    const auto started = SteadyClock::now();
    const ScreeningResult r = screener.screen(txn, s);
    latencies.micros.push_back(secondsSince(started) * 1e6);
    ++levels[static_cast<std::size_t>(r.level)];
    if (!r.matches.empty()) ++latencies.found;
  }
  latencies.cpuSeconds = threadCpuSeconds() - cpu;
  char what[64];
  if (mix == Mix::unmatched) {
    std::snprintf(what, sizeof what, "Screener::screen, unmatched");
  } else {
    std::snprintf(what, sizeof what, "Screener::screen, %u%% listed", listedPercent);
  }
  latencies.print(what);
  std::printf("  levels: %zu no hit, %zu possible hit, %zu hit\n", levels[0], levels[1],
              levels[2]);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t notices = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
  const int perAgent = argc > 2 ? std::atoi(argv[2]) : 500;
  const int agents = argc > 3 ? std::atoi(argv[3]) : 64;
  const int window = argc > 4 ? std::atoi(argv[4]) : 64;
  const int rounds = argc > 5 ? std::atoi(argv[5]) : 5;
  const std::size_t queries = argc > 6 ? std::strtoull(argv[6], nullptr, 10) : 20'000;
  const unsigned listedPercent = argc > 7 ? static_cast<unsigned>(std::atoi(argv[7])) : 1;
  if (notices == 0 || perAgent <= 0 || agents <= 0 || window <= 0 || rounds < 0 ||
      queries < 4 || listedPercent > 100) {
    std::cerr << "usage: bench_screening [notices>0] [per-agent>0] [agents>0] [window>0] "
                 "[rounds>=0, 0: search and screening only] [queries>=4] [listed-percent<=100]"
              << std::endl;
    return 2;
  }
  const std::size_t documents = notices / 5;
  const std::size_t vehicles = notices / 20;

  // ---- 1. Import into a template data dir, copied into each screening round's fresh dir.
  const auto templateDir = std::filesystem::temp_directory_path() /
                           ("fieldops-bench-watchlists-" + std::to_string(::getpid()));
  std::filesystem::remove_all(templateDir);
  std::filesystem::create_directories(templateDir);
  Samples samples;
  {
    lmdb::Env env(templateDir.string(), kMapBytes, kMaxDbs);
    sc::WatchlistDbs dbs;
    {
      lmdb::Txn txn(env, false);
      dbs = sc::WatchlistDbs::open(txn, true);
      txn.commit();
    }
    const sc::NameNormaliser names;
    const auto started = SteadyClock::now();
    std::size_t total = importGenerated(env, dbs, names, sc::ListKind::notices, notices, samples);
    total += importGenerated(env, dbs, names, sc::ListKind::documents, documents, samples);
    total += importGenerated(env, dbs, names, sc::ListKind::vehicles, vehicles, samples);
    std::printf("watchlists: %zu entries in %.1f s (generate, parse, import), data file %.0f MiB\n",
                total, secondsSince(started),
                static_cast<double>(std::filesystem::file_size(templateDir / "data.mdb")) /
                    (1 << 20));

    // ---- 2. Latency of name search and screening.
    const auto building = SteadyClock::now();
    const sc::Screener screener(env);
    std::printf("name index: %zu names, %zu tokens, built in %.1f s\n", screener.index().names(),
                screener.index().tokens(), secondsSince(building));
    searchLatency(screener, samples, queries);
    std::printf("screening of a sighting (name, date of birth, passport number and country):\n");
    screenLatency(env, screener, samples, queries, listedPercent, Mix::realistic);
    screenLatency(env, screener, samples, queries / 4, 100, Mix::realistic);
    screenLatency(env, screener, samples, queries * 5, 0, Mix::unmatched);
  }
  if (rounds == 0) {
    std::filesystem::remove_all(templateDir);
    return 0;
  }

  // ---- 3. Ingest without and with the watchlists, the same sightings in both: the realistic
  // mix (the target), and sightings that never match (screening alone, no alerts).
  struct Run {
    const char* name;
    Mix mix;
    std::vector<std::vector<std::string>> frames;
    std::vector<double> plain, screened, ratios, plainCpu, screenedCpu;
  };
  std::array<Run, 2> runs{Run{"realistic", Mix::realistic, {}, {}, {}, {}, {}, {}},
                          Run{"unmatched", Mix::unmatched, {}, {}, {}, {}, {}, {}}};
  for (auto& run : runs) {
    Rng rng(kSeed + 30);
    std::size_t smallest = SIZE_MAX, largest = 0;
    run.frames.resize(agents);
    for (int a = 0; a < agents; ++a) {
      for (int n = 0; n < perAgent; ++n) {
        const auto id = static_cast<std::uint64_t>(a) * 1000000 + static_cast<std::uint64_t>(n);
        run.frames[a].push_back(
            padTo(subjectSighting(rng, samples, id, listedPercent, run.mix), kFrameBytes));
        smallest = std::min(smallest, run.frames[a].back().size());
        largest = std::max(largest, run.frames[a].back().size());
      }
    }
    std::printf("ingest, %s sightings: agents %d, %d sightings each, window %d, frames %zu-%zu "
                "bytes\n",
                run.name, agents, perAgent, window, smallest, largest);
  }
  std::printf("%d rounds; realistic: %u%% of the names and 0.5%% of the documents listed\n",
              rounds, listedPercent);
  double startSeconds = 0, plainCpu = 0, screenedCpu = 0;
  IngestSetup without;
  without.loopCpuSeconds = &plainCpu;
  IngestSetup withLists;
  withLists.startSeconds = &startSeconds;
  withLists.loopCpuSeconds = &screenedCpu;
  withLists.prepare = [&](const std::filesystem::path& dir) {
    // Copied, then synced before the clock starts: otherwise the first commits' fdatasync would
    // write out hundreds of megabytes of the copy, which a running coordinator never has to.
    std::filesystem::copy_file(templateDir / "data.mdb", dir / "data.mdb");
    const int fd = ::open((dir / "data.mdb").c_str(), O_RDONLY);
    if (fd < 0 || ::fsync(fd) != 0) {
      std::cerr << "bench: cannot sync the copied watchlists" << std::endl;
      std::exit(1);
    }
    ::close(fd);
  };
  const std::size_t entries = notices + documents + vehicles;
  for (int r = 0; r < rounds; ++r) {
    for (auto& run : runs) {
      const Result plain = durableIngest(run.frames, window, without);
      const Result screened = durableIngest(run.frames, window, withLists);
      const double sightings = static_cast<double>(plain.messages);
      run.plain.push_back(plain.perSecond);
      run.screened.push_back(screened.perSecond);
      run.ratios.push_back(screened.perSecond / plain.perSecond);
      run.plainCpu.push_back(plainCpu / sightings * 1e6);
      run.screenedCpu.push_back(screenedCpu / sightings * 1e6);
      std::printf("round %d, %-9s: no watchlists %7.0f msg/s, %zu entries %7.0f msg/s, ratio "
                  "%.2f; coordinator loop CPU %.1f / %.1f us a sighting; start %.1f s\n",
                  r + 1, run.name, plain.perSecond, entries, screened.perSecond,
                  run.ratios.back(), run.plainCpu.back(), run.screenedCpu.back(), startSeconds);
    }
  }
  std::filesystem::remove_all(templateDir);
  for (const auto& run : runs) {
    std::printf("median, %-9s: no watchlists %7.0f msg/s, with %7.0f msg/s, ratio %.2f "
                "(%.2f-%.2f)%s; loop CPU %.1f / %.1f us a sighting\n",
                run.name, median(run.plain), median(run.screened), median(run.ratios),
                *std::min_element(run.ratios.begin(), run.ratios.end()),
                *std::max_element(run.ratios.begin(), run.ratios.end()),
                run.mix == Mix::realistic ? " (target >= 0.80)" : "", median(run.plainCpu),
                median(run.screenedCpu));
  }
  return 0;
}
