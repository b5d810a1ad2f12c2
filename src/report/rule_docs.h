#pragma once

#include <string>

#include "rules/rule_meta.h"

namespace bulwark::report {

/// Everything people read about rules is generated here from the catalog's metadata:
/// `bulwark explain`, `bulwark rules`, docs/rules/<id>.md and the README's rule table.
std::string render_rule_explanation(const rules::RuleMeta& rule, bool color);
std::string render_rule_catalog_text();
std::string render_rule_catalog_json();
std::string render_rule_catalog_markdown();
/// The page docs/rules/<id>.md.
std::string render_rule_page_markdown(const rules::RuleMeta& rule);

}  // namespace bulwark::report
