#include "server/decision_log.h"

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <unistd.h>

#include <chrono>

#include "doc/json_escape.h"

namespace bulwark::server {
namespace {

void field(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":";
  doc::append_json_string(out, value);
}

std::string timestamp() {
  const auto now = std::chrono::system_clock::now();
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  return fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:03}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(now)),
                     ms);
}

}  // namespace

std::string decision_log_line(const AdmissionRequest& request, const Decision& decision, double latency_ms) {
  std::string out = "{\"time\":\"" + timestamp() + "\"";
  field(out, "uid", request.uid);
  field(out, "kind", request.kind);
  field(out, "namespace", request.namespace_name);
  field(out, "name", request.name);
  field(out, "operation", request.operation);
  field(out, "user", request.username);
  out += fmt::format(",\"dryRun\":{}", request.dry_run);
  field(out, "decision", to_string(decision.outcome));
  out += fmt::format(",\"allowed\":{}", decision.response.allowed);
  if (!decision.skip_reason.empty()) field(out, "reason", decision.skip_reason);
  out += ",\"rules\":[";
  for (std::size_t i = 0; i < decision.rule_ids.size(); ++i) {
    if (i) out += ',';
    doc::append_json_string(out, decision.rule_ids[i]);
  }
  out += fmt::format("],\"warnings\":{},\"latencyMs\":{:.3f}}}\n", decision.response.warnings.size(),
                     latency_ms);
  return out;
}

std::string error_log_line(std::string_view uid, int http_status, std::string_view message,
                           double latency_ms) {
  std::string out = "{\"time\":\"" + timestamp() + "\"";
  field(out, "uid", uid);
  field(out, "decision", "error");
  out += fmt::format(",\"code\":{}", http_status);
  field(out, "message", message);
  out += fmt::format(",\"latencyMs\":{:.3f}}}\n", latency_ms);
  return out;
}

void DecisionLog::write(std::string line) const {
  if (!enabled_) return;
  std::string_view rest = line;
  while (!rest.empty()) {
    const ssize_t n = ::write(fd_, rest.data(), rest.size());
    if (n <= 0) return;  // a closed log must never stop admission
    rest.remove_prefix(static_cast<std::size_t>(n));
  }
}

}  // namespace bulwark::server
