// report_dump: the C++ parser's and mapper's view of report payloads, for the differential test of
// the PHP edition (tests/e2e/test_smartmetering_php.py runs modules/SmartMeteringPHP/tests/
// report_dump.php on the same input and compares).
//   report_dump FILE   FILE: one payload per line, hex-encoded (so any bytes fit)
// Writes one JSON line per payload. Strings are hex (raw bytes), doubles the hex of their IEEE
// bits, so the comparison is exact: {"error":hex} or {"mucId",...,"meters":[...],"issues":[...]}.
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>

#include "symemu/smartmetering/common/report_parser.h"
#include "symemu/smartmetering/common/variable_mapper.h"

using namespace symemu::smartmetering;

namespace {

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : bytes) out += {digits[c >> 4], digits[c & 15]};
  return out + "\"";
}

std::string fromHex(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i + 1 < text.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16)));
  return out;
}

std::string bits(double d) {
  std::uint64_t u = 0;
  std::memcpy(&u, &d, sizeof u);
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(u));
  return buf;
}

template <typename T>
std::string opt(const std::optional<T>& v) {
  return v ? std::to_string(*v) : "null";
}
std::string optBits(const std::optional<double>& v) { return v ? bits(*v) : "null"; }

const char* functionName(ValueFunction f) {
  switch (f) {
    case ValueFunction::Maximum:
      return "\"Maximum\"";
    case ValueFunction::Minimum:
      return "\"Minimum\"";
    case ValueFunction::ErrorState:
      return "\"ErrorState\"";
    case ValueFunction::Instantaneous:
      break;
  }
  return "\"Instantaneous\"";
}

const char* effectName(IssueEffect e) {
  switch (e) {
    case IssueEffect::SkippedMeter:
      return "\"SkippedMeter\"";
    case IssueEffect::SkippedRecord:
      return "\"SkippedRecord\"";
    case IssueEffect::IgnoredAttribute:
      break;
  }
  return "\"IgnoredAttribute\"";
}

std::string valueJson(const VariableValue& v) {
  if (auto i = std::get_if<std::int64_t>(&v)) return "{\"i\":" + std::to_string(*i) + "}";
  if (auto d = std::get_if<double>(&v)) return "{\"d\":" + bits(*d) + "}";
  if (auto s = std::get_if<std::string>(&v)) return "{\"s\":" + hex(*s) + "}";
  return std::string("{\"b\":") + (std::get<bool>(v) ? "true" : "false") + "}";
}

std::string recordJson(const DataRecord& r) {
  return "{\"index\":" + std::to_string(r.index) + ",\"description\":" + hex(r.description) +
         ",\"unit\":" + hex(r.unit) + ",\"scale\":" + bits(r.scale) + ",\"scaleText\":" + hex(r.scaleText) +
         ",\"medium\":" + hex(r.medium) + ",\"obis\":" + hex(r.obis) + ",\"user\":" + hex(r.user) +
         ",\"function\":" + hex(r.function) + ",\"functionKind\":" + functionName(r.functionKind) +
         ",\"storage\":" + std::to_string(r.storage) + ",\"tariff\":" + std::to_string(r.tariff) +
         ",\"subunit\":" + std::to_string(r.subunit) + ",\"t\":" + opt(r.entry.t) + ",\"tMuc\":" + opt(r.entry.tMuc) +
         ",\"valText\":" + hex(r.entry.valText) + ",\"valNumber\":" + optBits(r.entry.valNumber) +
         ",\"valInteger\":" + opt(r.entry.valInteger) + ",\"scaledValue\":" + optBits(r.scaledValue) + "}";
}

std::string variableJson(const VariableSpec& v) {
  std::string out = "{\"ident\":" + hex(v.ident) + ",\"name\":" + hex(v.name) +
                    ",\"type\":" + std::to_string(static_cast<int>(v.type)) + ",\"value\":" + valueJson(v.value) +
                    ",\"profile\":" + hex(v.profile);
  if (v.profileSpec)
    out += ",\"suffix\":" + hex(v.profileSpec->suffix) + ",\"digits\":" + std::to_string(v.profileSpec->digits);
  return out + "}";
}

std::string meterJson(const MeterRecord& m) {
  std::string out = "{\"index\":" + std::to_string(m.index) + ",\"meterId\":" + hex(m.meterId) +
                    ",\"interface\":" + hex(m.interface) + ",\"user\":" + hex(m.user) +
                    ",\"manufacturer\":" + hex(m.manufacturer) + ",\"version\":" + hex(m.version) +
                    ",\"accessNumber\":" + hex(m.accessNumber) + ",\"status\":" + hex(m.status) +
                    ",\"medium\":" + hex(m.medium) + ",\"rssi\":" + opt(m.rssi) +
                    ",\"isSystem\":" + (m.isSystem ? "true" : "false") + ",\"data\":[";
  for (std::size_t i = 0; i < m.data.size(); ++i) out += (i ? "," : "") + recordJson(m.data[i]);
  out += "],\"variables\":[";
  auto vars = mapMeter(m);
  for (std::size_t i = 0; i < vars.size(); ++i) out += (i ? "," : "") + variableJson(vars[i]);
  return out + "]}";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: report_dump FILE (one hex-encoded payload per line)\n";
    return 2;
  }
  std::ifstream in(argv[1]);
  if (!in) {
    std::cerr << "report_dump: cannot read " << argv[1] << "\n";
    return 1;
  }
  std::string line;
  while (std::getline(in, line)) {
    Report r;
    std::string error;
    if (!tryParseReport(fromHex(line), r, error)) {
      std::cout << "{\"error\":" << hex(error) << "}\n";
      continue;
    }
    std::string out = "{\"mucId\":" + hex(r.mucId) + ",\"version\":" + hex(r.version) +
                      ",\"timestamp\":" + opt(r.timestamp) + ",\"meters\":[";
    for (std::size_t i = 0; i < r.meters.size(); ++i) out += (i ? "," : "") + meterJson(r.meters[i]);
    out += "],\"issues\":[";
    for (std::size_t i = 0; i < r.issues.size(); ++i)
      out += std::string(i ? "," : "") + "{\"where\":" + hex(r.issues[i].where) + ",\"what\":" + hex(r.issues[i].what) +
             ",\"effect\":" + effectName(r.issues[i].effect) + "}";
    std::cout << out << "]}\n";
  }
  return 0;
}
