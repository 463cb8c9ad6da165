// bench_api_load: JSON-RPC calls (default GetValue on one variable) over keep-alive HTTP
// connections to `POST /api/`, one connection per thread, each sending its next call as soon as
// the previous one was answered (an answer comes only after the kernel committed the batch the
// call ran in). Prints one JSON line: calls/s and latency percentiles.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <thread>
#include <vector>

#include "bench_args.h"
#include "latency_stats.h"
#include "mqtt_pipe.h"

using namespace symemu::bench;

namespace {

const char* const kUsage =
    "usage: bench_api_load --port N --variable ID [--host 127.0.0.1] [--connections 4] [--calls 5000 (per\n"
    "                      connection)] [--method GetValue] [--timeout 60]\n"
    "Calls METHOD(ID) on every connection; every answer must carry a result.\n";

struct Outcome {
  std::vector<double> latencies;
  std::string error;
};

Outcome callMany(const std::string& host, int port, const std::string& method, long long variable, long long calls,
                 double timeout, std::atomic<int>& warm, int connections) {
  Outcome out;
  try {
    Poco::Net::HTTPClientSession session(host, static_cast<Poco::UInt16>(port));
    session.setKeepAlive(true);
    session.setTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(timeout * 1e6)));
    const std::string body =
        "{\"jsonrpc\":\"2.0\",\"method\":\"" + method + "\",\"params\":[" + std::to_string(variable) + "],\"id\":1}";
    auto call = [&] {
      Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, "/api/", Poco::Net::HTTPMessage::HTTP_1_1);
      req.setContentType("application/json");
      req.setContentLength(static_cast<std::streamsize>(body.size()));
      req.setKeepAlive(true);
      session.sendRequest(req) << body;
      Poco::Net::HTTPResponse resp;
      std::string answer;
      Poco::StreamCopier::copyToString(session.receiveResponse(resp), answer);
      if (resp.getStatus() != Poco::Net::HTTPResponse::HTTP_OK || answer.find("\"result\"") == std::string::npos)
        throw std::runtime_error("/api/ answered " + std::to_string(resp.getStatus()) + ": " + answer.substr(0, 200));
    };
    call();  // warm-up: connection open, first answer
    ++warm;
    while (warm < connections) std::this_thread::sleep_for(std::chrono::microseconds(200));
    out.latencies.reserve(static_cast<std::size_t>(calls));
    for (long long i = 0; i < calls; ++i) {
      double t = monotonicSeconds();
      call();
      out.latencies.push_back(monotonicSeconds() - t);
    }
  } catch (const std::exception& e) {
    out.error = e.what();
    ++warm;
  }
  return out;
}

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    BenchArgs a(argc, argv, {"help"});
    if (a.has("help") || !a.has("port") || !a.has("variable")) {
      std::cerr << kUsage;
      return a.has("help") ? 0 : 2;
    }
    const int connections = static_cast<int>(a.num("connections", 4));
    const long long calls = a.num("calls", 5000), variable = a.num("variable", 0);
    if (connections < 1 || calls < 1) throw std::invalid_argument("connections and calls must be positive");
    const std::string host = a.str("host", "127.0.0.1"), method = a.str("method", "GetValue");
    const int port = static_cast<int>(a.num("port", 0));
    const double timeout = a.real("timeout", 60);
    std::atomic<int> warm{0};
    std::vector<Outcome> outcomes(static_cast<std::size_t>(connections));
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c)
      threads.emplace_back([&, c] {
        outcomes[static_cast<std::size_t>(c)] =
            callMany(host, port, method, variable, calls, timeout, warm, connections);
      });
    while (warm < connections) std::this_thread::sleep_for(std::chrono::microseconds(200));
    const double t0 = monotonicSeconds();
    for (auto& t : threads) t.join();
    const double seconds = monotonicSeconds() - t0;
    std::vector<double> all;
    for (auto& o : outcomes) {
      if (!o.error.empty()) throw std::runtime_error(o.error);
      all.insert(all.end(), o.latencies.begin(), o.latencies.end());
    }
    std::cout << "{\"connections\":" << connections << ",\"calls\":" << all.size() << ",\"seconds\":" << num(seconds)
              << ",\"calls_per_s\":" << num(static_cast<double>(all.size()) / seconds)
              << ",\"latency_p50_ms\":" << num(percentileMs(all, 50))
              << ",\"latency_p99_ms\":" << num(percentileMs(all, 99)) << "}" << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_api_load: " << e.what() << std::endl;
    return 1;
  }
}
