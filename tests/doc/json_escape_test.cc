#include "doc/json_escape.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace bulwark::doc {
namespace {

// The truth is a JSON parser: what we write must read back as the text we escaped.
std::string read_back(const std::string& json) {
  simdjson::dom::parser parser;
  std::string_view value;
  const simdjson::padded_string padded(json);
  if (parser.parse(padded).get_string().get(value) != simdjson::SUCCESS)
    return "<not a JSON string: " + json + ">";
  return std::string(value);
}

TEST(JsonEscape, EveryAsciiByteAtEveryPlaceOfAWord) {
  // Lengths around the eight-byte steps, with the byte at each position.
  for (int c = 0; c < 0x80; ++c) {
    for (std::size_t length : {1u, 7u, 8u, 9u, 16u, 17u, 23u, 31u, 32u, 33u}) {
      for (std::size_t at = 0; at < length; ++at) {
        std::string text(length, 'a');
        text[at] = static_cast<char>(c);
        std::string out;
        append_json_string(out, text);
        ASSERT_EQ(read_back(out), text) << "byte " << c << " at " << at << " of " << length;
        const bool must_escape = c < 0x20 || c == '"' || c == '\\';
        ASSERT_EQ(out.size() == text.size() + 2, !must_escape) << "byte " << c << ": " << out;
      }
    }
  }
}

TEST(JsonEscape, ABytePastAnEscapedOneIsJudgedOnItsOwn) {
  // The word tests carry a borrow upward from a byte that needs escaping, so the byte after one
  // ('#' after '"', ']' after '\\', '!' after a control byte, ...) can look flagged too. Pairs of
  // those, at every place in two words, must each come out exactly as they were.
  const std::string tricky = std::string("\"#!\\]\x01\x02\x1f ") + '\0';
  for (char first : tricky)
    for (char second : tricky)
      for (std::size_t at = 0; at + 1 < 16; ++at) {
        std::string text(16, 'a');
        text[at] = first;
        text[at + 1] = second;
        std::string out;
        append_json_string(out, text);
        ASSERT_EQ(read_back(out), text) << "bytes " << int(first) << "," << int(second) << " at " << at;
        const auto escaped = [](char c) {
          return static_cast<unsigned char>(c) < 0x20 || c == '"' || c == '\\';
        };
        const std::size_t expected_growth =
            (escaped(first) ? (first == '"' || first == '\\' || first == '\n' ? 1 : 5) : 0) +
            (escaped(second) ? (second == '"' || second == '\\' || second == '\n' ? 1 : 5) : 0);
        ASSERT_EQ(out.size(), text.size() + 2 + expected_growth) << out;
      }
}

// The bytes themselves, not only what they read back as: RFC 8259's two-character escapes for the
// quote, the backslash, \n, \r and \t, \u00xx (lower-case hex) for the other control characters,
// everything else as it is. Answers and reports are compared byte for byte by their readers' tests.
std::string escaped_byte_by_byte(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
          out += buf;
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

TEST(JsonEscape, WritesTheSpecsEscapes) {
  EXPECT_EQ(
      [] {
        std::string out;
        append_json_string(out, std::string("a\"b\\c\n\r\t\x01\x1f") + '\0');
        return out;
      }(),
      R"("a\"b\\c\n\r\t\u0001\u001f\u0000")");
  std::mt19937 random(11);
  const std::string alphabet = std::string("ab \"\\\n\r\t\x01\x07\x1f\x7f/\xC3\xA9") + '\0';
  std::string out;
  for (int n = 0; n < 3000; ++n) {
    // Lengths across several 16-byte blocks, with any number of escapes in a block.
    std::string text;
    const std::size_t size = random() % 70;
    const bool dense = random() % 2;
    for (std::size_t i = 0; i < size; ++i)
      text += dense || random() % 8 == 0 ? alphabet[random() % alphabet.size()] : 'x';
    if (out.size() > 4000) out.clear();  // appended after what the string holds, with or without room
    const std::string before = out;
    append_json_string(out, text);
    ASSERT_EQ(out, before + escaped_byte_by_byte(text)) << n;
  }
}

TEST(JsonEscape, RandomTextReadsBack) {
  std::mt19937 random(3);
  // Whole code points only: the input to JSON is UTF-8.
  const std::vector<std::string> pieces = {
      "a",    "b",    " ", "\"", "\\", "\n",       "\t",           "\r",
      "\x01", "\x1f", "/", "<",  "&",  "\xC3\xA9", "\xE2\x82\xAC", "abcdefgh"};
  for (int n = 0; n < 500; ++n) {
    std::string text;
    const std::size_t size = random() % 24;
    for (std::size_t i = 0; i < size; ++i) text += pieces[random() % pieces.size()];
    std::string out = "prefix ";
    append_json_string(out, text);
    ASSERT_EQ(out.substr(0, 7), "prefix ");
    ASSERT_EQ(read_back(out.substr(7)), text);
  }
}

}  // namespace
}  // namespace bulwark::doc
