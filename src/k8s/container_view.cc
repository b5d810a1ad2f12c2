#include "k8s/container_view.h"

#include <cstring>

namespace bulwark::k8s {

std::string_view to_string(ContainerKind kind) {
  switch (kind) {
    case ContainerKind::Container:
      return "containers";
    case ContainerKind::InitContainer:
      return "initContainers";
    case ContainerKind::EphemeralContainer:
      return "ephemeralContainers";
  }
  return "containers";
}

namespace {

// The SecurityField an entry of a securityContext is, or kSecurityFieldCount for the others:
// decided by the name's length, then its bytes.
std::size_t security_field_of(std::string_view name) {
  auto is = [&]<std::size_t N>(const char(&literal)[N]) {
    return name.size() == N - 1 && std::memcmp(name.data(), literal, N - 1) == 0;
  };
  auto slot = [](SecurityField f) { return static_cast<std::size_t>(f); };
  constexpr std::size_t kOther = kSecurityFieldCount;
  switch (name.size()) {
    case 7:
      return is("fsGroup")   ? slot(SecurityField::FsGroup)
             : is("sysctls") ? slot(SecurityField::Sysctls)
                             : kOther;
    case 9:
      return is("procMount")   ? slot(SecurityField::ProcMount)
             : is("runAsUser") ? slot(SecurityField::RunAsUser)
                               : kOther;
    case 10:
      return is("privileged")   ? slot(SecurityField::Privileged)
             : is("runAsGroup") ? slot(SecurityField::RunAsGroup)
                                : kOther;
    case 12:
      return is("capabilities")   ? slot(SecurityField::Capabilities)
             : is("runAsNonRoot") ? slot(SecurityField::RunAsNonRoot)
                                  : kOther;
    case 14:
      return is("seccompProfile")   ? slot(SecurityField::SeccompProfile)
             : is("seLinuxOptions") ? slot(SecurityField::SeLinuxOptions)
             : is("windowsOptions") ? slot(SecurityField::WindowsOptions)
                                    : kOther;
    case 15:
      return is("appArmorProfile") ? slot(SecurityField::AppArmorProfile) : kOther;
    case 18:
      return is("supplementalGroups") ? slot(SecurityField::SupplementalGroups) : kOther;
    case 22:
      return is("readOnlyRootFilesystem") ? slot(SecurityField::ReadOnlyRootFilesystem) : kOther;
    case 24:
      return is("allowPrivilegeEscalation") ? slot(SecurityField::AllowPrivilegeEscalation) : kOther;
    default:
      return kOther;
  }
}

}  // namespace

SecurityFields::SecurityFields(const doc::Node* security_context) {
  if (!security_context || !security_context->is_mapping()) return;
  for (const doc::MapEntry& e : security_context->entries()) {
    const std::size_t i = security_field_of(e.name);
    // The first entry of a name, as Node::get finds it.
    if (i < values_.size() && !values_[i]) values_[i] = e.value;
  }
}

namespace {

// Where a container's entry goes among the fields a view keeps: a ContainerField, or one of the
// two below; kUnread for the others. Decided by the name's length, then its bytes.
constexpr std::size_t kName = kContainerFieldCount, kSecurityContext = kContainerFieldCount + 1,
                      kUnread = kContainerFieldCount + 2;

constexpr std::size_t slot(ContainerField field) {
  return static_cast<std::size_t>(field);
}

std::size_t slot_of(std::string_view name) {
  // The caller's case has checked the length: the bytes are compared with a constant size.
  auto is = [&]<std::size_t N>(const char(&literal)[N]) {
    return std::memcmp(name.data(), literal, N - 1) == 0;
  };
  switch (name.size()) {
    case 3:
      return is("env") ? slot(ContainerField::Env) : kUnread;
    case 4:
      return is("name") ? kName : is("args") ? slot(ContainerField::Args) : kUnread;
    case 5:
      return is("image") ? slot(ContainerField::Image) : is("ports") ? slot(ContainerField::Ports) : kUnread;
    case 7:
      return is("command")   ? slot(ContainerField::Command)
             : is("envFrom") ? slot(ContainerField::EnvFrom)
                             : kUnread;
    case 9:
      return is("lifecycle")   ? slot(ContainerField::Lifecycle)
             : is("resources") ? slot(ContainerField::Resources)
                               : kUnread;
    case 12:
      return is("startupProbe")   ? slot(ContainerField::StartupProbe)
             : is("volumeMounts") ? slot(ContainerField::VolumeMounts)
                                  : kUnread;
    case 13:
      return is("livenessProbe") ? slot(ContainerField::LivenessProbe) : kUnread;
    case 14:
      return is("readinessProbe") ? slot(ContainerField::ReadinessProbe) : kUnread;
    case 15:
      return is("imagePullPolicy")   ? slot(ContainerField::ImagePullPolicy)
             : is("securityContext") ? kSecurityContext
                                     : kUnread;
    default:
      return kUnread;
  }
}

}  // namespace

ContainerView::ContainerView(const doc::Node& node, ContainerKind kind, std::size_t index,
                             const std::string& spec_path)
    : node_(&node), security_context_(nullptr), spec_path_(&spec_path), index_(index), kind_(kind) {
  const doc::Node* name = nullptr;
  for (const doc::MapEntry& e : node.entries()) {
    const std::size_t at = slot_of(e.name);
    // The first entry of a name, as Node::get finds it.
    if (at < kContainerFieldCount) {
      if (!fields_[at]) fields_[at] = e.value;
    } else if (at == kName) {
      if (!name) name = e.value;
    } else if (at == kSecurityContext) {
      if (!security_context_) security_context_ = e.value;
    }
  }
  security_fields_ = SecurityFields(security_context_);
  if (name) name_ = name->as_string().value_or(std::string_view{});
}

std::string ContainerView::field_path(std::string_view relative) const {
  const std::string_view list = to_string(kind_);
  std::string out;
  out.reserve(spec_path_->size() + list.size() + relative.size() + 8);
  out += *spec_path_;
  out += '.';
  out += list;
  out += '[';
  out += std::to_string(index_);
  out += ']';
  if (!relative.empty()) {
    out += '.';
    out += relative;
  }
  return out;
}

}  // namespace bulwark::k8s
