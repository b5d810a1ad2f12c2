#pragma once

#include <chrono>
#include <cstdint>
#include <expected>
#include <memory>
#include <string>
#include <utility>  // Boost 1.74 Asio's awaitable.hpp uses std::exchange without including it

#include "server/kube_endpoint.h"
#include "server/metrics.h"
#include "server/namespace_policy.h"

namespace bulwark::server {

/// Timing of the namespace list+watch.
struct WatchOptions {
  /// Wait after a failed session before the next list; doubles up to max_backoff.
  std::chrono::milliseconds min_backoff{250};
  std::chrono::milliseconds max_backoff{30'000};
  /// timeoutSeconds asked of the API server: a watch ends normally after it and is renewed.
  std::chrono::seconds watch_timeout{290};
  std::chrono::seconds connect_timeout{10};
  std::chrono::seconds list_timeout{60};
  /// A watch that sends nothing (not even a bookmark) for this long past watch_timeout is dead.
  std::chrono::seconds watch_slack{60};
  std::size_t list_page = 500;
  std::size_t max_list_bytes = std::size_t{256} << 20;
  std::size_t max_event_bytes = std::size_t{16} << 20;
};

/// Keeps NamespacePolicies in step with the cluster, as client-go's reflector does: GET
/// /api/v1/namespaces (paged), then a watch from the list's resourceVersion streaming ADDED,
/// MODIFIED and DELETED events (bookmarks move the resourceVersion). A watch that ends normally
/// is renewed from the last resourceVersion; 410 Gone, an ERROR event, a disconnect or any other
/// failure starts over with a fresh list, after a backoff. Runs on a thread of its own.
class NamespaceWatcher {
 public:
  NamespaceWatcher(KubeEndpoint endpoint, std::shared_ptr<NamespacePolicies> namespaces, Metrics& metrics,
                   WatchOptions options = {});
  ~NamespaceWatcher();
  NamespaceWatcher(const NamespaceWatcher&) = delete;
  NamespaceWatcher& operator=(const NamespaceWatcher&) = delete;

  /// Builds the TLS client context (bad CA or client key files fail here) and starts the thread.
  std::expected<void, std::string> start();
  /// Stops the thread; idempotent.
  void stop();

  /// True once a list has completed: from then on decisions use the cluster's labels.
  bool synced() const;
  /// Completed lists (the first one and every re-list).
  uint64_t lists() const;
  /// Watch events applied.
  uint64_t events() const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace bulwark::server
