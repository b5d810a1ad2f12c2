#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace bulwark::server::testing {

/// ../shared/corpus/psa: the Kubernetes Pod Security Admission fixtures.
std::filesystem::path psa_corpus_dir();

/// One row of the corpus's expectations.tsv (path, level, version, expected, check) with the
/// fixture's pod as compact JSON.
struct PsaFixtureRow {
  std::string path, level, version, expected, check;
  std::string pod_json;
};

/// Every row whose fixture loads to an object, in file order.
std::vector<PsaFixtureRow> read_psa_fixture_rows();

}  // namespace bulwark::server::testing
