#include "symemu/harness/fixture_recorder.h"

#include <Poco/File.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "symemu/kernel/json_value.h"
#include "symemu/kernel/kernel.h"
#include "symemu/harness/text_codec.h"

namespace symemu::harness {

static std::string offsetText(double t) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", t);
  return buf;
}

FixtureRecorder::FixtureRecorder(const std::string& path, const Kernel& kernel, const std::string& description)
    : kernel_(kernel), start_(std::floor(kernel.now())) {
  bool fresh = !Poco::File(path).exists() || Poco::File(path).getSize() == 0;
  out_.open(path, std::ios::app);
  if (!out_) throw KernelError("cannot write fixture " + path);
  // "start" lets an in-process replay run on the same clock times as the recording.
  if (fresh)
    write(toJsonText({{"symemu_fixture", std::int64_t{1}},
                      {"description", description},
                      {"start", static_cast<std::int64_t>(start_)}}));
}

double FixtureRecorder::offset() const { return kernel_.now() - start_; }

void FixtureRecorder::write(const std::string& line) {
  std::lock_guard<std::mutex> lock(mutex_);
  out_ << line << '\n';
  out_.flush();  // a killed server keeps what it recorded
}

void FixtureRecorder::flush() {
  std::lock_guard<std::mutex> lock(mutex_);
  out_.flush();
}

void FixtureRecorder::mqtt(const std::string& clientId, const std::string& topic, const std::string& payload, int qos,
                           bool retain) {
  bool text = isValidUtf8(payload);
  write("{\"t\":" + offsetText(offset()) + ",\"type\":\"mqtt\",\"client_id\":" + jsonQuote(clientId) + ",\"topic\":" +
        jsonQuote(topic) + ",\"qos\":" + std::to_string(qos) + ",\"retain\":" + (retain ? "true" : "false") +
        (text ? ",\"payload\":" + jsonQuote(payload) : ",\"payload_base64\":" + jsonQuote(base64(payload))) + "}");
}

void FixtureRecorder::http(const HookRequest& r) {
  std::string headers = "{";
  for (const auto& [name, value] : r.headers) {
    std::string lower = name;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "authorization" || lower == "host" || lower == "content-length" || lower == "connection") continue;
    headers += (headers.size() > 1 ? "," : "") + jsonQuote(name) + ":" + jsonQuote(value);
  }
  headers += "}";
  bool text = isValidUtf8(r.body);
  write("{\"t\":" + offsetText(offset()) + ",\"type\":\"http\",\"method\":" + jsonQuote(r.method) +
        ",\"path\":" + jsonQuote(r.uri.empty() ? r.path : r.uri) + ",\"headers\":" + headers +
        (r.authUser ? ",\"user\":" + jsonQuote(*r.authUser) : "") +
        (text ? ",\"body\":" + jsonQuote(r.body) : ",\"body_base64\":" + jsonQuote(base64(r.body))) + "}");
}

}  // namespace symemu::harness
