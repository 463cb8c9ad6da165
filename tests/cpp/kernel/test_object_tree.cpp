#include <catch2/catch.hpp>

#include "test_modules.h"

using namespace symemu;

TEST_CASE("root is category 0 and cannot be changed", "[tree]") {
  Kernel k(testmods::testOptions());
  REQUIRE(k.getObject(0).name == "IP-Symcon");
  REQUIRE(k.getObject(0).type == ObjectType::Category);
  REQUIRE_THROWS_WITH(k.setParent(0, 0), "Cannot change root");
  REQUIRE_THROWS_WITH(k.setHidden(0, true), "Cannot change root");
  REQUIRE_THROWS_WITH(k.deleteCategory(0), "Cannot delete root");
}

TEST_CASE("new objects get IDs in 10000..59999 under root with a default name", "[tree]") {
  Kernel k(testmods::testOptions());
  int c = k.createCategory();
  REQUIRE(c >= 10000);
  REQUIRE(c <= 59999);
  REQUIRE(k.getObject(c).parentId == 0);
  REQUIRE(k.getObject(c).name == "Unnamed Object (ID: " + std::to_string(c) + ")");
  REQUIRE(k.getChildrenIds(0) == std::vector<int>{c});
  k.setName(c, "Ground Floor");
  REQUIRE(k.getObject(c).name == "Ground Floor");
  k.setName(c, "");
  REQUIRE(k.getObject(c).name == "Unnamed Object (ID: " + std::to_string(c) + ")");
  REQUIRE_THROWS_WITH(k.setName(12345 == c ? 12346 : 12345, "x"), Catch::Contains("does not exist"));
}

TEST_CASE("the same seed and operations give the same IDs, another seed differs", "[tree][seed]") {
  auto run = [](std::uint64_t seed) {
    Kernel k(testmods::testOptions(":memory:", seed));
    std::vector<int> ids;
    for (int i = 0; i < 20; ++i) ids.push_back(k.createCategory());
    k.deleteCategory(ids[3]);
    ids.push_back(k.createVariable(VariableType::Float));
    ids.push_back(k.createInstance(testmods::kDeviceId));
    return ids;
  };
  REQUIRE(run(7) == run(7));
  REQUIRE(run(7) != run(8));
}

TEST_CASE("idents: allowed characters, unique among siblings, also on move", "[tree][ident]") {
  Kernel k(testmods::testOptions());
  int a = k.createCategory(), b = k.createCategory(), folder = k.createCategory();
  k.setIdent(a, "Living_Room1");
  REQUIRE(k.getObject(a).ident == "Living_Room1");
  REQUIRE_THROWS_WITH(k.setIdent(b, "Living Room"), Catch::Contains("invalid"));
  REQUIRE_THROWS_WITH(k.setIdent(b, "ä"), Catch::Contains("invalid"));
  REQUIRE_THROWS_WITH(k.setIdent(b, "Living_Room1"), "Ident must be unique for each category");
  k.setParent(b, folder);
  k.setIdent(b, "Living_Room1");  // unique under its own parent
  REQUIRE_THROWS_WITH(k.setParent(b, 0), "Ident must be unique for each category");
  REQUIRE(k.getObject(b).parentId == folder);
  k.setIdent(b, "");  // empty ident means none and never collides
  k.setParent(b, 0);
  REQUIRE(k.getObjectIdByIdent("Living_Room1", 0) == a);
  REQUIRE_FALSE(k.getObjectIdByIdent("Nope", 0).has_value());
  REQUIRE_THROWS_WITH(k.getObjectIdByIdent("", 0), "Ident cannot be empty");
}

TEST_CASE("SetParent refuses missing parents and loops", "[tree]") {
  Kernel k(testmods::testOptions());
  int a = k.createCategory(), b = k.createCategory();
  k.setParent(b, a);
  REQUIRE_THROWS_WITH(k.setParent(a, b), Catch::Contains("below itself"));
  REQUIRE_THROWS_WITH(k.setParent(a, a), Catch::Contains("below itself"));
  REQUIRE_THROWS_WITH(k.setParent(a, 99999), Catch::Contains("does not exist"));
  REQUIRE(k.isChild(b, a, false));
  REQUIRE_FALSE(k.isChild(a, b, true));
}

TEST_CASE("lookups by name and path, location, path escaping", "[tree][path]") {
  Kernel k(testmods::testOptions());
  int top = k.ensureCategoryPath({"SmartMetering", "SmartLog SL-1", "Water"});
  REQUIRE(k.getPath(top) == "SmartMetering/SmartLog SL-1/Water");
  REQUIRE(k.getLocation(top) == "SmartMetering\\SmartLog SL-1\\Water");
  REQUIRE(k.resolvePath("SmartMetering/SmartLog SL-1/Water") == top);
  REQUIRE(k.ensureCategoryPath({"SmartMetering", "SmartLog SL-1", "Water"}) == top);  // reuses
  int odd = k.createCategory();
  k.setName(odd, "In/Out");
  k.setParent(odd, top);
  REQUIRE(k.getPath(odd) == "SmartMetering/SmartLog SL-1/Water/In\\/Out");
  REQUIRE(k.resolvePath(k.getPath(odd)) == odd);
  REQUIRE_FALSE(k.resolvePath("SmartMetering/Nope").has_value());
  REQUIRE(k.getObjectIdByName("SmartMetering", 0).has_value());
  REQUIRE(Kernel::splitPath("/a/b\\/c/") == std::vector<std::string>{"a", "b/c"});
}

TEST_CASE("delete rules: categories with children cannot be deleted", "[tree]") {
  Kernel k(testmods::testOptions());
  int a = k.createCategory(), b = k.createCategory();
  k.setParent(b, a);
  REQUIRE_THROWS_WITH(k.deleteCategory(a), Catch::Contains("has children"));
  int v = k.createVariable(VariableType::Integer);
  REQUIRE_THROWS_WITH(k.deleteCategory(v), Catch::Contains("is not a category"));
  k.deleteCategory(b);
  k.deleteCategory(a);
  REQUIRE_FALSE(k.objectExists(a));
  REQUIRE(k.getChildrenIds(0) == std::vector<int>{v});
}

TEST_CASE("object fields: info, icon, position, hidden, disabled, read-only", "[tree]") {
  Kernel k(testmods::testOptions());
  int a = k.createCategory();
  k.setInfo(a, "info");
  k.setIcon(a, "Flame");
  k.setPosition(a, 7);
  k.setHidden(a, true);
  k.setDisabled(a, true);
  k.setReadOnly(a, true);
  const auto& o = k.getObject(a);
  REQUIRE((o.info == "info" && o.icon == "Flame" && o.position == 7 && o.hidden && o.disabled && o.readOnly));
}
