#include "server/metrics.h"

#include <fmt/format.h>

namespace bulwark::server {
namespace {

constexpr std::array<std::string_view, 5> kWatchEventTypes{"ADDED", "MODIFIED", "DELETED", "BOOKMARK",
                                                           "ERROR"};

}  // namespace

void Metrics::record_request(std::string_view endpoint, std::string_view decision, int code, double seconds) {
  std::size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;
  std::lock_guard lock(mutex_);
  // Lookups by view: the hot path allocates only the first time a label set is seen.
  const std::tuple<std::string_view, std::string_view, int> key{endpoint, decision, code};
  auto request = requests_.find(key);
  if (request == requests_.end())
    request = requests_.emplace(std::tuple{std::string(endpoint), std::string(decision), code}, 0).first;
  ++request->second;
  auto it = latency_buckets_.find(endpoint);
  if (it == latency_buckets_.end())
    it = latency_buckets_.emplace(std::string(endpoint), decltype(it->second){}).first;
  ++it->second[bucket];
  auto sc = latency_sum_count_.find(endpoint);
  if (sc == latency_sum_count_.end())
    sc = latency_sum_count_.emplace(std::string(endpoint), std::pair{0.0, 0}).first;
  sc->second.first += seconds;
  ++sc->second.second;
}

void Metrics::certificate_loaded(int64_t not_after_unix, bool ok) {
  if (ok) {
    cert_not_after_.store(not_after_unix);
    cert_reloads_.fetch_add(1);
  } else {
    cert_reload_errors_.fetch_add(1);
  }
}

void Metrics::namespaces_loaded(std::size_t count, double seconds, bool ok) {
  if (ok) {
    namespaces_.store(count);
    namespace_load_seconds_.store(seconds);
  } else {
    namespace_load_errors_.fetch_add(1);
  }
}

std::string Metrics::render() const {
  std::string out;
  out.reserve(4096);
  out +=
      "# HELP bulwark_admission_requests_total Requests answered, by endpoint, decision and HTTP status "
      "code.\n"
      "# TYPE bulwark_admission_requests_total counter\n";
  std::lock_guard lock(mutex_);
  for (const auto& [key, count] : requests_) {
    const auto& [endpoint, decision, code] = key;
    out += fmt::format("bulwark_admission_requests_total{{endpoint=\"{}\",decision=\"{}\",code=\"{}\"}} {}\n",
                       endpoint, decision, code, count);
  }
  out +=
      "# HELP bulwark_request_duration_seconds Time from a complete request to its answer.\n"
      "# TYPE bulwark_request_duration_seconds histogram\n";
  for (const auto& [endpoint, buckets] : latency_buckets_) {
    uint64_t cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
      cumulative += buckets[i];
      out += fmt::format("bulwark_request_duration_seconds_bucket{{endpoint=\"{}\",le=\"{}\"}} {}\n",
                         endpoint, kLatencyBuckets[i], cumulative);
    }
    cumulative += buckets.back();
    out += fmt::format("bulwark_request_duration_seconds_bucket{{endpoint=\"{}\",le=\"+Inf\"}} {}\n",
                       endpoint, cumulative);
    const auto& [sum, count] = latency_sum_count_.find(endpoint)->second;
    out += fmt::format("bulwark_request_duration_seconds_sum{{endpoint=\"{}\"}} {}\n", endpoint, sum);
    out += fmt::format("bulwark_request_duration_seconds_count{{endpoint=\"{}\"}} {}\n", endpoint, count);
  }
  out += fmt::format(
      "# HELP bulwark_requests_in_flight Requests being answered now.\n"
      "# TYPE bulwark_requests_in_flight gauge\n"
      "bulwark_requests_in_flight {}\n"
      "# HELP bulwark_connections_open Client connections open now.\n"
      "# TYPE bulwark_connections_open gauge\n"
      "bulwark_connections_open {}\n"
      "# HELP bulwark_tls_handshake_failures_total TLS handshakes that failed (bad client certificate, "
      "protocol).\n"
      "# TYPE bulwark_tls_handshake_failures_total counter\n"
      "bulwark_tls_handshake_failures_total {}\n"
      "# HELP bulwark_timeouts_total Connections closed because a read or write took too long.\n"
      "# TYPE bulwark_timeouts_total counter\n"
      "bulwark_timeouts_total {}\n"
      "# HELP bulwark_tls_certificate_expiry_timestamp_seconds notAfter of the serving certificate (Unix "
      "time).\n"
      "# TYPE bulwark_tls_certificate_expiry_timestamp_seconds gauge\n"
      "bulwark_tls_certificate_expiry_timestamp_seconds {}\n"
      "# HELP bulwark_tls_certificate_loads_total Serving certificates loaded (start and rotations).\n"
      "# TYPE bulwark_tls_certificate_loads_total counter\n"
      "bulwark_tls_certificate_loads_total {}\n"
      "# HELP bulwark_tls_certificate_load_errors_total Rotations refused (unreadable or mismatched files).\n"
      "# TYPE bulwark_tls_certificate_load_errors_total counter\n"
      "bulwark_tls_certificate_load_errors_total {}\n"
      "# HELP bulwark_namespaces_known Namespaces whose labels are known.\n"
      "# TYPE bulwark_namespaces_known gauge\n"
      "bulwark_namespaces_known {}\n"
      "# HELP bulwark_policy_load_seconds Time the last namespace policy load took.\n"
      "# TYPE bulwark_policy_load_seconds gauge\n"
      "bulwark_policy_load_seconds {}\n"
      "# HELP bulwark_policy_load_errors_total Namespace policy loads that failed.\n"
      "# TYPE bulwark_policy_load_errors_total counter\n"
      "bulwark_policy_load_errors_total {}\n",
      in_flight_.load(), connections_.load(), handshake_failures_.load(), timeouts_.load(),
      cert_not_after_.load(), cert_reloads_.load(), cert_reload_errors_.load(), namespaces_.load(),
      namespace_load_seconds_.load(), namespace_load_errors_.load());
  out +=
      "# HELP bulwark_namespace_watch_events_total Namespace events received from the API server's watch.\n"
      "# TYPE bulwark_namespace_watch_events_total counter\n";
  for (std::size_t i = 0; i < kWatchEventTypes.size(); ++i)
    out += fmt::format("bulwark_namespace_watch_events_total{{type=\"{}\"}} {}\n", kWatchEventTypes[i],
                       watch_events_[i].load());
  out += fmt::format(
      "# HELP bulwark_namespace_watch_restarts_total Namespace list+watch sessions that ended in an error "
      "(each is followed by a re-list).\n"
      "# TYPE bulwark_namespace_watch_restarts_total counter\n"
      "bulwark_namespace_watch_restarts_total {}\n"
      "# HELP bulwark_validating_admission_policies ValidatingAdmissionPolicies and bindings loaded.\n"
      "# TYPE bulwark_validating_admission_policies gauge\n"
      "bulwark_validating_admission_policies{{object=\"policy\"}} {}\n"
      "bulwark_validating_admission_policies{{object=\"binding\"}} {}\n"
      "# HELP bulwark_validating_admission_policy_errors Policies or bindings left out because they do not "
      "compile.\n"
      "# TYPE bulwark_validating_admission_policy_errors gauge\n"
      "bulwark_validating_admission_policy_errors {}\n"
      "# HELP bulwark_validating_admission_policy_load_seconds Time loading and compiling the policies "
      "took.\n"
      "# TYPE bulwark_validating_admission_policy_load_seconds gauge\n"
      "bulwark_validating_admission_policy_load_seconds {}\n"
      "# HELP bulwark_mutations_patched_total /mutate answers that carried a JSONPatch.\n"
      "# TYPE bulwark_mutations_patched_total counter\n"
      "bulwark_mutations_patched_total {}\n",
      watch_restarts_.load(), vap_policies_.load(), vap_bindings_.load(), vap_errors_.load(),
      vap_load_seconds_.load(), patches_.load());
  return out;
}

void Metrics::namespace_watch_event(std::string_view type) {
  for (std::size_t i = 0; i < kWatchEventTypes.size(); ++i)
    if (kWatchEventTypes[i] == type) watch_events_[i].fetch_add(1, std::memory_order_relaxed);
}

void Metrics::policies_loaded(std::size_t policies, std::size_t bindings, std::size_t errors,
                              double seconds) {
  vap_policies_.store(policies);
  vap_bindings_.store(bindings);
  vap_errors_.store(errors);
  vap_load_seconds_.store(seconds);
}

}  // namespace bulwark::server
