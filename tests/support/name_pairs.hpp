// The labelled name pairs of tests/data/names/pairs.tsv (made by make_pairs.py there), read for
// the screening evaluation (test_name_evaluation) and the name index's proof (test_name_index).
#pragma once

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fieldops::test {

struct NamePair {
  int id = 0;
  std::string family;    // south-slavic, east-slavic, arabic, maghreb, persian, ...
  std::string relation;  // same | different
  std::string dob;       // agree | partial | missing | differ
  std::string kind;      // convention, typo, mrz, sibling, namesake, ...
  std::string conventionA, nameA, dobA;
  std::string conventionB, nameB, dobB;
};

inline std::vector<NamePair> readNamePairs(const std::string& path) {
  std::ifstream in(path);
  BOOST_REQUIRE_MESSAGE(in, "cannot read " << path);
  std::vector<NamePair> pairs;
  std::string line;
  bool header = true;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    if (header) {
      header = false;
      continue;
    }
    std::vector<std::string> f;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, '\t');) f.push_back(cell);
    if (f.size() == 10) f.emplace_back();  // an empty last date of birth
    BOOST_REQUIRE_MESSAGE(f.size() == 11, path << ": malformed line: " << line);
    pairs.push_back({std::stoi(f[0]), f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10]});
  }
  return pairs;
}

}  // namespace fieldops::test
