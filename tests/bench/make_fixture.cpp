// bench_make_fixture: writes the replay fixtures the benchmarks play (they are generated into
// build/bench/, never committed):
//   --kind month        a month of 1,000 meters (20 loggers x 50) reporting every 15 minutes,
//                       each logger's whole report on SmartLog/<ID> (2 values per meter)
//   --kind footprint    100 loggers x 100 meters x 5 values, one report each: a database with
//                       10,000 meter instances and 50,000 variables after --auto-create
//   --kind https-setup  create_instance actions for the SmartLogHTTPS loggers bench_https_load
//                       posts to (AutoCreateMeters on, password ${PASSWORD})
#include <fstream>
#include <iostream>

#include "bench_args.h"
#include "selog_payload.h"

using namespace symemu::bench;

namespace {

// Payloads here contain no backslashes or control characters: quotes are all that need escaping.
std::string jsonString(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

void mqttEvent(std::ostream& out, double t, int logger, const std::string& payload) {
  out << "{\"t\":" << t << ",\"type\":\"mqtt\",\"client_id\":\"" << loggerId(logger) << "\",\"topic\":\"SmartLog/"
      << loggerId(logger) << "\",\"qos\":0,\"retain\":false,\"payload\":" << jsonString(payload) << "}\n";
}

std::string records(int logger, int meters, long long round, int values) {
  std::string r;
  for (int m = 0; m < meters; ++m) {
    if (m) r += ',';
    r += compactMeterRecord(logger, m, round, values);
  }
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    BenchArgs a(argc, argv, {"help"});
    const std::string kind = a.str("kind", ""), path = a.str("out", "");
    if (a.has("help") || kind.empty() || path.empty()) {
      std::cerr
          << "usage: bench_make_fixture --kind month|footprint|https-setup --out FILE [--days 30] [--loggers N]\n";
      return a.has("help") ? 0 : 2;
    }
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path);
    out.precision(12);
    const long long start = kBaseTimestamp;
    if (kind == "month") {
      const int loggers = static_cast<int>(a.num("loggers", 20)), meters = 1000 / loggers;
      const long long reports = a.num("days", 30) * 96;
      out << "{\"symemu_fixture\":1,\"start\":" << start << ",\"description\":\"bench: " << loggers * meters
          << " meters, 15-minute whole reports of " << loggers << " loggers, " << reports / 96
          << " days; replay with --auto-create\"}\n";
      for (long long n = 0; n < reports; ++n)
        for (int l = 0; l < loggers; ++l)
          mqttEvent(out, static_cast<double>(n * 900 + l), l, reportEnvelope(l, n, records(l, meters, n, 2)));
    } else if (kind == "footprint") {
      const int loggers = static_cast<int>(a.num("loggers", 100));
      out << "{\"symemu_fixture\":1,\"start\":" << start << ",\"description\":\"bench: " << loggers
          << " loggers x 100 meters x 5 values; replay with --auto-create\"}\n";
      for (int l = 0; l < loggers; ++l) mqttEvent(out, l, l, reportEnvelope(l, 0, records(l, 100, 0, 5)));
    } else if (kind == "https-setup") {
      const int loggers = static_cast<int>(a.num("loggers", 4));
      out << "{\"symemu_fixture\":1,\"start\":" << start << ",\"description\":\"bench: SmartLogHTTPS loggers\"}\n";
      for (int l = 0; l < loggers; ++l)
        out << "{\"t\":0,\"type\":\"action\",\"action\":\"create_instance\",\"module\":\"SmartLogHTTPS\","
               "\"properties\":"
            << "{\"SmartLogID\":\"" << loggerId(l)
            << "\",\"WebHookUsername\":\"logger\",\"WebHookPassword\":\"${PASSWORD}\","
            << "\"AutoCreateMeters\":true}}\n";
    } else {
      throw std::invalid_argument("unknown --kind " + kind);
    }
    if (!out.flush()) throw std::runtime_error("writing " + path + " failed");
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_make_fixture: " << e.what() << std::endl;
    return 1;
  }
}
