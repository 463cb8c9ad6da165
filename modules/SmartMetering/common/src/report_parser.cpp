#include "symemu/smartmetering/report_parser.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <typeinfo>

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include "json_syntax.h"
#include "symemu/smartmetering/number_text.h"
#include "symemu/smartmetering/unit_table.h"

namespace symemu::smartmetering {
namespace {

using Poco::Dynamic::Var;
using Poco::JSON::Array;
using Poco::JSON::Object;

// Unix times beyond 9999-12-31 are refused as out of range.
constexpr std::int64_t kMaxUnixTime = 253402300799;
constexpr std::int64_t kMaxIndex = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t kMaxRssi = 255;
// Values below 2^63 in magnitude fit an int64 after rounding.
constexpr double kInt64Limit = 9223372036854775808.0;
constexpr std::size_t kShownChars = 40;
constexpr std::size_t kSyntaxDepth = 1000;

enum class Kind { Null, Text, Signed, Unsigned, Real, Boolean, JsonObject, JsonArray, Other };

Kind kindOf(const Var& v) {
  if (v.isEmpty()) return Kind::Null;
  const std::type_info& t = v.type();
  if (t == typeid(std::string)) return Kind::Text;
  if (t == typeid(Object::Ptr)) return Kind::JsonObject;
  if (t == typeid(Array::Ptr)) return Kind::JsonArray;
  if (t == typeid(bool)) return Kind::Boolean;
  if (t == typeid(double) || t == typeid(float)) return Kind::Real;
  if (v.isInteger()) return v.isSigned() ? Kind::Signed : Kind::Unsigned;
  return Kind::Other;
}

const char* kindName(Kind k) {
  switch (k) {
    case Kind::Null:
      return "null";
    case Kind::Text:
      return "string";
    case Kind::Signed:
    case Kind::Unsigned:
    case Kind::Real:
      return "number";
    case Kind::Boolean:
      return "boolean";
    case Kind::JsonObject:
      return "object";
    case Kind::JsonArray:
      return "array";
    case Kind::Other:
      break;
  }
  return "unknown";
}

// Value text for messages: quoted, cut to kShownChars, control bytes as '?'.
std::string shown(std::string_view text) {
  std::size_t cut = text.size();
  bool truncated = false;
  if (cut > kShownChars) {
    cut = kShownChars;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // keep UTF-8 whole
    truncated = true;
  }
  std::string out = "\"";
  for (char c : text.substr(0, cut)) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
  }
  if (truncated) out += "...";
  out.push_back('"');
  return out;
}

std::string quotedKey(const std::string& key) { return "\"" + key + "\""; }

std::string wrongType(const std::string& key, Kind k) {
  return quotedKey(key) + " has the wrong type (" + kindName(k) + ")";
}

bool isScalar(Kind k) { return k == Kind::Text || k == Kind::Signed || k == Kind::Unsigned || k == Kind::Real; }

// Text of a scalar (numbers rendered as the shortest exact text).
std::string scalarText(const Var& v, Kind k) {
  switch (k) {
    case Kind::Text:
      return v.extract<std::string>();
    case Kind::Signed:
      return std::to_string(v.convert<Poco::Int64>());
    case Kind::Unsigned:
      return std::to_string(v.convert<Poco::UInt64>());
    case Kind::Real:
      return formatNumber(v.convert<double>());
    default:
      return {};
  }
}

ParsedNumber scalarNumber(const Var& v, Kind k) {
  ParsedNumber n;
  switch (k) {
    case Kind::Text:
      return parseNumber(v.extract<std::string>());
    case Kind::Signed: {
      const Poco::Int64 i = v.convert<Poco::Int64>();
      n.status = NumberStatus::Ok;
      n.integer = i;
      n.value = static_cast<double>(i);
      return n;
    }
    case Kind::Unsigned: {
      const Poco::UInt64 u = v.convert<Poco::UInt64>();
      n.status = NumberStatus::Ok;
      if (u <= static_cast<Poco::UInt64>(std::numeric_limits<std::int64_t>::max()))
        n.integer = static_cast<std::int64_t>(u);
      n.value = static_cast<double>(u);
      return n;
    }
    case Kind::Real: {
      const double d = v.convert<double>();
      n.status = std::isfinite(d) ? NumberStatus::Ok : NumberStatus::OutOfRange;
      n.value = d;
      return n;
    }
    default:
      return n;
  }
}

std::string numberProblem(const std::string& key, NumberStatus status, const std::string& text) {
  switch (status) {
    case NumberStatus::NotANumber:
      return quotedKey(key) + " is not a number: " + shown(text);
    case NumberStatus::NotFinite:
      return quotedKey(key) + " is not a finite number: " + shown(text);
    case NumberStatus::OutOfRange:
      return quotedKey(key) + " is out of range: " + shown(text);
    case NumberStatus::Ok:
      break;
  }
  return {};
}

// Optional text attribute. Null leaves `out` untouched. Returns an error
// message, empty when fine.
std::string readText(const Var& v, const std::string& key, std::string& out) {
  const Kind k = kindOf(v);
  if (k == Kind::Null) return {};
  if (!isScalar(k)) return wrongType(key, k);
  out = scalarText(v, k);
  return {};
}

// Whole number in [lo, hi]; null leaves `out` untouched.
template <typename Int>
std::string readWhole(const Var& v, const std::string& key, std::int64_t lo, std::int64_t hi, Int& out) {
  const Kind k = kindOf(v);
  if (k == Kind::Null) return {};
  if (!isScalar(k)) return wrongType(key, k);
  const ParsedNumber n = scalarNumber(v, k);
  if (!n.ok()) return numberProblem(key, n.status, scalarText(v, k));
  std::int64_t whole = 0;
  if (n.integer) {
    whole = *n.integer;
  } else if (std::floor(n.value) != n.value) {
    return quotedKey(key) + " is not a whole number: " + shown(scalarText(v, k));
  } else if (std::fabs(n.value) >= kInt64Limit) {
    return numberProblem(key, NumberStatus::OutOfRange, scalarText(v, k));
  } else {
    whole = static_cast<std::int64_t>(n.value);
  }
  if (whole < lo || whole > hi) return numberProblem(key, NumberStatus::OutOfRange, scalarText(v, k));
  out = static_cast<Int>(whole);
  return {};
}

std::size_t utf8Length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

bool isBlankText(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  return true;
}

std::string meterWhere(std::size_t meter) { return "meter[" + std::to_string(meter) + "]"; }
std::string dataWhere(std::size_t meter, std::size_t data) {
  return meterWhere(meter) + ".data[" + std::to_string(data) + "]";
}

// A candidate reading: newest wins by (T_MUC, T, position); absent times sort lowest.
struct Reading {
  std::optional<std::int64_t> t;
  std::optional<std::int64_t> tMuc;
  const Var* val = nullptr;
  std::size_t index = 0;
};

bool newerOrSame(const Reading& a, const Reading& b) {
  if (a.tMuc != b.tMuc) return a.tMuc > b.tMuc;  // nullopt < any value
  if (a.t != b.t) return a.t > b.t;
  return true;  // later position wins ties
}

class ReportBuilder {
 public:
  explicit ReportBuilder(const ReportSchema& schema) : s_(schema) {}

  Report build(const Var& root) {
    const Kind rootKind = kindOf(root);
    if (rootKind != Kind::JsonObject)
      throw ReportError(std::string("root: not an object (") + kindName(rootKind) + ")");
    const Object::Ptr& rootObj = root.extract<Object::Ptr>();
    const Var* muc = find(*rootObj, s_.mucKey);
    const Kind mucKind = muc ? kindOf(*muc) : Kind::Null;
    if (mucKind == Kind::Null) throw ReportError("root: missing " + quotedKey(s_.mucKey));
    if (mucKind != Kind::JsonObject) throw ReportError(s_.mucKey + ": not an object (" + kindName(mucKind) + ")");

    Report report;
    const Var* meters = readMuc(*muc->extract<Object::Ptr>(), report);
    const Kind metersKind = meters ? kindOf(*meters) : Kind::Null;
    if (metersKind == Kind::Null) throw ReportError(s_.mucKey + ": missing " + quotedKey(s_.meterKey));
    if (metersKind != Kind::JsonArray)
      throw ReportError(s_.mucKey + ": " + quotedKey(s_.meterKey) + " is not an array (" + kindName(metersKind) + ")");

    const Array& list = *meters->extract<Array::Ptr>();
    report.meters.reserve(list.size());
    std::size_t index = 0;
    for (const Var& item : list) {
      MeterRecord meter;
      if (readMeter(item, index, report, meter)) report.meters.push_back(std::move(meter));
      ++index;
    }
    return report;
  }

 private:
  const ReportSchema& s_;

  static const Var* find(const Object& obj, const std::string& key) {
    for (const auto& kv : obj)
      if (kv.first == key) return &kv.second;
    return nullptr;
  }

  static void note(Report& r, std::string where, std::string what, IssueEffect effect) {
    r.issues.push_back(ReportIssue{std::move(where), std::move(what), effect});
  }

  // Reads MUC_ID/VERSION/TIMESTAMP; returns the meter list (or null).
  const Var* readMuc(const Object& muc, Report& report) {
    const Var* meters = nullptr;
    for (const auto& [key, value] : muc) {
      std::string error;
      if (key == s_.mucIdKey)
        error = readText(value, key, report.mucId);
      else if (key == s_.mucVersionKey)
        error = readText(value, key, report.version);
      else if (key == s_.timestampKey) {
        std::int64_t ts = 0;
        error = readWhole(value, key, 0, kMaxUnixTime, ts);
        if (error.empty() && !value.isEmpty()) report.timestamp = ts;
      } else if (key == s_.meterKey)
        meters = &value;
      if (!error.empty()) note(report, s_.mucKey, std::move(error), IssueEffect::IgnoredAttribute);
    }
    return meters;
  }

  bool readMeter(const Var& item, std::size_t index, Report& report, MeterRecord& meter) {
    const Kind kind = kindOf(item);
    if (kind != Kind::JsonObject) {
      note(report, meterWhere(index), std::string("not an object (") + kindName(kind) + ")", IssueEffect::SkippedMeter);
      return false;
    }
    meter.index = index;
    const Var* id = nullptr;
    const Var* data = nullptr;
    std::string meterMedium;
    for (const auto& [key, value] : *item.extract<Object::Ptr>()) {
      std::string error;
      if (key == s_.meterIdKey)
        id = &value;
      else if (key == s_.dataKey)
        data = &value;
      else if (key == s_.interfaceKey)
        error = readText(value, key, meter.interface);
      else if (key == s_.userKey)
        error = readText(value, key, meter.user);
      else if (key == s_.manufacturerKey)
        error = readText(value, key, meter.manufacturer);
      else if (key == s_.meterVersionKey)
        error = readText(value, key, meter.version);
      else if (key == s_.mediumKey)
        error = readText(value, key, meterMedium);
      else if (key == s_.accessNumberKey)
        error = readText(value, key, meter.accessNumber);
      else if (key == s_.statusKey)
        error = readText(value, key, meter.status);
      else if (key == s_.rssiKey) {
        int rssi = 0;
        error = readWhole(value, key, -kMaxRssi, kMaxRssi, rssi);
        if (error.empty() && !value.isEmpty()) meter.rssi = rssi;
      }
      if (!error.empty()) note(report, meterWhere(index), std::move(error), IssueEffect::IgnoredAttribute);
    }

    std::string error = readMeterId(id, meter.meterId);
    const Kind dataKind = data ? kindOf(*data) : Kind::Null;
    if (error.empty() && dataKind != Kind::Null && dataKind != Kind::JsonArray)
      error = quotedKey(s_.dataKey) + " is not an array (" + kindName(dataKind) + ")";
    if (!error.empty()) {
      note(report, meterWhere(index), std::move(error), IssueEffect::SkippedMeter);
      return false;
    }

    if (dataKind == Kind::JsonArray) {
      const Array& records = *data->extract<Array::Ptr>();
      meter.data.reserve(records.size());
      std::size_t dataIndex = 0;
      for (const Var& record : records) {
        DataRecord rec;
        rec.index = dataIndex;
        if (readData(record, index, dataIndex, report, rec)) meter.data.push_back(std::move(rec));
        ++dataIndex;
      }
    }

    meter.medium = std::move(meterMedium);
    if (meter.medium.empty())
      for (const DataRecord& rec : meter.data)
        if (!rec.medium.empty()) {
          meter.medium = rec.medium;
          break;
        }
    if (meter.medium.empty()) meter.medium = s_.unknownMedium;
    meter.isSystem = meter.medium == s_.systemMedium || (!report.mucId.empty() && meter.meterId == report.mucId);
    return true;
  }

  std::string readMeterId(const Var* id, std::string& out) const {
    const Kind kind = id ? kindOf(*id) : Kind::Null;
    if (kind == Kind::Null) return "missing " + quotedKey(s_.meterIdKey);
    if (!isScalar(kind)) return wrongType(s_.meterIdKey, kind);
    out = scalarText(*id, kind);
    if (isBlankText(out)) return quotedKey(s_.meterIdKey) + " is empty";
    if (utf8Length(out) > s_.maxMeterIdLength)
      return quotedKey(s_.meterIdKey) + " is longer than " + std::to_string(s_.maxMeterIdLength) +
             " characters: " + shown(out);
    return {};
  }

  bool readData(const Var& item, std::size_t meter, std::size_t index, Report& report, DataRecord& rec) {
    auto skip = [&](std::string what, std::string at = {}) {
      note(report, at.empty() ? dataWhere(meter, index) : std::move(at), std::move(what), IssueEffect::SkippedRecord);
      return false;
    };
    const Kind kind = kindOf(item);
    if (kind != Kind::JsonObject) return skip(std::string("not an object (") + kindName(kind) + ")");

    bool hasDescription = false;
    const Var* entries = nullptr;
    for (const auto& [key, value] : *item.extract<Object::Ptr>()) {
      std::string error;
      if (key == s_.descriptionKey) {
        error = readText(value, key, rec.description);
        hasDescription = !value.isEmpty();
      } else if (key == s_.entryKey)
        entries = &value;
      else if (key == s_.unitKey)
        error = readText(value, key, rec.unit);
      else if (key == s_.scaleKey)
        error = readScale(value, rec);
      else if (key == s_.mediumKey)
        error = readText(value, key, rec.medium);
      else if (key == s_.obisKey)
        error = readText(value, key, rec.obis);
      else if (key == s_.userKey)
        error = readText(value, key, rec.user);
      else if (key == s_.functionKey)
        error = readText(value, key, rec.function);
      else if (key == s_.storageKey)
        error = readWhole(value, key, 0, kMaxIndex, rec.storage);
      else if (key == s_.tariffKey)
        error = readWhole(value, key, 0, kMaxIndex, rec.tariff);
      else if (key == s_.subunitKey)
        error = readWhole(value, key, 0, kMaxIndex, rec.subunit);
      if (!error.empty()) return skip(std::move(error));
    }
    if (!hasDescription) return skip("missing " + quotedKey(s_.descriptionKey));
    rec.functionKind = parseValueFunction(rec.function);

    const Kind entriesKind = entries ? kindOf(*entries) : Kind::Null;
    if (entriesKind == Kind::Null) return skip("missing " + quotedKey(s_.entryKey));
    if (entriesKind != Kind::JsonArray)
      return skip(quotedKey(s_.entryKey) + " is not an array (" + kindName(entriesKind) + ")");
    const Array& list = *entries->extract<Array::Ptr>();
    if (list.size() == 0) return skip(quotedKey(s_.entryKey) + " is empty");

    Reading newest;
    bool any = false;
    std::size_t entryIndex = 0;
    for (const Var& e : list) {
      Reading reading;
      reading.index = entryIndex;
      std::string error = readEntry(e, reading);
      if (!error.empty())
        return skip(std::move(error), dataWhere(meter, index) + ".entry[" + std::to_string(entryIndex) + "]");
      if (!any || newerOrSame(reading, newest)) newest = reading;
      any = true;
      ++entryIndex;
    }
    std::string error = readValue(newest, rec);
    if (!error.empty())
      return skip(std::move(error), dataWhere(meter, index) + ".entry[" + std::to_string(newest.index) + "]");
    return true;
  }

  std::string readScale(const Var& value, DataRecord& rec) const {
    const Kind k = kindOf(value);
    if (k == Kind::Null) return {};
    if (!isScalar(k)) return wrongType(s_.scaleKey, k);
    rec.scaleText = scalarText(value, k);
    const ParsedNumber n = scalarNumber(value, k);
    if (!n.ok()) return numberProblem(s_.scaleKey, n.status, rec.scaleText);
    if (!(n.value > 0.0)) return quotedKey(s_.scaleKey) + " is not greater than 0: " + shown(rec.scaleText);
    rec.scale = n.value;
    return {};
  }

  std::string readEntry(const Var& e, Reading& reading) const {
    const Kind kind = kindOf(e);
    if (kind != Kind::JsonObject) return std::string("not an object (") + kindName(kind) + ")";
    for (const auto& [key, value] : *e.extract<Object::Ptr>()) {
      std::string error;
      std::int64_t time = 0;
      if (key == s_.valKey)
        reading.val = &value;
      else if (key == s_.tKey) {
        error = readWhole(value, key, 0, kMaxUnixTime, time);
        if (error.empty() && !value.isEmpty()) reading.t = time;
      } else if (key == s_.tMucKey) {
        error = readWhole(value, key, 0, kMaxUnixTime, time);
        if (error.empty() && !value.isEmpty()) reading.tMuc = time;
      }
      if (!error.empty()) return error;
    }
    return {};
  }

  std::string readValue(const Reading& reading, DataRecord& rec) const {
    const Kind kind = reading.val ? kindOf(*reading.val) : Kind::Null;
    if (kind == Kind::Null) return "missing " + quotedKey(s_.valKey);
    if (!isScalar(kind)) return wrongType(s_.valKey, kind);
    Entry& entry = rec.entry;
    entry.t = reading.t;
    entry.tMuc = reading.tMuc;
    entry.valText = scalarText(*reading.val, kind);
    const ParsedNumber n = scalarNumber(*reading.val, kind);
    if (n.status == NumberStatus::NotFinite || n.status == NumberStatus::OutOfRange)
      return numberProblem(s_.valKey, n.status, entry.valText);
    if (!n.ok()) return {};  // text value: becomes a string variable
    entry.valNumber = n.value;
    entry.valInteger = n.integer;
    const double scaled = applyScale(n.value, rec.scale);
    const UnitKind unitKind = lookupUnit(rec.unit).kind;
    const bool wholeUnit = unitKind == UnitKind::UnixTime || unitKind == UnitKind::BitField;
    const bool exactWhole = n.integer && rec.scale == 1.0;  // kept exact by the mapper
    if (!std::isfinite(scaled) || (wholeUnit && !exactWhole && std::fabs(std::round(scaled)) >= kInt64Limit)) {
      if (rec.scaleText.empty()) return numberProblem(s_.valKey, NumberStatus::OutOfRange, entry.valText);
      return quotedKey(s_.valKey) + " x " + quotedKey(s_.scaleKey) + " is out of range: " + shown(entry.valText) +
             " x " + shown(rec.scaleText);
    }
    rec.scaledValue = scaled;
    return {};
  }
};

Var parseJson(const std::string& json) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(json);
  } catch (const Poco::Exception& first) {
    // Poco gives no position and refuses numbers too big for it: find both.
    const detail::JsonSyntax syntax = detail::checkJsonSyntax(json, kSyntaxDepth);
    if (!syntax.ok)
      throw ReportError("not JSON: " + syntax.error + " at " + detail::describePosition(json, syntax.errorOffset));
    // Poco only takes an object or array at the top level.
    const std::size_t start = json.find_first_not_of(" \t\r\n");
    if (start != std::string::npos && json[start] != '{' && json[start] != '[') {
      const char c = json[start];
      const char* kind = c == '"' ? "string" : c == 'n' ? "null" : (c == 't' || c == 'f') ? "boolean" : "number";
      throw ReportError(std::string("root: not an object (") + kind + ")");
    }
    std::string message = first.message().empty() ? first.displayText() : first.message();
    if (!syntax.oversizedNumbers.empty()) {
      try {
        Poco::JSON::Parser parser;
        return parser.parse(detail::quoteSpans(json, syntax.oversizedNumbers));
      } catch (const Poco::Exception& second) {
        message = second.message().empty() ? second.displayText() : second.message();
      }
    }
    throw ReportError("not JSON: " + message);
  }
}

}  // namespace

Report parseReportTree(const Poco::Dynamic::Var& root, const ReportSchema& schema) {
  return ReportBuilder(schema).build(root);
}

Report parseReport(const std::string& json, const ReportSchema& schema) {
  const Var root = parseJson(json);
  return parseReportTree(root, schema);
}

bool tryParseReport(const std::string& json, Report& out, std::string& error, const ReportSchema& schema) {
  try {
    out = parseReport(json, schema);
    return true;
  } catch (const ReportError& e) {
    error = e.what();
    return false;
  }
}

}  // namespace symemu::smartmetering
