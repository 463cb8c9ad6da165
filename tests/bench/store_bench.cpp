// bench_store: the SQLite ceiling. Variable value updates through the kernel's Store alone (no
// kernel, no modules), grouped like the kernel's group commit: one transaction per batch.
// Prints one JSON line per batch size. A batch goes through Store::saveVariableValues (its IDs
// ascending, as the kernel's commit hands them over), or with --one-by-one through one
// saveVariableValue each (the commit before Round 9). --shuffled gives the variables IDs in
// random order, as the kernel draws them, instead of consecutive ones.
#include <Poco/File.h>

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>
#include <iostream>
#include <vector>

#include "bench_args.h"
#include "mqtt_pipe.h"
#include "symemu/store/store.h"

using namespace symemu;
using namespace symemu::bench;

int main(int argc, char** argv) {
  try {
    BenchArgs a(argc, argv, {"help", "one-by-one", "shuffled"});
    if (a.has("help") || !a.has("db")) {
      std::cerr
          << "usage: bench_store --db NEW_FILE [--variables 50000] [--updates 400000] [--batches 1,10,100,1000,4096]"
             " [--one-by-one] [--shuffled]\n";
      return a.has("help") ? 0 : 2;
    }
    const std::string path = a.str("db", "");
    const int variables = static_cast<int>(a.num("variables", 50000));
    const long long updates = a.num("updates", 400000);
    std::vector<long long> batches;
    {
      std::string list = a.str("batches", "1,10,100,1000,4096");
      for (std::size_t at = 0; at < list.size();) {
        std::size_t comma = list.find(',', at);
        batches.push_back(std::stoll(list.substr(at, comma - at)));
        at = comma == std::string::npos ? list.size() : comma + 1;
      }
    }
    for (const char* suffix : {"", "-wal", "-shm"})
      if (Poco::File(path + suffix).exists()) Poco::File(path + suffix).remove();
    const bool oneByOne = a.has("one-by-one");
    std::vector<int> idOf(static_cast<std::size_t>(variables));  // variable number -> its ID
    std::iota(idOf.begin(), idOf.end(), 10000);
    if (a.has("shuffled")) std::shuffle(idOf.begin(), idOf.end(), std::mt19937(7));
    Store store(path);
    store.begin();
    for (int i = 0; i < variables; ++i) {
      ObjectRecord o;
      o.id = idOf[static_cast<std::size_t>(i)];
      o.type = ObjectType::Variable;
      o.name = "Value " + std::to_string(i);
      o.ident = "V" + std::to_string(i);
      o.order = i;
      store.saveObject(o);
      VariableRecord v;
      v.type = VariableType::Float;
      v.value = 0.0;
      store.saveVariable(o.id, v);
    }
    store.commit();
    long long n = 0;
    for (long long batch : batches) {
      if (batch < 1) throw std::invalid_argument("batch sizes must be positive");
      // Small batches are slow: fewer updates for them, so the whole run stays short.
      const long long count = batch < 100 ? std::min<long long>(updates, 20000) : updates;
      std::vector<VariableRecord> records;
      std::vector<ValueRow> rows;
      const double t0 = monotonicSeconds();
      long long done = 0;
      while (done < count) {
        store.begin();
        records.clear();
        rows.clear();
        for (long long i = 0; i < batch && done < count; ++i, ++done, ++n) {
          VariableRecord v;
          v.type = VariableType::Float;
          v.value = static_cast<double>(n);
          v.updated = v.changed = 1741947300 + n;
          const int id = idOf[static_cast<std::size_t>(n % variables)];
          if (oneByOne) {
            store.saveVariableValue(id, v);
          } else {
            records.push_back(std::move(v));
            rows.push_back({id, nullptr});
          }
        }
        if (!oneByOne) {
          for (std::size_t i = 0; i < rows.size(); ++i) rows[i].record = &records[i];
          // As the kernel hands them over: ascending, each variable once (its last value).
          std::stable_sort(rows.begin(), rows.end(), [](const ValueRow& x, const ValueRow& y) { return x.id < y.id; });
          auto last = std::unique(rows.rbegin(), rows.rend(),
                                  [](const ValueRow& x, const ValueRow& y) { return x.id == y.id; });
          rows.erase(rows.begin(), last.base());
          store.saveVariableValues(rows);
        }
        store.commit();
      }
      const double seconds = monotonicSeconds() - t0;
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.6g", static_cast<double>(count) / seconds);
      std::cout << "{\"batch\":" << batch << ",\"updates\":" << count << ",\"updates_per_s\":" << buf << "}"
                << std::endl;
    }
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_store: " << e.what() << std::endl;
    return 1;
  }
}
