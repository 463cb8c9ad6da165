#include "symemu/harness/fixture.h"

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "symemu/kernel/json_value.h"

namespace symemu::harness {

namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Object;

// Field access that names the field in every complaint.
class Fields {
 public:
  explicit Fields(Object::Ptr o) : o_(std::move(o)) {}

  bool has(const std::string& key) const { return o_->has(key) && !o_->get(key).isEmpty(); }

  std::string string(const std::string& key) const {
    Var v = require(key);
    if (!v.isString()) fail(key, "must be a string");
    return v.extract<std::string>();
  }
  std::optional<std::string> optString(const std::string& key) const {
    return has(key) ? std::optional<std::string>(string(key)) : std::nullopt;
  }
  double number(const std::string& key) const {
    Var v = require(key);
    if (!v.isNumeric() || v.isBoolean()) fail(key, "must be a number");
    double d = v.convert<double>();
    if (!std::isfinite(d)) fail(key, "must be a finite number");
    return d;
  }
  long long integer(const std::string& key) const {
    double d = number(key);
    if (std::floor(d) != d) fail(key, "must be a whole number");
    return static_cast<long long>(d);
  }
  bool boolean(const std::string& key, bool fallback) const {
    if (!has(key)) return fallback;
    Var v = o_->get(key);
    if (!v.isBoolean()) fail(key, "must be true or false");
    return v.extract<bool>();
  }
  Var raw(const std::string& key) const { return require(key); }
  Object::Ptr object(const std::string& key) const {
    Var v = require(key);
    if (v.type() != typeid(Object::Ptr)) fail(key, "must be an object");
    return v.extract<Object::Ptr>();
  }
  // Every key must be one the event type knows: a typo should not be silently ignored.
  void onlyKeys(const std::set<std::string>& allowed, const std::string& what) const {
    for (const auto& [key, value] : *o_)
      if (!allowed.count(key)) fail(key, "is not a field of " + what);
  }
  [[noreturn]] static void fail(const std::string& key, const std::string& message) {
    throw FixtureLineError("\"" + key + "\" " + message);
  }

 private:
  Var require(const std::string& key) const {
    if (!o_->has(key)) throw FixtureLineError("missing \"" + key + "\"");
    return o_->get(key);
  }
  Object::Ptr o_;
};

std::string decodeBase64(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  Poco::Base64Decoder dec(in);
  std::string out;
  try {
    out.assign(std::istreambuf_iterator<char>(dec), std::istreambuf_iterator<char>());
  } catch (const Poco::Exception&) {
    Fields::fail(key, "is not valid base64");
  }
  return out;
}

// "payload"/"body" as text or "<key>_base64" as bytes; exactly one of them (none means empty).
std::string textOrBase64(const Fields& f, const std::string& key) {
  bool text = f.has(key), b64 = f.has(key + "_base64");
  if (text && b64) Fields::fail(key, "and \"" + key + "_base64\" exclude each other");
  if (b64) return decodeBase64(f.string(key + "_base64"), key + "_base64");
  return text ? f.string(key) : std::string();
}

void parseMqtt(const Fields& f, FixtureEvent& e) {
  f.onlyKeys({"t", "type", "comment", "client_id", "topic", "qos", "retain", "payload", "payload_base64"},
             "an mqtt event");
  e.type = EventType::Mqtt;
  e.clientId = f.has("client_id") ? f.string("client_id") : "symemu-replay";
  e.topic = f.string("topic");
  if (e.topic.empty()) Fields::fail("topic", "must not be empty");
  if (e.topic.find_first_of("+#") != std::string::npos) Fields::fail("topic", "must not contain the wildcards + or #");
  if (f.has("qos")) {
    Var q = f.raw("qos");
    if (!q.isInteger() || q.isBoolean() || q.convert<long long>() < 0 || q.convert<long long>() > 2)
      Fields::fail("qos", "must be 0, 1 or 2");
    e.qos = q.convert<int>();
  }
  e.retain = f.boolean("retain", false);
  e.data = textOrBase64(f, "payload");
}

void parseHttp(const Fields& f, FixtureEvent& e) {
  f.onlyKeys({"t", "type", "comment", "method", "path", "headers", "user", "body", "body_base64", "expect_status"},
             "an http event");
  e.type = EventType::Http;
  e.method = f.has("method") ? f.string("method") : "POST";
  if (e.method.empty() || e.method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
    Fields::fail("method", "must be an upper-case HTTP method such as POST");
  e.path = f.string("path");
  if (e.path.empty() || e.path[0] != '/') Fields::fail("path", "must start with '/'");
  if (f.has("headers")) {
    for (const auto& [name, value] : *f.object("headers")) {
      if (!value.isString()) Fields::fail("headers", "values must be strings (\"" + name + "\" is not)");
      e.headers.emplace_back(name, value.extract<std::string>());
    }
  }
  e.user = f.optString("user");
  if (f.has("expect_status")) {
    long long s = f.integer("expect_status");
    if (s < 100 || s > 599) Fields::fail("expect_status", "must be an HTTP status 100..599");
    e.expectStatus = static_cast<int>(s);
  }
  e.data = textOrBase64(f, "body");
}

// An action a library adds: its string fields, each required and not empty.
void parseLibraryAction(const Fields& f, const FixtureAction& action, FixtureEvent& e) {
  std::set<std::string> allowed = {"t", "type", "comment", "action"};
  allowed.insert(action.fields.begin(), action.fields.end());
  f.onlyKeys(allowed, "a " + action.name + " action");
  for (const auto& key : action.fields) {
    std::string value = f.string(key);
    if (value.empty()) Fields::fail(key, "must not be empty");
    e.actionFields[key] = value;
  }
}

// "must be create_all, set_property, create_instance or advance": library actions first.
std::string knownActions(const LibraryCatalog& libraries) {
  std::string list;
  for (const auto& plugin : libraries.plugins())
    for (const auto& action : plugin.fixtureActions) list += action.name + ", ";
  return list + "set_property, create_instance or advance";
}

void parseAction(const Fields& f, FixtureEvent& e, const LibraryCatalog& libraries) {
  e.type = EventType::Action;
  e.action = f.string("action");
  if (const FixtureAction* action = libraries.fixtureAction(e.action)) {
    parseLibraryAction(f, *action, e);
  } else if (e.action == "set_property") {
    f.onlyKeys({"t", "type", "comment", "action", "path", "property", "value", "apply"}, "a set_property action");
    e.objectPath = f.string("path");
    e.property = f.string("property");
    Var v = f.raw("value");
    if (!(v.isString() || v.isNumeric() || v.isBoolean())) Fields::fail("value", "must be a string, number or boolean");
    e.value = anyFromVar(v);
    e.apply = f.boolean("apply", true);
  } else if (e.action == "advance") {
    f.onlyKeys({"t", "type", "comment", "action", "seconds"}, "an advance action");
    e.seconds = f.number("seconds");
    if (e.seconds < 0) Fields::fail("seconds", "must not be negative");
  } else if (e.action == "create_instance") {
    f.onlyKeys({"t", "type", "comment", "action", "module", "name", "parent", "properties"},
               "a create_instance action");
    e.moduleName = f.string("module");
    e.instanceName = f.optString("name").value_or("");
    e.objectPath = f.optString("parent").value_or("");
    if (f.has("properties")) {
      for (const auto& [name, v] : *f.object("properties")) {
        if (!(v.isString() || v.isNumeric() || v.isBoolean()))
          Fields::fail("properties", "values must be strings, numbers or booleans (\"" + name + "\" is not)");
        e.properties.emplace_back(name, anyFromVar(v));
      }
    }
  } else {
    Fields::fail("action", "must be " + knownActions(libraries));
  }
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

Object::Ptr parseObject(const std::string& text) {
  Poco::JSON::Parser parser;
  Var v;
  try {
    v = parser.parse(text);
  } catch (const Poco::Exception& ex) {
    throw FixtureLineError("not valid JSON: " + ex.message());
  }
  if (v.type() != typeid(Object::Ptr)) throw FixtureLineError("a line must be one JSON object");
  return v.extract<Object::Ptr>();
}

}  // namespace

std::string FixtureEvent::label() const {
  switch (type) {
    case EventType::Mqtt:
      return "mqtt " + topic;
    case EventType::Http:
      return "http " + method + " " + path;
    case EventType::Action:
      return "action " + action;
  }
  return "event";
}

FixtureEvent parseFixtureEvent(const std::string& text, int line, const LibraryCatalog& libraries) {
  Fields f(parseObject(text));
  FixtureEvent e;
  e.line = line;
  e.t = f.has("t") ? f.number("t") : 0;
  if (e.t < 0) Fields::fail("t", "must not be negative");
  std::string type = f.string("type");
  if (type == "mqtt")
    parseMqtt(f, e);
  else if (type == "http")
    parseHttp(f, e);
  else if (type == "action")
    parseAction(f, e, libraries);
  else
    Fields::fail("type", "must be mqtt, http or action");
  return e;
}

Fixture parseFixture(std::istream& in, const std::string& file, const LibraryCatalog& libraries) {
  Fixture fx;
  fx.file = file;
  std::string text;
  bool headerSeen = false;
  while (std::getline(in, text)) {
    int line = ++fx.lines;
    if (blank(text)) continue;
    try {
      if (!headerSeen) {
        headerSeen = true;
        Object::Ptr o = parseObject(text);
        if (o->has("symemu_fixture")) {
          Fields f(o);
          f.onlyKeys({"symemu_fixture", "description", "start", "comment"}, "the header");
          if (f.integer("symemu_fixture") != 1) Fields::fail("symemu_fixture", "must be 1 (the only format version)");
          fx.description = f.optString("description").value_or("");
          if (f.has("start")) fx.start = f.number("start");
          continue;
        }
        fx.problems.push_back({line, "the first line is not a header {\"symemu_fixture\": 1, ...}"});
      }
      fx.events.push_back(parseFixtureEvent(text, line, libraries));
    } catch (const FixtureLineError& e) {
      fx.problems.push_back({line, e.what()});
    }
  }
  if (!headerSeen) fx.problems.push_back({1, "the fixture is empty (no header line)"});
  return fx;
}

Fixture loadFixture(const std::string& path, const LibraryCatalog& libraries) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read fixture " + path);
  return parseFixture(in, path, libraries);
}

}  // namespace symemu::harness
