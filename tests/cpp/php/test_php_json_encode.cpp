// json_encode() through the C++ writer (emulator/php/php_json_encode.h) against PHP's own encoder:
// the same text (var_export) and the same json_last_error() for every fixture text decoded,
// edge values, random floats and random strings, with the flags the writer takes and some it
// leaves to PHP.
#include <catch2/catch.hpp>

#include <php.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>

#include "symemu/kernel/kernel.h"
#include "symemu/php/php_host.h"
#include "symemu/php/php_json_decode.h"
#include "symemu/php/php_json_encode.h"
#include "symemu/runtime/runtime.h"

using namespace symemu;

namespace {

constexpr long kHexTag = 1, kForceObject = 16, kNumericCheck = 32, kUnescapedSlashes = 64, kPrettyPrint = 128,
               kUnescapedUnicode = 256, kPartialOutput = 512, kPreserveZeroFraction = 1024,
               kUnescapedLineTerminators = 2048, kInvalidUtf8Ignore = 1048576, kInvalidUtf8Substitute = 2097152;
constexpr long kLibraryFlags =
    kUnescapedSlashes | kUnescapedUnicode | kUnescapedLineTerminators | kPreserveZeroFraction;  // SmartMeteringPHP

const std::vector<long> kFlags = {0,
                                  kLibraryFlags,
                                  kLibraryFlags | kInvalidUtf8Substitute,
                                  kUnescapedSlashes,
                                  kUnescapedUnicode,
                                  kUnescapedUnicode | kUnescapedLineTerminators,
                                  kUnescapedLineTerminators,
                                  kPreserveZeroFraction,
                                  kInvalidUtf8Ignore,
                                  kInvalidUtf8Substitute,
                                  kHexTag,
                                  kForceObject,
                                  kNumericCheck,
                                  kPrettyPrint,
                                  kPartialOutput};

void startPhpWithLibrary() {
  LibraryCatalog catalog = builtinLibraries();
  const auto problems = addLibraries(catalog, {std::string(SYMEMU_PHP_LIBS) + "/basic"});  // starts PHP
  REQUIRE(problems.empty());
}

// The value of a PHP expression (zval to destroy).
void eval(const std::string& expression, zval* out) {
  std::string code = expression;
  REQUIRE(zend_eval_stringl(code.data(), code.size(), out, "json_encode test") == SUCCESS);
}

// json_decode($text, $assoc) with PHP's reader: the values of the fixtures.
void decoded(const std::string& text, bool assoc, zval* out) {
  zval fn, args[2];
  ZVAL_STRING(&fn, "json_decode");
  ZVAL_STRINGL(&args[0], text.data(), text.size());
  ZVAL_BOOL(&args[1], assoc);
  REQUIRE(call_user_function(nullptr, nullptr, &fn, out, 2, args) == SUCCESS);
  zval_ptr_dtor(&fn);
  zval_ptr_dtor(&args[0]);
}

std::size_t compareAll(zval* value, const std::string& what) {
  std::size_t n = 0;
  for (long flags : kFlags)
    for (long depth : {512L, 3L, 1L}) {
      auto [fast, own] = php::compareJsonEncode(value, flags, depth);
      INFO("json_encode(" << what << ", " << flags << ", " << depth << ")");
      REQUIRE(fast == own);
      ++n;
    }
  return n;
}

std::vector<std::string> fixtureTexts() {
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(SYMEMU_FIXTURES)) {
    if (entry.path().extension() != ".jsonl") continue;
    std::ifstream in(entry.path());
    std::string line;
    while (std::getline(in, line)) texts.push_back(line);
  }
  return texts;
}

}  // namespace

TEST_CASE("json_encode through the C++ writer gives what PHP's own json_encode gives", "[php]") {
  startPhpWithLibrary();
  php::PhpEntry entry;
  std::size_t compared = 0, taken = 0;

  SECTION("every fixture line, decoded as arrays and as objects") {
    const auto texts = fixtureTexts();
    REQUIRE(texts.size() > 100);
    for (const auto& text : texts)
      for (bool assoc : {true, false}) {
        zval value;
        decoded(text, assoc, &value);
        compared += compareAll(&value, text);
        taken += php::fastJsonEncodeTakes(&value, kLibraryFlags, 512) ? 1 : 0;
        zval_ptr_dtor(&value);
      }
    CHECK(taken >= texts.size());  // every line as arrays (objects are PHP's)
  }

  SECTION("edge values") {
    const std::vector<std::string> expressions = {
        "[]",
        "[[]]",
        "[1, 2, 3]",
        "[3 => 'a']",
        "[1 => 'a', 0 => 'b']",
        "['0' => 1, '1' => 2]",
        "['' => 1, 'a' => ['' => []]]",
        "[-5 => 1, PHP_INT_MAX => 2, PHP_INT_MIN => 3]",
        "[true, false, null, 0, -0, PHP_INT_MAX, PHP_INT_MIN]",
        "[0.0, -0.0, 1.0, -1.5, 0.1, 0.7, 1e15, 1e16, 1e17, 1e18, 1e25, 1.5e300, 5e-324, 2.2250738585072014e-308]",
        "[0.0001, 0.00012345, 0.00001, 0.001, 123456789012345678.0, 1.7976931348623157e308, 100.0, 4.35, 10000.5]",
        "[1e22, 1e21, 1e-7, 9007199254740993.0, 0.30000000000000004, 1/3, -2/3]",
        "[INF]",
        "[-INF]",
        "[NAN]",
        "['a/b', 'q\"uote', 'back\\\\slash', \"\\x00\\x01\\x08\\x09\\x0a\\x0b\\x0c\\x0d\\x1f\\x7f\", '<>&\\'']",
        "[\"\\u{e4}\\u{df}\", \"\\u{2028}\\u{2029}\", \"\\u{1F600}\", \"\\u{FFFF}\", \"\\u{10FFFF}\", "
        "\"\\u{7FF}\\u{800}\"]",
        "[\"\\xff\", \"a\\xc3\", \"\\xc0\\x80\", \"\\xed\\xa0\\x80\", \"\\xf4\\x90\\x80\\x80\", \"\\xe0\\x80\\x80\"]",
        "[\"\\xc3\\xa4\" => 1, \"\\u{2028}\" => 2, '/' => 3, \"\\x01\" => 4]",
        "[\"\\xff\" => 1]",
        "[new stdClass]",
        "[1, [2, (object) ['a' => 1]]]",
        "[[[[[[1]]]]]]",
        "(function () { $a = [1]; $b = [&$a]; return $b; })()",
        "(function () { $a = [1]; $a[] = &$a; return $a; })()",
        "['k' => 'v', 0 => 'x', 'n' => [1.0, 2.5, 'é']]",
    };
    for (const auto& expression : expressions) {
      zval value;
      eval(expression, &value);
      compared += compareAll(&value, expression);
      zval_ptr_dtor(&value);
    }
    zval v;
    eval("['a' => ['b' => 1.0]]", &v);
    CHECK(php::fastJsonEncodeTakes(&v, kLibraryFlags, 512));
    CHECK(php::fastJsonEncodeTakes(&v, 0, 2));
    CHECK_FALSE(php::fastJsonEncodeTakes(&v, 0, 1));               // too deep: PHP's error
    CHECK_FALSE(php::fastJsonEncodeTakes(&v, kPrettyPrint, 512));  // flags left to PHP
    CHECK_FALSE(php::fastJsonEncodeTakes(&v, kHexTag, 512));
    zval_ptr_dtor(&v);
    for (const char* other : {"[new stdClass]", "[INF]", "[\"\\xff\"]", "'text'", "1"}) {
      eval(other, &v);
      CHECK_FALSE(php::fastJsonEncodeTakes(&v, kLibraryFlags | kInvalidUtf8Substitute, 512));
      zval_ptr_dtor(&v);
    }
  }

  SECTION("literal keys written again, with other flags in between (their kept texts)") {
    zval value;
    eval("['DataID' => 1, 'a/b' => ['\\u{e4}' => 2, \"\\u{2028}\" => 3, \"x\\x01\" => [4]], '' => 5, 'q\"' => 6]",
         &value);
    for (int round = 0; round < 3; ++round)
      for (long flags : kFlags) {
        auto [fast, own] = php::compareJsonEncode(&value, flags, 512);
        INFO("round " << round << ", flags " << flags);
        REQUIRE(fast == own);
        ++compared;
      }
    zval_ptr_dtor(&value);
  }

  SECTION("random floats") {
    std::mt19937_64 random(11);
    zval list;
    array_init(&list);
    for (int i = 0; i < 300000; ++i) {
      double d;
      if (i % 3 == 0) {
        std::uint64_t bits = random();
        std::memcpy(&d, &bits, sizeof d);
        if (!std::isfinite(d)) continue;
      } else if (i % 3 == 1) {
        d = static_cast<double>(static_cast<std::int64_t>(random() % 2000001) - 1000000) /
            std::pow(10.0, static_cast<int>(random() % 12));
      } else {
        d = std::ldexp(static_cast<double>(random() % 1000000), static_cast<int>(random() % 200) - 100);
      }
      add_next_index_double(&list, d);
    }
    for (int e = -330; e <= 308; ++e) add_next_index_double(&list, std::pow(10.0, e));
    // Decimals with up to 4 places (meter values: the encoder writes them without to_chars),
    // around its limits (1e-4, 1e15, 2^53) and products that are no short decimal (0.1 * 3).
    for (int i = 0; i < 100000; ++i) {
      const double m = static_cast<double>(random() % 1000000000000000ULL);
      const double scaled = m / std::pow(10.0, static_cast<int>(random() % 6));
      add_next_index_double(&list, i % 2 ? scaled : -scaled);
      add_next_index_double(&list, static_cast<double>(random() % 100000) * 0.1 * (random() % 7));
      add_next_index_double(&list, std::nextafter(scaled, 0.0));
    }
    for (double d : {1e-4, 9.9999e-5, 1.0001e-4, 1e15, 999999999999999.0, 99999999999999.9, 9007199254740993.0, 0.3,
                     0.1 * 3, 4.35, 1e14 + 0.5, 123456789012345.6, 0.00015, 5e-5})
      add_next_index_double(&list, d);
    for (long flags : {0L, kPreserveZeroFraction}) {
      auto [fast, own] = php::compareJsonEncode(&list, flags, 512);
      REQUIRE(fast == own);
      ++compared;
    }
    CHECK(php::fastJsonEncodeTakes(&list, kPreserveZeroFraction, 512));
    zval_ptr_dtor(&list);
  }

  // The escape scan reads a text's last bytes (a short text's all) from 16-byte aligned blocks:
  // a byte to escape at every position of texts of every length up to three blocks.
  SECTION("one byte to escape at every position of texts of 0 to 48 bytes") {
    for (const std::string special : {"\"", "\\", "/", "\x01", "\x1f", "\x7f", "\xc3\xa4", "\xff"})
      for (std::size_t length = 0; length <= 48; ++length)
        for (std::size_t at = 0; at <= length; ++at) {
          std::string text(length, 'a');
          if (at < length) text.replace(at, 1, special);
          zval list;
          array_init(&list);
          add_next_index_stringl(&list, text.data(), text.size());
          for (long flags : kFlags) {
            auto [fast, own] = php::compareJsonEncode(&list, flags, 512);
            INFO("text " << text << ", flags " << flags);
            REQUIRE(fast == own);
            ++compared;
          }
          zval_ptr_dtor(&list);
        }
  }

  SECTION("random strings, as values and as keys") {
    std::mt19937 random(5);
    const std::string pieces[] = {
        "a",    "/",    "\"",           "\\", "\x01", "\x7f", "\xc3\xa4", "\xe2\x80\xa8", "\xf0\x9f\x98\x80",
        "\xff", "\xc3", "\xed\xb0\x80", " ",  "0",    "\t"};
    for (int i = 0; i < 3000; ++i) {
      std::string text;
      for (int k = random() % (i % 10 == 0 ? 120 : 12); k > 0; --k) text += pieces[random() % std::size(pieces)];
      zval list, map;
      array_init(&list);
      add_next_index_stringl(&list, text.data(), text.size());
      array_init(&map);
      add_assoc_stringl_ex(&map, text.data(), text.size(), text.data(), text.size());
      for (zval* v : {&list, &map})
        for (long flags : kFlags) {
          auto [fast, own] = php::compareJsonEncode(v, flags, 512);
          INFO("text " << text << ", flags " << flags);
          REQUIRE(fast == own);
          ++compared;
        }
      zval_ptr_dtor(&list);
      zval_ptr_dtor(&map);
    }
  }
  CHECK(compared > 0);
}

namespace {

// What PHP code can tell of a decoded value: its content with types (serialize), and of every
// array the key an append would take (the next free index) and where its internal pointer is.
constexpr const char* kProbe = R"(function __symemu_probe($v) {
  if (!is_array($v)) return serialize($v);
  $items = [];
  foreach ($v as $k => $x) $items[] = [$k, __symemu_probe($x)];
  $c = $v;
  $c[] = 0;
  return serialize([$items, array_key_last($c), key($v)]);
})";

std::string probe(zval* value) {
  zval fn, out;
  ZVAL_STRING(&fn, "__symemu_probe");
  std::string s = "(probe failed)";
  if (call_user_function(nullptr, nullptr, &fn, &out, 1, value) == SUCCESS && Z_TYPE(out) == IS_STRING)
    s.assign(Z_STRVAL(out), Z_STRLEN(out));
  zval_ptr_dtor(&fn);
  zval_ptr_dtor(&out);
  return s;
}

std::string callToString(const char* function, zval* args, uint32_t argc, zval* result) {
  zval fn;
  ZVAL_STRING(&fn, function);
  REQUIRE(call_user_function(nullptr, nullptr, &fn, result, argc, args) == SUCCESS);
  zval_ptr_dtor(&fn);
  return Z_TYPE_P(result) == IS_STRING ? std::string(Z_STRVAL_P(result), Z_STRLEN_P(result)) : std::string();
}

// json_encode($value, $flags), then json_decode($text, true) as modules call it (the array just
// written, when it reads back alike) against PHP's own reader; true when the array was taken.
bool encodeThenDecode(zval* value, long flags) {
  zval args[2], text, decoded, own;
  ZVAL_COPY(&args[0], value);
  ZVAL_LONG(&args[1], flags);
  const std::string json = callToString("json_encode", args, 2, &text);
  zval_ptr_dtor(&args[0]);
  bool taken = false;
  if (Z_TYPE(text) == IS_STRING) {
    const std::size_t before = php::encodedArraysTaken();
    zval decodeArgs[2];
    ZVAL_COPY(&decodeArgs[0], &text);
    ZVAL_TRUE(&decodeArgs[1]);
    callToString("json_decode", decodeArgs, 2, &decoded);
    zval_ptr_dtor(&decodeArgs[0]);
    taken = php::encodedArraysTaken() > before;
    php::decodeWithPhpReader(json, true, &own);
    INFO("json_decode(json_encode(..., " << flags << ")): " << json);
    REQUIRE(probe(&decoded) == probe(&own));
    zval_ptr_dtor(&decoded);
    zval_ptr_dtor(&own);
  }
  zval_ptr_dtor(&text);
  return taken;
}

}  // namespace

TEST_CASE("json_decode of the text json_encode just wrote gives what PHP's own reader gives", "[php]") {
  startPhpWithLibrary();
  php::PhpEntry entry;
  zval ignored;
  eval(std::string("(function () { ") + kProbe + " return 1; })()", &ignored);
  zval_ptr_dtor(&ignored);
  std::size_t taken = 0, tried = 0;
  auto check = [&](zval* value) {
    for (long flags : {kLibraryFlags, 0L, kPreserveZeroFraction, kLibraryFlags | kInvalidUtf8Substitute}) {
      taken += encodeThenDecode(value, flags) ? 1 : 0;
      ++tried;
    }
  };
  for (const auto& text : fixtureTexts()) {
    zval value;
    decoded(text, true, &value);
    check(&value);
    zval_ptr_dtor(&value);
  }
  const std::vector<std::string> expressions = {
      "[]",
      "[[], [[]], ['a' => []]]",
      "[1.0, -0.0, 0.5, 1e25, 1e-7, PHP_INT_MAX, PHP_INT_MIN, true, null, 'x']",
      "[3 => 'a', 1 => 'b', -7 => 'c']",
      "['k' => 1, '-0' => 2, '01' => 3, ' 1' => 4, '' => 5]",
      "(function () { $a = [1, 2, 3]; unset($a[2]); return $a; })()",                   // next free index 3
      "(function () { $a = [1, 2, 3]; unset($a[0]); return $a; })()",                   // pointer moved
      "(function () { $a = ['x' => 1, 'y' => 2]; next($a); return ['in' => $a]; })()",  // pointer inside
      "(function () { $a = [5 => 1]; unset($a[5]); return ['in' => $a]; })()",
      "(function () { $a = []; $a[] = 1; array_pop($a); return [$a]; })()",
      "['Variables' => [['Ident' => 'Energy', 'Value' => 12.5, 'Digits' => 1], ['Value' => 3]]]",
  };
  for (const auto& expression : expressions) {
    zval value;
    eval(expression, &value);
    check(&value);
    zval_ptr_dtor(&value);
  }
  std::mt19937_64 random(3);
  for (int i = 0; i < 200; ++i) {
    zval list;
    array_init(&list);
    for (int k = 0; k < 20; ++k) {
      std::uint64_t bits = random();
      double d;
      std::memcpy(&d, &bits, sizeof d);
      if (std::isfinite(d)) add_next_index_double(&list, d);
      add_next_index_long(&list, static_cast<zend_long>(random()));
    }
    check(&list);
    zval_ptr_dtor(&list);
  }
  CHECK(taken > tried / 4);  // the fixtures' arrays with the library's flags, at least

  // Literal arrays of an OPcache-cached file are immutable: handed out and released as such.
  const std::string file = (std::filesystem::temp_directory_path() / "symemu_json_literal_test.php").string();
  {
    std::ofstream out(file);
    out << "<?php\nfunction __symemu_literal_roundtrip() {\n  $out = [];\n  for ($i = 0; $i < 3; $i++) {\n"
        << "    $t = json_encode(['a' => 1, 'b' => [1, 2], 'f' => 1.5], " << kLibraryFlags << ");\n"
        << "    $out[] = json_decode($t, true);\n    $out[] = json_decode($t, true);\n  }\n"
        << "  return serialize($out);\n}\n";
  }
  // Older than opcache.file_update_protection (2 s), so OPcache caches it, literals immutable.
  std::filesystem::last_write_time(file, std::filesystem::file_time_type::clock::now() - std::chrono::hours(1));
  zval loaded;
  eval("(function () { require_once '" + file + "'; return 1; })()", &loaded);
  zval_ptr_dtor(&loaded);
  const std::string one = R"(a:3:{s:1:"a";i:1;s:1:"b";a:2:{i:0;i:1;i:1;i:2;}s:1:"f";d:1.5;})";
  std::string expected = "a:6:{";
  for (int i = 0; i < 6; ++i) expected += "i:" + std::to_string(i) + ";" + one;
  expected += "}";
  for (int call = 0; call < 4; ++call) {
    const std::size_t before = php::encodedArraysTaken();
    zval literal;
    eval("__symemu_literal_roundtrip()", &literal);
    REQUIRE(Z_TYPE(literal) == IS_STRING);
    CHECK(std::string(Z_STRVAL(literal)) == expected);
    CHECK(php::encodedArraysTaken() - before == 6);
    zval_ptr_dtor(&literal);
  }
  std::filesystem::remove(file);

  // The array stays as written: changing the encoded variable afterwards changes nothing read.
  zval changed;
  eval("(function () { $p = ['a' => [1, 2], 'f' => 1.5]; $t = json_encode($p, " + std::to_string(kLibraryFlags) +
           "); $p['a'][] = 3; $p['f'] = 2.5; $d = json_decode($t, true); $d['a'][] = 9; "
           "return serialize([$p, $d, json_decode($t, true)]); })()",
       &changed);
  REQUIRE(Z_TYPE(changed) == IS_STRING);
  CHECK(std::string(Z_STRVAL(changed)) ==
        "a:3:{i:0;a:2:{s:1:\"a\";a:3:{i:0;i:1;i:1;i:2;i:2;i:3;}s:1:\"f\";d:2.5;}"
        "i:1;a:2:{s:1:\"a\";a:3:{i:0;i:1;i:1;i:2;i:2;i:9;}s:1:\"f\";d:1.5;}"
        "i:2;a:2:{s:1:\"a\";a:2:{i:0;i:1;i:1;i:2;}s:1:\"f\";d:1.5;}}");
  zval_ptr_dtor(&changed);
}

// gmdate() keeps its last text (emulator/php/php_clock.cpp): the same text as PHP's own gmdate for
// every format and time stamp, called again, alternated and after another format.
TEST_CASE("gmdate on the kernel's clock gives PHP's text, called again or not", "[php]") {
  LibraryCatalog catalog = builtinLibraries();
  REQUIRE(addLibraries(catalog, {std::string(SYMEMU_PHP_LIBS) + "/basic"}).empty());
  KernelOptions options = kernelOptionsFor(catalog, ":memory:");
  options.networkEnabled = false;
  Kernel kernel(options);
  php::PhpEntry entry;
  const std::string texts = R"((function () {
    $out = [];
    $formats = ['Y-m-d H:i:s', 'c', 'D, d M Y H:i:s \G\M\T', 'U', 'e T P O I B u v', 'Y-m-d', '', 'l jS \of F Y h:i:s A'];
    $stamps = [0, 1, 1741951800, 1741951800, 1741951801, -86400, 2147483648, 1741951801];
    foreach ($stamps as $ts) {  // the format changes between calls
      foreach ($formats as $f) {
        $out[] = gmdate($f, $ts);
        $out[] = gmdate($f, $ts);
      }
    }
    foreach ($formats as $f) {  // the time stamp changes between calls
      foreach ($stamps as $ts) {
        $out[] = gmdate($f, $ts);
        $out[] = gmdate($f, $ts);
      }
    }
    return serialize($out);
  })())";
  zval own, kept;
  eval(texts, &own);                              // no kernel: PHP's own gmdate
  php::PhpHost::get().setDefaultKernel(&kernel);  // the kernel's clock outside a module call
  eval(texts, &kept);
  zval year, now;
  eval("gmdate('Y', 0)", &year);
  eval("gmdate('Y') === gmdate('Y', time())", &now);
  php::PhpHost::get().setDefaultKernel(nullptr);
  REQUIRE(Z_TYPE(own) == IS_STRING);
  REQUIRE(Z_TYPE(kept) == IS_STRING);
  CHECK(std::string(Z_STRVAL(own)) == std::string(Z_STRVAL(kept)));
  CHECK(Z_STRLEN(own) > 1000);
  REQUIRE(Z_TYPE(year) == IS_STRING);
  CHECK(std::string(Z_STRVAL(year)) == "1970");
  CHECK(Z_TYPE(now) == IS_TRUE);
  for (zval* z : {&own, &kept, &year, &now}) zval_ptr_dtor(z);
  kernel.close();
}
