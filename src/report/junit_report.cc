#include "report/junit_report.h"

#include <fmt/format.h>

#include <map>
#include <vector>

namespace bulwark::report {
namespace {

struct Case {
  std::string classname;
  std::string name;
  std::string file;
  uint32_t line = 0;
  std::string kind;  // "failure" or "error"
  std::string type;
  std::string message;
  std::string body;
};

struct Suite {
  std::string name;
  std::vector<Case> cases;
};

}  // namespace

std::string xml_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 forbids most control characters even as references; keep tab and newlines.
        if (c < 0x20 && ch != '\t' && ch != '\n' && ch != '\r')
          out += "\xEF\xBF\xBD";
        else
          out += ch;
    }
  }
  return out;
}

std::string render_junit(const engine::ScanResult& result) {
  std::vector<Suite> suites;
  std::map<std::string, std::size_t> suite_of;
  auto suite = [&](const std::string& file) -> Suite& {
    auto [it, added] = suite_of.emplace(file, suites.size());
    if (added) suites.push_back(Suite{file, {}});
    return suites[it->second];
  };
  std::map<std::pair<std::string, std::string>, std::size_t> case_of;  // (file\x1fobject, rule) → index
  for (const auto& e : result.load_errors) {
    suite(e.file).cases.push_back(
        Case{"load", "load error", e.file, e.position.line, "error", "LoadError", e.message,
             fmt::format("{}:{}:{}: {}", e.file, e.position.line, e.position.column, e.message)});
  }
  for (const auto& f : result.findings) {
    Suite& s = suite(f.location.file);
    const std::string classname = f.object.empty() ? f.location.file : f.object;
    auto key = std::make_pair(f.location.file + '\x1f' + classname, std::string(f.rule->id));
    auto [it, added] = case_of.emplace(key, s.cases.size());
    const auto& b = f.location.range.begin;
    const std::string line =
        fmt::format("{}:{}:{}: {} {}{}", f.location.file, b.line, b.column, rules::to_string(f.severity),
                    f.message, f.field_path.empty() ? "" : " (" + f.field_path + ")");
    if (added) {
      s.cases.push_back(Case{classname, std::string(f.rule->id), f.location.file, b.line, "failure",
                             std::string(rules::to_string(f.severity)), f.message, line});
      s.cases.back().body += fmt::format("\n\nwhy: {}\nfix:\n{}", f.rule->why, f.rule->fix);
    } else {
      Case& c = s.cases[it->second];
      c.body.insert(c.body.find("\n\nwhy: "), "\n" + line);
      c.message = fmt::format("{} (and more)", c.message.substr(0, c.message.find(" (and more)")));
      if (rules::parse_severity(c.type) < f.severity) c.type = std::string(rules::to_string(f.severity));
    }
  }
  if (suites.empty())
    suites.push_back(Suite{"bulwark", {Case{"bulwark", "no findings", "", 0, "", "", "", ""}}});

  std::size_t tests = 0, failures = 0, errors = 0;
  for (const Suite& s : suites)
    for (const Case& c : s.cases) {
      ++tests;
      failures += c.kind == "failure";
      errors += c.kind == "error";
    }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format(
      "<testsuites name=\"bulwark\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{:.3f}\">\n", tests,
      failures, errors, result.stats.seconds);
  for (std::size_t i = 0; i < suites.size(); ++i) {
    const Suite& s = suites[i];
    std::size_t f = 0, e = 0;
    for (const Case& c : s.cases) {
      f += c.kind == "failure";
      e += c.kind == "error";
    }
    out += fmt::format(
        "  <testsuite name=\"{}\" id=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" "
        "time=\"0\">\n",
        xml_escape(s.name), i, s.cases.size(), f, e);
    for (const Case& c : s.cases) {
      out += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml_escape(c.classname),
                         xml_escape(c.name));
      if (!c.file.empty()) out += fmt::format(" file=\"{}\"", xml_escape(c.file));
      if (c.line) out += fmt::format(" line=\"{}\"", c.line);
      out += " time=\"0\"";
      if (c.kind.empty()) {
        out += "/>\n";
        continue;
      }
      out += fmt::format(">\n      <{} message=\"{}\" type=\"{}\">{}</{}>\n    </testcase>\n", c.kind,
                         xml_escape(c.message), xml_escape(c.type), xml_escape(c.body), c.kind);
    }
    out += "  </testsuite>\n";
  }
  out += "</testsuites>\n";
  return out;
}

}  // namespace bulwark::report
