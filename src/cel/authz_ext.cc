// Kubernetes authz library: authorizer.path(p).check(verb), authorizer.group(g).resource(r)
// [.subresource(s)][.namespace(ns)][.name(n)][.fieldSelector(f)][.labelSelector(l)].check(verb),
// authorizer.serviceAccount(ns, name), and the decision's allowed(), reason(), errored(), error().
#include "cel/authz.h"
#include "cel/functions.h"

namespace bulwark::cel {

namespace {

using Args = std::span<const Value>;

constexpr std::uint8_t kS = K(Kind::String), kAuth = K(OpaqueType::Authorizer),
                       kPath = K(OpaqueType::PathCheck), kGroup = K(OpaqueType::GroupCheck),
                       kRes = K(OpaqueType::ResourceCheck), kDecision = K(OpaqueType::Decision);

// A partially built request; each builder call returns a copy with one more field.
class Check final : public OpaqueValue {
 public:
  Check(OpaqueType type, std::shared_ptr<const AuthorizationBackend> backend, AuthorizationRequest request)
      : type_(type), backend_(std::move(backend)), request_(std::move(request)) {}
  OpaqueType type() const override { return type_; }
  std::string_view type_name() const override {
    switch (type_) {
      case OpaqueType::Authorizer:
        return "kubernetes.authorization.Authorizer";
      case OpaqueType::PathCheck:
        return "kubernetes.authorization.PathCheck";
      case OpaqueType::GroupCheck:
        return "kubernetes.authorization.GroupCheck";
      default:
        return "kubernetes.authorization.ResourceCheck";
    }
  }
  bool equals(const OpaqueValue& other) const override { return this == &other; }
  const std::shared_ptr<const AuthorizationBackend>& backend() const { return backend_; }
  const AuthorizationRequest& request() const { return request_; }

 private:
  OpaqueType type_;
  std::shared_ptr<const AuthorizationBackend> backend_;
  AuthorizationRequest request_;
};

class Decision final : public OpaqueValue {
 public:
  explicit Decision(AuthorizationDecision d) : d_(std::move(d)) {}
  OpaqueType type() const override { return OpaqueType::Decision; }
  std::string_view type_name() const override { return "kubernetes.authorization.Decision"; }
  bool equals(const OpaqueValue& other) const override { return this == &other; }
  const AuthorizationDecision& decision() const { return d_; }

 private:
  AuthorizationDecision d_;
};

const Check& check_of(const Value& v) {
  return static_cast<const Check&>(v.as_opaque());
}

Value make_check(OpaqueType type, const Check& from, AuthorizationRequest request) {
  return Value::opaque(std::make_shared<const Check>(type, from.backend(), std::move(request)));
}

Value path(Args a, CallContext&) {
  AuthorizationRequest r = check_of(a[0]).request();
  r.path_request = true;
  r.path = a[1].as_string();
  return make_check(OpaqueType::PathCheck, check_of(a[0]), std::move(r));
}

Value group(Args a, CallContext&) {
  AuthorizationRequest r = check_of(a[0]).request();
  r.group = a[1].as_string();
  return make_check(OpaqueType::GroupCheck, check_of(a[0]), std::move(r));
}

Value service_account(Args a, CallContext&) {
  AuthorizationRequest r = check_of(a[0]).request();
  r.user = "system:serviceaccount:" + std::string(a[1].as_string()) + ":" + std::string(a[2].as_string());
  return make_check(OpaqueType::Authorizer, check_of(a[0]), std::move(r));
}

Value resource(Args a, CallContext&) {
  AuthorizationRequest r = check_of(a[0]).request();
  r.resource = a[1].as_string();
  return make_check(OpaqueType::ResourceCheck, check_of(a[0]), std::move(r));
}

template <std::string AuthorizationRequest::*Field>
Value with_field(Args a, CallContext&) {
  AuthorizationRequest r = check_of(a[0]).request();
  r.*Field = a[1].as_string();
  return make_check(OpaqueType::ResourceCheck, check_of(a[0]), std::move(r));
}

Value run_check(Args a, CallContext&) {
  const Check& c = check_of(a[0]);
  AuthorizationRequest r = c.request();
  r.verb = a[1].as_string();
  AuthorizationDecision d;
  if (c.backend()) {
    d = c.backend()->authorize(r);
  } else {
    d.error = "no authorizer configured";
  }
  return Value::opaque(std::make_shared<const Decision>(std::move(d)));
}

const AuthorizationDecision& decision(const Value& v) {
  return static_cast<const Decision&>(v.as_opaque()).decision();
}

Value allowed(Args a, CallContext&) {
  return Value::boolean(decision(a[0]).verdict == AuthorizationDecision::Verdict::Allow);
}
Value reason(Args a, CallContext&) {
  return Value::string(decision(a[0]).reason);
}
Value errored(Args a, CallContext&) {
  return Value::boolean(!decision(a[0]).error.empty());
}
Value error(Args a, CallContext&) {
  return Value::string(decision(a[0]).error);
}

}  // namespace

Value make_authorizer(std::shared_ptr<const AuthorizationBackend> backend, std::string user) {
  AuthorizationRequest r;
  r.user = std::move(user);
  return Value::opaque(
      std::make_shared<const Check>(OpaqueType::Authorizer, std::move(backend), std::move(r)));
}

Value make_request_resource_check(std::shared_ptr<const AuthorizationBackend> backend, std::string user,
                                  std::string group_name, std::string resource_name, std::string subresource,
                                  std::string namespace_, std::string name) {
  AuthorizationRequest r;
  r.user = std::move(user);
  r.group = std::move(group_name);
  r.resource = std::move(resource_name);
  r.subresource = std::move(subresource);
  r.namespace_ = std::move(namespace_);
  r.name = std::move(name);
  return Value::opaque(
      std::make_shared<const Check>(OpaqueType::ResourceCheck, std::move(backend), std::move(r)));
}

void register_authz(FunctionRegistry& r) {
  r.add("path", true, {kAuth, kS}, path);
  r.add("group", true, {kAuth, kS}, group);
  r.add("serviceAccount", true, {kAuth, kS, kS}, service_account);
  r.add("resource", true, {kGroup, kS}, resource);
  r.add("subresource", true, {kRes, kS}, with_field<&AuthorizationRequest::subresource>);
  r.add("namespace", true, {kRes, kS}, with_field<&AuthorizationRequest::namespace_>);
  r.add("name", true, {kRes, kS}, with_field<&AuthorizationRequest::name>);
  r.add("fieldSelector", true, {kRes, kS}, with_field<&AuthorizationRequest::field_selector>);
  r.add("labelSelector", true, {kRes, kS}, with_field<&AuthorizationRequest::label_selector>);
  r.add("check", true, {kPath, kS}, run_check);
  r.add("check", true, {kRes, kS}, run_check);
  r.add("allowed", true, {kDecision}, allowed);
  r.add("reason", true, {kDecision}, reason);
  r.add("errored", true, {kDecision}, errored);
  r.add("error", true, {kDecision}, error);
}

}  // namespace bulwark::cel
