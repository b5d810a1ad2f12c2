#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace bulwark::server {

/// The server's Prometheus metrics, rendered in the text exposition format (version 0.0.4).
/// Counters are updated from every worker thread; rendering takes a consistent-enough snapshot.
class Metrics {
 public:
  /// Upper bounds of the latency histogram, in seconds: webhook answers take tens of
  /// microseconds, and the API server's default timeout is 10 s.
  static constexpr std::array<double, 14> kLatencyBuckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                          0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5};

  void record_request(std::string_view endpoint, std::string_view decision, int code, double seconds);
  void request_started() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void request_finished() { in_flight_.fetch_sub(1, std::memory_order_relaxed); }
  void connection_opened() { connections_.fetch_add(1, std::memory_order_relaxed); }
  void connection_closed() { connections_.fetch_sub(1, std::memory_order_relaxed); }
  void tls_handshake_failed() { handshake_failures_.fetch_add(1, std::memory_order_relaxed); }
  void timed_out() { timeouts_.fetch_add(1, std::memory_order_relaxed); }
  void certificate_loaded(int64_t not_after_unix, bool ok);
  void namespaces_loaded(std::size_t count, double seconds, bool ok);
  /// A namespace watch event (ADDED, MODIFIED, DELETED, BOOKMARK, ERROR).
  void namespace_watch_event(std::string_view type);
  /// A list+watch session that ended in an error (disconnect, HTTP error, 410 Gone).
  void namespace_watch_restarted() { watch_restarts_.fetch_add(1, std::memory_order_relaxed); }
  /// ValidatingAdmissionPolicies loaded for `--policy`.
  void policies_loaded(std::size_t policies, std::size_t bindings, std::size_t errors, double seconds);
  /// A /mutate answer that carried a patch.
  void mutation_patched() { patches_.fetch_add(1, std::memory_order_relaxed); }

  std::string render() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t, std::less<>> requests_;
  std::map<std::string, std::array<uint64_t, kLatencyBuckets.size() + 1>, std::less<>>
      latency_buckets_;  // +Inf last
  std::map<std::string, std::pair<double, uint64_t>, std::less<>> latency_sum_count_;
  std::atomic<int64_t> in_flight_{0};
  std::atomic<int64_t> connections_{0};
  std::atomic<uint64_t> handshake_failures_{0};
  std::atomic<uint64_t> timeouts_{0};
  std::atomic<int64_t> cert_not_after_{0};
  std::atomic<uint64_t> cert_reloads_{0};
  std::atomic<uint64_t> cert_reload_errors_{0};
  std::atomic<uint64_t> namespaces_{0};
  std::atomic<uint64_t> namespace_load_errors_{0};
  std::atomic<double> namespace_load_seconds_{0};
  std::array<std::atomic<uint64_t>, 5> watch_events_{};  // ADDED MODIFIED DELETED BOOKMARK ERROR
  std::atomic<uint64_t> watch_restarts_{0};
  std::atomic<uint64_t> vap_policies_{0};
  std::atomic<uint64_t> vap_bindings_{0};
  std::atomic<uint64_t> vap_errors_{0};
  std::atomic<double> vap_load_seconds_{0};
  std::atomic<uint64_t> patches_{0};
};

}  // namespace bulwark::server
