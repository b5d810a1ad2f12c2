#include <algorithm>

#include "dockerfile/substitution.h"
#include "rules/dockerfile/dockerfile_rules.h"
#include "rules/dockerfile/references.h"
#include "secrets/credential_value.h"
#include "secrets/mask.h"
#include "secrets/secret_scanner.h"

namespace bulwark::rules::dockerfile {
namespace {

constexpr Reference kRefs[] = {kBuildSecrets, kCisDocker, kMitreUnsecuredCredentials};

constexpr RuleMeta kValueMeta{
    .id = "DF-secret-value",
    .severity = Severity::Critical,
    .family = Family::Dockerfile,
    .title = "Credential written into the Dockerfile",
    .why =
        "Everything in ENV, ARG, LABEL and RUN ends up in the image config or its history, which anyone who "
        "can "
        "pull the image can read (`docker history`, `docker inspect`), and in the Git history of the "
        "Dockerfile. A leaked key works until someone notices and rotates it.",
    .fix =
        "# pass it at build time without storing it:\nRUN --mount=type=secret,id=npm_token \\\n"
        "    NPM_TOKEN=$(cat /run/secrets/npm_token) npm ci",
    .references = kRefs,
};

constexpr RuleMeta kBuildArgMeta{
    .id = "DF-secret-build-arg",
    .severity = Severity::Medium,
    .family = Family::Dockerfile,
    .title = "Secret passed as a build argument",
    .why =
        "Values given with --build-arg are recorded in the image history and in build provenance, and every "
        "RUN after the ARG sees them in its environment. They are not secret once the image is pushed.",
    .fix =
        "RUN --mount=type=secret,id=api_token \\\n    API_TOKEN=$(cat /run/secrets/api_token) "
        "./fetch-deps.sh\n"
        "# docker build --secret id=api_token,env=API_TOKEN .",
    .references = kRefs,
};

constexpr RuleMeta kCopyMeta{
    .id = "DF-copy-credentials",
    .severity = Severity::High,
    .family = Family::Dockerfile,
    .title = "Key or credential file copied into the image",
    .why =
        "A private key, .npmrc, .netrc, .env or cloud credential file copied into a layer stays in the image "
        "even if a later step deletes it: every layer can be extracted from the pushed image.",
    .fix =
        "RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\n# and list the file in .dockerignore",
    .references = kRefs,
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  return out;
}

// `*_KEY` names count as well in Dockerfiles, except the public-key material images routinely carry.
bool secret_name(std::string_view name) {
  if (secrets::is_secret_name(name)) return true;
  const std::string l = lower(name);
  if (!(l.ends_with("_key") || l.ends_with("-key"))) return false;
  for (std::string_view pub : {"gpg", "pgp", "public", "pub_", "fingerprint", "keyserver", "keyring", "_id"})
    if (l.find(pub) != std::string::npos) return false;
  return true;
}

void collect_pairs(const DockerfileContext& ctx, const df::Instruction& ins, std::vector<SecretValue>& out) {
  const secrets::SecretScanner& scanner = secrets::SecretScanner::instance();
  const std::string keyword(df::keyword_name(ins.keyword));
  for (const df::KeyValue& kv : ins.pairs) {
    if (!kv.value || kv.value->empty()) continue;
    // Quotes and escapes removed; variable references make the value a reference, not a literal.
    const auto value = df::expand(*kv.value, df::Variables{}, ctx.file().escape);
    if (!value) continue;
    const std::string what = keyword + " " + kv.key;
    if (auto m = scanner.scan_named(kv.key, value->text)) {
      out.push_back({kv.value_pos, what, m->kind, value->text.substr(m->offset, m->length)});
      continue;
    }
    if (ins.keyword != df::Keyword::Label && value->unset.empty() && secret_name(kv.key) &&
        !secrets::is_placeholder(value->text) && kv.value->find('$') == std::string::npos)
      out.push_back({kv.value_pos, what, secrets::SecretKind::GenericAssignment, value->text});
  }
}

void collect_text(std::string_view text, const df::SourceMap& map, std::string_view keyword,
                  std::vector<SecretValue>& out) {
  const secrets::SecretScanner& scanner = secrets::SecretScanner::instance();
  for (const secrets::SecretMatch& m : scanner.scan(text))
    out.push_back(
        {map.at(m.offset), std::string(keyword), m.kind, std::string(text.substr(m.offset, m.length))});
}

std::vector<SecretValue> collect(const DockerfileContext& ctx) {
  std::vector<SecretValue> hits;
  for (const df::Instruction& top : ctx.file().instructions) {
    const df::Instruction& ins = top.trigger.empty() ? top : top.trigger.front();
    switch (ins.keyword) {
      case df::Keyword::Env:
      case df::Keyword::Arg:
      case df::Keyword::Label:
        collect_pairs(ctx, ins, hits);
        break;
      case df::Keyword::Run:
      case df::Keyword::Cmd:
      case df::Keyword::Entrypoint:
      case df::Keyword::Healthcheck:
        collect_text(ins.args, ins.args_map, df::keyword_name(ins.keyword), hits);
        for (const df::Heredoc& doc : ins.heredocs)
          collect_text(doc.content, doc.content_map, "RUN heredoc", hits);
        break;
      case df::Keyword::Copy:
      case df::Keyword::Add:
        for (const df::Heredoc& doc : ins.heredocs)
          collect_text(doc.content, doc.content_map, std::string(df::keyword_name(ins.keyword)) + " heredoc",
                       hits);
        break;
      default:
        break;
    }
  }
  return hits;
}

void check_values(const DockerfileContext& ctx, FindingSink& sink) {
  for (const SecretValue& hit : ctx.secrets())
    sink.add(ctx.finding(kValueMeta, hit.pos, hit.field,
                         hit.field + " holds a " + std::string(secrets::describe(hit.kind)) + " (" +
                             secrets::mask(hit.secret) + ")"));
}

void check_build_args(const DockerfileContext& ctx, FindingSink& sink) {
  for (const df::Instruction& ins : ctx.file().instructions) {
    if (ins.keyword != df::Keyword::Arg) continue;
    for (const df::KeyValue& kv : ins.pairs)
      if (secret_name(kv.key))
        sink.add(ctx.finding(kBuildArgMeta, kv.key_pos, "ARG " + kv.key,
                             "ARG " + kv.key +
                                 " carries a secret into the build: build args are stored in the image "
                                 "history; use RUN --mount=type=secret"));
  }
}

bool credential_file(std::string_view path) {
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  const std::string full = lower(path);
  const auto slash = full.rfind('/');
  const std::string base = slash == std::string::npos ? full : full.substr(slash + 1);
  if (base.starts_with("id_rsa") || base.starts_with("id_dsa") || base.starts_with("id_ecdsa") ||
      base.starts_with("id_ed25519"))
    return !base.ends_with(".pub");
  for (std::string_view exact : {".npmrc", ".pypirc", ".netrc", ".env", ".git-credentials", ".dockercfg",
                                 ".htpasswd", ".pgpass", ".ssh", ".aws", ".s3cfg", "credentials.json",
                                 "service-account.json", "secrets.yaml", "secrets.yml", "secrets.json"})
    if (base == exact) return true;
  if (base.starts_with(".env.")) {
    for (std::string_view tame : {"example", "sample", "template", "dist", "defaults"})
      if (base.find(tame) != std::string::npos) return false;
    return true;
  }
  for (std::string_view ext : {".pem", ".key", ".p12", ".pfx", ".jks", ".keystore", ".kdbx", ".ppk"})
    if (base.ends_with(ext)) return true;
  return full.ends_with(".aws/credentials") || full.ends_with(".docker/config.json") ||
         full.ends_with(".kube/config");
}

void check_copies(const DockerfileContext& ctx, FindingSink& sink) {
  for (const df::Instruction& top : ctx.file().instructions) {
    const df::Instruction& ins = top.trigger.empty() ? top : top.trigger.front();
    if (ins.keyword != df::Keyword::Copy && ins.keyword != df::Keyword::Add) continue;
    if (ins.words.size() < 2) continue;
    for (std::size_t i = 0; i + 1 < ins.words.size(); ++i) {
      const df::Word& w = ins.words[i];
      if (w.text.starts_with("<<")) continue;  // a heredoc source
      const auto path = df::expand(w.text, df::Variables{}, ctx.file().escape);
      const std::string source = path ? path->text : w.text;
      if (credential_file(source))
        sink.add(ctx.finding(kCopyMeta, w.pos, std::string(df::keyword_name(ins.keyword)),
                             std::string(df::keyword_name(ins.keyword)) + " puts \"" + source +
                                 "\" (a key or credential file) into an image layer"));
    }
  }
}

}  // namespace

std::vector<SecretValue> find_secrets(const DockerfileContext& context) {
  return collect(context);
}

void mask_secrets(std::string& text, std::span<const SecretValue> secrets_found) {
  for (const SecretValue& found : secrets_found) {
    const std::string& secret = found.secret;
    if (secret.empty()) continue;
    for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 1))
      text = secrets::mask_range(text, at, secret.size());
  }
}

const DockerfileRule kSecretValueRule{&kValueMeta, check_values};
const DockerfileRule kSecretBuildArgRule{&kBuildArgMeta, check_build_args};
const DockerfileRule kCopyCredentialsRule{&kCopyMeta, check_copies};

}  // namespace bulwark::rules::dockerfile
