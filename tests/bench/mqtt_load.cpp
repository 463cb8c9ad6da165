// bench_mqtt_load: L logger connections x M meters publish per-meter Smart Energy Log reports
// (docs/selog-format.md Example 1 shape) to an MQTT broker, pipelined, at full speed or at a fixed
// offered rate, and prints one JSON line of results.
//
// Completion is observed, never assumed from sends: with --db the benchmark reads the symemu
// database until every meter's last report is committed; with --subscribe a subscriber on
// SmartLog/# must receive every message (the mosquitto reference). For QoS 1 the time from the
// scheduled send to PUBACK is the latency (symemu sends PUBACK only after the commit).
#include <poll.h>
#include <unistd.h>

#include <cstring>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>
#include <thread>
#include <vector>

#include "bench_args.h"
#include "symemu/core/mqtt/codec/encoder.h"
#include "commit_watch.h"
#include "latency_stats.h"
#include "mqtt_pipe.h"
#include "selog_payload.h"

using namespace symemu;
using namespace symemu::bench;

namespace {

const char* const kUsage =
    "usage: bench_mqtt_load --port N [--host 127.0.0.1] [--loggers 10] [--meters 100] [--rounds 20]\n"
    "                       [--qos 0|1] [--rate REPORTS_PER_S (0 = as fast as possible)] [--window 1000]\n"
    "                       [--db SYMEMU_DB[,SYMEMU_DB...] | --subscribe] [--user U --password P] [--timeout 300]\n"
    "                       (several databases: shards of one broker's loggers, counted together)\n"
    "                       [--via-broker (the port is a broker symemu subscribes to: PUBACK is not a commit)]\n"
    "                       [--server-pid PID (reports the server's CPU seconds for the timed run)]\n"
    "                       [--latency-log FILE (QoS 1: one line per PUBACK, seconds into the run and ms)]\n";

struct Publisher {
  std::unique_ptr<MqttPipe> pipe;
  std::vector<std::string> messages;  // encoded PUBLISH packets of the timed run, in order
  std::vector<std::uint16_t> packetIds;
  std::size_t next = 0;
  std::size_t inflight = 0, acked = 0;
  std::vector<double> sentAt = std::vector<double>(65536, 0);
};

mqtt::Publish makePublish(int logger, int meter, std::int64_t round, int qos, std::uint16_t packetId) {
  mqtt::Publish p;
  p.topic = meterTopic(logger, meter);
  p.payload = meterReport(logger, meter, round);
  p.qos = qos;
  p.packetId = qos > 0 ? packetId : 0;
  return p;
}

// Counts the PUBLISHes a subscriber on SmartLog/# receives, acknowledging QoS 1.
class Subscriber {
 public:
  Subscriber(const MqttPipeOptions& options, int qos, long long expected) : expected_(expected) {
    MqttPipeOptions o = options;
    o.clientId = "bench-subscriber";
    pipe_ = std::make_unique<MqttPipe>(o);
    mqtt::Subscribe s;
    s.packetId = 1;
    s.entries.push_back({"SmartLog/#", qos});
    pipe_->queue(s);
    while (!pipe_->flush()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    mqtt::Packet p = pipe_->waitPacket(options.timeoutSeconds);
    if (!std::holds_alternative<mqtt::Suback>(p)) throw MqttPipeError("no SUBACK for the subscriber");
    thread_ = std::thread([this] { run(); });
  }
  ~Subscriber() {
    stop_ = true;
    if (thread_.joinable()) thread_.join();
  }
  long long received() const { return received_; }
  double lastAt() const { return lastAt_; }
  // Waits until every message arrived; returns the time of the last one, or -1 on timeout.
  double wait(double timeoutSeconds) {
    const double deadline = monotonicSeconds() + timeoutSeconds;
    while (received_ < expected_ && monotonicSeconds() < deadline && !failed_)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return received_ >= expected_ ? lastAt_.load() : -1;
  }

 private:
  void run() {
    try {
      while (!stop_ && received_ < expected_) {
        pollfd p{pipe_->fd(), static_cast<short>(POLLIN | (pipe_->pendingBytes() ? POLLOUT : 0)), 0};
        ::poll(&p, 1, 20);
        pipe_->receiveFramed([this](std::uint8_t header, std::string_view body) {
          if ((header >> 4) != 3) return;  // only PUBLISH counts
          if (((header >> 1) & 3) == 1 && body.size() >= 4) {
            // QoS 1: PUBACK with the packet ID that follows the topic.
            const std::size_t topic = (static_cast<std::size_t>(static_cast<unsigned char>(body[0])) << 8) |
                                      static_cast<unsigned char>(body[1]);
            if (body.size() < 2 + topic + 2) throw MqttPipeError("short PUBLISH from the broker");
            const char ack[4] = {0x40, 0x02, body[2 + topic], body[3 + topic]};
            pipe_->queue(std::string(ack, 4));
          }
          lastAt_ = monotonicSeconds();
          ++received_;
        });
        pipe_->flush();
      }
      while (!pipe_->flush()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      pipe_->close();
    } catch (const std::exception& e) {
      std::cerr << "bench_mqtt_load: subscriber: " << e.what() << std::endl;
      failed_ = true;
    }
  }

  std::unique_ptr<MqttPipe> pipe_;
  long long expected_;
  std::atomic<long long> received_{0};
  std::atomic<double> lastAt_{0};
  std::atomic<bool> stop_{false}, failed_{false};
  std::thread thread_;
};

struct RunResult {
  double start = 0, allSent = 0;
  std::vector<double> latencies;
  std::vector<std::pair<double, double>> timeline;  // (acknowledged at, latency), for --latency-log
};

// Sends every publisher's messages: all at once within `window` (QoS 1) or a socket-buffer
// bound (QoS 0), or paced so that message k overall is due at start + k / rate.
RunResult run(std::vector<Publisher>& pubs, int qos, double rate, std::size_t window, double timeoutSeconds) {
  RunResult r;
  const std::size_t n = pubs.size();
  std::vector<pollfd> fds(n);
  r.start = monotonicSeconds();
  const double deadline = r.start + timeoutSeconds;
  for (;;) {
    double now = monotonicSeconds();
    if (now > deadline) throw std::runtime_error("the run did not finish within the timeout");
    bool done = true;
    double nextDue = -1;
    for (std::size_t c = 0; c < n; ++c) {
      Publisher& p = pubs[c];
      while (p.next < p.messages.size()) {
        if (qos > 0 && p.inflight >= window) break;
        if (qos == 0 && p.pipe->pendingBytes() > (256u << 10)) break;
        double due = rate > 0 ? r.start + static_cast<double>(p.next * n + c) / rate : now;
        if (due > now) {
          if (nextDue < 0 || due < nextDue) nextDue = due;
          break;
        }
        p.pipe->queue(p.messages[p.next]);
        if (qos > 0) {
          p.sentAt[p.packetIds[p.next]] = due;
          ++p.inflight;
        }
        ++p.next;
      }
      p.pipe->flush();
      if (p.next < p.messages.size() || p.pipe->pendingBytes() || (qos > 0 && p.acked < p.messages.size()))
        done = false;
      fds[c] = pollfd{p.pipe->fd(), static_cast<short>(POLLIN | (p.pipe->pendingBytes() ? POLLOUT : 0)), 0};
    }
    if (done) break;
    double wait = 0.05;
    if (nextDue > 0) wait = std::max(0.0, std::min(wait, nextDue - monotonicSeconds()));
    timespec ts{static_cast<time_t>(wait), static_cast<long>((wait - static_cast<long>(wait)) * 1e9)};
    ::ppoll(fds.data(), fds.size(), &ts, nullptr);
    for (std::size_t c = 0; c < n; ++c) {
      if (!(fds[c].revents & (POLLIN | POLLERR | POLLHUP))) continue;
      Publisher& p = pubs[c];
      p.pipe->receive([&](mqtt::Packet& packet) {
        if (auto* ack = std::get_if<mqtt::Puback>(&packet)) {
          const double now = monotonicSeconds();
          r.latencies.push_back(now - p.sentAt[ack->packetId]);
          r.timeline.emplace_back(now - r.start, now - p.sentAt[ack->packetId]);
          --p.inflight;
          ++p.acked;
        }
      });
    }
  }
  r.allSent = monotonicSeconds();
  return r;
}

// CPU seconds (user + system) a process used so far; -1 when it cannot be read. Shown beside
// wall-clock rates because the benchmark machine may be shared.
double processCpuSeconds(long pid) {
  if (pid <= 0) return -1;
  std::FILE* f = std::fopen(("/proc/" + std::to_string(pid) + "/stat").c_str(), "r");
  if (!f) return -1;
  char buf[2048];
  std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  buf[n] = 0;
  const char* p = std::strrchr(buf, ')');  // the command name may contain spaces
  unsigned long long utime = 0, stime = 0;
  if (!p || std::sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &utime, &stime) != 2) return -1;
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    BenchArgs a(argc, argv, {"subscribe", "via-broker", "help"});
    if (a.has("help") || !a.has("port")) {
      std::cerr << kUsage;
      return a.has("help") ? 0 : 2;
    }
    const int loggers = static_cast<int>(a.num("loggers", 10)), meters = static_cast<int>(a.num("meters", 100));
    const long long rounds = a.num("rounds", 20);
    const int qos = static_cast<int>(a.num("qos", 0));
    const double rate = a.real("rate", 0), timeout = a.real("timeout", 300);
    const auto window = static_cast<std::size_t>(a.num("window", 1000));
    if (loggers < 1 || meters < 1 || rounds < 1 || (qos != 0 && qos != 1) || window < 1 || window > 60000)
      throw std::invalid_argument("loggers, meters and rounds must be positive, qos 0 or 1, window 1..60000");
    MqttPipeOptions o;
    o.host = a.str("host", "127.0.0.1");
    o.port = static_cast<int>(a.num("port", 1883));
    if (a.has("user")) o.userName = a.str("user", "");
    if (a.has("password")) o.password = a.str("password", "");
    std::unique_ptr<CommitWatchSet> watch;
    if (a.has("db")) {
      std::vector<std::string> paths;
      std::string list = a.str("db", "");
      for (std::size_t at = 0; at <= list.size();) {
        auto comma = std::min(list.find(',', at), list.size());
        if (comma > at) paths.push_back(list.substr(at, comma - at));
        at = comma + 1;
      }
      watch = std::make_unique<CommitWatchSet>(paths);
    }

    std::vector<Publisher> pubs(static_cast<std::size_t>(loggers));
    for (int l = 0; l < loggers; ++l) {
      MqttPipeOptions po = o;
      po.clientId = loggerId(l);
      pubs[static_cast<std::size_t>(l)].pipe = std::make_unique<MqttPipe>(po);
    }
    const long long totalMeters = static_cast<long long>(loggers) * meters;
    // Rounds continue above what the database already holds, so a re-run is told apart.
    const long long base = watch ? watch->lastRound() + 1 : 1;

    // Warm-up: one round at QoS 1, so every meter exists (auto-create) before anything is timed.
    std::uint16_t pid = 1;
    auto nextPid = [&pid] {
      std::uint16_t id = pid++;
      if (pid == 0) pid = 1;
      return id;
    };
    for (int l = 0; l < loggers; ++l)
      for (int m = 0; m < meters; ++m) {
        auto& p = pubs[static_cast<std::size_t>(l)];
        std::uint16_t id = nextPid();
        p.messages.push_back(mqtt::encode(makePublish(l, m, base, 1, id), mqtt::ProtocolVersion::V311));
        p.packetIds.push_back(id);
      }
    run(pubs, 1, 0, window, timeout);
    if (watch && watch->waitFor(base, totalMeters, timeout) < 0)
      throw std::runtime_error("the warm-up round was not committed for every meter");

    std::unique_ptr<Subscriber> subscriber;
    const long long total = totalMeters * rounds;
    if (a.has("subscribe")) subscriber = std::make_unique<Subscriber>(o, qos, total);

    std::size_t payloadBytes = 0;
    for (int l = 0; l < loggers; ++l) {
      auto& p = pubs[static_cast<std::size_t>(l)];
      p.messages.clear();
      p.packetIds.clear();
      p.next = p.inflight = p.acked = 0;
      for (long long r = base + 1; r <= base + rounds; ++r)
        for (int m = 0; m < meters; ++m) {
          std::uint16_t id = qos ? nextPid() : 0;
          auto publish = makePublish(l, m, r, qos, id);
          payloadBytes += publish.payload.size();
          p.messages.push_back(mqtt::encode(publish, mqtt::ProtocolVersion::V311));
          p.packetIds.push_back(id);
        }
    }

    const long serverPid = static_cast<long>(a.num("server-pid", 0));
    const double cpu0 = processCpuSeconds(serverPid);
    RunResult r = run(pubs, qos, rate, window, timeout);
    double done = r.allSent;
    long long committed = -1, received = -1;
    if (watch) {
      done = watch->waitFor(base + rounds, totalMeters, timeout);
      if (done < 0) throw std::runtime_error("not every meter's last report was committed within the timeout");
      // From symemu's MQTT Server a PUBACK already meant committed; through a broker
      // (--via-broker: the MQTT Client benchmarks) it only means the broker has the message.
      if (qos == 1 && !a.has("via-broker")) done = std::min(done, r.allSent);
      committed = watch->metersAtRound(base + rounds);
    }
    if (subscriber) {
      done = subscriber->wait(timeout);
      received = subscriber->received();
      if (done < 0)
        throw std::runtime_error("the subscriber received " + std::to_string(received) + " of " +
                                 std::to_string(total));
    }
    const double cpu1 = processCpuSeconds(serverPid);
    if (a.has("latency-log")) {
      std::FILE* log = std::fopen(a.str("latency-log", "").c_str(), "w");
      if (!log) throw std::runtime_error("cannot write the latency log");
      for (const auto& [at, latency] : r.timeline) std::fprintf(log, "%.6f %.6f\n", at, latency * 1000);
      std::fclose(log);
    }
    for (auto& p : pubs) p.pipe->close();
    const double seconds = done - r.start;
    std::cout << "{\"qos\":" << qos << ",\"loggers\":" << loggers << ",\"meters\":" << meters
              << ",\"rounds\":" << rounds << ",\"reports\":" << total
              << ",\"payload_bytes_avg\":" << payloadBytes / static_cast<std::size_t>(total)
              << ",\"offered_rate\":" << num(rate) << ",\"seconds\":" << num(seconds)
              << ",\"reports_per_s\":" << num(static_cast<double>(total) / seconds)
              << ",\"updates_per_s\":" << num(static_cast<double>(total * kValuesPerMeter) / seconds)
              << ",\"latency_p50_ms\":" << num(qos ? percentileMs(r.latencies, 50) : -1)
              << ",\"latency_p99_ms\":" << num(qos ? percentileMs(r.latencies, 99) : -1)
              << ",\"latency_max_ms\":" << num(qos ? percentileMs(r.latencies, 100) : -1)
              << ",\"server_cpu_s\":" << num(cpu0 >= 0 && cpu1 >= 0 ? cpu1 - cpu0 : -1)
              << ",\"committed_meters\":" << committed << ",\"subscriber_received\":" << received << "}" << std::endl;
    return 0;
  } catch (const std::exception& e) {
    std::cerr << "bench_mqtt_load: " << e.what() << std::endl;
    return 1;
  }
}
