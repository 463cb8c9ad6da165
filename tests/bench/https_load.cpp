// bench_https_load: whole Smart Energy Log reports (6 meters each) POSTed over keep-alive TLS
// connections with Basic auth to SmartLogHTTPS hooks (/hook/smartlog/<ID>). One connection per
// logger, each on its own thread, each sending its next report as soon as the previous one was
// answered (the webhook answers 200 only after the report is committed). Prints one JSON line.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>
#include <vector>

#include "bench_args.h"
#include "latency_stats.h"
#include "mqtt_pipe.h"
#include "selog_payload.h"

using namespace symemu::bench;

namespace {

const char* const kUsage =
    "usage: bench_https_load --port N [--host 127.0.0.1] [--loggers 4] [--reports 500 (per logger)]\n"
    "                        [--meters 6] [--user logger] [--password P] [--timeout 60]\n"
    "Logger i posts to /hook/smartlog/SL-<100000+i>; create those SmartLogHTTPS instances first.\n";

struct Outcome {
  std::vector<double> latencies;
  std::string error;
};

// Posts `reports` reports of logger `logger` (round 0 first, untimed: it creates the meters),
// then waits for every connection's warm-up before the timed reports.
Outcome postReports(const std::string& host, int port, int logger, int meters, long long reports,
                    const std::string& user, const std::string& password, double timeout, std::atomic<int>& warm,
                    int loggers) {
  Outcome out;
  try {
    Poco::Net::Context::Ptr ctx = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                                         Poco::Net::Context::VERIFY_NONE, 9, false);
    Poco::Net::HTTPSClientSession session(host, static_cast<Poco::UInt16>(port), ctx);
    session.setKeepAlive(true);
    session.setTimeout(Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(timeout * 1e6)));
    const std::string path = "/hook/smartlog/" + loggerId(logger);
    auto post = [&](long long round) {
      std::string body = wholeReport(logger, 0, meters, round);
      Poco::Net::HTTPRequest req(Poco::Net::HTTPRequest::HTTP_POST, path, Poco::Net::HTTPMessage::HTTP_1_1);
      req.setContentType("application/json");
      req.setContentLength(static_cast<std::streamsize>(body.size()));
      req.setKeepAlive(true);
      Poco::Net::HTTPBasicCredentials(user, password).authenticate(req);
      session.sendRequest(req) << body;
      Poco::Net::HTTPResponse resp;
      std::string answer;
      Poco::StreamCopier::copyToString(session.receiveResponse(resp), answer);
      if (resp.getStatus() != Poco::Net::HTTPResponse::HTTP_OK)
        throw std::runtime_error(path + " answered " + std::to_string(resp.getStatus()) + ": " + answer.substr(0, 200));
    };
    post(0);
    ++warm;
    while (warm < loggers) std::this_thread::sleep_for(std::chrono::microseconds(200));
    for (long long r = 1; r <= reports; ++r) {
      double t = monotonicSeconds();
      post(r);
      out.latencies.push_back(monotonicSeconds() - t);
    }
  } catch (const std::exception& e) {
    out.error = e.what();
    ++warm;  // never leave the others waiting
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
    if (a.has("help") || !a.has("port")) {
      std::cerr << kUsage;
      return a.has("help") ? 0 : 2;
    }
    const int loggers = static_cast<int>(a.num("loggers", 4)), meters = static_cast<int>(a.num("meters", 6));
    const long long reports = a.num("reports", 500);
    const double timeout = a.real("timeout", 60);
    if (loggers < 1 || meters < 1 || reports < 1)
      throw std::invalid_argument("loggers, meters and reports must be positive");
    Poco::Net::initializeSSL();
    std::atomic<int> warm{0};
    std::vector<Outcome> outcomes(static_cast<std::size_t>(loggers));
    std::vector<std::thread> threads;
    const std::string host = a.str("host", "127.0.0.1"), user = a.str("user", "logger"),
                      password = a.str("password", "");
    const int port = static_cast<int>(a.num("port", 0));
    for (int l = 0; l < loggers; ++l)
      threads.emplace_back([&, l] {
        outcomes[static_cast<std::size_t>(l)] =
            postReports(host, port, l, meters, reports, user, password, timeout, warm, loggers);
      });
    // The clock starts once every connection has its warm-up report answered.
    while (warm < loggers) std::this_thread::sleep_for(std::chrono::microseconds(200));
    const double t0 = monotonicSeconds();
    for (auto& t : threads) t.join();
    const double seconds = monotonicSeconds() - t0;
    std::vector<double> all;
    for (auto& o : outcomes) {
      if (!o.error.empty()) throw std::runtime_error(o.error);
      all.insert(all.end(), o.latencies.begin(), o.latencies.end());
    }
    const double total = static_cast<double>(all.size());
    std::cout << "{\"loggers\":" << loggers << ",\"meters_per_report\":" << meters << ",\"reports\":" << all.size()
              << ",\"seconds\":" << num(seconds) << ",\"reports_per_s\":" << num(total / seconds)
              << ",\"meter_reports_per_s\":" << num(total * meters / seconds)
              << ",\"updates_per_s\":" << num(total * meters * kValuesPerMeter / seconds)
              << ",\"latency_p50_ms\":" << num(percentileMs(all, 50))
              << ",\"latency_p99_ms\":" << num(percentileMs(all, 99)) << "}" << std::endl;
    Poco::Net::uninitializeSSL();
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_https_load: " << e.what() << std::endl;
    return 1;
  }
}
