#include <set>

#include "rules/image/image_rules.h"
#include "rules/image/references.h"

namespace bulwark::rules::image {
namespace {

// Where a PATH lookup finds programs in every mainstream base image.
constexpr std::string_view kBinDirs[] = {"/usr/local/sbin", "/usr/local/bin", "/usr/sbin",
                                         "/usr/bin",        "/sbin",          "/bin"};

// The first regular file named `name` in a PATH directory, following symlinks (usrmerge, busybox).
const img::FileInfo* find_program(const ImageContext& ctx, std::string_view name) {
  for (std::string_view dir : kBinDirs) {
    const img::FileInfo* f = ctx.resolve(std::string(dir) + "/" + std::string(name));
    if (f != nullptr && f->type == img::EntryType::Regular) return f;
  }
  return nullptr;
}

std::string octal_mode(std::uint32_t mode) {
  std::string out;
  for (int shift = 9; shift >= 0; shift -= 3) out.push_back(static_cast<char>('0' + ((mode >> shift) & 7)));
  return out;
}

constexpr Reference kPrivilegeRefs[] = {kCisDockerImages, kMitreSetuid, kOwaspDocker};

constexpr RuleMeta kPrivilegeToolsMeta{
    .id = "IMG-privilege-tools",
    .severity = Severity::High,
    .family = Family::Image,
    .title = "Privilege escalation tools in the image (sudo, su, doas, pkexec)",
    .why =
        "sudo, doas, pkexec and a setuid su exist to turn an ordinary user into root. In a container they "
        "only "
        "help an attacker who got code execution as the app user: a weak sudoers rule, a known bug (sudo's "
        "Baron Samedit, pkexec's PwnKit) or a guessed password makes them root.",
    .fix = "RUN apt-get purge -y sudo  # or do not install it; run the steps that need root before USER",
    .references = kPrivilegeRefs,
};

void check_privilege_tools(const ImageContext& ctx, FindingSink& sink) {
  std::set<std::string> reported;
  for (std::string_view tool : {"sudo", "su", "doas", "pkexec"}) {
    const img::FileInfo* f = find_program(ctx, tool);
    if (f == nullptr || reported.contains(f->path)) continue;
    // su only raises privileges with the setuid bit; busybox's su applet without it is harmless.
    if (tool == "su" && !f->setuid()) continue;
    reported.insert(f->path);
    sink.add(ctx.file_finding(kPrivilegeToolsMeta, *f,
                              std::string(tool) + " is installed at " + f->path +
                                  (f->setuid() ? " (setuid root)" : "") + ", added in " +
                                  ctx.describe_layer(f->layer)));
  }
}

constexpr RuleMeta kSetuidFilesMeta{
    .id = "IMG-setuid-file",
    .severity = Severity::Medium,
    .family = Family::Image,
    .title = "File with the setuid or setgid bit",
    .why =
        "A setuid (setgid) program runs with its owner's (group's) rights whoever starts it. Each one is a "
        "way from the app user to root that only needs one bug. Containers rarely need any; with "
        "allowPrivilegeEscalation: false they stop working anyway, so removing the bits costs nothing.",
    .fix = "RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +",
    .references = kPrivilegeRefs,
};

void check_setuid_files(const ImageContext& ctx, FindingSink& sink) {
  for (const auto& [path, f] : ctx.image().fs.files()) {
    if (f.type != img::EntryType::Regular || (!f.setuid() && !f.setgid())) continue;
    const char* bits = f.setuid() && f.setgid() ? "setuid and setgid" : f.setuid() ? "setuid" : "setgid";
    sink.add(ctx.file_finding(kSetuidFilesMeta, f,
                              path + " is " + bits + " (mode " + octal_mode(f.mode) + ", owner " +
                                  std::to_string(f.uid) + ":" + std::to_string(f.gid) + "), added in " +
                                  ctx.describe_layer(f.layer)));
  }
}

constexpr Reference kWritableRefs[] = {kCisDockerImages, kNistContainers};

constexpr RuleMeta kWorldWritableDirMeta{
    .id = "IMG-world-writable-dir",
    .severity = Severity::Medium,
    .family = Family::Image,
    .title = "World-writable directory without the sticky bit",
    .why =
        "Any user can create, replace or delete files in a world-writable directory. Without the sticky bit "
        "(as /tmp has) one process can swap another's files, e.g. a script or library another user then "
        "runs; inside an image this often means replacing application code.",
    .fix = "RUN chmod 1777 /shared   # or better: chown app /shared && chmod 0750 /shared",
    .references = kWritableRefs,
};

void check_world_writable_dirs(const ImageContext& ctx, FindingSink& sink) {
  for (const auto& [path, f] : ctx.image().fs.files()) {
    if (f.type != img::EntryType::Directory || !f.world_writable() || f.sticky()) continue;
    sink.add(ctx.file_finding(kWorldWritableDirMeta, f,
                              path + " is world-writable without the sticky bit (mode " + octal_mode(f.mode) +
                                  "), set in " + ctx.describe_layer(f.layer)));
  }
}

constexpr Reference kMinimalRefs[] = {kDistroless, kNistContainers};

constexpr RuleMeta kShellInMinimalMeta{
    .id = "IMG-shell-in-minimal",
    .severity = Severity::Info,
    .family = Family::Image,
    .title = "Shell or package manager in an image that presents itself as minimal",
    .why =
        "A distroless or minimal image is chosen so that an attacker who gets in finds no shell, no package "
        "manager and no tools to download the next stage. One left in (often from a debug variant or a "
        "copied base layer) quietly undoes that.",
    .fix =
        "FROM gcr.io/distroless/static-debian12:nonroot   # not the :debug variant\n# and copy only the app "
        "binary",
    .references = kMinimalRefs,
};

void check_shell_in_minimal(const ImageContext& ctx, FindingSink& sink) {
  if (!ctx.claims_minimal()) return;
  std::set<std::string> reported;
  for (std::string_view program : {"sh", "bash", "ash", "dash", "zsh", "busybox", "apt", "apt-get", "dpkg",
                                   "apk", "yum", "dnf", "microdnf", "rpm", "pip", "pip3"}) {
    const img::FileInfo* f = find_program(ctx, program);
    if (f == nullptr || reported.contains(f->path)) continue;
    reported.insert(f->path);
    sink.add(ctx.file_finding(kShellInMinimalMeta, *f,
                              std::string(program) + " is present (" + f->path +
                                  ") although the image presents itself as minimal/distroless"));
  }
}

}  // namespace

const ImageRule kPrivilegeToolsRule{&kPrivilegeToolsMeta, check_privilege_tools};
const ImageRule kSetuidFilesRule{&kSetuidFilesMeta, check_setuid_files};
const ImageRule kWorldWritableDirRule{&kWorldWritableDirMeta, check_world_writable_dirs};
const ImageRule kShellInMinimalRule{&kShellInMinimalMeta, check_shell_in_minimal};

}  // namespace bulwark::rules::image
