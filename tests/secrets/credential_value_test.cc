#include "secrets/credential_value.h"

#include <gtest/gtest.h>

#include <string>

namespace bulwark::secrets {
namespace {

TEST(Entropy, MatchesShannonDefinition) {
  EXPECT_DOUBLE_EQ(shannon_entropy(""), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("aaaa"), 0.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abab"), 1.0);
  EXPECT_DOUBLE_EQ(shannon_entropy("abcdefgh"), 3.0);
}

TEST(Placeholder, RecognisesStandIns) {
  for (const char* v :
       {"changeme", "${DB_PASS}", "$(DB_PASS)", "{{ .Values.pw }}", "<password>", "$DB_PASS", "EXAMPLE-KEY",
        "xxxxxxxx", "********", "/run/secrets/pw", "your-token-here", "REDACTED", "password", "Password"})
    EXPECT_TRUE(is_placeholder(v)) << v;
  for (const char* v : {"Xk9#mP2vL7qR", "hunter2", "f3K9qL2mZ8xW4vT7"}) EXPECT_FALSE(is_placeholder(v)) << v;
}

TEST(SecretName, CredentialsButNotReferences) {
  for (const char* n :
       {"password", "DB_PASSWORD", "apiKey", "api-key", "API_KEY", "client_secret", "secretKey", "auth-token",
        "GITHUB_TOKEN", "privateKey", "credentials", "passwd", "AWS_SECRET_ACCESS_KEY"})
    EXPECT_TRUE(is_secret_name(n)) << n;
  for (const char* n :
       {"secretName", "password_file", "tokenPath", "token_url", "PASSWORD_FILE", "secretKeyRef", "tokenizer",
        "username", "LOG_LEVEL", "accessKeyId", "token_ttl", "secretRef"})
    EXPECT_FALSE(is_secret_name(n)) << n;
  // Names longer than the on-stack buffer, the credential word at the very end.
  const std::string padding(200, 'x');
  EXPECT_TRUE(is_secret_name(padding + "_DB-PASSWORD"));
  EXPECT_FALSE(is_secret_name(padding + "_PASSWORD_FILE"));
  EXPECT_FALSE(is_secret_name(padding));
}

// Every credential word, spelled with separators, anywhere in a name and right after a letter
// that starts another credential word (each byte of a name is looked at for every word).
TEST(SecretName, EveryWordAtEveryPlace) {
  for (const char* word : {"password", "pass-word", "PassWd", "pwd", "SECRET", "token", "api_key",
                           "Access.Key", "private-key", "Credential"})
    for (const char* before : {"", "x", "p", "s", "t", "a", "c", "my-", "pas", "tok"})
      for (const char* after : {"", "_x", "2", "S"}) {
        const std::string name = std::string(before) + word + after;
        EXPECT_TRUE(is_secret_name(name)) << name;
      }
  for (const char* name : {"pass", "passw", "pw", "secre", "toke", "api", "access", "private", "credentia",
                           "image", "imagePullPolicy", "ports", "containerPort", "apiVersion", "accessModes"})
    EXPECT_FALSE(is_secret_name(name)) << name;
}

// Separators are dropped wherever they stand, between any two letters of a word too: the name
// reads as its lower-cased letters without them ("p.a-s_s-w.o_r-d" is "password").
TEST(SecretName, SeparatorsBetweenAnyLetters) {
  for (const char* name : {"p.a-s_s-w.o_r-d", "T_O_K_E_N", "--secret--", "a_p_i_k_e_y", "_.-pwd",
                           "pass__word", "ACCESS-_.KEY", "c-r-e-d-e-n-t-i-a-l-s", "db.pass-w_d"})
    EXPECT_TRUE(is_secret_name(name)) << name;
  for (const char* name : {"p-a-s-s", "s-e-c-r-e-t_f-i-l-e", "t.o.k.e.n-u.r.l", "_", "--", ".", "",
                           "secre_t_Name", "PRIVATE_KEY_PATH", "api-key-ref"})
    EXPECT_FALSE(is_secret_name(name)) << name;
}

TEST(GeneratedSecret, NeedsLengthClassesAndEntropy) {
  EXPECT_TRUE(looks_like_generated_secret("Xk9#mP2vL7qR"));
  EXPECT_TRUE(looks_like_generated_secret("f3K9qL2mZ8xW4vT7"));
  EXPECT_FALSE(looks_like_generated_secret("short1A"));           // under 8
  EXPECT_FALSE(looks_like_generated_secret("alllowercaseword"));  // one class
  EXPECT_FALSE(looks_like_generated_secret("prom-operator"));     // an object name
  EXPECT_FALSE(looks_like_generated_secret("aaaabbbb1111"));      // low entropy
  EXPECT_FALSE(looks_like_generated_secret("two words here"));
}

}  // namespace
}  // namespace bulwark::secrets
