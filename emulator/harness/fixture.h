#pragma once
// A replay fixture (JSON Lines, see fixtures/README.md): a header line, then one event per line.
// Parsing never stops at a bad line: the problem is kept with its line number and the rest of
// the file is still read, so `symemu replay` can report it and play everything else.
#include <iosfwd>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "symemu/kernel/types.h"
#include "symemu/runtime/library_plugin.h"

namespace symemu::harness {

enum class EventType { Mqtt, Http, Action };

struct FixtureEvent {
  int line = 0;  // 1-based line in the fixture file
  double t = 0;  // seconds after the fixture start
  EventType type = EventType::Mqtt;

  // mqtt: one PUBLISH from the client `clientId`
  std::string clientId, topic;
  int qos = 0;
  bool retain = false;

  // http: one request; `user` gets the password given at replay time (--password)
  std::string method, path;
  std::vector<std::pair<std::string, std::string>> headers;
  std::optional<std::string> user;
  std::optional<int> expectStatus;  // default: any 2xx is a success

  // payload (mqtt) or body (http), already base64-decoded
  std::string data;

  // action: "set_property" (objectPath, property, value, apply), "advance" (seconds),
  // "create_instance" (moduleName, instanceName, objectPath = data-flow parent, properties), or
  // an action a library adds (actionFields, e.g. create_all's smartlog_id). A string value
  // "${PASSWORD}" stands for --password.
  std::string action, objectPath, property, moduleName, instanceName;
  std::map<std::string, std::string> actionFields;
  Value value;
  std::vector<std::pair<std::string, Value>> properties;
  bool apply = true;
  double seconds = 0;

  std::string label() const;  // e.g. "mqtt echo/a", "http POST /hook/echo", "action advance"
};

struct FixtureProblem {
  int line = 0;
  std::string message;
};

struct Fixture {
  std::string file;  // as given; problems are reported as "<file>:<line>: <message>"
  std::string description;
  std::optional<double> start;  // Unix seconds of offset 0, when the header names it
  std::vector<FixtureEvent> events;
  std::vector<FixtureProblem> problems;
  int lines = 0;
  std::string where(int line) const { return file + ":" + std::to_string(line); }
};

// One event line; throws FixtureLineError naming the field when it is not a valid event. Actions
// other than the built-in ones are those of `libraries` (library_plugin.h).
FixtureEvent parseFixtureEvent(const std::string& text, int line, const LibraryCatalog& libraries);

class FixtureLineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

Fixture parseFixture(std::istream& in, const std::string& file, const LibraryCatalog& libraries);
// Throws std::runtime_error when the file cannot be opened.
Fixture loadFixture(const std::string& path, const LibraryCatalog& libraries);

}  // namespace symemu::harness
