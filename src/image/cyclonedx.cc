#include "image/cyclonedx.h"

#include <set>

#include "doc/json_escape.h"
#include "image/digest.h"

namespace bulwark::image {

namespace {

// CycloneDX is JSON: the project's one JSON string escaper serves here too.
void append_string(std::string& out, std::string_view s) { doc::append_json_string(out, s); }

void append_member(std::string& out, std::string_view key, std::string_view value, bool comma = true) {
  if (comma) out.push_back(',');
  append_string(out, key);
  out.push_back(':');
  append_string(out, value);
}

void append_property(std::string& out, bool& first, std::string_view name, std::string_view value) {
  if (value.empty()) return;
  if (!first) out.push_back(',');
  first = false;
  out += "{";
  append_member(out, "name", name, false);
  append_member(out, "value", value);
  out += "}";
}

// A version-5-shaped UUID from a hash of the content (CycloneDX requires RFC 4122 form).
std::string content_uuid(std::string_view seed) {
  std::string hex = sha256_of(seed).hex.substr(0, 32);
  hex[12] = '5';
  static constexpr char kVariant[] = "89ab";
  hex[16] = kVariant[std::string_view("0123456789abcdef").find(hex[16]) & 3];
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" + hex.substr(16, 4) + "-" +
         hex.substr(20, 12);
}

}  // namespace

SbomSubject sbom_subject(const Image& image) {
  SbomSubject s;
  s.name = image.reference.empty() ? image.source : image.reference;
  s.digest = image.manifest_digest ? image.manifest_digest->str() : image.config_digest.str();
  s.platform = image.platform.str();
  return s;
}

std::string cyclonedx_json(const PackageInventory& inventory, const SbomSubject& subject) {
  std::string components;
  std::string seed = subject.name + "\n" + subject.digest;
  std::set<std::string> refs;
  auto unique_ref = [&refs](std::string ref) {
    std::string candidate = ref;
    for (int n = 2; refs.contains(candidate); ++n) candidate = ref + "#" + std::to_string(n);
    refs.insert(candidate);
    return candidate;
  };
  bool first_component = true;
  if (!inventory.os.id.empty()) {
    first_component = false;
    components += "{";
    append_member(components, "type", "operating-system", false);
    append_member(components, "bom-ref", unique_ref("os:" + inventory.os.id + "@" + inventory.os.version_id));
    append_member(components, "name", inventory.os.id);
    if (!inventory.os.version_id.empty()) append_member(components, "version", inventory.os.version_id);
    if (!inventory.os.pretty_name.empty()) append_member(components, "description", inventory.os.pretty_name);
    components += "}";
  }
  for (const OsPackage& p : inventory.packages) {
    seed += "\n" + p.purl;
    if (!first_component) components.push_back(',');
    first_component = false;
    components += "{";
    append_member(components, "type", "library", false);
    append_member(components, "bom-ref", unique_ref(p.purl.empty() ? p.name : p.purl));
    append_member(components, "name", p.name);
    append_member(components, "version", p.version);
    if (!p.license.empty()) {
      components += ",\"licenses\":[{\"expression\":";
      append_string(components, p.license);
      components += "}]";
    }
    if (!p.purl.empty()) append_member(components, "purl", p.purl);
    components += ",\"properties\":[";
    bool first = true;
    append_property(components, first, "bulwark:package:arch", p.arch);
    append_property(components, first, "bulwark:package:manager", to_string(p.manager));
    append_property(components, first, "bulwark:package:source", p.source);
    append_property(components, first, "bulwark:package:database", p.database);
    components += "]}";
  }

  std::string out = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\"";
  append_member(out, "serialNumber", "urn:uuid:" + content_uuid(seed));
  out +=
      ",\"version\":1,\"metadata\":{\"tools\":{\"components\":[{\"type\":\"application\",\"name\":"
      "\"bulwark\"}]}";
  out += ",\"component\":{";
  append_member(out, "type", "container", false);
  append_member(out, "bom-ref", subject.digest.empty() ? subject.name : subject.digest);
  append_member(out, "name", subject.name);
  if (!subject.digest.empty()) append_member(out, "version", subject.digest);
  if (!subject.platform.empty()) {
    out += ",\"properties\":[";
    bool first = true;
    append_property(out, first, "bulwark:image:platform", subject.platform);
    out += "]";
  }
  out += "}";
  if (!inventory.notes.empty()) {
    out += ",\"properties\":[";
    bool first = true;
    for (const std::string& note : inventory.notes)
      append_property(out, first, "bulwark:inventory:note", note);
    out += "]";
  }
  out += "},\"components\":[" + components + "]}";
  return out;
}

}  // namespace bulwark::image
