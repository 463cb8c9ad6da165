#include <catch2/catch.hpp>

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <fstream>

#include "symemu/harness/library_validator.h"

using namespace symemu::harness;

namespace {

const char* kLibrary = R"({"id": "{11111111-2222-3333-4444-555555555555}", "author": "a", "name": "Lib", "url": "",
  "version": "1.0", "build": 1, "date": 0})";
const char* kModule = R"({"id": "{AAAAAAAA-2222-3333-4444-555555555555}", "name": "My Device", "type": 3, "vendor": "v",
  "aliases": [], "url": "https://example.invalid", "parentRequirements": ["{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}"],
  "childRequirements": [], "implemented": ["{7F7632D9-FA40-4F38-8DEA-C83CD4325A32}"], "prefix": "MYDEV"})";
const char* kForm = R"({"elements": [{"type": "ValidationTextBox", "name": "A", "caption": "A"},
  {"type": "ExpansionPanel", "caption": "More", "items": [{"type": "CheckBox", "name": "B", "caption": "B"}]}],
  "actions": [{"type": "Button", "caption": "Go", "onClick": "X_Go($id);"}],
  "status": [{"code": 102, "icon": "active", "caption": "ok"}, {"code": 201, "icon": "error", "caption": "bad"}]})";

struct Library {
  Poco::TemporaryFile dir;
  Library() {
    dir.createDirectories();
    write("library.json", kLibrary);
    Poco::File(dir.path() + "/MyDevice").createDirectories();
    write("MyDevice/module.json", kModule);
    write("MyDevice/form.json", kForm);
  }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir.path() + "/" + name) << text; }
  ValidationResult check() { return validateLibrary(dir.path()); }
  // The single problem the library has now (fails the test when there are none or several).
  std::string only() {
    auto r = check();
    INFO(r.problems.size() << " problems");
    for (const auto& p : r.problems) INFO(p.text());
    REQUIRE(r.problems.size() == 1);
    return r.problems[0].key + ": " + r.problems[0].message;
  }
};

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto at = s.find(from);
  REQUIRE(at != std::string::npos);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("the single checks follow Symcon's validator") {
  CHECK(isValidGuid("{C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850}"));
  CHECK_FALSE(isValidGuid("{c6d2aeb3-6e1f-4b2e-8e69-3a1a00246850}"));
  CHECK_FALSE(isValidGuid("C6D2AEB3-6E1F-4B2E-8E69-3A1A00246850"));
  CHECK_FALSE(isValidGuid("{C6D2AEB3-6E1F-4B2E-8E69-3A1A0024685}"));
  CHECK(isValidName("MQTT Server"));
  CHECK(isValidName("A_b 9"));
  CHECK_FALSE(isValidName(" Lead"));
  CHECK_FALSE(isValidName("Trail_"));
  CHECK_FALSE(isValidName("Dash-ed"));
  CHECK_FALSE(isValidName(""));
  CHECK(isValidPrefix("SM2"));
  CHECK_FALSE(isValidPrefix("Sm"));
  CHECK_FALSE(isValidPrefix(""));
  CHECK(isValidUrl(""));
  CHECK(isValidUrl("http://x"));
  CHECK_FALSE(isValidUrl("ftp://x"));
  CHECK(isIgnoredFolder("libs"));
  CHECK(isIgnoredFolder(".git"));
  CHECK_FALSE(isIgnoredFolder("SmartLog"));
}

TEST_CASE("the project's own libraries are clean") {
  for (const char* dir : {"/modules/SmartMetering", "/emulator/core", "/tests/cpp/kernel/testlib"}) {
    auto r = validateLibrary(std::string(SYMEMU_SOURCE_DIR) + dir);
    INFO(dir);
    for (const auto& p : r.problems) INFO(p.text());
    CHECK(r.problems.empty());
    CHECK_FALSE(r.modules.empty());
  }
}

TEST_CASE("a clean temporary library passes") {
  Library lib;
  auto r = lib.check();
  CHECK(r.problems.empty());
  CHECK(r.modules.size() == 1);
}

TEST_CASE("library.json problems name the key") {
  Library lib;
  lib.write("library.json", replace(kLibrary, R"("build": 1)", R"("build": "1")"));
  CHECK(lib.only() == "build: must be an integer, not a string");
  lib.write("library.json", replace(kLibrary, R"("url": "")", R"("url": "ftp://x")"));
  CHECK(lib.only() == "url: must start with http:// or https:// (or be empty)");
  lib.write("library.json", replace(kLibrary, R"("author": "a", )", ""));
  CHECK(lib.only() == "author: is missing");
  lib.write("library.json", replace(kLibrary, R"("date": 0)", R"("date": 0, "extra": 1)"));
  CHECK(lib.only() == "extra: is not a known key");
  lib.write("library.json", replace(kLibrary, R"("date": 0)", R"("date": 0, "compatibility": {"version": 7})"));
  CHECK(lib.only() == "compatibility.version: must be a string");
  lib.write("library.json", "{");
  CHECK(lib.only().find(": is not valid JSON") == 0);
  Poco::File(lib.dir.path() + "/library.json").remove();
  CHECK(lib.only().find(": is missing (a library folder") == 0);
}

TEST_CASE("module.json problems name the key") {
  Library lib;
  auto with = [&](const std::string& from, const std::string& to) {
    lib.write("MyDevice/module.json", replace(kModule, from, to));
    return lib.only();
  };
  CHECK(with(R"("{AAAAAAAA)", R"("{aaaaaaaa)") ==
        "id: '{aaaaaaaa-2222-3333-4444-555555555555}' is not a GUID {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX} (upper-case "
        "hex)");
  CHECK(with(R"("{AAAAAAAA)", R"("{11111111)") == "id: is the library's own GUID");
  CHECK(with(R"("My Device")", R"("My-Device")") ==
        "name: 'My-Device' may only use A-Z a-z 0-9 space _ and must not start or end with space or _");
  CHECK(with(R"("type": 3)", R"("type": 6)").find("type: 6 is not a module type") == 0);
  CHECK(with(R"("type": 3)", R"("type": "3")") == "type: must be an integer 0..5, not a string");
  CHECK(with(R"("aliases": [])", R"("aliases": [1])") == "aliases[0]: must be a string");
  CHECK(with(R"("https://example.invalid")", R"("example.invalid")") ==
        "url: must start with http:// or https:// (or be empty)");
  CHECK(with(R"(["{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}"])", R"(["043EA491-0325-4ADD-8FC2-A30C8EEB4D3F"])")
            .find("parentRequirements[0]: '043EA491") == 0);
  CHECK(with(R"("childRequirements": [])", R"("childRequirements": "{043EA491-0325-4ADD-8FC2-A30C8EEB4D3F}")") ==
        "childRequirements: must be an array of GUIDs, not a string");
  CHECK(with(R"("implemented": [")", R"("implemented": [5, ")") ==
        "implemented[0]: must be a GUID string, not an integer");
  CHECK(with(R"("MYDEV")", R"("MyDev")") == "prefix: 'MyDev' must match ^[A-Z0-9]+$");
  CHECK(with(R"("vendor": "v",)", "") == "vendor: is missing");
}

TEST_CASE("two modules with one GUID are reported") {
  Library lib;
  Poco::File(lib.dir.path() + "/Copy").createDirectories();
  lib.write("Copy/module.json", replace(kModule, "My Device", "Copy"));
  auto only = lib.only();
  CHECK(only.find("id: is also the id of") == 0);
}

TEST_CASE("form.json problems name the element") {
  Library lib;
  auto with = [&](const std::string& from, const std::string& to) {
    lib.write("MyDevice/form.json", replace(kForm, from, to));
    return lib.only();
  };
  CHECK(with(R"("type": "CheckBox")", R"("type": "Checkbox")") ==
        "elements[1].items[0].type: 'Checkbox' is not a known element type");
  CHECK(with(R"({"type": "Button", )", "{") == "actions[0].type: is missing");
  CHECK(with(R"("icon": "error")", R"("icon": "red")") ==
        "status[1].icon: must be \"active\", \"inactive\" or \"error\"");
  CHECK(with(R"("code": 201)", R"("code": 150)") ==
        "status[1].code: 150 is neither a kernel status (101..106) nor a module error status (>= 200)");
  CHECK(with(R"("code": 201)", R"("code": 102)") == "status[1].code: 102 is listed twice");
  CHECK(with(R"("caption": "bad")", R"("caption": 3)") == "status[1].caption: must be a string");
  CHECK(with(R"("status": [)", R"("statuses": [)") == "statuses: is not a known key");
  CHECK(with(R"("actions": [)", R"("actions": {"x": [)").find("is not valid JSON") != std::string::npos);
  CHECK(with(R"("name": "A")", R"("name": 1)") == "elements[0].name: must be a string");
  CHECK(with(R"("actions": [{"type": "Button", "caption": "Go", "onClick": "X_Go($id);"}])", R"("actions": {})") ==
        "actions: must be an array of elements, not an object");
}

TEST_CASE("folders without module.json are skipped unless they look like modules") {
  Library lib;
  Poco::File(lib.dir.path() + "/src").createDirectories();
  lib.write("src/code.cpp", "int x;");
  Poco::File(lib.dir.path() + "/libs").createDirectories();
  lib.write("libs/form.json", "{}");
  CHECK(lib.check().problems.empty());
  Poco::File(lib.dir.path() + "/Half").createDirectories();
  lib.write("Half/form.json", "{}");
  CHECK(lib.only().find(": is missing (the folder has form.json)") == 0);
}

TEST_CASE("a missing folder is reported") {
  auto r = validateLibrary("/nonexistent/library");
  REQUIRE(r.problems.size() == 1);
  CHECK(r.problems[0].text() == "/nonexistent/library: is not a folder");
}
