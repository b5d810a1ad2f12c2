// Kubernetes format library: format.<name>() and format.named(name) return a format whose
// validate(string) yields optional.none() when valid, else optional.of(<list of error messages>).
// Rules and messages follow k8s.io/apimachinery/pkg/util/validation.
#include <re2/re2.h>

#include <array>
#include <memory>
#include <mutex>
#include <utility>

#include "cel/functions.h"
#include "cel/time.h"

namespace bulwark::cel {

namespace {

using Args = std::span<const Value>;

constexpr std::uint8_t kS = K(Kind::String), kF = K(OpaqueType::Format);

const char* const kDns1123Label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const char* const kDns1123Subdomain = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const char* const kDns1035Label = "[a-z]([-a-z0-9]*[a-z0-9])?";
const char* const kQualifiedName = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const char* const kLabelValue = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const char* const kUuid = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";

bool full_match(std::string_view s, const char* pattern) {
  static std::mutex mu;
  static std::vector<std::pair<const char*, std::unique_ptr<RE2>>> cache;
  const RE2* re = nullptr;
  {
    std::lock_guard lock(mu);
    for (auto& [p, r] : cache) {
      if (p == pattern) re = r.get();
    }
    if (re == nullptr) {
      cache.emplace_back(pattern, std::make_unique<RE2>(pattern));
      re = cache.back().second.get();
    }
  }
  return RE2::FullMatch(re2::StringPiece(s.data(), s.size()), *re);
}

std::string max_len(std::size_t n) {
  return "must be no more than " + std::to_string(n) + " characters";
}

std::vector<std::string> dns1123_label(std::string_view s) {
  std::vector<std::string> errs;
  if (s.size() > 63) errs.push_back(max_len(63));
  if (!full_match(s, kDns1123Label)) {
    errs.push_back(
        std::string("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
                    "and must start and end with an alphanumeric character (e.g. 'my-name',  or "
                    "'123-abc', regex used for validation is '") +
        kDns1123Label + "')");
  }
  return errs;
}

std::vector<std::string> dns1123_subdomain(std::string_view s) {
  std::vector<std::string> errs;
  if (s.size() > 253) errs.push_back(max_len(253));
  if (!full_match(s, kDns1123Subdomain)) {
    errs.push_back(
        std::string("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, "
                    "'-' or '.', and must start and end with an alphanumeric character (e.g. "
                    "'example.com', regex used for validation is '") +
        kDns1123Subdomain + "')");
  }
  return errs;
}

std::vector<std::string> dns1035_label(std::string_view s) {
  std::vector<std::string> errs;
  if (s.size() > 63) errs.push_back(max_len(63));
  if (!full_match(s, kDns1035Label)) {
    errs.push_back(
        std::string("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start "
                    "with an alphabetic character, and end with an alphanumeric character (e.g. "
                    "'my-name',  or 'abc-123', regex used for validation is '") +
        kDns1035Label + "')");
  }
  return errs;
}

// Name prefixes (generateName) may end in '-': validate as if that were an alphanumeric.
template <std::vector<std::string> (*Check)(std::string_view)>
std::vector<std::string> prefix_of(std::string_view s) {
  std::string masked(s);
  if (!masked.empty() && masked.back() == '-') masked.back() = 'a';
  return Check(masked);
}

std::vector<std::string> qualified_name(std::string_view s) {
  std::vector<std::string> errs;
  std::string_view name = s;
  auto slash = s.find('/');
  if (slash != std::string_view::npos) {
    if (s.find('/', slash + 1) != std::string_view::npos) {
      errs.push_back(
          std::string("a qualified name must consist of alphanumeric characters, '-', '_' or '.', and "
                      "must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  "
                      "or '123-abc', regex used for validation is '") +
          kQualifiedName + "') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
      return errs;
    }
    std::string_view prefix = s.substr(0, slash);
    name = s.substr(slash + 1);
    if (prefix.empty()) {
      errs.push_back("prefix part must be non-empty");
    } else {
      for (std::string& e : dns1123_subdomain(prefix)) errs.push_back("prefix part " + e);
    }
  }
  if (name.empty()) {
    errs.push_back("name part must be non-empty");
    return errs;
  }
  if (name.size() > 63) errs.push_back("name part " + max_len(63));
  if (!full_match(name, kQualifiedName)) {
    errs.push_back(
        std::string("name part must consist of alphanumeric characters, '-', '_' or '.', and must start "
                    "and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
                    "regex used for validation is '") +
        kQualifiedName + "')");
  }
  return errs;
}

std::vector<std::string> label_value(std::string_view s) {
  std::vector<std::string> errs;
  if (s.size() > 63) errs.push_back(max_len(63));
  if (!full_match(s, kLabelValue)) {
    errs.push_back(
        std::string("a valid label must be an empty string or consist of alphanumeric characters, '-', "
                    "'_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  "
                    "or 'my_value',  or '12345', regex used for validation is '") +
        kLabelValue + "')");
  }
  return errs;
}

std::vector<std::string> uri(std::string_view s) {
  // Same acceptance as the URL library (Go url.ParseRequestURI).
  bool absolute_path = !s.empty() && s.front() == '/';
  auto colon = s.find(':');
  bool with_scheme =
      colon != std::string_view::npos && colon > 0 && colon + 1 < s.size() && s[colon + 1] == '/';
  if (absolute_path || with_scheme) return {};
  return {"invalid URI"};
}

std::vector<std::string> uuid(std::string_view s) {
  if (full_match(s, kUuid)) return {};
  return {"does not match the UUID format"};
}

std::vector<std::string> base64(std::string_view s) {
  if (s.size() % 4 != 0) return {"invalid base64"};
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
              c == '/' || (c == '=' && i + 2 >= s.size());
    if (!ok) return {"invalid base64"};
  }
  return {};
}

std::vector<std::string> date(std::string_view s) {
  if (s.size() == 10 && parse_timestamp(std::string(s) + "T00:00:00Z")) return {};
  return {"invalid date"};
}

std::vector<std::string> datetime(std::string_view s) {
  if (parse_timestamp(s)) return {};
  return {"invalid datetime"};
}

struct NamedFormat {
  std::string_view name;
  std::vector<std::string> (*check)(std::string_view);
};

constexpr std::array<NamedFormat, 13> kFormats = {{
    {"dns1123Label", dns1123_label},
    {"dns1123Subdomain", dns1123_subdomain},
    {"dns1035Label", dns1035_label},
    {"qualifiedName", qualified_name},
    {"dns1123LabelPrefix", prefix_of<dns1123_label>},
    {"dns1123SubdomainPrefix", prefix_of<dns1123_subdomain>},
    {"dns1035LabelPrefix", prefix_of<dns1035_label>},
    {"labelValue", label_value},
    {"uri", uri},
    {"uuid", uuid},
    {"byte", base64},
    {"date", date},
    {"datetime", datetime},
}};

class Format final : public OpaqueValue {
 public:
  explicit Format(const NamedFormat* f) : f_(f) {}
  OpaqueType type() const override { return OpaqueType::Format; }
  std::string_view type_name() const override { return "kubernetes.NamedFormat"; }
  bool equals(const OpaqueValue& o) const override { return f_ == static_cast<const Format&>(o).f_; }
  const NamedFormat& format() const { return *f_; }

 private:
  const NamedFormat* f_;
};

Value make(std::size_t i) {
  return Value::opaque(std::make_shared<const Format>(&kFormats[i]));
}

template <std::size_t I>
Value named_constructor(Args, CallContext&) {
  return make(I);
}

Value named(Args a, CallContext&) {
  for (std::size_t i = 0; i < kFormats.size(); ++i) {
    if (kFormats[i].name == a[0].as_string()) return Value::optional(make(i));
  }
  return Value::optional_none();
}

Value validate(Args a, CallContext&) {
  const auto& f = static_cast<const Format&>(a[0].as_opaque()).format();
  std::vector<std::string> errs = f.check(a[1].as_string());
  if (errs.empty()) return Value::optional_none();
  std::vector<Value> out;
  for (std::string& e : errs) out.push_back(Value::string(std::move(e)));
  return Value::optional(Value::list(std::move(out)));
}

template <std::size_t... I>
void register_constructors(FunctionRegistry& r, std::index_sequence<I...>) {
  (r.add("format." + std::string(kFormats[I].name), false, {}, named_constructor<I>), ...);
}

}  // namespace

void register_format(FunctionRegistry& r) {
  register_constructors(r, std::make_index_sequence<kFormats.size()>{});
  r.add("format.named", false, {kS}, named);
  r.add("validate", true, {kF, kS}, validate);
}

}  // namespace bulwark::cel
