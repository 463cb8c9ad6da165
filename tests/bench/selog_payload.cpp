#include "selog_payload.h"

#include <cstdio>

namespace symemu::bench {

std::string loggerId(int logger) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "SL-%06d", 100000 + logger);
  return buf;
}

std::string meterId(int logger, int meter) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d%04d", 3000 + logger % 7000, meter % 10000);
  return buf;
}

std::string meterTopic(int logger, int meter) { return "SmartLog/" + loggerId(logger) + "/" + meterId(logger, meter); }

std::string meterRecord(int logger, int meter, std::int64_t round) {
  const long long ts = kBaseTimestamp + round * 900;
  const long long energy = 1000000 + round * 7 + meter, power = 5000 + (round * 13 + meter) % 4000;
  const long long volts = 2300 + round % 20;
  static const char* const kLayout =
      "{\"METER_ID\":\"%s\",\"INTERFACE\":\"02\",\"USER\":\"Hausstrom\","
      "\"MANUFACTURER\":\"BMT\",\"VERSION\":\"1\",\"MEDIUM\":\"Electricity\",\"ACCESS_NUMBER\":\"57\",\"STATUS\":"
      "\"00\","
      "\"data\":["
      "{\"DESCRIPTION\":\"Energy\",\"UNIT\":\"Wh\",\"SCALE\":\"10\",\"MEDIUM\":\"Electricity\",\"OBIS_ID\":\"1-0:1.8.0*"
      "255\","
      "\"FUNCTION\":\"Instantaneous value\",\"STORAGE\":\"0\",\"TARIFF\":\"0\",\"SUBUNIT\":\"0\","
      "\"entry\":[{\"T_MUC\":%lld,\"VAL\":\"%lld\"}]},"
      "{\"DESCRIPTION\":\"Power\",\"UNIT\":\"W\",\"SCALE\":\"0.1\",\"MEDIUM\":\"Electricity\",\"OBIS_ID\":\"1-0:1.7.0*"
      "255\","
      "\"FUNCTION\":\"Instantaneous value\",\"STORAGE\":\"0\",\"TARIFF\":\"0\",\"SUBUNIT\":\"0\","
      "\"entry\":[{\"T_MUC\":%lld,\"VAL\":\"%lld\"}]},"
      "{\"DESCRIPTION\":\"Volts\",\"UNIT\":\"V\",\"SCALE\":\"0.1\",\"MEDIUM\":\"Electricity\",\"OBIS_ID\":\"1-0:32.7.0*"
      "255\","
      "\"FUNCTION\":\"Instantaneous value\",\"STORAGE\":\"0\",\"TARIFF\":\"0\",\"SUBUNIT\":\"0\","
      "\"entry\":[{\"T_MUC\":%lld,\"VAL\":\"%lld\"}]},"
      "{\"DESCRIPTION\":\"Fabrication\",\"UNIT\":\"None\",\"SCALE\":\"1\",\"MEDIUM\":\"Electricity\",\"OBIS_ID\":\"0-0:"
      "96.1.0*255\","
      "\"FUNCTION\":\"Instantaneous value\",\"STORAGE\":\"0\",\"TARIFF\":\"0\",\"SUBUNIT\":\"0\","
      "\"entry\":[{\"T_MUC\":%lld,\"VAL\":\"%lld\"}]}]}";
  char buf[1400];
  const long long read = ts - 23;
  int n = std::snprintf(buf, sizeof buf, kLayout, meterId(logger, meter).c_str(), read, energy, read, power, read,
                        volts, read, static_cast<long long>(round));
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string reportEnvelope(int logger, std::int64_t round, const std::string& records) {
  return "{\"MESSAGE_TYPE\":\"1\",\"muc\":{\"MUC_ID\":\"" + loggerId(logger) +
         "\",\"VERSION\":\"1f6\",\"TIMESTAMP\":" + std::to_string(kBaseTimestamp + round * 900) + ",\"meter\":[" +
         records + "]}}";
}

std::string meterReport(int logger, int meter, std::int64_t round) {
  return reportEnvelope(logger, round, meterRecord(logger, meter, round));
}

std::string wholeReport(int logger, int first, int count, std::int64_t round) {
  std::string records;
  for (int m = first; m < first + count; ++m) {
    if (!records.empty()) records += ',';
    records += meterRecord(logger, m, round);
  }
  return reportEnvelope(logger, round, records);
}

std::string compactMeterRecord(int logger, int meter, std::int64_t round, int values) {
  struct Spec {
    const char* description;
    const char* unit;
    const char* scale;
  };
  static const Spec kSpecs[] = {{"Energy", "Wh", "10"},
                                {"Power", "W", "0.1"},
                                {"Volts", "V", "0.1"},
                                {"Fabrication", "None", "1"},
                                {"Current", "A", "0.01"}};
  const long long vals[] = {1000000 + round * 7 + meter, 5000 + (round * 13 + meter) % 4000, 2300 + round % 20,
                            static_cast<long long>(round), 100 + (round * 3 + meter) % 900};
  std::string out = "{\"METER_ID\":\"" + meterId(logger, meter) +
                    "\",\"INTERFACE\":\"02\",\"MANUFACTURER\":\"BMT\",\"MEDIUM\":\"Electricity\",\"data\":[";
  for (int i = 0; i < values && i < 5; ++i) {
    if (i) out += ',';
    out += std::string("{\"DESCRIPTION\":\"") + kSpecs[i].description + "\",\"UNIT\":\"" + kSpecs[i].unit +
           "\",\"SCALE\":\"" + kSpecs[i].scale + "\",\"entry\":[{\"VAL\":\"" + std::to_string(vals[i]) + "\"}]}";
  }
  return out + "]}";
}

}  // namespace symemu::bench
