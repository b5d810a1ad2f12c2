#include <array>
#include <utility>

#include "dockerfile/syntax.h"

namespace bulwark::dockerfile {
namespace {

constexpr std::array<std::pair<std::string_view, Keyword>, 18> kKeywords{{
    {"FROM", Keyword::From},
    {"RUN", Keyword::Run},
    {"CMD", Keyword::Cmd},
    {"LABEL", Keyword::Label},
    {"MAINTAINER", Keyword::Maintainer},
    {"EXPOSE", Keyword::Expose},
    {"ENV", Keyword::Env},
    {"ADD", Keyword::Add},
    {"COPY", Keyword::Copy},
    {"ENTRYPOINT", Keyword::Entrypoint},
    {"VOLUME", Keyword::Volume},
    {"USER", Keyword::User},
    {"WORKDIR", Keyword::Workdir},
    {"ARG", Keyword::Arg},
    {"ONBUILD", Keyword::Onbuild},
    {"STOPSIGNAL", Keyword::Stopsignal},
    {"HEALTHCHECK", Keyword::Healthcheck},
    {"SHELL", Keyword::Shell},
}};

char upper(char c) {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

}  // namespace

std::optional<Keyword> keyword_from_name(std::string_view name) {
  for (const auto& [spelling, keyword] : kKeywords) {
    if (spelling.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < name.size() && same; ++i) same = upper(name[i]) == spelling[i];
    if (same) return keyword;
  }
  return std::nullopt;
}

std::string_view keyword_name(Keyword keyword) {
  for (const auto& [spelling, k] : kKeywords)
    if (k == keyword) return spelling;
  return "?";
}

const Flag* Instruction::flag(std::string_view name) const {
  const Flag* found = nullptr;
  for (const Flag& f : flags)
    if (f.name == name) found = &f;
  return found;
}

const Directive* Dockerfile::directive(std::string_view name) const {
  for (const Directive& d : directives)
    if (d.name == name) return &d;
  return nullptr;
}

}  // namespace bulwark::dockerfile
