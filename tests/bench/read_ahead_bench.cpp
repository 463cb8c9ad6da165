// bench_read_ahead: the MQTT listener thread's read-ahead (PublishReadAhead with the Smart
// Metering report reader, docs/performance.md "Round 11") without sockets, for two uses:
//   bench_read_ahead time [ROUNDS] [PASSES] [KEEP]  CPU time per PUBLISH of the 10 x 100 meters
//       stream (QoS 0, cut into 64 KiB chunks as the listener reads them; the results of the last
//       KEEP (64) chunks are kept alive, as the kernel thread holds them before handing them
//       back), the median of PASSES passes.
//   bench_read_ahead dump [COUNT] [SEED]   everything read ahead of COUNT generated payloads
//       (bench reports, examples and fixtures' shapes, mutated at random: members shuffled,
//       repeated, dropped and retyped, keys cut by NUL, texts given quotes, backslashes,
//       control and non-ASCII bytes), one line each: the child packet text and its key places,
//       the report's fields and issues, every meter packet text and every field of its typed form.
//       Built against two versions of the code, the two dumps must be byte for byte the same.
// Threads: one. Not part of scripts/test (the dump's comparison needs two builds).
#include <time.h>

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <cstring>
#include <deque>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "selog_payload.h"
#include "symemu/core/mqtt/codec/encoder.h"
#include "symemu/core/mqtt/server/mqtt_server_module.h"
#include "symemu/core/mqtt/server/publish_read_ahead.h"
#include "symemu/smartmetering/libs/report_ahead.h"

using namespace symemu;

namespace {

std::string streamOf(const std::vector<std::pair<std::string, std::string>>& publishes) {
  mqtt::Connect c;
  c.clientId = "logger";
  c.version = mqtt::ProtocolVersion::V311;
  std::string stream = mqtt::encode(c, c.version);
  for (const auto& [topic, payload] : publishes) {
    mqtt::Publish p;
    p.topic = topic;
    p.payload = payload;
    p.qos = 0;
    stream += mqtt::encode(p, c.version);
  }
  return stream;
}

double threadSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

int timeRuns(int rounds, int passes, std::size_t keep) {
  std::vector<std::pair<std::string, std::string>> publishes;
  for (int r = 0; r < rounds; ++r)
    for (int m = 0; m < 100; ++m)
      for (int l = 0; l < 10; ++l) publishes.emplace_back(bench::meterTopic(l, m), bench::meterReport(l, m, r + 10));
  const std::string stream = streamOf(publishes);
  constexpr std::size_t kChunk = 64 * 1024;
  std::vector<double> perPublish;
  for (int pass = 0; pass < passes; ++pass) {
    core::PublishReadAhead reader;
    std::deque<std::pair<std::string, forms::ReadAhead>> inFlight;
    std::size_t items = 0;
    const double start = threadSeconds();
    for (std::size_t at = 0; at < stream.size(); at += kChunk) {
      std::string chunk(stream.data() + at, std::min(kChunk, stream.size() - at));  // as the listener copies it
      forms::ReadAhead ahead = reader.read(1, chunk);
      if (const auto* list = ahead.get<core::PublishesReadAhead>()) items += list->items.size();
      inFlight.emplace_back(std::move(chunk), std::move(ahead));
      if (inFlight.size() > keep) inFlight.pop_front();
    }
    inFlight.clear();
    const double seconds = threadSeconds() - start;
    if (items != publishes.size()) {
      std::fprintf(stderr, "read %zu of %zu PUBLISHes\n", items, publishes.size());
      return 1;
    }
    perPublish.push_back(seconds / static_cast<double>(items) * 1e6);
  }
  std::sort(perPublish.begin(), perPublish.end());
  std::printf("{\"publishes\":%zu,\"passes\":%d,\"us_per_publish_median\":%.4f,\"min\":%.4f,\"max\":%.4f}\n",
              publishes.size(), passes, perPublish[perPublish.size() / 2], perPublish.front(), perPublish.back());
  return 0;
}

// --- dump --------------------------------------------------------------------------------------

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) out += {digits[c >> 4], digits[c & 15]};
  return out;
}

std::string bitsOf(double d) {
  std::uint64_t u = 0;
  std::memcpy(&u, &d, sizeof u);
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, u);
  return buf;
}

template <typename T>
std::string opt(const std::optional<T>& v) {
  return v ? std::to_string(*v) : "-";
}

std::string valueText(const Value& v) {
  if (const auto* b = std::get_if<bool>(&v)) return std::string("b") + (*b ? "1" : "0");
  if (const auto* i = std::get_if<std::int64_t>(&v)) return "i" + std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return "d" + bitsOf(*d);
  if (const auto* s = std::get_if<std::string>(&v)) return "s" + hex(*s);
  return "?" + std::to_string(v.index());
}

std::string dumpAhead(const smartmetering::ReportAhead& a) {
  std::string out = "ok=" + std::to_string(a.ok) + " error=" + hex(a.error);
  const auto& r = a.report;
  out += " muc=" + hex(r.mucId) + " version=" + hex(r.version) + " ts=" + opt(r.timestamp);
  for (const auto& m : r.meters) {
    out += " [meter " + std::to_string(m.index) + " " + hex(m.meterId) + " " + hex(m.interface) + " " + hex(m.user) +
           " " + hex(m.manufacturer) + " " + hex(m.version) + " " + hex(m.accessNumber) + " " + hex(m.status) + " " +
           hex(m.medium) + " " + opt(m.rssi) + " " + std::to_string(m.isSystem) +
           " data=" + std::to_string(m.data.size()) + "]";
    for (const auto& d : m.data)
      out += " {" + std::to_string(d.index) + " " + hex(d.description) + " " + hex(d.unit) + " " + bitsOf(d.scale) +
             " " + hex(d.scaleText) + " " + hex(d.medium) + " " + hex(d.obis) + " " + hex(d.user) + " " +
             hex(d.function) + " " + std::to_string(static_cast<int>(d.functionKind)) + " " +
             std::to_string(d.storage) + " " + std::to_string(d.tariff) + " " + std::to_string(d.subunit) + " " +
             opt(d.entry.t) + " " + opt(d.entry.tMuc) + " " + hex(d.entry.valText) + " " +
             (d.entry.valNumber ? bitsOf(*d.entry.valNumber) : "-") + " " + opt(d.entry.valInteger) + " " +
             (d.scaledValue ? bitsOf(*d.scaledValue) : "-") + "}";
  }
  for (const auto& i : r.issues)
    out += " <" + hex(i.where) + " " + hex(i.what) + " " + std::to_string(static_cast<int>(i.effect)) + ">";
  out += " for=" + hex(a.packetsFor);
  for (const auto& p : a.packets) {
    out += " (text " + hex(p.text ? std::string_view(*p.text) : std::string_view());
    if (!p.form) {
      out += " noform)";
      continue;
    }
    const auto& f = *p.form;
    out += " form " + hex(f.meterId) + " " + hex(f.interface) + " " + hex(f.smartLogId) + " " + hex(f.manufacturer) +
           " " + hex(f.medium) + " " + std::to_string(f.system) + " " + opt(f.timestamp);
    for (const auto& v : f.variables)
      out += " {" + hex(v.ident) + " " + hex(v.name) + " " + hex(v.profile) + " " +
             std::to_string(static_cast<int>(v.type)) + " " + valueText(v.value) + " " +
             std::to_string(v.definesProfile) + " " + hex(v.suffix) + " " + std::to_string(v.digits) + "}";
    out += ")";
  }
  return out;
}

// Random edits of a report text: each keeps most of it a report, so most payloads reach deep.
std::string mutate(std::string text, std::mt19937& rng) {
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  static const char* const kValues[] = {"null",
                                        "true",
                                        "1",
                                        "-7",
                                        "0.5",
                                        "1e3",
                                        "{}",
                                        "[]",
                                        "\"\"",
                                        "\"abc\"",
                                        "\"12.50\"",
                                        "\"0\"",
                                        "\"-0\"",
                                        "1e400",
                                        "\"1e400\"",
                                        "99999999999999999999",
                                        "\"NaN\"",
                                        "\"Wh\"",
                                        "\"%\"",
                                        "\" \"",
                                        "\"\\u0000x\"",
                                        "\"a\\\"b\\\\c\"",
                                        "\"\\u00e4\\u20ac\"",
                                        "\"x\\ny\"",
                                        "253402300800",
                                        "\"1741947302\"",
                                        "0.001",
                                        "\"10000\"",
                                        "\"0.1\"",
                                        "4294967296",
                                        "-0"};
  static const char* const kKeys[] = {
      "METER_ID", "INTERFACE",   "USER", "MANUFACTURER", "VERSION", "MEDIUM",    "ACCESS_NUMBER", "STATUS",
      "RSSI",     "DESCRIPTION", "UNIT", "SCALE",        "OBIS_ID", "FUNCTION",  "STORAGE",       "TARIFF",
      "SUBUNIT",  "VAL",         "T",    "T_MUC",        "MUC_ID",  "TIMESTAMP", "data",          "entry"};
  const int edits = 1 + static_cast<int>(pick(4));
  for (int e = 0; e < edits && !text.empty(); ++e) {
    const std::string key = std::string("\"") + kKeys[pick(std::size(kKeys))] + "\":";
    std::vector<std::size_t> places;
    for (std::size_t at = text.find(key); at != std::string::npos; at = text.find(key, at + 1)) places.push_back(at);
    const int kind = static_cast<int>(pick(9));
    if (places.empty() && kind < 7) continue;
    const std::size_t at = places.empty() ? 0 : places[pick(places.size())];
    const std::size_t valueAt = at + key.size();
    // The value's end: a string, or up to the next ',', '}' or ']' (objects and arrays kept whole).
    std::size_t end = valueAt;
    if (end < text.size() && text[end] == '"') {
      ++end;
      while (end < text.size() && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
      ++end;
    } else if (end < text.size() && (text[end] == '[' || text[end] == '{')) {
      int depth = 0;
      bool inString = false;
      for (; end < text.size(); ++end) {
        const char c = text[end];
        if (inString) {
          if (c == '\\')
            ++end;
          else if (c == '"')
            inString = false;
        } else if (c == '"') {
          inString = true;
        } else if (c == '[' || c == '{') {
          ++depth;
        } else if ((c == ']' || c == '}') && --depth == 0) {
          ++end;
          break;
        }
      }
    } else {
      while (end < text.size() && text[end] != ',' && text[end] != '}' && text[end] != ']') ++end;
    }
    end = std::min(end, text.size());
    switch (kind) {
      case 0:
      case 1:
      case 2:  // another value
        text.replace(valueAt, end - valueAt, kValues[pick(std::size(kValues))]);
        break;
      case 3:  // the member repeated after itself with another value
        text.insert(end, "," + key + kValues[pick(std::size(kValues))]);
        break;
      case 4:  // the member dropped (with its comma when there is one after it)
        if (end < text.size() && text[end] == ',') ++end;
        text.erase(at, end - at);
        break;
      case 5:  // the key cut by a NUL, or a near miss
        text.insert(at + 1 + pick(key.size() - 3), pick(2) ? "\\u0000" : "X");
        break;
      case 6: {  // a text given bytes to escape
        static const char* const kBytes[] = {"\\\"", "\\\\", "\\u0001", "\\t", "\xc3\xa4", "\xe2\x82\xac", "/", "\\/"};
        if (valueAt < text.size() && text[valueAt] == '"') text.insert(valueAt + 1, kBytes[pick(std::size(kBytes))]);
        break;
      }
      case 7:  // cut short
        text.resize(pick(text.size()));
        break;
      default:  // a stray byte
        text.insert(pick(text.size()), 1, "\x01{}[],:\"\\x\xff"[pick(12)]);
        break;
    }
  }
  return text;
}

std::vector<std::string> basePayloads() {
  std::vector<std::string> out;
  for (int l = 0; l < 3; ++l)
    for (int m = 0; m < 3; ++m) {
      out.push_back(bench::meterReport(l, m, m + l));
      out.push_back(bench::reportEnvelope(l, m, bench::compactMeterRecord(l, m, m, 1 + m + l)));
    }
  out.push_back(bench::wholeReport(4, 0, 6, 1));
  out.push_back(bench::wholeReport(5, 3, 3, 2));
  const char* kExamples[] = {
      R"({"MESSAGE_TYPE":"1","muc":{"MUC_ID":"SL-1","VERSION":"1f6","TIMESTAMP":1741947302,"meter":[)"
      R"({"METER_ID":"SL-1","MEDIUM":"System","data":[{"DESCRIPTION":"Uptime","UNIT":"s","VAL":12,)"
      R"("entry":[{"VAL":"100","T":1741947000},{"VAL":101,"T_MUC":1741947300}]}]},)"
      R"({"METER_ID":12345678,"INTERFACE":"05","RSSI":"-71","MANUFACTURER":"ELS","MEDIUM":"Gas","data":[)"
      R"({"DESCRIPTION":"Volume","UNIT":"m^3","SCALE":0.001,"FUNCTION":"Maximum value","STORAGE":1,)"
      R"("entry":[{"VAL":43964,"T_MUC":1741947290}]},{"DESCRIPTION":"Date","UNIT":"UTC","entry":[{"VAL":"1741900000"}]},)"
      R"({"DESCRIPTION":"Flags","UNIT":"Bin","entry":[{"VAL":"7"}]},{"DESCRIPTION":"Text","entry":[{"VAL":"on \"x\""}]}]}]}})",
      R"({"muc":{"MUC_ID":"SL-2","meter":[{"METER_ID":"a","data":[{"DESCRIPTION":"Temp","UNIT":"°C","SCALE":"0.01",)"
      R"("entry":[{"VAL":"-2150"}]},{"DESCRIPTION":"Energy","UNIT":"kWh","SCALE":"1e-3","TARIFF":"2",)"
      R"("entry":[{"VAL":"123456789012"}]},{"DESCRIPTION":"Power","UNIT":"W","entry":[{"VAL":1.5e2}]}]}]}})",
      R"({"muc":{"meter":[{"METER_ID":"7","data":[{"DESCRIPTION":"Energy","UNIT":"Wh","entry":[{"VAL":"1"}]}]}]}})",
  };
  for (const char* e : kExamples) out.push_back(e);
  return out;
}

// The payload and topic where the item says they lie (Round 11: in the chunk), or as the items of
// a build before it kept them (copies): the same dump from both builds.
template <class T, class = void>
struct LiesInChunk : std::false_type {};
template <class T>
struct LiesInChunk<T, std::void_t<decltype(std::declval<const T&>().topicIn(std::string_view()))>> : std::true_type {};
template <class T>
std::string_view payloadOf(const T& item, std::string_view chunk) {
  if constexpr (LiesInChunk<T>::value)
    return item.payloadIn(chunk);
  else
    return item.payload;
}
template <class T>
std::string_view topicOf(const T& item, std::string_view chunk) {
  if constexpr (LiesInChunk<T>::value)
    return item.topicIn(chunk);
  else
    return item.topic;
}

int dump(int count, unsigned seed) {
  std::mt19937 rng(seed);
  const std::vector<std::string> bases = basePayloads();
  std::vector<std::pair<std::string, std::string>> publishes;
  for (int i = 0; i < count; ++i) {
    const std::string& base = bases[rng() % bases.size()];
    publishes.emplace_back("SmartLog/SL-1/" + std::to_string(i % 7), i % 10 == 0 ? base : mutate(base, rng));
  }
  const std::string stream = streamOf(publishes);
  core::PublishReadAhead reader;
  std::size_t n = 0;
  for (std::size_t at = 0; at < stream.size(); at += 4093) {  // cut anywhere
    const std::string chunk = stream.substr(at, 4093);
    const forms::ReadAhead ahead = reader.read(1, chunk);
    const auto* list = ahead.get<core::PublishesReadAhead>();
    if (!list) continue;
    for (const auto& item : list->items) {
      const std::string_view payload = payloadOf(item, chunk), topic = topicOf(item, chunk);
      std::string line =
          std::to_string(n) + " " + hex(topic) + " " + std::to_string(item.qos) + std::to_string(item.retain) + " " +
          hex(payload) +
          " off=" + (item.payloadOffset == std::string::npos ? std::string("-") : std::to_string(item.payloadOffset)) +
          " child=" + hex(item.childText) + " keys=";
      for (const char* key :
           {"\"DataID\":", "\"PacketType\":", "\"QualityOfService\":", "\"Retain\":", "\"Topic\":", "\"Payload\":"})
        line += std::to_string(item.childTextKeys.onlyPlaceOf(key)) + ",";
      if (const auto* r = item.ahead.get<smartmetering::ReportAhead>())
        line += " " + dumpAhead(*r);
      else
        line += item.ahead ? " other" : " none";
      std::puts(line.c_str());
      ++n;
    }
  }
  std::fprintf(stderr, "%zu of %d payloads dumped\n", n, count);
  return n == static_cast<std::size_t>(count) ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  forms::registerPublishReader(smartmetering::readReportAhead);
  const std::string mode = argc > 1 ? argv[1] : "time";
  if (mode == "time")
    return timeRuns(argc > 2 ? std::atoi(argv[2]) : 20, argc > 3 ? std::atoi(argv[3]) : 7,
                    argc > 4 ? static_cast<std::size_t>(std::atoi(argv[4])) : 64);
  if (mode == "dump")
    return dump(argc > 2 ? std::atoi(argv[2]) : 20000, argc > 3 ? static_cast<unsigned>(std::atoi(argv[3])) : 1);
  std::fprintf(stderr, "usage: bench_read_ahead time [ROUNDS] [PASSES] [KEEP] | dump [COUNT] [SEED]\n");
  return 2;
}
