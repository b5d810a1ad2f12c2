// NetworkPolicy drafts: read back through the YAML loader and checked field by field against
// what the Services in the input ask for.
#include "fix/netpol_generator.h"

#include <gtest/gtest.h>

#include "doc/byte_source.h"
#include "doc/yaml_loader.h"

namespace bulwark::fix {
namespace {

std::vector<doc::Document> load_all(std::string_view text) {
  doc::MemoryByteSource source(text);
  doc::YamlStreamLoader loader(source, "t.yaml");
  std::vector<doc::Document> out;
  while (auto d = loader.next()) {
    EXPECT_TRUE(d->has_value()) << (d->has_value() ? "" : d->error().message);
    if (d->has_value() && (**d).root() && !(**d).root()->is_null()) out.push_back(std::move(**d));
  }
  return out;
}

constexpr std::string_view kInput = R"(apiVersion: v1
kind: Namespace
metadata:
  name: empty-ns
---
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  selector:
    app: web
    tier: "true"
  ports:
  - port: 80
    targetPort: http
  - port: 443
    targetPort: 8443
    protocol: TCP
---
apiVersion: v1
kind: Service
metadata:
  name: external-db
  namespace: shop
spec:
  ports:
  - port: 5432
)";

TEST(NetpolGenerator, DefaultDenyPerNamespaceAndAllowPerService) {
  NetpolGenerator g;
  for (const doc::Document& d : load_all(kInput))
    for (const k8s::Object& o : k8s::Object::in(d)) g.observe(o);
  const std::string yaml = g.render();
  const std::vector<doc::Document> policies = load_all(yaml);
  // empty-ns: deny + dns; shop: deny + dns + ingress/egress for web (external-db has no selector).
  ASSERT_EQ(policies.size(), 6u) << yaml;
  std::vector<std::string> names;
  for (const doc::Document& d : policies) {
    EXPECT_EQ(d.root()->get("kind")->text(), "NetworkPolicy");
    names.push_back(std::string(d.root()->find("metadata.namespace")->text()) + "/" +
                    std::string(d.root()->find("metadata.name")->text()));
  }
  EXPECT_EQ(names, (std::vector<std::string>{"empty-ns/default-deny", "empty-ns/allow-dns-egress",
                                             "shop/default-deny", "shop/allow-dns-egress",
                                             "shop/allow-ingress-web", "shop/allow-egress-to-web"}));
  const doc::Node* deny = policies[2].root()->get("spec");
  EXPECT_EQ(deny->get("podSelector")->size(), 0u);
  ASSERT_EQ(deny->get("policyTypes")->size(), 2u);
  EXPECT_EQ(deny->get("ingress"), nullptr);

  const doc::Node* ingress = policies[4].root()->get("spec");
  EXPECT_EQ(ingress->find("podSelector.matchLabels.app")->as_string(), "web");
  EXPECT_EQ(ingress->find("podSelector.matchLabels.tier")->as_string(), "true") << "quoted, stays a string";
  const doc::Node* rule = ingress->get("ingress")->at(0);
  EXPECT_EQ(rule->get("from")->at(0)->get("podSelector")->size(), 0u) << "same namespace only";
  const doc::Node* ports = rule->get("ports");
  ASSERT_EQ(ports->size(), 2u);
  EXPECT_EQ(ports->at(0)->get("port")->as_int(), 8443);
  EXPECT_EQ(ports->at(1)->get("port")->as_string(), "http") << "named target port";
  EXPECT_EQ(ports->at(1)->get("protocol")->text(), "TCP");

  const doc::Node* egress = policies[5].root()->get("spec");
  EXPECT_EQ(egress->get("podSelector")->size(), 0u);
  EXPECT_EQ(egress->get("egress")->at(0)->get("to")->at(0)->find("podSelector.matchLabels.app")->text(),
            "web");
  ASSERT_EQ(g.skipped().size(), 1u);
  EXPECT_NE(g.skipped()[0].find("external-db"), std::string::npos);
}

TEST(NetpolGenerator, NothingSeenNothingWritten) {
  NetpolGenerator g;
  EXPECT_EQ(g.render(), "");
}

}  // namespace
}  // namespace bulwark::fix
