// Fake credentials in the documented formats of each provider (none is a live key). Each case
// lists the secret substrings the scanner must find, in order; near-misses list none.
#include "secrets/secret_scanner.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "secrets/base64.h"
#include "secrets/mask.h"

namespace bulwark::secrets {
namespace {

struct Expected {
  SecretKind kind;
  std::string secret;
};

struct Case {
  std::string name;
  std::string text;
  std::vector<Expected> expected;
};

const std::string kPemBody = "vqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xatws8phP9nhFyJfm5di4PzJ59FHz5";
const std::string kPem =
    "-----BEGIN RSA PRIVATE KEY-----\n" + kPemBody + "\n" + kPemBody + "\n-----END RSA PRIVATE KEY-----";
const std::string kAzure =
    "2O76UMFxFkM+R5Kjp1vRt/1fjORS+6ilI8ihN5KXSc7Tvo+hBKqFYY+kv5ZJr3J1TWDtkwtDDb/xHKas1VOqg6==";
const std::string kJwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.yEZDz_"
    "TddJ8HyS5SUkCnD8zRA9a9SkpXz9w3QlY7Zku";

// `n` characters of a generated-looking value.
std::string value_of(std::size_t n) {
  std::string v;
  while (v.size() < n) v += "Xk9mP2vL7qRt";
  v.resize(n);
  return v;
}

std::vector<Case> cases() {
  return {
      // Known formats.
      {"aws key id",
       "AWS_ACCESS_KEY_ID=AKIAQ7XRZ3D5M2PLW4NB",
       {{SecretKind::AwsAccessKeyId, "AKIAQ7XRZ3D5M2PLW4NB"}}},
      {"aws temporary key id",
       "id: ASIAQ7XRZ3D5M2PLW4NB\n",
       {{SecretKind::AwsAccessKeyId, "ASIAQ7XRZ3D5M2PLW4NB"}}},
      {"aws secret key",
       "aws_secret_access_key = PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA+\n",
       {{SecretKind::AwsSecretAccessKey, "PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA+"}}},
      {"aws pair",
       "[default]\naws_access_key_id=AKIAQ7XRZ3D5M2PLW4NB\naws_secret_access_key="
       "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",
       {{SecretKind::AwsAccessKeyId, "AKIAQ7XRZ3D5M2PLW4NB"},
        {SecretKind::AwsSecretAccessKey, "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"}}},
      {"gcp service account json",
       R"({"type": "service_account", "project_id": "p", "private_key_id": "4d3cea27d26934b484e73cf575dcad6ba2b0aee0"})",
       {{SecretKind::GcpServiceAccount, "4d3cea27d26934b484e73cf575dcad6ba2b0aee0"}}},
      {"azure connection string",
       "DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=" + kAzure +
           ";EndpointSuffix=core.windows.net",
       {{SecretKind::AzureStorageKey, kAzure}}},
      {"github classic token",
       "token ghp_53X83RZJzzzzgEOzdmenCkhvMdgaKjIg8xNb",
       {{SecretKind::GithubToken, "ghp_53X83RZJzzzzgEOzdmenCkhvMdgaKjIg8xNb"}}},
      {"github token under a generic name",
       "GITHUB_TOKEN=ghs_53X83RZJzzzzgEOzdmenCkhvMdgaKjIg8xNb",
       {{SecretKind::GithubToken, "ghs_53X83RZJzzzzgEOzdmenCkhvMdgaKjIg8xNb"}}},
      {"gitlab token",
       "--token=glpat-e3nNyjOq9wMxEhh2FDEE ",
       {{SecretKind::GitlabToken, "glpat-e3nNyjOq9wMxEhh2FDEE"}}},
      {"slack bot token",
       "xoxb-123456789012-1234567890123-WHtP3fS2qHx6kwXoIIXGvOoN",
       {{SecretKind::SlackToken, "xoxb-123456789012-1234567890123-WHtP3fS2qHx6kwXoIIXGvOoN"}}},
      {"slack webhook",
       "url: https://hooks.slack.com/services/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\n",
       {{SecretKind::SlackWebhook,
         "https://hooks.slack.com/services/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"}}},
      {"stripe live key",
       "STRIPE=sk_live_tfjgVvVqE1SkHbn88HxjSI6b",
       {{SecretKind::StripeKey, "sk_live_tfjgVvVqE1SkHbn88HxjSI6b"}}},
      {"pem private key", "key: |\n" + kPem + "\n", {{SecretKind::PrivateKey, kPem}}},
      {"pem in json string",
       "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n" + kPemBody + "\\n-----END PRIVATE KEY-----\\n\"}",
       {{SecretKind::PrivateKey,
         "-----BEGIN PRIVATE KEY-----\\n" + kPemBody + "\\n-----END PRIVATE KEY-----"}}},
      {"jwt", "Authorization: Bearer " + kJwt, {{SecretKind::Jwt, kJwt}}},
      {"basic auth url",
       "DATABASE_URL=postgres://app:Zk8q2Lm9Xp@db.internal:5432/app",
       {{SecretKind::BasicAuthUrl, "Zk8q2Lm9Xp"}}},
      {"generic password", "db.password=Xk9#mP2vL7qR\n", {{SecretKind::GenericAssignment, "Xk9#mP2vL7qR"}}},
      {"generic yaml api key",
       "  apiKey: \"f3K9qL2mZ8xW4vT7\"\n",
       {{SecretKind::GenericAssignment, "f3K9qL2mZ8xW4vT7"}}},
      {"generic env file",
       "export DB_PASSWORD=\"Tr0ub4dor&3xq\"",
       {{SecretKind::GenericAssignment, "Tr0ub4dor&3xq"}}},
      {"two findings in order",
       "password=Xk9#mP2vL7qR token=ghp_53X83RZJzzzzgEOzdmenCkhvMdgaKjIg8xNb",
       {{SecretKind::GenericAssignment, "Xk9#mP2vL7qR"},
        {SecretKind::GithubToken, "ghp_53X83RZJzzzzgEOzdmenCkhvMdgaKjIg8xNb"}}},

      // The generic patterns' value bounds ({8,200}): a longer unquoted value is its first 200 characters;
      // a quoted env-file value must close within 200 characters, and a match may start inside a longer one.
      {"generic value at the bound",
       "password=" + value_of(200),
       {{SecretKind::GenericAssignment, value_of(200)}}},
      {"generic value past the bound",
       "password=" + value_of(300),
       {{SecretKind::GenericAssignment, value_of(200)}}},
      {"env file value at the bound",
       "A_TOKEN=\"," + value_of(199) + "\"",
       {{SecretKind::GenericAssignment, "," + value_of(199)}}},
      {"env file value past the bound", "A_TOKEN=\"," + value_of(200) + "\"", {}},
      {"env file match inside an overlong value",
       "A_TOKEN=\"," + value_of(240) + "MY_SECRET=\",Tr0ub4dor&3xq\"",
       {{SecretKind::GenericAssignment, ",Tr0ub4dor&3xq"}}},

      // Near-misses: placeholders, references, documentation examples and look-alikes.
      {"changeme", "password: changeme", {}},
      {"env reference", "password=${DB_PASSWORD}", {}},
      {"kubernetes env expansion", "--password=$(DB_PASSWORD)", {}},
      {"helm template", "api_key: {{ .Values.apiKey }}", {}},
      {"angle placeholder", "token: <token>", {}},
      {"angle password placeholder", "password: <password>", {}},
      {"aws documentation example", "AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE", {}},
      {"aws documentation secret", "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", {}},
      {"secret name reference", "secretName: db-credentials-prod", {}},
      {"password file path", "password_file: /run/secrets/db_password", {}},
      {"token path", "tokenPath: /var/run/secrets/kubernetes.io/serviceaccount/token", {}},
      {"object name value", "password: prom-operator", {}},
      {"short value", "token: abc123", {}},
      {"sentence", "the password must be rotated every 90 days", {}},
      {"url without password", "postgres://app@db.internal:5432/app", {}},
      {"url with variable password", "postgres://app:${PGPASSWORD}@db:5432/app", {}},
      {"url with env expansion", "amqp://guest:$(RABBIT_PASS)@rabbit:5672", {}},
      {"truncated github token", "ghp_53X83RZJzzzz", {}},
      {"stripe publishable key", "pk_live_tfjgVvVqE1SkHbn88HxjSI6b", {}},
      {"pem without body", "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----", {}},
      {"public key", "-----BEGIN PUBLIC KEY-----\n" + kPemBody + "\n-----END PUBLIC KEY-----", {}},
      {"certificate", "-----BEGIN CERTIFICATE-----\n" + kPemBody + "\n-----END CERTIFICATE-----", {}},
      {"one jwt segment", "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9", {}},
      {"redacted", "password: '********'", {}},
      {"xxx", "api_key=xxxxxxxxxxxxxxxx", {}},
      {"your key here", "API_KEY=your-api-key-here", {}},
      {"low entropy", "password: aaaabbbb1111", {}},
      {"token endpoint", "token_endpoint: https://issuer.example.com/oauth/token", {}},
      {"secret key ref", "secretKeyRef: {name: db, key: password}", {}},
      {"empty", "", {}},
  };
}

class SecretScannerTest : public ::testing::TestWithParam<Case> {};

TEST_P(SecretScannerTest, FindsExactlyTheExpectedSecrets) {
  const Case& c = GetParam();
  const std::vector<SecretMatch> got = SecretScanner::instance().scan(c.text);
  ASSERT_EQ(got.size(), c.expected.size()) << c.text;
  std::size_t search_from = 0;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const std::size_t at = c.text.find(c.expected[i].secret, search_from);
    ASSERT_NE(at, std::string::npos);
    EXPECT_EQ(got[i].kind, c.expected[i].kind) << to_string(got[i].kind);
    EXPECT_EQ(got[i].offset, at);
    EXPECT_EQ(got[i].length, c.expected[i].secret.size());
    search_from = at + 1;
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, SecretScannerTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param) {
                           std::string n;
                           for (char ch : param.param.name)
                             n.push_back(std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_');
                           return n;
                         });

struct NamedCase {
  std::string name;
  std::string value;
  std::optional<SecretKind> kind;
};

class ScanNamedTest : public ::testing::TestWithParam<NamedCase> {};

TEST_P(ScanNamedTest, JudgesTheValueByItsName) {
  const NamedCase& c = GetParam();
  const std::optional<SecretMatch> got = SecretScanner::instance().scan_named(c.name, c.value);
  ASSERT_EQ(got.has_value(), c.kind.has_value()) << c.name << "=" << c.value;
  if (got) {
    EXPECT_EQ(got->kind, *c.kind);
  }
}

INSTANTIATE_TEST_SUITE_P(
    Names, ScanNamedTest,
    ::testing::Values(NamedCase{"DB_PASSWORD", "Xk9#mP2vL7qR", SecretKind::GenericAssignment},
                      NamedCase{"apiKey", "f3K9qL2mZ8xW4vT7", SecretKind::GenericAssignment},
                      NamedCase{"AWS_SECRET_ACCESS_KEY", "PtYgjmUhBel31iEl2hpChYgCfrL1spNxnyVmihA+",
                                SecretKind::AwsSecretAccessKey},
                      NamedCase{"ANY_NAME", "ghp_53X83RZJzzzzgEOzdmenCkhvMdgaKjIg8xNb",
                                SecretKind::GithubToken},
                      NamedCase{"DB_PASSWORD", "changeme", std::nullopt},
                      NamedCase{"DB_PASSWORD", "$(PASSWORD)", std::nullopt},
                      NamedCase{"PASSWORD_FILE", "/etc/secret/Xk9#mP2vL7qR", std::nullopt},
                      NamedCase{"LOG_LEVEL", "Xk9#mP2vL7qR", std::nullopt},
                      NamedCase{"TOKEN_TTL", "3600s5m2h", std::nullopt},
                      NamedCase{"SECRET_NAME", "db-credentials", std::nullopt}),
    [](const ::testing::TestParamInfo<NamedCase>& param) { return std::to_string(param.index); });

TEST(Mask, ShowsAtMostFourCharactersAndTheLength) {
  EXPECT_EQ(mask("ghp_53X83RZJzzzzgEOzdmenCkhvMdgaKjIg8xNb"), "ghp_\u2026 (40 chars)");
  EXPECT_EQ(mask("Xk9#mP2vL7"), "Xk\u2026 (10 chars)");  // short values show a quarter
  EXPECT_EQ(mask("abc"), "\u2026 (3 chars)");
  EXPECT_EQ(mask("\n\tab cdefghijklm"), "**ab\u2026 (16 chars)");
  EXPECT_EQ(mask_range("password=Xk9#mP2vL7qR end", 9, 12), "password=Xk9\u2026 (12 chars) end");
  EXPECT_EQ(mask_range("abc", 10, 2), "abc");
}

TEST(Base64, DecodesStandardAlphabetWithOrWithoutPadding) {
  EXPECT_EQ(decode_base64("cGFzc3dvcmQ="), "password");
  EXPECT_EQ(decode_base64("cGFzc3dvcmQ"), "password");
  EXPECT_EQ(decode_base64("YWRt\naW4="), "admin");
  EXPECT_EQ(decode_base64(""), "");
  EXPECT_FALSE(decode_base64("not base64!"));
  EXPECT_FALSE(decode_base64("YQ==YQ"));
  EXPECT_FALSE(decode_base64("Y"));
}

}  // namespace
}  // namespace bulwark::secrets
