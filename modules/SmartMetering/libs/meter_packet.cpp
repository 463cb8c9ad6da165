#include "symemu/smartmetering/libs/meter_packet.h"

#include <charconv>
#include <cstring>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "symemu/smartmetering/libs/guids.h"
#include "symemu/smartmetering/libs/packet_text_writer.h"
#include "symemu/kernel/json_tree.h"
#include "symemu/kernel/json_value.h"
#include "symemu/smartmetering/common/number_text.h"
#include "symemu/smartmetering/common/topic_template.h"
#include "symemu/smartmetering/common/variable_mapper.h"

namespace symemu::smartmetering {

namespace {

// JSON string body without the quotes, as it appears in the packet text.
std::string jsonEscaped(const std::string& s) {
  std::string q = jsonQuote(s);
  return q.substr(1, q.size() - 2);
}

}  // namespace

namespace {

bool utf8(const std::string& s) {
  // Most texts here are ASCII: eight bytes at a time, no call into the validator.
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t block;
    std::memcpy(&block, s.data() + i, 8);
    if (block & 0x8080808080808080ull) return simdjson::validate_utf8(s.data(), s.size());
  }
  for (; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) >= 0x80) return simdjson::validate_utf8(s.data(), s.size());
  return true;
}

// A number text with a '.', 'e' or 'E' (a loop: find_first_of called memchr once per letter).
bool hasFractionOrExponent(std::string_view text) {
  for (const char c : text)
    if (c == '.' || c == 'e' || c == 'E') return true;
  return false;
}

// The value the packet reader gives for `v` written in the packet text, as the reader's
// Poco::Dynamic::Var (Node::toVar); nullopt when the text would not read back as that value.
std::optional<Poco::Dynamic::Var> valueAsRead(const VariableValue& v, std::string_view text) {
  if (const auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d) || text == "-0") return std::nullopt;
    if (hasFractionOrExponent(text)) return Poco::Dynamic::Var(*d);  // Real: round-trips
    // Integer syntax: Signed when it fits int64, Unsigned when it fits uint64, else Real.
    std::int64_t i = 0;
    if (auto r = std::from_chars(text.data(), text.data() + text.size(), i);
        r.ec == std::errc() && r.ptr == text.data() + text.size())
      return Poco::Dynamic::Var(static_cast<Poco::Int64>(i));
    std::uint64_t u = 0;
    if (auto r = std::from_chars(text.data(), text.data() + text.size(), u);
        r.ec == std::errc() && r.ptr == text.data() + text.size())
      return Poco::Dynamic::Var(static_cast<Poco::UInt64>(u));
    return Poco::Dynamic::Var(*d);
  }
  if (const auto* i = std::get_if<std::int64_t>(&v)) return Poco::Dynamic::Var(static_cast<Poco::Int64>(*i));
  if (const auto* b = std::get_if<bool>(&v)) return Poco::Dynamic::Var(*b);
  const auto& text_ = std::get<std::string>(v);
  if (!utf8(text_)) return std::nullopt;
  return Poco::Dynamic::Var(text_);
}

bool readAsVariable(PacketVariable& pv, const Poco::Dynamic::Var& var);

// A MeterPacket made by make_shared without zero-filling it first: make_shared value-initialises,
// which for a class without a constructor of its own writes zeros over the whole object (a
// `rep stos` per meter) before its members are initialised anyway. The members start as they
// would; readers see a MeterPacket.
struct FreshMeterPacket : MeterPacket {
  FreshMeterPacket() {}  // NOLINT: user-provided, so that make_shared does not zero the object
};

// The variable as readVariable reads it from the text written for `v`; false when that text
// would not read back as exactly this (the packet then goes without a form).
// Takes the variable's texts (the packet text is written by then).
bool addVariable(MeterPacket& p, VariableSpec&& v, std::string_view valueText) {
  const int type = static_cast<int>(v.type);
  if (type < 0 || type > 3 || !utf8(v.ident) || !utf8(v.name) || !utf8(v.profile) ||
      (v.profileSpec && !utf8(v.profileSpec->suffix)))
    return false;
  // Filled in place (the list is reserved); on false the caller drops the whole form.
  PacketVariable& pv = p.variables.emplace_back();
  pv.ident = std::move(v.ident);
  pv.name = std::move(v.name);
  pv.type = static_cast<symemu::VariableType>(type);
  // The common cases without a Poco::Dynamic::Var (an allocation per value): a finite double
  // written with a fraction or exponent reads back as that double (to_chars round-trips), text
  // as that text; valueAsRead and fromVar give exactly these (guard: "[forms]" in
  // tests/bench/test_fast_paths.cpp compares the form with the text read back).
  const auto* d = std::get_if<double>(&v.value);
  auto* text = std::get_if<std::string>(&v.value);
  std::int64_t whole = 0;
  auto wholeNumber = [&] {  // integer syntax that fits int64, as the reader reads it (Signed)
    const auto r = std::from_chars(valueText.data(), valueText.data() + valueText.size(), whole);
    return r.ec == std::errc() && r.ptr == valueText.data() + valueText.size();
  };
  if (pv.type == symemu::VariableType::Float && d && std::isfinite(*d) && hasFractionOrExponent(valueText)) {
    pv.value = *d;
  } else if (pv.type == symemu::VariableType::Float && d && std::isfinite(*d) && valueText != "-0" && wholeNumber()) {
    // Integer syntax within int64: the reader's Signed value, converted to a Float as fromVar does.
    pv.value = static_cast<double>(whole);
  } else if (pv.type == symemu::VariableType::String && text && utf8(*text)) {
    pv.value = std::move(*text);
  } else {
    const auto var = valueAsRead(v.value, valueText);
    if (!var) return false;
    if (!readAsVariable(pv, *var)) return false;
  }
  pv.profile = std::move(v.profile);
  if (v.profileSpec) {
    pv.definesProfile = true;
    pv.suffix = std::move(v.profileSpec->suffix);
    pv.digits = v.profileSpec->digits;
  }
  return true;
}

// What fromVar gives for `var` as pv.type; false when the reader would refuse it.
bool readAsVariable(PacketVariable& pv, const Poco::Dynamic::Var& var) {
  if (pv.type == symemu::VariableType::Float && var.type() == typeid(double)) {
    pv.value = var.extract<double>();
  } else if (pv.type == symemu::VariableType::String && var.type() == typeid(std::string)) {
    pv.value = var.extract<std::string>();
  } else {
    try {
      pv.value = symemu::fromVar(var, pv.type, "Value of " + pv.ident);
    } catch (const std::exception&) {
      return false;  // the reader refuses this packet: it says why
    }
  }
  return true;
}

// Writes the packet; fills `form` as parseMeterPacket would read the text, or resets it.
// Only the meter's own fields are read; its records come as `variables` (mapMeter's).
std::string writeMeterPacket(const MeterRecord& meter, std::vector<VariableSpec>&& variables,
                             const std::string& smartLogId, std::optional<std::int64_t> timestamp,
                             std::shared_ptr<MeterPacket>* form, TextKeys* keys = nullptr) {
  std::string out;
  // Written through a cursor (no append per piece): this runs for every meter of every report.
  PacketTextWriter text(out, 256 + variables.size() * 192);
  char number[kNumberTextSize];
  auto whole = [&](auto value) {
    text.raw(std::string_view(number, std::to_chars(number, number + sizeof number, value).ptr - number));
  };
  text.raw("{\"DataID\":");
  text.quoted(guid::kToMeters);
  // Both keys occur once: no other member has these names, and every quote inside a JSON
  // string is escaped (TextKeys' promise; the meter devices' filters need not scan for them).
  if (keys) keys->add("\"MeterID\":", text.size() + 1);
  text.raw(",\"MeterID\":");
  text.quoted(meter.meterId);
  if (keys) keys->add("\"Interface\":", text.size() + 1);
  text.raw(",\"Interface\":");
  text.quoted(meter.interface);
  text.raw(",\"System\":");
  if (meter.isSystem)
    text.raw("true");
  else
    text.raw("false");
  text.raw(",\"SmartLogID\":");
  text.quoted(smartLogId);
  text.raw(",\"Manufacturer\":");
  text.quoted(meter.manufacturer);
  text.raw(",\"Medium\":");
  text.quoted(meter.medium);
  if (timestamp) {
    text.raw(",\"Timestamp\":");
    whole(*timestamp);
  }
  text.raw(",\"Variables\":[");
  MeterPacket* p = nullptr;
  if (form) {
    form->reset();
    if (utf8(meter.meterId) && utf8(meter.interface) && utf8(smartLogId) && utf8(meter.manufacturer) &&
        utf8(meter.medium)) {
      *form = std::make_shared<FreshMeterPacket>();
      p = form->get();
      p->meterId = meter.meterId;
      p->interface = meter.interface;
      p->smartLogId = smartLogId;
      p->manufacturer = meter.manufacturer;
      p->medium = meter.medium;
      p->system = meter.isSystem;
      p->timestamp = timestamp;
    }
  }
  bool first = true;
  if (p) p->variables.reserve(variables.size());
  for (VariableSpec& v : variables) {
    if (!first) text.raw(',');
    first = false;
    text.raw("{\"Ident\":");
    text.quoted(v.ident);
    text.raw(",\"Name\":");
    text.quoted(v.name);
    text.raw(",\"Type\":");
    whole(static_cast<int>(v.type));
    text.raw(",\"Value\":");
    const std::size_t valueStart = text.size();
    if (const auto* d = std::get_if<double>(&v.value))
      text.raw(std::string_view(number, formatNumberTo(*d, number) - number));
    else if (const auto* i = std::get_if<std::int64_t>(&v.value))
      whole(*i);
    else if (const auto* b = std::get_if<bool>(&v.value))
      text.raw(*b ? std::string_view("true") : std::string_view("false"));
    else
      text.quoted(std::get<std::string>(v.value));
    const std::size_t valueLength = text.size() - valueStart;
    text.raw(",\"Profile\":");
    text.quoted(v.profile);
    if (v.profileSpec) {
      text.raw(",\"Suffix\":");
      text.quoted(v.profileSpec->suffix);
      text.raw(",\"Digits\":");
      whole(v.profileSpec->digits);
    }
    text.raw('}');
    if (p && !addVariable(*p, std::move(v), text.written(valueStart, valueLength))) {
      form->reset();
      p = nullptr;
    }
  }
  text.raw("]}");
  text.finish();
  return out;
}

}  // namespace

std::string buildMeterPacket(const MeterRecord& meter, const std::string& smartLogId,
                             std::optional<std::int64_t> timestamp) {
  return writeMeterPacket(meter, mapMeter(meter), smartLogId, timestamp, nullptr);
}

BuiltMeterPacket buildMeterPacketWithForm(const MeterRecord& meter, const std::string& smartLogId,
                                          std::optional<std::int64_t> timestamp) {
  return buildMeterPacketWithForm(meter, mapMeter(meter), smartLogId, timestamp);
}

BuiltMeterPacket buildMeterPacketWithForm(const MeterRecord& meter, std::vector<VariableSpec>&& variables,
                                          const std::string& smartLogId, std::optional<std::int64_t> timestamp) {
  std::shared_ptr<MeterPacket> form;
  TextKeys keys;
  std::string text = writeMeterPacket(meter, std::move(variables), smartLogId, timestamp, &form, &keys);
  return {std::make_shared<const std::string>(std::move(text)), std::move(form), keys};
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
