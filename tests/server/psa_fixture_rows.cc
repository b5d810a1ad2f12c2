#include "psa_fixture_rows.h"

#include <fstream>
#include <sstream>

#include "doc/node.h"
#include "doc/yaml_loader.h"

namespace bulwark::server::testing {

std::filesystem::path psa_corpus_dir() {
  return std::filesystem::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / "psa";
}

std::vector<PsaFixtureRow> read_psa_fixture_rows() {
  std::vector<PsaFixtureRow> out;
  std::ifstream tsv(psa_corpus_dir() / "expectations.tsv");
  std::string line;
  std::getline(tsv, line);  // the header
  while (std::getline(tsv, line)) {
    std::istringstream fields(line);
    PsaFixtureRow row;
    std::getline(fields, row.path, '\t');
    std::getline(fields, row.level, '\t');
    std::getline(fields, row.version, '\t');
    std::getline(fields, row.expected, '\t');
    std::getline(fields, row.check, '\t');
    if (row.path.empty()) continue;
    std::ifstream in(psa_corpus_dir() / row.path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto docs = doc::load_yaml_chunk(row.path, text.str(), 1, 0, doc::LoadLimits{});
    if (docs.empty() || !docs.front() || !docs.front()->root()) continue;
    row.pod_json = doc::to_json(*docs.front()->root());
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace bulwark::server::testing
