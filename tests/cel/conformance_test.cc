// Runs the cel-spec conformance tests (../shared/corpus/cel/conformance.json) for the files relevant to
// the Kubernetes CEL environment. Prints passed/failed/skipped per file and in total, the explicit skip
// list with reasons, and fails when a file drops below its recorded bar.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "cel/program.h"
#include "cel/time.h"

namespace bulwark::cel {
namespace {

const char* const kCorpus = "../shared/corpus/cel/conformance.json";

// Minimum passing tests per file: the level reached when this bar was recorded, so regressions fail.
const std::map<std::string, int> kBars = {
    {"basic", 43},        {"comparisons", 334}, {"conversions", 109}, {"fields", 60},  {"fp_math", 30},
    {"integer_math", 64}, {"lists", 39},        {"logic", 30},        {"macros", 44},  {"macros2", 46},
    {"namespace", 3},     {"optionals", 59},    {"parse", 193},       {"plumbing", 5}, {"string", 51},
    {"string_ext", 206},  {"timestamps", 76},
};

// Whole files outside the Kubernetes CEL environment (protobuf messages/enums or libraries Kubernetes
// does not load), as the corpus README allows.
const std::map<std::string, std::string> kSkippedFiles = {
    {"dynamic", "protobuf message/wrapper types (google.protobuf.Any, Struct, Value)"},
    {"enums", "protobuf enums"},
    {"proto2", "protobuf messages"},
    {"proto2_ext", "protobuf extensions"},
    {"proto3", "protobuf messages"},
    {"wrappers", "protobuf wrapper types"},
    {"math_ext", "cel-go math extension, not in the Kubernetes environment"},
    {"encoders_ext", "cel-go encoders extension, not in the Kubernetes environment"},
    {"block_ext", "cel.block, not in the Kubernetes environment"},
    {"bindings_ext", "cel.bind, not in the Kubernetes environment"},
    {"type_deductions", "type-checker output only (no evaluation)"},
    {"unknowns", "partial evaluation with unknowns, which Kubernetes does not use"},
};

// Individual tests skipped with the reason.
const std::map<std::string, std::string> kSkippedTests = {};

simdjson::dom::array array_of(simdjson::dom::element e) {
  simdjson::dom::array a;
  if (e.get_array().get(a) != simdjson::SUCCESS) return {};
  return a;
}

simdjson::dom::object object_of(simdjson::dom::element e) {
  simdjson::dom::object o;
  if (e.get_object().get(o) != simdjson::SUCCESS) return {};
  return o;
}

struct Decoded {
  bool ok = true;
  std::string why;
  Value value;
};

std::string base64_decode(std::string_view in) {
  static const std::string chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  int val = 0, bits = -8;
  for (char c : in) {
    auto pos = chars.find(c);
    if (pos == std::string::npos) continue;
    val = (val << 6) + static_cast<int>(pos);
    bits += 6;
    if (bits >= 0) {
      out += static_cast<char>((val >> bits) & 0xFF);
      bits -= 8;
    }
  }
  return out;
}

double json_double(simdjson::dom::element e) {
  if (e.is_string()) {
    std::string_view s = e.get_string().value();
    if (s == "NaN") return std::nan("");
    if (s == "Infinity") return INFINITY;
    if (s == "-Infinity") return -INFINITY;
    return std::strtod(std::string(s).c_str(), nullptr);
  }
  return e.get_double().value();
}

// Decodes a cel.expr.Value in proto3 JSON.
Decoded decode(simdjson::dom::element v) {
  simdjson::dom::object o = object_of(v);
  for (auto field : o) {
    std::string_view k = field.key;
    simdjson::dom::element x = field.value;
    if (k == "nullValue") return {true, "", Value::null()};
    if (k == "boolValue") return {true, "", Value::boolean(x.get_bool().value())};
    if (k == "int64Value") {
      std::int64_t i = x.is_string() ? std::strtoll(std::string(x.get_string().value()).c_str(), nullptr, 10)
                                     : x.get_int64().value();
      return {true, "", Value::integer(i)};
    }
    if (k == "uint64Value") {
      std::uint64_t u = x.is_string()
                            ? std::strtoull(std::string(x.get_string().value()).c_str(), nullptr, 10)
                            : x.get_uint64().value();
      return {true, "", Value::uinteger(u)};
    }
    if (k == "doubleValue") return {true, "", Value::dbl(json_double(x))};
    if (k == "stringValue") return {true, "", Value::string(std::string(x.get_string().value()))};
    if (k == "bytesValue") return {true, "", Value::bytes(base64_decode(x.get_string().value()))};
    if (k == "typeValue") {
      static std::vector<std::unique_ptr<std::string>> names;  // type values borrow their name
      names.push_back(std::make_unique<std::string>(x.get_string().value()));
      return {true, "", Value::type(*names.back())};
    }
    if (k == "listValue") {
      std::vector<Value> items;
      simdjson::dom::element values;
      if (x["values"].get(values) == simdjson::SUCCESS) {
        for (simdjson::dom::element e : array_of(values)) {
          Decoded d = decode(e);
          if (!d.ok) return d;
          items.push_back(d.value);
        }
      }
      return {true, "", Value::list(std::move(items))};
    }
    if (k == "mapValue") {
      std::vector<std::pair<Value, Value>> entries;
      simdjson::dom::element es;
      if (x["entries"].get(es) == simdjson::SUCCESS) {
        for (simdjson::dom::element e : array_of(es)) {
          Decoded dk = decode(e["key"].value());
          Decoded dv = decode(e["value"].value());
          if (!dk.ok) return dk;
          if (!dv.ok) return dv;
          entries.emplace_back(dk.value, dv.value);
        }
      }
      return {true, "", Value::map(std::move(entries))};
    }
    if (k == "objectValue") {
      std::string_view type = x["@type"].get_string().value();
      if (type == "type.googleapis.com/google.protobuf.Duration") {
        auto d = parse_duration(x["value"].get_string().value());
        if (d) return {true, "", Value::duration(d->seconds, d->nanos)};
      }
      if (type == "type.googleapis.com/google.protobuf.Timestamp") {
        auto t = parse_timestamp(x["value"].get_string().value());
        if (t) return {true, "", Value::timestamp(t->seconds, t->nanos)};
      }
      return {false, "protobuf message value " + std::string(type), {}};
    }
    return {false, "unsupported value field " + std::string(k), {}};
  }
  return {false, "empty value", {}};
}

// Exact equality for expectations: same kind and equal (NaN equals NaN here).
bool same(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return false;
  if (a.kind() == Kind::Double && std::isnan(a.as_double())) return std::isnan(b.as_double());
  if (a.kind() == Kind::List) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (!same(a.element(i), b.element(i))) return false;
    }
    return true;
  }
  if (a.kind() == Kind::Map) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      Value other;
      if (!b.find(a.key_at(i), other) || !same(a.value_at(i), other)) return false;
    }
    return true;
  }
  return equals(a, b);
}

// proto3 JSON writes integral doubles as integers, some beyond uint64 (18446744073709552000) which
// simdjson rejects; make every doubleValue number a floating-point literal.
simdjson::padded_string load_corpus() {
  simdjson::padded_string raw = simdjson::padded_string::load(kCorpus).value();
  std::string text(raw.data(), raw.size());
  std::string out;
  out.reserve(text.size() + 1024);
  const std::string key = "\"doubleValue\":";
  std::size_t pos = 0;
  while (true) {
    std::size_t at = text.find(key, pos);
    if (at == std::string::npos) break;
    std::size_t p = at + key.size();
    while (p < text.size() && text[p] == ' ') ++p;
    std::size_t q = p;
    if (q < text.size() && text[q] == '-') ++q;
    std::size_t digits_start = q;
    while (q < text.size() && std::isdigit(static_cast<unsigned char>(text[q]))) ++q;
    out.append(text, pos, q - pos);
    if (q > digits_start && q < text.size() && text[q] != '.' && text[q] != 'e' && text[q] != 'E')
      out += ".0";
    pos = q;
  }
  out.append(text, pos, std::string::npos);
  return simdjson::padded_string(out);
}

struct Counts {
  int passed = 0, failed = 0, skipped = 0;
};

enum class Outcome { Pass, Fail, Skip };

Outcome run_test(simdjson::dom::element t, std::string& detail) {
  simdjson::dom::object o = object_of(t["original"].value());
  std::string_view expr = o["expr"].get_string().value();
  for (const char* unsupported : {"unknown", "anyUnknowns", "checkOnly"}) {
    simdjson::dom::element x;
    if (o[unsupported].get(x) == simdjson::SUCCESS) {
      detail = std::string("expectation '") + unsupported + "' (partial evaluation/type-check only)";
      return Outcome::Skip;
    }
  }
  simdjson::dom::element dm;
  if (o["disableMacros"].get(dm) == simdjson::SUCCESS && dm.get_bool().value()) {
    detail = "disableMacros parser option";
    return Outcome::Skip;
  }
  Environment env;
  env.set_cost_limit(0);
  env.set_homogeneous_literals(false);
  std::string_view container;
  if (o["container"].get(container) == simdjson::SUCCESS) env.set_container(std::string(container));
  simdjson::dom::element type_env;
  if (o["typeEnv"].get(type_env) == simdjson::SUCCESS) {
    for (simdjson::dom::element d : array_of(type_env)) {
      simdjson::dom::element ident;
      if (d["ident"].get(ident) == simdjson::SUCCESS) {
        std::string tj(simdjson::to_string(ident));
        bool well_known = tj.find("google.protobuf.Duration") != std::string::npos ||
                          tj.find("google.protobuf.Timestamp") != std::string::npos;
        if (tj.find("messageType") != std::string::npos && !well_known) {
          detail = "protobuf message variable";
          return Outcome::Skip;
        }
        env.declare(std::string(d["name"].get_string().value()));
      }
    }
  }
  std::vector<std::pair<std::string, Value>> bound;
  simdjson::dom::element bindings;
  if (o["bindings"].get(bindings) == simdjson::SUCCESS) {
    for (auto b : object_of(bindings)) {
      simdjson::dom::element value;
      if (b.value["value"].get(value) != simdjson::SUCCESS) {
        detail = "non-value binding";
        return Outcome::Skip;
      }
      Decoded d = decode(value);
      if (!d.ok) {
        detail = d.why;
        return Outcome::Skip;
      }
      env.declare(std::string(b.key));
      bound.emplace_back(std::string(b.key), d.value);
    }
  }
  // Expected outcome.
  bool expect_error = false;
  Value expected;
  simdjson::dom::element x;
  if (o["value"].get(x) == simdjson::SUCCESS) {
    Decoded d = decode(x);
    if (!d.ok) {
      detail = d.why;
      return Outcome::Skip;
    }
    expected = d.value;
  } else if (o["typedResult"].get(x) == simdjson::SUCCESS) {
    Decoded d = decode(x["result"].value());
    if (!d.ok) {
      detail = d.why;
      return Outcome::Skip;
    }
    expected = d.value;
  } else if (o["evalError"].get(x) == simdjson::SUCCESS) {
    expect_error = true;
  } else {
    // No expectation given means the expression evaluates to true.
    expected = Value::boolean(true);
  }

  simdjson::dom::element dc;
  if (o["disableCheck"].get(dc) == simdjson::SUCCESS && dc.get_bool().value()) env.set_unchecked(true);
  auto program = compile(expr, env);
  if (!program && program.error().message.find("message types are not supported") != std::string::npos) {
    detail = "protobuf message construction";
    return Outcome::Skip;
  }
  if (!program) {
    if (expect_error) return Outcome::Pass;
    detail = "compile error " + std::to_string(program.error().line) + ":" +
             std::to_string(program.error().col) + ": " + program.error().message;
    return Outcome::Fail;
  }
  Activation act(env);
  for (auto& [name, value] : bound) act.set(name, value);
  Value result = program->evaluate(act);
  if (expect_error) {
    if (result.is_error()) return Outcome::Pass;
    detail = "expected an error, got " + debug_string(result);
    return Outcome::Fail;
  }
  if (same(result, expected)) return Outcome::Pass;
  detail = "expected " + debug_string(expected) + ", got " + debug_string(result);
  return Outcome::Fail;
}

TEST(CelConformance, CelSpecSimpleTests) {
  if (!std::filesystem::exists(kCorpus)) GTEST_SKIP() << "CEL conformance corpus absent: " << kCorpus;
  simdjson::dom::parser parser;
  simdjson::dom::element root = parser.parse(load_corpus()).value();
  bool verbose = std::getenv("CEL_CONFORMANCE_VERBOSE") != nullptr;
  Counts total;
  std::map<std::string, Counts> per_file;
  std::map<std::string, int> skip_reasons;
  std::printf("%-14s %7s %7s %7s\n", "file", "passed", "failed", "skipped");
  for (simdjson::dom::element file : array_of(root["suites"])) {
    std::string name(file["name"].get_string().value());
    Counts c;
    bool whole_skip = kSkippedFiles.contains(name);
    simdjson::dom::element sections_element;
    if (file["suites"].get(sections_element) != simdjson::SUCCESS) {
      std::printf("%-14s %7d %7d %7d  (no tests in the corpus)\n", name.c_str(), 0, 0, 0);
      continue;
    }
    for (simdjson::dom::element section : array_of(sections_element)) {
      std::string_view section_name = section["name"].get_string().value();
      for (simdjson::dom::element t : array_of(section["tests"])) {
        std::string_view test_name_view;
        if (t["original"]["name"].get(test_name_view) != simdjson::SUCCESS) test_name_view = "?";
        std::string test_name(test_name_view);
        std::string full = name + "/" + std::string(section_name) + "/" + test_name;
        if (whole_skip) {
          ++c.skipped;
          continue;
        }
        if (auto it = kSkippedTests.find(full); it != kSkippedTests.end()) {
          ++c.skipped;
          if (verbose) std::printf("  SKIP %s: %s\n", full.c_str(), it->second.c_str());
          continue;
        }
        std::string detail;
        switch (run_test(t, detail)) {
          case Outcome::Pass:
            ++c.passed;
            break;
          case Outcome::Fail:
            ++c.failed;
            if (verbose) {
              std::printf("  FAIL %s: %s\n    %s\n", full.c_str(),
                          std::string(t["original"]["expr"].get_string().value()).c_str(), detail.c_str());
            }
            break;
          case Outcome::Skip:
            ++c.skipped;
            ++skip_reasons[name + ": " + detail];
            if (verbose) std::printf("  SKIP %s: %s\n", full.c_str(), detail.c_str());
            break;
        }
      }
    }
    per_file[name] = c;
    std::printf("%-14s %7d %7d %7d%s\n", name.c_str(), c.passed, c.failed, c.skipped,
                whole_skip ? ("  (skipped: " + kSkippedFiles.at(name) + ")").c_str() : "");
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
  }
  std::printf("%-14s %7d %7d %7d\n", "total", total.passed, total.failed, total.skipped);
  std::printf("tests skipped inside relevant files, by reason (Kubernetes CEL has no protobuf messages):\n");
  for (const auto& [reason, count] : skip_reasons) std::printf("  %4d  %s\n", count, reason.c_str());
  std::printf("explicitly skipped tests: %zu\n", kSkippedTests.size());
  for (const auto& [test, why] : kSkippedTests) std::printf("  %s: %s\n", test.c_str(), why.c_str());
  for (const auto& [file, bar] : kBars) {
    EXPECT_GE(per_file[file].passed, bar) << "conformance regression in " << file;
    EXPECT_EQ(per_file[file].failed, 0) << "conformance failures in " << file;
  }
}

}  // namespace
}  // namespace bulwark::cel
