#include "server/webhook_handler.h"

#include <chrono>

namespace bulwark::server {
namespace {

double now_ms() {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string_view path_of(std::string_view target) {
  return target.substr(0, target.find('?'));
}

HttpAnswer text(unsigned status, std::string body) {
  return HttpAnswer{status, "text/plain; charset=utf-8", std::move(body)};
}

}  // namespace

HttpAnswer WebhookHandler::review_error(int http_status, std::string uid, ReviewVersion version,
                                        std::string message, std::string_view reason, double started_ms,
                                        std::string_view endpoint) {
  AdmissionResponse r;
  r.uid = uid;
  r.allowed = false;
  r.status_code = http_status;
  r.status_reason = std::string(reason);
  r.status_message = message;
  const double latency = now_ms() - started_ms;
  if (log_.enabled()) log_.write(error_log_line(uid, http_status, message, latency));
  metrics_.record_request(endpoint, "error", http_status, latency / 1000);
  return HttpAnswer{static_cast<unsigned>(http_status), "application/json",
                    encode_admission_review(version, r)};
}

HttpAnswer WebhookHandler::body_too_large(std::size_t limit) {
  return review_error(
      413, "", ReviewVersion::V1,
      "request body is larger than the webhook's limit of " + std::to_string(limit) + " bytes",
      "RequestEntityTooLarge", now_ms());
}

HttpAnswer WebhookHandler::validate(std::string body) {
  const double started = now_ms();
  auto review = decode_admission_review(std::move(body));
  if (!review) {
    ReviewError& e = review.error();
    return review_error(e.http_status, std::move(e.uid), e.version, std::move(e.message), "BadRequest",
                        started);
  }
  const Decision decision = evaluator_.evaluate(review->request);
  std::string answer = encode_admission_review(review->request.version, decision.response);
  const double latency = now_ms() - started;
  if (log_.enabled()) log_.write(decision_log_line(review->request, decision, latency));
  metrics_.record_request("/validate", to_string(decision.outcome), 200, latency / 1000);
  return HttpAnswer{200, "application/json", std::move(answer)};
}

HttpAnswer WebhookHandler::mutate(std::string body) {
  const double started = now_ms();
  auto review = decode_admission_review(std::move(body));
  if (!review) {
    ReviewError& e = review.error();
    return review_error(e.http_status, std::move(e.uid), e.version, std::move(e.message), "BadRequest",
                        started, "/mutate");
  }
  Mutation m = mutator_->mutate(review->request);
  std::string answer = encode_admission_review(review->request.version, m.response);
  const double latency = now_ms() - started;
  const bool patched = !m.response.json_patch.empty();
  if (patched) metrics_.mutation_patched();
  Decision logged;
  logged.outcome = patched ? Outcome::Allowed : Outcome::Skipped;
  logged.rule_ids = std::move(m.applied);
  logged.skip_reason = std::move(m.skip_reason);
  if (log_.enabled()) log_.write(decision_log_line(review->request, logged, latency));
  metrics_.record_request("/mutate", patched ? "patched" : "unchanged", 200, latency / 1000);
  return HttpAnswer{200, "application/json", std::move(answer)};
}

HttpAnswer WebhookHandler::readyz() const {
  if (!ready_.load()) return text(503, "not ready: starting or shutting down\n");
  if (readiness_check_)
    if (std::string waiting = readiness_check_(); !waiting.empty())
      return text(503, "not ready: " + waiting + "\n");
  return text(200, "ok\n");
}

HttpAnswer WebhookHandler::handle(std::string_view method, std::string_view target, std::string body) {
  const std::string_view path = path_of(target);
  if (path == "/validate") {
    if (method != "POST") return text(405, "POST an AdmissionReview to /validate\n");
    metrics_.request_started();
    HttpAnswer a = validate(std::move(body));
    metrics_.request_finished();
    return a;
  }
  if (path == "/mutate" && mutator_) {
    if (method != "POST") return text(405, "POST an AdmissionReview to /mutate\n");
    metrics_.request_started();
    HttpAnswer a = mutate(std::move(body));
    metrics_.request_finished();
    return a;
  }
  if (method != "GET" && method != "HEAD") return text(405, "method not allowed\n");
  if (path == "/healthz" || path == "/livez") return text(200, "ok\n");
  if (path == "/readyz") return readyz();
  if (path == "/metrics")
    return HttpAnswer{200, "text/plain; version=0.0.4; charset=utf-8", metrics_.render()};
  return text(
      404, "not found: the webhook serves POST /validate, POST /mutate, GET /healthz, /readyz, /metrics\n");
}

}  // namespace bulwark::server
