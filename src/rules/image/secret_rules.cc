#include <optional>

#include "rules/image/image_rules.h"
#include "rules/image/references.h"
#include "secrets/mask.h"
#include "secrets/secret_scanner.h"

namespace bulwark::rules::image {
namespace {

constexpr Reference kSecretRefs[] = {kMitreUnsecuredCredentials, kCisDockerImages, kOciLayerSpec};

constexpr RuleMeta kSecretFileMeta{
    .id = "IMG-secret-file",
    .severity = Severity::Critical,
    .family = Family::Image,
    .title = "Credential stored in an image layer",
    .why =
        "Every layer of a pushed image can be downloaded and unpacked by anyone who can pull it. A private "
        "key, token or password file in any layer is readable there, even when a later layer deletes it: "
        "deletion only hides the file in the running container, the bytes stay in the layer that added it.",
    .fix =
        "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n"
        "# the secret is available to that one RUN and never written to a layer; rotate the leaked one",
    .references = kSecretRefs,
};

constexpr RuleMeta kSecretEnvMeta{
    .id = "IMG-secret-env",
    .severity = Severity::Critical,
    .family = Family::Image,
    .title = "Credential in the image's environment (ENV)",
    .why =
        "ENV values are stored in the image config: `docker inspect` shows them to anyone who can pull the "
        "image, and every process in every container started from it inherits them.",
    .fix =
        "# inject at run time instead:\nenv:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: "
        "{name: db, key: password}",
    .references = kSecretRefs,
};

constexpr RuleMeta kSecretHistoryMeta{
    .id = "IMG-secret-history",
    .severity = Severity::Critical,
    .family = Family::Image,
    .title = "Credential in the image build history (RUN line or build argument)",
    .why =
        "The image config keeps every build step's command line, with the build arguments it saw: "
        "`docker history --no-trunc` prints them to anyone who can pull the image. A token passed with "
        "--build-arg or typed into a RUN line is public from then on.",
    .fix =
        "RUN --mount=type=secret,id=api_token API_TOKEN=$(cat /run/secrets/api_token) ./fetch.sh\n"
        "# docker build --secret id=api_token,env=API_TOKEN .",
    .references = kSecretRefs,
};

std::string describe_match(std::string_view text, const secrets::SecretMatch& m) {
  return std::string(secrets::describe(m.kind)) + " (" + secrets::mask(text.substr(m.offset, m.length)) + ")";
}

void check_secret_files(const ImageContext& ctx, FindingSink& sink) {
  const auto& scanner = secrets::SecretScanner::instance();
  for (const auto& [path, f] : ctx.image().fs.files()) {
    if (!f.content || f.type != img::EntryType::Regular || f.hard_link) continue;
    const auto matches = scanner.scan(*f.content);
    if (matches.empty()) continue;
    sink.add(ctx.file_finding(
        kSecretFileMeta, f,
        path + " contains a " + describe_match(*f.content, matches.front()) +
            (matches.size() > 1 ? " and " + std::to_string(matches.size() - 1) + " more" : "") +
            ", added in " + ctx.describe_layer(f.layer)));
  }
  for (const img::RemovedFile& removed : ctx.image().fs.removed()) {
    const img::FileInfo& f = removed.file;
    if (!f.content || f.type != img::EntryType::Regular || f.hard_link) continue;
    const auto matches = scanner.scan(*f.content);
    if (matches.empty()) continue;
    const char* how = removed.how == img::Removal::Replaced ? "overwritten" : "deleted";
    sink.add(ctx.file_finding(kSecretFileMeta, f,
                              f.path + " contains a " + describe_match(*f.content, matches.front()) +
                                  "; it was " + how + " in layer " + std::to_string(removed.removed_by) +
                                  " but is still readable in " + ctx.describe_layer(f.layer)));
  }
}

void check_secret_env(const ImageContext& ctx, FindingSink& sink) {
  const auto& scanner = secrets::SecretScanner::instance();
  for (const std::string& entry : ctx.image().config.env) {
    const auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    const std::string_view name = std::string_view(entry).substr(0, eq);
    const std::string_view value = std::string_view(entry).substr(eq + 1);
    const auto match = scanner.scan_named(name, value);
    if (!match) continue;
    sink.add(ctx.config_finding(
        kSecretEnvMeta, "config.Env." + std::string(name),
        "environment variable " + std::string(name) + " holds a " + describe_match(value, *match)));
  }
}

// "RUN |2 A=1 B=2 /bin/sh -c ..." (BuildKit) or "|2 A=1 B=2 /bin/sh -c ..." (classic builder): the
// build arguments a RUN saw, recorded in front of its command.
std::vector<std::pair<std::string_view, std::string_view>> build_args_of(std::string_view created_by) {
  std::vector<std::pair<std::string_view, std::string_view>> out;
  if (created_by.starts_with("RUN ")) created_by.remove_prefix(4);
  if (!created_by.starts_with("|")) return out;
  created_by.remove_prefix(1);
  std::size_t count = 0;
  while (!created_by.empty() && created_by.front() >= '0' && created_by.front() <= '9') {
    count = count * 10 + static_cast<std::size_t>(created_by.front() - '0');
    created_by.remove_prefix(1);
    if (count > 10000) return out;
  }
  for (std::size_t i = 0; i < count; ++i) {
    while (created_by.starts_with(" ")) created_by.remove_prefix(1);
    const auto end = created_by.find(' ');
    const std::string_view pair = created_by.substr(0, end);
    const auto eq = pair.find('=');
    if (eq == std::string_view::npos) break;
    out.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
    if (end == std::string_view::npos) break;
    created_by.remove_prefix(end);
  }
  return out;
}

void check_secret_history(const ImageContext& ctx, FindingSink& sink) {
  const auto& scanner = secrets::SecretScanner::instance();
  const auto& history = ctx.image().config.history;
  for (std::size_t i = 0; i < history.size(); ++i) {
    const std::string& step = history[i].created_by;
    std::optional<std::string> found;
    for (const auto& [name, value] : build_args_of(step))
      if (const auto match = scanner.scan_named(name, value)) {
        found = "build argument " + std::string(name) + " holds a " + describe_match(value, *match);
        break;
      }
    if (!found) {
      const auto matches = scanner.scan(step);
      if (!matches.empty()) found = "the command contains a " + describe_match(step, matches.front());
    }
    if (!found) continue;
    Finding f = ctx.config_finding(kSecretHistoryMeta, "history[" + std::to_string(i) + "].created_by",
                                   "build step " + std::to_string(i) + ": " + *found);
    f.location.snippet = mask_secrets_in(step);
    sink.add(std::move(f));
  }
}

}  // namespace

const ImageRule kSecretFileRule{&kSecretFileMeta, check_secret_files};
const ImageRule kSecretEnvRule{&kSecretEnvMeta, check_secret_env};
const ImageRule kSecretHistoryRule{&kSecretHistoryMeta, check_secret_history};

}  // namespace bulwark::rules::image
