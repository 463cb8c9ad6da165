#include "symemu/smartmetering/common/report_parser.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <type_traits>
#include <vector>

#include "symemu/smartmetering/common/number_text.h"
#include "symemu/kernel/short_text.h"
#include "symemu/smartmetering/common/unit_table.h"

namespace symemu::smartmetering {
namespace {

using json::Kind;
using json::kindName;
using json::Node;

// Unix times beyond 9999-12-31 are refused as out of range.
constexpr std::int64_t kMaxUnixTime = 253402300799;
constexpr std::int64_t kMaxIndex = std::numeric_limits<std::uint32_t>::max();
constexpr std::int64_t kMaxRssi = 255;
// Values below 2^63 in magnitude fit an int64 after rounding.
constexpr double kInt64Limit = 9223372036854775808.0;
constexpr std::size_t kShownChars = 40;

Kind kindOf(const Node& v) { return v.kind(); }
Kind kindOf(const std::optional<Node>& v) { return v ? v->kind() : Kind::Null; }

// The attributes one kind of object may have, by name. An object's attributes are read in the
// order of their names (so issues always come in the same order whatever the text's order), the
// last of a repeated name kept; unknown names are ignored. Each member is looked up once and
// kept in its attribute's slot: no sorting, no string compares beyond the lookup.
template <std::size_t N>
class Attributes {
 public:
  // names[i] is slot i's name; a name given for two slots answers to the first.
  explicit Attributes(const std::array<const std::string*, N>& names) {
    for (std::size_t i = 0; i < N; ++i) names_[i] = *names[i];
    for (std::size_t i = 0; i < N; ++i) {
      // Keys are compared up to their first NUL, so a name holding one matches nothing.
      bool taken = names_[i].find('\0') != std::string_view::npos;
      for (std::size_t j = 0; j < i; ++j) taken |= names_[j] == names_[i];
      if (!taken) order_[count_++] = i;
    }
    std::sort(order_.begin(), order_.begin() + count_,
              [this](std::size_t a, std::size_t b) { return names_[a] < names_[b]; });
    for (std::size_t k = 0; k < count_; ++k) {
      auto& bucket = buckets_[hash(names_[order_[k]])];
      bucket = bucket == 0 ? static_cast<std::uint8_t>(order_[k] + 1) : kShared;
    }
  }

  // The last member of each known name, by slot: a bit per slot says which are set, and the
  // values are left unwritten until then (an array of optionals was zero-filled, 264 bytes a
  // record, by a `rep stos` whose start-up cost more than the rest of the collecting).
  class Found {
   public:
    Found() {}  // NOLINT: the slots stay unwritten
    bool has(std::size_t slot) const { return (present_ >> slot) & 1u; }
    const Node& operator[](std::size_t slot) const { return slots_[slot].node; }
    void set(std::size_t slot, Node value) {
      new (&slots_[slot].node) Node(value);  // trivially copyable: no destructor to run
      present_ |= std::uint32_t{1} << slot;
    }
    void clear() { present_ = 0; }

   private:
    static_assert(N <= 32, "one bit a slot");
    static_assert(std::is_trivially_copyable_v<Node> && std::is_trivially_destructible_v<Node>);
    union Slot {
      Slot() {}
      Node node;
    };
    std::uint32_t present_ = 0;
    Slot slots_[N];
  };
  void collect(const Node& object, Found& found) const {
    found.clear();
    object.forEachMember([&](std::string_view key, Node value) {
      // A key that is a name has no NUL (no name matchable has one); only others are cut.
      std::size_t slot = slotOf(key);
      if (slot == N) {
        const std::string_view cut = Node::lookupKey(key);
        if (cut.size() != key.size()) slot = slotOf(cut);
      }
      if (slot < N) found.set(slot, value);
    });
  }
  // f(slot, value) for each found attribute, in the order of the names.
  template <typename F>
  void inNameOrder(const Found& found, F&& f) const {
    for (std::size_t k = 0; k < count_; ++k)
      if (const std::size_t slot = order_[k]; found.has(slot))
        if (!f(slot, found[slot])) return;
  }

 private:
  // A key's only candidate is the name in its bucket (names sharing a bucket are searched).
  static std::size_t hash(std::string_view key) {
    return key.empty() ? 0
                       : (key.size() * 31 + static_cast<unsigned char>(key.front()) * 7 +
                          static_cast<unsigned char>(key.back())) &
                             255;
  }
  [[gnu::always_inline]] std::size_t slotOf(std::string_view key) const {
    const std::uint8_t bucket = buckets_[hash(key)];
    if (bucket == 0) return N;
    if (bucket != kShared) return same(names_[bucket - 1], key) ? bucket - 1 : N;
    for (std::size_t k = 0; k < count_; ++k) {
      const std::size_t slot = order_[k];
      const std::string_view name = names_[slot];
      if (name.size() == key.size() && (key.empty() || name[0] == key[0]) && same(name, key)) return slot;
    }
    return N;
  }
  // name == key, inline (short_text.h): neither string_view's compare() nor memcmp (ten keys a record).
  [[gnu::always_inline]] static bool same(std::string_view name, std::string_view key) { return sameText(name, key); }

  std::array<std::string_view, N> names_;
  std::array<std::size_t, N> order_{};  // the slots of distinct names, sorted by name
  std::size_t count_ = 0;
  static constexpr std::uint8_t kShared = 0xFF;
  std::array<std::uint8_t, 256> buckets_{};  // by hash: 0 none, slot + 1, or kShared
};

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

bool isScalar(Kind k) { return k == Kind::String || k == Kind::Signed || k == Kind::Unsigned || k == Kind::Real; }

// Text of a scalar (numbers rendered as the shortest exact text).
std::string scalarText(const Node& v, Kind k) {
  switch (k) {
    case Kind::String:
      return std::string(v.string());
    case Kind::Signed:
      return std::to_string(v.signedInt());
    case Kind::Unsigned:
      return std::to_string(v.unsignedInt());
    case Kind::Real:
      return formatNumber(v.real());
    default:
      return {};
  }
}

// The same into `out`, a text without a temporary string (most values are texts).
void assignScalarText(std::string& out, const Node& v, Kind k) {
  if (k == Kind::String)
    out.assign(v.string());
  else
    out = scalarText(v, k);
}

ParsedNumber scalarNumber(const Node& v, Kind k) {
  ParsedNumber n;
  switch (k) {
    case Kind::String:
      return parseNumber(v.string());
    case Kind::Signed: {
      const std::int64_t i = v.signedInt();
      n.status = NumberStatus::Ok;
      n.integer = i;
      n.value = static_cast<double>(i);
      return n;
    }
    case Kind::Unsigned: {
      const std::uint64_t u = v.unsignedInt();
      n.status = NumberStatus::Ok;
      if (u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()))
        n.integer = static_cast<std::int64_t>(u);
      n.value = static_cast<double>(u);
      return n;
    }
    case Kind::Real: {
      const double d = v.real();
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

// Takes a reader's error text only when there is one (`error` is empty until then): a report
// has about fifty attributes, nearly all fine, and assigning each empty text cost more than reading.
void keep(std::string& error, std::string&& found) {
  if (!found.empty()) error = std::move(found);
}

// Optional text attribute. Null leaves `out` untouched. Returns an error
// message, empty when fine.
std::string readText(const Node& v, const std::string& key, std::string& out) {
  const Kind k = kindOf(v);
  if (k == Kind::Null) return {};
  if (!isScalar(k)) return wrongType(key, k);
  if (k == Kind::String)
    out.assign(v.string());  // no temporary: most attributes are text
  else
    out = scalarText(v, k);
  return {};
}

// Whole number in [lo, hi]; null leaves `out` untouched.
template <typename Int>
std::string readWhole(const Node& v, const std::string& key, std::int64_t lo, std::int64_t hi, Int& out) {
  const Kind k = kindOf(v);
  if (k == Kind::Null) return {};
  if (!isScalar(k)) return wrongType(key, k);
  if (k == Kind::String) {
    // One digit (STORAGE, TARIFF and SUBUNIT are "0" in nearly every record): what parseNumber
    // reads it as, without the general reading.
    const std::string_view text = v.string();
    if (text.size() == 1 && text[0] >= '0' && text[0] <= '9') {
      const std::int64_t digit = text[0] - '0';
      if (digit < lo || digit > hi) return numberProblem(key, NumberStatus::OutOfRange, std::string(text));
      out = static_cast<Int>(digit);
      return {};
    }
  }
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
  std::optional<Node> val;
  std::size_t index = 0;
};

bool newerOrSame(const Reading& a, const Reading& b) {
  if (a.tMuc != b.tMuc) return a.tMuc > b.tMuc;  // nullopt < any value
  if (a.t != b.t) return a.t > b.t;
  return true;  // later position wins ties
}

// The attributes of each level, in the order the reader below tests them.
enum MucSlot { kMucId, kMucVersion, kTimestamp, kMeters, kMucSlots };
enum MeterSlot {
  kMeterId,
  kMeterData,
  kInterface,
  kMeterUser,
  kManufacturer,
  kMeterVersion,
  kMeterMedium,
  kAccessNumber,
  kStatus,
  kRssi,
  kMeterSlots
};
enum DataSlot {
  kDescription,
  kEntries,
  kUnit,
  kScale,
  kDataMedium,
  kObis,
  kDataUser,
  kFunction,
  kStorage,
  kTariff,
  kSubunit,
  kDataSlots
};
enum EntrySlot { kVal, kT, kTMuc, kEntrySlots };

struct AttributeTables {
  Attributes<kMucSlots> muc;
  Attributes<kMeterSlots> meter;
  Attributes<kDataSlots> data;
  Attributes<kEntrySlots> entry;

  explicit AttributeTables(const ReportSchema& s)
      : muc({&s.mucIdKey, &s.mucVersionKey, &s.timestampKey, &s.meterKey}),
        meter({&s.meterIdKey, &s.dataKey, &s.interfaceKey, &s.userKey, &s.manufacturerKey, &s.meterVersionKey,
               &s.mediumKey, &s.accessNumberKey, &s.statusKey, &s.rssiKey}),
        data({&s.descriptionKey, &s.entryKey, &s.unitKey, &s.scaleKey, &s.mediumKey, &s.obisKey, &s.userKey,
              &s.functionKey, &s.storageKey, &s.tariffKey, &s.subunitKey}),
        entry({&s.valKey, &s.tKey, &s.tMucKey}) {}
};

class ReportBuilder {
 public:
  // The default schema's tables are built once; another schema's for each report.
  explicit ReportBuilder(const ReportSchema& schema, RecordSink* sink = nullptr) : s_(schema), sink_(sink) {
    if (&schema == &defaultReportSchema()) {
      static const AttributeTables defaults(defaultReportSchema());
      t_ = &defaults;
    } else {
      own_.emplace(schema);
      t_ = &*own_;
    }
  }

  Report build(const Node& root) {
    const Kind rootKind = kindOf(root);
    if (rootKind != Kind::Object) throw ReportError(std::string("root: not an object (") + kindName(rootKind) + ")");
    const std::optional<Node> muc = root.member(s_.mucKey);
    const Kind mucKind = kindOf(muc);
    if (mucKind == Kind::Null) throw ReportError("root: missing " + quotedKey(s_.mucKey));
    if (mucKind != Kind::Object) throw ReportError(s_.mucKey + ": not an object (" + kindName(mucKind) + ")");

    Report report;
    const std::optional<Node> meters = readMuc(*muc, report);
    if (sink_ && !sink_->takesRecords(report)) sink_ = nullptr;
    const Kind metersKind = kindOf(meters);
    if (metersKind == Kind::Null) throw ReportError(s_.mucKey + ": missing " + quotedKey(s_.meterKey));
    if (metersKind != Kind::Array)
      throw ReportError(s_.mucKey + ": " + quotedKey(s_.meterKey) + " is not an array (" + kindName(metersKind) + ")");

    report.meters.reserve(meters->size());
    if (sink_) sink_->expectMeters(meters->size());
    std::size_t index = 0;
    meters->forEachItem([&](const Node& item) {  // read in place (reserved): no moves
      if (!readMeter(item, index, report, report.meters.emplace_back())) report.meters.pop_back();
      ++index;
    });
    return report;
  }

 private:
  const ReportSchema& s_;
  RecordSink* sink_ = nullptr;  // set: records go there instead of MeterRecord::data
  // With a sink, the texts no one reads are read into these (checked as ever, not kept): the
  // record's FUNCTION (only its kind is kept), OBIS_ID and USER. The thread's, kept between
  // reports: a builder's own took an allocation per report for "Instantaneous value". A
  // builder runs to its end before another starts on the thread (nothing it calls parses).
  struct Unkept {
    std::string function, other;
  };
  static Unkept& threadUnkept() {
    thread_local Unkept texts;
    return texts;
  }
  std::string& function_ = threadUnkept().function;
  std::string& unkept_ = threadUnkept().other;
  const AttributeTables* t_ = nullptr;
  std::optional<AttributeTables> own_;

  static void note(Report& r, std::string where, std::string what, IssueEffect effect) {
    r.issues.push_back(ReportIssue{std::move(where), std::move(what), effect});
  }

  // Reads MUC_ID/VERSION/TIMESTAMP; returns the meter list (or nullopt).
  std::optional<Node> readMuc(const Node& muc, Report& report) {
    std::optional<Node> meters;
    Attributes<kMucSlots>::Found found;
    t_->muc.collect(muc, found);
    t_->muc.inNameOrder(found, [&](std::size_t slot, const Node& value) {
      std::string error;
      switch (slot) {
        case kMucId:
          keep(error, readText(value, s_.mucIdKey, report.mucId));
          break;
        case kMucVersion:
          keep(error, readText(value, s_.mucVersionKey, report.version));
          break;
        case kTimestamp: {
          std::int64_t ts = 0;
          keep(error, readWhole(value, s_.timestampKey, 0, kMaxUnixTime, ts));
          if (error.empty() && !value.isNull()) report.timestamp = ts;
          break;
        }
        case kMeters:
          meters = value;
          break;
      }
      if (!error.empty()) note(report, s_.mucKey, std::move(error), IssueEffect::IgnoredAttribute);
      return true;
    });
    return meters;
  }

  bool readMeter(const Node& item, std::size_t index, Report& report, MeterRecord& meter) {
    const Kind kind = kindOf(item);
    if (kind != Kind::Object) {
      note(report, meterWhere(index), std::string("not an object (") + kindName(kind) + ")", IssueEffect::SkippedMeter);
      return false;
    }
    meter.index = index;
    std::optional<Node> id, data;
    std::string meterMedium;
    Attributes<kMeterSlots>::Found found;
    t_->meter.collect(item, found);
    t_->meter.inNameOrder(found, [&](std::size_t slot, const Node& value) {
      std::string error;
      switch (slot) {
        case kMeterId:
          id = value;
          break;
        case kMeterData:
          data = value;
          break;
        case kInterface:
          keep(error, readText(value, s_.interfaceKey, meter.interface));
          break;
        case kMeterUser:
          keep(error, readText(value, s_.userKey, meter.user));
          break;
        case kManufacturer:
          keep(error, readText(value, s_.manufacturerKey, meter.manufacturer));
          break;
        case kMeterVersion:
          keep(error, readText(value, s_.meterVersionKey, meter.version));
          break;
        case kMeterMedium:
          keep(error, readText(value, s_.mediumKey, meterMedium));
          break;
        case kAccessNumber:
          keep(error, readText(value, s_.accessNumberKey, meter.accessNumber));
          break;
        case kStatus:
          keep(error, readText(value, s_.statusKey, meter.status));
          break;
        case kRssi: {
          int rssi = 0;
          keep(error, readWhole(value, s_.rssiKey, -kMaxRssi, kMaxRssi, rssi));
          if (error.empty() && !value.isNull()) meter.rssi = rssi;
          break;
        }
      }
      if (!error.empty()) note(report, meterWhere(index), std::move(error), IssueEffect::IgnoredAttribute);
      return true;
    });

    std::string error = readMeterId(id, meter.meterId);
    const Kind dataKind = kindOf(data);
    if (error.empty() && dataKind != Kind::Null && dataKind != Kind::Array)
      error = quotedKey(s_.dataKey) + " is not an array (" + kindName(dataKind) + ")";
    if (!error.empty()) {
      note(report, meterWhere(index), std::move(error), IssueEffect::SkippedMeter);
      return false;
    }

    std::string recordMedium;  // the first kept record's MEDIUM that is not empty
    if (dataKind == Kind::Array) {
      if (!sink_) meter.data.reserve(data->size());
      std::size_t dataIndex = 0;
      auto kept = [&](const DataRecord& rec) {
        if (meterMedium.empty() && recordMedium.empty()) recordMedium = rec.medium;
      };
      data->forEachItem([&](const Node& record) {
        if (sink_) {
          DataRecord rec;
          rec.index = dataIndex;
          if (readData(record, index, dataIndex, report, rec)) {
            kept(rec);
            sink_->record(rec);
          }
        } else {
          DataRecord& rec = meter.data.emplace_back();  // read in place (reserved): no moves
          rec.index = dataIndex;
          if (readData(record, index, dataIndex, report, rec))
            kept(rec);
          else
            meter.data.pop_back();
        }
        ++dataIndex;
      });
    }

    meter.medium = std::move(meterMedium);
    if (meter.medium.empty()) meter.medium = std::move(recordMedium);
    if (meter.medium.empty()) meter.medium = s_.unknownMedium;
    meter.isSystem = meter.medium == s_.systemMedium || (!report.mucId.empty() && meter.meterId == report.mucId);
    if (sink_) sink_->meterDone(report, meter);
    return true;
  }

  std::string readMeterId(const std::optional<Node>& id, std::string& out) const {
    const Kind kind = kindOf(id);
    if (kind == Kind::Null) return "missing " + quotedKey(s_.meterIdKey);
    if (!isScalar(kind)) return wrongType(s_.meterIdKey, kind);
    assignScalarText(out, *id, kind);
    if (isBlankText(out)) return quotedKey(s_.meterIdKey) + " is empty";
    if (utf8Length(out) > s_.maxMeterIdLength)
      return quotedKey(s_.meterIdKey) + " is longer than " + std::to_string(s_.maxMeterIdLength) +
             " characters: " + shown(out);
    return {};
  }

  bool readData(const Node& item, std::size_t meter, std::size_t index, Report& report, DataRecord& rec) {
    auto skip = [&](std::string what, std::string at = {}) {
      note(report, at.empty() ? dataWhere(meter, index) : std::move(at), std::move(what), IssueEffect::SkippedRecord);
      return false;
    };
    const Kind kind = kindOf(item);
    if (kind != Kind::Object) return skip(std::string("not an object (") + kindName(kind) + ")");

    bool hasDescription = false;
    function_.clear();  // a record without FUNCTION is Instantaneous, whatever the last one had
    std::optional<Node> entries;
    Attributes<kDataSlots>::Found found;
    t_->data.collect(item, found);
    std::string error;  // the first bad attribute (in name order) skips the record
    t_->data.inNameOrder(found, [&](std::size_t slot, const Node& value) {
      switch (slot) {
        case kDescription:
          keep(error, readText(value, s_.descriptionKey, rec.description));
          hasDescription = !value.isNull();
          break;
        case kEntries:
          entries = value;
          break;
        case kUnit:
          keep(error, readText(value, s_.unitKey, rec.unit));
          break;
        case kScale:
          keep(error, readScale(value, rec));
          break;
        case kDataMedium:
          keep(error, readText(value, s_.mediumKey, rec.medium));
          break;
        case kObis:
          keep(error, readText(value, s_.obisKey, sink_ ? unkept_ : rec.obis));
          break;
        case kDataUser:
          keep(error, readText(value, s_.userKey, sink_ ? unkept_ : rec.user));
          break;
        case kFunction:
          keep(error, readText(value, s_.functionKey, sink_ ? function_ : rec.function));
          break;
        case kStorage:
          keep(error, readWhole(value, s_.storageKey, 0, kMaxIndex, rec.storage));
          break;
        case kTariff:
          keep(error, readWhole(value, s_.tariffKey, 0, kMaxIndex, rec.tariff));
          break;
        case kSubunit:
          keep(error, readWhole(value, s_.subunitKey, 0, kMaxIndex, rec.subunit));
          break;
      }
      return error.empty();
    });
    if (!error.empty()) return skip(std::move(error));
    if (!hasDescription) return skip("missing " + quotedKey(s_.descriptionKey));
    rec.functionKind = parseValueFunction(sink_ ? function_ : rec.function);

    const Kind entriesKind = kindOf(entries);
    if (entriesKind == Kind::Null) return skip("missing " + quotedKey(s_.entryKey));
    if (entriesKind != Kind::Array)
      return skip(quotedKey(s_.entryKey) + " is not an array (" + kindName(entriesKind) + ")");
    if (entries->size() == 0) return skip(quotedKey(s_.entryKey) + " is empty");

    Reading newest;
    bool any = false;
    std::size_t entryIndex = 0;
    entries->forEachItem([&](const Node& e) {
      if (!error.empty()) return;  // the first bad entry skips the record
      Reading reading;
      reading.index = entryIndex;
      error = readEntry(e, reading);
      if (!error.empty()) return;
      if (!any || newerOrSame(reading, newest)) newest = reading;
      any = true;
      ++entryIndex;
    });
    if (!error.empty())
      return skip(std::move(error), dataWhere(meter, index) + ".entry[" + std::to_string(entryIndex) + "]");
    error = readValue(newest, rec);
    if (!error.empty())
      return skip(std::move(error), dataWhere(meter, index) + ".entry[" + std::to_string(newest.index) + "]");
    return true;
  }

  std::string readScale(const Node& value, DataRecord& rec) const {
    const Kind k = kindOf(value);
    if (k == Kind::Null) return {};
    if (!isScalar(k)) return wrongType(s_.scaleKey, k);
    assignScalarText(rec.scaleText, value, k);
    const ParsedNumber n = scalarNumber(value, k);
    if (!n.ok()) return numberProblem(s_.scaleKey, n.status, rec.scaleText);
    if (!(n.value > 0.0)) return quotedKey(s_.scaleKey) + " is not greater than 0: " + shown(rec.scaleText);
    rec.scale = n.value;
    return {};
  }

  // An entry's VAL, T and T_MUC, each its last occurrence; the first bad time is the error.
  std::string readEntry(const Node& e, Reading& reading) {
    const Kind kind = kindOf(e);
    if (kind != Kind::Object) return std::string("not an object (") + kindName(kind) + ")";
    Attributes<kEntrySlots>::Found found;
    t_->entry.collect(e, found);
    std::string error;  // the first bad time (in name order)
    t_->entry.inNameOrder(found, [&](std::size_t slot, const Node& value) {
      std::int64_t time = 0;
      switch (slot) {
        case kVal:
          reading.val = value;
          break;
        case kT:
          keep(error, readWhole(value, s_.tKey, 0, kMaxUnixTime, time));
          if (error.empty() && !value.isNull()) reading.t = time;
          break;
        case kTMuc:
          keep(error, readWhole(value, s_.tMucKey, 0, kMaxUnixTime, time));
          if (error.empty() && !value.isNull()) reading.tMuc = time;
          break;
      }
      return error.empty();
    });
    return error;
  }

  std::string readValue(const Reading& reading, DataRecord& rec) const {
    const Kind kind = kindOf(reading.val);
    if (kind == Kind::Null) return "missing " + quotedKey(s_.valKey);
    if (!isScalar(kind)) return wrongType(s_.valKey, kind);
    Entry& entry = rec.entry;
    entry.t = reading.t;
    entry.tMuc = reading.tMuc;
    assignScalarText(entry.valText, *reading.val, kind);
    const ParsedNumber n = scalarNumber(*reading.val, kind);
    if (n.status == NumberStatus::NotFinite || n.status == NumberStatus::OutOfRange)
      return numberProblem(s_.valKey, n.status, entry.valText);
    if (!n.ok()) return {};  // text value: becomes a string variable
    entry.valNumber = n.value;
    entry.valInteger = n.integer;
    const double scaled = applyScale(n.value, rec.scale);
    const UnitKind unit = unitKind(rec.unit);
    const bool wholeUnit = unit == UnitKind::UnixTime || unit == UnitKind::BitField;
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

}  // namespace

Report parseReportTree(const json::Node& root, const ReportSchema& schema) { return ReportBuilder(schema).build(root); }

Report parseReport(const json::Document& document, const ReportSchema& schema) {
  if (!document.ok()) throw ReportError("not JSON: " + document.error());
  return parseReportTree(document.root(), schema);
}

Report parseReport(std::string_view json, const ReportSchema& schema) {
  // The tree is read into the Report and dropped: this thread's reused document will do.
  return parseReport(json::Document::parseReusable(json, /*oversizedNumbersAsText=*/true), schema);
}

bool tryParseReport(std::string_view json, Report& out, std::string& error, const ReportSchema& schema) {
  try {
    out = parseReport(json, schema);
    return true;
  } catch (const ReportError& e) {
    error = e.what();
    return false;
  }
}

bool tryParseReport(std::string_view json, Report& out, std::string& error, RecordSink& sink,
                    const ReportSchema& schema) {
  try {
    const json::Document& document = json::Document::parseReusable(json, /*oversizedNumbersAsText=*/true);
    if (!document.ok()) throw ReportError("not JSON: " + document.error());
    out = ReportBuilder(schema, &sink).build(document.root());
    return true;
  } catch (const ReportError& e) {
    error = e.what();
    return false;
  }
}

}  // namespace symemu::smartmetering
