#pragma once

#include <string>

#include "image/image.h"
#include "image/os_packages.h"

namespace bulwark::image {

/// What the SBOM describes: the image itself.
struct SbomSubject {
  std::string name;      // reference, or the source path when the archive names none
  std::string digest;    // manifest digest when known, else config digest
  std::string platform;  // "linux/amd64"
};

SbomSubject sbom_subject(const Image& image);

/// A CycloneDX 1.5 JSON BOM of the OS packages: one "operating-system" component for the distribution,
/// one "library" component per package with name, version, purl and (as properties) arch, package
/// manager and database. The serial number is derived from the content, so equal inputs give equal bytes.
std::string cyclonedx_json(const PackageInventory& inventory, const SbomSubject& subject);

}  // namespace bulwark::image
