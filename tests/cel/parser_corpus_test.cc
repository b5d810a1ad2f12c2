// Parser against the cel-spec parser corpus (../shared/corpus/cel/parsing.json, comprehension.json):
// expressions with an AST must parse; syntax errors must be reported at the same line:col as cel-go's
// first error.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "cel/parser.h"

namespace bulwark::cel {
namespace {

struct Tally {
  int passed = 0, failed = 0, skipped = 0;
};

// Parses "ERROR: <src>:L:C: message" into L, C and message.
bool first_error(std::string_view text, int& line, int& col, std::string& message) {
  auto colon = text.find(':', 7);  // after "ERROR: " and the source name
  if (colon == std::string_view::npos) return false;
  std::string rest(text.substr(colon + 1));
  if (std::sscanf(rest.c_str(), "%d:%d:", &line, &col) != 2) return false;
  auto msg = rest.find(": ");
  auto nl = rest.find('\n');
  message = rest.substr(msg + 2, nl == std::string::npos ? std::string::npos : nl - msg - 2);
  return true;
}

Tally run_corpus(const char* path, bool verbose) {
  Tally t;
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  EXPECT_EQ(parser.load(path).get(root), simdjson::SUCCESS);
  simdjson::dom::array tests;
  EXPECT_EQ(root["tests"].get(tests), simdjson::SUCCESS);
  for (simdjson::dom::element test : tests) {
    std::string_view expr = test["original"]["expr"].get_string().value();
    std::string_view error_text;
    bool has_error = test["error"].get(error_text) == simdjson::SUCCESS;
    simdjson::dom::element ast;
    bool has_ast = test["ast"].get(ast) == simdjson::SUCCESS;
    // Errors printed with "<input>" come from cel-go's type checker, after a successful parse.
    bool parse_error = has_error && !has_ast && !error_text.starts_with("ERROR: <input>");
    auto result = parse(expr);
    if (parse_error) {
      int line = 0, col = 0;
      std::string message;
      if (!first_error(error_text, line, col, message)) {
        ++t.skipped;
        continue;
      }
      if (line < 1 || message.find("unsupported syntax") != std::string::npos) {
        // Recursion limits set by cel-go's test options, and syntax (optionals, backquoted fields)
        // that cel-go's test disabled but the Kubernetes environment enables.
        ++t.skipped;
        continue;
      }
      if (!result && result.error().line == line && result.error().col == col) {
        ++t.passed;
      } else {
        ++t.failed;
        if (verbose) {
          std::printf("  FAIL %s\n    expected error at %d:%d (%s), got %s\n", std::string(expr).c_str(),
                      line, col, message.c_str(),
                      result ? "success"
                             : (std::to_string(result.error().line) + ":" +
                                std::to_string(result.error().col) + " " + result.error().message)
                                   .c_str());
        }
      }
      continue;
    }
    // comprehension.json was produced without the two-variable macros (cel-go reports "undeclared
    // reference to 'all'"); with the macros enabled, as here, the macro's argument checks apply.
    bool macro_argument_error =
        !result && (result.error().message == "argument must be a simple name" ||
                    result.error().message == "iteration variable overwrites accumulator variable");
    if (result ||
        (macro_argument_error && error_text.find("undeclared reference to '") != std::string_view::npos)) {
      ++t.passed;
    } else {
      ++t.failed;
      if (verbose) {
        std::printf("  FAIL %s\n    unexpected error %d:%d %s\n", std::string(expr).c_str(),
                    result.error().line, result.error().col, result.error().message.c_str());
      }
    }
  }
  return t;
}

TEST(CelParserCorpus, ParsingAndComprehensionFiles) {
  const char* files[] = {"../shared/corpus/cel/parsing.json", "../shared/corpus/cel/comprehension.json"};
  if (!std::filesystem::exists(files[0])) GTEST_SKIP() << "CEL parser corpus absent: " << files[0];
  bool verbose = std::getenv("CEL_CONFORMANCE_VERBOSE") != nullptr;
  for (const char* f : files) {
    Tally t = run_corpus(f, verbose);
    std::printf("%-45s passed %d failed %d skipped %d\n", f, t.passed, t.failed, t.skipped);
    EXPECT_EQ(t.failed, 0) << f;
  }
}

}  // namespace
}  // namespace bulwark::cel
