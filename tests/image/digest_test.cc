#include "image/digest.h"

#include <gtest/gtest.h>

namespace bulwark::image {
namespace {

TEST(Digest, ParsesSha256) {
  auto d = parse_digest("sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(d->algorithm, "sha256");
  EXPECT_EQ(d->str(), "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Digest, RejectsWrongLengthUppercaseAndTraversal) {
  EXPECT_EQ(parse_digest("sha256:abc").error().kind, ImageErrorKind::Format);
  EXPECT_EQ(
      parse_digest("sha256:BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD").error().kind,
      ImageErrorKind::Format);
  EXPECT_EQ(
      parse_digest("sha256:../../../../../../../../../../../../../../../../../../etc/passwd00").error().kind,
      ImageErrorKind::Format);
  EXPECT_EQ(parse_digest("md5:d41d8cd98f00b204e9800998ecf8427e").error().kind, ImageErrorKind::Unsupported);
  EXPECT_EQ(parse_digest("nocolon").error().kind, ImageErrorKind::Format);
}

TEST(Digest, Sha256OfKnownVectors) {
  // FIPS 180-2 test vector "abc" and the empty string.
  EXPECT_EQ(sha256_of("abc").hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_of("").hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Digest, StreamingEqualsOneShot) {
  auto hasher = DigestHasher::create("sha256");
  ASSERT_TRUE(hasher);
  hasher->update(std::string_view("a"));
  hasher->update(std::string_view("bc"));
  EXPECT_EQ(hasher->finish(), sha256_of("abc"));
}

TEST(Digest, VerifyReportsBothDigests) {
  auto wrong = parse_digest("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  auto r = verify_digest("abc", *wrong, "blob x");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, ImageErrorKind::DigestMismatch);
  EXPECT_NE(r.error().message.find("ba7816bf"), std::string::npos);
  EXPECT_NE(r.error().message.find("blob x"), std::string::npos);
}

}  // namespace
}  // namespace bulwark::image
