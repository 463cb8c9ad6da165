// Throughput check, hidden by default: ./test_smartmetering_common "[.bench]"
#include <catch2/catch.hpp>

#include <chrono>
#include <iostream>

#include "symemu/smartmetering/common/report_parser.h"
#include "symemu/smartmetering/common/variable_mapper.h"
#include "test_support.h"

using namespace symemu::smartmetering;

TEST_CASE("parse + map throughput", "[.bench][smartmetering]") {
  for (const char* file : {"example1.json", "example5.json"}) {
    const std::string json = smtest::readDataFile(file);
    constexpr int kRounds = 40000;
    std::size_t variables = 0;
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRounds; ++i) {
      const Report r = parseReport(json);
      for (const MeterRecord& m : r.meters) variables += mapMeter(m).size();
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double perSecond = kRounds / seconds;
    std::cout << file << " (" << json.size() << " bytes): " << static_cast<long>(perSecond) << " reports/s, "
              << static_cast<long>(perSecond * json.size() / 1e6) << " MB/s\n";
    CHECK(variables > 0);
    CHECK(perSecond > 20000.0 * 1100.0 / static_cast<double>(json.size()));
  }
}
