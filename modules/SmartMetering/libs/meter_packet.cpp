#include "meter_packet.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <stdexcept>

#include "guids.h"
#include "kernel/fast_json.h"
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

bool optText(const FastJsonValue& o, const char* key, std::string& into) {
  const FastJsonValue* f = o.member(key);
  if (!f) return true;
  if (!f->isString()) return false;
  into = f->text;
  return true;
}

bool smallInt(const FastJsonValue* f, int& into) {
  if (!f || !f->isInteger() || f->integer < -2147483647 - 1 || f->integer > 2147483647) return false;
  into = static_cast<int>(f->integer);
  return true;
}

// The packet read without Poco when it has exactly the layout buildMeterPacket writes (each field
// of its usual JSON type); nullopt for anything else, which parseMeterPacket then gives to Poco,
// so errors and conversions stay Poco's.
std::optional<MeterPacket> fastMeterPacket(const std::string& json) {
  auto o = parseFastJson(json);
  if (!o || o->kind != FastJsonValue::Kind::Object) return std::nullopt;
  MeterPacket p;
  if (!optText(*o, "MeterID", p.meterId) || !optText(*o, "Interface", p.interface) ||
      !optText(*o, "SmartLogID", p.smartLogId) || !optText(*o, "Manufacturer", p.manufacturer) ||
      !optText(*o, "Medium", p.medium))
    return std::nullopt;
  if (const FastJsonValue* f = o->member("System")) {
    if (!f->isBoolean()) return std::nullopt;
    p.system = f->boolean;
  }
  if (const FastJsonValue* f = o->member("Timestamp")) {
    if (!f->isInteger()) return std::nullopt;
    p.timestamp = f->integer;
  }
  const FastJsonValue* vars = o->member("Variables");
  if (!vars || vars->kind != FastJsonValue::Kind::Array) return std::nullopt;
  for (const FastJsonValue& v : vars->items) {
    if (v.kind != FastJsonValue::Kind::Object) return std::nullopt;
    PacketVariable pv;
    const FastJsonValue* ident = v.member("Ident");
    const FastJsonValue* name = v.member("Name");
    int type = 0;
    if (!ident || !ident->isString() || !name || !name->isString() || !smallInt(v.member("Type"), type) || type < 0 ||
        type > 3)
      return std::nullopt;
    pv.ident = ident->text;
    pv.name = name->text;
    pv.type = static_cast<symemu::VariableType>(type);
    const FastJsonValue* value = v.member("Value");
    if (value && (value->kind == FastJsonValue::Kind::Object || value->kind == FastJsonValue::Kind::Array))
      return std::nullopt;
    pv.value = symemu::fromVar(value ? value->toVar() : Poco::Dynamic::Var(), pv.type, "Value of " + pv.ident);
    if (!optText(v, "Profile", pv.profile)) return std::nullopt;
    if (v.member("Digits")) {
      pv.definesProfile = true;
      if (!optText(v, "Suffix", pv.suffix) || !smallInt(v.member("Digits"), pv.digits)) return std::nullopt;
    }
    p.variables.push_back(std::move(pv));
  }
  return p;
}

}  // namespace

MeterPacket parseMeterPacket(const std::string& json) {
  if (auto fast = fastMeterPacket(json)) return std::move(*fast);
  Poco::JSON::Parser parser;
  auto o = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  if (!o) throw std::runtime_error("packet is not a JSON object");
  MeterPacket p;
  p.meterId = o->optValue<std::string>("MeterID", "");
  p.interface = o->optValue<std::string>("Interface", "");
  p.smartLogId = o->optValue<std::string>("SmartLogID", "");
  p.manufacturer = o->optValue<std::string>("Manufacturer", "");
  p.medium = o->optValue<std::string>("Medium", "");
  p.system = o->optValue<bool>("System", false);
  if (o->has("Timestamp")) p.timestamp = o->getValue<Poco::Int64>("Timestamp");
  auto vars = o->getArray("Variables");
  if (!vars) throw std::runtime_error("packet has no \"Variables\" array");
  for (std::size_t i = 0; i < vars->size(); ++i) {
    auto v = vars->getObject(static_cast<unsigned>(i));
    if (!v) throw std::runtime_error("variable " + std::to_string(i) + " is not an object");
    PacketVariable pv;
    pv.ident = v->getValue<std::string>("Ident");
    pv.name = v->getValue<std::string>("Name");
    int type = v->getValue<int>("Type");
    if (type < 0 || type > 3) throw std::runtime_error("variable " + pv.ident + " has type " + std::to_string(type));
    pv.type = static_cast<symemu::VariableType>(type);
    pv.value = symemu::fromVar(v->get("Value"), pv.type, "Value of " + pv.ident);
    pv.profile = v->optValue<std::string>("Profile", "");
    if (v->has("Digits")) {
      pv.definesProfile = true;
      pv.suffix = v->optValue<std::string>("Suffix", "");
      pv.digits = v->getValue<int>("Digits");
    }
    p.variables.push_back(std::move(pv));
  }
  return p;
}

std::string meterReceiveFilter(const std::string& meterId, const std::string& interface) {
  std::string f = "\"MeterID\":\"" + escapeRegex(jsonEscaped(meterId)) + "\"";
  if (!interface.empty()) f += ",\"Interface\":\"" + escapeRegex(jsonEscaped(interface)) + "\"";
  return ".*" + f + ".*";
}

}  // namespace symemu::smartmetering
