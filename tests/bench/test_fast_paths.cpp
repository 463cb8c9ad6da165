// The performance fast paths must never change an outcome: the one JSON reader (simdjson under
// kernel/json_tree.h) gives the expected tree or a clear error for every kind of text, and
// shortened data filters deliver exactly what the filter as written delivers.
#include <Poco/RegularExpression.h>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>

#include "symemu/kernel/filter_regex.h"
#include "symemu/kernel/json_tree.h"
#include "symemu/kernel/json_value.h"
#include "symemu/kernel/packet_forms.h"
#include "symemu/kernel/sorted_ids.h"
#include "symemu/smartmetering/libs/meter_packet.h"
#include "symemu/smartmetering/libs/mqtt_publish.h"
#include "symemu/smartmetering/libs/packet_text_writer.h"
#include "symemu/smartmetering/libs/report_ahead.h"
#include "symemu/core/mqtt/codec/decoder.h"
#include "symemu/core/mqtt/codec/encoder.h"
#include "symemu/core/mqtt/server/mqtt_server_module.h"
#include "symemu/core/mqtt/server/publish_read_ahead.h"
#include "symemu/core/server_socket/server_socket_module.h"
#include "symemu/smartmetering/common/number_text.h"
#include "symemu/smartmetering/common/report.h"
#include "symemu/smartmetering/common/report_parser.h"
#include "symemu/smartmetering/common/topic_template.h"
#include "symemu/core/mqtt/broker/topic_tree.h"
#include "symemu/core/mqtt/codec/utf8.h"
#include "symemu/kernel/short_text.h"
#include "symemu/smartmetering/common/unit_table.h"
#include "symemu/smartmetering/common/variable_mapper.h"
#include "selog_payload.h"
#include "test_modules.h"

using namespace symemu;
using json::Document;
using json::Kind;

namespace {

// The error of a refused text ("" when it is read).
std::string errorOf(const std::string& text, bool oversizedNumbersAsText = false) {
  auto d = Document::parse(text, oversizedNumbersAsText);
  return d->ok() ? "" : d->error();
}

// The member `key` of the root object of a document that must have been read.
json::Node memberOf(const std::shared_ptr<const Document>& d, const char* key) {
  REQUIRE(d->ok());
  auto m = d->root().member(key);
  REQUIRE(m);
  return *m;
}

}  // namespace

TEST_CASE("the JSON reader gives the expected tree for well-formed texts", "[bench][json]") {
  auto d = Document::parse(R"({"a":1,"b":-2,"c":1.5,"d":-0.25e3,"e":true,"f":false,"g":null,"h":"x","i":[1,{}]})");
  CHECK(memberOf(d, "a").kind() == Kind::Signed);
  CHECK(memberOf(d, "a").signedInt() == 1);
  CHECK(memberOf(d, "b").signedInt() == -2);
  CHECK(memberOf(d, "c").kind() == Kind::Real);
  CHECK(memberOf(d, "d").real() == -250.0);
  CHECK(memberOf(d, "e").boolean());
  CHECK_FALSE(memberOf(d, "f").boolean());
  CHECK(memberOf(d, "g").isNull());
  CHECK(memberOf(d, "h").string() == "x");
  CHECK(memberOf(d, "i").size() == 2);
  CHECK_FALSE(d->root().member("missing"));

  // Members in text order; member() finds the last of repeated keys.
  auto dup = Document::parse(R"({"dup":1,"z":0,"dup":2})");
  CHECK(memberOf(dup, "dup").signedInt() == 2);
  std::string keys;
  dup->root().forEachMember([&](std::string_view key, json::Node) { keys += std::string(key) + ","; });
  CHECK(keys == "dup,z,dup,");

  auto esc = Document::parse(R"({"esc":"q\" b\\ s\/ \b\f\n\r\t","u":"\u00e4\u20ac\ud83d\ude00","raw":"m³ äöü"})");
  CHECK(memberOf(esc, "esc").string() == "q\" b\\ s/ \b\f\n\r\t");
  CHECK(memberOf(esc, "u").string() == "\xC3\xA4\xE2\x82\xAC\xF0\x9F\x98\x80");
  CHECK(memberOf(esc, "raw").string() == "m³ äöü");

  // NUL: kept in values; a key is compared up to its first NUL.
  auto nul = Document::parse(R"({"b":"a\u0000b","k\u0000ey":7})");
  CHECK(memberOf(nul, "b").string() == std::string_view("a\0b", 3));
  CHECK(memberOf(nul, "k").signedInt() == 7);

  // Integers: int64 signed, beyond it unsigned up to 2^64-1.
  auto big =
      Document::parse(R"({"max":9223372036854775807,"min":-9223372036854775808,"u":18446744073709551615,"z":-0})");
  CHECK(memberOf(big, "max").signedInt() == 9223372036854775807LL);
  CHECK(memberOf(big, "min").signedInt() == -9223372036854775807LL - 1);
  CHECK(memberOf(big, "u").kind() == Kind::Unsigned);
  CHECK(memberOf(big, "u").unsignedInt() == 18446744073709551615ULL);
  CHECK(memberOf(big, "z").signedInt() == 0);

  // Any value at the top level, blanks around it.
  CHECK(Document::parse(" 42 ")->root().signedInt() == 42);
  CHECK(Document::parse("\"s\"")->root().string() == "s");
  CHECK(Document::parse(" \t\r\n[ 1 , 2 ] \n")->root().size() == 2);

  const std::string payload = bench::meterReport(3, 7, 42);
  auto report = Document::parse(payload);
  REQUIRE(report->ok());
  auto meter = report->root().member("muc")->member("meter");
  REQUIRE(meter);
  std::string firstId;
  meter->forEachItem([&](json::Node m) {
    if (firstId.empty()) firstId = std::string(m.member("METER_ID")->string());
  });
  CHECK(firstId == bench::meterId(3, 7));
}

TEST_CASE("integers beyond 64 bits are numbers, read as doubles", "[bench][json]") {
  const std::vector<std::pair<std::string, double>> cases = {{"18446744073709551616", 18446744073709551616.0},
                                                             {"99999999999999999999", 1e20},
                                                             {"-9223372036854775809", -9223372036854775808.0}};
  for (const auto& [literal, value] : cases) {
    INFO(literal);
    const std::string text = std::string(R"({"a":1,"n":)") + literal + "}";
    for (bool asText : {false, true}) {
      auto d = Document::parse(text, asText);
      REQUIRE(d->ok());
      CHECK(memberOf(d, "n").kind() == Kind::Real);
      CHECK(json::kindName(memberOf(d, "n").kind()) == std::string("number"));
      CHECK(memberOf(d, "n").real() == value);
      CHECK(memberOf(d, "a").signedInt() == 1);
    }
  }
}

TEST_CASE("numbers too big for a double are refused, or read as their text when asked", "[bench][json]") {
  for (const std::string& literal : {std::string("1e999"), std::string("-1e999"), "1" + std::string(400, '0')}) {
    INFO(literal);
    const std::string text = std::string(R"({"a":1,"n":)") + literal + "}";
    CHECK(errorOf(text) == "number out of range at line 1 column 12");
    auto d = Document::parse(text, true);
    CHECK(memberOf(d, "n").kind() == Kind::String);
    CHECK(memberOf(d, "n").string() == literal);
    CHECK(memberOf(d, "a").signedInt() == 1);
  }
}

TEST_CASE("the JSON reader refuses malformed texts and says where", "[bench][json][errors]") {
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"", "empty text at line 1 column 1"},
      {"   ", "empty text at line 1 column 4"},
      {"{", "unexpected end of text at line 1 column 2"},
      {R"({"a":1,})", "expected a key in quotes, found '}' at line 1 column 8"},
      {R"({"a" 1})", "expected ':', found '1' at line 1 column 6"},
      {R"({"a":1}})", "unexpected '}' after the end of the JSON value at line 1 column 8"},
      {"{\"a\":1}\n x", "unexpected 'x' after the end of the JSON value at line 2 column 2"},
      {R"({'a':1})", "expected a key in quotes, found ''' at line 1 column 2"},
      {R"({"a":01})", "expected ',' or '}', found '1' at line 1 column 7"},
      {R"({"a":1.})", "unexpected '}' at line 1 column 8"},
      {R"({"a":.5})", "unexpected '.' at line 1 column 6"},
      {R"({"a":+1})", "unexpected '+' at line 1 column 6"},
      {R"({"a":tru})", "unexpected 't' at line 1 column 6"},
      {R"({"a":NaN})", "unexpected 'N' at line 1 column 6"},
      {R"({"a":"\x"})", "bad escape \\x at line 1 column 8"},
      {R"({"a":"\u12"})", "bad \\u escape at line 1 column 11"},
      {R"({"a":"\udc00"})", "unpaired surrogate in a \\u escape at line 1 column 7"},
      {R"({"a":"\ud800 x"})", "unpaired surrogate in a \\u escape at line 1 column 13"},
      {std::string("{\"a\":\"tab\there\"}"), "control character byte 0x09 inside a string at line 1 column 10"},
      {std::string("{\"a\":\"\xC3\x28\"}"), "invalid UTF-8 byte 0xC3 inside a string at line 1 column 7"},
      {std::string("{\"a\":\"\xED\xA0\x80\"}"), "invalid UTF-8 byte 0xED inside a string at line 1 column 7"},
      {std::string("{\"a\":\"\xF4\x90\x80\x80\"}"), "invalid UTF-8 byte 0xF4 inside a string at line 1 column 7"},
      {std::string("{\"a\":\"\xC0\xAF\"}"), "invalid UTF-8 byte 0xC0 inside a string at line 1 column 7"},
      {std::string("{\"a\":\"\xff\xfe\"}"), "invalid UTF-8 byte 0xFF inside a string at line 1 column 7"},
      {std::string("{\"a\":1}\0x", 9), "unexpected byte 0x00 after the end of the JSON value at line 1 column 8"},
      {std::string(1001, '[') + std::string(1001, ']'), "nested deeper than 1000 at line 1 column 1001"},
  };
  for (const auto& [text, error] : refused) {
    INFO(text);
    CHECK(errorOf(text) == error);
    CHECK(errorOf(text, true) == error);
  }
  CHECK(errorOf(std::string(1000, '[') + std::string(1000, ']')).empty());
  CHECK(errorOf(std::string(100000, '[') + std::string(100000, ']')) ==
        "nested deeper than 1000 at line 1 column 1001");
}

TEST_CASE("the required literal of a filter ignores alternation inside groups", "[bench][filters]") {
  REQUIRE(requiredLiteral(R"re(.*"Topic":"SmartLog/SL\-1(?:/(?:[^"\\]|\\.)*)?".*)re") ==
          R"re("Topic":"SmartLog/SL-1)re");
  REQUIRE(requiredLiteral(".*ab(?:c|d)") == "ab");
  REQUIRE(requiredLiteral(".*a[|]b.*") == "a");
  REQUIRE(requiredLiteral(".*ab|cd") == "");
  REQUIRE(requiredLiteral(".*(a)|b") == "");
  REQUIRE(requiredLiteral(R"re(.*\Qa|b\E)re") == "");
}

TEST_CASE("shortened data filters deliver exactly what the filters as written deliver", "[bench][filters]") {
  const std::vector<std::string> patterns = {
      R"re(.*"Buffer":"a/b.*)re",
      R"re(.*"Buffer":"x(?:1|2)".*)re",
      R"re(.*"Buffer":"zz.*|.*"Buffer":"x1.*)re",
      R"re(.*?"Buffer":"a)re",
      R"re(.*+"Buffer":"a)re",
      R"re(.*"Buffer":"a\.*)re",
      R"re(^.*"Buffer":"x)re",
      R"re(.*[|].*)re",
      R"re(.*\Qa|b\E.*)re",
      R"re(.*"Buffer":"a"}.*)re",
      R"re(.*"Buffer":"a\\.*)re",
      R"re(.*x1"}$.*)re",
      R"re(.*"DataID":"\{AAAA.*)re",
      R"re(.*.*)re",
      R"re(.*(?i)"BUFFER":"A/B.*)re",
      R"re(.*ab(?:c|d))re",  // the literal "ab" twice in "abxabc": only the second occurrence matches
      R"re(.*ab\w*c$)re",
      R"re(.*"Buffer":"a\.\.)re",  // nothing but its literal: the literal alone decides
      R"re(.*"Buffer":"a\.\.".*)re",
  };
  const std::vector<std::string> buffers = {"a/b/c", "x1", "x2",  "x3",          "zzz", "a|b",   "abxabc",
                                            "a..",   "a",  "a\\", "line\nbreak", "",    "abxabe"};
  for (const auto& pattern : patterns) {
    Kernel k(testmods::testOptions());
    int device = k.createInstance(testmods::kDeviceId);
    int splitter = k.getInstance(device).connectionId;
    k.setReceiveDataFilter(device, pattern);
    Poco::RegularExpression asWritten(pattern);
    for (const auto& buffer : buffers) {
      const std::string json = toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", buffer}});
      Poco::RegularExpression::Match m;
      const bool expected = asWritten.match(json, 0, m) > 0;
      INFO(pattern << " on " << json);
      REQUIRE(!k.sendDataToChildren(splitter, json).empty() == expected);
    }
  }
}

TEST_CASE("a filter matched by PCRE's JIT answers as Poco's interpreting match", "[bench][filters]") {
  // Outcome of one match: 0 no, 1 yes, 2 threw (Poco's errors, e.g. its match limit).
  auto outcome = [](auto&& match) {
    try {
      return match() ? 1 : 0;
    } catch (const Poco::Exception&) {
      return 2;
    }
  };
  const std::vector<std::string> patterns = {
      // the gateway's and the discovery's topic filters, as compiled (searchablePattern)
      R"re("Topic":"SmartLog/SL\-100003(?:/(?:[^"\\]|\\.)*)?")re",
      R"re("Topic":"SmartLog/(?:[^"/\\]|\\.)+(?:/(?:[^"\\]|\\.)*)?")re",
      R"re("MeterID":"12345678","Interface":"wM\-Bus")re",
      R"re((?i)"buffer":"A/B)re",
      R"re(ab\w*c$)re",
      R"re(^x)re",
      R"re((a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)(l)(m)(n)(o)(p)(q)(r)(s)(t)(u)(v)(w))re",  // more groups than Poco's
                                                                                       // ovector
      R"re((x+)+y)re",  // backtracks until PCRE's match limit on long runs of x
      R"re(([a-z])\1)re",
      R"re(\x{e4}|ä)re",
      R"re(.*)re",
  };
  const std::vector<std::string> subjects = {
      R"({"DataID":"{7F7632D9-FA40-4F38-8DEA-C83CD4325A32}","PacketType":3,"QualityOfService":0,"Retain":false,"Topic":"SmartLog/SL-100003/1234","Payload":"{\"a\":1}"})",
      R"({"Topic":"SmartLog/SL-100003","Payload":""})",
      R"({"Topic":"SmartLog/SL-1000031/x"})",
      R"({"Topic":"SmartLog/SL\"x/y"})",
      R"({"Topic":"SmartLog/a\\\"b/c\"d"})",
      R"({"MeterID":"12345678","Interface":"wM-Bus","Variables":[]})",
      R"({"Buffer":"a/b/c"})",
      "abcdefghijklmnopqrstuvw",
      "xx abxxc",
      std::string(40, 'x'),
      "aabb\xc3\xa4",
      "",
  };
  for (const auto& pattern : patterns) {
    const FilterRegex filter(pattern);
#if defined(__x86_64__)
    REQUIRE(filter.jitted());  // Debian's libpcre3 has the JIT on amd64
#endif
    for (const auto& subject : subjects)
      for (std::size_t offset = 0; offset <= subject.size(); ++offset)
        for (int options : {0, static_cast<int>(Poco::RegularExpression::RE_ANCHORED)}) {
          INFO(pattern << " on " << subject << " at " << offset << " options " << options);
          REQUIRE(outcome([&] { return filter.matches(subject, offset, options); }) ==
                  outcome([&] { return filter.matchesInterpreted(subject, offset, options); }));
        }
  }
}

TEST_CASE("filter literals are found at every offset of a packet text", "[bench][filters]") {
  Kernel k(testmods::testOptions());
  int device = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(device).connectionId;
  // A literal without a key part (searched as is) and one with (searched by its key), each
  // alone and with a regex after it.
  for (const std::string& pattern :
       {std::string(".*abc.*"), std::string(".*abcdefghijklmnopqrstu.*"), std::string(".*ab(c|d)"),
        std::string(R"(.*"Buffer":"xxabc.*)"), std::string(".*aa.*")}) {
    k.setReceiveDataFilter(device, pattern);
    Poco::RegularExpression asWritten(pattern);
    for (std::size_t before = 0; before < 40; ++before)
      for (const std::string& middle :
           {"abc", "abd", "ab", "bc", "abcdefghijklmnopqrstu", "abcdefghijklmnopqrst", "aa", "a", "abab", "aabc", ""})
        for (std::size_t after : {0, 1, 15, 16, 17, 33}) {
          const std::string buffer = std::string(before, 'x') + middle + std::string(after, 'y');
          const std::string json = toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", buffer}});
          Poco::RegularExpression::Match m;
          INFO(pattern << " on " << json);
          REQUIRE(!k.sendDataToChildren(splitter, json).empty() == (asWritten.match(json, 0, m) > 0));
        }
  }
}

TEST_CASE("children filtering on one key get exactly their own packets", "[bench][filters]") {
  // Many children with literal filters on the same key: the per-packet key positions are shared.
  Kernel k(testmods::testOptions());
  int first = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(first).connectionId;
  std::vector<int> devices{first};
  for (int i = 1; i < 20; ++i) devices.push_back(k.createInstance(testmods::kDeviceId));
  for (int i = 0; i < 20; ++i) k.setReceiveDataFilter(devices[i], R"(.*"Buffer":"m)" + std::to_string(i) + R"(".*)");
  for (int i = 0; i < 20; ++i) {
    auto answers = k.sendDataToChildren(
        splitter, toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", "m" + std::to_string(i)}}));
    REQUIRE(answers.size() == 1);
  }
  // The key twice in one text: the second occurrence counts too.
  auto twice =
      k.sendDataToChildren(splitter, R"({"DataID":")" + testmods::kToChildren + R"(","Buffer":"m1","Buffer":"m2"})");
  REQUIRE(twice.size() == 2);
  REQUIRE(k.sendDataToChildren(splitter, toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", "m"}})).empty());
}

TEST_CASE("the children index follows filter changes, connections and deletions", "[bench][filters]") {
  Kernel k(testmods::testOptions());
  int first = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(first).connectionId;
  std::vector<int> devices{first};
  for (int i = 1; i < 5; ++i) devices.push_back(k.createInstance(testmods::kDeviceId));
  for (int i = 0; i < 5; ++i) k.setReceiveDataFilter(devices[i], R"(.*"Buffer":"m)" + std::to_string(i) + R"(".*)");
  auto deliver = [&](const std::string& buffer) {
    return k.sendDataToChildren(splitter, toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", buffer}})).size();
  };
  REQUIRE(deliver("m3") == 1);
  k.setReceiveDataFilter(devices[3], R"(.*"Buffer":"m1".*)");  // now two children want m1
  CHECK(deliver("m3") == 0);
  CHECK(deliver("m1") == 2);
  k.setReceiveDataFilter(devices[3], "");  // no filter: everything
  CHECK(deliver("zz") == 1);
  CHECK(deliver("m1") == 2);
  k.disconnectInstance(devices[1]);
  CHECK(deliver("m1") == 1);
  k.deleteInstance(devices[3]);
  CHECK(deliver("m1") == 0);
  CHECK(deliver("m4") == 1);
}

TEST_CASE("packets made per encoding reach exactly the children whose filters match", "[bench][filters]") {
  // The MQTT Server's way of sending (one packet per encoding, made on demand, filters checked
  // with literal positions found once per text): every child gets what its filter as written
  // accepts, in child order, and each packet is made once.
  Kernel k(testmods::testOptions());
  int first = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(first).connectionId;
  std::vector<int> devices{first};
  for (int i = 1; i < 12; ++i) devices.push_back(k.createInstance(testmods::kDeviceId));
  std::vector<std::string> filters;
  for (int i = 0; i < 12; ++i) {
    std::string f = R"(.*"Buffer":"m)" + std::to_string(i) + R"(/[^/"]+".*)";
    if (i == 9) f = R"(.*"Buffer":"m[0-9]+/x".*)";  // a literal shared by all (the discovery's kind)
    if (i == 10) f = "";                            // no filter
    if (i == 11) f = R"(.*"Buffer":"m1/.*)";        // a second child for m1, and m10, m11
    k.setReceiveDataFilter(devices[static_cast<std::size_t>(i)], f);
    filters.push_back(f);
  }
  int made = 0;
  for (const std::string buffer : {"m1/x", "m3/y", "m10/x", "m11/z", "m1/", "zz", "m1/x\"/"}) {
    const std::string text = toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", std::string(buffer)}});
    std::vector<std::string> expected;
    for (int i = 0; i < 12; ++i) {
      Poco::RegularExpression::Match m;
      const auto& f = filters[static_cast<std::size_t>(i)];
      if (f.empty() || Poco::RegularExpression(f).match(text, 0, m) > 0)
        expected.push_back("got " + std::to_string(devices[static_cast<std::size_t>(i)]));
    }
    made = 0;
    auto answers = k.sendDataToChildren(splitter, std::function<Packet(DataEncoding)>([&](DataEncoding) {
                                          ++made;
                                          return Packet(text);
                                        }));
    INFO(text);
    CHECK(answers == expected);
    CHECK(made == 1);  // one encoding among these children: made once
  }
  // A receiver changing the data flow during a delivery: every later child is checked in full.
  k.setReceiveDataFilter(devices[5], R"(.*"Buffer":"m5/.*)");
  auto answers =
      k.sendDataToChildren(splitter, std::function<Packet(DataEncoding)>([&](DataEncoding) {
                             k.setReceiveDataFilter(devices[5], R"(.*"Buffer":"m3/.*)");
                             return Packet(toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", "m3/y"}}));
                           }));
  CHECK(answers == std::vector<std::string>{"got " + std::to_string(devices[3]), "got " + std::to_string(devices[5]),
                                            "got " + std::to_string(devices[10])});
}

namespace {
// JSON string escaping written the plain way, byte by byte: what appendJsonQuoted must give.
std::string quotedByByte(const std::string& s, bool mapHighBytes) {
  std::string out = "\"";
  const char hex[] = "0123456789abcdef";
  for (unsigned char c : s) {
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
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 0xF];
        } else if (c >= 0x80 && mapHighBytes) {
          out += static_cast<char>(0xC0 | (c >> 6));
          out += static_cast<char>(0x80 | (c & 0x3F));
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}
}  // namespace

TEST_CASE("JSON strings written in two passes, 16 bytes at a time, are escaped as byte by byte", "[bench][json]") {
  std::vector<std::string> samples = {"", "plain", "\"", "a\"b\\c", std::string(1, '\0'), "\x7f\x80\xff", "\xc3\xa9"};
  std::string every;
  for (int c = 0; c < 256; ++c) every += static_cast<char>(c);
  samples.push_back(every);
  for (int c = 0; c < 256; ++c) samples.push_back(std::string(1, static_cast<char>(c)) + "x");
  std::uint32_t seed = 12345;
  for (int n = 0; n < 200; ++n) {  // random texts of every length up to 200, escapes anywhere
    std::string t;
    for (int i = 0; i < n; ++i) {
      seed = seed * 1664525u + 1013904223u;
      t += static_cast<char>(seed >> 24);
    }
    samples.push_back(t);
  }
  // Written 16 bytes at a time: plain text with one byte of each kind at every offset of
  // blocks and tails, and texts where most bytes need an escape.
  for (std::size_t n : {16u, 31u, 32u, 33u, 47u, 48u, 64u, 100u})
    for (std::size_t at = 0; at < n; ++at)
      for (char c : {'"', '\\', '\n', '\x01', '\x1f', '\x7f', '\x80', '\xff'}) {
        std::string t(n, 'a');
        t[at] = c;
        samples.push_back(t);
        t[n - 1 - at / 2] = c;
        samples.push_back(t);
      }
  for (int n = 0; n < 100; ++n) {
    std::string t;
    for (int i = 0; i < 40 + n; ++i) {
      seed = seed * 1664525u + 1013904223u;
      const char dense[] = {'"', '\\', 'x', '\0', '\t', '\xc3', '{'};
      t += dense[(seed >> 24) % sizeof dense];
    }
    samples.push_back(t);
  }
  // Short texts (appended whole when nothing needs an escape): every length around the limit,
  // plain, with high bytes (escaped only when mapping) and with one escape at the end.
  for (std::size_t n = 0; n <= 40; ++n)
    for (char c : {'a', '\xe4', '"', '\x01'}) {
      samples.push_back(std::string(n, 'a') + std::string(n % 3 == 0 ? 0 : 1, c));
      samples.push_back(std::string(n, c));
    }
  samples.push_back(bench::meterReport(1, 2, 3));
  for (const auto& text : samples)
    for (bool mapped : {false, true}) {
      std::string out = "prefix";
      appendJsonQuoted(out, text, mapped);
      INFO(text.size() << " bytes, mapped " << mapped);
      REQUIRE(out == "prefix" + quotedByByte(text, mapped));
    }
}

// Round 11: texts up to 16 KiB are escaped in one pass into a thread's buffer, 32 bytes a step
// with AVX-512 where the CPU has it; longer ones sized first. Every block writer (limited by
// limitJsonEscapeWidth) against the byte-by-byte reference, with escapes at every offset of the
// 64-byte steps, dense quotes, and texts on both sides of the one-pass limit.
TEST_CASE("JSON strings escaped by every block writer, in one pass or sized first, are escaped as byte by byte",
          "[bench][json]") {
  std::vector<std::string> samples;
  for (std::size_t n : {63u, 64u, 65u, 95u, 96u, 97u, 127u, 128u, 129u, 200u})
    for (std::size_t at = 0; at < n; ++at)
      for (char c : {'"', '\\', '\n', '\x01', '\x7f', '\x80', '\xff'}) {
        std::string t(n, 'a');
        t[at] = c;
        t[(at * 7 + 3) % n] = '"';  // a quote elsewhere in the same or another step
        samples.push_back(t);
      }
  std::uint32_t seed = 777;
  auto next = [&seed] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 24;
  };
  for (int n = 0; n < 300; ++n) {  // quotes dense and sparse, sometimes another escape
    std::string t;
    for (int i = 0; i < 64 + n * 3; ++i) {
      const unsigned r = next();
      t += r < 60 ? '"' : r < 70 ? '\\' : r == 70 && n % 3 == 0 ? '\x02' : r == 71 && n % 5 == 0 ? '\xe4' : 'k';
    }
    samples.push_back(t);
  }
  for (std::size_t n : {16u * 1024 - 1, 16u * 1024, 16u * 1024 + 1, 40000u}) {  // around the one-pass limit
    std::string t;
    for (std::size_t i = 0; i < n; ++i) t += "ab\"c\\d\x01e\xc3"[next() % 9];
    samples.push_back(t);
    samples.push_back(std::string(n, 'x'));
  }
  samples.push_back(bench::meterReport(1, 2, 3));
  samples.push_back(bench::wholeReport(1, 0, 20, 3));
  for (const int width : {2, 1, 0}) {
    const int former = limitJsonEscapeWidth(width);
    for (const auto& text : samples)
      for (bool mapped : {false, true}) {
        std::string out = "prefix";
        appendJsonQuoted(out, text, mapped);
        INFO(text.size() << " bytes, mapped " << mapped << ", width " << width);
        REQUIRE(out == "prefix" + quotedByByte(text, mapped));
      }
    limitJsonEscapeWidth(former);
  }
}

TEST_CASE("packet texts written in one pass equal what toJsonText writes", "[bench][json]") {
  std::string samples[] = {"",
                           "plain ascii {\"a\":1}",
                           std::string("nul\0and\x01ctl\n\t\"\\/", 17),
                           "bytes \x80\xff\xc3\xa4 high",
                           std::string(3000, 'x') + "\"end",
                           std::string()};
  std::string& everyByte = samples[std::size(samples) - 1];
  for (int c = 0; c < 256; ++c) everyByte.push_back(static_cast<char>(c));
  for (const auto& s : samples) {
    std::string out = "prefix";
    appendJsonQuoted(out, s);
    CHECK(out == "prefix" + jsonQuote(s));
    out = "prefix";
    appendJsonQuotedUtf8(out, s);
    CHECK(out == "prefix" + jsonQuote(utf8Encode(s)));
  }
  for (const auto& payload : samples) {
    for (int qos : {0, 1, 2}) {
      for (bool retain : {false, true}) {
        mqtt::Message m;
        m.topic = "SmartLog/\"odd\"/\xc3\xa4";
        m.payload = payload;
        m.qos = qos;
        m.retain = retain;
        for (auto encoding : {DataEncoding::Utf8Mapped, DataEncoding::Hex}) {
          std::string expected =
              toJsonText({{"DataID", std::string(core::kMqttToChildren)},
                          {"PacketType", std::int64_t{3}},
                          {"QualityOfService", std::int64_t{m.qos}},
                          {"Retain", m.retain},
                          {"Topic", m.topic},
                          {"Payload", encoding == DataEncoding::Hex ? hexEncode(m.payload) : utf8Encode(m.payload)}});
          CHECK(core::mqttChildPacket(m, encoding) == expected);
        }
      }
    }
  }
}

// --- typed forms attached to packets (Packet::attach): each must be exactly what reading the
// packet's text gives, so receivers that read the form behave as those that read the text.

TEST_CASE("the Server Socket's typed form equals its packet text", "[bench][forms]") {
  std::string everyByte;
  for (int c = 0; c < 256; ++c) everyByte.push_back(static_cast<char>(c));
  for (const std::string& bytes : {std::string(), std::string("\x10\x20MQTT"), everyByte}) {
    for (int type : {0, 1, 2}) {
      const Packet p = core::ServerSocketModule::mappedPacket(type, {"127.0.0.1", 50123}, bytes);
      const auto* form = p.attached<forms::SocketData>();
      REQUIRE(form);
      CHECK(form->type == type);
      CHECK(form->clientIp == "127.0.0.1");
      CHECK(form->clientPort == 50123);
      CHECK(form->bytes == bytes);
      CHECK(memberOf(Document::parse(p.text()), "Type").signedInt() == type);
      CHECK(memberOf(Document::parse(p.text()), "ClientIP").string() == "127.0.0.1");
      CHECK(memberOf(Document::parse(p.text()), "ClientPort").signedInt() == 50123);
      CHECK(utf8Decode(memberOf(Document::parse(p.text()), "Buffer").string()) == bytes);
      CHECK(p.attached<forms::MqttPublish>() == nullptr);  // another type: none
      // Its text is written on demand: the DataID it was given is the text's, and the text is
      // exactly what the Server Socket wrote when it wrote it at once.
      CHECK(memberOf(Document::parse(p.text()), "DataID").string() == p.givenDataId());
      CHECK(p.text() == toJsonText({{"DataID", std::string(core::kSocketToChildren)},
                                    {"Type", static_cast<std::int64_t>(type)},
                                    {"Buffer", utf8Encode(bytes)},
                                    {"ClientIP", std::string("127.0.0.1")},
                                    {"ClientPort", std::int64_t{50123}}}));
    }
  }
}

TEST_CASE("a packet with a deferred text reaches exactly the children a written text reaches", "[bench][forms]") {
  Kernel k(testmods::testOptions());
  int first = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(first).connectionId;
  int second = k.createInstance(testmods::kDeviceId);
  const std::string text = toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", std::string("a/b/c")}});
  for (const std::string& filter : {std::string(), std::string(R"(.*"Buffer":"a/b.*)"), std::string(".*zz.*")}) {
    k.setReceiveDataFilter(second, filter);
    int written = 0;
    auto deferred = k.sendDataToChildren(splitter, std::function<Packet(DataEncoding)>([&](DataEncoding) {
                                           return Packet::deferred(testmods::kToChildren, [&] {
                                             ++written;
                                             return text;
                                           });
                                         }));
    auto plain =
        k.sendDataToChildren(splitter, std::function<Packet(DataEncoding)>([&](DataEncoding) { return Packet(text); }));
    INFO("filter " << filter);
    CHECK(deferred == plain);
    // The test devices read the text (receiveData), so it is written once for all of them.
    CHECK(written == 1);
  }
  // Another DataID given than the children implement: nobody gets it, and no text is written.
  int written = 0;
  auto none = k.sendDataToChildren(splitter, std::function<Packet(DataEncoding)>([&](DataEncoding) {
                                     return Packet::deferred("{00000000-0000-0000-0000-000000000000}", [&] {
                                       ++written;
                                       return text;
                                     });
                                   }));
  CHECK(none.empty());
  CHECK(written == 0);
}

TEST_CASE("the MQTT Server's typed form reads as its packet text does", "[bench][forms]") {
  std::string everyByte;
  for (int c = 0; c < 256; ++c) everyByte.push_back(static_cast<char>(c));
  for (const std::string& topic : {std::string("SmartLog/SL-1/0001"), std::string("a/\"q\"/\xc3\xa4/\\")}) {
    for (const std::string& payload : {std::string(), std::string("{\"a\":1}"), everyByte}) {
      mqtt::Message m;
      m.topic = topic;
      m.payload = payload;
      Packet withForm(core::mqttChildPacket(m, DataEncoding::Utf8Mapped));
      withForm.attach(std::make_shared<const forms::MqttPublish>(forms::MqttPublish{topic, payload, 0, false}));
      const Packet textOnly(withForm.text());
      std::string e1, e2;
      const auto a = smartmetering::readMqttPublish(withForm, e1);
      const auto b = smartmetering::readMqttPublish(textOnly, e2);
      REQUIRE(a);
      REQUIRE(b);
      CHECK(a->topic == b->topic);
      CHECK(a->bytes() == b->bytes());
      CHECK(b->bytes() == payload);
    }
  }
}

namespace {

void requireSameMeterPacket(const smartmetering::MeterPacket& a, const smartmetering::MeterPacket& b) {
  CHECK(a.meterId == b.meterId);
  CHECK(a.interface == b.interface);
  CHECK(a.smartLogId == b.smartLogId);
  CHECK(a.manufacturer == b.manufacturer);
  CHECK(a.medium == b.medium);
  CHECK(a.system == b.system);
  CHECK(a.timestamp == b.timestamp);
  REQUIRE(a.variables.size() == b.variables.size());
  for (std::size_t i = 0; i < a.variables.size(); ++i) {
    const auto &x = a.variables[i], &y = b.variables[i];
    INFO("variable " << x.ident);
    CHECK(x.ident == y.ident);
    CHECK(x.name == y.name);
    CHECK(x.profile == y.profile);
    CHECK(x.type == y.type);
    CHECK(x.value.index() == y.value.index());
    CHECK(valueToString(x.value) == valueToString(y.value));
    if (auto d = std::get_if<double>(&x.value)) CHECK(std::signbit(*d) == std::signbit(std::get<double>(y.value)));
    CHECK(x.definesProfile == y.definesProfile);
    CHECK(x.suffix == y.suffix);
    CHECK(x.digits == y.digits);
  }
}

std::string record(const std::string& description, const std::string& unit, const std::string& scale,
                   const std::string& val) {
  return "{\"DESCRIPTION\":\"" + description + "\",\"UNIT\":\"" + unit + "\",\"SCALE\":\"" + scale +
         "\",\"entry\":[{\"T_MUC\":1741947300,\"VAL\":" + val + "}]}";
}

}  // namespace

TEST_CASE("the meter packet's typed form is what reading its text gives", "[bench][forms]") {
  const std::string odd =
      "{\"MESSAGE_TYPE\":\"1\",\"muc\":{\"MUC_ID\":\"SL-1\",\"TIMESTAMP\":1741947300,\"meter\":[{\"METER_ID\":\"0001\","
      "\"INTERFACE\":\"\\u00e402\",\"MANUFACTURER\":\"B\\u0000MT\",\"MEDIUM\":\"Water\",\"data\":[" +
      record("Energy", "Wh", "10", "\"12345\"") + "," + record("Big", "None", "1", "\"123456789012345678901234\"") +
      "," + record("Huge", "None", "1e300", "\"1e10\"") + "," + record("Neg", "W", "0.001", "\"-0\"") + "," +
      record("Zero", "None", "1", "0") + "," + record("Int64", "Bin", "1", "\"9223372036854775807\"") + "," +
      record("U64", "None", "1", "\"18446744073709551615\"") + "," + record("Time", "UTC", "1", "1741947300") + "," +
      record("Text", "None", "1", "\"abc\\u0001\\\"\\u00e4\"") + "," +
      record("Tiny", "V", "0.1", "\"0.30000000000000004\"") + "," + record("Frac", "V", "0.1", "\"-12.5\"") + "," +
      // Whole-numbered doubles written without a fraction, at and beyond the ends of int64.
      record("Edge", "None", "1", "\"9223372036854775807\"") + "," +
      record("NegEdge", "None", "1", "\"-9223372036854775808\"") + "," + record("Whole", "W", "100", "\"-7\"") +
      "]}]}}";
  std::vector<std::string> payloads = {odd, bench::meterReport(3, 7, 2), bench::wholeReport(1, 0, 5, 9)};
  int forms = 0;
  for (const auto& payload : payloads) {
    smartmetering::Report report;
    std::string error;
    REQUIRE(smartmetering::tryParseReport(payload, report, error));
    for (const auto& meter : report.meters) {
      auto built = smartmetering::buildMeterPacketWithForm(meter, "SL-1", report.timestamp);
      CHECK(*built.text == smartmetering::buildMeterPacket(meter, "SL-1", report.timestamp));
      const auto read = smartmetering::parseMeterPacket(*built.text);
      REQUIRE(built.form);
      requireSameMeterPacket(*built.form, read);
      ++forms;
    }
  }
  CHECK(forms == 7);

  // Text that is not UTF-8, or a number the text cannot hold: no form (the devices read the
  // text, and refuse it as before).
  smartmetering::Report report;
  std::string error;
  REQUIRE(smartmetering::tryParseReport(payloads[1], report, error));
  auto meter = report.meters.at(0);
  meter.manufacturer = "\xff";
  CHECK_FALSE(smartmetering::buildMeterPacketWithForm(meter, "SL-1", report.timestamp).form);
  meter = report.meters.at(0);
  meter.data.at(0).scaledValue = std::numeric_limits<double>::infinity();
  auto built = smartmetering::buildMeterPacketWithForm(meter, "SL-1", report.timestamp);
  CHECK_FALSE(built.form);
  CHECK_THROWS(smartmetering::parseMeterPacket(*built.text));
}

TEST_CASE("a record's FUNCTION is read as the lower-cased trimmed copy was", "[bench][report]") {
  using smartmetering::ValueFunction;
  auto reference = [](std::string_view text) {  // the former reading: a lower-cased trimmed copy
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    std::string t(text);
    for (char& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (t == "maximum value" || t == "maximum" || t == "max") return ValueFunction::Maximum;
    if (t == "minimum value" || t == "minimum" || t == "min") return ValueFunction::Minimum;
    if (t == "value during error state" || t == "error state" || t == "error" || t == "err" || t == "errorstate")
      return ValueFunction::ErrorState;
    return ValueFunction::Instantaneous;
  };
  for (const std::string& text : std::vector<std::string>{"",
                                                          " ",
                                                          "Instantaneous value",
                                                          "Maximum value",
                                                          " MAXIMUM ",
                                                          "max",
                                                          "Max\t",
                                                          "\nminimum value\r",
                                                          "Min",
                                                          "Value during error state",
                                                          "  VALUE DURING ERROR STATE  ",
                                                          "value during error states",
                                                          "error state",
                                                          "ERR",
                                                          "errorstate",
                                                          "error  state",
                                                          "maximumvalue",
                                                          "m\xc3\xa4x",
                                                          std::string("max\0", 4),
                                                          "x",
                                                          std::string(200, ' ') + "max" + std::string(200, ' '),
                                                          std::string(30, 'a')}) {
    INFO("\"" << text << "\"");
    CHECK(smartmetering::parseValueFunction(text) == reference(text));
  }
  // Round 11: white space told without std::isspace: every byte before and after a name.
  for (int c = 0; c < 256; ++c)
    for (const std::string& name : {"max", "Min value", "err"}) {
      const std::string byte(1, static_cast<char>(c));
      for (const std::string& text : {byte + name, name + byte, byte + byte + name + byte}) {
        INFO("byte " << c);
        CHECK(smartmetering::parseValueFunction(text) == reference(text));
      }
    }
}

namespace {
// Everything a Report holds, as text (doubles by their bits), to compare two parses.
std::string describeReport(const smartmetering::Report& r) {
  std::string out = r.mucId + "|" + r.version + "|" + (r.timestamp ? std::to_string(*r.timestamp) : "-") + "\n";
  auto bits = [](std::optional<double> d) {
    if (!d) return std::string("-");
    std::uint64_t u = 0;
    std::memcpy(&u, &*d, sizeof u);
    return std::to_string(u);
  };
  auto opt = [](const auto& o) { return o ? std::to_string(*o) : std::string("-"); };
  for (const auto& m : r.meters) {
    out += "M" + std::to_string(m.index) + "|" + m.meterId + "|" + m.interface + "|" + m.user + "|" + m.manufacturer +
           "|" + m.version + "|" + m.accessNumber + "|" + m.status + "|" + m.medium + "|" + opt(m.rssi) + "|" +
           (m.isSystem ? "S" : "-") + "\n";
    for (const auto& d : m.data)
      out += " D" + std::to_string(d.index) + "|" + d.description + "|" + d.unit + "|" + bits(d.scale) + "|" +
             d.scaleText + "|" + d.medium + "|" + d.obis + "|" + d.user + "|" + d.function + "|" +
             std::to_string(static_cast<int>(d.functionKind)) + "|" + std::to_string(d.storage) + "|" +
             std::to_string(d.tariff) + "|" + std::to_string(d.subunit) + "|" + opt(d.entry.t) + "|" +
             opt(d.entry.tMuc) + "|" + d.entry.valText + "|" + bits(d.entry.valNumber) + "|" + opt(d.entry.valInteger) +
             "|" + bits(d.scaledValue) + "\n";
  }
  for (const auto& i : r.issues) out += "I" + std::to_string(static_cast<int>(i.effect)) + "|" + i.text() + "\n";
  return out;
}
}  // namespace

// The parser reads an object's attributes by slot, in the order of their names, the last of a
// repeated key winning (it sorted the members before): so the members' order in the text never
// matters, a repeated key is its last occurrence, a key is read up to its first NUL, and names
// that share a lookup bucket are told apart.
// Round 11: a one-digit text of a whole-number attribute is read without the general number
// reading: the same as the number itself; any other one-byte text as the general reading says.
TEST_CASE("one-digit whole numbers read as the general reading reads them", "[bench][report]") {
  auto report = [](const std::string& storage, const std::string& time) {
    return R"({"muc":{"MUC_ID":"SL-1","meter":[{"METER_ID":"1","data":[{"DESCRIPTION":"E","UNIT":"Wh","STORAGE":)" +
           storage + R"(,"TARIFF":)" + storage + R"(,"SUBUNIT":)" + storage + R"(,"entry":[{"VAL":"1","T":)" + time +
           R"(,"T_MUC":)" + time + "}]}]}]}}";
  };
  for (int c = 0x20; c < 0x80; ++c) {  // every byte a JSON text holds unescaped, alone
    if (c == '"' || c == '\\') continue;
    const std::string byte(1, static_cast<char>(c));
    const std::string asText = "\"" + byte + "\"";
    INFO("byte " << c);
    const auto got = describeReport(smartmetering::parseReport(report(asText, asText)));
    if (c >= '0' && c <= '9') {
      CHECK(got == describeReport(smartmetering::parseReport(report(byte, byte))));  // as the number
      CHECK(got.find("I") == std::string::npos);
    } else {  // not a number: the record is skipped, as the general reading says
      CHECK(got.find("I") != std::string::npos);
      CHECK(got.find("is not a number") != std::string::npos);
    }
  }
}

// Round 11: mapRecord copies a plain record's description as its ident and name when it is an
// ident already; everything else goes through baseIdent and displayName, which must agree.
TEST_CASE("a record's ident and name are what baseIdent and displayName give", "[bench][report]") {
  int checked = 0;
  for (const char* description :
       {"Energy", "Volume", "", "Vol ume", "a_b", "x1", "\xc3\x84nergie", "Energy (kWh)", "_", "9", "Energy\x01"})
    for (std::uint32_t storage : {0u, 1u})
      for (std::uint32_t tariff : {0u, 2u})
        for (std::uint32_t subunit : {0u, 3u})
          for (auto function : {smartmetering::ValueFunction::Instantaneous, smartmetering::ValueFunction::Maximum})
            for (bool numeric : {true, false}) {
              smartmetering::DataRecord r;
              r.description = description;
              r.storage = storage;
              r.tariff = tariff;
              r.subunit = subunit;
              r.functionKind = function;
              r.unit = "Wh";
              r.entry.valText = "12";
              if (numeric) r.scaledValue = 12.0;
              const smartmetering::VariableSpec spec = smartmetering::mapRecord(r);
              INFO(description << " " << storage << tariff << subunit);
              CHECK(spec.ident == smartmetering::baseIdent(r));
              CHECK(spec.name == smartmetering::displayName(r));
              ++checked;
            }
  CHECK(checked == 11 * 16 * 2);
}

TEST_CASE("report attributes read by slot give the same report whatever the members' order", "[bench][report]") {
  const std::string records[] = {
      R"({"DESCRIPTION":"Energy","UNIT":"Wh","SCALE":"10","MEDIUM":"Electricity","OBIS_ID":"1-0:1.8.0*255","USER":"u",)"
      R"("FUNCTION":"Maximum value","STORAGE":"1","TARIFF":"2","SUBUNIT":"0","entry":[{"T_MUC":5,"T":4,"VAL":"7"}]})",
      R"({"DESCRIPTION":"Bad","UNIT":"W","SCALE":"abc","STORAGE":"-1","TARIFF":[],"entry":[{"VAL":"1"}]})",
      R"({"UNIT":"V","entry":[{"VAL":"1","T":"x"}],"SCALE":"0"})"};
  const std::string meter = std::string(R"({"METER_ID":"0001","INTERFACE":"02","USER":{},"MANUFACTURER":"BMT",)") +
                            R"("VERSION":"1","MEDIUM":"Water","ACCESS_NUMBER":"57","STATUS":"00","RSSI":"x","data":[)" +
                            records[0] + "," + records[1] + "," + records[2] + "]}";
  const std::string muc = R"({"muc":{"MUC_ID":"SL-1","VERSION":[1],"TIMESTAMP":"later","meter":[)" + meter + "]}}";
  const auto reference = describeReport(smartmetering::parseReport(muc));
  CHECK(reference.find("I") != std::string::npos);  // the sample has issues: their order counts

  // Every object's members reversed, and rotated.
  auto reorder = [](const json::Node& node, auto& self, int how) -> std::string {
    if (node.isObject()) {
      std::vector<std::string> members;
      node.forEachMember([&](std::string_view key, json::Node value) {
        members.push_back(jsonQuote(std::string(key)) + ":" + self(value, self, how));
      });
      if (how == 0) std::reverse(members.begin(), members.end());
      if (how == 1 && !members.empty()) std::rotate(members.begin(), members.begin() + 1, members.end());
      std::string out = "{";
      for (std::size_t i = 0; i < members.size(); ++i) out += (i ? "," : "") + members[i];
      return out + "}";
    }
    if (node.isArray()) {
      std::string out = "[";
      bool first = true;
      node.forEachItem([&](json::Node item) {
        out += (first ? "" : ",") + self(item, self, how);
        first = false;
      });
      return out + "]";
    }
    if (node.isString()) return jsonQuote(std::string(node.string()));
    return node.toVar().convert<std::string>();
  };
  const auto tree = json::Document::parse(muc);
  REQUIRE(tree->ok());
  for (int how : {0, 1}) {
    const std::string text = reorder(tree->root(), reorder, how);
    INFO(text);
    CHECK(describeReport(smartmetering::parseReport(text)) == reference);
  }

  // A repeated key is its last occurrence; a key is read up to its first NUL.
  auto withRecord = [&](const std::string& record) {
    return std::string(R"({"muc":{"meter":[{"METER_ID":"A","data":[)") + record + "]}]}}";
  };
  const auto good = describeReport(smartmetering::parseReport(withRecord(records[0])));
  std::string repeated = records[0];
  repeated.insert(1, R"("SCALE":"abc","UNIT":[],"DESCRIPTION\u0000x":"Other",)");
  CHECK(describeReport(smartmetering::parseReport(withRecord(repeated))) == good);
  std::string lastBad = records[0];
  lastBad.insert(lastBad.size() - 1, R"(,"SCALE":"abc")");
  CHECK(describeReport(smartmetering::parseReport(withRecord(lastBad))) != good);
  std::string nul = records[0];
  nul.replace(nul.find(R"("UNIT")"), 6, R"("UNIT\u0000suffix")");
  CHECK(describeReport(smartmetering::parseReport(withRecord(nul))) == good);

  // Names that share a lookup bucket ("AH" and "BA": same length, same 7 x first + last) and a
  // name holding a NUL (which no key can equal).
  smartmetering::ReportSchema schema;
  schema.unitKey = "AH";
  schema.scaleKey = "BA";
  schema.obisKey = std::string("OBIS\0X", 6);
  std::string renamed = records[0];
  renamed.replace(renamed.find(R"("UNIT")"), 6, R"("AH")");
  renamed.replace(renamed.find(R"("SCALE")"), 7, R"("BA")");
  const auto renamedReport = describeReport(smartmetering::parseReport(withRecord(renamed), schema));
  CHECK(renamedReport == describeReport(smartmetering::parseReport(withRecord(records[0])))
                             .replace(good.find("1-0:1.8.0*255"), std::string("1-0:1.8.0*255").size(), ""));
}

TEST_CASE("a scale's decimals are what its shortest fixed text shows", "[bench][report]") {
  auto reference = [](double scale) {  // the text-only reading the powers of ten now skip
    if (!(scale > 0.0) || !std::isfinite(scale) || scale >= 1.0) return 0;
    std::array<char, 64> buf{};
    auto r = std::to_chars(buf.data(), buf.data() + buf.size(), scale, std::chars_format::fixed);
    std::string_view text(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
    auto dot = text.find('.');
    if (dot == std::string_view::npos) return 0;
    return std::min(static_cast<int>(text.size() - dot - 1), 10);
  };
  std::vector<double> scales = {0.0,
                                -0.1,
                                1.0,
                                10.0,
                                0.5,
                                0.25,
                                0.3,
                                0.05,
                                2.5e-7,
                                1e-11,
                                1e-12,
                                1e-15,
                                1e-300,
                                std::numeric_limits<double>::denorm_min(),
                                std::nextafter(0.1, 1.0),
                                std::nextafter(0.001, 0.0),
                                std::numeric_limits<double>::quiet_NaN()};
  double power = 1.0;
  for (int k = 1; k <= 15; ++k) {
    power /= 10;
    scales.push_back(power);               // 10^-k computed, possibly not the nearest double
    scales.push_back(std::pow(10.0, -k));  // and the nearest
    scales.push_back(std::stod("1e-" + std::to_string(k)));
  }
  for (double scale : scales) {
    INFO(scale);
    CHECK(smartmetering::decimalsOfScale(scale) == reference(scale));
  }
}

// Whole doubles are written without to_chars' shortest-digits search (number_text.cpp).
TEST_CASE("whole numbers are written as to_chars writes them", "[bench][report]") {
  auto reference = [](double d) {
    char buf[64];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, d).ptr);
  };
  std::vector<double> values = {0.0,
                                -0.0,
                                1e15,
                                -1e15,
                                999999999999999.0,
                                1e300,
                                0.5,
                                -2.5,
                                1e-7,
                                std::numeric_limits<double>::infinity(),
                                std::numeric_limits<double>::quiet_NaN()};
  double power = 1;
  for (int e = 0; e < 17; ++e, power *= 10)
    for (double m : {1.0, 2.0, 7.0, 10.0, 12.0, 99.0, 123.0, 1001.0, 123456.0, 4503599627370497.0})
      for (double sign : {1.0, -1.0}) {
        values.push_back(sign * m * power);
        values.push_back(sign * (m * power + 1));
      }
  std::uint64_t x = 88172645463325252ull;  // xorshift: many digit counts and trailing zeros
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    std::uint64_t v = x % 1000000000000000ull;
    for (std::uint64_t zeros = x >> 60; zeros > 0 && v < 100000000000000ull; --zeros) v *= 10;
    values.push_back(static_cast<double>(v));
  }
  for (double d : values) {
    INFO(reference(d));
    CHECK(smartmetering::formatNumber(d) == reference(d));
    char buf[smartmetering::kNumberTextSize];
    CHECK(std::string(buf, smartmetering::formatNumberTo(d, buf)) == reference(d));
  }
}

// Values with up to three decimals are written without to_chars' search too (number_text.cpp).
TEST_CASE("values with a few decimals are written as to_chars writes them", "[bench][report]") {
  auto reference = [](double d) {
    char buf[64];
    return std::string(buf, std::to_chars(buf, buf + sizeof buf, d).ptr);
  };
  std::vector<double> values = {0.1,         0.2,           0.3,    0.1 + 0.2,     0.001,
                                0.009,       0.0005,        1e-7,   999999999.999, 999999999.9995,
                                1e9 - 0.001, 123456789.123, 5e-324, -0.001,        100.5};
  std::uint64_t x = 88172645463325252ull;
  for (int i = 0; i < 50000; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    const auto raw = static_cast<double>(static_cast<std::int64_t>(x % 4000000000000ull) - 2000000000000ll);
    for (double scale : {0.1, 0.01, 0.001, 0.0001, 0.5, 0.25})
      values.push_back(smartmetering::applyScale(i % 2 ? std::fmod(raw, 100000.0) : raw, scale));
    values.push_back(std::nextafter(values.back(), 1e300));
  }
  for (double d : values) {
    INFO(reference(d));
    char buf[smartmetering::kNumberTextSize];
    CHECK(std::string(buf, smartmetering::formatNumberTo(d, buf)) == reference(d));
  }
}

// Plain digit texts and short decimals skip the grammar check and from_chars (number_text.cpp).
TEST_CASE("plain digit and short decimal texts read as the general reading reads them", "[bench][report]") {
  for (const std::string text : {"0",
                                 "00",
                                 "7",
                                 "057",
                                 "4294967295",
                                 "999999999999999999",
                                 "1000000000000000000",
                                 "9223372036854775807",
                                 "9223372036854775808",
                                 "12345678901234567890",
                                 " 5",
                                 "5 ",
                                 "+5",
                                 "-5",
                                 "5.0",
                                 "1e3",
                                 "",
                                 "x",
                                 "0.1",
                                 "230.5",
                                 "00.5",
                                 "5.",
                                 ".5",
                                 "1.2.3",
                                 "0.000000000000001",
                                 "123456789012345.6",
                                 "1234567890123456.7"}) {
    INFO(text);
    const smartmetering::ParsedNumber n = smartmetering::parseNumber(text);
    std::int64_t whole = 0;
    const auto read = std::from_chars(text.data(), text.data() + text.size(), whole);
    const bool integer = read.ec == std::errc() && read.ptr == text.data() + text.size() && !text.empty() &&
                         std::isdigit(static_cast<unsigned char>(text[0]));
    if (integer) {
      CHECK(n.status == smartmetering::NumberStatus::Ok);
      REQUIRE(n.integer);
      CHECK(*n.integer == whole);
      CHECK(n.value == static_cast<double>(whole));
    }
    // What the general reading gives, through the same text with a blank it trims.
    const smartmetering::ParsedNumber general = smartmetering::parseNumber(" " + text + " ");
    CHECK(n.status == general.status);
    CHECK(n.integer == general.integer);
    CHECK((n.value == general.value || (std::isnan(n.value) && std::isnan(general.value))));
  }
}

// Units are found through a small hash of their spelling (unit_table.cpp).
// Round 11: keys and units compared without memcmp (short_text.h), against ==.
TEST_CASE("short texts compared by words are equal exactly when == says so", "[bench][report]") {
  std::size_t compared = 0;
  for (std::size_t n = 0; n <= 24; ++n) {
    std::string a;
    for (std::size_t i = 0; i < n; ++i) a += static_cast<char>('A' + (i * 7) % 26);
    CHECK(symemu::sameText(a, a));
    CHECK(symemu::sameText(a, std::string(a)));
    for (std::size_t at = 0; at < n; ++at)
      for (const char c : {'\0', 'x', '\xff', static_cast<char>(a[at] ^ 0x20), static_cast<char>(a[at] + 1)}) {
        std::string b = a;
        b[at] = c;
        CHECK(symemu::sameText(a, b) == (a == b));
        ++compared;
      }
    if (n > 0) {
      CHECK_FALSE(symemu::sameText(a, a.substr(0, n - 1)));
      CHECK_FALSE(symemu::sameText(a, a + "x"));
    }
  }
  CHECK(compared > 1000);
}

TEST_CASE("every unit spelling is found as the table lists it", "[bench][report]") {
  const std::vector<std::string> units = {"None",
                                          "",
                                          "UTC",
                                          "Bin",
                                          "Wh",
                                          "kWh",
                                          "MWh",
                                          "J",
                                          "kJ",
                                          "MJ",
                                          "GJ",
                                          "m^3",
                                          "m\xC2\xB3",
                                          "l",
                                          "m^3/h",
                                          "m\xC2\xB3/h",
                                          "m^3/min",
                                          "m^3/s",
                                          "l/h",
                                          "kg",
                                          "kg/h",
                                          "W",
                                          "kW",
                                          "J/h",
                                          "Degree C",
                                          "\xC2\xB0"
                                          "C",
                                          "deg C",
                                          "K",
                                          "bar",
                                          "V",
                                          "A",
                                          "Hz",
                                          "h",
                                          "min",
                                          "s",
                                          "d",
                                          "dBm",
                                          "%",
                                          "%RH",
                                          "var"};
  for (const std::string& unit : units) {
    INFO(unit);
    const smartmetering::UnitEntry* row = smartmetering::findUnit(unit);
    REQUIRE(row);
    CHECK(row->unit == unit);
    CHECK(smartmetering::lookupUnit(unit).known);
    CHECK(smartmetering::unitKind(unit) == row->kind);
  }
  for (const std::string unknown : {"wh", "WH", "m3", "kWh ", " W", "Degree", "xyz", "%rh", "vAr"}) {
    INFO(unknown);
    CHECK_FALSE(smartmetering::findUnit(unknown));
    CHECK_FALSE(smartmetering::lookupUnit(unknown).known);
    CHECK(smartmetering::unitKind(unknown) == smartmetering::UnitKind::Measure);
  }
}

// The meter packet's cursor quotes as appendJsonQuoted does (packet_text_writer.h).
TEST_CASE("texts quoted by the packet writer are what appendJsonQuoted appends", "[bench][json]") {
  std::vector<std::string> texts;
  for (std::size_t length = 0; length <= 72; ++length) {
    texts.push_back(std::string(length, 'a'));
    for (std::size_t at = 0; at < length; ++at)
      for (const char c : {'"', '\\', '\n', '\x01', '\x1f', '\x7f', '/', '\xc3'}) {
        std::string t(length, 'b');
        t[at] = c;
        texts.push_back(t);
      }
  }
  // Round 11 (16 bytes at a time): short texts kept on the heap, and bytes that would need an
  // escape just past a text's end (in its buffer), which must not count.
  for (std::size_t length = 0; length <= 20; ++length) {
    std::string heap(100, 'h');
    heap.resize(length);
    texts.push_back(heap);
    std::string cut = std::string(length, 'c') + "\"\\\x01\n\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"\"";
    cut.resize(length);
    texts.push_back(cut);
  }
  std::string expected = "[";
  std::string out;
  smartmetering::PacketTextWriter writer(out, 4);  // small: grows while writing
  writer.raw('[');
  for (const std::string& t : texts) {
    appendJsonQuoted(expected, t);
    expected += ',';
    writer.quoted(t);
    writer.raw(",");
  }
  writer.finish();
  CHECK(out == expected);
}

// --- reading ahead on the listener thread (publish_read_ahead.h, report_ahead.h)

TEST_CASE("the MQTT read-ahead frames PUBLISH packets as the broker does, across chunks", "[bench][readahead]") {
  forms::registerPublishReader(smartmetering::readReportAhead);
  const std::string report = bench::meterReport(2, 5, 3);
  for (auto version : {mqtt::ProtocolVersion::V311, mqtt::ProtocolVersion::V5}) {
    mqtt::Connect c;
    c.clientId = "logger";
    c.version = version;
    mqtt::Publish p;
    p.topic = "SmartLog/SL-100002/30020005";
    p.payload = report;
    p.qos = 1;
    p.packetId = 7;
    if (version == mqtt::ProtocolVersion::V5) p.properties.payloadFormatIndicator = 1;
    mqtt::Publish other = p;
    other.topic = "x/y";
    other.payload = "not a report";
    other.qos = 0;
    other.retain = true;
    const std::string stream = mqtt::encode(c, version) + mqtt::encode(p, version) + mqtt::encode(other, version);
    for (std::size_t cut : {std::size_t{5}, stream.size() / 2, stream.size() - 3}) {
      INFO("cut at " << cut << " of " << stream.size() << ", version " << static_cast<int>(version));
      core::PublishReadAhead reader;
      std::vector<core::PublishAhead> seen;
      std::vector<std::string> payloads, topics;  // each item's, read from its chunk
      std::size_t fromEarlierChunk = 0;
      for (const std::string& chunk : {stream.substr(0, cut), stream.substr(cut)})
        if (auto ahead = reader.read(1, chunk))
          for (const auto& item : ahead.get<core::PublishesReadAhead>()->items) {
            seen.push_back(item);
            payloads.emplace_back(item.payloadIn(chunk));
            topics.emplace_back(item.topicIn(chunk));
            CHECK(item.payloadSize == payloads.back().size());
            // The payload's place in the chunk (what the MQTT Server compares instead of bytes);
            // only a PUBLISH without one keeps a copy of its bytes.
            if (item.payloadOffset == std::string::npos) {
              ++fromEarlierChunk;
              CHECK(item.topicOffset == std::string::npos);
            } else {
              CHECK(item.payload.empty());
              CHECK(item.topic.empty());
            }
            CHECK(item.childTextKeys.onlyPlaceOf("\"Topic\":") == item.childText.find("\"Topic\":"));
          }
      // Only a PUBLISH cut by the read has no place in a chunk.
      CHECK(fromEarlierChunk == (cut > 5 ? 1u : 0u));
      REQUIRE(seen.size() == 2);
      CHECK(topics[0] == p.topic);
      CHECK(payloads[0] == p.payload);
      CHECK(seen[0].childText == core::mqttChildPacket({p.topic, p.payload, 1, false}, DataEncoding::Utf8Mapped));
      const auto* parsed = seen[0].ahead.get<smartmetering::ReportAhead>();
      REQUIRE(parsed);
      CHECK(parsed->ok);
      CHECK(topics[1] == "x/y");
      CHECK(payloads[1] == "not a report");
      CHECK(seen[1].retain);
      CHECK_FALSE(seen[1].ahead);  // not a JSON object: no reader took it
    }
    // A stream seen from its middle (the reader installed later) is given up.
    core::PublishReadAhead late;
    CHECK_FALSE(late.read(2, mqtt::encode(p, version)));
    CHECK_FALSE(late.read(2, mqtt::encode(c, version) + mqtt::encode(p, version)));
  }
}

// The chunk is framed where it lies and a packet cut by a read is completed from the next chunk
// (publish_read_ahead.cpp): every way of cutting the stream gives what one chunk gives.
TEST_CASE("the MQTT read-ahead gives the same packets however the stream is cut", "[bench][readahead]") {
  forms::registerPublishReader(smartmetering::readReportAhead);
  mqtt::Connect c;
  c.clientId = "logger";
  c.version = mqtt::ProtocolVersion::V311;
  std::string stream = mqtt::encode(c, c.version);
  for (int i = 0; i < 4; ++i) {
    mqtt::Publish p;
    p.topic = "SmartLog/SL-100002/3002000" + std::to_string(i);
    p.payload = i == 2 ? std::string(200, 'x') : bench::meterReport(2, i, 3);  // one long header (2 bytes)
    p.qos = i % 2;
    p.packetId = static_cast<std::uint16_t>(i + 1);
    stream += mqtt::encode(p, c.version);
  }
  struct Seen {
    std::string topic, payload, childText;
    int qos;
    bool report;
    bool operator==(const Seen& o) const {
      return topic == o.topic && payload == o.payload && childText == o.childText && qos == o.qos && report == o.report;
    }
  };
  auto readAll = [](const std::vector<std::string_view>& chunks) {
    core::PublishReadAhead reader;
    std::vector<Seen> seen;
    for (const auto chunk : chunks)
      if (auto ahead = reader.read(1, chunk))
        for (const auto& item : ahead.get<core::PublishesReadAhead>()->items)
          seen.push_back({std::string(item.topicIn(chunk)), std::string(item.payloadIn(chunk)), item.childText,
                          item.qos, item.ahead.get<smartmetering::ReportAhead>() != nullptr});
    CHECK_FALSE(reader.read(1, ""));  // an empty chunk reads nothing
    return seen;
  };
  const std::vector<Seen> whole = readAll({stream});
  REQUIRE(whole.size() == 4);
  CHECK(whole[0].report);
  CHECK_FALSE(whole[2].report);
  const std::string_view all(stream);
  for (std::size_t cut = 1; cut < stream.size(); cut += 7) {
    INFO("cut at " << cut);
    CHECK(readAll({all.substr(0, cut), all.substr(cut)}) == whole);
    const std::size_t second = std::min(stream.size(), cut + 1 + cut % 5);  // a short middle chunk
    CHECK(readAll({all.substr(0, cut), all.substr(cut, second - cut), all.substr(second)}) == whole);
  }
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < stream.size(); ++i) bytes.push_back(all.substr(i, 1));
  CHECK(readAll(bytes) == whole);
}

namespace {

// Collects what a RecordSink is handed: each meter with the records it was given as its data.
struct CollectingSink : smartmetering::RecordSink {
  bool take = true;
  std::vector<smartmetering::DataRecord> records;
  std::vector<smartmetering::MeterRecord> meters;
  bool takesRecords(const smartmetering::Report&) override { return take; }
  void record(const smartmetering::DataRecord& r) override { records.push_back(r); }
  void meterDone(const smartmetering::Report&, const smartmetering::MeterRecord& meter) override {
    CHECK(meter.data.empty());
    meters.push_back(meter);
    meters.back().data = std::move(records);
    records.clear();
  }
};

void checkSameRecord(const smartmetering::DataRecord& a, const smartmetering::DataRecord& b) {
  CHECK(a.index == b.index);
  CHECK(a.description == b.description);
  CHECK(a.unit == b.unit);
  CHECK(a.scale == b.scale);
  CHECK(a.scaleText == b.scaleText);
  CHECK(a.medium == b.medium);
  CHECK(a.obis == b.obis);
  CHECK(a.user == b.user);
  CHECK(a.function == b.function);
  CHECK(a.functionKind == b.functionKind);
  CHECK(a.storage == b.storage);
  CHECK(a.tariff == b.tariff);
  CHECK(a.subunit == b.subunit);
  CHECK(a.entry.t == b.entry.t);
  CHECK(a.entry.tMuc == b.entry.tMuc);
  CHECK(a.entry.valText == b.entry.valText);
  CHECK(a.entry.valNumber == b.entry.valNumber);
  CHECK(a.entry.valInteger == b.entry.valInteger);
  CHECK(a.scaledValue == b.scaledValue);
}

void checkSameMeter(const smartmetering::MeterRecord& a, const smartmetering::MeterRecord& b) {
  CHECK(a.index == b.index);
  CHECK(a.meterId == b.meterId);
  CHECK(a.interface == b.interface);
  CHECK(a.user == b.user);
  CHECK(a.manufacturer == b.manufacturer);
  CHECK(a.version == b.version);
  CHECK(a.accessNumber == b.accessNumber);
  CHECK(a.status == b.status);
  CHECK(a.medium == b.medium);
  CHECK(a.rssi == b.rssi);
  CHECK(a.isSystem == b.isSystem);
}

}  // namespace

// The listener's one pass (report_parser.h, RecordSink): the same report, the same records in
// the same order, only the texts no one reads left out.
TEST_CASE("a report read through a record sink is the report the parser gives", "[bench][readahead]") {
  const std::string record = R"({"DESCRIPTION":"Energy","UNIT":"Wh","SCALE":"10","OBIS_ID":"1-0:1.8.0*255","USER":"u",)"
                             R"("FUNCTION":"Maximum value","entry":[{"T_MUC":1741910000,"VAL":"5"}]})";
  const std::string plain = R"({"DESCRIPTION":"Volts","UNIT":"V","MEDIUM":"Electricity","entry":[{"VAL":2301}]})";
  const std::string bad = R"({"DESCRIPTION":"Bad","SCALE":"abc","FUNCTION":"min","entry":[{"VAL":1}]})";
  auto report = [](const std::string& muc, const std::string& meters) {
    return R"({"muc":{)" + muc + R"("meter":[)" + meters + "]}}";
  };
  const std::string mucId = R"("MUC_ID":"SL-1","TIMESTAMP":1741910400,)";
  for (const std::string& payload :
       {bench::meterReport(1, 2, 3), bench::wholeReport(4, 0, 6, 1),
        report(mucId, R"({"METER_ID":"1","data":[)" + record + "," + plain + "," + bad + "," + record + "]}"),
        report(mucId, R"({"METER_ID":"2","MEDIUM":"Water","data":[)" + bad + "," + plain + R"(]},{"METER_ID":""},)" +
                          R"({"METER_ID":"3"},{"METER_ID":"4","data":[)" + bad + "," + record + "]}"),
        report(mucId, R"({"METER_ID":"SL-1","data":[1,)" + plain + "]}"), report(mucId, ""),
        report("", R"({"METER_ID":"1","data":[)" + record + "]}"), std::string("{\"muc\":1}"),
        std::string("{broken")}) {
    INFO(payload.substr(0, 100));
    smartmetering::Report expected;
    std::string expectedError;
    const bool expectedOk = smartmetering::tryParseReport(payload, expected, expectedError);
    for (const bool take : {true, false}) {
      CollectingSink sink;
      sink.take = take;
      smartmetering::Report got;
      std::string error;
      REQUIRE(smartmetering::tryParseReport(payload, got, error, sink) == expectedOk);
      CHECK(error == expectedError);
      if (!expectedOk) continue;
      CHECK(got.mucId == expected.mucId);
      CHECK(got.version == expected.version);
      CHECK(got.timestamp == expected.timestamp);
      REQUIRE(got.issues.size() == expected.issues.size());
      for (std::size_t i = 0; i < got.issues.size(); ++i) {
        CHECK(got.issues[i].text() == expected.issues[i].text());
        CHECK(got.issues[i].effect == expected.issues[i].effect);
      }
      REQUIRE(got.meters.size() == expected.meters.size());
      const bool streamed = take;  // the sink takes the records whenever it says so
      if (streamed) REQUIRE(sink.meters.size() == expected.meters.size());
      for (std::size_t m = 0; m < got.meters.size(); ++m) {
        checkSameMeter(got.meters[m], expected.meters[m]);
        const smartmetering::MeterRecord& withData = streamed ? sink.meters[m] : got.meters[m];
        if (streamed) {
          CHECK(got.meters[m].data.empty());
          checkSameMeter(withData, expected.meters[m]);
        }
        REQUIRE(withData.data.size() == expected.meters[m].data.size());
        for (std::size_t r = 0; r < withData.data.size(); ++r) {
          smartmetering::DataRecord want = expected.meters[m].data[r];
          if (streamed) want.obis = want.user = want.function = "";  // not read for the sink
          checkSameRecord(withData.data[r], want);
        }
      }
    }
  }
}

TEST_CASE("a report read ahead is what SmartLog makes of the payload on the kernel thread", "[bench][readahead]") {
  for (const std::string& payload :
       {bench::meterReport(1, 2, 3), bench::wholeReport(4, 0, 6, 1), std::string("{\"muc\":1}"),
        std::string("{\"MESSAGE_TYPE\":\"1\",\"muc\":{\"meter\":[]}}"), std::string("{broken")}) {
    INFO(payload.substr(0, 80));
    const auto ahead = smartmetering::readReportAhead("t", payload);
    const auto* r = ahead.get<smartmetering::ReportAhead>();
    REQUIRE(r);
    smartmetering::Report report;
    std::string error;
    CHECK(r->ok == smartmetering::tryParseReport(payload, report, error));
    CHECK(r->error == error);
    CHECK(r->report.mucId == report.mucId);
    CHECK(r->report.timestamp == report.timestamp);
    REQUIRE(r->report.meters.size() == report.meters.size());
    CHECK(r->report.issues.size() == report.issues.size());
    CHECK(r->packetsFor == report.mucId);
    REQUIRE(r->packets.size() == (report.mucId.empty() ? 0 : report.meters.size()));
    for (std::size_t i = 0; i < r->packets.size(); ++i) {
      const auto built = smartmetering::buildMeterPacketWithForm(report.meters[i], report.mucId, report.timestamp);
      CHECK(*r->packets[i].text == *built.text);
      REQUIRE(r->packets[i].form);
      requireSameMeterPacket(*r->packets[i].form, *built.form);
    }
  }
  CHECK_FALSE(smartmetering::readReportAhead("t", "  [1,2]"));  // not an object: nothing
}

namespace {
// What a decoder makes of a stream fed in chunks: one line per result (packet type and encoding,
// or the error), NeedMore between chunks left out. `inPlace`: feedInPlace, the chunk dropped
// (overwritten) after the results are taken, as a broker's chunk goes.
std::vector<std::string> decodeChunks(const std::string& stream, const std::vector<std::size_t>& cuts, bool inPlace,
                                      std::uint32_t maxPacket) {
  mqtt::StreamDecoder decoder(maxPacket);
  std::vector<std::string> out;
  std::size_t from = 0;
  for (std::size_t i = 0; i <= cuts.size(); ++i) {
    const std::size_t to = i < cuts.size() ? cuts[i] : stream.size();
    std::string chunk = stream.substr(from, to - from);
    from = to;
    if (inPlace)
      decoder.feedInPlace(chunk);
    else
      decoder.feed(chunk);
    for (;;) {
      mqtt::DecodeResult r = decoder.next();
      if (r.needMore()) break;
      if (r.failed()) {
        out.push_back("error " + r.error.message);
        break;
      }
      out.push_back(std::to_string(r.packet.index()) + " " + mqtt::encode(r.packet, mqtt::ProtocolVersion::V311));
    }
    if (inPlace) decoder.keepRest();
    std::fill(chunk.begin(), chunk.end(), '\xAA');  // the caller's bytes are gone
    out.push_back("buffered " + std::to_string(decoder.bufferedBytes()));
  }
  return out;
}
}  // namespace

TEST_CASE("a stream decoded where it lies gives what decoding a copy gives, split anywhere", "[bench][decoder]") {
  mqtt::Connect c;
  c.clientId = "logger";
  mqtt::Publish p;
  p.topic = "SmartLog/SL-100002/30020005";
  p.payload = bench::meterReport(2, 5, 3);
  p.qos = 1;
  p.packetId = 7;
  mqtt::Publish small = p;
  small.payload = "x";
  small.qos = 0;
  const std::string good = mqtt::encode(c, mqtt::ProtocolVersion::V311) + mqtt::encode(p, mqtt::ProtocolVersion::V311) +
                           mqtt::encode(small, mqtt::ProtocolVersion::V311) +
                           mqtt::encode(p, mqtt::ProtocolVersion::V311);
  const std::string badFlags = good + std::string("\x62\x00", 2);  // PUBREL with flags 0
  const auto belowReport = static_cast<std::uint32_t>(mqtt::encode(p, mqtt::ProtocolVersion::V311).size() - 1);
  for (const auto& [stream, maxPacket] :
       {std::pair{good, 1u << 20}, std::pair{badFlags, 1u << 20}, std::pair{good, belowReport}}) {
    for (std::size_t cut = 0; cut <= stream.size(); cut += 7) {
      const std::vector<std::size_t> one = {cut};
      const std::vector<std::size_t> two = {cut / 2, cut};
      INFO("cut at " << cut << " of " << stream.size());
      REQUIRE(decodeChunks(stream, one, true, maxPacket) == decodeChunks(stream, one, false, maxPacket));
      REQUIRE(decodeChunks(stream, two, true, maxPacket) == decodeChunks(stream, two, false, maxPacket));
    }
  }
  // The streams do what they are for: four packets; an error after them; an error at the report.
  auto errorAt = [](const std::vector<std::string>& lines) {
    for (std::size_t i = 0; i < lines.size(); ++i)
      if (lines[i].rfind("error ", 0) == 0) return i;
    return lines.size();
  };
  const auto whole = decodeChunks(good, {}, true, 1u << 20);
  CHECK(whole.size() == 5);
  CHECK(errorAt(decodeChunks(badFlags, {}, true, 1u << 20)) == 4);
  const auto limited = decodeChunks(good, {}, true, belowReport);
  REQUIRE(errorAt(limited) == 1);
  CHECK(limited[1].find("packet too large") != std::string::npos);
}

// A packet cut by a read is completed from the start of the next chunk, and the packets after it
// are decoded where they lie (decoder.cpp, feedInPlace); lastPacketInPlace() names their bytes,
// which the MQTT Server uses to tell which read-ahead item a PUBLISH is.
TEST_CASE("after a packet cut by a read, the rest of the next chunk is decoded where it lies", "[bench][decoder]") {
  mqtt::Connect c;
  c.clientId = "logger";
  mqtt::Publish p;
  p.topic = "SmartLog/SL-100002/30020005";
  p.payload = bench::meterReport(1, 2, 3);
  mqtt::Publish small = p;
  small.payload = "x";
  std::vector<std::string> packets = {
      mqtt::encode(c, mqtt::ProtocolVersion::V311), mqtt::encode(p, mqtt::ProtocolVersion::V311),
      mqtt::encode(small, mqtt::ProtocolVersion::V311), mqtt::encode(p, mqtt::ProtocolVersion::V311)};
  std::string stream;
  for (const auto& packet : packets) stream += packet;
  const std::size_t step = stream.size() > 3000 ? 3 : 1;
  for (std::size_t cut = 1; cut < stream.size(); cut += step) {
    for (std::size_t second : {cut + 1, cut + 2, cut + 600, stream.size()}) {
      if (second > stream.size()) continue;
      INFO("cuts at " << cut << " and " << second << " of " << stream.size());
      mqtt::StreamDecoder decoder;
      std::size_t decoded = 0, copied = 0;
      std::size_t from = 0;
      for (std::size_t to : {cut, second, stream.size()}) {
        std::string chunk = stream.substr(from, to - from);
        from = to;
        decoder.feedInPlace(chunk);
        for (auto r = decoder.next(); !r.needMore(); r = decoder.next()) {
          REQUIRE(r.ok());
          REQUIRE(decoded < packets.size());
          const std::string_view wire = decoder.lastPacketInPlace();
          if (wire.empty()) {
            ++copied;
          } else {
            CHECK(wire == packets[decoded]);  // the packet's own bytes, in the chunk
            CHECK(wire.data() >= chunk.data());
            CHECK(wire.data() + wire.size() <= chunk.data() + chunk.size());
          }
          ++decoded;
        }
        decoder.keepRest();
        std::fill(chunk.begin(), chunk.end(), '\xAA');  // the caller's bytes are gone
      }
      CHECK(decoded == packets.size());
      CHECK(copied <= 2);  // only packets cut by a read
      CHECK(decoder.bufferedBytes() == 0);
    }
  }
}

// The MQTT child packet's writer tells where its member keys sit (text_keys.h); receive filters
// then do not scan the text for them, so each must be the only place that key occurs.
TEST_CASE("the MQTT child packet's key places are the only places its keys occur", "[bench][filters]") {
  std::string everyByte;
  for (int b = 0; b < 256; ++b) everyByte.push_back(static_cast<char>(b));
  const char* keys[] = {
      "\"DataID\":", "\"PacketType\":", "\"QualityOfService\":", "\"Retain\":", "\"Topic\":", "\"Payload\":"};
  const std::string tricky = R"({"Topic":"x","Payload":"y","DataID":1,"Retain":true} \"Topic\": "Payload":)";
  for (const std::string& topic : {std::string("SmartLog/SL-1/0001"), std::string("a/\"Topic\":/\\"), tricky}) {
    for (const std::string& payload : {std::string(), everyByte, tricky, bench::meterReport(1, 2, 3)}) {
      for (auto encoding : {DataEncoding::Utf8Mapped, DataEncoding::Hex, DataEncoding::Plain}) {
        mqtt::Message m;
        m.topic = topic;
        m.payload = payload;
        m.qos = static_cast<int>(payload.size() % 3);
        m.retain = topic.size() % 2 == 0;
        TextKeys places;
        const std::string text = core::mqttChildPacket(m, encoding, &places);
        CHECK(text == core::mqttChildPacket(m, encoding));
        for (const char* key : keys) {
          INFO("key " << key << ", topic " << topic << ", payload of " << payload.size() << " bytes");
          const std::size_t at = places.onlyPlaceOf(key);
          REQUIRE(at != std::string::npos);
          CHECK(text.find(key) == at);
          CHECK(text.find(key, at + 1) == std::string::npos);
        }
        CHECK(places.onlyPlaceOf("\"Other\":") == std::string::npos);
      }
    }
  }
}

// Receive filters use the key places a packet carries: the same children get it as when the text
// is scanned, and the places are really used (a wrong one changes who gets it).
TEST_CASE("key places carried by a packet deliver what scanning its text delivers", "[bench][filters]") {
  Kernel k(testmods::testOptions());
  int first = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(first).connectionId;
  int second = k.createInstance(testmods::kDeviceId);
  const std::string text = toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", std::string("a/b/c")}});
  const std::size_t buffer = text.find("\"Buffer\":");
  auto send = [&](std::size_t place) {
    return k.sendDataToChildren(splitter, std::function<Packet(DataEncoding)>([&](DataEncoding) {
                                  Packet packet(text);
                                  if (place != std::string::npos) {
                                    TextKeys keys;
                                    keys.add("\"Buffer\":", place);
                                    packet.setTextKeys(keys);
                                  }
                                  return packet;
                                }));
  };
  for (const std::string& filter : {std::string(R"(.*"Buffer":"a/b.*)"), std::string(R"(.*"Buffer":"zz.*)"),
                                    std::string(R"(.*"Buffer":"a/b/c".*)"), std::string(".*a/b.*")}) {
    k.setReceiveDataFilter(first, filter);
    k.setReceiveDataFilter(second, R"(.*"Buffer":"a.*)");
    INFO("filter " << filter);
    CHECK(send(buffer) == send(std::string::npos));
  }
  k.setReceiveDataFilter(first, R"(.*"Buffer":"a/b.*)");
  k.setReceiveDataFilter(second, R"(.*"Buffer":"a/b.*)");
  CHECK(send(buffer).size() == send(std::string::npos).size());
  CHECK(send(0).size() < send(buffer).size());  // a wrong place: the filters look there
}

namespace {
// TopicTemplate::match as it was written before (the topic split into a list of levels first):
// what the one-pass match must answer.
std::optional<smartmetering::TopicTemplate::Match> matchBySplitting(const std::string& pattern,
                                                                    std::string_view topic) {
  std::vector<std::string_view> levels, parts;
  auto split = [](std::string_view text, std::vector<std::string_view>& into) {
    std::size_t start = 0;
    for (;;) {
      const std::size_t slash = text.find('/', start);
      into.push_back(text.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
      if (slash == std::string_view::npos) return;
      start = slash + 1;
    }
  };
  split(pattern, levels);
  const bool hash = levels.back() == "#";
  if (hash) levels.pop_back();
  split(topic, parts);
  if (parts.size() < levels.size() || (!hash && parts.size() != levels.size())) return std::nullopt;
  smartmetering::TopicTemplate::Match m;
  for (std::size_t i = 0; i < levels.size(); ++i) {
    const std::string_view level = levels[i], part = parts[i];
    if (level == "+") continue;
    const std::size_t at = level.find("{SmartLogID}");
    if (at == std::string_view::npos) {
      if (part != level) return std::nullopt;
      continue;
    }
    const std::string_view pre = level.substr(0, at), post = level.substr(at + 12);
    if (part.size() <= pre.size() + post.size() || part.substr(0, pre.size()) != pre ||
        part.substr(part.size() - post.size()) != post)
      return std::nullopt;
    m.smartLogId = std::string(part.substr(pre.size(), part.size() - pre.size() - post.size()));
  }
  std::size_t offset = 0;
  for (std::size_t i = 0; i < levels.size(); ++i) offset += parts[i].size() + 1;
  if (parts.size() > levels.size()) m.rest = std::string(topic.substr(offset));
  m.wholeReport = m.rest.empty() || m.rest == "report";
  return m;
}
}  // namespace

TEST_CASE("a topic matched level by level gives what matching its split levels gives", "[bench][topics]") {
  const std::vector<std::string> patterns = {"SmartLog/{SmartLogID}/#", "SmartLog/{SmartLogID}",
                                             "a/+/x{SmartLogID}y/#",    "{SmartLogID}",
                                             "+/{SmartLogID}/+",        "pre{SmartLogID}/#"};
  std::vector<std::string> topics = {"",
                                     "/",
                                     "//",
                                     "SmartLog",
                                     "SmartLog/",
                                     "SmartLog/SL-1",
                                     "SmartLog/SL-1/",
                                     "SmartLog/SL-1/report",
                                     "SmartLog/SL-1/0001/x",
                                     "SmartLog//report",
                                     "SmartLogX/SL-1",
                                     "a/b/xIDy",
                                     "a/b/xy/c",
                                     "a/b/xIDy/",
                                     "a//xIDyz/q/r",
                                     "preID",
                                     "pre/x",
                                     "ID",
                                     "q/ID/w",
                                     "q/ID/w/e"};
  // Every topic made of up to four levels from a small alphabet, empty levels included.
  const std::vector<std::string> pieces = {"", "SmartLog", "SL-1", "report", "pre", "xy", "xIDy", "a", "+"};
  for (const auto& a : pieces)
    for (const auto& b : pieces) {
      topics.push_back(a + "/" + b);
      for (const auto& c : {std::string(), std::string("report"), std::string("m/n")})
        topics.push_back(a + "/" + b + "/" + c);
    }
  int matched = 0;
  for (const auto& pattern : patterns) {
    const smartmetering::TopicTemplate t(pattern);
    for (const auto& topic : topics) {
      INFO("template " << pattern << ", topic '" << topic << "'");
      const auto fast = t.match(topic);
      const auto slow = matchBySplitting(pattern, topic);
      const auto id = t.idOf(topic);
      REQUIRE(fast.has_value() == slow.has_value());
      REQUIRE(id.has_value() == slow.has_value());
      if (!fast) continue;
      CHECK(*id == slow->smartLogId);
      ++matched;
      CHECK(fast->smartLogId == slow->smartLogId);
      CHECK(fast->rest == slow->rest);
      CHECK(fast->wholeReport == slow->wholeReport);
    }
  }
  CHECK(matched > 50);
}

TEST_CASE("the meter packet's key places are the only places its keys occur", "[bench][filters]") {
  smartmetering::Report report;
  std::string error;
  REQUIRE(smartmetering::tryParseReport(bench::meterReport(3, 7, 2), report, error));
  const std::string tricky = R"(","MeterID":"x","Interface":"y" \"MeterID\": "Interface":)";
  int checked = 0;
  for (const std::string& id : {std::string("0001"), tricky, std::string("\"MeterID\":")}) {
    for (const std::string& interface : {std::string(), std::string("05"), tricky}) {
      auto meter = report.meters.at(0);
      meter.meterId = id;
      meter.interface = interface;
      meter.manufacturer = tricky;
      const auto built = smartmetering::buildMeterPacketWithForm(meter, tricky, report.timestamp);
      CHECK(*built.text == smartmetering::buildMeterPacket(meter, tricky, report.timestamp));
      for (const char* key : {"\"MeterID\":", "\"Interface\":"}) {
        INFO("key " << key << ", meter " << id << ", interface " << interface);
        const std::size_t at = built.keys.onlyPlaceOf(key);
        REQUIRE(at != std::string::npos);
        CHECK(built.text->find(key) == at);
        CHECK(built.text->find(key, at + 1) == std::string::npos);
        ++checked;
      }
      // The packet reads back to the meter's own ID and interface (the places are of its keys).
      const auto read = smartmetering::parseMeterPacket(*built.text);
      CHECK(read.meterId == id);
      CHECK(read.interface == interface);
    }
  }
  CHECK(checked == 18);
}

TEST_CASE("a packet's DataID read from its leading member is the DataID its text names", "[bench][filters]") {
  // The DataID is read at the front when the text begins with it (as the kernel's writers
  // write), else searched for: the same children get the packet either way.
  Kernel k(testmods::testOptions());
  int device = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(device).connectionId;
  const std::string other = "{00000000-0000-0000-0000-000000000000}";
  auto deliveredTo = [&](const std::string& text) { return k.sendDataToChildren(splitter, text).size(); };
  const std::string id = testmods::kToChildren;
  CHECK(deliveredTo("{\"DataID\":\"" + id + "\",\"Buffer\":\"x\"}") == 1);
  CHECK(deliveredTo("{\"Buffer\":\"x\",\"DataID\":\"" + id + "\"}") == 1);
  CHECK(deliveredTo("{\"DataID\" : \"" + id + "\"}") == 1);
  CHECK(deliveredTo("{\"DataID\":\"" + other + "\",\"Buffer\":\"{\\\"DataID\\\":\\\"" + id + "\\\"\"}") == 0);
  CHECK(deliveredTo("{\"DataID\":\"" + id) == 0);  // no closing quote: no DataID
  CHECK(deliveredTo("{\"DataID\":\"") == 0);
  CHECK(deliveredTo("{\"DataID\":\"\"}") == 0);
  // Lower-case GUIDs are the same DataID, read at the front or searched for.
  std::string lower = id;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  CHECK(deliveredTo("{\"DataID\":\"" + lower + "\"}") == 1);
  CHECK(deliveredTo("{\"X\":1,\"DataID\":\"" + lower + "\"}") == 1);
}

TEST_CASE("a topic tree without subscriptions matches nothing, and again after the last is removed",
          "[bench][topics]") {
  mqtt::TopicTree tree;
  std::vector<std::string> seen;
  auto visit = [&](const std::string& client, const std::string&) { seen.push_back(client); };
  tree.match("a/b", visit);
  tree.match("", visit);
  CHECK(seen.empty());
  tree.add("a/#", "c1");
  tree.add("$share/g/a/+", "c2");
  int shared = 0;
  tree.match("a/b", visit, [&](const std::string&, const std::set<std::string>&) { ++shared; });
  CHECK(seen == std::vector<std::string>{"c1"});
  CHECK(shared == 1);
  tree.remove("a/#", "c1");
  tree.remove("$share/g/a/+", "c2");
  seen.clear();
  shared = 0;
  tree.match("a/b", visit, [&](const std::string&, const std::set<std::string>&) { ++shared; });
  CHECK(seen.empty());
  CHECK(shared == 0);
  CHECK(tree.size() == 0);
}

TEST_CASE("many children a packet may reach get it in child order, by either way of sending", "[bench][filters]") {
  // More candidates than the data flow keeps inline: children without a filter, children on
  // one literal, and children whose literal is not in the text, interleaved.
  Kernel k(testmods::testOptions());
  int first = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(first).connectionId;
  std::vector<int> devices{first};
  for (int i = 1; i < 30; ++i) devices.push_back(k.createInstance(testmods::kDeviceId));
  std::vector<std::string> expected;
  for (int i = 0; i < 30; ++i) {
    const int device = devices[static_cast<std::size_t>(i)];
    if (i % 3 == 0) {
      k.setReceiveDataFilter(device, "");
    } else if (i % 3 == 1) {
      k.setReceiveDataFilter(device, R"(.*"Buffer":"m1.*)");
    } else {
      k.setReceiveDataFilter(device, R"(.*"Buffer":"m2.*)");
      continue;
    }
    expected.push_back("got " + std::to_string(device));
  }
  const std::string text = toJsonText({{"DataID", testmods::kToChildren}, {"Buffer", std::string("m1/x")}});
  CHECK(k.sendDataToChildren(splitter, text) == expected);
  CHECK(k.sendDataToChildren(
            splitter, std::function<Packet(DataEncoding)>([&](DataEncoding) { return Packet(text); })) == expected);
}

namespace {
// utf8Problem as written before, byte by byte: what the eight-bytes-at-a-time scan must answer.
const char* utf8ProblemByByte(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b0 = static_cast<std::uint8_t>(s[i]);
    if (b0 == 0) return "contains U+0000";
    if (b0 < 0x80) {
      ++i;
      continue;
    }
    int len;
    std::uint32_t cp;
    if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      cp = b0 & 0x07;
    } else {
      return "invalid lead byte";
    }
    if (i + static_cast<std::size_t>(len) > s.size()) return "truncated sequence";
    for (int k = 1; k < len; ++k) {
      const auto b = static_cast<std::uint8_t>(s[i + static_cast<std::size_t>(k)]);
      if ((b & 0xC0) != 0x80) return "invalid continuation byte";
      cp = (cp << 6) | (b & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000)) return "overlong encoding";
    if (cp >= 0xD800 && cp <= 0xDFFF) return "contains a surrogate code point";
    if (cp > 0x10FFFF) return "code point above U+10FFFF";
    i += static_cast<std::size_t>(len);
  }
  return nullptr;
}
}  // namespace

TEST_CASE("UTF-8 checked eight ASCII bytes at a time finds what the byte-by-byte check finds", "[bench][mqtt]") {
  // Each piece put at every offset of ASCII texts of up to 40 bytes, alone and twice.
  const std::vector<std::string> pieces = {"",
                                           std::string(1, '\0'),
                                           "\x7f",
                                           "\x80",
                                           "\xc3\xa4",
                                           "\xc3",
                                           "\xc0\x80",
                                           "\xe2\x82\xac",
                                           "\xed\xa0\x80",
                                           "\xf0\x9f\x98\x80",
                                           "\xf4\x90\x80\x80",
                                           "\xff",
                                           "\x01"};
  int problems = 0, checked = 0;
  for (std::size_t length = 0; length <= 40; ++length) {
    std::string base;
    for (std::size_t i = 0; i < length; ++i) base.push_back(static_cast<char>('a' + i % 26));
    for (const auto& piece : pieces)
      for (std::size_t at = 0; at <= length; ++at) {
        std::string once = base;
        once.insert(at, piece);
        std::string twice = once;
        twice.insert(std::min(twice.size(), at + 9), piece);
        for (const std::string& text : {once, twice}) {
          const char* fast = mqtt::utf8Problem(text);
          const char* slow = utf8ProblemByByte(text);
          INFO("length " << text.size() << ", piece at " << at);
          REQUIRE((fast == nullptr) == (slow == nullptr));
          if (fast) {
            CHECK(std::string(fast) == slow);
            ++problems;
          }
          ++checked;
        }
      }
  }
  CHECK(problems > 1000);
  CHECK(checked > 10000);
}

TEST_CASE("IDs sorted through a bitmap are what sorting and deduplicating gives", "[bench][commit]") {
  std::mt19937 random(15);
  int checked = 0;
  for (std::size_t count : {0, 1, 5, 63, 64, 65, 200, 1000, 5000}) {
    for (int spread : {1, 10, 100, 50000, 1 << 30}) {
      for (int round = 0; round < 3; ++round) {
        std::vector<int> ids;
        std::uniform_int_distribution<int> pick(-spread / 2, spread);
        for (std::size_t i = 0; i < count; ++i) ids.push_back(10000 + pick(random));
        if (round == 1 && !ids.empty()) ids.push_back(ids.front());  // a repeat
        if (round == 2 && count > 2) {                               // the ends of int
          ids.push_back(std::numeric_limits<int>::max());
          ids.push_back(std::numeric_limits<int>::min());
        }
        std::vector<int> expected = ids;
        std::sort(expected.begin(), expected.end());
        expected.erase(std::unique(expected.begin(), expected.end()), expected.end());
        sortUniqueIds(ids);
        INFO(count << " IDs spread over " << spread);
        REQUIRE(ids == expected);
        ++checked;
      }
    }
  }
  CHECK(checked == 135);
}

TEST_CASE("a filter anchored by its first letter delivers what the filter as written delivers", "[bench][filters]") {
  // Filters beginning with '^' and a letter are not asked of PCRE for texts beginning otherwise.
  Kernel k(testmods::testOptions());
  int device = k.createInstance(testmods::kDeviceId);
  int splitter = k.getInstance(device).connectionId;
  const std::string dataId = "{\"DataID\":\"" + testmods::kToChildren + "\"}";
  const std::vector<std::string> filters = {"^NOTHING_TO_RECEIVE$",
                                            "^N.*",
                                            "^Nx?.*",
                                            "^x?N.*",
                                            "^N*.*",
                                            "^N{0,1}.*",
                                            "^a|N.*",
                                            "^(N).*",
                                            "^\\{.*",
                                            "^N+O.*",
                                            "^(?i)n.*",
                                            "^n(?i).*"};
  const std::vector<std::string> texts = {dataId,       "N" + dataId,  "NO" + dataId,
                                          "n" + dataId, "xN" + dataId, "NOTHING_TO_RECEIVE" + dataId};
  int delivered = 0;
  for (const auto& filter : filters) {
    k.setReceiveDataFilter(device, filter);
    for (const auto& text : texts) {
      Poco::RegularExpression::Match m;
      const bool expected = Poco::RegularExpression(filter).match(text, 0, m) > 0;
      INFO("filter " << filter << ", text " << text);
      bool got = false;
      try {
        got = k.sendDataToChildren(splitter, text).size() == 1;
      } catch (const std::exception&) {
        got = true;  // the device got it and could not read it (the text is not JSON)
      }
      CHECK(got == expected);
      delivered += expected;
    }
  }
  CHECK(delivered > 20);
}
