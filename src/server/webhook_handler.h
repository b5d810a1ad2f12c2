#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <string_view>

#include "server/admission_evaluator.h"
#include "server/admission_mutator.h"
#include "server/decision_log.h"
#include "server/metrics.h"

namespace bulwark::server {

/// An HTTP answer, independent of the transport (HTTP/1.1 or HTTP/2).
struct HttpAnswer {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
};

/// The webhook's endpoints: POST /validate, POST /mutate, GET /healthz, /readyz, /metrics. Knows
/// nothing of sockets, so it is tested without the network. Thread-safe.
class WebhookHandler {
 public:
  WebhookHandler(const AdmissionEvaluator& evaluator, Metrics& metrics, const DecisionLog& log)
      : evaluator_(evaluator), metrics_(metrics), log_(log) {}

  HttpAnswer handle(std::string_view method, std::string_view target, std::string body);
  /// The answer for a body over the size limit (the body was not read).
  HttpAnswer body_too_large(std::size_t limit);

  /// /readyz answers 200 only while ready: after policies are loaded, and before a shutdown.
  void set_ready(bool ready) { ready_.store(ready); }
  /// Also required for readiness (e.g. the first namespace list); set before serving. Returns
  /// "" when ready, else what is awaited.
  void set_readiness_check(std::function<std::string()> check) { readiness_check_ = std::move(check); }
  bool ready() const { return ready_.load() && (!readiness_check_ || readiness_check_().empty()); }
  /// Enables POST /mutate; set before serving. The mutator must outlive the handler.
  void set_mutator(const AdmissionMutator* mutator) { mutator_ = mutator; }

 private:
  HttpAnswer validate(std::string body);
  HttpAnswer mutate(std::string body);
  HttpAnswer readyz() const;
  HttpAnswer review_error(int http_status, std::string uid, ReviewVersion version, std::string message,
                          std::string_view reason, double started_ms,
                          std::string_view endpoint = "/validate");

  const AdmissionEvaluator& evaluator_;
  Metrics& metrics_;
  const DecisionLog& log_;
  const AdmissionMutator* mutator_ = nullptr;
  std::function<std::string()> readiness_check_;
  std::atomic<bool> ready_{false};
};

}  // namespace bulwark::server
