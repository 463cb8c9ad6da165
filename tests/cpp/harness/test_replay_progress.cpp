#include <catch2/catch.hpp>

#include <sstream>

#include "symemu/cli/replay_progress.h"

using namespace symemu::cli;

TEST_CASE("the progress bar shows events, rate and ETA") {
  CHECK(ReplayProgress::barText(50, 100, 2, 1.0, 10) == "[#####-----] 50/100 events  50 ev/s  ETA 1s  2 errors");
  CHECK(ReplayProgress::barText(100, 100, 0, 2.0, 4) == "[####] 100/100 events  50 ev/s  0 errors");
  CHECK(ReplayProgress::barText(0, 0, 0, 0, 4) == "[####] 0/0 events  0 ev/s  0 errors");
}

TEST_CASE("without a terminal, progress is a plain line every 10% of a long replay") {
  std::ostringstream out;
  ReplayProgress p(out, 200, false);
  for (std::size_t i = 1; i <= 200; ++i) p.update(i, 0);
  p.finish(200, 0);
  std::string s = out.str();
  CHECK(std::count(s.begin(), s.end(), '\n') == 10);
  CHECK(s.find("replay: 20/200 events (10%), 0 errors\n") == 0);
  CHECK(s.find('\r') == std::string::npos);

  std::ostringstream shortOut;
  ReplayProgress q(shortOut, 5, false);
  for (std::size_t i = 1; i <= 5; ++i) q.update(i, 0);
  q.finish(5, 0);
  CHECK(shortOut.str().empty());
}

TEST_CASE("on a terminal the bar is redrawn in place and messages do not tear it") {
  std::ostringstream out;
  ReplayProgress p(out, 3, true);
  p.update(1, 0);
  p.message("f.jsonl:2: boom");
  p.update(3, 1);
  p.finish(3, 1);
  std::string s = out.str();
  CHECK(s.find("\r\x1b[K[") == 0);
  CHECK(s.find("\r\x1b[Kf.jsonl:2: boom\n") != std::string::npos);
  CHECK(s.back() == '\n');
}
