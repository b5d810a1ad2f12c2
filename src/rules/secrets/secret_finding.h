#pragma once

#include <string>
#include <string_view>

#include "doc/node.h"
#include "k8s/object.h"
#include "rules/finding.h"
#include "secrets/secret_scanner.h"

namespace bulwark::rules::secret_rules {

/// What was scanned: a scalar of the manifest, or the base64-decoded bytes of one.
struct ScannedValue {
  const doc::Node* node = nullptr;
  std::string_view text;  // the scanned text (the node's value, or its decoded bytes)
  bool decoded = false;   // text is the base64 decoding of node's value
};

/// Reports `match` in `value` under `rule`. The finding points at the line of the secret (inside a
/// literal block scalar, at the line it is on), names it only masked, and masks it in the code
/// snippet: no output ever carries the secret.
void report_secret(FindingSink& sink, const RuleMeta& rule, const k8s::Object& object,
                   const ScannedValue& value, const secrets::SecretMatch& match, std::string field_path,
                   std::string_view where);

}  // namespace bulwark::rules::secret_rules
