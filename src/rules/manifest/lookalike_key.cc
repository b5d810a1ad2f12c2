#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>

#include "rules/manifest/manifest_rules.h"

namespace bulwark::rules::manifest {
namespace {

constexpr Reference kReferences[] = {
    {"Unicode Technical Standard #39: confusable characters", "https://www.unicode.org/reports/tr39/"},
    {"MITRE ATT&CK T1036: Masquerading", "https://attack.mitre.org/techniques/T1036/"},
};

// Characters that render like an ASCII letter (a subset of Unicode's confusables table that
// covers Cyrillic, Greek and fullwidth Latin), and invisible ones that change a key silently.
std::optional<char> ascii_lookalike(char32_t c) {
  switch (c) {
    case 0x0430:
      return 'a';
    case 0x0435:
      return 'e';
    case 0x043E:
      return 'o';
    case 0x0440:
      return 'p';
    case 0x0441:
      return 'c';
    case 0x0443:
      return 'y';
    case 0x0445:
      return 'x';
    case 0x0456:
      return 'i';
    case 0x0458:
      return 'j';
    case 0x0455:
      return 's';
    case 0x0501:
      return 'd';
    case 0x051B:
      return 'q';
    case 0x051D:
      return 'w';
    case 0x04BB:
      return 'h';
    case 0x04CF:
      return 'l';
    case 0x0410:
      return 'A';
    case 0x0412:
      return 'B';
    case 0x0415:
      return 'E';
    case 0x041A:
      return 'K';
    case 0x041C:
      return 'M';
    case 0x041D:
      return 'H';
    case 0x041E:
      return 'O';
    case 0x0420:
      return 'P';
    case 0x0421:
      return 'C';
    case 0x0422:
      return 'T';
    case 0x0425:
      return 'X';
    case 0x0406:
      return 'I';
    case 0x0408:
      return 'J';
    case 0x0405:
      return 'S';
    case 0x03B1:
      return 'a';
    case 0x03BF:
      return 'o';
    case 0x03BD:
      return 'v';
    case 0x03C1:
      return 'p';
    case 0x03B9:
      return 'i';
    case 0x03BA:
      return 'k';
    case 0x0391:
      return 'A';
    case 0x0392:
      return 'B';
    case 0x0395:
      return 'E';
    case 0x0396:
      return 'Z';
    case 0x0397:
      return 'H';
    case 0x0399:
      return 'I';
    case 0x039A:
      return 'K';
    case 0x039C:
      return 'M';
    case 0x039D:
      return 'N';
    case 0x039F:
      return 'O';
    case 0x03A1:
      return 'P';
    case 0x03A4:
      return 'T';
    case 0x03A5:
      return 'Y';
    case 0x03A7:
      return 'X';
    case 0x0131:
      return 'i';
    default:
      break;
  }
  if (c >= 0xFF21 && c <= 0xFF3A) return static_cast<char>('A' + (c - 0xFF21));  // fullwidth A-Z
  if (c >= 0xFF41 && c <= 0xFF5A) return static_cast<char>('a' + (c - 0xFF41));  // fullwidth a-z
  return std::nullopt;
}

bool is_invisible(char32_t c) {
  return c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF;
}

struct Decoded {
  char32_t code;
  std::size_t length;
};

Decoded decode_utf8(std::string_view s) {
  const auto b0 = static_cast<unsigned char>(s[0]);
  auto cont = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(s[i]) & 0x3F); };
  if (b0 < 0x80) return {b0, 1};
  if (b0 >= 0xC0 && b0 < 0xE0 && s.size() >= 2) return {(static_cast<char32_t>(b0 & 0x1F) << 6) | cont(1), 2};
  if (b0 >= 0xE0 && b0 < 0xF0 && s.size() >= 3)
    return {(static_cast<char32_t>(b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3};
  if (b0 >= 0xF0 && s.size() >= 4)
    return {(static_cast<char32_t>(b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), 4};
  return {0xFFFD, 1};
}

/// The ASCII key a reader would see, and the first deceptive character, when the key is made of
/// ASCII plus look-alike or invisible characters only; nullopt for ordinary keys (ASCII, or text
/// that is visibly not ASCII, like a label value in Japanese).
struct Lookalike {
  std::string skeleton;
  char32_t culprit;
};
std::optional<Lookalike> skeleton_of(std::string_view key) {
  Lookalike out{{}, 0};
  bool deceptive = false;
  for (std::size_t i = 0; i < key.size();) {
    const Decoded d = decode_utf8(key.substr(i));
    i += d.length;
    if (d.code < 0x80) {
      out.skeleton.push_back(static_cast<char>(d.code));
    } else if (const auto ascii = ascii_lookalike(d.code)) {
      out.skeleton.push_back(*ascii);
      if (!deceptive) out.culprit = d.code;
      deceptive = true;
    } else if (is_invisible(d.code)) {
      if (!deceptive) out.culprit = d.code;
      deceptive = true;
    } else {
      return std::nullopt;
    }
  }
  if (!deceptive || out.skeleton.empty()) return std::nullopt;
  return out;
}

void walk(const doc::Document& document, const doc::Node& node, const std::string& path, FindingSink& sink,
          std::size_t& budget) {
  if (budget == 0) return;  // aliases can make a tree wide; the loader bounds it, we bound the walk
  --budget;
  if (node.is_sequence()) {
    std::size_t i = 0;
    for (const doc::Node* item : node.items())
      walk(document, *item, path + "[" + std::to_string(i++) + "]", sink, budget);
    return;
  }
  for (const doc::MapEntry& e : node.entries()) {
    const std::string child = path.empty() ? std::string(e.name) : path + "." + std::string(e.name);
    if (const auto l = skeleton_of(e.name)) {
      Finding f;
      f.rule = &kLookalikeKey;
      f.severity = kLookalikeKey.severity;
      f.message = fmt::format(
          "key \"{}\" looks like \"{}\" but contains U+{:04X}: Kubernetes reads it as a different "
          "field, so the setting a reviewer sees is not the one applied",
          e.name, l->skeleton, static_cast<uint32_t>(l->culprit));
      f.field_path = child;
      f.location = location_of(document, e.key);
      sink.add(std::move(f));
    }
    walk(document, *e.value, child, sink, budget);
  }
}

void check(const doc::Document& document, FindingSink& sink) {
  if (!document.root()) return;
  std::size_t budget = 1'000'000;
  walk(document, *document.root(), "", sink, budget);
}

}  // namespace

extern const RuleMeta kLookalikeKey{
    .id = "BW-lookalike-key",
    .severity = Severity::High,
    .family = Family::Manifest,
    .title = "Key spelled with look-alike or invisible characters",
    .why =
        "A key such as `рrivileged` written with a Cyrillic `р` looks exactly like `privileged` on screen, "
        "but "
        "Kubernetes treats it as an unknown field and drops it, while a reviewer believes the setting is "
        "there. "
        "The same trick with invisible characters (zero-width spaces) hides a key from search and review. "
        "Real "
        "manifests never need such characters in keys.",
    .fix = "# retype the key in plain ASCII\nsecurityContext:\n  privileged: false",
    .references = kReferences,
};

extern const DocumentRule kLookalikeKeyRule{&kLookalikeKey, check};

}  // namespace bulwark::rules::manifest
