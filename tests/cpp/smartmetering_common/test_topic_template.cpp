#include <catch2/catch.hpp>

#include <regex>
#include <stdexcept>

#include <Poco/RegularExpression.h>

#include "symemu/smartmetering/common/report_parser.h"
#include "symemu/smartmetering/common/topic_template.h"

using namespace symemu::smartmetering;

namespace {

// The data-flow JSON text a child of the MQTT Server sees ('/' unescaped).
std::string dataFlowText(const std::string& topicJsonEscaped) {
  return R"({"DataID":"{7F7632D9-FA40-4F38-8DEA-C83CD4325A32}","PacketType":3,"QualityOfService":0,"Retain":false,"Topic":")" +
         topicJsonEscaped + R"(","Payload":"{\"muc\":{}}"})";
}

bool stdRegexMatches(const std::string& pattern, const std::string& text) {
  return std::regex_match(text, std::regex(pattern, std::regex::ECMAScript));
}

bool pcreMatches(const std::string& pattern, const std::string& text) {
  return Poco::RegularExpression(pattern).match(text);
}

bool filterAccepts(const TopicTemplate& t, const std::string& id, const std::string& topicJsonEscaped) {
  const std::string text = dataFlowText(topicJsonEscaped);
  const std::string pattern = t.receiveFilter(id);
  const bool viaStd = stdRegexMatches(pattern, text);
  const bool viaPcre = pcreMatches(pattern, text);
  CHECK(viaStd == viaPcre);
  return viaStd;
}

}  // namespace

TEST_CASE("default template: which topics belong to a logger", "[smartmetering][topic]") {
  const TopicTemplate t;
  CHECK(t.pattern() == "SmartLog/{SmartLogID}/#");
  CHECK(t.belongsTo("SmartLog/SL-000123/03006175", "SL-000123"));
  CHECK(t.belongsTo("SmartLog/SL-000123", "SL-000123"));
  CHECK(t.belongsTo("SmartLog/SL-000123/report", "SL-000123"));
  CHECK(t.belongsTo("SmartLog/SL-000123/System", "SL-000123"));
  CHECK_FALSE(t.belongsTo("SmartLog/SL-0001234/x", "SL-000123"));
  CHECK_FALSE(t.belongsTo("SmartLog/SL-00012/x", "SL-000123"));
  CHECK_FALSE(t.belongsTo("smartlog/SL-000123/x", "SL-000123"));
  CHECK_FALSE(t.belongsTo("Other/SL-000123", "SL-000123"));
  CHECK_FALSE(t.belongsTo("SmartLog", "SL-000123"));
  CHECK_FALSE(t.belongsTo("SmartLog//x", ""));
}

TEST_CASE("default template: extracting the ID and the rest", "[smartmetering][topic]") {
  const TopicTemplate t;
  auto m = t.match("SmartLog/SL-000123/03006175");
  REQUIRE(m);
  CHECK(m->smartLogId == "SL-000123");
  CHECK(m->rest == "03006175");
  CHECK_FALSE(m->wholeReport);
  m = t.match("SmartLog/SL-000123");
  REQUIRE(m);
  CHECK(m->rest.empty());
  CHECK(m->wholeReport);
  m = t.match("SmartLog/SL-000123/report");
  REQUIRE(m);
  CHECK(m->wholeReport);
  m = t.match("SmartLog/SL-000123/a/b");
  REQUIRE(m);
  CHECK(m->rest == "a/b");
  CHECK(t.extractId("SmartLog/SL.1+x/System") == std::optional<std::string>("SL.1+x"));
  CHECK_FALSE(t.extractId("Foo/SL-1"));
  CHECK_FALSE(t.extractId(""));
}

TEST_CASE("receive filter regex", "[smartmetering][topic]") {
  const TopicTemplate t;
  CHECK(t.receiveFilter("SL-000123") == R"re(.*"Topic":"SmartLog/SL-000123(?:/(?:[^"\\]|\\.)*)?".*)re");
  CHECK(filterAccepts(t, "SL-000123", "SmartLog/SL-000123/03006175"));
  CHECK(filterAccepts(t, "SL-000123", "SmartLog/SL-000123"));
  CHECK(filterAccepts(t, "SL-000123", "SmartLog/SL-000123/report"));
  CHECK_FALSE(filterAccepts(t, "SL-000123", "SmartLog/SL-0001234/03006175"));
  CHECK_FALSE(filterAccepts(t, "SL-1", "SmartLog/SL-10"));
  CHECK_FALSE(filterAccepts(t, "SL-000123", "Other/SL-000123/x"));
}

TEST_CASE("receive filter escapes regex metacharacters of the ID", "[smartmetering][topic]") {
  const TopicTemplate t;
  CHECK(t.receiveFilter("a.b+c") == R"re(.*"Topic":"SmartLog/a\.b\+c(?:/(?:[^"\\]|\\.)*)?".*)re");
  CHECK(filterAccepts(t, "SL.1", "SmartLog/SL.1/x"));
  CHECK_FALSE(filterAccepts(t, "SL.1", "SmartLog/SLx1/x"));
  CHECK(filterAccepts(t, "a+b", "SmartLog/a+b/x"));
  CHECK_FALSE(filterAccepts(t, "a+b", "SmartLog/aab/x"));
  const std::string nasty = "(x)[y]{2}^$|?*\\";
  CHECK(filterAccepts(t, nasty, "SmartLog/(x)[y]{2}^$|?*\\\\/m"));  // '\' is JSON-escaped in the text
  CHECK_FALSE(filterAccepts(t, nasty, "SmartLog/x/m"));
  CHECK(filterAccepts(t, "q\"q", "SmartLog/q\\\"q/m"));
}

TEST_CASE("subscriptions and topics for publishing", "[smartmetering][topic]") {
  const TopicTemplate t;
  CHECK(t.subscription("SL-000123") == "SmartLog/SL-000123/#");
  CHECK(t.subscriptionForAll() == "SmartLog/+/#");
  CHECK(t.topicFor("SL-000123", "03006175") == "SmartLog/SL-000123/03006175");
  CHECK(t.topicFor("SL-000123") == "SmartLog/SL-000123");
}

TEST_CASE("custom templates", "[smartmetering][topic]") {
  const TopicTemplate exact("meters/{SmartLogID}");
  CHECK(exact.belongsTo("meters/A", "A"));
  CHECK_FALSE(exact.belongsTo("meters/A/x", "A"));
  CHECK(exact.match("meters/A")->wholeReport);
  CHECK(exact.receiveFilter("A") == R"(.*"Topic":"meters/A".*)");

  const TopicTemplate framed("site/+/log_{SmartLogID}_v1/#", "all");
  CHECK(framed.extractId("site/north/log_SL7_v1/m1") == std::optional<std::string>("SL7"));
  CHECK(framed.match("site/north/log_SL7_v1/all")->wholeReport);
  CHECK_FALSE(framed.extractId("site/north/log__v1"));  // empty ID
  CHECK_FALSE(framed.extractId("site/log_SL7_v1/m1"));
  CHECK(framed.subscription("SL7") == "site/+/log_SL7_v1/#");
  CHECK(framed.subscriptionForAll() == "site/+/+/#");
  CHECK(filterAccepts(framed, "SL7", "site/north/log_SL7_v1/m1"));
  CHECK_FALSE(filterAccepts(framed, "SL7", "site/north/south/log_SL7_v1/m1"));
  CHECK_THROWS_AS(framed.topicFor("SL7"), std::logic_error);
}

TEST_CASE("invalid templates are refused", "[smartmetering][topic]") {
  CHECK_THROWS_AS(TopicTemplate("SmartLog/#"), std::invalid_argument);
  CHECK_THROWS_AS(TopicTemplate("SmartLog/{SmartLogID}/{SmartLogID}"), std::invalid_argument);
  CHECK_THROWS_AS(TopicTemplate("a{SmartLogID}b{SmartLogID}"), std::invalid_argument);
  CHECK_THROWS_AS(TopicTemplate("SmartLog/#/{SmartLogID}"), std::invalid_argument);
  CHECK_THROWS_AS(TopicTemplate("SmartLog+/{SmartLogID}"), std::invalid_argument);
  CHECK_THROWS_AS(TopicTemplate("SmartLog/x#/{SmartLogID}"), std::invalid_argument);
  CHECK_THROWS_AS(TopicTemplate(""), std::invalid_argument);
}

TEST_CASE("the payload's MUC_ID wins over the topic", "[smartmetering][topic]") {
  const Report withId = parseReport(R"({"muc":{"MUC_ID":"SL-REAL","meter":[]}})");
  CHECK(effectiveLoggerId(withId, "SL-TOPIC") == "SL-REAL");
  const Report withoutId = parseReport(R"({"muc":{"meter":[]}})");
  CHECK(effectiveLoggerId(withoutId, "SL-TOPIC") == "SL-TOPIC");
}
