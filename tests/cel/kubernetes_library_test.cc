// The Kubernetes CEL libraries, with expressions and outcomes from the Kubernetes documentation
// ("Common Expression Language in Kubernetes") and the apiserver library tests.
#include <gtest/gtest.h>

#include "cel/program.h"

namespace bulwark::cel {
namespace {

Value eval(std::string_view expr) {
  Environment env;
  auto p = compile(expr, env);
  if (!p) return Value::error("compile: " + p.error().message);
  return p->evaluate(Activation(env));
}

void expect_true(std::string_view expr) {
  Value v = eval(expr);
  EXPECT_TRUE(v.kind() == Kind::Bool && v.as_bool()) << expr << " => " << debug_string(v);
}

void expect_error(std::string_view expr) {
  EXPECT_TRUE(eval(expr).is_error()) << expr;
}

TEST(CelKubernetesLibraries, Quantity) {
  expect_true("isQuantity('20Mi') && isQuantity('1.3G') && !isQuantity('1,3G')");
  expect_true("quantity('0.2G') == quantity('200M') && quantity('2M') == quantity('0.002G')");
  expect_true("quantity('2000k') == quantity('2M')");
  expect_true("quantity('50M').isLessThan(quantity('100M'))");
  expect_true("!quantity('50M').isGreaterThan(quantity('100M'))");
  expect_true("quantity('50Mi').isGreaterThan(quantity('50M'))");
  expect_true("quantity('200M').compareTo(quantity('0.2G')) == 0");
  expect_true("quantity('50M').compareTo(quantity('50Mi')) == -1");
  expect_true("quantity('50k').add(quantity('20')) == quantity('50.02k')");
  expect_true("!quantity('50k').add(20).isLessThan(quantity('50020'))");
  expect_true("quantity('50k').sub(quantity('20')) == quantity('49.98k')");
  expect_true("quantity('50k').sub(20) == quantity('49980')");
  expect_true("quantity('50k').add(20).sub(quantity('100k')).sub(-50000) == quantity('20')");
  expect_true("quantity('50k').asInteger() == 50000");
  expect_true("quantity('50k').sub(20000).asApproximateFloat() == 30000.0");
  expect_true(
      "quantity('500000G').isInteger() && quantity('50').isInteger() && !quantity('1.5m').isInteger()");
  expect_true(
      "quantity('1Mi').asApproximateFloat() == 1048576.0 && quantity('100m').asApproximateFloat() == 0.1");
  expect_true("quantity('-1Ki').sign() == -1 && quantity('0').sign() == 0");
  expect_error("quantity('9999999999999999999999999999999999999G').asInteger()");
  expect_error("quantity('1,3G')");
  expect_true("quantity('9999999999999999999999999999999999999G').asApproximateFloat() > 9.9e45");
  expect_true("quantity('900Ei').isGreaterThan(quantity('1Ei')) && !quantity('900Ei').isInteger()");
}

TEST(CelKubernetesLibraries, Lists) {
  expect_true("[1, 2, 3, 4].isSorted() && !['b', 'a'].isSorted()");
  expect_true("[1, 2, 3].sum() == 6 && [1.5, 2.5].sum() == 4.0 && [].sum() == 0");
  expect_true("[duration('1s'), duration('2s')].sum() == duration('3s')");
  expect_true("[3, 1, 2].min() == 1 && [3, 1, 2].max() == 3");
  expect_true("[1, 2, 2, 3].indexOf(2) == 1 && [1, 2, 2, 3].lastIndexOf(2) == 2 && [1].indexOf(5) == -1");
  expect_error("[].min()");
  expect_true("[1, 2, 3, 4].slice(1, 3) == [2, 3] && [[1, [2]], [3]].flatten() == [1, [2], 3]");
  expect_true("[[1, [2]], [3]].flatten(2) == [1, 2, 3] && [1, 2, 1].distinct() == [1, 2]");
  expect_true("[3, 1, 2].sort() == [1, 2, 3] && [1, 2].reverse() == [2, 1] && lists.range(3) == [0, 1, 2]");
  expect_true("['bb', 'a'].sortBy(s, size(s)) == ['a', 'bb'] && [1, 2].first() == optional.of(1)");
}

TEST(CelKubernetesLibraries, Sets) {
  expect_true("sets.contains([1, 2, 3], [3, 1]) && !sets.contains([1], [2])");
  expect_true(
      "sets.equivalent([1, 2], [2, 1, 1]) && sets.intersects([1], [1, 2]) && !sets.intersects([1], [2])");
}

TEST(CelKubernetesLibraries, Regex) {
  expect_true("'abc 123'.find('[0-9]+') == '123' && 'abc'.find('[0-9]+') == ''");
  expect_true(
      "'123 abc 456'.findAll('[0-9]+') == ['123', '456'] && '123 abc 456'.findAll('[0-9]+', 1) == ['123']");
}

TEST(CelKubernetesLibraries, Url) {
  expect_true("isURL('https://kubernetes.io/docs') && isURL('/absolute/path') && !isURL('not a url')");
  expect_true("url('https://example.com:80/').getHost() == 'example.com:80'");
  expect_true(
      "url('https://example.com/').getScheme() == 'https' && url('https://example.com:80/').getPort() == "
      "'80'");
  expect_true(
      "url('https://[::1]:80/').getHostname() == '::1' && url('https://example.com/').getPort() == ''");
  expect_true("url('https://example.com/path').getEscapedPath() == '/path'");
  expect_true("url('https://example.com/?k=a&k=b&j=c').getQuery() == {'k': ['a', 'b'], 'j': ['c']}");
  expect_error("url('mailto:someone')");
}

TEST(CelKubernetesLibraries, IpAndCidr) {
  expect_true(
      "isIP('192.168.0.1') && isIP('2001:db8::1') && !isIP('192.168.0.01') && !isIP('::ffff:1.2.3.4')");
  expect_true("ip('192.168.0.1').family() == 4 && ip('::1').family() == 6 && ip('::1').isLoopback()");
  expect_true(
      "ip('0.0.0.0').isUnspecified() && ip('169.254.1.1').isLinkLocalUnicast() && "
      "ip('fe80::1').isLinkLocalUnicast()");
  expect_true(
      "ip('224.0.0.1').isLinkLocalMulticast() && ip('8.8.8.8').isGlobalUnicast() && "
      "!ip('127.0.0.1').isGlobalUnicast()");
  expect_true("ip.isCanonical('2001:db8::abcd') && !ip.isCanonical('2001:DB8::ABCD')");
  expect_true("string(ip('2001:0db8:0:0:0:0:0:1')) == '2001:db8::1' && ip('10.0.0.1') == ip('10.0.0.1')");
  expect_true(
      "cidr('192.168.0.0/24').containsIP(ip('192.168.0.1')) && "
      "!cidr('192.168.0.0/24').containsIP('192.168.1.1')");
  expect_true(
      "cidr('192.168.0.0/24').containsCIDR('192.168.0.0/25') && "
      "!cidr('192.168.0.0/24').containsCIDR(cidr('192.168.0.0/23'))");
  expect_true(
      "cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24') && cidr('192.168.0.1/24').prefixLength() == "
      "24");
  expect_true(
      "cidr('192.168.0.1/24').ip() == ip('192.168.0.1') && string(cidr('2001:db8::/32')) == '2001:db8::/32'");
  expect_true("isCIDR('10.0.0.0/8') && !isCIDR('10.0.0.0/33')");
}

TEST(CelKubernetesLibraries, Semver) {
  expect_true("isSemver('1.2.3') && !isSemver('v1.2.3') && isSemver('v1.2', true) && !isSemver('01.2.3')");
  expect_true(
      "semver('1.0.0').isLessThan(semver('1.1.0')) && semver('2.0.0').isGreaterThan(semver('1.9.9'))");
  expect_true(
      "semver('1.2.3-alpha').compareTo(semver('1.2.3')) == -1 && "
      "semver('1.2.3-alpha.2').isLessThan(semver('1.2.3-alpha.10'))");
  expect_true("semver('1.2.3+build').compareTo(semver('1.2.3')) == 0 && semver('v1.2', true).minor() == 2");
  expect_true("semver('3.4.5').major() == 3 && semver('3.4.5').patch() == 5");
}

TEST(CelKubernetesLibraries, Format) {
  expect_true("!format.dns1123Label().validate('my-label-name').hasValue()");
  expect_true("format.dns1123Label().validate('MyLabel').hasValue()");
  expect_true("format.named('dns1123Subdomain').value().validate('a.b.c') == optional.none()");
  expect_true("!format.named('unknownFormat').hasValue() && !format.labelValue().validate('').hasValue()");
  expect_true("format.qualifiedName().validate('example.com/MyName') == optional.none()");
  expect_true("format.dns1035Label().validate('1abc').value().size() == 1");
}

TEST(CelKubernetesLibraries, StringsExtension) {
  expect_true("'%s has %d replicas'.format([dyn('web'), 3]) == 'web has 3 replicas'");
  expect_true(
      "'a,b,c'.split(',') == ['a', 'b', 'c'] && ['a', 'b'].join('-') == 'a-b' && '  x '.trim() == 'x'");
  expect_true("'Hello'.lowerAscii() == 'hello' && 'hello'.reverse() == 'olleh'");
}

}  // namespace
}  // namespace bulwark::cel

#include "cel/authz.h"

namespace bulwark::cel {
namespace {

// Allows "alice" to get pods in "default" and GET /healthz; denies everything else.
class FakeBackend final : public AuthorizationBackend {
 public:
  mutable AuthorizationRequest last;
  AuthorizationDecision authorize(const AuthorizationRequest& r) const override {
    last = r;
    AuthorizationDecision d;
    bool ok = (r.user == "alice" && !r.path_request && r.resource == "pods" && r.namespace_ == "default" &&
               r.verb == "get") ||
              (r.path_request && r.path == "/healthz" && r.verb == "get");
    d.verdict = ok ? AuthorizationDecision::Verdict::Allow : AuthorizationDecision::Verdict::Deny;
    d.reason = ok ? "allowed by test" : "denied by test";
    return d;
  }
};

TEST(CelKubernetesLibraries, AuthzAsksTheBackend) {
  auto backend = std::make_shared<FakeBackend>();
  Environment env;
  env.declare("authorizer");
  env.declare("authorizer.requestResource");
  Activation act(env);
  act.set("authorizer", make_authorizer(backend, "alice"));
  act.set("authorizer.requestResource",
          make_request_resource_check(backend, "alice", "", "pods", "", "default", "web"));
  auto check = [&](std::string_view expr) {
    auto p = compile(expr, env);
    EXPECT_TRUE(p.has_value()) << expr << ": " << (p ? "" : p.error().message);
    if (!p) return false;
    Value v = p->evaluate(act);
    EXPECT_EQ(v.kind(), Kind::Bool) << expr << " => " << debug_string(v);
    return v.kind() == Kind::Bool && v.as_bool();
  };
  EXPECT_TRUE(check("authorizer.group('').resource('pods').namespace('default').check('get').allowed()"));
  EXPECT_FALSE(check("authorizer.group('').resource('pods').namespace('default').check('delete').allowed()"));
  EXPECT_TRUE(check("authorizer.path('/healthz').check('get').allowed()"));
  EXPECT_TRUE(check("authorizer.requestResource.check('get').allowed()"));
  EXPECT_EQ(backend->last.name, "web");
  EXPECT_FALSE(
      check("authorizer.serviceAccount('default', 'builder').group('apps').resource('deployments')"
            ".check('create').allowed()"));
  EXPECT_EQ(backend->last.user, "system:serviceaccount:default:builder");
  EXPECT_TRUE(check("authorizer.group('').resource('secrets').check('list').reason() == 'denied by test'"));
  EXPECT_TRUE(check("!authorizer.path('/metrics').check('get').errored()"));
}

}  // namespace
}  // namespace bulwark::cel

namespace bulwark::cel {
namespace {

TEST(CelKubernetesLibraries, OptionalUnwrap) {
  expect_true("optional.unwrap([optional.of(1), optional.none(), optional.of(3)]) == [1, 3]");
  expect_true("[optional.none(), optional.of('a')].unwrapOpt() == ['a']");
}

}  // namespace
}  // namespace bulwark::cel
