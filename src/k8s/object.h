#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "doc/document.h"
#include "doc/node.h"
#include "k8s/pod_layout.h"

namespace bulwark::k8s {

/// One Kubernetes object: a mapping with string `apiVersion` and `kind`, possibly an item of a
/// `List`. It points into a Document, which must outlive it. Where its pod spec and containers sit
/// (if it runs pods) is found when it is made, from nodes that never change: PodSpecView reads it.
class Object {
 public:
  /// The objects a document holds: itself, or the items of a `List`/`*List` (flattened, with
  /// their positions). Empty for documents that are not Kubernetes objects (a values.yaml, a
  /// GitHub workflow) — the caller counts those as skipped.
  static std::vector<Object> in(const doc::Document& document);

  const doc::Document& document() const { return *document_; }
  const doc::Node& root() const { return *root_; }
  std::string_view api_version() const { return api_version_; }
  std::string_view kind() const { return kind_; }
  /// The API group ("" for the core group), from apiVersion.
  std::string_view group() const;
  std::string_view name() const;
  /// metadata.namespace, or "" when the manifest does not set it.
  std::string_view namespace_name() const;
  const doc::Node* metadata() const { return root_->get("metadata"); }
  const doc::Node* labels() const;
  const doc::Node* annotations() const;
  /// A label or annotation value; nullopt when absent or not a string.
  std::optional<std::string_view> label(std::string_view key) const;
  std::optional<std::string_view> annotation(std::string_view key) const;
  /// Where this object sits in its document: "" for a whole document, "items[3]" for a List item.
  const std::string& path_in_document() const { return path_in_document_; }
  /// "Deployment web" or "Deployment prod/web": how reports name the object.
  std::string display_name() const;
  /// Where the pod spec is; prefer PodSpecView::of(object).
  const PodLayout& pod_layout() const { return pod_; }

 private:
  Object(const doc::Document& document, const doc::Node& root, std::string_view api_version,
         std::string_view kind, std::string path)
      : document_(&document),
        root_(&root),
        api_version_(api_version),
        kind_(kind),
        path_in_document_(std::move(path)),
        pod_(PodLayout::locate(root, kind)) {}

  const doc::Document* document_;
  const doc::Node* root_;
  std::string_view api_version_;
  std::string_view kind_;
  std::string path_in_document_;
  PodLayout pod_;
};

}  // namespace bulwark::k8s
