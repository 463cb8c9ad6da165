#include "meter_packet.h"

#include <limits>
#include <stdexcept>

#include "guids.h"
#include "kernel/json_tree.h"
#include "kernel/json_value.h"
#include "symemu/smartmetering/number_text.h"
#include "symemu/smartmetering/topic_template.h"
#include "symemu/smartmetering/variable_mapper.h"

namespace symemu::smartmetering {

namespace {

std::string valueJson(const VariableValue& v) {
  struct Visitor {
    std::string operator()(bool b) const { return b ? "true" : "false"; }
    std::string operator()(std::int64_t i) const { return std::to_string(i); }
    std::string operator()(double d) const { return formatNumber(d); }
    std::string operator()(const std::string& s) const { return jsonQuote(s); }
  };
  return std::visit(Visitor{}, v);
}

// JSON string body without the quotes, as it appears in the packet text.
std::string jsonEscaped(const std::string& s) {
  std::string q = jsonQuote(s);
  return q.substr(1, q.size() - 2);
}

}  // namespace

std::string buildMeterPacket(const MeterRecord& meter, const std::string& smartLogId,
                             std::optional<std::int64_t> timestamp) {
  std::string out;
  out.reserve(256 + meter.data.size() * 160);
  out += "{\"DataID\":" + jsonQuote(guid::kToMeters);
  out += ",\"MeterID\":" + jsonQuote(meter.meterId);
  out += ",\"Interface\":" + jsonQuote(meter.interface);
  out += std::string(",\"System\":") + (meter.isSystem ? "true" : "false");
  out += ",\"SmartLogID\":" + jsonQuote(smartLogId);
  out += ",\"Manufacturer\":" + jsonQuote(meter.manufacturer);
  out += ",\"Medium\":" + jsonQuote(meter.medium);
  if (timestamp) out += ",\"Timestamp\":" + std::to_string(*timestamp);
  out += ",\"Variables\":[";
  bool first = true;
  for (const VariableSpec& v : mapMeter(meter)) {
    if (!first) out += ',';
    first = false;
    out += "{\"Ident\":" + jsonQuote(v.ident) + ",\"Name\":" + jsonQuote(v.name);
    out += ",\"Type\":" + std::to_string(static_cast<int>(v.type));
    out += ",\"Value\":" + valueJson(v.value);
    out += ",\"Profile\":" + jsonQuote(v.profile);
    if (v.profileSpec)
      out += ",\"Suffix\":" + jsonQuote(v.profileSpec->suffix) + ",\"Digits\":" + std::to_string(v.profileSpec->digits);
    out += '}';
  }
  out += "]}";
  return out;
}

namespace {

using json::Kind;
using json::Node;

std::runtime_error badField(const std::string& where, const char* key, const char* expected) {
  return std::runtime_error(where + "\"" + key + "\" is not " + expected);
}

// An optional text field: absent or null leaves `into` unchanged.
void optionalText(const Node& o, const char* key, std::string& into, const std::string& where = {}) {
  const auto f = o.member(key);
  if (!f || f->isNull()) return;
  if (!f->isString()) throw badField(where, key, "text");
  into = std::string(f->string());
}

// An integer field that fits an int (Type, Digits).
int intField(const std::optional<Node>& f, const char* key, const std::string& where) {
  if (!f || f->kind() != Kind::Signed || f->signedInt() < std::numeric_limits<int>::min() ||
      f->signedInt() > std::numeric_limits<int>::max())
    throw badField(where, key, "a whole number");
  return static_cast<int>(f->signedInt());
}

PacketVariable readVariable(const Node& v, std::size_t index) {
  const std::string where = "variable " + std::to_string(index) + ": ";
  if (!v.isObject()) throw std::runtime_error("variable " + std::to_string(index) + " is not an object");
  PacketVariable pv;
  const auto ident = v.member("Ident");
  const auto name = v.member("Name");
  if (!ident || !ident->isString()) throw badField(where, "Ident", "text");
  if (!name || !name->isString()) throw badField(where, "Name", "text");
  pv.ident = std::string(ident->string());
  pv.name = std::string(name->string());
  const int type = intField(v.member("Type"), "Type", where);
  if (type < 0 || type > 3) throw std::runtime_error("variable " + pv.ident + " has type " + std::to_string(type));
  pv.type = static_cast<symemu::VariableType>(type);
  const auto value = v.member("Value");
  if (value && (value->isObject() || value->isArray()))
    throw std::runtime_error("Value of " + pv.ident + " is not of type " + typeName(pv.type));
  pv.value = symemu::fromVar(value ? value->toVar() : Poco::Dynamic::Var(), pv.type, "Value of " + pv.ident);
  optionalText(v, "Profile", pv.profile, where);
  if (v.member("Digits")) {
    pv.definesProfile = true;
    optionalText(v, "Suffix", pv.suffix, where);
    pv.digits = intField(v.member("Digits"), "Digits", where);
  }
  return pv;
}

}  // namespace

MeterPacket parseMeterPacket(const json::Document& document) {
  if (!document.ok()) throw std::runtime_error("packet is not JSON: " + document.error());
  const Node o = document.root();
  if (!o.isObject()) throw std::runtime_error("packet is not a JSON object");
  MeterPacket p;
  optionalText(o, "MeterID", p.meterId);
  optionalText(o, "Interface", p.interface);
  optionalText(o, "SmartLogID", p.smartLogId);
  optionalText(o, "Manufacturer", p.manufacturer);
  optionalText(o, "Medium", p.medium);
  if (const auto f = o.member("System"); f && !f->isNull()) {
    if (!f->isBoolean()) throw badField({}, "System", "true or false");
    p.system = f->boolean();
  }
  if (const auto f = o.member("Timestamp")) {
    if (f->kind() != Kind::Signed) throw badField({}, "Timestamp", "a whole number");
    p.timestamp = f->signedInt();
  }
  const auto vars = o.member("Variables");
  if (!vars || !vars->isArray()) throw std::runtime_error("packet has no \"Variables\" array");
  p.variables.reserve(vars->size());
  std::size_t index = 0;
  vars->forEachItem([&](const Node& v) { p.variables.push_back(readVariable(v, index++)); });
  return p;
}

MeterPacket parseMeterPacket(const std::string& json) { return parseMeterPacket(*json::Document::parse(json)); }

std::string meterReceiveFilter(const std::string& meterId, const std::string& interface) {
  std::string f = "\"MeterID\":\"" + escapeRegex(jsonEscaped(meterId)) + "\"";
  if (!interface.empty()) f += ",\"Interface\":\"" + escapeRegex(jsonEscaped(interface)) + "\"";
  return ".*" + f + ".*";
}

}  // namespace symemu::smartmetering
