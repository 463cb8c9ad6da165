// json_decode() through simdjson (emulator/php/php_json_decode.h) against PHP's own reader: the
// same value (serialize()) and the same json_last_error() for edge cases, every fixture text and
// damaged copies of them, with each option the fast reader takes and some it leaves to PHP.
#include <catch2/catch.hpp>

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "symemu/core/mqtt/server/mqtt_server_module.h"
#include "symemu/kernel/kernel.h"
#include "symemu/php/php_host.h"
#include "symemu/php/php_json_decode.h"
#include "symemu/php/php_json_mqtt.h"
#include "symemu/runtime/runtime.h"

using namespace symemu;

namespace {

constexpr long kObjectAsArray = 1, kBigintAsString = 2, kInvalidUtf8Ignore = 1048576, kInvalidUtf8Substitute = 2097152,
               kThrowOnError = 4194304;

std::vector<std::string> edgeCases() {
  return {"{}",
          "[]",
          "[1,2,3]",
          R"({"a":1,"a":2,"b":{"a":3}})",
          R"({"":1,"_empty_":2})",
          R"({"\u0000a":1})",
          R"({"123":1,"0123":2,"-5":3,"1.5":4,"9223372036854775808":5})",
          "[true,false,null]",
          R"({"a":-0})",
          "[-0.0]",
          "[0.0,-0,0]",
          "[1e400]",
          "[1e-400]",
          "[-1e-400]",
          "[1E2,1.5e+3,-2.5E-3,1e0]",
          "[9223372036854775807]",
          "[9223372036854775808]",
          "[-9223372036854775808]",
          "[-9223372036854775809]",
          "[123456789012345678]",
          "[-999999999999999999]",
          "[1000000000000000000]",
          "[12345678901234567890]",
          "[100000000000000000.5]",
          "[0.1,0.7,1.7976931348623157e308,5e-324,2.2250738585072014e-308,4.35]",
          R"(["\u00e4\u00df\ud83d\ude00","\/\b\f\n\r\t\"\\","\u0000","\u001f"])",
          R"(["\ud800"])",
          R"(["\udc00x"])",
          R"(["\uD83D\uDE00"])",
          "[\"a\tb\"]",
          "[\"a\nb\"]",
          "[\"\x01\"]",
          R"({"a":[{"b":{"c":[[]]}}]})",
          " {\"a\":1}",
          "{\"a\":1} ",
          "{\"a\":1}x",
          "{\"a\":1}{}",
          "[1,]",
          R"({"a"})",
          R"({"a":})",
          "\"str\"",
          "1",
          "",
          "\xef\xbb\xbf{}",
          "[\"\xff\"]",
          "[\"\xc0\x80\"]",
          "[\"\xed\xa0\x80\"]",
          "[\"\xf4\x90\x80\x80\"]",
          "[\"\xc3\xa4\"]",
          "[01]",
          "[1.]",
          "[.5]",
          "[+1]",
          "[-]",
          "[1e]",
          "[tru]",
          "[nul]",
          "[truex]",
          "{\"a\":1,}",
          "{'a':1}",
          "[\"\\x\"]",
          "[\"\\u12\"]",
          "[[[[[[1]]]]]]",
          R"({"a":{"b":{"c":{"d":{}}}}})",
          "[{},[],{\"\":[]}]",
          "{\"a\":1}\n",
          "[1 , 2 ]"};
}

// Keys that share a slot of the interned-key cache (length, first, middle and last byte), and
// repeated keys.
std::vector<std::string> collidingKeys() {
  return {R"({"aXbYc":1,"aZbWc":2,"aXbYc":3})", R"([{"aXbYc":1},{"aZbWc":2},{"aXbYc":{"aZbWc":[]}}])",
          R"({"DataID":1,"DataIE":2,"Topic":"t","":0,"0":1,"00":2})",
          // Repeated keys, early and late, plain and numeric
          R"({"a":1,"b":2,"a":3,"1":4,"01":5,"1":6,"-0":7,"-1":8,"-1":9})",
          R"({"k0":0,"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11,"k12":12,)"
          R"("k13":13,"k14":14,"k15":15,"k16":16,"k2":17,"k17":18,"k16":19,"k0":20})",
          // Interned names (PHP's own) and keys of the same length and slot in the key cache
          // (first, middle and last byte alike) that differ in one other byte, 4 to 20 bytes
          R"({"DataID":1,"DbtaID":2,"DatbID":3,"DataID":4})",
          R"({"json_decode":1,"jsxn_decode":2,"json_dxcode":3,"json_decodx":4,"json_decode":5})",
          R"({"array_key_exists":1,"arxay_key_exists":2,"array_key_exixts":3,"array_key_exists":4})",
          R"({"call_user_func_array":1,"call_user_fxnc_array":2,"call_user_func_array":3})",
          R"({"strlen":1,"stxlen":2,"strlex":3,"count":4,"coxnt":5,"is_int":6,"is_inx":7})",
          // As arrays, numeric keys start a list (with holes) that string keys then turn into a
          // map: the table must grow as PHP's does, never be filled past its size.
          R"({"5":1,"a":2,"b":3,"c":4,"d":5,"e":6,"f":7,"g":8})",
          R"({"7":1,"a":2,"b":3,"c":4,"d":5,"e":6,"f":7,"g":8,"h":9})",
          R"({"0":1,"2":2,"4":3,"6":4,"a":5,"b":6,"c":7,"d":8})",
          R"({"1000":1,"a":2,"b":3,"3":4,"c":5,"-1":6,"d":7,"9223372036854775807":8,"e":9})",
          R"({"a":1,"0":2,"b":3,"1":4,"a":5,"2":6,"c":7,"d":8,"e":9,"f":10,"g":11,"h":12,"i":13})",
          // Lists of every size around the table sizes (8, 16, 32), empty ones nested.
          "[1,2,3,4,5,6,7]", "[1,2,3,4,5,6,7,8]", "[1,2,3,4,5,6,7,8,9]", "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]",
          "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16]", R"([[],{},[[]],[{}],{"a":[]},{"a":{}},[1,[],2]])"};
}

// The payloads and event lines of every fixture.
std::vector<std::string> fixtureTexts() {
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(SYMEMU_FIXTURES)) {
    if (entry.path().extension() != ".jsonl") continue;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) {
      texts.push_back(line);
      try {
        auto event = Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
        if (event->has("payload")) texts.push_back(event->getValue<std::string>("payload"));
      } catch (const Poco::Exception&) {
      }
    }
  }
  return texts;
}

// Copies of `text` cut short or with one byte changed (deterministic).
std::vector<std::string> damaged(const std::vector<std::string>& texts) {
  std::mt19937 random(7);
  const std::string bytes = "{}[],:\"\\0123456789-+.eEtfnu \x01\xff\xc3";
  std::vector<std::string> out;
  for (const auto& text : texts) {
    if (text.empty()) continue;
    for (int i = 0; i < 3; ++i) {
      std::string cut = text.substr(0, random() % text.size());
      out.push_back(cut);
      std::string changed = text;
      changed[random() % changed.size()] = bytes[random() % bytes.size()];
      out.push_back(changed);
    }
  }
  return out;
}

struct DecodeOptions {
  int assoc;
  long depth, flags;
};

const std::vector<DecodeOptions>& decodeOptions() {
  static const std::vector<DecodeOptions> options = {{-1, 512, 0},
                                                     {1, 512, 0},
                                                     {0, 512, kObjectAsArray},
                                                     {-1, 512, kObjectAsArray | kBigintAsString},
                                                     {-1, 129, kBigintAsString},
                                                     {1, 3, 0},
                                                     {-1, 1, 0},
                                                     {-1, 512, kInvalidUtf8Ignore},
                                                     {1, 512, kInvalidUtf8Substitute}};
  return options;
}

void startPhpWithLibrary() {
  LibraryCatalog catalog = builtinLibraries();
  const auto problems = addLibraries(catalog, {std::string(SYMEMU_PHP_LIBS) + "/basic"});  // starts PHP
  REQUIRE(problems.empty());
}

forms::MqttPublish publishForm(const std::string& topic, const std::string& payload, int qos, bool retain) {
  forms::MqttPublish form;
  form.topic = topic;
  form.payload = payload;
  form.qos = qos;
  form.retain = retain;
  return form;
}

}  // namespace

TEST_CASE("json_decode through simdjson gives what PHP's own json_decode gives", "[php]") {
  startPhpWithLibrary();
  php::PhpEntry entry;

  const auto fixtures = fixtureTexts();
  REQUIRE(fixtures.size() > 100);
  std::vector<std::string> texts = edgeCases();
  const auto colliding = collidingKeys();
  texts.insert(texts.end(), colliding.begin(), colliding.end());
  texts.insert(texts.end(), fixtures.begin(), fixtures.end());
  const auto broken = damaged(fixtures);
  texts.insert(texts.end(), broken.begin(), broken.end());

  const auto& options = decodeOptions();
  std::size_t compared = 0;
  for (const auto& text : texts) {
    for (const auto& o : options) {
      auto [fast, own] = php::compareJsonDecode(text, o.assoc, o.depth, o.flags);
      INFO("json_decode('" << text << "', " << o.assoc << ", " << o.depth << ", " << o.flags << ")");
      REQUIRE(fast == own);
      // The tables as built (list or map, size, counts), which serialize() does not show.
      auto [fastLayout, ownLayout] = php::compareJsonDecodeLayout(text, o.assoc, o.depth, o.flags);
      REQUIRE(fastLayout == ownLayout);
      ++compared;
    }
  }
  CHECK(compared == texts.size() * options.size());

  // Options that make PHP throw are PHP's to handle (not callable here: outside a PHP frame a
  // thrown error is fatal).
  bool assoc = false;
  CHECK_FALSE(php::fastJsonDecodeOptions(1, 0, 0, assoc));
  CHECK_FALSE(php::fastJsonDecodeOptions(-1, 512, kThrowOnError, assoc));
  CHECK_FALSE(php::fastJsonDecodeOptions(-1, 3000000000L, 0, assoc));
  CHECK(php::fastJsonDecodeOptions(-1, 512, kObjectAsArray | kBigintAsString, assoc));
  CHECK(assoc);
  CHECK(php::fastJsonDecodeOptions(0, 512, kObjectAsArray, assoc));
  CHECK_FALSE(assoc);

  // The fast reader did the work: every fixture payload it should take, it takes.
  std::size_t taken = 0;
  for (const auto& text : fixtures) taken += php::fastJsonDecodeTakes(text, true, 512, 0) ? 1 : 0;
  CHECK(taken > fixtures.size() / 2);
  CHECK(php::fastJsonDecodeTakes(
      R"({"DataID":"{7F7632D9-FA40-4F38-8DEA-C83CD4325A32}","Topic":"a/b","Payload":"{\"x\":1}"})", true, 512, 0));
  CHECK_FALSE(php::fastJsonDecodeTakes("[\"\\ud800\"]", true, 512, 0));  // left to PHP
  CHECK_FALSE(php::fastJsonDecodeTakes("[9223372036854775808]", true, 512, 0));
  const std::string large = "[\"" + std::string(2 << 20, 'x') + "\"]";  // over 1 MiB: PHP's reader
  CHECK_FALSE(php::fastJsonDecodeTakes(large, true, 512, 0));
  auto [fastLarge, ownLarge] = php::compareJsonDecode(large, 1, 512, 0);
  CHECK(fastLarge == ownLarge);
  CHECK_FALSE(php::fastJsonDecodeTakes("[12345678901234567890123]", true, 512, 0));
  CHECK_FALSE(php::fastJsonDecodeTakes("[-0.0]", true, 512, 0));
  CHECK(php::fastJsonDecodeTakes("[1000000000000000000,-0,1.5e10,0.25]", true, 512, 0));
}

// A PHP device's json_decode of the MQTT Server's packet text is built from the typed form the
// server attached (emulator/php/php_json_mqtt.h): the same value as PHP's own reader gives.
TEST_CASE("json_decode of an MQTT packet built from its typed form gives what PHP's own gives", "[php]") {
  startPhpWithLibrary();
  php::PhpEntry entry;
  std::string binary;
  for (int b = 0; b < 256; ++b) binary += static_cast<char>(b);
  const std::vector<std::string> topics = {"SmartLog/SL-100000/30000000",
                                           "a",
                                           "ä/ö/€/\xf0\x9f\x98\x80",
                                           "q\"uote\\back",
                                           "tab\there/line\nbreak",
                                           "/",
                                           "+x#"};
  std::vector<std::string> payloads = {"",
                                       "x",
                                       R"({"MESSAGE_TYPE":"1","muc":{"MUC_ID":"SL-1","meter":[{"VAL":"12"}]}})",
                                       "héllo \x80\xff\x00 end",
                                       binary,
                                       std::string(300, '"'),
                                       "\\u0000 \\ \"/\x7f"};
  for (const auto& fixture : fixtureTexts()) payloads.push_back(fixture);
  std::size_t compared = 0;
  const std::size_t builtBefore = php::mqttPacketsBuilt();
  for (const auto& topic : topics)
    for (std::size_t p = 0; p < payloads.size(); p += (topic.size() == 27 ? 1 : 7))
      for (int qos = 0; qos <= 2; ++qos)
        for (bool retain : {false, true}) {
          if ((qos + retain + p) % 3 != 0 && topic.size() != 27) continue;
          mqtt::Message m;
          m.topic = topic;
          m.payload = payloads[p];
          m.qos = qos;
          m.retain = retain;
          const std::string text = core::mqttChildPacket(m, DataEncoding::Utf8Mapped);
          const forms::MqttPublish form = publishForm(topic, payloads[p], qos, retain);
          php::MqttPacketScope scope(text, form);
          for (const auto& o : decodeOptions()) {
            auto [fast, own] = php::compareJsonDecode(text, o.assoc, o.depth, o.flags);
            INFO("packet " << text << " options " << o.assoc << ", " << o.depth << ", " << o.flags);
            REQUIRE(fast == own);
            ++compared;
          }
          // A text of the same length with one byte changed is read, not built.
          std::string other = text;
          other[other.size() / 2] = other[other.size() / 2] == 'x' ? 'y' : 'x';
          auto [fast, own] = php::compareJsonDecode(other, 1, 512, 0);
          REQUIRE(fast == own);
        }
  CHECK(compared > 1000);
  // Six of the options take the built value (depth 1 and the UTF-8 flags are PHP's to read).
  CHECK(php::mqttPacketsBuilt() - builtBefore == compared / decodeOptions().size() * 6);

  // Outside a delivery, or for a text not laid out as the MQTT Server writes it, nothing is built.
  mqtt::Message m;
  m.topic = "a/b";
  m.payload = "{}";
  const std::string text = core::mqttChildPacket(m, DataEncoding::Utf8Mapped);
  const forms::MqttPublish form = publishForm("a/b", "{}", 0, false);
  const std::size_t before = php::mqttPacketsBuilt();
  auto [fast, own] = php::compareJsonDecode(text, 1, 512, 0);
  CHECK(fast == own);
  CHECK(php::mqttPacketsBuilt() == before);
  const std::string spaced = "{ " + text.substr(1);
  php::MqttPacketScope scope(spaced, form);
  auto [fast2, own2] = php::compareJsonDecode(spaced, 1, 512, 0);
  CHECK(fast2 == own2);
  CHECK(php::mqttPacketsBuilt() == before);
}

namespace {

// A report as the load generators send it (docs/selog-format.md Example 1's layout), with
// escapes in keys and texts, numbers of each kind and the three literals.
std::string reportText() {
  return R"({"MESSAGE_TYPE":"1","muc":{"MUC_ID":"SL-100001","VERSION":"1f6","TIMESTAMP":1741947300,"meter":[)"
         R"({"METER_ID":"30010001","INTERFACE":"02","USER":"Haus\u00e4\"strom\"\\\/\n","MANUFACTURER":"BMT",)"
         R"("MEDIUM":"Electricity","ACCESS_NUMBER":"57","STATUS":"00","ok":true,"off":false,"none":null,)"
         R"("k\u0065y":[-12,0,3.25,-1.5e-3,1E+2,9007199254740993,-9223372036854775808],)"
         R"("data":[{"DESCRIPTION":"Energy","UNIT":"Wh","SCALE":"10","entry":[{"T_MUC":1741947277,"VAL":"1000007"}]},)"
         R"({"DESCRIPTION":"Power","UNIT":"W","SCALE":"0.1","entry":[{"T_MUC":1741947277,"VAL":"5013"}]}]}]}})";
}

// Nesting `levels` deep: arrays, or objects with key "a".
std::string nested(int levels, bool objects) {
  std::string text;
  for (int i = 0; i < levels; ++i) text += objects ? "{\"a\":" : "[";
  text += "1";
  for (int i = 0; i < levels; ++i) text += objects ? "}" : "]";
  return text;
}

void requireSameAsPhp(const std::string& text, const DecodeOptions& o) {
  auto [fast, own] = php::compareJsonDecode(text, o.assoc, o.depth, o.flags);
  INFO("json_decode('" << text << "', " << o.assoc << ", " << o.depth << ", " << o.flags << ")");
  REQUIRE(fast == own);
  auto [fastLayout, ownLayout] = php::compareJsonDecodeLayout(text, o.assoc, o.depth, o.flags);
  REQUIRE(fastLayout == ownLayout);
}

}  // namespace

// The reader walks simdjson's stage 1 tokens itself (emulator/php/php_json_decode_reader.h): a
// text broken anywhere must be refused where PHP refuses it, and everything built so far freed.
TEST_CASE("json_decode of a text cut or changed at every byte gives what PHP's own gives", "[php]") {
  startPhpWithLibrary();
  php::PhpEntry entry;
  const std::string text = reportText();
  REQUIRE(php::fastJsonDecodeTakes(text, true, 512, 0));
  REQUIRE(php::fastJsonDecodeTakes(text, false, 512, 0));
  const DecodeOptions assoc{1, 512, 0}, objects{0, 512, 0}, bigint{-1, 512, kBigintAsString};
  std::size_t compared = 0;
  for (std::size_t cut = 0; cut <= text.size(); ++cut) {
    requireSameAsPhp(text.substr(0, cut), assoc);
    requireSameAsPhp(text.substr(0, cut), objects);
    compared += 2;
  }
  // Each byte replaced by one that means something else to a JSON reader, or removed.
  const std::string replacements = "{}[],:\"\\ 0-.eEtn\x01\x7f\xc3\xff";
  for (std::size_t at = 0; at < text.size(); ++at) {
    for (char r : replacements) {
      if (r == text[at]) continue;
      std::string changed = text;
      changed[at] = r;
      requireSameAsPhp(changed, (at + static_cast<unsigned char>(r)) % 2 ? assoc : objects);
      ++compared;
    }
    requireSameAsPhp(text.substr(0, at) + text.substr(at + 1), at % 3 ? assoc : bigint);
    ++compared;
  }
  CHECK(compared > 10000);
}

TEST_CASE("json_decode of deep nesting and big numbers gives what PHP's own gives", "[php]") {
  startPhpWithLibrary();
  php::PhpEntry entry;
  // Around PHP's depth limit (the text's nesting plus one for the scalar) and around the 1024
  // levels beyond which the fast reader leaves every text to PHP.
  for (long depth : {1L, 2L, 3L, 512L, 1100L, 4000L})
    for (int levels : {1, 2, 3, 510, 511, 512, 513, 1022, 1023, 1024, 1025, 1026, 3000})
      for (bool objects : {false, true}) {
        if (levels > depth + 2 && levels > 3 && depth < 1000 && levels > 600) continue;  // same as 513
        requireSameAsPhp(nested(levels, objects), {objects ? 0 : 1, depth, 0});
      }
  CHECK(php::fastJsonDecodeTakes(nested(1023, false), true, 4000, 0));
  CHECK_FALSE(php::fastJsonDecodeTakes(nested(1026, false), true, 4000, 0));  // PHP reads it

  const std::vector<std::string> numbers = {"9223372036854775807",
                                            "-9223372036854775808",
                                            "9223372036854775808",
                                            "-9223372036854775809",
                                            "18446744073709551615",
                                            "18446744073709551616",
                                            "99999999999999999999",
                                            "123456789012345678901",
                                            "1e19",
                                            "-1e19",
                                            "9.2e18",
                                            "9.3e18",
                                            "1.7976931348623157e308",
                                            "1.8e308",
                                            "4.9e-324",
                                            "2e-324",
                                            "0.30000000000000004",
                                            "123456789.123456789e-5",
                                            "-0",
                                            "-0.0",
                                            "-0e5",
                                            "0e0",
                                            "1.0",
                                            "100000000000000000000.0"};
  for (const auto& n : numbers)
    for (const auto& o : decodeOptions()) {
      requireSameAsPhp("[" + n + "]", o);
      requireSameAsPhp("{\"n\":" + n + ",\"m\":[" + n + "," + n + "]}", o);
    }
  // A text just under the fast reader's limit (its buffers grow to it), then small ones again.
  std::string large = "[";
  for (int i = 0; large.size() < 1000000; ++i) large += (i ? ",\"" : "\"") + std::to_string(i) + "\\n\",{\"k\":[]}";
  large += "]";
  CHECK(php::fastJsonDecodeTakes(large, true, 512, 0));
  requireSameAsPhp(large, {1, 512, 0});
  requireSameAsPhp(reportText(), {1, 512, 0});
  // Strings with escapes are read, not left to PHP; a refused escape is PHP's.
  CHECK(php::fastJsonDecodeTakes(R"({"k\u00e4y":"a\"b\\c\/d\b\f\n\r\t\ud83d\ude00"})", true, 512, 0));
  CHECK_FALSE(php::fastJsonDecodeTakes(R"({"a":"\ud83d"})", true, 512, 0));
  CHECK_FALSE(php::fastJsonDecodeTakes(R"({"a":"\q"})", true, 512, 0));
}

// Keys are compared with a known shape's as written (php_json_decode_reader.cpp): a key written
// with escapes, or with white space before its colon, must still read as PHP reads it.
TEST_CASE("json_decode of keys written with escapes after a known shape gives what PHP's own gives", "[php]") {
  startPhpWithLibrary();
  php::PhpEntry entry;
  // Names PHP itself interns (its functions' names), so that shapes are kept.
  const std::string plain = R"({"strlen":"x","count":"t","is_int":"p"})";
  const std::vector<std::string> variants = {
      plain,
      R"({"strlen":"x","coun\u0074":"t","is_int":"p"})",
      R"({"str\u006cen":"x","count":"t","is_int":"p"})",
      R"({"strlen" :"x","count"	:"t","is_int"
:"p"})",
      R"({"strlen":"x","count":"t","is_int\u0000":"p"})",
      R"({"strlen":"x","count":"t","\u0000is_int":"p"})",
      R"({"strlen":"x","count":"t","is_\int":"p"})",
      R"({"strlen":"x","count":"t","is_\\int":"p"})",
      R"({"strlen":"x","count":"t","is_int":"p","count":"u"})",
      R"({"strlen":"x","count":"t","is_in":"p"})",
      R"({"strlen":"x","count":"t","is_int":"p"} )",
      R"({"strlen":"x","count":"t","is_int":{"strlen":"y","count":"t","is_int":[]}})"};
  const std::size_t copiedBefore = php::jsonDecodeShapesCopied();
  for (int round = 0; round < 2; ++round)
    for (const auto& text : variants)
      for (int assoc : {1, 0}) requireSameAsPhp(text, {assoc, 512, 0});
  CHECK(php::jsonDecodeShapesCopied() > copiedBefore);  // the plain layout was copied from its shape
}
