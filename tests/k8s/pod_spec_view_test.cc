// PodSpecView reads where the pod spec and its containers are from what the Object found when it
// was made. These tests check that what it reports is the object's own, whatever was loaded
// before or after it, and survives copies of the Object.
#include "k8s/pod_spec_view.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "doc/yaml_loader.h"

namespace bulwark::k8s {
namespace {

struct Loaded {
  std::vector<doc::Document> documents;
  std::vector<Object> objects;
};

std::unique_ptr<Loaded> load(std::string_view yaml) {
  auto out = std::make_unique<Loaded>();
  doc::MemoryByteSource source(yaml);
  doc::YamlStreamLoader loader(source, "test.yaml");
  while (auto d = loader.next())
    if (*d) out->documents.push_back(std::move(**d));
  for (const auto& d : out->documents)
    for (auto& o : Object::in(d)) out->objects.push_back(o);
  return out;
}

std::vector<std::string> names(std::span<const ContainerView> views) {
  std::vector<std::string> out;
  for (const ContainerView& c : views) out.emplace_back(c.name());
  return out;
}

std::vector<std::string> paths(std::span<const ContainerView> views) {
  std::vector<std::string> out;
  for (const ContainerView& c : views) out.push_back(c.path());
  return out;
}

constexpr std::pair<SecurityField, std::string_view> kSecurityFieldNames[] = {
    {SecurityField::AllowPrivilegeEscalation, "allowPrivilegeEscalation"},
    {SecurityField::AppArmorProfile, "appArmorProfile"},
    {SecurityField::Capabilities, "capabilities"},
    {SecurityField::FsGroup, "fsGroup"},
    {SecurityField::Privileged, "privileged"},
    {SecurityField::ProcMount, "procMount"},
    {SecurityField::ReadOnlyRootFilesystem, "readOnlyRootFilesystem"},
    {SecurityField::RunAsGroup, "runAsGroup"},
    {SecurityField::RunAsNonRoot, "runAsNonRoot"},
    {SecurityField::RunAsUser, "runAsUser"},
    {SecurityField::SeccompProfile, "seccompProfile"},
    {SecurityField::SeLinuxOptions, "seLinuxOptions"},
    {SecurityField::SupplementalGroups, "supplementalGroups"},
    {SecurityField::Sysctls, "sysctls"},
    {SecurityField::WindowsOptions, "windowsOptions"},
};
static_assert(std::size(kSecurityFieldNames) == kSecurityFieldCount);

constexpr std::string_view kDeployment = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      annotations:
        a: b
    spec:
      securityContext:
        runAsUser: 10
      ephemeralContainers:
        - name: debug
      containers:
        - name: app
          securityContext:
            privileged: true
        - just a string
        - name: sidecar
      initContainers:
        - name: setup
          securityContext: null
)";

TEST(PodSpecView, ListsContainersInPsaOrderWithTheirOwnIndexes) {
  auto m = load(kDeployment);
  ASSERT_EQ(m->objects.size(), 1u);
  const auto pod = PodSpecView::of(m->objects[0]);
  ASSERT_TRUE(pod);
  EXPECT_EQ(pod->path(), "spec.template.spec");
  EXPECT_EQ(pod->metadata_path(), "spec.template.metadata");
  EXPECT_EQ(pod->pod_annotation("a"), "b");
  EXPECT_EQ(names(pod->every_container()), (std::vector<std::string>{"setup", "app", "sidecar", "debug"}));
  // The string item is not a container but keeps its place: sidecar is containers[2].
  EXPECT_EQ(paths(pod->every_container()),
            (std::vector<std::string>{"spec.template.spec.initContainers[0]",
                                      "spec.template.spec.containers[0]", "spec.template.spec.containers[2]",
                                      "spec.template.spec.ephemeralContainers[0]"}));
  EXPECT_EQ(names(pod->workload_container_views()), (std::vector<std::string>{"setup", "app", "sidecar"}));

  const auto all = pod->every_container();
  ASSERT_TRUE(all[0].security_context());
  EXPECT_TRUE(all[0].security_context()->is_null());
  ASSERT_TRUE(all[1].security_context());
  EXPECT_EQ(all[1].security_context()->get("privileged")->as_bool(), true);
  EXPECT_EQ(all[2].security_context(), nullptr);
  ASSERT_TRUE(pod->security_context());
  EXPECT_EQ(pod->security_context()->get("runAsUser")->as_int(), 10);
  EXPECT_EQ(all[1].field_path("securityContext.privileged"),
            "spec.template.spec.containers[0].securityContext.privileged");
}

TEST(PodSpecView, EachObjectOfAStreamSeesItsOwnPod) {
  // The same names in a row with different contents: nothing of one object leaks into the next.
  auto m = load(R"(apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  containers:
    - name: one
      securityContext: {runAsUser: 1}
---
apiVersion: v1
kind: Service
metadata: {name: a}
spec:
  template:
    spec:
      containers: "not a list"
---
apiVersion: v1
kind: Pod
metadata: {name: a}
spec:
  containers:
    - name: one
      securityContext: {runAsUser: 2}
    - name: two
---
apiVersion: v1
kind: List
items:
  - apiVersion: batch/v1
    kind: CronJob
    metadata: {name: c}
    spec:
      jobTemplate:
        spec:
          template:
            spec:
              containers: [{name: cron}]
  - apiVersion: v1
    kind: PodTemplate
    metadata: {name: t}
    template:
      spec:
        initContainers: [{name: tpl}]
        containers: []
  - apiVersion: example.com/v1
    kind: Rollout
    metadata: {name: r}
    spec:
      template:
        spec:
          containers: [{name: rollout}]
  - apiVersion: example.com/v1
    kind: Widget
    metadata: {name: w}
    spec:
      template:
        spec:
          replicas: 3
)");
  ASSERT_EQ(m->objects.size(), 7u);
  // Copy the objects and drop the originals: views of the copies stay right (ASan checks that
  // nothing points into the dropped ones).
  std::vector<Object> copies(m->objects.begin(), m->objects.end());
  m->objects.clear();
  m->objects.shrink_to_fit();

  const auto first = PodSpecView::of(copies[0]);
  ASSERT_TRUE(first);
  EXPECT_EQ(names(first->every_container()), std::vector<std::string>{"one"});
  EXPECT_EQ(first->every_container()[0].security_context()->get("runAsUser")->as_int(), 1);
  EXPECT_EQ(&first->object(), &copies[0]);

  EXPECT_FALSE(PodSpecView::of(copies[1]));  // a Service runs no pod

  const auto third = PodSpecView::of(copies[2]);
  ASSERT_TRUE(third);
  EXPECT_EQ(names(third->every_container()), (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(third->every_container()[0].security_context()->get("runAsUser")->as_int(), 2);
  EXPECT_EQ(third->path(), "spec");

  const auto cron = PodSpecView::of(copies[3]);
  ASSERT_TRUE(cron);
  EXPECT_EQ(cron->path(), "spec.jobTemplate.spec.template.spec");
  EXPECT_EQ(paths(cron->every_container()),
            std::vector<std::string>{"spec.jobTemplate.spec.template.spec.containers[0]"});

  const auto tpl = PodSpecView::of(copies[4]);
  ASSERT_TRUE(tpl);
  EXPECT_EQ(tpl->path(), "template.spec");
  EXPECT_EQ(paths(tpl->every_container()), std::vector<std::string>{"template.spec.initContainers[0]"});

  const auto rollout = PodSpecView::of(copies[5]);
  ASSERT_TRUE(rollout);
  EXPECT_EQ(names(rollout->every_container()), std::vector<std::string>{"rollout"});

  EXPECT_FALSE(PodSpecView::of(copies[6]));  // a custom resource without containers
}

TEST(PodSpecView, SecurityFieldsAreWhatGetFinds) {
  auto m = load(R"(apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  securityContext:
    runAsUser: 5
    sysctls: []
    fsGroup: null
    unknownField: 1
  containers:
    - name: a
      securityContext:
        allowPrivilegeEscalation: false
        appArmorProfile: {type: RuntimeDefault}
        capabilities: {drop: [ALL]}
        privileged: true
        procMount: Default
        readOnlyRootFilesystem: true
        runAsGroup: 1
        runAsNonRoot: true
        runAsUser: 2
        seccompProfile: {type: RuntimeDefault}
        seLinuxOptions: {type: container_t}
        windowsOptions: {hostProcess: false}
    - name: b
      securityContext: [not, a, mapping]
    - name: c
---
apiVersion: v1
kind: Pod
metadata: {name: q}
spec:
  containers:
    - name: a
      securityContext: {privileged: false}
)");
  ASSERT_EQ(m->objects.size(), 2u);
  const auto pod = PodSpecView::of(m->objects[0]);
  ASSERT_TRUE(pod);
  const auto containers = pod->every_container();
  ASSERT_EQ(containers.size(), 3u);
  for (const auto& [field, name] : kSecurityFieldNames) {
    EXPECT_EQ(pod->security_field(field), pod->security_context()->get(name)) << name;
    EXPECT_EQ(containers[0].security_field(field), containers[0].security_context()->get(name)) << name;
    EXPECT_EQ(containers[1].security_field(field), nullptr) << name;  // not a mapping
    EXPECT_EQ(containers[2].security_field(field), nullptr) << name;  // no securityContext
  }
  EXPECT_NE(containers[0].security_field(SecurityField::Privileged), nullptr);
  EXPECT_TRUE(pod->security_field(SecurityField::FsGroup)->is_null());  // written null: kept as such

  // The next object's fields are its own.
  const auto next = PodSpecView::of(m->objects[1]);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->every_container()[0].security_field(SecurityField::Privileged)->as_bool(), false);
  EXPECT_EQ(next->security_field(SecurityField::RunAsUser), nullptr);
}

constexpr std::pair<ContainerField, std::string_view> kContainerFieldNames[] = {
    {ContainerField::Args, "args"},
    {ContainerField::Command, "command"},
    {ContainerField::Env, "env"},
    {ContainerField::EnvFrom, "envFrom"},
    {ContainerField::Image, "image"},
    {ContainerField::ImagePullPolicy, "imagePullPolicy"},
    {ContainerField::Lifecycle, "lifecycle"},
    {ContainerField::LivenessProbe, "livenessProbe"},
    {ContainerField::Ports, "ports"},
    {ContainerField::ReadinessProbe, "readinessProbe"},
    {ContainerField::Resources, "resources"},
    {ContainerField::StartupProbe, "startupProbe"},
    {ContainerField::VolumeMounts, "volumeMounts"},
};
static_assert(std::size(kContainerFieldNames) == kContainerFieldCount);

// What a view read in its one pass is what a lookup by name finds: its fields, its name and its
// securityContext, on written values, null values and absent ones.
void expect_view_reads_as_lookups(const ContainerView& c, const std::string& where) {
  for (const auto& [field, name] : kContainerFieldNames)
    EXPECT_EQ(c.field(field), c.node().get(name)) << where << " " << name;
  EXPECT_EQ(c.security_context(), c.node().get("securityContext")) << where;
  for (const auto& [field, name] : kSecurityFieldNames)
    EXPECT_EQ(c.security_field(field), c.security_context() ? c.security_context()->get(name) : nullptr)
        << where << " securityContext." << name;
  const doc::Node* name = c.node().get("name");
  EXPECT_EQ(c.name(), name && name->as_string() ? *name->as_string() : std::string_view{}) << where;
}

TEST(ContainerView, FieldsReadAsLookupsByName) {
  auto m = load(R"(apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: app
      image: nginx:1.25
      imagePullPolicy: Always
      command: [sh, -c]
      args: [echo]
      env: [{name: A, value: b}]
      envFrom: null
      ports: [{containerPort: 80}]
      resources: {limits: {memory: 1Gi}}
      livenessProbe: {httpGet: {port: 80}}
      readinessProbe: ~
      startupProbe: {exec: {command: [true]}}
      lifecycle: {preStop: {exec: {command: [sleep, "5"]}}}
      volumeMounts: [{name: v, mountPath: /v}]
      securityContext: {privileged: false}
      stdin: true
      imagePullPolicyX: Never
      Image: wrong-case
    - name: 7
      env: not-a-list
    - {}
)");
  ASSERT_EQ(m->objects.size(), 1u);
  const auto pod = PodSpecView::of(m->objects[0]);
  ASSERT_TRUE(pod);
  const auto containers = pod->every_container();
  ASSERT_EQ(containers.size(), 3u);
  for (const ContainerView& c : containers) expect_view_reads_as_lookups(c, c.path());
  EXPECT_EQ(containers[0].field(ContainerField::Image)->text(), "nginx:1.25");
  EXPECT_TRUE(containers[0].field(ContainerField::EnvFrom)->is_null());  // written null: kept as such
  EXPECT_EQ(containers[0].field(ContainerField::ImagePullPolicy)->text(), "Always");
  EXPECT_EQ(containers[1].name(), "");  // not a string
  EXPECT_EQ(containers[2].field(ContainerField::Image), nullptr);
}

TEST(ContainerView, FieldsReadAsLookupsOnTheCorpora) {
  namespace fs = std::filesystem;
  int containers = 0;
  for (const char* corpus : {"realworld", "psa"}) {
    const fs::path root = fs::path(BULWARK_SOURCE_DIR) / ".." / "shared" / "corpus" / corpus;
    if (!fs::exists(root)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
      auto source = doc::FileByteSource::open(entry.path().string());
      ASSERT_TRUE(source);
      doc::YamlStreamLoader loader(*source, entry.path().string());
      std::vector<doc::Document> documents;
      while (auto d = loader.next())
        if (*d) documents.push_back(std::move(**d));
      for (const auto& d : documents)
        for (const Object& o : Object::in(d))
          if (const auto pod = PodSpecView::of(o)) {
            for (const auto& [field, name] : kSecurityFieldNames)
              EXPECT_EQ(pod->security_field(field),
                        pod->security_context() ? pod->security_context()->get(name) : nullptr)
                  << entry.path() << " " << pod->path() << ".securityContext." << name;
            for (const ContainerView& c : pod->every_container()) {
              expect_view_reads_as_lookups(c, entry.path().string() + " " + c.path());
              ++containers;
            }
          }
    }
  }
  if (containers == 0) GTEST_SKIP() << "../shared/corpus is absent";
  EXPECT_GT(containers, 100);
}

}  // namespace
}  // namespace bulwark::k8s
