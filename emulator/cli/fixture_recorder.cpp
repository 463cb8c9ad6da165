#include "fixture_recorder.h"

#include <Poco/Base64Encoder.h>
#include <Poco/File.h>

#include <cmath>
#include <cstdio>
#include <sstream>

#include "kernel/json_value.h"
#include "kernel/kernel.h"

namespace symemu::cli {

bool isValidUtf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    std::size_t len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > s.size() || (len == 2 && c < 0xC2)) return false;
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

std::string base64(const std::string& bytes) {
  std::ostringstream ss;
  Poco::Base64Encoder enc(ss);
  enc.rdbuf()->setLineLength(0);
  enc << bytes;
  enc.close();
  return ss.str();
}

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

}  // namespace symemu::cli
