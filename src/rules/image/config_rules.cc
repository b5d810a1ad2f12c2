#include "rules/image/image_rules.h"
#include "rules/image/references.h"

namespace bulwark::rules::image {
namespace {

constexpr Reference kUserRefs[] = {kCisDockerImages, kOciImageSpec, kNistContainers};

constexpr RuleMeta kRootUserMeta{
    .id = "IMG-root-user",
    .severity = Severity::High,
    .family = Family::Image,
    .title = "Image runs as root",
    .why =
        "The image config decides which user the container's processes start as. Without a User (or with "
        "root / 0) they run as uid 0: a bug in the application can then rewrite the image's binaries, read "
        "every file, and is one kernel or runtime flaw away from root on the node. Kubernetes only refuses "
        "it when runAsNonRoot is set.",
    .fix = "RUN useradd --system --uid 10001 app\nUSER 10001",
    .references = kUserRefs,
};

bool is_root_user(std::string_view user) {
  const std::string_view name = user.substr(0, user.find(':'));
  return name.empty() || name == "root" || name == "0";
}

void check_root_user(const ImageContext& ctx, FindingSink& sink) {
  const std::string& user = ctx.image().config.user;
  if (!is_root_user(user)) return;
  sink.add(ctx.config_finding(kRootUserMeta, "config.User",
                              user.empty()
                                  ? "the image config sets no User: containers start as root (uid 0)"
                                  : "the image config sets User \"" + user + "\": containers start as root"));
}

constexpr Reference kExposeRefs[] = {kCisDockerImages, kOwaspDocker};

constexpr RuleMeta kExposeSshMeta{
    .id = "IMG-expose-ssh",
    .severity = Severity::Medium,
    .family = Family::Image,
    .title = "Image exposes SSH (port 22)",
    .why =
        "An SSH server in a container is a second way in that bypasses the orchestrator's access control and "
        "audit (kubectl exec is logged and RBAC-checked; sshd is not), and it needs keys or passwords baked "
        "into the image or mounted into it.",
    .fix = "# remove EXPOSE 22 and the SSH server; use `kubectl exec` or an ephemeral debug container",
    .references = kExposeRefs,
};

void check_expose_ssh(const ImageContext& ctx, FindingSink& sink) {
  for (const std::string& port : ctx.image().config.exposed_ports)
    if (port == "22" || port == "22/tcp")
      sink.add(ctx.config_finding(kExposeSshMeta, "config.ExposedPorts",
                                  "the image exposes port " + port + " (SSH)"));
}

constexpr Reference kHealthRefs[] = {kCisDockerImages, kOciImageSpec};

constexpr RuleMeta kNoHealthcheckMeta{
    .id = "IMG-no-healthcheck",
    .severity = Severity::Info,
    .family = Family::Image,
    .title = "Image has no HEALTHCHECK",
    .why =
        "Without a health check, Docker and Swarm keep sending traffic to a container whose process is alive "
        "but stuck. (Kubernetes ignores HEALTHCHECK and uses the pod's probes; this matters where the image "
        "runs under Docker.)",
    .fix = "HEALTHCHECK --interval=30s --timeout=3s CMD [\"/app/healthcheck\"]",
    .references = kHealthRefs,
};

void check_no_healthcheck(const ImageContext& ctx, FindingSink& sink) {
  const auto& health = ctx.image().config.healthcheck;
  if (!health || health->test.empty())
    sink.add(
        ctx.config_finding(kNoHealthcheckMeta, "config.Healthcheck", "the image config has no HEALTHCHECK"));
  else if (health->disabled())
    sink.add(ctx.config_finding(kNoHealthcheckMeta, "config.Healthcheck",
                                "the image disables its health check (HEALTHCHECK NONE)"));
}

}  // namespace

const ImageRule kRootUserRule{&kRootUserMeta, check_root_user};
const ImageRule kExposeSshRule{&kExposeSshMeta, check_expose_ssh};
const ImageRule kNoHealthcheckRule{&kNoHealthcheckMeta, check_no_healthcheck};

}  // namespace bulwark::rules::image
