#pragma once

#include <string_view>

namespace bulwark::secrets {

/// Shannon entropy of the bytes of `text`, in bits per byte (0 for an empty text).
double shannon_entropy(std::string_view text);

/// True for values that stand in for a secret rather than being one: template and variable
/// references (${X}, $(X), {{ x }}, <password>), well-known dummies (changeme, example,
/// xxxx, redacted), file paths, and values made of one repeated character.
bool is_placeholder(std::string_view value);

/// True when `name` says its value is a credential (password, passwd, secret, token, api_key,
/// access_key, private_key, credential...) and not a reference to one (secretName,
/// password_file, tokenPath, token_url...).
bool is_secret_name(std::string_view name);

/// The test a value under a secret-like name must pass to count as a real secret: not a
/// placeholder, 8+ characters, not a Kubernetes-style object name, at least two character
/// classes and at least 3 bits of entropy per character.
bool looks_like_generated_secret(std::string_view value);

}  // namespace bulwark::secrets
